package io.noctria.engine.cli;

import io.noctria.engine.config.EngineConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options of a command that runs the venue simulator in its own process ({@code broker-sim}, {@code fix-venue}):
 * the engine settings file whose {@code broker_sim} section configures it, and a seed that replaces the file's.
 */
final class VenueSimulatorOptions
{
    @Option(names = "--config", paramLabel = "FILE", defaultValue = "configs/engine.yml",
        description = "Engine settings whose broker_sim section configures the venue (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--seed", paramLabel = "S", description = "Replaces broker_sim.seed.")
    Long seed;

    /** @return the validated settings of {@code --config}; a bad file is exit 2 naming file, key and value. */
    EngineConfig engineConfig()
    {
        return ConfigFiles.engineConfig(config);
    }

    /** @return {@code --seed} when given, else the file's {@code broker_sim.seed}. */
    long seed(final EngineConfig engineConfig)
    {
        return seed != null ? seed : engineConfig.brokerSim().seed();
    }
}

package io.noctria.engine.cli;

import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code --config} and {@code --policy}, and how a run derives the settings it decides with from them: shared by
 * {@code run} and {@code replay --from-snapshot}, which must re-decide exactly as the run did.
 */
final class EngineSettingsOptions
{
    @Option(names = "--config", paramLabel = "FILE", defaultValue = "configs/engine.yml",
        description = "Engine settings (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--policy", paramLabel = "FILE", defaultValue = "configs/risk_policy.yml",
        description = "Noctus risk policy (default: ${DEFAULT-VALUE}).")
    Path policy;

    /**
     * The engine settings a run decides with: the file's, and for {@code --demo N} its demo variant (keys and tags
     * optional, no freshness bound, books for N orders, no losing-streak pause).
     *
     * @param demo N of {@code --demo N}, or null.
     */
    EngineConfig engineConfig(final Integer demo, final PrintWriter err)
    {
        final EngineConfig loaded = ConfigFiles.engineConfig(config);
        // Outside demo mode every request must carry a valid key unless the file says otherwise.
        // A demo day has no dedupe horizon (no freshness bound), so its N orders all stay: size the books for N.
        EngineConfig engineConfig = demo != null ? loaded.forDemo().withBooksFor(demo) : loaded;
        if (demo != null && engineConfig.autoPause().lossStreak())
        {
            // The demo's price walk makes long losing streaks on purpose, to exercise the shrink; the runbook's
            // losing-streak pause would stop the demo day at its first streak of max_consecutive_losses + 1.
            // Every demo run (and a demo resumed on the same journal) decides with the same rules.
            engineConfig = engineConfig.withAutoPause(engineConfig.autoPause().withLossStreak(false));
            err.println("demo: auto_pause.loss_streak is off for the demo day (its price walk loses on purpose); " +
                "broker_error_rate and slippage stay on");
        }
        return engineConfig;
    }

    /** The {@code --policy} file, loaded and checked (exit 2 naming the problem). */
    RiskPolicy riskPolicy()
    {
        return ConfigFiles.riskPolicy(policy);
    }
}

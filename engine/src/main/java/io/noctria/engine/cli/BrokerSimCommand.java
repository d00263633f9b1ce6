package io.noctria.engine.cli;

import io.noctria.engine.broker.BrokerSimAgent;
import io.noctria.engine.broker.SimulatedBrokerSettings;
import io.noctria.engine.config.ConfigException;
import io.noctria.engine.config.EngineConfig;
import io.noctria.journal.DataDirectory;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code noctria broker-sim}: the simulated venue as its own process, on the queues of {@code --data-dir}
 * ({@code broker-orders} in, {@code broker-reports} out, its ledger {@code broker-ledger}); an engine whose
 * config says {@code broker: {mode: process, dir: <that directory>}} trades with it. Runs until SIGTERM:
 * stops taking orders, delivers the reports still due, exits 0. Logs start-up and shutdown only.
 */
@Command(
    name = "broker-sim",
    mixinStandardHelpOptions = true,
    description = {
        "Run the simulated broker as its own process on --data-dir: takes orders and status queries from",
        "broker-orders, writes execution reports and status answers to broker-reports, and records every order",
        "it takes in broker-ledger, so a ClOrdID is never accepted twice, also across restarts.",
        "Same seeded behaviour and knobs as the embedded simulator (the broker_sim section of --config).",
        "SIGTERM delivers the reports still due and exits 0." })
final class BrokerSimCommand implements Callable<Integer>
{
    private static final Logger LOG = LoggerFactory.getLogger(BrokerSimCommand.class);

    @ParentCommand
    NoctriaCli parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "configs/engine.yml",
        description = "Engine settings whose broker_sim section configures the venue (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--seed", paramLabel = "S", description = "Replaces broker_sim.seed.")
    Long seed;

    @Option(names = "--drain-timeout-ms", paramLabel = "MS", defaultValue = "10000",
        description = "How long a stop waits for reports still due (default: ${DEFAULT-VALUE}).")
    long drainTimeoutMs;

    private volatile boolean running = true;
    private volatile Throwable failure;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final EngineConfig engineConfig;
        try
        {
            engineConfig = EngineConfig.load(ConfigFiles.resolve(config));
        }
        catch (final ConfigException ex)
        {
            throw new CommandFailure(ex.getMessage(), 2);
        }
        final long venueSeed = seed != null ? seed : engineConfig.brokerSim().seed();
        final SimulatedBrokerSettings settings =
            RunCommand.brokerSettings(engineConfig.brokerSim(), venueSeed, false, 0);
        final Path venueDir = parent.dataDir;
        final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
        final BrokerSimAgent agent;
        try
        {
            agent = BrokerSimAgent.open(venueDir, settings, clock::nanoTime);
        }
        catch (final IllegalStateException ex)
        {
            throw new CommandFailure(ex.getMessage(), 3);
        }
        LOG.info("broker-sim on {} with seed {} ({}): rebuilt {} arrivals, {} ClOrdIDs and {} reports from its " +
            "ledger and report stream", venueDir.toAbsolutePath().normalize(), venueSeed, engineConfig.source(),
            agent.restoredArrivals(), agent.venueOrders(), agent.restoredReports());

        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread loop = new Thread(() -> runLoop(agent, stopped), "noctria-broker-sim");
        final Thread hook = new Thread(() ->
        {
            running = false;
            int status = 1;
            try
            {
                status = stopped.await(drainTimeoutMs + 10_000, TimeUnit.MILLISECONDS) && failure == null ? 0 : 1;
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            finally
            {
                System.out.flush();
                System.err.flush();
                // A signalled JVM otherwise exits 143 even after a clean stop; the status says how it went.
                Runtime.getRuntime().halt(status);
            }
        }, "noctria-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("broker-sim running on " + venueDir.toAbsolutePath().normalize() + " (" +
            new DataDirectory(venueDir).queue(DataDirectory.BROKER_ORDERS).getFileName() + " in, " +
            DataDirectory.BROKER_REPORTS + " out); SIGTERM or Ctrl-C to stop");
        out.flush();
        loop.start();
        stopped.await();
        if (failure != null)
        {
            throw new CommandFailure("broker-sim stopped on an error: " + failure, 3);
        }
        return 0;
    }

    private void runLoop(final BrokerSimAgent agent, final CountDownLatch stopped)
    {
        final IdleStrategy idle = new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
            TimeUnit.MILLISECONDS.toNanos(1));
        try
        {
            while (running)
            {
                idle.idle(agent.doWork(true));
            }
            final boolean drained = agent.drain(TimeUnit.MILLISECONDS.toNanos(drainTimeoutMs));
            LOG.info("broker-sim stopping: took {} orders and {} status queries, wrote {} reports{}; {} unreadable " +
                "or unexpected excerpts in broker-orders", agent.ordersTaken(), agent.queriesAnswered(),
                agent.reportsWritten(), drained ? "" : " (" + agent.inFlight() + " orders still working were dropped)",
                agent.unexpectedOrders());
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
            LOG.error("broker-sim stopped on an error", ex);
        }
        finally
        {
            agent.close();
            stopped.countDown();
        }
    }
}

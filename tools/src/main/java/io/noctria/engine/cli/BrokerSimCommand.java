package io.noctria.engine.cli;

import io.noctria.engine.broker.BrokerSimAgent;
import io.noctria.engine.broker.SimulatedBrokerSettings;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.broker.DamagedOrderException;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.JournalDamagedException;
import io.noctria.journal.UsableSpace;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code noctria broker-sim}: the simulated venue as its own process, on the queues of {@code --data-dir}
 * ({@code broker-orders} in, {@code broker-reports} out, its ledger {@code broker-ledger}); an engine whose
 * config says {@code broker: {mode: process, dir: <that directory>}} trades with it. Runs until SIGTERM:
 * stops taking orders, delivers the reports still due, exits 0. Logs start-up and shutdown only.
 * <p>
 * Disk guard ({@code journal.min_free_mb} of {@code --config}, as the engine's): its queues are memory-mapped, so
 * it refuses to start below the threshold (exit 2, nothing opened) and, checking every
 * {@value #SPACE_CHECK_INTERVAL_MS} ms while running, stops taking orders below it, delivers the reports still
 * due and exits {@value RunCommand#DISK_SPACE_LOW_EXIT} with the reason, before a full disk turns an append into
 * a SIGBUS.
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
final class BrokerSimCommand extends NoctriaSubcommand
{
    private static final Logger LOG = LoggerFactory.getLogger(BrokerSimCommand.class);

    @Mixin
    VenueSimulatorOptions simulator;

    @Option(names = "--drain-timeout-ms", paramLabel = "MS", defaultValue = "10000",
        description = "How long a stop waits for reports still due (default: ${DEFAULT-VALUE}).")
    long drainTimeoutMs;

    /** How often the running venue reads the usable space of its directory's file system. */
    static final long SPACE_CHECK_INTERVAL_MS = 100;

    /** The usable-space source of the venue directory's file system: null for the real one; tests inject theirs. */
    static volatile LongSupplier usableSpace;

    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile String diskSpaceLow;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final EngineConfig engineConfig = simulator.engineConfig();
        final long venueSeed = simulator.seed(engineConfig);
        final SimulatedBrokerSettings settings =
            RunCommand.brokerSettings(engineConfig.brokerSim(), venueSeed, false, 0);
        final Path venueDir = parent.dataDir;
        final long minFreeBytes = engineConfig.journalMinFreeBytes();
        final LongSupplier usable = usableSpace != null ? usableSpace : UsableSpace.of(venueDir);
        final String low = spaceProblem(usable, minFreeBytes, venueDir, "refusing to start");
        if (low != null)
        {
            throw new CommandFailure(low, 2);
        }
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
        final Thread loop = new Thread(() -> runLoop(agent, stopped, usable, minFreeBytes, venueDir), "noctria-broker-sim");
        final Thread hook = new Thread(() ->
        {
            running = false;
            int status = 1;
            try
            {
                status = stopped.await(drainTimeoutMs + 10_000, TimeUnit.MILLISECONDS) && failure == null ? 0 : 1;
                if (diskSpaceLow != null)
                {
                    status = RunCommand.DISK_SPACE_LOW_EXIT;
                }
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
        if (diskSpaceLow != null)
        {
            removeHook(hook);
            throw new CommandFailure(diskSpaceLow, RunCommand.DISK_SPACE_LOW_EXIT);
        }
        if (failure instanceof DamagedOrderException || failure instanceof JournalDamagedException)
        {
            removeHook(hook);
            throw new CommandFailure("broker-sim stopped: " + failure.getMessage(), CommandFailure.QUEUE_DAMAGED_EXIT);
        }
        if (failure != null)
        {
            throw new CommandFailure("broker-sim stopped on an error: " + failure, 3);
        }
        return 0;
    }

    private void runLoop(final BrokerSimAgent agent, final CountDownLatch stopped, final LongSupplier usable,
        final long minFreeBytes, final Path venueDir)
    {
        final IdleStrategy idle = new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
            TimeUnit.MILLISECONDS.toNanos(1));
        final long checkIntervalNs = TimeUnit.MILLISECONDS.toNanos(SPACE_CHECK_INTERVAL_MS);
        long nextCheckNs = System.nanoTime() + checkIntervalNs;
        try
        {
            while (running)
            {
                idle.idle(agent.doWork(true));
                final long nowNs = System.nanoTime();
                if (nowNs - nextCheckNs >= 0)
                {
                    nextCheckNs = nowNs + checkIntervalNs;
                    final String low = spaceProblem(usable, minFreeBytes, venueDir,
                        "stopping: no more orders are taken, the reports still due are delivered");
                    if (low != null)
                    {
                        diskSpaceLow = low;
                        LOG.error(low);
                        break;
                    }
                }
            }
            final boolean drained = agent.drain(TimeUnit.MILLISECONDS.toNanos(drainTimeoutMs));
            LOG.info("broker-sim stopping: took {} orders and {} status queries, wrote {} reports{}; {} unreadable " +
                "or unexpected excerpts in broker-orders", agent.ordersTaken(), agent.queriesAnswered(),
                agent.reportsWritten(), drained ? "" : " (" + agent.inFlight() + " orders still working were dropped)",
                agent.unexpectedOrders());
        }
        catch (final DamagedOrderException | JournalDamagedException ex)
        {
            // The message names the queue and the index; a stack trace would only bury it.
            failure = ex;
            LOG.error("broker-sim stopped: {}", ex.getMessage());
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

    /** @return why the venue must not write (usable space below journal.min_free_mb, or unreadable), or null. */
    static String spaceProblem(final LongSupplier usable, final long minFreeBytes, final Path venueDir,
        final String action)
    {
        final long bytes = UsableSpace.belowThreshold(usable, minFreeBytes);
        if (bytes < 0)
        {
            return null;
        }
        return "disk space low: " + UsableSpace.mib(bytes) + " MiB usable on the file system of the venue's queues " +
            venueDir.toAbsolutePath().normalize() + ", below journal.min_free_mb " + minFreeBytes / (1024L * 1024L) +
            "; " + action + ". Free space on that file system (or lower journal.min_free_mb in --config), then start " +
            "broker-sim again: it resumes from its ledger";
    }

    private static void removeHook(final Thread hook)
    {
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException shuttingDown)
        {
            // A SIGTERM raced the stop: the hook reports the same status.
        }
    }
}

package io.noctria.engine.cli;

import io.noctria.codecs.sbe.StopReason;
import io.noctria.engine.gateway.ProcessBrokerGateway;
import io.noctria.engine.broker.SimulatedBroker;
import io.noctria.engine.broker.SimulatedBrokerSettings;
import io.noctria.engine.config.BrokerMode;
import io.noctria.engine.config.FixLinkConfig;
import io.noctria.engine.fix.FixGateway;
import io.noctria.engine.broker.VenueFaults;
import io.noctria.engine.config.BrokerFaultsConfig;
import io.noctria.engine.config.BrokerSimConfig;
import io.noctria.engine.config.ConfigException;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.core.IdempotencyKeys;
import io.noctria.engine.demo.DemoOrderFlow;
import io.noctria.engine.runtime.DiskSpaceLowException;
import io.noctria.engine.runtime.Engine;
import io.noctria.engine.runtime.EngineContext;
import io.noctria.engine.runtime.JournalRefusedException;
import io.noctria.engine.runtime.OperatorKeys;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import io.noctria.journal.WriterLock;
import io.noctria.replay.Projections;
import io.noctria.replay.ReplayResult;
import io.noctria.replay.Replayer;
import io.noctria.replay.ReportWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code noctria run}: the engine. With {@code --demo N} it generates a seeded day of order flow,
 * runs it through the real pipeline, journal and simulated broker, drains, prints a summary and
 * exits; without, it runs until SIGTERM, consuming {@code inbound} from where the journal left off.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Run the engine on --data-dir. Recovers its state from the journal and resumes the inbound queue",
        "right after the last input it journaled; SIGTERM drains in-flight orders, journals EngineStopped, exits.",
        "--demo N generates N seeded order requests, runs them end to end, prints a summary and exits.",
        "Needs NOCTRIA_IDEMPOTENCY_SECRET (at least 32 bytes; `noctria keygen --secret` prints one), except in",
        "demo mode (which says loudly that it uses a demo secret when the variable is not set).",
        "Operator controls must be signed by an operator in --operators DIR (demo: also a demo key in the data dir)." })
final class RunCommand extends NoctriaSubcommand
{
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    static final String SECRET_ENV = "NOCTRIA_IDEMPOTENCY_SECRET";
    /** Exit status of a run stopped by the disk-space guard (journal.min_free_mb). */
    static final int DISK_SPACE_LOW_EXIT = 4;
    private static final byte[] DEMO_SECRET = "noctria-demo-secret-not-for-production".getBytes(StandardCharsets.US_ASCII);

    @Mixin
    EngineSettingsOptions settings;

    @Option(names = "--demo", paramLabel = "N", description = "Generate N order requests, run them, report, exit.")
    Integer demo;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Demo seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--venue", paramLabel = "embedded|fix", defaultValue = "embedded",
        description = "Demo only: the venue the demo trades with: the simulator in the engine (embedded, the " +
            "default) or fix-venue started on a free loopback port and reached over FIX 4.4 (fix; stores in " +
            "<data-dir>/demo-fix, emptied at each start).")
    String venue;

    /** The conventional Prometheus exporter port: what {@code run} serves on when neither option nor environment says. */
    static final int DEFAULT_METRICS_PORT = 9464;
    /** Environment variable that sets the metrics port when {@code --metrics-port} is absent (tests set {@code off}). */
    static final String METRICS_PORT_ENV = "NOCTRIA_METRICS_PORT";

    @Option(names = "--metrics-port", paramLabel = "PORT|off",
        description = "Serve /metrics (Prometheus), /healthz and /readyz on PORT while the engine runs, from before " +
            "recovery to the stop (0: a free port, logged; off: no endpoint). Default: $" + METRICS_PORT_ENV +
            " if set, else " + DEFAULT_METRICS_PORT + ". Not with --demo (a demo day serves none).")
    String metricsPortOption;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
        description = "Address the metrics port binds (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--report", paramLabel = "DIR",
        description = "Keep the reports live while running and write them here at the end (kpis.json, outbox.jsonl, ...).")
    Path report;

    /** Kept live while the engine runs when {@code --report} asks for one; read after stop. */
    private final Projections liveProjections = new Projections();

    @Option(names = "--fresh", description = "Demo only: empty the data directory's queues first; refused (exit 2, " +
        "nothing deleted) while an engine or broker-sim writes them.")
    boolean fresh;

    @Option(names = "--operators", paramLabel = "DIR",
        description = "Trusted operators: one NAME.pub (Ed25519, from `noctria keygen`) per operator whose signed " +
            "controls the engine accepts; owner-only. Default: <data-dir>/operators. Missing: nobody is trusted.")
    Path operators;

    @Option(names = "--drain-timeout-ms", paramLabel = "MS", defaultValue = "30000",
        description = "How long a stop waits for in-flight orders (default: ${DEFAULT-VALUE}).")
    long drainTimeoutMs;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (demo == null && fresh)
        {
            throw new CommandFailure("--fresh is only for --demo runs", 2);
        }
        if (demo != null && metricsPortOption != null)
        {
            throw new CommandFailure("--metrics-port serves the long-running engine, not a --demo day", 2);
        }
        if (demo != null && demo <= 0)
        {
            throw new CommandFailure("--demo must be > 0, was " + demo, 2);
        }
        final boolean overFix = "fix".equals(venue);
        if (!overFix && !"embedded".equals(venue))
        {
            throw new CommandFailure("--venue must be embedded or fix, was " + venue, 2);
        }
        if (overFix && demo == null)
        {
            throw new CommandFailure("--venue fix is for --demo runs (a long-running engine names its venue in " +
                "broker.mode)", 2);
        }
        final EngineConfig engineConfig = settings.engineConfig(demo, err);
        if (overFix && engineConfig.brokerMode() != BrokerMode.EMBEDDED)
        {
            throw new CommandFailure("--venue fix starts its own fix-venue: the config's broker.mode must be embedded, " +
                "was " + engineConfig.brokerMode().name().toLowerCase(java.util.Locale.ROOT) + " (" +
                engineConfig.source() + ")", 2);
        }
        final RiskPolicy riskPolicy = settings.riskPolicy();
        final byte[] secret = secret(demo != null, "the engine did not start", err);
        final Path dataDir = parent.dataDir;
        if (demo != null && fresh)
        {
            deleteQueues(dataDir);
        }
        LOG.info("engine config {} (sha256 {}), policy {} (sha256 {})", engineConfig.source(),
            io.noctria.engine.core.IdempotencyKeys.toHex(engineConfig.configHash()), riskPolicy.source(),
            riskPolicy.policyHashHex());

        final int demoCount = demo == null ? 0 : demo;
        final SimulatedBrokerSettings brokerSettings =
            brokerSettings(engineConfig.brokerSim(), engineConfig.brokerSim().seed(), demo != null, demoCount);
        final DemoFixVenue fixVenue = overFix ? DemoFixVenue.start(brokerSettings, dataDir) : null;
        final Engine.GatewayFactory gateways;
        if (fixVenue != null)
        {
            gateways = (sink, linkCounters) ->
                FixGateway.open(fixVenue.link(), fixVenue.engineStore(), sink, linkCounters);
        }
        else if (engineConfig.brokerMode() == BrokerMode.PROCESS)
        {
            final Path venueDir = venueDir(engineConfig, dataDir);
            LOG.info("venue: out-of-process broker through the queues in {}", venueDir.toAbsolutePath().normalize());
            gateways = (sink, linkCounters) -> new ProcessBrokerGateway(venueDir, sink);
        }
        else if (engineConfig.brokerMode() == BrokerMode.FIX)
        {
            final FixLinkConfig fix = engineConfig.fixLink();
            final Path storeDir = fix.storeDir() == null ? dataDir.resolve("fix") : Paths.get(fix.storeDir());
            LOG.info("venue: FIX 4.4 session to {}:{}, store {}", fix.host(), fix.port(),
                storeDir.toAbsolutePath().normalize());
            gateways = (sink, linkCounters) -> FixGateway.open(fix, storeDir, sink, linkCounters);
        }
        else
        {
            gateways = (sink, linkCounters) -> new SimulatedBroker(brokerSettings, sink);
        }
        final DemoOperator demoOperator = demo != null ? DemoOperator.ensure(dataDir, err) : null;
        final List<OperatorKeys.Operator> trusted = trustedOperators(dataDir, demoOperator, err);
        final EngineContext base = new EngineContext(dataDir, engineConfig, riskPolicy, secret, demo != null,
            gateways, null).withOperators(trusted);
        final EngineContext reporting = report != null ? base.withLiveProjection(liveProjections) : base;
        // The long-running engine keeps the queryable Chronicle Map outbox mirror; a demo does not
        // (its file is fully allocated up front and a million-request demo would outgrow it).
        final EngineContext context = demo == null ?
            reporting.withOutboxMirror(16L * engineConfig.outboxCapacityHint()) : reporting;
        if (fixVenue != null)
        {
            // The venue outlives the engine's stop: the drain waits for its reports.
            try (DemoFixVenue ignored = fixVenue)
            {
                return runDemo(context, secret, demoOperator, out);
            }
        }
        return demo != null ? runDemo(context, secret, demoOperator, out) : runUntilSignalled(context, out);
    }

    /**
     * The operators directory's keys (refusing start, exit 2, on any problem), plus the demo operator in a demo
     * run. A missing directory trusts nobody, said loudly: every control will be refused.
     */
    private List<OperatorKeys.Operator> trustedOperators(final Path dataDir, final DemoOperator demoOperator,
        final PrintWriter err)
    {
        final Path dir = operators != null ? operators : dataDir.resolve("operators");
        final List<OperatorKeys.Operator> trusted;
        try
        {
            trusted = new ArrayList<>(OperatorKeys.loadDirectory(dir));
        }
        catch (final ConfigException ex)
        {
            throw new CommandFailure(ex.getMessage(), 2);
        }
        if (!Files.exists(dir) && demoOperator == null)
        {
            err.println("WARNING: NO TRUSTED OPERATORS - " + dir.toAbsolutePath().normalize() + " does not exist, so " +
                "every operator control (pause on/off, reload-policy) will be REFUSED, and an automatic pause can " +
                "only be lifted by a restart with operators. Create keys with `noctria keygen --operator NAME --out " +
                "KEYDIR`, then copy KEYDIR/NAME.pub into " + dir + " (chmod 700 the directory, 600 the files).");
            err.flush();
        }
        if (demoOperator != null && trusted.stream().noneMatch(o -> o.name().equals(demoOperator.name())))
        {
            trusted.add(new OperatorKeys.Operator(demoOperator.name(), demoOperator.publicKey()));
        }
        LOG.info("trusted operators ({}): {}", dir, trusted);
        return trusted;
    }

    private int runDemo(final EngineContext context, final byte[] secret, final DemoOperator demoOperator,
        final PrintWriter out) throws Exception
    {
        final Path inboundDir = new DataDirectory(parent.dataDir).queue(DataDirectory.INBOUND);
        final long written;
        final DemoOrderFlow flow = new DemoOrderFlow(seed, demo, new IdempotencyKeys(secret), demoOperator.name(),
            demoOperator.privateKey(), RunCommand::epochNs);
        final long startNs = System.nanoTime();
        try (Journal inbound = Journal.open(inboundDir, JournalConfig.defaults().withSharedWriters()))
        {
            written = flow.writeTo(inbound);
        }
        final long runStartEpochNs = epochNs();
        final Engine engine = start(context);
        final boolean consumed;
        final long engineStartNs = System.nanoTime();
        try
        {
            consumed = engine.awaitInboundConsumed(written, TimeUnit.MINUTES.toNanos(30));
        }
        finally
        {
            engine.stop(engine.diskSpaceLow() != null ? StopReason.DISK_SPACE_LOW : StopReason.DEMO_COMPLETE,
                TimeUnit.MILLISECONDS.toNanos(drainTimeoutMs));
        }
        if (engine.diskSpaceLow() != null)
        {
            throw new CommandFailure(engine.diskSpaceLow(), DISK_SPACE_LOW_EXIT);
        }
        final long elapsedNs = System.nanoTime() - engineStartNs;
        if (!consumed || engine.fatalError() != null)
        {
            throw new CommandFailure("demo did not complete: " +
                (engine.fatalError() != null ? engine.fatalError() : "timed out consuming the inbound queue"));
        }
        final Path journalDir = new DataDirectory(parent.dataDir).queue(DataDirectory.JOURNAL);
        final ReplayResult thisRun = new Replayer(journalDir).withFrom(runStartEpochNs).replay();
        new RunSummary(thisRun, flow.requests(), elapsedNs, System.nanoTime() - startNs).print(out);
        if (report != null)
        {
            // The live projections, folded record by record while the engine ran: `replay --out` must match.
            if (!engine.liveProjectionComplete())
            {
                throw new CommandFailure("the live report could not be completed (see the log)");
            }
            ReportWriter.write(ReplayResult.of(liveProjections), report);
            out.println("report: " + report.toAbsolutePath().normalize() + " (kpis.json, outbox.jsonl, timeline.jsonl, " +
                "trace_latency.jsonl, latency.hgrm)");
        }
        out.flush();
        return 0;
    }

    private int runUntilSignalled(final EngineContext context, final PrintWriter out) throws Exception
    {
        // Serves from before recovery, so /readyz answers 503 while the engine recovers and reconciles.
        final Integer metricsPort = metricsPort(metricsPortOption, System.getenv(METRICS_PORT_ENV));
        final MetricsEndpoint metrics = metricsPort == null ? null : startMetrics(metricsPort);
        final Engine engine;
        try
        {
            engine = start(context);
        }
        catch (final RuntimeException ex)
        {
            if (metrics != null)
            {
                metrics.close();
            }
            throw ex;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            int status = 1;
            try
            {
                engine.stop(StopReason.SHUTDOWN, TimeUnit.MILLISECONDS.toNanos(drainTimeoutMs));
                status = engine.fatalError() == null ? 0 : 3;
                if (report != null && engine.liveProjectionComplete())
                {
                    ReportWriter.write(ReplayResult.of(liveProjections), report);
                    LOG.info("live report written to {}", report.toAbsolutePath().normalize());
                }
                else if (report != null)
                {
                    LOG.error("the live report could not be completed; rebuild it with `noctria replay --out`");
                    status = Math.max(status, 1);
                }
                LOG.info(status == 0 ? "engine stopped cleanly" : "engine stopped after a fatal error");
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            catch (final java.io.IOException ex)
            {
                LOG.error("writing the live report to {} failed", report, ex);
            }
            finally
            {
                stopped.countDown();
                System.out.flush();
                System.err.flush();
                // A signalled JVM otherwise exits 143 even after a clean drain; the status says how it went.
                Runtime.getRuntime().halt(status);
            }
        }, "noctria-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("engine running on " + parent.dataDir.toAbsolutePath().normalize() + " (resumed inbound at index " +
            engine.resumeInboundIndex() + ", " + engine.recoveredInputs() + " journaled inputs recovered); " +
            "SIGTERM or Ctrl-C to stop");
        out.flush();
        while (!stopped.await(200, TimeUnit.MILLISECONDS))
        {
            if (engine.fatalError() != null)
            {
                Runtime.getRuntime().removeShutdownHook(hook);
                engine.stop(StopReason.FATAL, 0);
                throw new CommandFailure("engine halted: " + engine.fatalError(), 3);
            }
            if (engine.diskSpaceLow() != null)
            {
                Runtime.getRuntime().removeShutdownHook(hook);
                engine.stop(StopReason.DISK_SPACE_LOW, TimeUnit.MILLISECONDS.toNanos(drainTimeoutMs));
                throw new CommandFailure(engine.diskSpaceLow() + (engine.fatalError() != null ?
                    "; the drain ended on a fatal error: " + engine.fatalError() : ""), DISK_SPACE_LOW_EXIT);
            }
        }
        return 0;
    }

    /**
     * Starts the engine. Refused with exit 2: a journal file system below journal.min_free_mb (creating nothing), a
     * journal the engine cannot explain (a damaged frame, format 1, a state hash mismatch) or shorter than the
     * evidence of what it held (appending and sending nothing); the message names the index and the procedure.
     */
    /**
     * The port {@code run} serves metrics on: the option, else the environment, else {@link #DEFAULT_METRICS_PORT};
     * null for {@code off}.
     */
    static Integer metricsPort(final String option, final String environment)
    {
        final String source = option != null ? "--metrics-port" : environment != null ? METRICS_PORT_ENV : null;
        final String value = option != null ? option : environment;
        if (null == source)
        {
            return DEFAULT_METRICS_PORT;
        }
        if ("off".equals(value.trim()))
        {
            return null;
        }
        try
        {
            final int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65_535)
            {
                return port;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // refused below, with the value
        }
        throw new CommandFailure(source + " must be a port 0..65535 or off: \"" + value + "\"", 2);
    }

    private MetricsEndpoint startMetrics(final int metricsPort)
    {
        try
        {
            final MetricsEndpoint metrics = MetricsEndpoint.start(parent.dataDir, metricsHost, metricsPort);
            LOG.info("metrics on http://{}:{}/metrics (and /healthz, /readyz)", metricsHost, metrics.port());
            return metrics;
        }
        catch (final java.io.UncheckedIOException ex)
        {
            throw new CommandFailure(ex.getMessage() + " (set --metrics-port PORT, 0 for a free one or off, or " +
                METRICS_PORT_ENV + "; --metrics-host)", 2);
        }
    }

    private static Engine start(final EngineContext context)
    {
        try
        {
            return Engine.start(context);
        }
        catch (final DiskSpaceLowException | JournalRefusedException ex)
        {
            throw new CommandFailure(ex.getMessage().replace('\n', ' '), 2);
        }
    }

    /**
     * {@link #SECRET_ENV}'s secret; without it, the built-in demo secret for a demo (said loudly), else exit 2.
     *
     * @param outcome what a too-short secret means, for its message.
     */
    static byte[] secret(final boolean demo, final String outcome, final PrintWriter err)
    {
        final String value = System.getenv(SECRET_ENV);
        if (value != null && !value.isEmpty())
        {
            return checkedSecret(value, outcome);
        }
        if (!demo)
        {
            throw new CommandFailure(SECRET_ENV + " is not set: the engine needs the idempotency HMAC secret " +
                "(only `run --demo` may use the built-in demo secret)", 2);
        }
        err.println("WARNING: DEMO MODE - " + SECRET_ENV + " is not set, using the built-in demo secret. " +
            "Keys computed here are not valid anywhere else.");
        err.flush();
        return DEMO_SECRET.clone();
    }

    /**
     * The secret's bytes (UTF-8) when it is long enough to be one: every command that reads {@link #SECRET_ENV}
     * goes through here. The refusal says how long the value was, never what it was.
     *
     * @param value   the environment variable's value, not empty.
     * @param outcome what the refusal means for the command ("nothing was submitted").
     * @throws CommandFailure exit 2 when shorter than {@link IdempotencyKeys#MIN_SECRET_LENGTH} bytes.
     */
    static byte[] checkedSecret(final String value, final String outcome)
    {
        final byte[] secret = value.getBytes(StandardCharsets.UTF_8);
        if (secret.length < IdempotencyKeys.MIN_SECRET_LENGTH)
        {
            final int length = secret.length;
            java.util.Arrays.fill(secret, (byte)0);
            throw new CommandFailure(SECRET_ENV + " is " + length + (1 == length ? " byte" : " bytes") +
                " long; it must be at least " + IdempotencyKeys.MIN_SECRET_LENGTH + " bytes of random data (an HMAC-SHA256 " +
                "key shorter than that is guessable offline from one captured key or tag). `noctria keygen --secret` " +
                "prints a good one; " + outcome, 2);
        }
        return secret;
    }

    /** The directory of the out-of-process venue's queues: {@code broker.dir}, else the engine's data directory. */
    static Path venueDir(final EngineConfig config, final Path dataDir)
    {
        return config.brokerDir() == null ? dataDir : Paths.get(config.brokerDir());
    }

    /** The simulator's settings from the {@code broker_sim} section, with {@code seed} in force. */
    static SimulatedBrokerSettings brokerSettings(final BrokerSimConfig sim, final long seed, final boolean demo,
        final int count)
    {
        return new SimulatedBrokerSettings(
            seed,
            sim.ackLatencyNs(),
            sim.ackJitterNs(),
            sim.fillIntervalNs(),
            sim.cancelLatencyNs(),
            sim.rejectProbability(),
            sim.partialFillProbability(),
            sim.expireProbability(),
            sim.transientErrorProbability(),
            sim.makerProbability(),
            sim.maxSlippageBps(),
            demo ? Math.max(sim.expectedOrders(), Math.min(count, 1 << 22)) : sim.expectedOrders(),
            sim.inFlightCapacity(),
            venueFaults(sim.faults()));
    }

    /** The venue's fault knobs from {@code broker_sim.faults}; ppm back to the simulator's probabilities. */
    static VenueFaults venueFaults(final BrokerFaultsConfig f)
    {
        return new VenueFaults(f.timeoutPpm() / 1e6, f.timeoutNs(), f.errorResponsePpm() / 1e6, f.disconnectAtOrder(),
            f.disconnectOrders(), f.slowAckPpm() / 1e6, f.slowAckNs(), f.fillBeforeAckPpm() / 1e6, f.cancelPpm() / 1e6,
            f.fillAfterCancelPpm() / 1e6);
    }

    /**
     * {@code --fresh}: empties every queue of the data directory, but only when no process writes any of them.
     * Each existing queue's writer lock is taken first (the OS lock a live engine, broker-sim or venue link
     * holds for as long as it runs); if one is held, nothing at all is deleted and the run is refused with
     * exit 2. The locks are held across the delete, and the lock files themselves are kept: deleting a held
     * lock file is how a second engine once came to run on a directory whose first engine kept writing to
     * deleted files. They are released just before the engine opens its journal; a writer that slips into
     * that gap makes the engine's own start fail ("already open for writing"), never shares the journal.
     * ({@code inbound} has shared writers and no lock file: a live engine on it is caught by its journal's lock.)
     */
    static void deleteQueues(final Path dataDir)
    {
        final java.util.List<WriterLock> held = new java.util.ArrayList<>();
        final java.util.List<Path> lockless = new java.util.ArrayList<>();
        try
        {
            for (final String name : DataDirectory.queueNames())
            {
                final Path queue = new DataDirectory(dataDir).queue(name);
                if (!Files.isDirectory(queue))
                {
                    continue;
                }
                if (!Files.exists(WriterLock.lockFile(queue)))
                {
                    // Only shared writers (inbound's producers) ever opened it: nothing to take, nothing created.
                    lockless.add(queue);
                    continue;
                }
                try
                {
                    held.add(WriterLock.take(queue));
                }
                catch (final IllegalStateException inUse)
                {
                    throw new CommandFailure("--fresh refused: " + queue + " is in use (its writer lock " +
                        WriterLock.lockFile(queue) + " is held by a running engine or broker-sim); stop that " +
                        "process first or run the demo on another --data-dir. Nothing was deleted", 2);
                }
            }
            for (final WriterLock lock : held)
            {
                lock.deleteQueueFilesExceptLock();
            }
            for (final Path queue : lockless)
            {
                WriterLock.emptyQueueDirectory(queue);
            }
            // The last run's counters describe the journal just emptied: kept, they would be evidence of a journal
            // that lost its frames, and the engine would rightly refuse to start.
            try
            {
                Files.deleteIfExists(dataDir.resolve("cnc.dat"));
            }
            catch (final java.io.IOException ex)
            {
                throw new java.io.UncheckedIOException("--fresh: cannot delete " + dataDir.resolve("cnc.dat"), ex);
            }
        }
        finally
        {
            for (final WriterLock lock : held)
            {
                lock.close();
            }
        }
    }

    private static long epochNs()
    {
        final java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}

package io.noctria.engine.runtime;

import io.noctria.engine.cli.NoctriaCli;
import io.noctria.engine.testing.Await;
import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.ChildProcesses;
import io.noctria.engine.testing.ProcessTest;
import io.noctria.engine.testing.Tests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Exactly-once across crashes, with real processes: {@code broker-sim} and {@code run} (broker mode process) as
 * child JVMs, a seeded stream of order requests with duplicates appended to {@code inbound} from this process, and
 * the engine killed with SIGKILL at random instants — while starting, recovering, reconciling, deciding, or with
 * orders and reports in flight — and the venue killed too in about a quarter of the rounds. Each round restarts
 * what was killed. After the last kill both run undisturbed until every request is journaled and every order is
 * final or reconciled, then stop cleanly, and {@link ExactlyOnceAudit} checks the files: every ClOrdID taken by the
 * venue at most once and never refused as a duplicate, every inbound request journaled exactly once and decided,
 * every journaled order final or reconciled, and a fresh replay of the journal equal to every recovered state.
 * <p>
 * <p>
 * <b>FIX mode</b> (the soak run's {@code fix-venue} case): the engine runs {@code broker: {mode: fix}} and trades with {@code noctria fix-venue} on a free
 * loopback port; the venue is killed in half of the rounds (and in the last one if in none before). fix-venue's
 * orders die with it (docs/fix.md, "Known limits"): the ClOrdIDs each killed life had taken are noted from its
 * {@code orders-received.txt} when it dies, and the audit expects those orders to end with the engine's verdict on a
 * venue that lost them (not sent again, left to an operator) instead of final; every ClOrdID taken at most once.
 * <p>
 * Kills: {@code -Dnoctria.crash.kills=N} (default 3, the fast tier); seed: {@code -Dnoctria.crash.seed=S}. The long
 * run is the soak profile's 100 kills ({@code mvn -B verify -Psoak}, or {@code -Dnoctria.soak.crash.kills=N}).
 * The figures are printed as one line starting {@code crash harness:} ({@code crash harness (fix):} in FIX mode).
 */
class CrashRecoveryHarnessTest
{
    /** The fast tier's kills (6 until the suite was split into tiers; each kill costs an engine start). */
    private static final int KILLS = Integer.getInteger("noctria.crash.kills", 3);
    private static final int SOAK_KILLS = 100;
    private static final long SEED = Long.getLong("noctria.crash.seed", 20_261_122L);
    private static final int BATCH = 12;
    private static final String SECRET = "crash-harness-secret-of-at-least-32-bytes";
    private static final io.noctria.engine.core.IdempotencyKeys PRODUCER =
        new io.noctria.engine.core.IdempotencyKeys(SECRET.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    private static final long START_TIMEOUT_MS = 90_000;
    /** A fast-tier run takes 15-40 s; slower than this, its last logs are printed. */
    private static final long SLOW_RUN_S = 60;

    @TempDir
    Path work;

    private final Random random = new Random(SEED);
    private final List<String> submitted = new ArrayList<>();
    private final List<Process> children = new ArrayList<>();
    /** FIX mode: the ClOrdIDs the killed fix-venue lives had taken (their orders died with them). */
    private final java.util.Set<String> lostByVenue = new java.util.HashSet<>();
    private boolean fix;
    private int port;
    /** Where a run's time went: each round's wait for a running engine, then the settle. */
    private final StringBuilder phases = new StringBuilder();
    private int engineLives;
    private int venueLives;
    private int nextRequest;

    @ProcessTest
    void shouldNeverSendAnOrderTwiceNorLoseOneAcrossKills() throws Exception
    {
        run(KILLS);
    }

    /**
     * The long run ({@code -Psoak}): the 100 kills of docs/reliability.md, same seed, with broker-sim and in the FIX
     * mode. The FIX mode has no fast-tier run: 3 kills over FIX took 28-54 s (an engine start waits for its logon).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "broker-sim", "fix-venue" })
    @Tag("soak")
    @Timeout(value = 3, unit = TimeUnit.HOURS)
    void shouldNeverSendAnOrderTwiceNorLoseOneAcrossAHundredKills(final String venue) throws Exception
    {
        fix = "fix-venue".equals(venue);
        port = fix ? ChildProcesses.freePort() : 0;
        run(Integer.getInteger("noctria.soak.crash.kills", SOAK_KILLS));
    }

    private void run(final int kills) throws Exception
    {
        final long startNs = System.nanoTime();
        final Path venueDir = work.resolve("venue");
        final Path dataDir = work.resolve("engine");
        final Path config = writeConfig(venueDir);
        final Path policy = ChildJvm.configs().resolve("risk_policy.yml");

        Process venue = startVenue(venueDir, config);
        Process engine = startEngine(dataDir, config, policy);
        int venueKills = 0;
        int earlyKills = 0;
        for (int kill = 0; kill < kills; kill++)
        {
            final boolean early = random.nextInt(100) < 15;
            if (early)
            {
                // Any instant means during start-up, recovery and reconciliation too.
                earlyKills++;
                submit(dataDir, BATCH / 2);
                TimeUnit.MILLISECONDS.sleep(random.nextInt(1_500));
            }
            else
            {
                final long waitNs = System.nanoTime();
                awaitRunning(engine, dataDir).close();
                phases.append(" start ").append(millisSince(waitNs)).append(" ms;");
                final int read = venueRecordLines(venueDir);
                submit(dataDir, BATCH);
                if (fix)
                {
                    // The engine runs before its FIX session has logged on: the kill is meant for orders at the
                    // venue, so the delay starts once the venue has read one of this batch.
                    final Process current = venue;
                    Await.await("fix-venue read an order of this round (engine-" + (engineLives - 1) + ", venue-" +
                        (venueLives - 1) + ")", 60_000, () -> venueRecordLines(venueDir) > read || !current.isAlive());
                }
                TimeUnit.MILLISECONDS.sleep(random.nextInt(100) < 50 ? random.nextInt(40) : 40 + random.nextInt(360));
            }
            final int venueShare = fix ? 50 : 25;
            final boolean killVenue = random.nextInt(100) < venueShare || (fix && venueKills == 0 && kill == kills - 1);
            if (killVenue && random.nextBoolean())
            {
                killVenue(venue, venueDir);
            }
            engine.destroyForcibly().waitFor(); // SIGKILL
            if (killVenue && venue.isAlive())
            {
                TimeUnit.MILLISECONDS.sleep(random.nextInt(50));
                killVenue(venue, venueDir);
            }
            if (killVenue)
            {
                venueKills++;
            }
            if (killVenue && random.nextBoolean())
            {
                venue = startVenue(venueDir, config);
                engine = startEngine(dataDir, config, policy);
            }
            else
            {
                engine = startEngine(dataDir, config, policy);
                if (killVenue)
                {
                    TimeUnit.MILLISECONDS.sleep(random.nextInt(300));
                    venue = startVenue(venueDir, config);
                }
            }
        }

        // Undisturbed to the end: a last batch (with duplicates of earlier requests), then settle and stop cleanly.
        final long settleNs = System.nanoTime();
        try (EngineCounters counters = awaitRunning(engine, dataDir))
        {
            phases.append(" last start ").append(millisSince(settleNs)).append(" ms;");
            submit(dataDir, BATCH);
            // The audit's journal half, read again only when the journal has moved.
            Tests.awaitJournal(counters, () -> ExactlyOnceAudit.journal(dataDir, venueDir, lost()), ExactlyOnceAudit::settled,
                Tests.deadline(120, TimeUnit.SECONDS), "every request journaled, every order final or reconciled");
        }
        catch (final AssertionError ex)
        {
            // Both sides' last logs: a stall may be the venue's (an answer never written) as much as the engine's.
            throw new AssertionError(ex.getMessage() + "\nlast engine log:\n" + log("engine-" + (engineLives - 1)) +
                "\nlast venue log:\n" + log("venue-" + (venueLives - 1)), ex);
        }
        phases.append(" settled ").append(millisSince(settleNs)).append(" ms;");
        stop(engine, "engine-" + (engineLives - 1));
        stop(venue, "venue-" + (venueLives - 1));

        final ExactlyOnceAudit audit = ExactlyOnceAudit.full(dataDir, venueDir, lost(), config, policy,
            SECRET.getBytes(StandardCharsets.UTF_8));
        final long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNs);
        final String figures = "crash harness" + (fix ? " (fix)" : "") + ": seed " + SEED + ", " + kills + " engine kills (" + earlyKills +
            " during start-up), " + venueKills + " venue kills, " + submitted.size() + " requests submitted (" +
            (submitted.size() - nextRequest) + " duplicates), " + audit.violations.size() + " violations, " + seconds +
            " s; " + audit.counts + "; phases:" + phases;
        System.out.println(figures);
        if (seconds > SLOW_RUN_S && kills <= KILLS)
        {
            // A fast-tier run this slow is a stall worth explaining (CI once took 118 s of its 120 s deadline): the
            // last lives' logs go to the build output, since the work directory does not outlive the run.
            System.out.println("slow crash harness run; last engine log:\n" + log("engine-" + (engineLives - 1)) +
                "\nlast venue log:\n" + log("venue-" + (venueLives - 1)));
        }
        assertTrue(audit.violations.isEmpty(), figures + "\n" + String.join("\n", audit.violations) +
            "\nlast engine log:\n" + log("engine-" + (engineLives - 1)));
        final int starts = audit.counts.getOrDefault("EngineStarted", 0);
        assertTrue(starts <= engineLives && starts >= engineLives - earlyKills, "a start per life not killed early: " +
            starts + " of " + engineLives);
        assertTrue(audit.counts.getOrDefault("orders", 0) > kills, "orders were traded: " + audit.counts);
    }

    /** SIGKILL of the venue; over FIX, what that life had taken dies with it (its record tells which). */
    private void killVenue(final Process venue, final Path venueDir) throws Exception
    {
        venue.destroyForcibly().waitFor();
        if (fix && Files.exists(venueDir.resolve("orders-received.txt")))
        {
            lostByVenue.addAll(FixVenueProcessTest.venueOrders(venueDir, "taken").keySet());
        }
    }

    /** FIX mode: the lines of fix-venue's orders-received.txt (one per NewOrderSingle read); 0 for broker-sim. */
    private int venueRecordLines(final Path venueDir)
    {
        final Path record = venueDir.resolve("orders-received.txt");
        try
        {
            return fix && Files.exists(record) ? Files.readAllLines(record).size() : 0;
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private java.util.Set<String> lost()
    {
        return fix ? lostByVenue : null;
    }

    /** Appends requests to inbound: new ones, and about one in five a verbatim copy of an earlier one. */
    private void submit(final Path dataDir, final int count) throws Exception
    {
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final String line;
            if (!submitted.isEmpty() && random.nextInt(100) < 20)
            {
                line = submitted.get(random.nextInt(submitted.size()));
            }
            else
            {
                line = request(nextRequest++);
            }
            lines.add(line);
            submitted.add(line);
        }
        final Path file = work.resolve("batch.jsonl");
        Files.write(file, lines);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = NoctriaCli.execute(new PrintWriter(out), new PrintWriter(err), "submit", "--data-dir",
            dataDir.toString(), file.toString());
        assertEquals(0, code, out + "\n" + err);
    }

    /**
     * Request n: one symbol, alternating sides, small sizes, one second of business time apart (rate limit); keyless
     * but authenticated, its auth tag computed with the engine's secret as a producer does.
     */
    private String request(final int n)
    {
        final String[] tifs = { "IOC", "DAY", "DAY", "GTC" };
        final long second = n % 86_400;
        final String ts = "2026-01-" + String.format("%02d", 6 + n / 72_000) + "T" +
            String.format("%02d:%02d:%02d", second / 3600 % 20, second / 60 % 60, second % 60) + "Z";
        final java.time.Instant instant = java.time.Instant.parse(ts);
        final String auth = PRODUCER.authTagHex("USDJPY", n % 2 == 0 ? io.noctria.codecs.sbe.Side.BUY :
            io.noctria.codecs.sbe.Side.SELL, (1 + n % 3) * 1_000_000L, 150_100_000L, io.noctria.codecs.sbe.OrderType.LIMIT,
            io.noctria.codecs.sbe.TimeInForce.valueOf(tifs[n % tifs.length]), instant.getEpochSecond() * 1_000_000_000L,
            "crash-" + n, "crash", null, 0, 0);
        return "{\"symbol\":\"USDJPY\",\"side\":\"" + (n % 2 == 0 ? "BUY" : "SELL") + "\",\"qty\":" + (1 + n % 3) +
            ",\"price\":150.1,\"order_type\":\"LIMIT\",\"tif\":\"" + tifs[n % tifs.length] + "\",\"trace_id\":\"crash-" + n +
            "\",\"strategy\":\"crash\",\"ts\":\"" + ts + "\",\"auth\":\"" + auth + "\"}";
    }

    private Path writeConfig(final Path venueDir) throws Exception
    {
        // Slow enough that orders and reports are in flight when the kills come; transient errors exercise retries
        // (5 attempts: giving up, which leaves an order in doubt until the next start, stays improbable).
        final Path file = work.resolve("engine.yml");
        // The seeded producer sends keyless requests (contract v1.0 style: the engine computes the keys), each
        // with its auth tag, which run requires by default; its ts are a fixed day, so no freshness bound.
        // Over FIX: fix-venue reads the same broker_sim section; the simulator's transient errors have no FIX form
        // (the venue rejects such an order), so they are off there.
        final String broker = fix ? "broker: {mode: fix, port: " + port + ", sender_comp_id: NOCTRIA, " +
            "target_comp_id: VENUE, heartbeat_s: 1, reconnect_s: 1}\n" :
            "broker:\n  mode: process\n  dir: " + venueDir.toAbsolutePath() + "\n";
        Files.writeString(file, broker +
            "idempotency:\n  require_key: false\nclock:\n  max_skew_ms: 0\n" +
            // The venue's seeded errors (5 %) would trip the runbook's error-rate pause after 100 requests and
            // stop the trading this harness needs; the pause rules have their own tests.
            "auto_pause: {broker_error_rate: {max_pct: 0}, slippage: {breaches: 0}, loss_streak: false}\n" +
            "outbox:\n  capacity_hint: 1024\n" +
            // Frequent snapshots: kills land during snapshot writes, and restarts recover from snapshots plus tail.
            "snapshot:\n  every_inputs: 40\n" +
            "send_retry:\n  max_attempts: 5\n  backoff_us: 5000\n" +
            "broker_sim:\n  ack_latency_us: 3000\n  ack_jitter_us: 5000\n  fill_interval_us: 8000\n" +
            "  transient_error_probability: " + (fix ? "0" : "0.05") + "\n  reject_probability: 0.05\n  expire_probability: 0.1\n" +
            "  partial_fill_probability: 0.4\n");
        return file;
    }

    private Process startVenue(final Path venueDir, final Path config) throws Exception
    {
        if (fix)
        {
            return start("venue-" + venueLives++, List.of("fix-venue", "--data-dir", venueDir.toString(), "--port",
                Integer.toString(port), "--config", config.toString(), "--seed", Long.toString(SEED)));
        }
        return start("venue-" + venueLives++, List.of("broker-sim", "--data-dir", venueDir.toString(), "--config",
            config.toString(), "--seed", Long.toString(SEED)));
    }

    private Process startEngine(final Path dataDir, final Path config, final Path policy) throws Exception
    {
        return start("engine-" + engineLives++, List.of("run", "--data-dir", dataDir.toString(), "--config",
            config.toString(), "--policy", policy.toString(), "--drain-timeout-ms", "3000"));
    }

    private Process start(final String name, final List<String> args) throws Exception
    {
        // Short-lived JVMs: C1 only, so they start fast.
        final Process process = ChildJvm.in(work).heap("256m").jvmOption("-XX:TieredStopAtLevel=1")
            .env("NOCTRIA_IDEMPOTENCY_SECRET", SECRET).log(name).start(NoctriaCli.class, args);
        children.add(process);
        return process;
    }

    /** A failed run leaves no engine or venue behind (a venue outlived two failed FIX runs by an hour). */
    @AfterEach
    void killLeftovers() throws Exception
    {
        for (final Process child : children)
        {
            if (child.isAlive())
            {
                child.destroyForcibly().waitFor();
            }
        }
    }

    /** Waits until the engine's own counters say it runs (recovered, reconciliation asked). */
    private EngineCounters awaitRunning(final Process engine, final Path dataDir) throws Exception
    {
        final String name = "engine-" + (engineLives - 1);
        try
        {
            return Tests.awaitRunning(dataDir, engine.pid(), Tests.deadline(START_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        }
        catch (final AssertionError ex)
        {
            throw new AssertionError(name + " did not start within " + START_TIMEOUT_MS + " ms: " + ex.getMessage() +
                "\n" + log(name), ex);
        }
    }

    private void stop(final Process process, final String name) throws Exception
    {
        assertEquals(0, ChildJvm.terminate(process, name, work.resolve(name + ".log")), name + " exits cleanly\n" + log(name));
    }

    private static long millisSince(final long startNs)
    {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
    }

    private String log(final String name) throws Exception
    {
        return ChildJvm.readLog(work.resolve(name + ".log"));
    }

}

package io.noctria.engine.cli;

import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;
import io.noctria.engine.core.IdempotencyKeys;
import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.EngineProcess;
import io.noctria.engine.testing.ProcessTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The attack of issue 10, through the CLI against {@code run} (not demo) in its own process: the idempotency key of
 * a request the quality gate refused is read back from the journal and resubmitted without the secret, with price
 * 999999 instead of 162, MARKET instead of LIMIT, another TIF and strategy, missing_ratio 0 and ts +54 s. Before
 * authentication it was sent and filled, its fill became EURJPY's reference price, and the next legitimate order
 * died on PRICE_COLLAR. Now it is InputRejected (AUTH_TAG_MISSING without a tag, AUTH_TAG_MISMATCH with a forged
 * one), nothing is sent under that key, and the next signed order is decided normally. A stale signed request is
 * TIMESTAMP_TOO_OLD under the default freshness bound, and a short secret stops {@code run} before it starts.
 * Child JVMs: the engine (the attacker's {@code submit}s come from outside it, as in issue 10) and the two short-secret
 * starts (the secret is read from the process's environment); the producers' {@code submit}s run in this JVM.
 */
class OrderAuthProcessTest
{
    private static final String SECRET = "order-auth-process-test-secret-0123456789";
    private static final IdempotencyKeys PRODUCER = new IdempotencyKeys(SECRET.getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path work;

    /** The engine {@link #withEngine} runs, while it runs. */
    private EngineProcess engine;

    @ProcessTest
    void shouldRefuseAReplayedKeyWithChangedFieldsAndDecideTheNextSignedOrderNormally() throws Exception
    {
        // A bound loose enough that ts + 54 s is not already refused as TIMESTAMP_IN_FUTURE: the tag alone must stop
        // the attack (with the default 30 s bound the freshness check would refuse it first).
        final Path config = config("  max_skew_ms: 120000\n");
        withEngine(config, data ->
        {
            final long t0 = nowMs();

            // 1. A producer's signed request that the quality gate refuses (missing_ratio 0.5 >= flat_at 0.2),
            //    signed by `submit --sign` with the secret where it reads its environment (in this JVM, through the
            //    command's environment hook: SignedControlsProcessTest signs in a child JVM's real environment).
            final Path victim = work.resolve("victim.jsonl");
            Files.writeString(victim, "{\"symbol\":\"EURJPY\",\"side\":\"BUY\",\"qty\":100,\"price\":162," +
                "\"order_type\":\"LIMIT\",\"tif\":\"DAY\",\"trace_id\":\"victim-1\",\"strategy\":\"alpha\",\"ts\":\"" +
                iso(t0) + "\",\"missing_ratio\":0.5,\"data_lag_ms\":10}\n");
            final Function<String, String> environment = SubmitCommand.environment;
            SubmitCommand.environment = name -> RunCommand.SECRET_ENV.equals(name) ? SECRET : environment.apply(name);
            try
            {
                final CliRun sign = CliRun.run("submit", "--sign", "--data-dir", data.toString(), victim.toString());
                assertEquals(0, sign.exitCode, sign.toString());
            }
            finally
            {
                SubmitCommand.environment = environment;
            }
            final Map<String, String> flat = awaitJournal(data, l -> "\"QualityDecision\"".equals(l.get("type")) &&
                "\"victim-1\"".equals(l.get("traceId")), "the quality gate's decision on victim-1");
            assertEquals("\"FLAT\"", flat.get("verdict"), flat.toString());

            // 2. The attacker reads the key from the journal (anyone who can tail it can) ...
            final String key = unquote(flat.get("idempotencyKey"));
            assertEquals(64, key.length(), key);

            // 3. ... and resubmits it with everything else changed: no tag, then a tag made without the secret.
            final String attack = "{\"symbol\":\"EURJPY\",\"side\":\"BUY\",\"qty\":100,\"price\":999999," +
                "\"order_type\":\"MARKET\",\"tif\":\"IOC\",\"trace_id\":\"victim-1\",\"strategy\":\"evil\",\"ts\":\"" +
                iso(t0 + 54_000) + "\",\"missing_ratio\":0,\"data_lag_ms\":10,\"idempotency_key\":\"" + key + "\"";
            final String forged = new IdempotencyKeys("a-guess-that-is-not-the-engine-secret!!".getBytes(
                StandardCharsets.US_ASCII)).authTagHex("EURJPY", Side.BUY, 100_000_000L, 999_999_000_000L,
                OrderType.MARKET, TimeInForce.IOC, (t0 + 54_000) * 1_000_000L, "victim-1", "evil", key, 0, 10);
            final Path attackFile = work.resolve("attack.jsonl");
            Files.write(attackFile, List.of(attack + "}", attack + ",\"auth\":\"" + forged + "\"}"));
            final CliRun submitted = CliRun.run("submit", "--data-dir", data.toString(), attackFile.toString());
            assertEquals(0, submitted.exitCode, submitted.toString());
            final List<Map<String, String>> refused = awaitJournalAll(data, l -> "\"InputRejected\"".equals(l.get("type")) &&
                "\"victim-1\"".equals(l.get("traceId")), 2, "both attack requests refused");
            assertEquals("\"AUTH_TAG_MISSING\"", refused.get(0).get("reason"), refused.toString());
            assertEquals("\"AUTH_TAG_MISMATCH\"", refused.get(1).get("reason"), refused.toString());
            assertFalse(refused.get(1).get("detail").contains(forged.substring(0, 16)), refused.toString());

            // 4. The next legitimate order, signed by its producer (key and tag), is decided normally.
            final long t1 = nowMs();
            final String legitKey = PRODUCER.computeHex("EURJPY", Side.BUY, 100_000_000L, t1 * 1_000_000L, "legit-1");
            final String legitAuth = PRODUCER.authTagHex("EURJPY", Side.BUY, 100_000_000L, 162_000_000L, OrderType.LIMIT,
                TimeInForce.DAY, t1 * 1_000_000L, "legit-1", "alpha", legitKey, 0, 10);
            final Path legit = work.resolve("legit.jsonl");
            Files.writeString(legit, "{\"symbol\":\"EURJPY\",\"side\":\"BUY\",\"qty\":100,\"price\":162," +
                "\"order_type\":\"LIMIT\",\"tif\":\"DAY\",\"trace_id\":\"legit-1\",\"strategy\":\"alpha\",\"ts\":\"" +
                iso(t1) + "\",\"missing_ratio\":0,\"data_lag_ms\":10,\"idempotency_key\":\"" + legitKey +
                "\",\"auth\":\"" + legitAuth + "\"}\n");
            assertEquals(0, CliRun.run("submit", "--data-dir", data.toString(), legit.toString()).exitCode);
            final Map<String, String> sent = awaitJournal(data, l -> "\"OrderSent\"".equals(l.get("type")) &&
                "\"legit-1\"".equals(l.get("traceId")), "the legitimate order sent");
            assertEquals('"' + legitKey + '"', sent.get("idempotencyKey"));

            final List<Map<String, String>> journal = journal(data);
            for (final Map<String, String> line : journal)
            {
                assertNotEquals("\"PRICE_COLLAR\"", line.get("rule"), "no collar reject: " + line);
                if ("\"OrderSent\"".equals(line.get("type")) || "\"OutboxRecorded\"".equals(line.get("type")))
                {
                    assertNotEquals('"' + key + '"', line.get("idempotencyKey"), "nothing sent under the stolen key");
                }
            }
            final long risk = journal.stream().filter(l -> "\"RiskDecision\"".equals(l.get("type")) &&
                "\"legit-1\"".equals(l.get("traceId")) && "\"ALLOW\"".equals(l.get("verdict"))).count();
            assertEquals(1, risk, "the legitimate order passed the risk gate: " + journal);
        });
    }

    @ProcessTest
    void shouldRefuseAStaleSignedRequestUnderTheDefaultBound() throws Exception
    {
        withEngine(config(null), data ->
        {
            final Path file = work.resolve("stale.jsonl");
            Files.write(file, List.of(signedLine("stale-1", nowMs() - 60_000)));
            assertEquals(0, CliRun.run("submit", "--data-dir", data.toString(), file.toString()).exitCode);
            final Map<String, String> rejected = awaitJournal(data, l -> "\"InputRejected\"".equals(l.get("type")) &&
                "\"stale-1\"".equals(l.get("traceId")), "the stale request refused");
            assertEquals("\"TIMESTAMP_TOO_OLD\"", rejected.get("reason"), rejected.toString());
            assertTrue(rejected.get("detail").contains("max_skew_ms is 30000"), rejected.toString());
            // The engine is consuming now (a first start may take seconds to reach its inbound): a request signed
            // and submitted now is within the bound and goes through.
            final Path freshFile = work.resolve("fresh.jsonl");
            Files.write(freshFile, List.of(signedLine("fresh-1", nowMs())));
            assertEquals(0, CliRun.run("submit", "--data-dir", data.toString(), freshFile.toString()).exitCode);
            awaitJournal(data, l -> "\"OrderSent\"".equals(l.get("type")) && "\"fresh-1\"".equals(l.get("traceId")),
                "the fresh request sent");
        });
    }

    @ProcessTest
    void shouldRefuseAShortSecretAtRunAndRunDemoSayingHowLongItWas() throws Exception
    {
        for (final String mode : List.of("run", "demo"))
        {
            final List<String> args = new ArrayList<>(List.of("run", "--data-dir", work.resolve("data-" + mode).toString(),
                "--config", ChildJvm.configs().resolve("engine.yml").toString(),
                "--policy", ChildJvm.configs().resolve("risk_policy.yml").toString()));
            if ("demo".equals(mode))
            {
                args.addAll(List.of("--demo", "10"));
            }
            final Process run = ChildJvm.in(work).heap("128m").env("NOCTRIA_IDEMPOTENCY_SECRET", "tooshort-a")
                .log("short-" + mode).start(NoctriaCli.class, args);
            assertTrue(run.waitFor(60, TimeUnit.SECONDS), mode + " exited");
            final String log = ChildJvm.readLog(work.resolve("short-" + mode + ".log"));
            assertEquals(2, run.exitValue(), log);
            assertTrue(log.contains("NOCTRIA_IDEMPOTENCY_SECRET is 10 bytes long; it must be at least 32 bytes"), log);
            assertTrue(log.contains("`noctria keygen --secret` prints a good one; the engine did not start"), log);
            assertFalse(log.contains("tooshort-a"), "the secret is never printed: " + log);
            assertFalse(Files.exists(work.resolve("data-" + mode).resolve("journal")), "nothing journaled");
        }
    }

    private static String signedLine(final String trace, final long tsMs)
    {
        final String key = PRODUCER.computeHex("USDJPY", Side.SELL, 10_000_000L, tsMs * 1_000_000L, trace);
        final String auth = PRODUCER.authTagHex("USDJPY", Side.SELL, 10_000_000L, 150_000_000L, OrderType.LIMIT,
            TimeInForce.IOC, tsMs * 1_000_000L, trace, "beta", key, 0, 0);
        return "{\"symbol\":\"USDJPY\",\"side\":\"SELL\",\"qty\":10,\"price\":150,\"order_type\":\"LIMIT\"," +
            "\"tif\":\"IOC\",\"trace_id\":\"" + trace + "\",\"strategy\":\"beta\",\"ts\":\"" + iso(tsMs) +
            "\",\"idempotency_key\":\"" + key + "\",\"auth\":\"" + auth + "\"}";
    }

    /** The repository's engine.yml with an explicit max_skew_ms line instead of the commented default (null: as is). */
    private Path config(final String maxSkewLine) throws Exception
    {
        final String repo = Files.readString(ChildJvm.configs().resolve("engine.yml"));
        final String text = null == maxSkewLine ? repo : repo.replace("  # max_skew_ms: 30000\n", maxSkewLine);
        assertTrue(null == maxSkewLine || !text.equals(repo), "configs/engine.yml documents clock.max_skew_ms");
        final Path file = work.resolve("engine.yml");
        Files.writeString(file, text);
        return file;
    }

    /** What a test does with a running engine and its data directory. */
    @FunctionalInterface
    private interface EngineSteps
    {
        void run(Path data) throws Exception;
    }

    /**
     * Starts {@code noctria run} in a child JVM on {@code work/data}, waits until its counters say it runs, runs
     * {@code steps}, then stops the engine and asserts it exited 0 (its log is the failure message).
     */
    private void withEngine(final Path config, final EngineSteps steps) throws Exception
    {
        final Path data = work.resolve("data");
        // The repository's policy traded around the clock, so the test does not depend on the hour it runs at.
        final String policy = Files.readString(ChildJvm.configs().resolve("risk_policy.yml"))
            .replace("trading_hours_utc: [\"00:00-22:00\"]", "trading_hours_utc: [\"00:00-24:00\"]");
        final Path policyFile = work.resolve("risk_policy.yml");
        Files.writeString(policyFile, policy);
        try (EngineProcess started = EngineProcess.run(ChildJvm.in(work).heap("512m")
            .env("NOCTRIA_IDEMPOTENCY_SECRET", SECRET), "engine", data, "--config", config.toString(), "--policy",
            policyFile.toString()))
        {
            engine = started;
            steps.run(data);
            assertEquals(0, started.stop(), started.log());
        }
        finally
        {
            engine = null;
        }
    }

    private Map<String, String> awaitJournal(final Path data, final Predicate<Map<String, String>> match,
        final String what)
    {
        return awaitJournalAll(data, match, 1, what).get(0);
    }

    /** Reads the journal (tail --format json, read-only) each time the engine's journal position moves, until
     * {@code count} records match; fails after 60 s with the engine's log. */
    private List<Map<String, String>> awaitJournalAll(final Path data, final Predicate<Map<String, String>> match,
        final int count, final String what)
    {
        return engine.awaitJournal(() -> journal(data).stream().filter(match).collect(Collectors.toList()),
            found -> found.size() >= count, what);
    }

    private static List<Map<String, String>> journal(final Path data)
    {
        final CliRun tail = CliRun.run("tail", "--data-dir", data.toString(), "--format", "json");
        assertEquals(0, tail.exitCode, tail.toString());
        final List<Map<String, String>> lines = new ArrayList<>();
        try
        {
            for (final String line : tail.lines())
            {
                lines.add(TailCommandTest.parseFlatJson(line));
            }
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
        return lines;
    }

    private static long nowMs()
    {
        return System.currentTimeMillis();
    }

    private static String iso(final long epochMs)
    {
        return Instant.ofEpochMilli(epochMs).toString();
    }

    private static String unquote(final String json)
    {
        return json.substring(1, json.length() - 1);
    }
}

package io.noctria.engine.runtime;

import io.noctria.codecs.OrderTransitions;
import io.noctria.engine.cli.NoctriaCli;
import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.Cli;
import io.noctria.engine.testing.EngineProcess;
import io.noctria.engine.testing.ProcessTest;
import io.noctria.journal.DataDirectory;
import io.noctria.replay.Kpis;
import io.noctria.engine.core.OutboxEntry;
import io.noctria.replay.Projections;
import io.noctria.replay.Replayer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The engine as an operator runs it: {@code run} in its own process, {@code submit} and {@code pause}
 * from others, SIGTERM, restart, the same file again. Every key reaches the broker once.
 */
// smoke: one of the process tests .ci/run's second JDK pass keeps (the others run on the README command's JDK).
@Tag("smoke")
class EngineProcessTest
{
    private static final int ORDERS = 40;
    private static final io.noctria.engine.core.IdempotencyKeys PRODUCER_KEYS = new io.noctria.engine.core.IdempotencyKeys(
        "process-test-secret-of-at-least-32-bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    @TempDir
    Path work;

    @ProcessTest
    void shouldNeverResendAcrossARestartAndApplyThePauseInSequence() throws Exception
    {
        final Path dataDir = work.resolve("data");
        final Path orders = writeOrders(work.resolve("orders.jsonl"), "t-", "USDJPY", null);
        final Path journal = new DataDirectory(dataDir).queue(DataDirectory.JOURNAL);

        try (EngineProcess engine = startEngine(dataDir, "first"))
        {
            assertTrue(hasStarted(replay(journal)), "EngineStarted journaled before the engine runs");
            assertEquals(0, cli("submit", "--data-dir", dataDir.toString(), orders.toString()));
            engine.await(EngineCounter.ORDER_REQUESTS, ORDERS);
            engine.awaitBrokerQuiet();
            final Projections afterFirst = replay(journal);
            assertEquals(ORDERS, afterFirst.kpis().ordersReceived(), kpiLine(afterFirst.kpis()));
            assertTrue(afterFirst.outbox().entries().stream().allMatch(EngineProcessTest::isFinal),
                ORDERS + " orders final at the broker: " + kpiLine(afterFirst.kpis()));
            assertEquals(ORDERS, afterFirst.kpis().ordersSent(), kpiLine(afterFirst.kpis()));

            assertEquals(0, cli("pause", "--on", "--reason", "drill", "--key", operatorKey().toString(), "--data-dir",
                dataDir.toString()));
            // Buys on a symbol with no position: every one increases risk, so the pause must stop them all
            // (a position-reducing order would be allowed through a pause; see docs/risk.md).
            final Path more = writeOrders(work.resolve("more.jsonl"), "p-", "EURJPY", "BUY");
            assertEquals(0, cli("submit", "--data-dir", dataDir.toString(), more.toString()));
            engine.await(EngineCounter.ORDER_REQUESTS, 2 * ORDERS);
            final Projections paused = replay(journal);
            assertEquals(2 * ORDERS, paused.kpis().ordersReceived(), "orders after the pause received");
            assertEquals(ORDERS, paused.kpis().ordersSent(), "nothing new is sent while paused: " + kpiLine(paused.kpis()));
            assertEquals(ORDERS, paused.kpis().riskByRule(io.noctria.codecs.sbe.RiskRule.TRADING_PAUSED));
            assertEquals(0, cli("pause", "--off", "--reason", "drill over", "--operator", "ops-test", "--key",
                operatorKey().toString(), "--data-dir", dataDir.toString()));
            engine.await(EngineCounter.CONTROLS, 2); // the signed pause on, then off
            final Projections resumed = replay(journal);
            assertEquals(2 * ORDERS, resumed.kpis().ordersReceived());
            assertEquals(2, pauseChanges(resumed), "the signed pause on and off applied");
            assertEquals(0, engine.stop(), "SIGTERM drains and exits cleanly: " + engine.log());
        }
        final Projections stopped = replay(journal);
        assertTrue(hasStopped(stopped), "EngineStopped journaled");

        try (EngineProcess engine = startEngine(dataDir, "second"))
        {
            assertEquals(0, cli("submit", "--data-dir", dataDir.toString(), orders.toString()));
            // The counters file is this run's alone: its count starts again from zero.
            engine.await(EngineCounter.ORDER_REQUESTS, ORDERS);
            final Projections again = replay(journal);
            assertEquals(3 * ORDERS, again.kpis().ordersReceived(), "the resubmitted file received");
            assertEquals(ORDERS, again.kpis().ordersSent(), "no key is sent twice across the restart: " + kpiLine(again.kpis()));
            assertEquals(ORDERS, again.kpis().duplicatesSuppressed());
            assertEquals(ORDERS, again.kpis().brokerRequests() - again.kpis().brokerErrors(),
                "one broker request per key (retries only after transient errors)");
            assertEquals(0, engine.stop(), engine.log());
        }

        final Projections last = replay(journal);
        final Set<String> keys = new HashSet<>();
        for (final OutboxEntry entry : last.outbox().entries())
        {
            assertTrue(keys.add(entry.idempotencyKey()), "outbox grouped by key never finds a count > 1");
        }
        assertEquals(ORDERS, keys.size());

        // The Chronicle Map mirror kept by the engine agrees: one send, one suppressed twin per key.
        final OutboxEntry first = last.outbox().entries().get(0);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(0, NoctriaCli.execute(new PrintWriter(out), new PrintWriter(err), "outbox", "--data-dir",
            dataDir.toString(), first.idempotencyKey()), err.toString());
        assertTrue(out.toString().contains("state=" + first.state()), out.toString());
        assertTrue(out.toString().contains(" sends=1 "), out.toString());
        assertTrue(out.toString().contains("duplicatesSuppressed=1"), out.toString());
        assertEquals(1, NoctriaCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
            "outbox", "--data-dir", dataDir.toString(), "0".repeat(64)), "unknown key exits 1");

        // The secret appears in no file the runs produced (queues, outbox map, logs) nor in any report.
        assertEquals(0, cli("replay", "--data-dir", dataDir.toString(), "--out", work.resolve("reports").toString()));
        assertEquals(0, cli("postmortem", "--data-dir", dataDir.toString(), "--from", "2000-01-01T00:00:00Z", "--to",
            "2100-01-01T00:00:00Z", "--out", work.resolve("postmortem.md").toString()));
        assertSecretInNoFile(work, "process-test-secret-of-at-least-32-bytes");
    }

    /** Raw, hex and base64 forms of the secret in no file under {@code dir}, however deep. */
    private static void assertSecretInNoFile(final Path dir, final String secret) throws Exception
    {
        final byte[] raw = secret.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final List<byte[]> forms = List.of(raw,
            java.util.HexFormat.of().formatHex(raw).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            java.util.Base64.getEncoder().withoutPadding().encode(raw));
        final List<Path> files;
        try (java.util.stream.Stream<Path> walk = Files.walk(dir))
        {
            files = walk.filter(Files::isRegularFile).collect(java.util.stream.Collectors.toList());
        }
        assertTrue(files.size() > 10, "scanned the run's files: " + files);
        for (final Path file : files)
        {
            // ISO-8859-1 maps each byte to the char of the same value, so a match in the text is the same bytes in
            // the file; String.indexOf is the JDK's vectorised search (the queues' cycle files are 80 MiB each).
            final String content = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
            for (final byte[] form : forms)
            {
                final String text = new String(form, java.nio.charset.StandardCharsets.ISO_8859_1);
                assertEquals(-1, content.indexOf(text), "the secret (" + text + ") appears in " + file);
            }
        }
    }

    private static boolean isFinal(final OutboxEntry entry)
    {
        return OrderTransitions.isTerminal(entry.state());
    }

    private static boolean hasStarted(final Projections result)
    {
        return result.timeline().size() > 0 && "EngineStarted".equals(result.timeline().type(0));
    }

    private static boolean hasStopped(final Projections result)
    {
        final int last = result.timeline().size() - 1;
        return last >= 0 && "EngineStopped".equals(result.timeline().type(last));
    }

    /** The operator's key ({@code keys/ops-test.key}); its public key is in the engine's default operators directory. */
    private Path operatorKey() throws Exception
    {
        final Path key = work.resolve("keys").resolve("ops-test.key");
        if (!Files.exists(key))
        {
            assertEquals(0, cli("keygen", "--operator", "ops-test", "--out", work.resolve("keys").toString()));
            final Path operators = work.resolve("data").resolve("operators");
            Files.createDirectories(operators, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            Files.copy(work.resolve("keys").resolve("ops-test.pub"), operators.resolve("ops-test.pub"));
        }
        return key;
    }

    private static long pauseChanges(final Projections result)
    {
        int changes = 0;
        for (int i = 0; i < result.timeline().size(); i++)
        {
            changes += "TradingPauseChanged".equals(result.timeline().type(i)) ? 1 : 0;
        }
        return changes;
    }

    private EngineProcess startEngine(final Path dataDir, final String name) throws Exception
    {
        operatorKey(); // <data-dir>/operators, the default --operators, trusts ops-test
        final Path configs = ChildJvm.configs();
        // The repository's config, except for the freshness bound: this test resubmits the same file (fixed ts)
        // after a restart to prove the outbox dedupes it, which a 30 s bound would refuse as TIMESTAMP_TOO_OLD first
        // (OrderAuthProcessTest runs with the default bound).
        final Path config = work.resolve("engine.yml");
        if (!Files.exists(config))
        {
            final String repo = Files.readString(configs.resolve("engine.yml"));
            final String unbounded = repo.replace("  # max_skew_ms: 30000\n", "  max_skew_ms: 0\n");
            assertNotEquals(repo, unbounded, "configs/engine.yml documents clock.max_skew_ms");
            // Nor the automatic pause: whether the venue's random fills make a losing streak or slippage breaches
            // depends on how requests and fills interleave, and this test counts sends and operator pauses exactly
            // (AutoPauseTest covers the rules). It submits as soon as the counters say the engine runs, which made
            // the automatic pause trip (TRADING_PAUSED rejects) in three tries of three, where the earlier journal
            // polling, which submitted later, had not.
            final String manual = unbounded.replace("  loss_streak: true", "  loss_streak: false")
                .replaceFirst("\n    breaches: 3 ", "\n    breaches: 0 ");
            assertNotEquals(unbounded, manual, "configs/engine.yml documents auto_pause");
            // A small outbox mirror (16 x 64 keys, for this test's 40): the repository's 65536 makes a ~300 MiB
            // file that each start allocates and the secret scan below reads to the end, seconds on a busy machine.
            final String small = manual.replace("\n  capacity_hint: 65536\n", "\n  capacity_hint: 64\n");
            assertNotEquals(manual, small, "configs/engine.yml documents outbox.capacity_hint");
            Files.writeString(config, small);
        }
        return EngineProcess.run(ChildJvm.in(work).heap("512m").env("NOCTRIA_IDEMPOTENCY_SECRET",
            "process-test-secret-of-at-least-32-bytes"), name, dataDir, "--config", config.toString(), "--policy",
            configs.resolve("risk_policy.yml").toString());
    }

    private static int cli(final String... args)
    {
        return Cli.run(args);
    }

    private static Projections replay(final Path journal)
    {
        return new Replayer(journal).replay().projections();
    }

    private static String kpiLine(final Kpis k)
    {
        return "received=" + k.ordersReceived() + " sent=" + k.ordersSent() + " dup=" + k.duplicatesSuppressed() +
            " rejectedInputs=" + k.inputsRejected() + " riskRejected=" + k.riskRejected() + " brokerRequests=" +
            k.brokerRequests() + " errors=" + k.brokerErrors() + " riskByRule=" + riskByRule(k);
    }

    private static String riskByRule(final Kpis k)
    {
        final StringBuilder rules = new StringBuilder();
        for (final io.noctria.codecs.sbe.RiskRule rule : io.noctria.codecs.sbe.RiskRule.values())
        {
            if (rule != io.noctria.codecs.sbe.RiskRule.NULL_VAL && k.riskByRule(rule) > 0)
            {
                rules.append(rule).append('=').append(k.riskByRule(rule)).append(' ');
            }
        }
        return rules.toString().trim();
    }

    private static Path writeOrders(final Path file, final String tracePrefix, final String symbol, final String side)
        throws Exception
    {
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++)
        {
            final String orderSide = side != null ? side : (i % 2 == 0 ? "BUY" : "SELL");
            final String ts = "2026-01-06T10:00:" + String.format("%02d", i % 60) + "Z";
            // The producer signs each request: `run` requires keys and tags by default (idempotency.require_key,
            // require_auth); the tag covers every field the line carries, the key included.
            final java.time.Instant instant = java.time.Instant.parse(ts);
            final long tsNs = instant.getEpochSecond() * 1_000_000_000L;
            final io.noctria.codecs.sbe.Side sbeSide = io.noctria.codecs.sbe.Side.valueOf(orderSide);
            final String key = PRODUCER_KEYS.computeHex(symbol, sbeSide, (1 + i % 5) * 1_000_000L, tsNs, tracePrefix + i);
            final String auth = PRODUCER_KEYS.authTagHex(symbol, sbeSide, (1 + i % 5) * 1_000_000L, 150_100_000L,
                io.noctria.codecs.sbe.OrderType.MARKET, io.noctria.codecs.sbe.TimeInForce.DAY, tsNs, tracePrefix + i,
                "proc", key, 0, 0);
            lines.add("{\"symbol\":\"" + symbol + "\",\"side\":\"" + orderSide + "\",\"qty\":" + (1 + i % 5) +
                ",\"price\":150.1,\"trace_id\":\"" + tracePrefix + i + "\",\"strategy\":\"proc\",\"ts\":\"" + ts +
                "\",\"idempotency_key\":\"" + key + "\",\"auth\":\"" + auth + "\"}");
        }
        Files.write(file, lines);
        return file;
    }
}

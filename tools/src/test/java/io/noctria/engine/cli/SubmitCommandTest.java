package io.noctria.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SubmitCommandTest
{
    @TempDir
    Path dataDir;

    @Test
    void shouldSubmitGoodLinesAndReportEachBadLineWithItsNumber() throws Exception
    {
        final Path file = dataDir.resolve("orders.jsonl");
        Files.write(file, List.of(
            "{\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":100,\"price\":150.25,\"trace_id\":\"t-1\",\"strategy\":\"momo\",\"ts\":\"2026-11-22T04:20:00Z\"}",
            "",
            "{\"symbol\":\"USDJPY\",\"side\":\"HOLD\",\"qty\":1,\"price\":1,\"trace_id\":\"t-2\",\"ts\":\"2026-11-22T04:20:00Z\"}",
            "{\"symbol\":\"EURJPY\",\"side\":\"sell\",\"qty\":\"0.5\",\"price\":160.125,\"order_type\":\"LIMIT\",\"tif\":\"IOC\",\"trace_id\":\"t-3\",\"ts\":\"2026-11-22T13:20:00+09:00\",\"missing_ratio\":0.05,\"data_lag_ms\":250,\"idempotency_key\":\"" + "ab".repeat(32) + "\"}",
            "{not json",
            "{\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":-1,\"price\":1,\"trace_id\":\"t-4\",\"ts\":\"2026-11-22T04:20:00Z\"}"));

        final CliRun submit = CliRun.run("submit", "--data-dir", dataDir.toString(), file.toString());
        assertEquals(1, submit.exitCode, submit.toString());
        assertTrue(submit.out.contains("submitted 2 order request(s)"), submit.out);
        assertTrue(submit.err.contains("orders.jsonl:3: INVALID_SIDE"), submit.err);
        assertTrue(submit.err.contains("orders.jsonl:5: MALFORMED"), submit.err);
        assertTrue(submit.err.contains("orders.jsonl:6: INVALID_QTY"), submit.err);
        assertEquals(3, submit.err.strip().split("\n").length, submit.err);

        final CliRun tail = CliRun.run("tail", "--data-dir", dataDir.toString(), "--queue", "inbound", "--format", "json");
        assertEquals(2, tail.lines().size(), tail.toString());
        final Map<String, String> first = TailCommandTest.parseFlatJson(tail.lines().get(0));
        ReplayJson.assertEntries(first,
            "symbol", "\"USDJPY\"",
            "qty", "100",
            "price", "150.25",
            "orderType", "\"MARKET\"",
            "timeInForce", "\"DAY\"",
            "keyPresent", "\"FALSE\"",
            "clientTsNs", "1795321200000000000");
        final Map<String, String> second = TailCommandTest.parseFlatJson(tail.lines().get(1));
        ReplayJson.assertEntries(second,
            "side", "\"SELL\"",
            "qty", "0.5",
            "orderType", "\"LIMIT\"",
            "timeInForce", "\"IOC\"",
            "missingRatio", "0.05",
            "dataLagMs", "250",
            "keyPresent", "\"TRUE\"",
            "idempotencyKey", '"' + "ab".repeat(32) + '"');
        assertEquals("1795321200000000000", second.get("clientTsNs"), "+09:00 converted to UTC");
    }

    @Test
    void shouldSignKeylessLinesAndRefuseAWrongKeyWithSign() throws Exception
    {
        final String secret = "submit-sign-secret-of-at-least-32-bytes";
        final String rightKey = new io.noctria.engine.core.IdempotencyKeys(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .computeHex("USDJPY", io.noctria.codecs.sbe.Side.BUY, 2_500_000L, 1795321230000000000L, "t-2");
        final Path file = dataDir.resolve("sign.jsonl");
        Files.write(file, List.of(
            "{\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":2.5,\"price\":150,\"trace_id\":\"t-1\",\"ts\":\"2026-11-22T04:20:30Z\"}",
            "{\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":2.5,\"price\":150,\"trace_id\":\"t-2\",\"ts\":\"2026-11-22T04:20:30Z\",\"idempotency_key\":\"" + rightKey + "\"}",
            "{\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":2.5,\"price\":150,\"trace_id\":\"t-3\",\"ts\":\"2026-11-22T04:20:30Z\",\"idempotency_key\":\"" + rightKey + "\"}"));

        final CliRun unsigned = CliRun.run("submit", "--sign", "--data-dir", dataDir.toString(), file.toString());
        if (System.getenv(RunCommand.SECRET_ENV) == null)
        {
            assertEquals(2, unsigned.exitCode, unsigned.toString());
            assertTrue(unsigned.err.contains("--sign needs the idempotency secret in NOCTRIA_IDEMPOTENCY_SECRET"), unsigned.err);
            assertFalse(Files.exists(dataDir.resolve("inbound")), "nothing submitted without the secret");
        }

        final CliRun submit = submitSigned(secret, file);
        assertEquals(1, submit.exitCode, submit.toString());
        assertTrue(submit.out.contains("submitted 2 order request(s)"), submit.out);
        assertEquals("sign.jsonl:3: IDEMPOTENCY_KEY_MISMATCH: idempotency_key does not match HMAC-SHA256 of " +
            "symbol|side|qty_6dp|ts_floor_minute|trace_id under NOCTRIA_IDEMPOTENCY_SECRET",
            submit.err.strip().substring(submit.err.strip().indexOf("sign.jsonl:")), submit.err);
        assertFalse((submit.out + submit.err).contains(secret), "the secret is never printed");

        final CliRun tail = CliRun.run("tail", "--data-dir", dataDir.toString(), "--queue", "inbound", "--format", "json");
        assertEquals(2, tail.lines().size(), tail.toString());
        final Map<String, String> signed = TailCommandTest.parseFlatJson(tail.lines().get(0));
        assertEquals("\"TRUE\"", signed.get("keyPresent"));
        assertEquals('"' + new io.noctria.engine.core.IdempotencyKeys(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .computeHex("USDJPY", io.noctria.codecs.sbe.Side.BUY, 2_500_000L, 1795321230000000000L, "t-1") + '"',
            signed.get("idempotencyKey"), "the key the engine computes for t-1");
        assertEquals('"' + rightKey + '"', TailCommandTest.parseFlatJson(tail.lines().get(1)).get("idempotencyKey"));
        final io.noctria.engine.core.IdempotencyKeys keys =
            new io.noctria.engine.core.IdempotencyKeys(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals('"' + keys.authTagHex("USDJPY", io.noctria.codecs.sbe.Side.BUY, 2_500_000L, 150_000_000L,
            io.noctria.codecs.sbe.OrderType.MARKET, io.noctria.codecs.sbe.TimeInForce.DAY, 1795321230000000000L, "t-1", "",
            signed.get("idempotencyKey").replace("\"", ""), 0, 0) + '"', signed.get("authTag"),
            "the tag covers every field and the key --sign added");
    }

    @Test
    void shouldVerifyACarriedAuthWithSignAndCarryItWithout() throws Exception
    {
        final String secret = "submit-auth-secret-of-at-least-32-bytes";
        final io.noctria.engine.core.IdempotencyKeys keys =
            new io.noctria.engine.core.IdempotencyKeys(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        final String key = keys.computeHex("EURJPY", io.noctria.codecs.sbe.Side.SELL, 1_000_000L, 1795321230000000000L, "a-1");
        final String auth = keys.authTagHex("EURJPY", io.noctria.codecs.sbe.Side.SELL, 1_000_000L, 162_000_000L,
            io.noctria.codecs.sbe.OrderType.LIMIT, io.noctria.codecs.sbe.TimeInForce.GTC, 1795321230000000000L, "a-1",
            "s", key, 50_000, 7);
        final String line = "{\"symbol\":\"EURJPY\",\"side\":\"SELL\",\"qty\":1,\"price\":162,\"order_type\":\"LIMIT\"," +
            "\"tif\":\"GTC\",\"trace_id\":\"a-1\",\"strategy\":\"s\",\"ts\":\"2026-11-22T04:20:30Z\",\"missing_ratio\":0.05," +
            "\"data_lag_ms\":7,\"idempotency_key\":\"" + key + "\",\"auth\":\"" + auth + "\"}";
        final Path file = dataDir.resolve("auth.jsonl");
        Files.write(file, List.of(line, line.replace("\"price\":162", "\"price\":999999"),
            line.replace(auth, "00".repeat(31) + "01"), line.replace(auth, "nothex")));

        final CliRun plain = CliRun.run("submit", "--data-dir", dataDir.toString(), file.toString());
        assertEquals(1, plain.exitCode, plain.toString());
        assertTrue(plain.out.contains("submitted 3 order request(s)"), "without --sign a carried auth is not checked " +
            "here (the engine does): " + plain.out);
        assertTrue(plain.err.contains("auth.jsonl:4: AUTH_TAG_MISMATCH: auth must be 64 lowercase hex characters"),
            plain.err);
        final CliRun tail = CliRun.run("tail", "--data-dir", dataDir.toString(), "--queue", "inbound", "--format", "json");
        assertEquals('"' + auth + '"', TailCommandTest.parseFlatJson(tail.lines().get(0)).get("authTag"));

        final CliRun signed = submitSigned(secret, file);
        assertEquals(1, signed.exitCode, signed.toString());
        assertTrue(signed.out.contains("submitted 1 order request(s)"), signed.out);
        assertTrue(signed.err.contains("auth.jsonl:2: AUTH_TAG_MISMATCH: auth does not match HMAC-SHA256 of the " +
            "request's noctria-auth-v1 text under NOCTRIA_IDEMPOTENCY_SECRET"), signed.err);
        assertTrue(signed.err.contains("auth.jsonl:3: AUTH_TAG_MISMATCH"), signed.err);
        assertFalse(signed.err.contains(auth), "never prints the right tag: " + signed.err);
        final CliRun after = CliRun.run("tail", "--data-dir", dataDir.toString(), "--queue", "inbound", "--format", "json");
        assertEquals('"' + auth + '"', TailCommandTest.parseFlatJson(after.lines().get(3)).get("authTag"),
            "a right tag is kept as it was");
    }

    @Test
    void shouldRefuseAShortSecretWithSignSayingHowLongItWas() throws Exception
    {
        final Path file = dataDir.resolve("short.jsonl");
        Files.write(file, List.of(
            "{\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":1,\"price\":150,\"trace_id\":\"t-1\",\"ts\":\"2026-11-22T04:20:00Z\"}"));
        final CliRun submit = submitSigned("a", file);
        assertEquals(2, submit.exitCode, submit.toString());
        assertTrue(submit.err.contains("NOCTRIA_IDEMPOTENCY_SECRET is 1 byte long; it must be at least 32 bytes"),
            submit.err);
        assertTrue(submit.err.contains("`noctria keygen --secret` prints a good one; nothing was submitted"), submit.err);
        assertFalse(Files.exists(dataDir.resolve("inbound")), "nothing submitted with a short secret");
    }

    @Test
    void shouldExitZeroWhenEveryLineIsGood() throws Exception
    {
        final Path file = dataDir.resolve("ok.jsonl");
        Files.write(file, List.of(
            "{\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":1,\"price\":150,\"trace_id\":\"t-1\",\"ts\":\"2026-11-22T04:20:00Z\"}"));
        final CliRun submit = CliRun.run("--data-dir", dataDir.toString(), "submit", file.toString());
        assertEquals(0, submit.exitCode, submit.toString());
        assertEquals("", submit.err);
    }

    @Test
    void shouldRecordWhoAndWhyOfAPause() throws Exception
    {
        final Path keys = dataDir.resolve("keys");
        io.noctria.engine.runtime.OperatorKeys.write(keys, "ops-alice", io.noctria.engine.runtime.OperatorKeys.generate());
        final String key = keys.resolve("ops-alice.key").toString();
        final CliRun on = CliRun.run("pause", "--on", "--reason", "slippage alarm", "--operator", "ops-alice",
            "--key", key, "--data-dir", dataDir.toString());
        assertEquals(0, on.exitCode, on.toString());
        final CliRun off = CliRun.run("pause", "--off", "--reason", "resolved", "--key", key, "--data-dir",
            dataDir.toString());
        assertEquals(0, off.exitCode, off.toString());
        final CliRun tail = CliRun.run("tail", "--data-dir", dataDir.toString(), "--queue", "inbound", "--format", "json");
        final Map<String, String> first = TailCommandTest.parseFlatJson(tail.lines().get(0));
        assertEquals("\"PAUSE_ON\"", first.get("action"));
        assertEquals("\"ops-alice\"", first.get("operatorName"));
        assertEquals("\"slippage alarm\"", first.get("reason"));
        assertEquals("\"PAUSE_OFF\"", TailCommandTest.parseFlatJson(tail.lines().get(1)).get("action"));

        final Map<String, String> second = TailCommandTest.parseFlatJson(tail.lines().get(1));
        assertEquals("\"ops-alice\"", second.get("operatorName"), "the key's operator");
        assertNotNull(first.get("signature"), first.toString());
        assertNotEquals(first.get("signature"), second.get("signature"), "each control carries its own signature");

        final CliRun both = CliRun.run("pause", "--on", "--off", "--reason", "x", "--key", key, "--data-dir",
            dataDir.toString());
        assertEquals(2, both.exitCode, both.toString());
        final CliRun noReason = CliRun.run("pause", "--on", "--key", key, "--data-dir", dataDir.toString());
        assertEquals(2, noReason.exitCode, noReason.toString());
    }

    /** {@code submit --sign FILE} with {@code secret} as NOCTRIA_IDEMPOTENCY_SECRET; the environment restored after. */
    @Test
    void shouldEncodeCancelAndReplaceLinesAndNameWhatIsWrongInEachBadOne() throws Exception
    {
        final String orig = "cd".repeat(32);
        final String own = "ef".repeat(32);
        final String base = "\"trace_id\":\"x-1\",\"ts\":\"2026-11-22T04:20:00Z\"";
        final Path file = dataDir.resolve("actions.jsonl");
        Files.write(file, List.of(
            "{\"action\":\"cancel\",\"orig_idempotency_key\":\"" + orig + "\",\"idempotency_key\":\"" + own + "\"," + base + "}",
            "{\"action\":\"replace\",\"orig_idempotency_key\":\"" + orig + "\",\"idempotency_key\":\"" + own + "\",\"qty\":40," + base + "}",
            "{\"action\":\"cancel\",\"orig_idempotency_key\":\"" + orig + "\"," + base + "}",
            "{\"action\":\"cancel\",\"idempotency_key\":\"" + own + "\"," + base + "}",
            "{\"action\":\"cancel\",\"orig_idempotency_key\":\"" + orig + "\",\"idempotency_key\":\"" + own + "\",\"qty\":1," + base + "}",
            "{\"action\":\"replace\",\"orig_idempotency_key\":\"" + orig + "\",\"idempotency_key\":\"" + own + "\"," + base + "}",
            "{\"action\":\"amend\"," + base + "}",
            "{\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":1,\"price\":1,\"orig_idempotency_key\":\"" + orig + "\"," + base + "}"));

        final CliRun submit = CliRun.run("submit", "--data-dir", dataDir.toString(), file.toString());
        assertEquals(1, submit.exitCode, submit.toString());
        assertTrue(submit.out.contains("submitted 2 order request(s)"), submit.out);
        assertTrue(submit.err.contains("actions.jsonl:3: IDEMPOTENCY_KEY_REQUIRED: missing required field " +
            "'idempotency_key': a cancel needs its own key"), submit.err);
        assertTrue(submit.err.contains("actions.jsonl:4: MISSING_FIELD: missing required field 'orig_idempotency_key'"),
            submit.err);
        assertTrue(submit.err.contains("actions.jsonl:5: MALFORMED: field 'qty' is not allowed with action cancel"),
            submit.err);
        assertTrue(submit.err.contains("actions.jsonl:6: MISSING_FIELD: a replace needs a new 'qty' or 'price'"),
            submit.err);
        assertTrue(submit.err.contains("actions.jsonl:7: MALFORMED: action 'amend' is not new, cancel or replace"),
            submit.err);
        assertTrue(submit.err.contains("actions.jsonl:8: MALFORMED: field 'orig_idempotency_key' is only for action " +
            "cancel or replace"), submit.err);

        final CliRun tail = CliRun.run("tail", "--data-dir", dataDir.toString(), "--queue", "inbound", "--format", "json");
        assertEquals(2, tail.lines().size(), tail.toString());
        final Map<String, String> cancel = TailCommandTest.parseFlatJson(tail.lines().get(0));
        assertEquals("\"CancelRequest\"", cancel.get("type"));
        assertEquals("\"" + orig + "\"", cancel.get("origIdempotencyKey"));
        final Map<String, String> replace = TailCommandTest.parseFlatJson(tail.lines().get(1));
        assertEquals("\"ReplaceRequest\"", replace.get("type"));
        assertEquals("40", replace.get("qty"));
        assertEquals("0", replace.get("price"), "absent: 0 keeps the order's price");
    }

    private CliRun submitSigned(final String secret, final Path file)
    {
        SubmitCommand.environment = name -> RunCommand.SECRET_ENV.equals(name) ? secret : null;
        try
        {
            return CliRun.run("submit", "--sign", "--data-dir", dataDir.toString(), file.toString());
        }
        finally
        {
            SubmitCommand.environment = System::getenv;
        }
    }
}

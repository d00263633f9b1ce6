package io.noctria.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** {@code noctria cancel} and {@code noctria cancel-all}: what they append to inbound, and what they refuse. */
class CancelCommandTest
{
    @TempDir
    Path work;

    @Test
    void shouldAppendTheSameCancelKeyForTheSameOrderSoThatARepeatCancelsOnce() throws Exception
    {
        final Path data = work.resolve("data");
        final String key = "ab".repeat(32);
        assertEquals(0, CliRun.run("cancel", "--data-dir", data.toString(), key).exitCode);
        final CliRun again = CliRun.run("cancel", "--data-dir", data.toString(), key);
        assertEquals(0, again.exitCode, again.toString());
        assertTrue(again.out.contains("submitted 1 cancel request(s)"), again.out);
        assertEquals(0, CliRun.run("cancel", "--data-dir", data.toString(), "--attempt", "2", key).exitCode);

        final CliRun tail = CliRun.run("tail", "--data-dir", data.toString(), "--queue", "inbound", "--format", "json");
        assertEquals(3, tail.lines().size(), tail.toString());
        final Map<String, String> first = TailCommandTest.parseFlatJson(tail.lines().get(0));
        final Map<String, String> second = TailCommandTest.parseFlatJson(tail.lines().get(1));
        final Map<String, String> third = TailCommandTest.parseFlatJson(tail.lines().get(2));
        assertEquals("\"CancelRequest\"", first.get("type"));
        assertEquals("\"" + key + "\"", first.get("origIdempotencyKey"));
        assertEquals(first.get("idempotencyKey"), second.get("idempotencyKey"), "the same cancel twice: the same key");
        assertNotEquals(first.get("idempotencyKey"), third.get("idempotencyKey"), "--attempt 2: a new one");
    }

    @Test
    void shouldRefuseAKeyThatIsNotHexAndAppendNothing()
    {
        final Path data = work.resolve("data");
        final CliRun bad = CliRun.run("cancel", "--data-dir", data.toString(), "ab".repeat(32), "not-a-key");
        assertEquals(2, bad.exitCode, bad.toString());
        assertTrue(bad.err.contains("KEY 'not-a-key' (argument 2) is not 64 lowercase hex characters; nothing was " +
            "appended"), bad.err);
    }

    @Test
    void shouldAppendASignedCancelAllForOneSymbol() throws Exception
    {
        final Path data = work.resolve("data");
        final Path keys = work.resolve("keys");
        assertEquals(0, CliRun.run("keygen", "--operator", "ops-desk", "--out", keys.toString()).exitCode);
        final CliRun cancelAll = CliRun.run("cancel-all", "--data-dir", data.toString(), "--reason", "venue down",
            "--symbol", "USDJPY", "--key", keys.resolve("ops-desk.key").toString());
        assertEquals(0, cancelAll.exitCode, cancelAll.toString());
        assertTrue(cancelAll.out.contains("cancel-all of USDJPY requested by ops-desk"), cancelAll.out);

        final CliRun tail = CliRun.run("tail", "--data-dir", data.toString(), "--queue", "inbound", "--format", "json");
        final Map<String, String> fields = TailCommandTest.parseFlatJson(tail.lines().get(0));
        assertEquals("\"CancelAll\"", fields.get("type"));
        assertEquals("\"ops-desk\"", fields.get("operatorName"));
        assertEquals("\"USDJPY\"", fields.get("symbol"));
        assertEquals("\"venue down\"", fields.get("reason"));
        assertNotEquals("\"" + "0".repeat(128) + "\"", fields.get("signature"), "signed");
    }
}

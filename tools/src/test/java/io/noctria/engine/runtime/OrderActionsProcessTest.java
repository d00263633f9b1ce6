package io.noctria.engine.runtime;

import io.noctria.codecs.sbe.*;
import io.noctria.engine.core.IdempotencyKeys;
import io.noctria.engine.core.OutboxEntry;
import io.noctria.engine.testing.Await;
import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.ChildProcesses;
import io.noctria.engine.testing.Cli;
import io.noctria.engine.testing.EngineProcess;
import io.noctria.engine.testing.Journals;
import io.noctria.engine.testing.ProcessTest;
import io.noctria.journal.DataDirectory;
import io.noctria.replay.ReplayResult;
import io.noctria.replay.Replayer;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cancel, replace and cancel-all between real processes (issue 13): {@code broker-sim} and {@code run} with
 * {@code broker: {mode: process}} and {@code pause.cancel_working: true}, GTC orders that fill slowly (one partial
 * fill every 60 s), then {@code submit} lines with {@code "action": "cancel"} / {@code "replace"}, and a signed
 * {@code noctria pause --on}. What each action became is read from the engine's journal: a cancel ends its order
 * Canceled by the venue; a replace down and a replace up within the limits are Replaced (the outbox holds the new
 * qty); a replace up beyond max_position_notional is refused by the risk gate; a repeated cancel key and a cancel of
 * a finished order are refused; the pause cancels every order still working. Every order ends final.
 */
class OrderActionsProcessTest
{
    private static final String SECRET = "order-actions-process-test-secret-32-bytes!";
    static final String TS = "2026-01-06T10:00:00Z";

    @RegisterExtension
    final ChildProcesses processes = ChildProcesses.withSecret(SECRET);

    @ProcessTest
    void shouldCancelReplaceAndCancelAllOnPauseThroughTheVenueProcess() throws Exception
    {
        final Path venueDir = processes.dir("venue");
        final Path data = processes.dir("engine");
        final ChildProcesses.OperatorKeys operator = processes.operator("ops-test");
        final Path config = Files.writeString(processes.dir("engine.yml"),
            "idempotency: {require_key: false, require_auth: false}\nclock: {max_skew_ms: 0}\n" +
            "pause: {cancel_working: true}\nbroker:\n  mode: process\n  dir: " + venueDir.toAbsolutePath() + "\n" +
            "broker_sim:\n  transient_error_probability: 0\n  reject_probability: 0\n  expire_probability: 0\n" +
            "  partial_fill_probability: 1\n  fill_interval_us: 60000000\n  ack_latency_us: 1000\n" +
            "  cancel_latency_us: 1000\n");
        final Path journal = new DataDirectory(data).queue(DataDirectory.JOURNAL);
        final IdempotencyKeys hmac = new IdempotencyKeys(SECRET.getBytes(StandardCharsets.US_ASCII));

        final ChildProcesses.Venue venue = processes.venue("broker-sim", venueDir, config, 13);
        try (EngineProcess engine = processes.engine("engine", data, "--config", config.toString(),
            "--operators", operator.operators().toString(),
            "--policy", ChildJvm.configs().resolve("risk_policy.yml").toString()))
        {
            final String[] traces = {"act-cancel", "act-down", "act-up", "act-refused", "act-halt"};
            final List<String> lines = new ArrayList<>();
            final String[] orderKeys = new String[traces.length];
            for (int i = 0; i < traces.length; i++)
            {
                lines.add("{\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":100,\"price\":150,\"order_type\":\"LIMIT\"," +
                    "\"tif\":\"GTC\",\"trace_id\":\"" + traces[i] + "\",\"ts\":\"" + TS + "\"}");
                orderKeys[i] = hmac.computeHex("USDJPY", Side.BUY, 100_000_000L, ts(TS), traces[i]);
            }
            submit(lines, "orders.jsonl");
            awaitJournal(journal, "every order acknowledged", r -> r.projections().outbox().entries().size() == traces.length &&
                r.projections().outbox().entries().stream().allMatch(e -> e.state() == EngineOrderState.ACKED));

            submit(List.of(
                action("cancel", orderKeys[0], key(1), ""),
                action("cancel", orderKeys[0], key(1), ""),
                action("replace", orderKeys[1], key(2), ",\"qty\":40"),
                action("replace", orderKeys[2], key(3), ",\"qty\":300"),
                action("replace", orderKeys[3], key(4), ",\"qty\":5000")), "actions.jsonl");
            awaitJournal(journal, "the cancel done, both replaces answered", r ->
                entry(r, orderKeys[0]).state() == EngineOrderState.CANCELED &&
                entry(r, orderKeys[1]).state() == EngineOrderState.REPLACED &&
                entry(r, orderKeys[2]).state() == EngineOrderState.REPLACED);
            final ReplayResult acted = new Replayer(journal).replay();
            assertEquals(40_000_000L, entry(acted, orderKeys[1]).qty(), "replaced down to 40");
            assertEquals(300_000_000L, entry(acted, orderKeys[2]).qty(), "replaced up to 300 through the risk gate");
            assertTrue(entry(acted, orderKeys[3]).state() == EngineOrderState.ACKED ||
                entry(acted, orderKeys[3]).state() == EngineOrderState.PARTIALLY_FILLED, "the refused replace changed nothing");
            assertEquals(100_000_000L, entry(acted, orderKeys[3]).qty());
            final List<String> refusals = refusals(journal);
            assertEquals(List.of("DUPLICATE", "RISK_REJECTED:MAX_POSITION_NOTIONAL"), refusals);

            submit(List.of(action("cancel", orderKeys[0], key(5), "")), "late.jsonl");
            awaitJournal(journal, "the cancel of a finished order refused", r -> refusals(journal).size() == 3);
            assertEquals("ORDER_FINAL", refusals(journal).get(2));

            assertEquals(0, Cli.run("pause", "--on", "--reason", "halt drill", "--key",
                operator.key().toString(), "--data-dir", data.toString()));
            awaitJournal(journal, "the pause canceled every working order", r -> r.projections().outbox().entries().stream()
                .allMatch(e -> e.state() == EngineOrderState.CANCELED));
            assertEquals(0, engine.stop(), "every order final: a clean stop drains at once: " + engine.log());
        }
        assertEquals(0, venue.stop(), venue.log());
        assertEquals(5, cancelsSent(journal), "one CancelSent for the cancel, four for the halt (every order left)");
    }

    static String action(final String kind, final String orig, final String key, final String terms)
    {
        return "{\"action\":\"" + kind + "\",\"orig_idempotency_key\":\"" + orig + "\",\"idempotency_key\":\"" + key +
            "\",\"trace_id\":\"act-" + kind + "\",\"ts\":\"" + TS + "\"" + terms + "}";
    }

    private void submit(final List<String> lines, final String name) throws Exception
    {
        final Path file = Files.write(processes.dir(name), lines);
        assertEquals(0, Cli.run("submit", "--data-dir", processes.dir("engine").toString(), file.toString()));
    }

    static void awaitJournal(final Path journal, final String what,
        final java.util.function.Predicate<ReplayResult> condition)
    {
        Await.await(what, 60_000, () -> condition.test(new Replayer(journal).replay()));
    }

    static OutboxEntry entry(final ReplayResult result, final String key)
    {
        final OutboxEntry entry = result.projections().outbox().entry(key);
        if (null == entry)
        {
            throw new AssertionError("no order " + key + " in " + result.projections().outbox().entries());
        }
        return entry;
    }

    /** The ActionRefused of the journal, in order: reason, and the rule when the risk gate decided. */
    static List<String> refusals(final Path journal)
    {
        final List<String> refusals = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final ActionRefusedDecoder refused = new ActionRefusedDecoder();
        Journals.readValid(journal, (index, buffer, offset, length) ->
        {
            header.wrap(buffer, offset);
            if (header.templateId() == ActionRefusedDecoder.TEMPLATE_ID)
            {
                refused.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                refusals.add(refused.reason() + (refused.rule() == RiskRule.NONE ? "" : ":" + refused.rule()));
            }
        });
        return refusals;
    }

    private static int cancelsSent(final Path journal)
    {
        return traces(journal, CancelSentDecoder.TEMPLATE_ID);
    }

    static int traces(final Path journal, final int templateId)
    {
        final int[] count = {0};
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        Journals.readValid(journal, (index, buffer, offset, length) ->
        {
            header.wrap(buffer, offset);
            count[0] += header.templateId() == templateId ? 1 : 0;
        });
        return count[0];
    }

    private static String key(final int n)
    {
        return String.format("%064x", n);
    }

    static long ts(final String iso)
    {
        final java.time.Instant instant = java.time.Instant.parse(iso);
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}

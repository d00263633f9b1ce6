package io.noctria.engine.runtime;

import io.noctria.codecs.sbe.*;
import io.noctria.engine.core.IdempotencyKeys;
import io.noctria.engine.testing.ChildProcesses;
import io.noctria.engine.testing.Cli;
import io.noctria.engine.testing.EngineProcess;
import io.noctria.engine.testing.ProcessTest;
import io.noctria.engine.testing.ReplayIdentity;
import io.noctria.journal.DataDirectory;
import io.noctria.replay.ReplayResult;
import io.noctria.replay.Replayer;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static io.noctria.engine.runtime.OrderActionsProcessTest.action;
import static io.noctria.engine.runtime.OrderActionsProcessTest.entry;
import static io.noctria.engine.runtime.OrderActionsProcessTest.refusals;
import static io.noctria.engine.runtime.OrderActionsProcessTest.TS;
import static io.noctria.engine.runtime.OrderActionsProcessTest.ts;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Cancel and replace over real FIX 4.4 sockets between real processes (issue 13): {@code noctria fix-venue}
 * (Philadelphia, the simulator's cancel and replace behind it) and {@code noctria run} with {@code broker: {mode:
 * fix}} (QuickFIX/J) as child JVMs, one engine and one venue for every scenario. GTC and DAY orders that fill slowly
 * (the first partial fill at the ack, the next a minute later); then {@code submit} lines with {@code "action":
 * "cancel"} / {@code "replace"}: a cancel ends its order Canceled by the venue (ExecType 4), a replace down (qty and
 * price) and a replace up within the position limit are Replaced (5), a replace up beyond it is refused by the risk
 * gate and never sent. Too late to cancel: a FOK order and its cancel in one file; the venue takes the order, logs
 * out ({@code --disconnect-after}) and fills it with nobody to tell, so the cancel reaches it by resend after the
 * engine's next logon, when the venue's held fill has made the order FILLED: OrderCancelReject (9) with CxlRejReason
 * 0, journaled as CancelReject, the order stays FILLED. Last a signed pause with {@code pause.cancel_working: true}
 * cancels every order still working over FIX. The venue takes each ClOrdID (order, cancel, replace) once, and
 * {@code noctria replay} of the journal rebuilds the live engine's reports byte for byte.
 */
class FixOrderActionsProcessTest
{
    @RegisterExtension
    final ChildProcesses processes = ChildProcesses.withSecret(SECRET);

    /** The engine's HMAC secret (NOCTRIA_IDEMPOTENCY_SECRET): the test derives the orders' keys with it. */
    private final IdempotencyKeys hmac = new IdempotencyKeys(SECRET.getBytes(StandardCharsets.US_ASCII));

    @ProcessTest
    void shouldCancelReplaceRefuseTooLateAndCancelAllOnPauseOverFix() throws Exception
    {
        final String late = hmac.computeHex("USDJPY", Side.BUY, 100_000_000L, ts(TS), "fix-late");
        final int port = ChildProcesses.freePort();
        final Path config = FixVenueProcessTest.writeFixConfig(processes.dir("engine.yml"), port,
            "pause: {cancel_working: true}\nbroker_sim:\n  transient_error_probability: 0\n" +
            "  reject_probability: 0\n  expire_probability: 0\n  partial_fill_probability: 1\n" +
            "  fill_interval_us: 60000000\n  ack_latency_us: 1000\n  cancel_latency_us: 1000\n" +
            "  faults: {fill_before_ack_probability: 1}\n");
        final Path data = processes.dir("engine");
        final Path journal = new DataDirectory(data).queue(DataDirectory.JOURNAL);
        final String[] traces = {"fix-cancel", "fix-down", "fix-up", "fix-refused", "fix-halt"};
        final String[] keys = new String[traces.length];
        final List<String> orders = new ArrayList<>();
        for (int i = 0; i < traces.length; i++)
        {
            orders.add(order(traces[i], i == 1 ? "DAY" : "GTC"));
            keys[i] = hmac.computeHex("USDJPY", Side.BUY, 100_000_000L, ts(TS), traces[i]);
        }
        final Path venueDir = processes.dir("venue");
        // The venue logs out right after its sixth order (the FOK one) and fills it with no session to tell.
        final ChildProcesses.Venue venue = processes.fixVenue("fix-venue", venueDir, port, "--config",
            config.toString(), "--seed", "13", "--disconnect-after", "6");
        final ChildProcesses.OperatorKeys operator = processes.operator("ops-test");
        final Path live = processes.dir("live");
        try (EngineProcess engine = processes.engine("engine", data, config, "--operators",
            operator.operators().toString(), "--report", live.toString()))
        {
            submit(data, orders, "orders.jsonl");
            awaitJournal(engine, journal, "every order working, partly filled", r ->
                r.projections().outbox().entries().size() == traces.length && r.projections().outbox().entries()
                    .stream().allMatch(e -> e.state() == EngineOrderState.PARTIALLY_FILLED));

            // A cancel; replaces down in qty and price, up within the position limit, up beyond it.
            final String[] terms = {"", ",\"qty\":80,\"price\":149.5", ",\"qty\":300", ",\"qty\":5000"};
            final List<String> actions = new ArrayList<>();
            for (int i = 0; i < terms.length; i++)
            {
                actions.add(action(i == 0 ? "cancel" : "replace", keys[i], actionKey(i + 1), terms[i]));
            }
            submit(data, actions, "actions.jsonl");
            awaitJournal(engine, journal, "the cancel done, both replaces answered, one refused", r ->
                entry(r, keys[0]).state() == EngineOrderState.CANCELED &&
                entry(r, keys[1]).state() == EngineOrderState.REPLACED &&
                entry(r, keys[2]).state() == EngineOrderState.REPLACED && refusals(journal).size() == 1);
            final ReplayResult acted = new Replayer(journal).replay();
            assertEquals(80_000_000L, entry(acted, keys[1]).qty(), "replaced down to 80");
            assertEquals(300_000_000L, entry(acted, keys[2]).qty(), "replaced up to 300 through the risk gate");
            assertEquals(100_000_000L, entry(acted, keys[3]).qty(), "the refused replace changed nothing");
            assertEquals(EngineOrderState.PARTIALLY_FILLED, entry(acted, keys[3]).state());
            assertEquals(List.of("RISK_REJECTED:MAX_POSITION_NOTIONAL"), refusals(journal));

            submit(data, List.of(order("fix-late", "FOK"), action("cancel", late, actionKey(5), "")), "late.jsonl");
            awaitJournal(engine, journal, "the FOK order filled and its cancel refused too late", r ->
                entry(r, late).state() == EngineOrderState.FILLED &&
                FixVenueProcessTest.count(journal).containsKey("CancelReject"));

            assertEquals(0, Cli.run("pause", "--on", "--reason", "halt drill", "--key", operator.key().toString(),
                "--data-dir", data.toString()));
            awaitJournal(engine, journal, "the pause canceled every working order over FIX", r ->
                r.projections().outbox().entries().stream().allMatch(e -> e.idempotencyKey().equals(late) ?
                    e.state() == EngineOrderState.FILLED : e.state() == EngineOrderState.CANCELED));
            assertEquals(0, engine.stop(), "every order final: a clean stop drains at once: " + engine.log());
        }
        venue.stop();
        final String venueLog = venue.log();
        final Map<String, Integer> kinds = FixVenueProcessTest.count(journal, true);
        assertEquals(6, kinds.get("OrderSent"), kinds.toString());
        assertEquals(2, kinds.get("ReplaceSent"), "the replace the risk gate refused was never sent: " + kinds);
        assertEquals(1, kinds.get("Replaced:80000000@149500000"), "down in qty and price: " + kinds);
        assertEquals(1, kinds.get("Replaced:300000000@150000000"), "up in qty: " + kinds);
        assertEquals(6, kinds.get("CancelSent"), "the cancel, the late one, four by the pause: " + kinds);
        assertEquals(5, kinds.get("Canceled"), kinds.toString());
        assertEquals(1, kinds.get("CancelReject"), kinds.toString());
        assertEquals(1, kinds.get("CancelReject:TOO_LATE_TO_CANCEL:CANCEL"), kinds.toString());
        assertTrue(venueLog.contains("scripted disconnect"), venueLog);

        final Set<String> sent = new HashSet<>();
        kinds.forEach((kind, n) ->
        {
            if (kind.startsWith("ClOrdID:"))
            {
                sent.add(kind.substring("ClOrdID:".length()));
                assertEquals(1, n, "the engine sent each ClOrdID once: " + kind);
            }
        });
        FixVenueProcessTest.assertTookEachOnce(venueDir, sent,
            "the venue took the engine's orders, cancels and replaces: " + venueLog);
        assertTrue(Files.readAllLines(venueDir.resolve("orders-received.txt")).stream()
            .anyMatch(line -> line.startsWith("C") && line.endsWith(" Y taken")),
            "the late cancel came by resend after the logon (PossDupFlag Y): " + venueLog);

        ReplayIdentity.assertReplayRebuilds(data, live, processes.dir("replayed"));
    }

    /**
     * Waits as OrderActionsProcessTest does; a timeout shows what the journal and the venue said, and what each of the
     * engine's threads was doing.
     */
    private void awaitJournal(final EngineProcess engine, final Path journal, final String what,
        final Predicate<ReplayResult> condition) throws Exception
    {
        try
        {
            OrderActionsProcessTest.awaitJournal(journal, what, condition);
        }
        catch (final AssertionError ex)
        {
            final StringBuilder orders = new StringBuilder();
            new Replayer(journal).replay().projections().outbox().entries().forEach(e -> orders.append(e.traceId())
                .append(' ').append(e.state()).append(' ').append(e.qty()).append(' ').append(e.clOrdId()).append('\n'));
            throw new AssertionError(ex.getMessage() + "\n" + orders + FixVenueProcessTest.count(journal) + "\n" +
                refusals(journal) + "\n" + processes.jvm().logOf("fix-venue") + "\n" + processes.jvm().logOf("engine") +
                "\n" + engine.threadDump(), ex);
        }
    }

    /**
     * An action's idempotency key that differs from the others in its first hex digits: the request's ClOrdID (C or R
     * and the key's first 31 hex digits) is what the venue knows the action by, and must be unique.
     */
    private static String actionKey(final int n)
    {
        return Integer.toHexString(n).repeat(64);
    }

    private static String order(final String trace, final String tif)
    {
        return "{\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":100,\"price\":150,\"order_type\":\"LIMIT\",\"tif\":\"" +
            tif + "\",\"trace_id\":\"" + trace + "\",\"ts\":\"" + TS + "\"}";
    }

    private void submit(final Path data, final List<String> lines, final String name) throws Exception
    {
        final Path file = processes.dir(name);
        Files.write(file, lines);
        assertEquals(0, Cli.run("submit", "--data-dir", data.toString(), file.toString()));
    }

    private static final String SECRET = "fix-order-actions-test-secret-of-32-bytes";
}

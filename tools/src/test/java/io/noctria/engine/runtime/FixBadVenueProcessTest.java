package io.noctria.engine.runtime;

import io.noctria.codecs.sbe.*;
import io.noctria.engine.core.OutboxEntry;
import io.noctria.engine.testing.ChildProcesses;
import io.noctria.engine.testing.Cli;
import io.noctria.engine.testing.EngineProcess;
import io.noctria.engine.testing.Journals;
import io.noctria.engine.testing.ProcessTest;
import io.noctria.engine.testing.RawFixVenue;
import io.noctria.journal.DataDirectory;
import io.noctria.replay.ReplayResult;
import io.noctria.replay.Replayer;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A venue that misbehaves, over a real FIX socket: the test is the acceptor, a FIX counterparty written by hand (raw
 * tag=value, its own BodyLength and CheckSum), and {@code noctria run} with {@code broker: {mode: fix}} the engine in
 * a child JVM. The venue sends a report for a ClOrdID the engine never sent, a fill beyond an order's qty, a fill and
 * a cancel for an order already filled, a fill whose price does not parse and a garbled message (wrong CheckSum);
 * between them it acks and fills each order properly. The claim is about the engine's journal: every piece of bad
 * input is there as an alert (the gateway's refusals as {@code VenueInputRefused} with their {@code Alert}, the
 * core's own refusals of illegal reports as theirs), nothing is booked twice or beyond an order's qty, and the
 * engine keeps running and trading (an order submitted afterwards fills).
 */
class FixBadVenueProcessTest
{
    private static final long TIMEOUT_S = 60;

    @RegisterExtension
    final ChildProcesses processes = ChildProcesses.withSecret("fix-bad-venue-process-test-secret-32b");
    private int submitted;

    @ProcessTest
    void shouldJournalAlertsForBadVenueInputBookNothingTwiceAndKeepTrading() throws Exception
    {
        final int port = ChildProcesses.freePort();
        final Path dataDir = processes.dir("engine");
        final Path journal = new DataDirectory(dataDir).queue(DataDirectory.JOURNAL);
        final Path config = processes.dir("engine.yml");
        Files.writeString(config, "idempotency: {require_key: false, require_auth: false}\nclock: {max_skew_ms: 0}\n" +
            "broker: {mode: fix, port: " + port + ", sender_comp_id: NOCTRIA, target_comp_id: VENUE, heartbeat_s: 5, " +
            "reconnect_s: 1}\n");
        final ReplayResult result;
        try (ServerSocket server = new ServerSocket(port);
            EngineProcess engine = processes.engine("engine", dataDir, config))
        {
            server.setSoTimeout((int)TimeUnit.SECONDS.toMillis(TIMEOUT_S));
            try (RawFixVenue venue = new RawFixVenue(server.accept(), TIMEOUT_S))
            {
                venue.logon();
                submit(dataDir, "a", 2, "b", 1, "c", 1);
                final String a = venue.nextOrder();
                final String b = venue.nextOrder();
                final String c = venue.nextOrder();

                venue.report(a, '0', '0', 0, null, 0, 2, "a-ack");
                venue.report(a, 'F', '2', 2, "150.1", 2, 0, "a-fill");
                venue.report(a, 'F', '2', 1, "150.1", 3, 0, "a-fill-after-final");
                venue.report(a, '4', '4', 0, null, 2, 0, "a-cancel-after-final");
                venue.report(b, '0', '0', 0, null, 0, 1, "b-ack");
                venue.report(b, 'F', '2', 5, "150.1", 5, 0, "b-fill-beyond-qty");
                venue.garbled();
                venue.report("N" + "f".repeat(31), 'F', '2', 1, "150.1", 1, 0, "stranger-fill");
                venue.report(b, 'F', '2', 1, "150.1", 1, 0, "b-fill");
                venue.report(c, '0', '0', 0, null, 0, 1, "c-ack");
                venue.report(c, 'F', '2', 1, "150.1234567", 1, 0, "c-fill-unparseable");
                venue.report(c, 'F', '2', 1, "150.2", 1, 0, "c-fill");

                // Still trading: an order submitted after all that is sent, acked and filled.
                submit(dataDir, "d", 1);
                final String d = venue.nextOrder();
                venue.report(d, '0', '0', 0, null, 0, 1, "d-ack");
                venue.report(d, 'F', '2', 1, "150.3", 1, 0, "d-fill");
                engine.awaitJournal(() -> FixVenueProcessTest.count(journal),
                    counts -> counts.getOrDefault("Fill:FULL", 0) >= 6 && counts.getOrDefault("VenueInputRefused", 0) >= 3,
                    "every report of the script journaled");
                engine.awaitBrokerQuiet();
                assertTrue(engine.isAlive(), engine.log());
            }
            result = new Replayer(journal).replay();
            assertEquals(0, engine.stop(), engine.log());
        }

        final List<String> alerts = alerts(journal);
        final String all = String.join("\n", alerts);
        final Map<String, OutboxEntry> orders = new HashMap<>();
        for (final OutboxEntry entry : result.projections().outbox().entries())
        {
            orders.put(entry.traceId(), entry);
        }
        assertEquals(4, orders.size(), orders.toString());
        final long[] filled = { 2, 1, 1, 1 };
        final String[] traces = { "bad-a", "bad-b", "bad-c", "bad-d" };
        for (int i = 0; i < traces.length; i++)
        {
            final OutboxEntry order = orders.get(traces[i]);
            assertEquals(EngineOrderState.FILLED, order.state(), order + "\n" + all);
            assertEquals(filled[i] * 1_000_000, order.filledQty(), "booked once, never beyond its qty: " + order);
        }
        assertEquals(1, matching(alerts, "CRITICAL VENUE_REPORT_REFUSED", "UNKNOWN_CLORDID", "ClOrdID N" +
            "f".repeat(31)), all);
        assertEquals(1, matching(alerts, "CRITICAL VENUE_REPORT_REFUSED", "UNPARSEABLE_FIELD", "tag 31 = \"150.1234567\""),
            all);
        assertEquals(1, matching(alerts, "WARNING ILLEGAL_TRANSITION", "Fill of qty 5", "is invalid"), all);
        assertEquals(2, matching(alerts, "WARNING ILLEGAL_TRANSITION", "in state FILLED", ""),
            "the fill and the cancel after the order filled: " + all);
        assertTrue(matching(alerts, "WARNING VENUE_SESSION_ERROR", "SESSION_ERROR", "") >= 1,
            "the garbled message: " + all);
        assertEquals(2, result.projections().kpis().alerts(Severity.CRITICAL, AlertCode.VENUE_REPORT_REFUSED),
            "replay counts them by code");
        final io.noctria.engine.testing.CommandResult tail = Cli.execute("tail", "--data-dir", dataDir.toString(),
            "--type", "VenueInputRefused,Alert");
        assertEquals(0, tail.code(), tail.toString());
        assertTrue(tail.out().contains("VenueInputRefused") && tail.out().contains("UNKNOWN_CLORDID") &&
            tail.out().contains("VENUE_SESSION_ERROR"), "tail shows the refusals and their alerts: " + tail.out());
    }

    /** Submits orders as (name, qty) pairs: trace {@code bad-<name>}, a BUY LIMIT DAY of USDJPY. */
    private void submit(final Path dataDir, final Object... orders) throws Exception
    {
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < orders.length; i += 2)
        {
            lines.add("{\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":" + orders[i + 1] + ",\"price\":150.5," +
                "\"order_type\":\"LIMIT\",\"tif\":\"DAY\",\"trace_id\":\"bad-" + orders[i] + "\",\"strategy\":\"bad\"," +
                "\"ts\":\"2026-01-06T10:00:0" + submitted++ + "Z\"}");
        }
        final Path file = Files.createTempFile(processes.work(), "orders", ".jsonl");
        Files.write(file, lines);
        assertEquals(0, Cli.run("submit", "--data-dir", dataDir.toString(), file.toString()));
    }

    /** @return every Alert of the journal as "SEVERITY CODE: message". */
    private static List<String> alerts(final Path journal)
    {
        final List<String> alerts = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final AlertDecoder alert = new AlertDecoder();
        Journals.readValid(journal, (index, buffer, offset, length) ->
        {
            if (header.wrap(buffer, offset).templateId() == AlertDecoder.TEMPLATE_ID)
            {
                alert.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                alerts.add(alert.severity() + " " + alert.code() + ": " + alert.message());
            }
        });
        return alerts;
    }

    private static long matching(final List<String> alerts, final String prefix, final String text, final String more)
    {
        return alerts.stream().filter(a -> a.startsWith(prefix) && a.contains(text) && a.contains(more)).count();
    }
}

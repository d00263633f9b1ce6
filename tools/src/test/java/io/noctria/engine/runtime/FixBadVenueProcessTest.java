package io.noctria.engine.runtime;

import io.noctria.codecs.sbe.*;
import io.noctria.engine.core.OutboxEntry;
import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.Cli;
import io.noctria.engine.testing.EngineProcess;
import io.noctria.engine.testing.Journals;
import io.noctria.engine.testing.ProcessTest;
import io.noctria.journal.DataDirectory;
import io.noctria.replay.ReplayResult;
import io.noctria.replay.Replayer;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
    private static final char SOH = '\u0001';
    private static final long TIMEOUT_S = 60;
    private static final DateTimeFormatter SENDING_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSS");

    @TempDir
    Path work;
    private int submitted;

    @ProcessTest
    void shouldJournalAlertsForBadVenueInputBookNothingTwiceAndKeepTrading() throws Exception
    {
        final int port = FixVenueProcessTest.freePort();
        final Path dataDir = work.resolve("engine");
        final Path journal = new DataDirectory(dataDir).queue(DataDirectory.JOURNAL);
        final Path config = work.resolve("engine.yml");
        Files.writeString(config, "idempotency: {require_key: false, require_auth: false}\nclock: {max_skew_ms: 0}\n" +
            "broker: {mode: fix, port: " + port + ", sender_comp_id: NOCTRIA, target_comp_id: VENUE, heartbeat_s: 5, " +
            "reconnect_s: 1}\n");
        final ReplayResult result;
        try (ServerSocket server = new ServerSocket(port);
            EngineProcess engine = EngineProcess.run(ChildJvm.in(work).heap("384m")
                .env("NOCTRIA_IDEMPOTENCY_SECRET", "fix-bad-venue-process-test-secret-32b"), "engine", dataDir,
                "--config", config.toString(), "--policy", ChildJvm.configs().resolve("risk_policy.yml").toString()))
        {
            server.setSoTimeout((int)TimeUnit.SECONDS.toMillis(TIMEOUT_S));
            try (RawVenue venue = new RawVenue(server.accept()))
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
        final Path file = Files.createTempFile(work, "orders", ".jsonl");
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

    /**
     * The venue's side of one FIX 4.4 session, by hand: a reader thread answers TestRequests and ResendRequests (with
     * a gap fill: it keeps no messages) and queues everything else; writes number the messages.
     */
    private static final class RawVenue implements AutoCloseable
    {
        private final Socket socket;
        private final OutputStream out;
        private final BlockingQueue<Map<Integer, String>> received = new LinkedBlockingQueue<>();
        private final Thread reader;
        private int nextSeqNum = 1;
        private volatile IOException readFailure;

        RawVenue(final Socket socket) throws IOException
        {
            this.socket = socket;
            this.out = socket.getOutputStream();
            final InputStream in = new BufferedInputStream(socket.getInputStream());
            this.reader = new Thread(() -> read(in), "raw-fix-venue");
            reader.setDaemon(true);
            reader.start();
        }

        void logon() throws Exception
        {
            final Map<Integer, String> logon = next("A");
            send("A", "98=0" + SOH + "108=" + logon.get(108) + SOH);
        }

        /** @return the ClOrdID of the next NewOrderSingle. */
        String nextOrder() throws Exception
        {
            return next("D").get(11);
        }

        void report(final String clOrdId, final char execType, final char ordStatus, final long lastQty,
            final String lastPx, final long cumQty, final long leavesQty, final String execId) throws IOException
        {
            final StringBuilder body = new StringBuilder()
                .append("37=").append(Math.abs(clOrdId.hashCode())).append(SOH)
                .append("11=").append(clOrdId).append(SOH)
                .append("17=").append(execId).append(SOH)
                .append("150=").append(execType).append(SOH)
                .append("39=").append(ordStatus).append(SOH)
                .append("55=USDJPY").append(SOH).append("54=1").append(SOH)
                .append("151=").append(leavesQty).append(SOH)
                .append("14=").append(cumQty).append(SOH)
                .append("6=").append(null == lastPx ? "0" : lastPx).append(SOH)
                .append("60=").append(now()).append(SOH);
            if (null != lastPx)
            {
                body.append("32=").append(lastQty).append(SOH).append("31=").append(lastPx).append(SOH);
            }
            send("8", body.toString());
        }

        /** A Heartbeat whose CheckSum is wrong: the session layer drops it; its MsgSeqNum is used again next. */
        synchronized void garbled() throws IOException
        {
            final String message = frame("0", nextSeqNum, "");
            final int sum = Integer.parseInt(message.substring(message.length() - 4, message.length() - 1));
            out.write((message.substring(0, message.length() - 4) + String.format("%03d", (sum + 1) % 256) + SOH)
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        synchronized void send(final String msgType, final String body) throws IOException
        {
            out.write(frame(msgType, nextSeqNum++, body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        private static String frame(final String msgType, final int seqNum, final String body)
        {
            final String content = "35=" + msgType + SOH + "49=VENUE" + SOH + "56=NOCTRIA" + SOH + "34=" + seqNum + SOH +
                "52=" + now() + SOH + body;
            final String message = "8=FIX.4.4" + SOH + "9=" + content.length() + SOH + content;
            int sum = 0;
            for (int i = 0; i < message.length(); i++)
            {
                sum += message.charAt(i);
            }
            return message + "10=" + String.format("%03d", sum % 256) + SOH;
        }

        private static String now()
        {
            return SENDING_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        }

        /** @return the next message of {@code msgType} from the engine (session messages in between are answered). */
        private Map<Integer, String> next(final String msgType) throws Exception
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            while (System.nanoTime() < deadline)
            {
                final Map<Integer, String> message = received.poll(100, TimeUnit.MILLISECONDS);
                if (null != message && msgType.equals(message.get(35)))
                {
                    return message;
                }
                if (null != message && "5".equals(message.get(35)))
                {
                    fail("the engine logged out: " + message);
                }
                if (null != readFailure)
                {
                    throw new AssertionError("the engine's connection ended waiting for MsgType " + msgType, readFailure);
                }
            }
            throw new AssertionError("no MsgType " + msgType + " from the engine in " + TIMEOUT_S + " s");
        }

        private void read(final InputStream in)
        {
            try
            {
                Map<Integer, String> message = new HashMap<>();
                final StringBuilder field = new StringBuilder();
                for (int b = in.read(); b >= 0; b = in.read())
                {
                    if (b != SOH)
                    {
                        field.append((char)b);
                        continue;
                    }
                    final int eq = field.indexOf("=");
                    message.putIfAbsent(Integer.parseInt(field.substring(0, eq)), field.substring(eq + 1));
                    final boolean end = field.indexOf("10=") == 0;
                    field.setLength(0);
                    if (end)
                    {
                        answer(message);
                        message = new HashMap<>();
                    }
                }
                readFailure = new IOException("end of stream");
            }
            catch (final IOException ex)
            {
                readFailure = ex;
            }
        }

        private void answer(final Map<Integer, String> message) throws IOException
        {
            final String type = message.get(35);
            if ("1".equals(type))
            {
                send("0", "112=" + message.get(112) + SOH);
            }
            else if ("2".equals(type))
            {
                // No store: a SequenceReset in reset mode (taken whatever its MsgSeqNum) to the next number, as
                // fix-venue answers.
                synchronized (this)
                {
                    out.write(frame("4", nextSeqNum, "123=N" + SOH + "36=" + nextSeqNum + SOH)
                        .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
            else if (!"0".equals(type))
            {
                received.add(message);
            }
        }

        @Override
        public void close() throws Exception
        {
            socket.close();
            reader.join(TimeUnit.SECONDS.toMillis(5));
        }
    }
}

package io.noctria.engine.fix.venue;

import io.noctria.engine.broker.SimulatedBrokerSettings;
import io.noctria.engine.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code fix-venue}'s session layer against a FIX client written here by hand (raw tag=value over a socket, its own
 * BodyLength and CheckSum): the Logon rules, CompID checks, sequence numbers kept across a venue restart and reset by
 * ResetSeqNumFlag, an order and a status request answered, cancels and replaces answered (Canceled, Replaced,
 * OrderCancelReject), cancel-on-disconnect. The process tests cover the gateway (QuickFIX/J) against it.
 */
class PhiladelphiaVenueSessionTest
{
    private static final long SEED = 4242;
    private static final String SOH = "\u0001";

    @TempDir
    Path work;

    private PhiladelphiaVenue venue;
    private Thread loop;
    private volatile boolean running;
    private int port;

    @AfterEach
    void stop() throws Exception
    {
        stopVenue();
    }

    @Test
    void shouldRefuseALogonWithOtherCompIdsWithALogout() throws Exception
    {
        startVenue();
        try (Client client = new Client(port, "INTRUDER", "VENUE"))
        {
            final String logout = client.logOn(1, "");
            assertEquals("5", field(logout, 35), logout);
            assertTrue(field(logout, 58).startsWith("wrong CompID"), logout);
            assertTrue(client.closed(), "the venue closed the connection");
        }
        assertEquals(1, stopVenue().sessionErrors());
    }

    @Test
    void shouldTakeAnOrderAnswerAStatusRequestAndKeepSequenceNumbersAcrossARestart() throws Exception
    {
        startVenue();
        try (Client client = new Client(port, "NOCTRIA", "VENUE"))
        {
            final String logon = client.logOn(1, "");
            assertEquals("A", field(logon, 35), logon);
            assertEquals("1", field(logon, 34), logon);
            assertEquals("1", field(logon, 108), "the engine's HeartBtInt taken: " + logon);
            assertEquals("VENUE", field(logon, 49), logon);
            assertEquals("NOCTRIA", field(logon, 56), logon);

            client.send("D", 2, "11=ORD-1" + SOH + "21=1" + SOH + "55=EURUSD" + SOH + "54=1" + SOH +
                "60=20260106-10:00:00.000" + SOH + "38=2.5" + SOH + "40=2" + SOH + "44=1.1" + SOH + "59=1" + SOH);
            final String report = client.readType("8");
            assertEquals("ORD-1", field(report, 11), report);
            for (final int tag : new int[] {37, 17, 150, 39, 54, 55, 151, 14, 6, 60})
            {
                assertNotNull(field(report, tag), "ExecutionReport field " + tag + " (FIX 4.4 requires it): " + report);
            }

            client.send("H", 3, "11=NEVER-SENT" + SOH + "790=77" + SOH + "54=2" + SOH + "55=USDJPY" + SOH);
            final String status = client.readWith(790, "77");
            assertEquals("I", field(status, 150), status);
            assertEquals("8", field(status, 39), status);
            assertEquals("5", field(status, 103), "unknown order: " + status);
            assertEquals("2", field(status, 54), "the side asked about: " + status);
            assertEquals("USDJPY", field(status, 55), status);
        }
        final PhiladelphiaVenue first = stopVenue();
        assertEquals(1, first.ordersTaken());
        final String[] kept = Files.readString(work.resolve("session").resolve("seqnums")).trim().split(" ");
        assertEquals(4, Long.parseLong(kept[0]), "Logon, D and H taken in: " + String.join(" ", kept));
        final long nextOut = Long.parseLong(kept[1]);
        assertTrue(nextOut >= 2 + first.reportsSent(), "Logon and the reports went out: " + nextOut);
        assertEquals(List.of("ORD-1 2 N taken"), Files.readAllLines(work.resolve("orders-received.txt")));

        startVenue();
        try (Client client = new Client(port, "NOCTRIA", "VENUE"))
        {
            final String logon = client.logOn(4, "");
            assertEquals(Long.toString(nextOut), field(logon, 34), "the venue's numbers continue: " + logon);
            assertNull(field(logon, 141), logon);

            // The order died with the first life, its ClOrdID did not: a D under it again is a duplicate order.
            client.send("D", 5, "11=ORD-1" + SOH + "21=1" + SOH + "55=EURUSD" + SOH + "54=1" + SOH +
                "60=20260106-10:00:01.000" + SOH + "38=2.5" + SOH + "40=2" + SOH + "44=1.1" + SOH + "59=1" + SOH);
            final String refused = client.readType("8");
            assertEquals("ORD-1", field(refused, 11), refused);
            assertEquals("8", field(refused, 150), refused);
            assertEquals("6", field(refused, 103), "duplicate order: " + refused);
        }
        assertEquals(0, stopVenue().ordersTaken(), "not taken a second time");
        assertEquals(List.of("ORD-1 2 N taken", "ORD-1 5 N duplicate-refused"),
            Files.readAllLines(work.resolve("orders-received.txt")));

        startVenue();
        try (Client client = new Client(port, "NOCTRIA", "VENUE"))
        {
            final String logon = client.logOn(1, "141=Y" + SOH);
            assertEquals("1", field(logon, 34), "ResetSeqNumFlag: both sides start at 1: " + logon);
            assertEquals("Y", field(logon, 141), logon);
        }
    }

    @Test
    void shouldAskForTheGapWhenTheLogonIsAboveTheExpectedNumber() throws Exception
    {
        startVenue();
        try (Client client = new Client(port, "NOCTRIA", "VENUE"))
        {
            assertEquals("A", field(client.logOn(5, ""), 35));
            final String resend = client.readType("2");
            assertEquals("1", field(resend, 7), resend);
            assertEquals("0", field(resend, 16), "to the end: " + resend);
            final String reset = client.readType("4");
            assertNull(field(reset, 123), "reset mode, taken whatever its number: " + reset);
            assertEquals(Long.parseLong(field(reset, 34)) + 1, Long.parseLong(field(reset, 36)),
                "to the number after it: the venue has nothing to resend before it: " + reset);
        }
    }

    @Test
    void shouldReplaceCancelAndRefuseTooLateAndUnknownOrders() throws Exception
    {
        // One full fill a second after the ack: time to act on the working order.
        try (Client client = workingOrder(1_000_000_000L, false))
        {
            client.send("G", 3, replace("REP-1", "ORD-1"));
            // Working on the new terms, nothing filled (OrdStatus 0).
            assertFields(client.readWith(11, "REP-1"), "150=5", "41=ORD-1", "39=0", "38=4", "44=1.05", "151=4", "14=0");
            final String fill = client.readWith(150, "F");
            assertEquals("REP-1", field(fill, 11), "later reports name the order by the replace's ClOrdID: " + fill);
            assertEquals("4", field(fill, 32), "the fill is against the new qty: " + fill);
            assertEquals("0", field(fill, 151), fill);
            assertEquals("2", field(fill, 39), fill);

            client.send("F", 4, cancel("CXL-1", "REP-1"));
            // Too late to cancel (102=0), answering a cancel (434=1); the order's status: filled.
            assertFields(client.readWith(11, "CXL-1"), "35=9", "102=0", "434=1", "41=REP-1", "39=2");

            client.send("D", 5, newOrder("ORD-2", "3"));
            assertEquals("0", field(client.readWith(11, "ORD-2"), 150));
            client.send("F", 6, cancel("CXL-2", "ORD-2"));
            final String canceled = client.readWith(11, "CXL-2");
            assertFields(canceled, "35=8", "150=4", "39=4", "41=ORD-2", "151=0");
            for (final int tag : new int[] {37, 17, 54, 55, 14, 6, 60})
            {
                assertNotNull(field(canceled, tag), "ExecutionReport field " + tag + " (FIX 4.4 requires it): " + canceled);
            }

            client.send("F", 7, cancel("CXL-3", "NEVER-SENT"));
            // Unknown order (102=1): no OrderID, OrdStatus rejected.
            assertFields(client.readWith(11, "CXL-3"), "35=9", "102=1", "434=1", "37=NONE", "41=NEVER-SENT", "39=8");
            client.send("G", 8, replace("REP-2", "NEVER-SENT"));
            assertFields(client.readWith(11, "REP-2"), "35=9", "102=1", "434=2");
        }
        stopVenue();
        assertEquals(List.of("ORD-1 2 N taken", "REP-1 3 N taken", "CXL-1 4 N taken", "ORD-2 5 N taken",
            "CXL-2 6 N taken", "CXL-3 7 N taken", "REP-2 8 N taken"), Files.readAllLines(work.resolve("orders-received.txt")));
    }

    @Test
    void shouldCancelWorkingOrdersWhenTheSessionDropsAndSendTheCanceledAfterTheNextLogon() throws Exception
    {
        try (Client client = workingOrder(60_000_000_000L, true))
        {
            assertNotNull(client, "the connection drops when the client closes it");
        }
        // Until the venue has seen the drop, a new connection is refused (one session at a time).
        final PhiladelphiaVenue polled = venue;
        Await.await("the venue canceled the working order on the drop", 5_000, () -> polled.canceledOnDisconnect() == 1);
        try (Client client = new Client(port, "NOCTRIA", "VENUE"))
        {
            assertEquals("A", field(client.logOn(3, ""), 35));
            final String canceled = client.readWith(150, "4");
            assertEquals("ORD-1", field(canceled, 11), "a cancel the venue made names the order: " + canceled);
            assertNull(field(canceled, 41), canceled);
            assertEquals("4", field(canceled, 39), canceled);
        }
        assertEquals(1, stopVenue().canceledOnDisconnect());
    }

    /** Asserts each {@code tag=value} of the message. */
    private static void assertFields(final String message, final String... expected)
    {
        for (final String pair : expected)
        {
            final int tag = Integer.parseInt(pair.substring(0, pair.indexOf('=')));
            assertEquals(pair.substring(pair.indexOf('=') + 1), field(message, tag), pair + " in " + message);
        }
    }

    /**
     * Starts a venue with no rejects, errors or expiries, one full fill {@code fillIntervalNs} after the ack, and a
     * client logged on (MsgSeqNum 1) whose order ORD-1 (10 at 1.1, MsgSeqNum 2) is acknowledged.
     */
    private Client workingOrder(final long fillIntervalNs, final boolean cancelOnDisconnect) throws Exception
    {
        startVenue(new SimulatedBrokerSettings(SEED, 0, 0, fillIntervalNs, 0, 0, 0, 0, 0, 0, 0, 64, 64),
            cancelOnDisconnect);
        final Client client = new Client(port, "NOCTRIA", "VENUE");
        assertEquals("A", field(client.logOn(1, ""), 35));
        client.send("D", 2, newOrder("ORD-1", "10"));
        assertEquals("0", field(client.readWith(11, "ORD-1"), 150));
        return client;
    }

    /** A LIMIT GTC replace to 4 at 1.05. */
    private static String replace(final String clOrdId, final String origClOrdId)
    {
        return "11=" + clOrdId + SOH + "41=" + origClOrdId + SOH + "21=1" + SOH + "55=EURUSD" + SOH + "54=1" + SOH +
            "60=20260106-10:00:01.000" + SOH + "38=4" + SOH + "40=2" + SOH + "44=1.05" + SOH + "59=1" + SOH;
    }

    private static String newOrder(final String clOrdId, final String qty)
    {
        return "11=" + clOrdId + SOH + "21=1" + SOH + "55=EURUSD" + SOH + "54=1" + SOH + "60=20260106-10:00:00.000" +
            SOH + "38=" + qty + SOH + "40=2" + SOH + "44=1.1" + SOH + "59=1" + SOH;
    }

    private static String cancel(final String clOrdId, final String origClOrdId)
    {
        return "11=" + clOrdId + SOH + "41=" + origClOrdId + SOH + "55=EURUSD" + SOH + "54=1" + SOH +
            "60=20260106-10:00:02.000" + SOH;
    }

    @Test
    void shouldRejectAnOrderWithABadQuantityAndLogOutOnASequenceNumberTooLow() throws Exception
    {
        startVenue();
        try (Client client = new Client(port, "NOCTRIA", "VENUE"))
        {
            assertEquals("A", field(client.logOn(1, ""), 35));
            client.send("D", 2, "11=BAD-QTY" + SOH + "21=1" + SOH + "55=EURUSD" + SOH + "54=1" + SOH +
                "60=20260106-10:00:00.000" + SOH + "38=1.0000001" + SOH + "40=2" + SOH + "44=1.1" + SOH + "59=1" + SOH);
            final String reject = client.readType("3");
            assertEquals("2", field(reject, 45), reject);
            assertEquals("tag 38 = \"1.0000001\" is not a decimal with at most 6 places", field(reject, 58), reject);

            client.send("0", 2, "");
            final String logout = client.readType("5");
            assertTrue(field(logout, 58).contains("MsgSeqNum 2 without PossDupFlag is below the 3 expected"), logout);
            assertTrue(client.closed(), "the venue closed the connection");
        }
        final PhiladelphiaVenue stopped = stopVenue();
        assertEquals(0, stopped.ordersTaken());
        assertEquals(2, stopped.sessionErrors());
        assertEquals(0, Files.size(work.resolve("orders-received.txt")));
    }

    private void startVenue() throws Exception
    {
        startVenue(SimulatedBrokerSettings.defaults().withSeed(SEED), false);
    }

    private void startVenue(final SimulatedBrokerSettings settings, final boolean cancelOnDisconnect) throws Exception
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        venue = new PhiladelphiaVenue(settings, port, "VENUE", "NOCTRIA", work,
            () -> TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()), 0, cancelOnDisconnect);
        venue.start();
        running = true;
        final PhiladelphiaVenue polled = venue;
        loop = new Thread(() ->
        {
            while (running)
            {
                if (polled.poll() == 0)
                {
                    Thread.onSpinWait();
                }
            }
        }, "venue-loop");
        loop.start();
    }

    /** Stops the venue's loop and closes it; its counters are read on this thread only after the loop ended. */
    private PhiladelphiaVenue stopVenue() throws Exception
    {
        final PhiladelphiaVenue stopped = venue;
        if (stopped != null)
        {
            running = false;
            loop.join(5_000);
            stopped.close();
            venue = null;
        }
        return stopped;
    }

    static String field(final String message, final int tag)
    {
        return PendingLogon.field(message, tag);
    }

    /** A FIX 4.4 initiator by hand: frames, BodyLength and CheckSum computed here, not by a FIX library. */
    private static final class Client implements AutoCloseable
    {
        private final Socket socket;
        private final InputStream in;
        private final String sender;
        private final String target;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        Client(final int port, final String sender, final String target) throws IOException
        {
            this.socket = new Socket("127.0.0.1", port);
            this.socket.setSoTimeout(5_000);
            this.in = socket.getInputStream();
            this.sender = sender;
            this.target = target;
        }

        /** Sends a Logon (HeartBtInt 1 s, {@code extra} fields after it). @return the venue's first message back. */
        String logOn(final long seqNum, final String extra) throws IOException
        {
            send("A", seqNum, "98=0" + SOH + "108=1" + SOH + extra);
            return read();
        }

        void send(final String msgType, final long seqNum, final String body) throws IOException
        {
            final String content = "35=" + msgType + SOH + "49=" + sender + SOH + "56=" + target + SOH + "34=" +
                seqNum + SOH + "52=20260106-10:00:00.000" + SOH + body;
            final String head = "8=FIX.4.4" + SOH + "9=" + content.length() + SOH + content;
            int sum = 0;
            for (final byte b : head.getBytes(StandardCharsets.US_ASCII))
            {
                sum += b;
            }
            final String message = head + "10=" + String.format("%03d", sum % 256) + SOH;
            socket.getOutputStream().write(message.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        }

        /** @return the next message, whole (blocks up to the socket timeout). */
        String read() throws IOException
        {
            while (true)
            {
                final String buffered = pending.toString(StandardCharsets.US_ASCII);
                final int trailer = buffered.indexOf(SOH + "10=");
                final int end = trailer < 0 ? -1 : buffered.indexOf(SOH, trailer + 1);
                if (end >= 0)
                {
                    pending.reset();
                    pending.write(buffered.substring(end + 1).getBytes(StandardCharsets.US_ASCII));
                    return buffered.substring(0, end + 1);
                }
                final int b = in.read();
                if (b < 0)
                {
                    throw new IOException("closed by the venue; unread: " + buffered);
                }
                pending.write(b);
            }
        }

        /** @return the next message of this type, skipping heartbeats and others. */
        String readType(final String msgType) throws IOException
        {
            for (int i = 0; i < 100; i++)
            {
                final String message = read();
                if (msgType.equals(field(message, 35)))
                {
                    return message;
                }
            }
            throw new AssertionError("no message of type " + msgType + " in 100");
        }

        String readWith(final int tag, final String value) throws IOException
        {
            for (int i = 0; i < 100; i++)
            {
                final String message = read();
                if (value.equals(field(message, tag)))
                {
                    return message;
                }
            }
            throw new AssertionError("no message with " + tag + "=" + value + " in 100");
        }

        boolean closed() throws IOException
        {
            try
            {
                return in.read() < 0;
            }
            catch (final SocketTimeoutException ex)
            {
                return false;
            }
        }

        @Override
        public void close() throws IOException
        {
            socket.close();
        }
    }
}

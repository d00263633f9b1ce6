package io.noctria.engine.fix.venue;

import com.paritytrading.philadelphia.FIXConfig;
import com.paritytrading.philadelphia.FIXConnection;
import com.paritytrading.philadelphia.FIXConnectionStatusListener;
import com.paritytrading.philadelphia.FIXException;
import com.paritytrading.philadelphia.FIXHeartbeatTimeoutException;
import com.paritytrading.philadelphia.FIXMessage;
import com.paritytrading.philadelphia.FIXRuntimeException;
import com.paritytrading.philadelphia.FIXValue;
import com.paritytrading.philadelphia.FIXVersion;
import io.noctria.engine.broker.SimulatedBroker;
import io.noctria.engine.broker.SimulatedBrokerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * {@code noctria fix-venue}: a FIX 4.4 acceptor on Philadelphia (Parity Trading's FIX engine), with the seeded venue
 * simulator behind it (docs/fix.md). The engine's gateway is QuickFIX/J, so the tests' counterparty is a FIX engine
 * not written to match ours. Each NewOrderSingle (D) becomes an {@code OrderSent} for a {@link SimulatedBroker}, whose
 * reports go back as ExecutionReports (8); an OrderStatusRequest (H) is answered by ExecType I. An OrderCancelRequest
 * (F) and an OrderCancelReplaceRequest (G) become the {@code CancelSent} and {@code ReplaceSent} the simulator answers
 * for broker-sim (one venue logic for both): Canceled (ExecType 4) when the cancel takes effect, Replaced (5) at once,
 * or OrderCancelReject (9: too late to cancel, unknown order, already pending, broker option). The simulator knows an
 * order by its own ClOrdID; the OrigClOrdID (41) of F and G may name it by that or by a Replaced's ClOrdID.
 * <p>
 * <b>Threads.</b> A blocking accept loop (thread {@code noctria-fix-venue-accept}) hands each connection over; all
 * else runs on the thread that calls {@link #poll}: the session (Philadelphia is single-threaded per connection: the
 * owner calls {@code receive} and {@code keepAlive}), the simulator and its reports. One engine session at a time.
 * <p>
 * <b>Session layer.</b> Philadelphia's, where it has one: heartbeats and test requests, MsgSeqNum checks, a resend
 * request when a message arrives above the expected number, sequence resets. What it leaves to the application is
 * done here: the acceptor reads the engine's Logon before it builds the connection (HeartBtInt and ResetSeqNumFlag
 * come from it, as an acceptor must take them), checks the CompIDs, answers the Logon, asks for the gap when the
 * Logon's MsgSeqNum is above the expected one, and keeps the next sequence numbers in {@code session/seqnums} across
 * restarts ({@link SessionSequence}). Philadelphia keeps no message store: it answers a ResendRequest with a
 * SequenceReset-GapFill, never with the messages again. Reports the venue made while no session was logged on are
 * held and sent after the next logon (new numbers, no gap). A report written to a socket the engine never read (it
 * died with it in its buffer) is gap-filled and lost to the session: the engine's reconciliation (status queries at
 * restart) is what recovers its effect.
 * <p>
 * <b>Application messages</b> (D, F, G, H) go to {@link VenueOrderEntry}, which turns them into the simulator's
 * inputs and writes each D, F and G to the {@link OrdersReceived} record ({@code orders-received.txt}). A D, F or G
 * that arrives again with PossDupFlag (43) = Y for a ClOrdID the venue already took is a resend of the same message:
 * counted and dropped. Without the flag the simulator refuses a D as a duplicate ClOrdID.
 * <p>
 * <b>Cancel-on-disconnect</b> ({@code cancelOnDisconnect}, off by default): when a logged-on session ends (a Logout, a
 * dropped connection, a session error) the venue cancels every order of it still working, in arrival order; the
 * Canceled reports (ClOrdID the order's, as for any cancel the venue makes itself) are held and sent after the next
 * logon like every report made while no session is logged on.
 * <p>
 * <b>ClOrdIDs across venue restarts.</b> The simulator's orders do not survive a restart, but the ClOrdIDs taken
 * do (read back from {@code orders-received.txt} at start): a D for one an earlier life took is a resend (PossDupFlag
 * Y: dropped) or a second order with a used ClOrdID (rejected, OrdRejReason 6), as a venue that keeps ClOrdIDs
 * unique for the day does. A status request about one is still answered "unknown order": its state is lost.
 * <p>
 * <b>Scripted disconnect</b> ({@code disconnectAfterOrders} &gt; 0): after taking that many orders the venue logs
 * out and drops the connection once, reading nothing more from it; the engine's orders sent meanwhile come back by
 * resend after it reconnects, the simulator's reports are held until then.
 * <p>
 * Why this file is over 600 lines: it is the session layer Philadelphia leaves to an acceptor (the raw Logon, CompIDs,
 * the gap at logon, sequence numbers kept across restarts, reports held while no session is logged on, the scripted
 * disconnect and cancel-on-disconnect), all of it the state of one connection, which its session events change too.
 * The order entry, the ClOrdID record and the raw Logon are classes of their own.
 */
public final class PhiladelphiaVenue implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(PhiladelphiaVenue.class);
    private static final int MAX_FIELDS = 64;
    private static final int FIELD_CAPACITY = 256;
    private static final int BUFFER_CAPACITY = 1 << 16;
    private static final long LOGON_TIMEOUT_MS = 10_000;
    private static final long LOGOUT_GRACE_MS = 2_000;
    private static final int VALUE_IS_INCORRECT = 5;

    private final SimulatedBroker broker;
    private final FixExecutionReports reports;
    private final SessionSequence sequence;
    private final OrdersReceived received;
    private final VenueOrderEntry orderEntry;
    private final LongSupplier clock;
    private final String venueCompId;
    private final String engineCompId;
    private final int port;
    private final int disconnectAfterOrders;
    private final boolean cancelOnDisconnect;
    private final AtomicReference<SocketChannel> accepted = new AtomicReference<>();
    private final ArrayDeque<HeldReport> held = new ArrayDeque<>();
    private final FIXConnectionStatusListener status = new SessionEvents();
    private final ByteBuffer drain = ByteBuffer.allocate(4096);
    private final FIXMessage reply = new FIXMessage(MAX_FIELDS, FIELD_CAPACITY);

    private ServerSocketChannel server;
    private Thread acceptor;
    private SocketChannel channel;
    private PendingLogon logon;
    private boolean resetAtLogon;
    private FIXConnection connection;
    private boolean loggedOn;
    private long closingDeadlineMs;
    private long reportsSent;
    private long sessionErrors;
    // Written by the venue's thread only; volatile so that another thread (a test, a status line) may read it.
    private volatile long canceledOnDisconnect;
    private boolean disconnectDue;
    private boolean disconnected;

    /**
     * @param settings              the simulator's settings (seed, latencies, probabilities).
     * @param port                  the TCP port to accept on (all interfaces).
     * @param venueCompId           this side's CompID (SenderCompID on what it sends).
     * @param engineCompId          the one initiator it accepts (TargetCompID on what it sends).
     * @param dataDir               holds {@code session/seqnums} and {@code orders-received.txt}.
     * @param clock                 epoch nanoseconds: the venue clock the simulator and the session run on.
     * @param disconnectAfterOrders drop the connection once after this many orders; 0: never.
     */
    public PhiladelphiaVenue(final SimulatedBrokerSettings settings, final int port, final String venueCompId,
        final String engineCompId, final Path dataDir, final LongSupplier clock, final int disconnectAfterOrders)
    {
        this(settings, port, venueCompId, engineCompId, dataDir, clock, disconnectAfterOrders, false);
    }

    /**
     * As the other constructor, and:
     *
     * @param cancelOnDisconnect when a logged-on session ends, cancel its working orders (reports held for the next
     *                           logon).
     */
    public PhiladelphiaVenue(final SimulatedBrokerSettings settings, final int port, final String venueCompId,
        final String engineCompId, final Path dataDir, final LongSupplier clock, final int disconnectAfterOrders,
        final boolean cancelOnDisconnect)
    {
        this.cancelOnDisconnect = cancelOnDisconnect;
        this.reports = new FixExecutionReports(this::deliver, clock, MAX_FIELDS, FIELD_CAPACITY);
        this.broker = new SimulatedBroker(settings, reports);
        this.clock = clock;
        this.port = port;
        this.venueCompId = venueCompId;
        this.engineCompId = engineCompId;
        this.disconnectAfterOrders = disconnectAfterOrders;
        this.received = new OrdersReceived(dataDir);
        this.orderEntry = new VenueOrderEntry(broker, reports, received, clock);
        this.sequence = new SessionSequence(dataDir.resolve("session").resolve("seqnums"));
    }

    /** Starts accepting. @throws IllegalStateException when the port cannot be bound. */
    public void start()
    {
        try
        {
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(port));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("fix-venue could not listen on port " + port + ": " + ex, ex);
        }
        acceptor = new Thread(this::acceptLoop, "noctria-fix-venue-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("fix-venue (Philadelphia) {} accepting {} on port {}, next MsgSeqNum in {} out {}", venueCompId,
            engineCompId, port, sequence.nextIn(), sequence.nextOut());
    }

    private void acceptLoop()
    {
        while (server.isOpen())
        {
            try
            {
                final SocketChannel next = server.accept();
                final SocketChannel unclaimed = accepted.getAndSet(next);
                if (unclaimed != null)
                {
                    unclaimed.close();
                }
            }
            catch (final ClosedChannelException ex)
            {
                return;
            }
            catch (final IOException ex)
            {
                LOG.warn("accept failed: {}", ex.toString());
            }
        }
    }

    /** Runs the session and delivers the simulator's reports due now; the venue loop calls this. @return work done. */
    public int poll()
    {
        final long nowNs = clock.getAsLong();
        final long nowMs = nowNs / 1_000_000L;
        int work = 0;
        if (closingDeadlineMs != 0)
        {
            work += drainClosing(nowMs);
        }
        else if (logon != null)
        {
            work += readLogon(nowMs);
        }
        else if (connection != null)
        {
            work += receive(nowMs);
        }
        work += takeConnection(nowMs);
        return work + broker.poll(nowNs);
    }

    /** @return orders in flight at the simulator (reports still due). */
    public int inFlight()
    {
        return broker.inFlight();
    }

    /** @return NewOrderSingles taken as orders. */
    public long ordersTaken()
    {
        return orderEntry.ordersTaken();
    }

    /** @return PossDupFlag resends of a ClOrdID already taken, dropped. */
    public long possDupsDropped()
    {
        return orderEntry.possDupsDropped();
    }

    public long reportsSent()
    {
        return reportsSent;
    }

    /** @return session errors: refused logons and messages, sequence numbers too low, garbled input, timeouts. */
    public long sessionErrors()
    {
        return sessionErrors;
    }

    /** @return orders the venue canceled because their session ended (cancel-on-disconnect). */
    public long canceledOnDisconnect()
    {
        return canceledOnDisconnect;
    }

    /** @return ExecutionReports and OrderCancelRejects waiting for the next logon. */
    public int reportsHeld()
    {
        return held.size();
    }

    @Override
    public void close()
    {
        if (loggedOn)
        {
            try
            {
                connection.sendLogout("fix-venue stopping");
                persist();
            }
            catch (final IOException ex)
            {
                LOG.debug("logout at stop: {}", ex.toString());
            }
        }
        dropConnection(null);
        try
        {
            if (server != null)
            {
                server.close();
                acceptor.join(5_000);
            }
            final SocketChannel unclaimed = accepted.getAndSet(null);
            if (unclaimed != null)
            {
                unclaimed.close();
            }
            received.close();
        }
        catch (final IOException ex)
        {
            LOG.warn("closing fix-venue: {}", ex.toString());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        sequence.close();
    }

    private int takeConnection(final long nowMs)
    {
        final SocketChannel next = accepted.getAndSet(null);
        if (next == null)
        {
            return 0;
        }
        if (loggedOn)
        {
            sessionErrors++;
            LOG.warn("refused a connection from {}: a session is logged on", remote(next));
            closeQuietly(next);
            return 1;
        }
        dropConnection("a new connection came");
        try
        {
            next.configureBlocking(false);
            next.socket().setTcpNoDelay(true);
        }
        catch (final IOException ex)
        {
            LOG.warn("connection from {} unusable: {}", remote(next), ex.toString());
            closeQuietly(next);
            return 1;
        }
        LOG.info("connection from {}: waiting for its Logon", remote(next));
        channel = next;
        logon = new PendingLogon(nowMs + LOGON_TIMEOUT_MS);
        return 1;
    }

    /**
     * Reads the engine's first message, which must be a Logon, before the connection is built: its HeartBtInt (108)
     * and ResetSeqNumFlag (141) set the session's heartbeat and numbering. Philadelphia then reads the same bytes.
     */
    private int readLogon(final long nowMs)
    {
        final int bytes;
        try
        {
            bytes = logon.read(channel);
        }
        catch (final IOException ex)
        {
            dropConnection("read before logon failed: " + ex);
            return 1;
        }
        if (bytes < 0)
        {
            dropConnection("closed before logging on");
            return 1;
        }
        final String first = logon.message();
        if (first == null)
        {
            if (logon.hopeless(nowMs))
            {
                refuseLogon("no complete Logon in " + logon.length() + " bytes within " + LOGON_TIMEOUT_MS + " ms");
            }
            return bytes > 0 ? 1 : 0;
        }
        final String msgType = PendingLogon.field(first, 35);
        final String heartBtInt = PendingLogon.field(first, 108);
        if (!"A".equals(msgType))
        {
            refuseLogon("first message is MsgType " + msgType + ", not a Logon (A)");
            return 1;
        }
        final int heartbeatS;
        try
        {
            heartbeatS = Integer.parseInt(heartBtInt);
        }
        catch (final NumberFormatException ex)
        {
            refuseLogon("Logon's HeartBtInt (108) = " + heartBtInt + " is not a number");
            return 1;
        }
        if (heartbeatS < 1 || heartbeatS > 3_600)
        {
            refuseLogon("Logon's HeartBtInt (108) = " + heartbeatS + " is not from 1 to 3600");
            return 1;
        }
        resetAtLogon = "Y".equals(PendingLogon.field(first, 141));
        if (resetAtLogon)
        {
            LOG.info("Logon with ResetSeqNumFlag (141) = Y: both sides start again at MsgSeqNum 1");
            sequence.store(1, 1);
        }
        final FIXConfig config = FIXConfig.newBuilder()
            .setVersion(FIXVersion.FIX_4_4)
            .setSenderCompID(venueCompId)
            .setTargetCompID(engineCompId)
            .setHeartBtInt(heartbeatS)
            .setInMsgSeqNum(sequence.nextIn())
            .setOutMsgSeqNum(sequence.nextOut())
            .setMaxFieldCount(MAX_FIELDS)
            .setFieldCapacity(FIELD_CAPACITY)
            .setRxBufferCapacity(BUFFER_CAPACITY)
            .setTxBufferCapacity(BUFFER_CAPACITY)
            .build();
        connection = new FIXConnection(logon.thenSocket(channel), channel, config, this::onMessage, status, nowMs);
        logon = null;
        return 1 + receive(nowMs);
    }

    private void refuseLogon(final String why)
    {
        sessionErrors++;
        LOG.warn("logon refused: {}", why);
        dropConnection(why);
    }

    private int receive(final long nowMs)
    {
        final FIXConnection session = connection;
        session.setCurrentTimeMillis(nowMs);
        try
        {
            final int bytes = session.receive();
            if (bytes < 0)
            {
                dropConnection("the engine closed the connection");
                return 1;
            }
            if (connection == session && loggedOn)
            {
                session.keepAlive();
                persist();
            }
            return bytes > 0 ? 1 : 0;
        }
        catch (final FIXHeartbeatTimeoutException ex)
        {
            sessionErrors++;
            dropConnection("no heartbeat within the interval after a test request");
        }
        catch (final FIXException | FIXRuntimeException ex)
        {
            // A garbled message (checksum, body length, a value that does not parse): the stream cannot be trusted.
            sessionErrors++;
            dropConnection("garbled input: " + ex);
        }
        catch (final IOException ex)
        {
            dropConnection("connection failed: " + ex);
        }
        return 1;
    }

    /**
     * Right after the order that makes the count, inside the receive that parsed it: the messages behind it in the
     * same read are not handed on (not logged on any more) and their numbers are not kept, so they come again by
     * resend after the engine's next logon.
     */
    private void scriptedDisconnect() throws IOException
    {
        if (disconnectDue && !disconnected)
        {
            disconnected = true;
            LOG.info("scripted disconnect (--disconnect-after {}) with {} orders taken", disconnectAfterOrders,
                orderEntry.ordersTaken());
            connection.sendLogout("scripted disconnect (fix-venue --disconnect-after)");
            persist();
            // Nothing more is read: what the engine sends from here on comes again by resend after its next logon.
            channel.shutdownOutput();
            connection = null;
            loggedOn = false;
            closingDeadlineMs = clock.getAsLong() / 1_000_000L + LOGOUT_GRACE_MS;
            cancelWorking("scripted disconnect");
        }
    }

    /** After our Logout: discards what arrives (it is resent later) until the engine closes, then closes. */
    private int drainClosing(final long nowMs)
    {
        try
        {
            drain.clear();
            final int bytes = channel.read(drain);
            if (bytes >= 0 && nowMs <= closingDeadlineMs)
            {
                return bytes > 0 ? 1 : 0;
            }
        }
        catch (final IOException ex)
        {
            LOG.debug("draining after logout: {}", ex.toString());
        }
        dropConnection("logged out");
        return 1;
    }

    private void dropConnection(final String why)
    {
        if (channel == null)
        {
            return;
        }
        if (why != null)
        {
            LOG.info("connection from {} closed: {} (next MsgSeqNum in {} out {}, {} reports held)", remote(channel),
                why, sequence.nextIn(), sequence.nextOut(), held.size());
        }
        final boolean sessionEnded = loggedOn;
        closeQuietly(channel);
        channel = null;
        connection = null;
        logon = null;
        loggedOn = false;
        closingDeadlineMs = 0;
        if (sessionEnded && why != null)
        {
            cancelWorking(why);
        }
    }

    /** Cancel-on-disconnect: the simulator cancels each order still working, as a venue-made cancel. */
    private void cancelWorking(final String why)
    {
        if (!cancelOnDisconnect)
        {
            return;
        }
        int canceled = 0;
        for (final String clOrdId : reports.working())
        {
            if (broker.cancel(clOrdId))
            {
                canceled++;
            }
        }
        canceledOnDisconnect = canceledOnDisconnect + canceled;
        LOG.info("cancel-on-disconnect ({}): {} working orders canceled, their reports held for the next logon", why,
            canceled);
    }

    private void persist()
    {
        if (connection != null)
        {
            sequence.store(connection.getInMsgSeqNum(), connection.getOutMsgSeqNum());
        }
    }

    /** A report body from the simulator (8 or 9): sent now when logged on, else held for the next logon. */
    private void deliver(final char msgType, final FIXMessage body)
    {
        if (!loggedOn || !send(msgType, body))
        {
            final FIXMessage copy = new FIXMessage(MAX_FIELDS, FIELD_CAPACITY);
            copyFields(body, copy);
            held.add(new HeldReport(msgType, copy));
        }
    }

    private boolean send(final char msgType, final FIXMessage body)
    {
        try
        {
            connection.prepare(reply, msgType);
            copyFields(body, reply);
            connection.send(reply);
            reportsSent++;
            persist();
            return true;
        }
        catch (final IOException ex)
        {
            dropConnection("send failed: " + ex);
            return false;
        }
    }

    private static void copyFields(final FIXMessage from, final FIXMessage to)
    {
        for (int i = 0; i < from.getFieldCount(); i++)
        {
            to.addField(from.tagAt(i)).set(from.valueAt(i));
        }
    }

    private void onMessage(final FIXMessage message) throws IOException
    {
        if (!loggedOn)
        {
            return;
        }
        final FIXValue type = message.getMsgType();
        try
        {
            if (type.contentEquals('D'))
            {
                final long taken = orderEntry.ordersTaken();
                orderEntry.onNewOrderSingle(message);
                disconnectDue |= disconnectAfterOrders > 0 && orderEntry.ordersTaken() != taken &&
                    orderEntry.ordersTaken() == disconnectAfterOrders;
            }
            else if (type.contentEquals('H'))
            {
                orderEntry.onOrderStatusRequest(message);
            }
            else if (type.contentEquals('F') || type.contentEquals('G'))
            {
                orderEntry.onAction(message, type.contentEquals('G'));
            }
            else
            {
                sessionErrors++;
                LOG.warn("message type {} (MsgSeqNum {}) is not handled by fix-venue: BusinessMessageReject", type,
                    message.getMsgSeqNum());
                connection.prepare(reply, 'j');
                reply.addField(45).setInt(message.getMsgSeqNum());
                reply.addField(372).set(type);
                reply.addField(380).setInt(3);
                connection.send(reply);
            }
        }
        catch (final IllegalArgumentException | FIXRuntimeException ex)
        {
            sessionErrors++;
            LOG.warn("MsgType {} MsgSeqNum {} refused: {}", type, message.getMsgSeqNum(), ex.getMessage());
            connection.sendReject(message.getMsgSeqNum(), VALUE_IS_INCORRECT, ex.getMessage());
        }
        persist();
        scriptedDisconnect();
    }

    private static String remote(final SocketChannel channel)
    {
        try
        {
            return String.valueOf(channel.getRemoteAddress());
        }
        catch (final IOException ex)
        {
            return "(closed)";
        }
    }

    private static void closeQuietly(final SocketChannel channel)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            LOG.debug("close: {}", ex.toString());
        }
    }

    /** Philadelphia's session events on this venue's connection. */
    private final class SessionEvents implements FIXConnectionStatusListener
    {
        @Override
        public void logon(final FIXConnection session, final FIXMessage message) throws IOException
        {
            final FIXValue sender = message.valueOf(49);
            final FIXValue target = message.valueOf(56);
            if (sender == null || !sender.contentEquals(engineCompId) || target == null ||
                !target.contentEquals(venueCompId))
            {
                sessionErrors++;
                LOG.warn("logon refused: CompIDs {} -> {}, this venue accepts {} -> {}", sender, target, engineCompId,
                    venueCompId);
                session.sendLogout("wrong CompID: this venue accepts " + engineCompId + " -> " + venueCompId);
                dropConnection("wrong CompIDs");
                return;
            }
            session.sendLogon(resetAtLogon);
            loggedOn = true;
            LOG.info("FIX logon from {}: its MsgSeqNum {}, next expected in {}, next out {}, {} reports held",
                engineCompId, message.getMsgSeqNum(), session.getInMsgSeqNum(), session.getOutMsgSeqNum(), held.size());
            if (message.getMsgSeqNum() > session.getInMsgSeqNum())
            {
                // Philadelphia takes a Logon above the expected number but leaves the gap to the application.
                LOG.info("resend request for MsgSeqNum {} onwards", session.getInMsgSeqNum());
                session.sendResendRequest(session.getInMsgSeqNum());
            }
            // No store here, and Philadelphia answers a ResendRequest only when it arrives in sequence: with a gap on
            // each side (the engine's orders queued while it logged on, our reports lost in the socket it died with)
            // its ResendRequest would wait behind ours and be gap-filled away by its own resend, and it would wait
            // for our gap for ever. A SequenceReset in reset mode (no GapFillFlag, taken whatever its number) to the
            // number after it says at once what our gap fill would have said: nothing before it will come.
            session.prepare(reply, '4');
            reply.addField(36).setInt(session.getOutMsgSeqNum() + 1);
            session.send(reply);
            persist();
            while (loggedOn && !held.isEmpty() && send(held.peek().msgType(), held.peek().body()))
            {
                held.poll();
            }
        }

        @Override
        public void logout(final FIXConnection session, final FIXMessage message) throws IOException
        {
            final FIXValue text = message.valueOf(58);
            if (loggedOn)
            {
                session.sendLogout();
                persist();
            }
            dropConnection("logout by the engine" + (text == null ? "" : ": " + text));
        }

        @Override
        public void tooLowMsgSeqNum(final FIXConnection session, final long receivedMsgSeqNum,
            final long expectedMsgSeqNum) throws IOException
        {
            sessionErrors++;
            final String why = "MsgSeqNum " + receivedMsgSeqNum + " without PossDupFlag is below the " +
                expectedMsgSeqNum + " expected";
            LOG.warn("FIX session error: {}", why);
            session.sendLogout(why);
            persist();
            dropConnection(why);
        }

        @Override
        public void sequenceReset(final FIXConnection session)
        {
            LOG.info("SequenceReset from the engine: next MsgSeqNum in {}", session.getInMsgSeqNum());
            persist();
        }

        @Override
        public void reject(final FIXConnection session, final FIXMessage message)
        {
            sessionErrors++;
            LOG.warn("FIX session error: the engine rejected our MsgSeqNum {}: {}", message.valueOf(45),
                message.valueOf(58));
        }

        @Override
        public void close(final FIXConnection session, final String reason)
        {
            sessionErrors++;
            LOG.warn("FIX session error: {}", reason);
            dropConnection(reason);
        }
    }

    /** A report made while no session was logged on: its MsgType (8 or 9) and body, sent after the next logon. */
    private record HeldReport(char msgType, FIXMessage body)
    {
    }
}

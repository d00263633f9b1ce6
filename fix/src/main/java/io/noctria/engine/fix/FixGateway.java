package io.noctria.engine.fix;

import io.noctria.engine.config.FixLinkConfig;
import io.noctria.engine.gateway.BrokerReportSink;
import io.noctria.engine.gateway.ForwardingBrokerGateway;
import io.noctria.engine.gateway.ProcessBrokerGateway;
import io.noctria.engine.gateway.VenueLinkCounters;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import io.noctria.journal.JournalReader;
import org.agrona.concurrent.AgentRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.FileStoreFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's FIX 4.4 gateway ({@code broker.mode: fix}, docs/fix.md): a FIX initiator session to the venue,
 * behind the same venue link as the out-of-process simulator.
 * <p>
 * <b>Shape.</b> The engine's side is a {@link ProcessBrokerGateway} over two queues in {@code <store>/link}: the
 * ingress thread appends each journaled {@code OrderSent} (and each status query) to {@code broker-orders} and reads
 * reports from {@code broker-reports}, exactly as with {@code noctria broker-sim} — one zero-copy append per send, no
 * lock, no allocation, no socket on the engine's business thread. The FIX side runs on two other threads: the
 * {@link OrderForwarder} follows {@code broker-orders} and sends D and H; the FIX library's session thread hands each
 * ExecutionReport to the {@link ExecutionReportAdapter}, which appends the mapped report to {@code broker-reports}.
 * Because the report stream is durable, the process gateway's resume rule holds across an engine crash: reports the
 * session took in but the engine did not journal are delivered after the restart, none twice.
 * <p>
 * <b>Session layer</b> (the FIX library's, configured by {@link #sessionSettings}): logon and logout, heartbeats and
 * test requests, sequence numbers and sent messages kept in {@code <store>/session} across restarts, resend requests
 * and gap fills (a resend carries PossDupFlag 43 = Y and OrigSendingTime 122), CompIDs checked, reconnect after
 * {@code reconnect_s} seconds, doubling per failed attempt up to 30 s.
 */
public final class FixGateway extends ForwardingBrokerGateway
{
    private static final Logger LOG = LoggerFactory.getLogger(FixGateway.class);

    private final FixLinkConfig config;
    private final SessionID sessionId;
    private final Journal reports;
    private final JournalReader orders;
    private final ExecutionReportAdapter adapter;
    private final SocketInitiator initiator;
    private final FixSessionLog sessionLog = new FixSessionLog("io.noctria.engine.fix.session", this::onSessionError);
    private final FixLinkCounters counters;
    private final AgentRunner forwarding;
    private volatile boolean closed;

    private FixGateway(final FixLinkConfig config, final Path storeDir, final BrokerReportSink sink,
        final VenueLinkCounters linkCounters) throws IOException, ConfigError
    {
        super(new ProcessBrokerGateway(storeDir.resolve("link"), sink));
        this.config = config;
        this.counters = new FixLinkCounters(linkCounters);
        this.sessionId = new SessionID("FIX.4.4", config.senderCompId(), config.targetCompId());
        final DataDirectory link = new DataDirectory(storeDir.resolve("link"));
        final Map<String, OrderContext> contexts = new ConcurrentHashMap<>();
        Journal reportJournal = null;
        JournalReader orderReader = null;
        SocketInitiator socketInitiator = null;
        final OrderForwarder forwarder;
        try
        {
            reportJournal = Journal.open(link.queue(DataDirectory.BROKER_REPORTS), JournalConfig.defaults());
            orderReader = JournalReader.open(link.queue(DataDirectory.BROKER_ORDERS));
            this.adapter = new ExecutionReportAdapter(reportJournal, contexts, FinishedOrders.DEFAULT_RETAINED, counters);
            rememberReports(link, adapter);
            forwarder = new OrderForwarder(orderReader, sessionId, contexts, counters);
            final SessionSettings settings = sessionSettings(config, storeDir.resolve("session"));
            socketInitiator = new SocketInitiator(new Initiator(), new FileStoreFactory(settings), settings,
                sessionLog, new DefaultMessageFactory());
            socketInitiator.start();
            final Session session = Session.lookupSession(sessionId);
            final List<String> stored = new ArrayList<>();
            session.getStore().get(1, session.getStore().getNextSenderMsgSeqNum() - 1, stored);
            forwarder.resume(stored);
            adapter.trim();
        }
        catch (final IOException | ConfigError | RuntimeException ex)
        {
            if (socketInitiator != null)
            {
                socketInitiator.stop(true);
            }
            closeQuietly(orderReader, reportJournal);
            super.close();
            throw ex;
        }
        this.reports = reportJournal;
        this.orders = orderReader;
        this.initiator = socketInitiator;
        this.forwarding = new AgentRunner(OrderForwarder.idleStrategy(), forwarder::onError, null, forwarder);
        AgentRunner.startOnThread(forwarding, runnable ->
        {
            final Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        });
        LOG.info("FIX gateway {} -> {}:{} ({}), store {}", sessionId, config.host(), config.port(), config,
            storeDir.toAbsolutePath().normalize());
    }

    /**
     * Opens the gateway and starts connecting (logon happens in the background; orders sent before it are kept and
     * resent on the venue's request).
     *
     * @param storeDir where the session store and the link queues are kept ({@code broker.store_dir}, by default
     *                 {@code <data-dir>/fix}); created when missing.
     * @param counters where the gateway's threads keep their counters (the engine's counters file).
     * @throws IllegalStateException when the store cannot be opened or the settings are refused.
     */
    public static FixGateway open(final FixLinkConfig config, final Path storeDir, final BrokerReportSink sink,
        final VenueLinkCounters counters)
    {
        try
        {
            Files.createDirectories(storeDir);
            return new FixGateway(config, storeDir, sink, counters);
        }
        catch (final IOException | ConfigError ex)
        {
            throw new IllegalStateException("FIX gateway could not start with store " + storeDir + ": " + ex, ex);
        }
    }

    /** Reads the reports already taken in earlier runs, so a resend of one of them is not taken again. */
    private static void rememberReports(final DataDirectory link, final ExecutionReportAdapter adapter)
    {
        try (JournalReader taken = JournalReader.open(link.queue(DataDirectory.BROKER_REPORTS)))
        {
            final io.noctria.journal.JournalConsumer remember = new io.noctria.journal.JournalConsumer()
            {
                @Override
                public void onMessage(final long index, final org.agrona.DirectBuffer buffer, final int offset,
                    final int length)
                {
                    adapter.remember(buffer, offset);
                }

                @Override
                public void onInvalid(final long index, final io.noctria.codecs.RecordError error, final String detail)
                {
                }
            };
            while (taken.poll(remember, 4096) > 0)
            {
                // one pass over the stream at start-up
            }
        }
    }

    /** The FIX library's initiator settings for {@code config}, the session store in {@code sessionDir}. */
    static SessionSettings sessionSettings(final FixLinkConfig config, final Path sessionDir)
    {
        final SessionSettings settings = new SessionSettings();
        final SessionID id = new SessionID("FIX.4.4", config.senderCompId(), config.targetCompId());
        settings.setString(id, "ConnectionType", "initiator");
        settings.setString(id, "SocketConnectHost", config.host());
        settings.setLong(id, "SocketConnectPort", config.port());
        settings.setLong(id, "HeartBtInt", config.heartbeatS());
        settings.setString(id, "ReconnectInterval", reconnectIntervals(config.reconnectS()));
        settings.setBool(id, "ResetOnLogon", config.resetOnLogon());
        common(settings, id, sessionDir);
        return settings;
    }

    /**
     * @return QuickFIX/J's list of reconnect waits ({@code s;2s;4s;…;30}, the last repeated): a backoff that doubles
     * from {@code reconnect_s} up to 30 s (or stays at {@code reconnect_s} when that is longer).
     */
    static String reconnectIntervals(final int firstS)
    {
        final StringBuilder intervals = new StringBuilder().append(firstS);
        for (int wait = firstS * 2; firstS < 30 && wait < 30; wait *= 2)
        {
            intervals.append(';').append(wait);
        }
        if (firstS < 30)
        {
            intervals.append(";30");
        }
        return intervals.toString();
    }

    /** The gateway's fixed settings: a non-stop session, messages persisted for resends, FIX 4.4 validation. */
    public static void common(final SessionSettings settings, final SessionID id, final Path sessionDir)
    {
        settings.setString(id, "FileStorePath", sessionDir.toString());
        settings.setBool(id, "NonStopSession", true);
        settings.setBool(id, "PersistMessages", true);
        settings.setBool(id, "UseDataDictionary", true);
        settings.setString(id, "DataDictionary", "FIX44.xml");
        settings.setBool(id, "ValidateUserDefinedFields", false);
        settings.setBool(id, "CheckCompID", true);
        settings.setBool(id, "SocketTcpNoDelay", true);
        settings.setString(id, "TimeStampPrecision", "NANOS");
        settings.setBool(id, "FileStoreSync", false);
    }

    /**
     * A session error event of the FIX library (garbled message, wrong CompIDs, MsgSeqNum too low, a Reject it sent):
     * appended to the report stream as a refusal, so the engine journals it. A failed connection attempt is not the
     * venue's input (nothing was received): logged and counted only, or every reconnect of an outage would be an alert.
     */
    private void onSessionError(final String text)
    {
        if (null != counters && !closed) // once closing, the engine's counters file may be unmapped next
        {
            counters.sessionErrors.increment(); // the library logs from more than one thread
        }
        final ExecutionReportAdapter reports = adapter;
        if (null != reports && !closed && !text.contains(" during connection to "))
        {
            reports.stream().refuse(io.noctria.codecs.sbe.VenueRefusal.SESSION_ERROR, null, 0, 0, 0, null, null,
                null, text);
        }
    }

    /** @return whether the FIX session is logged on now. */
    public boolean loggedOn()
    {
        final Session session = Session.lookupSession(sessionId);
        return session != null && session.isLoggedOn();
    }

    /** @return refusals of venue input appended to the report stream by this run (reports and session errors). */
    public long refusalsJournaled()
    {
        return adapter.stream().refusals();
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        forwarding.close();
        initiator.stop(false);
        counters.loggedOn.setOrdered(0); // the library's threads have ended: a stopped engine's cnc.dat says 0
        LOG.info("FIX gateway stopped: {} orders, {} cancels, {} replaces and {} status requests sent, {} reports " +
            "taken, {} refused ({} unknown ClOrdIDs, {} repeats), {} pending cancel/replace noted, {} session errors",
            counters.ordersForwarded.get(), counters.cancelsForwarded.get(), counters.replacesForwarded.get(),
            counters.queriesForwarded.get(), counters.reportsTaken.get(), counters.reportsRefused(),
            counters.unknownClOrdIds.get(), counters.duplicates.get(), counters.pendingNoted.get(),
            counters.sessionErrors.get());
        closeQuietly(orders, reports);
        super.close();
    }

    private static void closeQuietly(final AutoCloseable... closeables)
    {
        for (final AutoCloseable closeable : closeables)
        {
            if (closeable != null)
            {
                try
                {
                    closeable.close();
                }
                catch (final Exception ex)
                {
                    LOG.warn("closing {} failed: {}", closeable, ex.toString());
                }
            }
        }
    }

    @Override
    public String toString()
    {
        return "FixGateway{" + sessionId + " -> " + config.host() + ":" + config.port() + ", " + venue + "}";
    }

    /** The FIX library's callbacks, on its session thread. */
    private final class Initiator extends FixApplication
    {
        @Override
        public void fromApp(final Message message, final SessionID id) throws FieldNotFound
        {
            final String type = message.getHeader().getString(35);
            if ("8".equals(type))
            {
                adapter.onExecutionReport(message);
            }
            else if ("9".equals(type))
            {
                adapter.onOrderCancelReject(message);
            }
            else
            {
                adapter.onUnhandled(message);
            }
        }

        @Override
        public void fromAdmin(final Message message, final SessionID id)
        {
            adapter.onAdmin(message);
        }

        @Override
        public void onLogon(final SessionID id)
        {
            super.onLogon(id);
            counters.logons.increment();
            counters.loggedOn.setOrdered(1);
        }

        @Override
        public void onLogout(final SessionID id)
        {
            super.onLogout(id);
            if (!closed) // once closing, the engine's counters file may be unmapped next
            {
                counters.loggedOn.setOrdered(0);
            }
        }
    }
}

package io.noctria.engine.fix.venue;

import io.noctria.codecs.sbe.*;
import io.noctria.engine.broker.SimulatedBroker;
import io.noctria.engine.broker.SimulatedBrokerSettings;
import io.noctria.engine.fix.FixApplication;
import io.noctria.engine.fix.FixFields;
import io.noctria.engine.fix.FixGateway;
import io.noctria.engine.fix.FixSessionLog;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.*;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A FIX 4.4 acceptor with the seeded venue simulator behind it ({@code noctria fix-venue}, docs/fix.md): each
 * NewOrderSingle (D) becomes an {@code OrderSent} for a {@link SimulatedBroker}, whose reports go back as
 * ExecutionReports (8); an OrderStatusRequest (H) is answered by an ExecutionReport with ExecType I. The simulator
 * decides acks, partial and full fills, rejects and expiries exactly as the embedded venue does for the same seed.
 * <p>
 * <b>Resends.</b> A D that arrives again with PossDupFlag (43) = Y for a ClOrdID the venue already took is a resend of
 * the same order, not a new one: it is counted and dropped. Without the flag the simulator refuses it as a duplicate
 * ClOrdID. Every D taken is written to {@code orders-received.txt} in the data directory (ClOrdID, MsgSeqNum,
 * PossDupFlag, whether it was taken), the venue-side record tests compare ClOrdIDs against.
 * <p>
 * <b>Threading.</b> The FIX library calls {@link #fromApp} on its session thread; {@link #poll} runs on the venue's
 * loop thread. Both hold the simulator's monitor: this is the test counterparty, not the engine's hot path.
 * <p>
 * <b>Scripted disconnect</b> ({@code disconnectAfterOrders} &gt; 0): after taking that many orders the venue drops the
 * connection once; the simulator keeps producing reports, which the session stores and resends when the engine
 * reconnects and asks for the gap.
 */
public final class FixVenue extends FixApplication implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(FixVenue.class);
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final SimulatedBroker broker;
    private final SessionID sessionId;
    private final SocketAcceptor acceptor;
    private final FixSessionLog sessionLog = new FixSessionLog("io.noctria.engine.fix.venue.session");
    private final BufferedWriter received;
    private final LongSupplier clock;
    private final int disconnectAfterOrders;
    private final Map<String, VenueOrder> orders = new HashMap<>();
    private final UnsafeBuffer orderBuffer = new UnsafeBuffer(new byte[512]);
    private final UnsafeBuffer clOrdIdBuffer = new UnsafeBuffer(new byte[32]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OrderSentEncoder orderSent = new OrderSentEncoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final BrokerAckDecoder ack = new BrokerAckDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final BrokerRejectDecoder reject = new BrokerRejectDecoder();
    private final ExpiredDecoder expired = new ExpiredDecoder();
    private final CanceledDecoder canceled = new CanceledDecoder();
    private final SendFailedDecoder sendFailed = new SendFailedDecoder();
    private final OrderStatusReportDecoder status = new OrderStatusReportDecoder();

    private long ordersTaken;
    private long possDupsDropped;
    private long reportsSent;
    private boolean disconnectDue;
    private boolean disconnected;
    private String statusSymbol = "UNKNOWN";
    private char statusSide = '1';

    /**
     * @param settings              the simulator's settings (seed, latencies, probabilities).
     * @param port                  the TCP port to accept on (loopback and all interfaces).
     * @param venueCompId           this side's CompID (SenderCompID on what it sends).
     * @param engineCompId          the one initiator it accepts (TargetCompID on what it sends).
     * @param dataDir               holds the session store and {@code orders-received.txt}.
     * @param clock                 epoch nanoseconds: the venue clock the simulator runs on.
     * @param disconnectAfterOrders drop the connection once after this many orders; 0: never.
     */
    public FixVenue(final SimulatedBrokerSettings settings, final int port, final String venueCompId,
        final String engineCompId, final Path dataDir, final LongSupplier clock, final int disconnectAfterOrders)
    {
        this.broker = new SimulatedBroker(settings, this::onReport);
        this.sessionId = new SessionID("FIX.4.4", venueCompId, engineCompId);
        this.clock = clock;
        this.disconnectAfterOrders = disconnectAfterOrders;
        try
        {
            Files.createDirectories(dataDir);
            this.received = Files.newBufferedWriter(dataDir.resolve("orders-received.txt"), StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            final SessionSettings sessionSettings = new SessionSettings();
            sessionSettings.setString(sessionId, "ConnectionType", "acceptor");
            sessionSettings.setLong(sessionId, "SocketAcceptPort", port);
            FixGateway.common(sessionSettings, sessionId, dataDir.resolve("session"));
            this.acceptor = new SocketAcceptor(this, new FileStoreFactory(sessionSettings), sessionSettings, sessionLog,
                new DefaultMessageFactory());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("fix-venue data directory " + dataDir + ": " + ex.getMessage(), ex);
        }
        catch (final ConfigError ex)
        {
            throw new IllegalStateException("fix-venue session settings refused: " + ex.getMessage(), ex);
        }
    }

    /** Starts accepting. */
    public void start()
    {
        try
        {
            acceptor.start();
        }
        catch (final ConfigError ex)
        {
            throw new IllegalStateException("fix-venue could not start: " + ex.getMessage(), ex);
        }
    }

    /** Delivers the reports due now; the venue loop calls this. @return reports delivered. */
    public int poll()
    {
        synchronized (broker)
        {
            if (disconnectDue && !disconnected)
            {
                disconnected = true;
                final Session session = Session.lookupSession(sessionId);
                try
                {
                    LOG.info("scripted disconnect (--disconnect-after {}) with {} orders taken", disconnectAfterOrders, ordersTaken);
                    session.disconnect("scripted disconnect (fix-venue --disconnect-after)", false);
                }
                catch (final IOException ex)
                {
                    LOG.warn("scripted disconnect failed: {}", ex.toString());
                }
            }
            return broker.poll(clock.getAsLong());
        }
    }

    /** @return orders in flight at the simulator (reports still due). */
    public int inFlight()
    {
        synchronized (broker)
        {
            return broker.inFlight();
        }
    }

    public long ordersTaken()
    {
        synchronized (broker)
        {
            return ordersTaken;
        }
    }

    public long possDupsDropped()
    {
        synchronized (broker)
        {
            return possDupsDropped;
        }
    }

    public long reportsSent()
    {
        synchronized (broker)
        {
            return reportsSent;
        }
    }

    public long sessionErrors()
    {
        return sessionLog.errors();
    }

    @Override
    public void close()
    {
        acceptor.stop(false);
        try
        {
            received.close();
        }
        catch (final IOException ex)
        {
            LOG.warn("closing orders-received.txt: {}", ex.toString());
        }
    }

    @Override
    public void fromApp(final Message message, final SessionID id) throws FieldNotFound, IncorrectTagValue
    {
        final String type = message.getHeader().getString(35);
        synchronized (broker)
        {
            if ("D".equals(type))
            {
                onNewOrderSingle(message);
            }
            else if ("H".equals(type))
            {
                onOrderStatusRequest(message);
            }
            else
            {
                LOG.warn("message type {} is not handled by fix-venue", type);
            }
        }
    }

    private void onNewOrderSingle(final Message message) throws FieldNotFound, IncorrectTagValue
    {
        final String clOrdId = message.getString(11);
        final boolean possDup = "Y".equals(FixFields.text(message.getHeader(), 43, "N"));
        final boolean known = orders.containsKey(clOrdId);
        if (known && possDup)
        {
            possDupsDropped++;
            record(clOrdId, message, possDup, "resend-dropped");
            return;
        }
        final char side = message.getChar(54);
        final char type = message.getChar(40);
        final long qty = FixFields.fixed6(38, message.getString(38));
        // A market order's reference price comes in PrevClosePx (140): the simulator fills around it.
        final int priceTag = type == '2' ? 44 : 140;
        final long price = FixFields.fixed6(priceTag, FixFields.text(message, priceTag, "0"));
        final String symbol = message.getString(55);
        orderSent.wrapAndApplyHeader(orderBuffer, 0, headerEncoder)
            .tsNs(clock.getAsLong()).inputIndex(-1).qty(qty).price(price).attempt(1)
            .side(side == '2' ? Side.SELL : side == '1' ? Side.BUY : Side.NULL_VAL)
            .orderType(type == '2' ? OrderType.LIMIT : type == '1' ? OrderType.MARKET : OrderType.NULL_VAL)
            .timeInForce(timeInForce(FixFields.text(message, 59, "0").charAt(0)));
        FixFields.putAscii(orderBuffer, HEADER + OrderSentEncoder.symbolEncodingOffset(), 16, 55, symbol);
        orderSent.traceId("");
        FixFields.putAscii(orderBuffer, HEADER + OrderSentEncoder.clOrdIdEncodingOffset(), 32, 11, clOrdId);
        if (!known)
        {
            orders.put(clOrdId, new VenueOrder(side, symbol, qty));
        }
        ordersTaken++;
        record(clOrdId, message, possDup, "taken");
        broker.send(orderBuffer, 0, HEADER + orderSent.encodedLength());
        if (disconnectAfterOrders > 0 && ordersTaken == disconnectAfterOrders)
        {
            disconnectDue = true;
        }
    }

    private void onOrderStatusRequest(final Message message) throws FieldNotFound
    {
        final String clOrdId = message.getString(11);
        statusSide = FixFields.text(message, 54, "1").charAt(0);
        statusSymbol = FixFields.text(message, 55, "UNKNOWN");
        FixFields.putAscii(clOrdIdBuffer, 0, 32, 11, clOrdId);
        broker.queryStatus(Long.parseLong(message.getString(790)), clOrdIdBuffer, 0);
    }

    private void record(final String clOrdId, final Message message, final boolean possDup, final String outcome)
    {
        try
        {
            received.write(clOrdId + " " + FixFields.text(message.getHeader(), 34, "?") + " " + (possDup ? "Y" : "N") +
                " " + outcome + "\n");
            received.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("orders-received.txt: " + ex.getMessage(), ex);
        }
    }

    /** The simulator's report, as an ExecutionReport to the engine (called with the simulator's monitor held). */
    private void onReport(final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        final int body = offset + HEADER;
        final quickfix.fix44.ExecutionReport report = new quickfix.fix44.ExecutionReport();
        switch (header.templateId())
        {
            case BrokerAckDecoder.TEMPLATE_ID:
            {
                ack.wrap(buffer, body, header.blockLength(), header.version());
                final VenueOrder order = orders.get(ack.clOrdId());
                orderFields(report, ack.clOrdId(), order, Long.toString(ack.brokerOrderId()),
                    ack.brokerOrderId() + "-0", '0', '0', ack.brokerTsNs());
                amounts(report, order.qty, 0, order);
                break;
            }
            case FillDecoder.TEMPLATE_ID:
            {
                fill.wrap(buffer, body, header.blockLength(), header.version());
                final VenueOrder order = orders.get(fill.clOrdId());
                order.notional = order.notional.add(BigDecimal.valueOf(fill.fillQty(), 6)
                    .multiply(BigDecimal.valueOf(fill.fillPrice(), 6)));
                orderFields(report, fill.clOrdId(), order, Long.toString(fill.brokerOrderId()),
                    Long.toString(fill.execId()), 'F', fill.leavesQty() == 0 ? '2' : '1', fill.brokerTsNs());
                amounts(report, fill.leavesQty(), fill.cumQty(), order);
                report.setString(32, FixFields.decimal(fill.fillQty()));
                report.setString(31, FixFields.decimal(fill.fillPrice()));
                report.setString(851, fill.liquidity() == Liquidity.MAKER ? "1" : "2");
                break;
            }
            case BrokerRejectDecoder.TEMPLATE_ID:
            {
                reject.wrap(buffer, body, header.blockLength(), header.version());
                final String clOrdId = reject.clOrdId();
                final VenueOrder order = orders.get(clOrdId);
                orderFields(report, clOrdId, order, "NONE", "R-" + clOrdId + "-" + reportsSent, '8', '8',
                    reject.brokerTsNs());
                amounts(report, 0, 0, order);
                report.setInt(103, ordRejReason(reject.reason()));
                report.setString(58, reject.text());
                break;
            }
            case ExpiredDecoder.TEMPLATE_ID:
            {
                expired.wrap(buffer, body, header.blockLength(), header.version());
                final VenueOrder order = orders.get(expired.clOrdId());
                orderFields(report, expired.clOrdId(), order, Long.toString(expired.brokerOrderId()),
                    expired.brokerOrderId() + "-C", 'C', 'C', expired.brokerTsNs());
                amounts(report, 0, expired.cumQty(), order);
                break;
            }
            case CanceledDecoder.TEMPLATE_ID:
            {
                canceled.wrap(buffer, body, header.blockLength(), header.version());
                final VenueOrder order = orders.get(canceled.clOrdId());
                orderFields(report, canceled.clOrdId(), order, Long.toString(canceled.brokerOrderId()),
                    canceled.brokerOrderId() + "-4", '4', '4', canceled.brokerTsNs());
                amounts(report, 0, canceled.cumQty(), order);
                break;
            }
            case SendFailedDecoder.TEMPLATE_ID:
            {
                // A transient error of the simulator has no FIX form: the venue rejects the order.
                sendFailed.wrap(buffer, body, header.blockLength(), header.version());
                final String clOrdId = sendFailed.clOrdId();
                final VenueOrder order = orders.get(clOrdId);
                orderFields(report, clOrdId, order, "NONE", "E-" + clOrdId + "-" + reportsSent, '8', '8',
                    clock.getAsLong());
                amounts(report, 0, 0, order);
                report.setInt(103, 99);
                report.setString(58, "venue error: " + sendFailed.errorCode());
                break;
            }
            case OrderStatusReportDecoder.TEMPLATE_ID:
            {
                status.wrap(buffer, body, header.blockLength(), header.version());
                final String clOrdId = status.clOrdId();
                final VenueOrder order = orders.get(clOrdId);
                final boolean unknown = status.state() == VenueOrderState.UNKNOWN;
                orderFields(report, clOrdId, order != null ? order : new VenueOrder(statusSide, statusSymbol, 0),
                    unknown ? "NONE" : Long.toString(status.brokerOrderId()), "S-" + status.queryId(), 'I',
                    unknown ? '8' : ordStatus(status.state()), status.brokerTsNs());
                report.setString(790, Long.toString(status.queryId()));
                report.setString(38, FixFields.decimal(status.qty()));
                report.setString(151, FixFields.decimal(status.leavesQty()));
                report.setString(14, FixFields.decimal(status.cumQty()));
                report.setString(6, FixFields.decimal(status.avgPrice()));
                if (unknown)
                {
                    report.setInt(103, 5);
                    report.setString(58, "unknown order");
                }
                break;
            }
            default:
                LOG.warn("simulator report template {} has no FIX form", header.templateId());
                return;
        }
        reportsSent++;
        // Stored and numbered even while the engine is disconnected; resent when it asks for the gap.
        Session.lookupSession(sessionId).send(report);
    }

    private static void orderFields(final quickfix.fix44.ExecutionReport report, final String clOrdId,
        final VenueOrder order, final String orderId, final String execId, final char execType, final char ordStatus,
        final long tsNs)
    {
        report.setString(37, orderId);
        report.setString(11, clOrdId);
        report.setString(17, execId);
        report.setChar(150, execType);
        report.setChar(39, ordStatus);
        report.setChar(54, order == null ? '1' : order.side);
        report.setString(55, order == null ? "UNKNOWN" : order.symbol);
        report.setUtcTimeStamp(60, LocalDateTime.ofInstant(Instant.ofEpochSecond(0, tsNs), ZoneOffset.UTC),
            UtcTimestampPrecision.NANOS);
    }

    private static void amounts(final quickfix.fix44.ExecutionReport report, final long leaves, final long cum,
        final VenueOrder order)
    {
        report.setString(151, FixFields.decimal(leaves));
        report.setString(14, FixFields.decimal(cum));
        final BigDecimal avg = cum == 0 || order == null ? BigDecimal.ZERO :
            order.notional.divide(BigDecimal.valueOf(cum, 6), 6, RoundingMode.DOWN);
        report.setString(6, avg.stripTrailingZeros().toPlainString());
        if (order != null)
        {
            report.setString(38, FixFields.decimal(order.qty));
        }
    }

    private static char ordStatus(final VenueOrderState state)
    {
        switch (state)
        {
            case PENDING_NEW:
                return 'A';
            case NEW:
                return '0';
            case PARTIALLY_FILLED:
                return '1';
            case FILLED:
                return '2';
            case EXPIRED:
                return 'C';
            case CANCELED:
                return '4';
            default:
                return '8';
        }
    }

    private static int ordRejReason(final BrokerRejectReason reason)
    {
        switch (reason)
        {
            case DUPLICATE_CLORDID:
                return 6;
            case INVALID_ORDER:
                return 11;
            case INSUFFICIENT_LIQUIDITY:
                return 0;
            case MARKET_CLOSED:
                return 2;
            case RISK_LIMIT:
                return 3;
            default:
                return 99;
        }
    }

    private static TimeInForce timeInForce(final char tif)
    {
        switch (tif)
        {
            case '0':
                return TimeInForce.DAY;
            case '1':
                return TimeInForce.GTC;
            case '3':
                return TimeInForce.IOC;
            case '4':
                return TimeInForce.FOK;
            default:
                return TimeInForce.NULL_VAL;
        }
    }

    /** What the venue keeps per ClOrdID for its ExecutionReports: side, symbol, qty and the filled notional. */
    private static final class VenueOrder
    {
        final char side;
        final String symbol;
        final long qty;
        BigDecimal notional = BigDecimal.ZERO;

        VenueOrder(final char side, final String symbol, final long qty)
        {
            this.side = side;
            this.symbol = symbol;
            this.qty = qty;
        }
    }
}

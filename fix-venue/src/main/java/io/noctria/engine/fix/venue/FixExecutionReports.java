package io.noctria.engine.fix.venue;

import com.paritytrading.philadelphia.FIXMessage;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.gateway.BrokerReportSink;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The simulator's reports as FIX 4.4 ExecutionReport (8) bodies on Philadelphia's {@link FIXMessage} (docs/fix.md,
 * "Tag mapping", read from the venue's side): ack → ExecType 0, fill → F, reject → 8 with OrdRejReason (103), expiry
 * → C, cancel → 4, status → I with OrdStatusReqID (790). The body carries no header: the session prepares the header
 * (MsgType, CompIDs, MsgSeqNum, SendingTime) when it sends, now or after the next logon. Keeps per ClOrdID what the
 * reports repeat (side, symbol, qty, filled notional for AvgPx). Runs on the venue's one thread.
 */
final class FixExecutionReports implements BrokerReportSink
{
    private static final Logger LOG = LoggerFactory.getLogger(FixExecutionReports.class);
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;

    private final Map<String, VenueOrder> orders = new HashMap<>();
    private final Map<Long, VenueOrder> queries = new HashMap<>();
    private final Consumer<FIXMessage> session;
    private final LongSupplier clock;
    private final FIXMessage body;
    private final StringBuilder scratch = new StringBuilder(32);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final BrokerAckDecoder ack = new BrokerAckDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final BrokerRejectDecoder reject = new BrokerRejectDecoder();
    private final ExpiredDecoder expired = new ExpiredDecoder();
    private final CanceledDecoder canceled = new CanceledDecoder();
    private final SendFailedDecoder sendFailed = new SendFailedDecoder();
    private final OrderStatusReportDecoder status = new OrderStatusReportDecoder();
    private long reports;

    /**
     * @param session takes each ExecutionReport body (valid during the call: the body is reused).
     * @param clock   epoch nanoseconds, for the reports the simulator does not stamp.
     */
    FixExecutionReports(final Consumer<FIXMessage> session, final LongSupplier clock, final int maxFields,
        final int fieldCapacity)
    {
        this.session = session;
        this.clock = clock;
        this.body = new FIXMessage(maxFields, fieldCapacity);
    }

    /** @return whether the venue already took an order with this ClOrdID. */
    boolean knows(final String clOrdId)
    {
        return orders.containsKey(clOrdId);
    }

    /** Remembers an order taken, for the reports about it. */
    void taken(final String clOrdId, final char side, final String symbol, final long qty)
    {
        orders.putIfAbsent(clOrdId, new VenueOrder(side, symbol, qty));
    }

    /** Remembers the side and symbol of a status query: the answer about an unknown order must still carry them. */
    void queried(final long queryId, final char side, final String symbol)
    {
        queries.put(queryId, new VenueOrder(side, symbol, 0));
    }

    /** @return ExecutionReports built so far. */
    long reports()
    {
        return reports;
    }

    @Override
    public void onReport(final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        final int at = offset + HEADER;
        final int block = header.blockLength();
        final int version = header.version();
        body.reset();
        switch (header.templateId())
        {
            case BrokerAckDecoder.TEMPLATE_ID:
            {
                ack.wrap(buffer, at, block, version);
                final VenueOrder order = orders.get(ack.clOrdId());
                order(ack.clOrdId(), order, Long.toString(ack.brokerOrderId()), ack.brokerOrderId() + "-0", '0', '0',
                    ack.brokerTsNs());
                amounts(order.qty, 0, order);
                break;
            }
            case FillDecoder.TEMPLATE_ID:
            {
                fill.wrap(buffer, at, block, version);
                final VenueOrder order = orders.get(fill.clOrdId());
                order.notional = order.notional.add(BigDecimal.valueOf(fill.fillQty(), FixValues.SCALE)
                    .multiply(BigDecimal.valueOf(fill.fillPrice(), FixValues.SCALE)));
                order(fill.clOrdId(), order, Long.toString(fill.brokerOrderId()), Long.toString(fill.execId()), 'F',
                    fill.leavesQty() == 0 ? '2' : '1', fill.brokerTsNs());
                amounts(fill.leavesQty(), fill.cumQty(), order);
                decimal(32, fill.fillQty());
                decimal(31, fill.fillPrice());
                body.addField(851).setChar(fill.liquidity() == Liquidity.MAKER ? '1' : '2');
                break;
            }
            case BrokerRejectDecoder.TEMPLATE_ID:
            {
                reject.wrap(buffer, at, block, version);
                refused(reject.clOrdId(), "R-", reject.brokerTsNs(), ordRejReason(reject.reason()), reject.text());
                break;
            }
            case ExpiredDecoder.TEMPLATE_ID:
            {
                expired.wrap(buffer, at, block, version);
                ended(expired.clOrdId(), expired.brokerOrderId(), 'C', expired.cumQty(), expired.brokerTsNs());
                break;
            }
            case CanceledDecoder.TEMPLATE_ID:
            {
                canceled.wrap(buffer, at, block, version);
                ended(canceled.clOrdId(), canceled.brokerOrderId(), '4', canceled.cumQty(), canceled.brokerTsNs());
                break;
            }
            case SendFailedDecoder.TEMPLATE_ID:
            {
                // A transient error of the simulator has no FIX form: the venue rejects the order.
                sendFailed.wrap(buffer, at, block, version);
                refused(sendFailed.clOrdId(), "E-", clock.getAsLong(), 99, "venue error: " + sendFailed.errorCode());
                break;
            }
            case OrderStatusReportDecoder.TEMPLATE_ID:
            {
                status.wrap(buffer, at, block, version);
                final String clOrdId = status.clOrdId();
                final VenueOrder asked = queries.remove(status.queryId());
                final VenueOrder known = orders.get(clOrdId);
                final boolean unknown = status.state() == VenueOrderState.UNKNOWN;
                order(clOrdId, known != null ? known : asked, unknown ? "NONE" : Long.toString(status.brokerOrderId()),
                    "S-" + status.queryId(), 'I', unknown ? '8' : ordStatus(status.state()), status.brokerTsNs());
                body.addField(790).setInt(status.queryId());
                decimal(38, status.qty());
                decimal(151, status.leavesQty());
                decimal(14, status.cumQty());
                decimal(6, status.avgPrice());
                if (unknown)
                {
                    body.addField(103).setInt(5);
                    body.addField(58).setString("unknown order");
                }
                break;
            }
            default:
                LOG.warn("simulator report template {} has no FIX form", header.templateId());
                return;
        }
        reports++;
        session.accept(body);
    }

    /** Rejects a D whose ClOrdID an earlier life of the venue took: OrdRejReason 6, duplicate order. */
    void refuseTakenBefore(final String clOrdId, final char side, final String symbol, final long qty, final long tsNs)
    {
        body.reset();
        final VenueOrder order = new VenueOrder(side, symbol, qty);
        order(clOrdId, order, "NONE", "R-" + clOrdId + "-" + reports, '8', '8', tsNs);
        amounts(0, 0, order);
        body.addField(103).setInt(6);
        body.addField(58).setString("duplicate ClOrdID: taken before the venue restarted");
        reports++;
        session.accept(body);
    }

    /** A rejected order (ExecType and OrdStatus 8): no OrderID, the reason and its text. */
    private void refused(final String clOrdId, final String execIdPrefix, final long tsNs, final int ordRejReason,
        final String text)
    {
        final VenueOrder order = orders.get(clOrdId);
        order(clOrdId, order, "NONE", execIdPrefix + clOrdId + "-" + reports, '8', '8', tsNs);
        amounts(0, 0, order);
        body.addField(103).setInt(ordRejReason);
        body.addField(58).setString(text);
    }

    /** An order ended at the venue without more fills (expired C, canceled 4): ExecType and OrdStatus alike. */
    private void ended(final String clOrdId, final long brokerOrderId, final char state, final long cumQty,
        final long tsNs)
    {
        final VenueOrder order = orders.get(clOrdId);
        order(clOrdId, order, Long.toString(brokerOrderId), brokerOrderId + "-" + state, state, state, tsNs);
        amounts(0, cumQty, order);
    }

    private void order(final String clOrdId, final VenueOrder order, final String orderId, final String execId,
        final char execType, final char ordStatus, final long tsNs)
    {
        body.addField(37).setString(orderId);
        body.addField(11).setString(clOrdId);
        body.addField(17).setString(execId);
        body.addField(150).setChar(execType);
        body.addField(39).setChar(ordStatus);
        body.addField(54).setChar(order == null ? '1' : order.side);
        body.addField(55).setString(order == null ? "UNKNOWN" : order.symbol);
        FixValues.setTimestamp(body.addField(60), tsNs);
    }

    private void amounts(final long leaves, final long cum, final VenueOrder order)
    {
        decimal(151, leaves);
        decimal(14, cum);
        final BigDecimal avg = cum == 0 || order == null ? BigDecimal.ZERO :
            order.notional.divide(BigDecimal.valueOf(cum, FixValues.SCALE), FixValues.SCALE, RoundingMode.DOWN);
        decimal(6, avg.movePointRight(FixValues.SCALE).longValueExact());
        if (order != null)
        {
            decimal(38, order.qty);
        }
    }

    private void decimal(final int tag, final long fixed6)
    {
        FixValues.setDecimal(body.addField(tag), fixed6, scratch);
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

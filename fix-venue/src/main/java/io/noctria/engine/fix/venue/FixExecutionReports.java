package io.noctria.engine.fix.venue;

import com.paritytrading.philadelphia.FIXMessage;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.gateway.BrokerReportSink;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The simulator's reports as FIX 4.4 ExecutionReport (8) and OrderCancelReject (9) bodies on Philadelphia's
 * {@link FIXMessage} (docs/fix.md, "Tag mapping", read from the venue's side): ack → ExecType 0, fill → F, reject → 8
 * with OrdRejReason (103), expiry → C, cancel → 4, replace → 5, status → I with OrdStatusReqID (790), a refused
 * cancel or replace → 9 with CxlRejReason (102) and CxlRejResponseTo (434). The body carries no header: the session
 * prepares the header (MsgType, CompIDs, MsgSeqNum, SendingTime) when it sends, now or after the next logon. Keeps per
 * order what the reports repeat (side, symbol, qty, filled notional for AvgPx, OrdStatus) and the ClOrdID the venue
 * knows it by now: the order's own until a Replaced, then that replace's (FIX: later reports name the order by it,
 * OrigClOrdID 41 the one before). The simulator knows an order by its own ClOrdID only; the cancel or replace a
 * Canceled or CancelReject answers is remembered here. Runs on the venue's one thread.
 */
final class FixExecutionReports implements BrokerReportSink
{
    private static final Logger LOG = LoggerFactory.getLogger(FixExecutionReports.class);
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    /** OrdRejReason (103) 6, Duplicate order. */
    private static final int DUPLICATE_ORDER = 6;

    // Every ClOrdID an order had (its own, each Replaced's) → the order.
    private final Map<String, VenueOrder> orders = new HashMap<>();
    // Orders not final yet, by their own ClOrdID, in arrival order: what cancel-on-disconnect cancels, in that order.
    private final Map<String, VenueOrder> working = new LinkedHashMap<>();
    private final Set<String> requests = new HashSet<>();
    private final Map<Long, VenueOrder> queries = new HashMap<>();
    private final Session session;
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
    private final ReplacedDecoder replaced = new ReplacedDecoder();
    private final CancelRejectDecoder cancelReject = new CancelRejectDecoder();
    private long reports;
    // The OrigClOrdID (41) of the cancel or replace being handed to the simulator: its refusal comes back in the call.
    private String answeringOrig;

    /**
     * @param session takes each body with its MsgType (valid during the call: the body is reused).
     * @param clock   epoch nanoseconds, for the reports the simulator does not stamp.
     */
    FixExecutionReports(final Session session, final LongSupplier clock, final int maxFields,
        final int fieldCapacity)
    {
        this.session = session;
        this.clock = clock;
        this.body = new FIXMessage(maxFields, fieldCapacity);
    }

    /** Where the bodies go: sent now or held for the next logon. */
    @FunctionalInterface
    interface Session
    {
        void accept(char msgType, FIXMessage body);
    }

    /** @return whether the venue already took an order, cancel or replace with this ClOrdID. */
    boolean knows(final String clOrdId)
    {
        return orders.containsKey(clOrdId) || requests.contains(clOrdId);
    }

    /** Remembers an order taken, for the reports about it. */
    void taken(final String clOrdId, final char side, final char type, final String symbol, final long qty)
    {
        if (!orders.containsKey(clOrdId))
        {
            final VenueOrder order = new VenueOrder(clOrdId, side, type, symbol, qty);
            orders.put(clOrdId, order);
            working.put(clOrdId, order);
        }
    }

    /** @return the order's own ClOrdID (the simulator's key) for any ClOrdID it had, or null when never taken. */
    String orderClOrdId(final String anyClOrdId)
    {
        final VenueOrder order = orders.get(anyClOrdId);
        return order == null ? null : order.clOrdId;
    }

    /** @return the order's qty for any ClOrdID it had, 0 when never taken. */
    long qty(final String anyClOrdId)
    {
        final VenueOrder order = orders.get(anyClOrdId);
        return order == null ? 0 : order.qty;
    }

    /**
     * A cancel (F) or replace (G) is about to go to the simulator: its ClOrdID is taken, and a cancel is remembered
     * so that the order's Canceled names it (ClOrdID 11, OrigClOrdID 41) when it takes effect later.
     */
    void request(final String requestClOrdId, final String origClOrdId, final boolean cancel)
    {
        requests.add(requestClOrdId);
        answeringOrig = origClOrdId;
        final VenueOrder order = orders.get(origClOrdId);
        if (cancel && order != null && order.cancelClOrdId == null)
        {
            order.cancelClOrdId = requestClOrdId;
            order.cancelOrigClOrdId = origClOrdId;
        }
    }

    /** The simulator has answered the request {@link #request} announced (its refusal, if any, is built). */
    void answered()
    {
        answeringOrig = null;
    }

    /** @return the own ClOrdIDs of the orders not final yet, in arrival order (a copy). */
    List<String> working()
    {
        return new ArrayList<>(working.keySet());
    }

    /** Remembers the side and symbol of a status query: the answer about an unknown order must still carry them. */
    void queried(final long queryId, final char side, final String symbol)
    {
        queries.put(queryId, new VenueOrder("", side, '2', symbol, 0));
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
                order(current(ack.clOrdId(), order), order, Long.toString(ack.brokerOrderId()),
                    ack.brokerOrderId() + "-0", '0', '0', ack.brokerTsNs());
                amounts(order.qty, 0, order);
                break;
            }
            case FillDecoder.TEMPLATE_ID:
            {
                fill.wrap(buffer, at, block, version);
                final VenueOrder order = orders.get(fill.clOrdId());
                order.notional = order.notional.add(BigDecimal.valueOf(fill.fillQty(), FixValues.SCALE)
                    .multiply(BigDecimal.valueOf(fill.fillPrice(), FixValues.SCALE)));
                order(current(fill.clOrdId(), order), order, Long.toString(fill.brokerOrderId()),
                    Long.toString(fill.execId()), 'F', fill.leavesQty() == 0 ? '2' : '1', fill.brokerTsNs());
                if (fill.leavesQty() == 0)
                {
                    working.remove(order.clOrdId);
                }
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
            case ReplacedDecoder.TEMPLATE_ID:
            {
                replaced.wrap(buffer, at, block, version);
                onReplaced();
                break;
            }
            case CancelRejectDecoder.TEMPLATE_ID:
            {
                cancelReject.wrap(buffer, at, block, version);
                onCancelReject();
                reports++;
                session.accept('9', body);
                return;
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
        session.accept('8', body);
    }

    /** ExecType 5: ClOrdID the replace's, OrigClOrdID the one before; the order works on the new qty and price. */
    private void onReplaced()
    {
        final VenueOrder order = orders.get(replaced.clOrdId());
        final String requestClOrdId = replaced.requestClOrdId();
        final long cumQty = replaced.cumQty();
        order.qty = replaced.qty();
        order(requestClOrdId, order, Long.toString(replaced.brokerOrderId()), replaced.brokerOrderId() + "-5-" +
            requestClOrdId, '5', cumQty > 0 ? '1' : '0', replaced.brokerTsNs());
        body.addField(41).setString(order.current);
        amounts(order.qty - cumQty, cumQty, order);
        if (order.type == '2')
        {
            decimal(44, replaced.price());
        }
        order.current = requestClOrdId;
        orders.put(requestClOrdId, order);
    }

    /**
     * OrderCancelReject (9): OrderID (NONE when the venue does not know the order), the request's ClOrdID and
     * OrigClOrdID, the order's OrdStatus (8 for an unknown order), CxlRejReason, CxlRejResponseTo, Text.
     */
    private void onCancelReject()
    {
        final VenueOrder order = orders.get(cancelReject.clOrdId());
        final String requestClOrdId = cancelReject.requestClOrdId();
        final boolean cancel = cancelReject.responseTo() == CxlRejResponseTo.CANCEL;
        if (cancel && order != null && requestClOrdId.equals(order.cancelClOrdId))
        {
            order.cancelClOrdId = null;
            order.cancelOrigClOrdId = null;
        }
        final long orderId = cancelReject.brokerOrderId();
        body.addField(37).setString(orderId == 0 ? "NONE" : Long.toString(orderId));
        body.addField(11).setString(requestClOrdId);
        body.addField(41).setString(answeringOrig != null ? answeringOrig :
            order != null ? order.current : cancelReject.clOrdId());
        body.addField(39).setChar(order == null || orderId == 0 ? '8' : order.ordStatus);
        // The schema's CxlRejReason codes are FIX 4.4's (tag 102).
        body.addField(102).setInt(cancelReject.reasonRaw());
        body.addField(434).setChar(cancel ? '1' : '2');
        FixValues.setTimestamp(body.addField(60), cancelReject.brokerTsNs());
        body.addField(58).setString(cancelReject.text());
    }

    /** @return the ClOrdID the venue knows the order by now (its own until a Replaced), for a report about it. */
    private static String current(final String clOrdId, final VenueOrder order)
    {
        return order == null ? clOrdId : order.current;
    }

    /** Rejects a D whose ClOrdID an earlier life of the venue took: OrdRejReason 6, duplicate order. */
    void refuseTakenBefore(final String clOrdId, final char side, final String symbol, final long qty, final long tsNs)
    {
        body.reset();
        final VenueOrder order = new VenueOrder(clOrdId, side, '2', symbol, qty);
        order(clOrdId, order, "NONE", "R-" + clOrdId + "-" + reports, '8', '8', tsNs);
        amounts(0, 0, order);
        body.addField(103).setInt(6);
        body.addField(58).setString("duplicate ClOrdID: taken before the venue restarted");
        reports++;
        session.accept('8', body);
    }

    /** A rejected order (ExecType and OrdStatus 8): no OrderID, the reason and its text. */
    private void refused(final String clOrdId, final String execIdPrefix, final long tsNs, final int ordRejReason,
        final String text)
    {
        final VenueOrder order = orders.get(clOrdId);
        final char status = order == null ? '8' : order.ordStatus;
        order(clOrdId, order, "NONE", execIdPrefix + clOrdId + "-" + reports, '8', '8', tsNs);
        amounts(0, 0, order);
        if (order != null && ordRejReason == DUPLICATE_ORDER)
        {
            // A second D with the ClOrdID of an order the venue holds: that order is untouched.
            order.ordStatus = status;
        }
        else if (order != null)
        {
            working.remove(clOrdId);
        }
        body.addField(103).setInt(ordRejReason);
        body.addField(58).setString(text);
    }

    /** An order ended at the venue without more fills (expired C, canceled 4): ExecType and OrdStatus alike. */
    private void ended(final String clOrdId, final long brokerOrderId, final char state, final long cumQty,
        final long tsNs)
    {
        final VenueOrder order = orders.get(clOrdId);
        if (state == '4' && order != null && order.cancelClOrdId != null)
        {
            // The engine's cancel took effect: the report names the cancel, OrigClOrdID the order as it asked.
            order(order.cancelClOrdId, order, Long.toString(brokerOrderId), brokerOrderId + "-" + state, state, state,
                tsNs);
            body.addField(41).setString(order.cancelOrigClOrdId);
        }
        else
        {
            // An expiry, or a cancel the venue made itself (cancel-on-disconnect): the order's ClOrdID as it is now.
            order(current(clOrdId, order), order, Long.toString(brokerOrderId), brokerOrderId + "-" + state, state,
                state, tsNs);
        }
        amounts(0, cumQty, order);
        if (order != null)
        {
            working.remove(order.clOrdId);
        }
    }

    private void order(final String clOrdId, final VenueOrder order, final String orderId, final String execId,
        final char execType, final char ordStatus, final long tsNs)
    {
        body.addField(37).setString(orderId);
        body.addField(11).setString(clOrdId);
        body.addField(17).setString(execId);
        body.addField(150).setChar(execType);
        body.addField(39).setChar(ordStatus);
        if (order != null && execType != 'I')
        {
            order.ordStatus = ordStatus;
        }
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
                return DUPLICATE_ORDER;
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

    /**
     * What the venue keeps per order for its reports: its own ClOrdID and the one it is known by now, side, type,
     * symbol, qty (the last Replaced's), the filled notional, the last OrdStatus reported, the cancel pending.
     */
    private static final class VenueOrder
    {
        final String clOrdId;
        final char side;
        final char type;
        final String symbol;
        String current;
        long qty;
        char ordStatus = 'A';
        String cancelClOrdId;
        String cancelOrigClOrdId;
        BigDecimal notional = BigDecimal.ZERO;

        VenueOrder(final String clOrdId, final char side, final char type, final String symbol, final long qty)
        {
            this.clOrdId = clOrdId;
            this.current = clOrdId;
            this.side = side;
            this.type = type;
            this.symbol = symbol;
            this.qty = qty;
        }
    }
}

package io.noctria.engine.fix;

import io.noctria.codecs.sbe.*;
import io.noctria.journal.Journal;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.FieldNotFound;
import quickfix.Message;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The gateway's inbound side, on the FIX session's thread: turns each ExecutionReport (8) and OrderCancelReject (9)
 * into the engine's broker report and appends it to the venue link's {@code broker-reports} queue, where the engine's
 * ingress thread reads it (docs/fix.md, "Tag mapping"). ExecType (150) decides: 0 New → BrokerAck; F Trade (and 1/2,
 * FIX 4.2's partial and full fill) → Fill with LastQty (32) and LastPx (31); 8 Rejected → BrokerReject with
 * OrdRejReason (103); C Expired → Expired; 4 Canceled → Canceled; 5 Replaced → Replaced with the new OrderQty (38) and
 * Price (44); 6 Pending Cancel and E Pending Replace → nothing (the engine put the order in PENDING_CANCEL or
 * PENDING_REPLACE when it journaled the action; the schema has no report for the venue's echo of it); I Order Status
 * (the answer to an OrderStatusRequest, OrdStatusReqID 790 = the query id) → OrderStatusReport. An OrderCancelReject
 * → CancelReject with CxlRejReason (102) and CxlRejResponseTo (434). {@code tsNs} is written as 0: the engine stamps
 * it when it sequences the report.
 * <p>
 * <b>Which order.</b> A report names the order by whatever ClOrdID (11) the venue knows it under at that moment: the
 * order's own, a cancel's (4, 6, 9), a replace's (5, E, 9, and every report after a Replaced). Each of them is in the
 * ClOrdID table ({@link OrderForwarder} puts it there as it sends), which gives the order's own ClOrdID, trace id
 * and key: every broker report carries the order's identity, the action's ClOrdID only in {@code requestClOrdId}
 * (docs/messages.md, "Actions"). An OrigClOrdID (41), when present, must name the same order.
 * <p>
 * What it refuses, counted and logged, never passed on as a report: a report for a ClOrdID this gateway never sent
 * (its trace id and idempotency key are unknown, and no order of the engine's could take it), or whose OrigClOrdID is
 * unknown or names another order; an ExecType the engine's schema has no report for (restated, trade
 * correct/cancel...); and a report whose fields do not parse. Each refusal is appended instead as a
 * {@code VenueInputRefused} naming reason, MsgType, MsgSeqNum, ClOrdID, tag and value ({@link ReportStream}), which the
 * engine journals and the core turns into an {@code Alert}: the record survives the process, replay and {@code tail}
 * see it.
 * <p>
 * <b>Nothing twice.</b> The FIX library drops a repeated MsgSeqNum (a PossDupFlag resend of what was processed) before
 * it reaches this class. One window remains: a crash after the append but before the library counted the message
 * in; after the restart the venue resends it. So each report appended is also remembered by what it reports (ack:
 * the order's ClOrdID; fill: it and ExecID; reject, expiry, cancel: the order's ClOrdID; replaced, cancel reject: the
 * request's ClOrdID), the table rebuilt from {@code broker-reports} at start ({@link #remember}); a report already
 * there is counted and dropped. Status answers are not filtered: the engine applies each query's answer once.
 */
final class ExecutionReportAdapter
{
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionReportAdapter.class);
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final ReportStream reports;
    private final Map<String, OrderContext> contexts;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final BrokerAckEncoder ack = new BrokerAckEncoder();
    private final FillEncoder fill = new FillEncoder();
    private final BrokerRejectEncoder reject = new BrokerRejectEncoder();
    private final ExpiredEncoder expired = new ExpiredEncoder();
    private final CanceledEncoder canceled = new CanceledEncoder();
    private final OrderStatusReportEncoder status = new OrderStatusReportEncoder();
    private final ReplacedEncoder replaced = new ReplacedEncoder();
    private final CancelRejectEncoder cancelReject = new CancelRejectEncoder();

    private final Set<String> reported = new HashSet<>();
    private final FinishedOrders finished;
    private final FixLinkCounters counters;

    /** An adapter counting into counters of its own (a test's). */
    ExecutionReportAdapter(final Journal reports, final Map<String, OrderContext> contexts)
    {
        this(reports, contexts, FinishedOrders.DEFAULT_RETAINED, FixLinkCounters.standalone());
    }

    /** An adapter counting into counters of its own (a test's) and keeping {@code retainedFinished} finished orders. */
    ExecutionReportAdapter(final Journal reports, final Map<String, OrderContext> contexts, final int retainedFinished)
    {
        this(reports, contexts, retainedFinished, FixLinkCounters.standalone());
    }

    /**
     * @param retainedFinished finished orders kept in the tables ({@link FinishedOrders}).
     * @param counters         where reports taken, refused and noted are counted (on the session thread).
     */
    ExecutionReportAdapter(final Journal reports, final Map<String, OrderContext> contexts, final int retainedFinished,
        final FixLinkCounters counters)
    {
        this.reports = new ReportStream(reports);
        this.contexts = contexts;
        this.finished = new FinishedOrders(retainedFinished);
        this.counters = counters;
    }

    /** @return finished orders dropped from the ClOrdID table and the reports taken so far. */
    long ordersDropped()
    {
        return finished.dropped();
    }

    /** @return report keys held to drop repeats: bounded with the finished orders retained. */
    int reportsRemembered()
    {
        return reported.size();
    }

    /**
     * Drops the oldest finished orders beyond those retained from the reports taken and from the ClOrdID table (every
     * ClOrdID naming them: the order's, its cancels' and replaces'). Called after each final report and once after
     * the tables are rebuilt at start (then from the start-up thread while the session may already run: hence the lock,
     * which {@link #take} holds too; both are on the gateway's threads, never the engine's).
     */
    synchronized void trim()
    {
        final Set<String> drop = finished.overflow();
        if (drop.isEmpty())
        {
            return;
        }
        // Report keys first: a Replaced's and a CancelReject's name a request ClOrdID, which the table still resolves.
        reported.removeIf(key -> drop.contains(orderOf(key)));
        contexts.values().removeIf(context -> drop.contains(context.clOrdId()));
        LOG.debug("{} finished orders dropped from the gateway's tables ({} so far, {} retained)", drop.size(),
            finished.dropped(), finished.held());
    }

    /** @return the order a report key (see {@link #key}) is about. */
    private String orderOf(final String key)
    {
        final char kind = key.charAt(0);
        final String id = kind == 'F' ? key.substring(1, key.lastIndexOf('/')) : key.substring(1);
        if (kind == 'R' || kind == 'J')
        {
            final OrderContext context = contexts.get(id);
            return null == context ? id : context.clOrdId();
        }
        return id;
    }

    /** @return where reports and refusals go: the gateway appends its session-level refusals there too. */
    ReportStream stream()
    {
        return reports;
    }

    /** @return what this adapter counts (reports taken, refused by reason, pending cancel/replace noted). */
    FixLinkCounters counters()
    {
        return counters;
    }

    /** Maps and appends one ExecutionReport; never throws for the venue's mistakes (they are counted). */
    void onExecutionReport(final Message report)
    {
        final String clOrdId = FixFields.text(report, 11, null);
        try
        {
            final char execType = report.getChar(150);
            final int length = execType == 'I' ? statusReport(report, clOrdId) : orderReport(report, clOrdId, execType);
            take(report, "ExecutionReport (ExecType " + execType + ")", clOrdId, length, execType != 'I');
        }
        catch (final FieldNotFound | RuntimeException ex)
        {
            malformed(report, "ExecutionReport", clOrdId, ex);
        }
    }

    /** An application message of a type the gateway does not take (not 8 or 9): counted, logged, refusal appended. */
    void onUnhandled(final Message message)
    {
        counters.unmapped.incrementOrdered();
        final String type = FixFields.text(message.getHeader(), 35, "?");
        LOG.warn("FIX message type {} is not handled: ignored (MsgSeqNum {})", type,
            FixFields.text(message.getHeader(), 34, "?"));
        refuse(message, VenueRefusal.UNHANDLED_MSG_TYPE, FixFields.text(message, 11, null), 35, type,
            "FIX message type " + type + " is not one the gateway takes (8, 9)" +
                (message.isSetField(58) ? ": " + FixFields.text(message, 58, "") : ""));
    }

    /**
     * A session message of the venue's that tells of a problem: a Reject (3) of one of the gateway's messages, or a
     * Logout (5) with a reason (Text 58). Appended as a refusal; a Logout without a reason is an ordinary end.
     */
    void onAdmin(final Message message)
    {
        final String type = FixFields.text(message.getHeader(), 35, "");
        final String text = FixFields.text(message, 58, null);
        if ("3".equals(type))
        {
            final String refTag = FixFields.text(message, 371, null);
            reports.refuse(VenueRefusal.SESSION_REJECT, type, sequenceNumber(message), sendingTimeNs(message),
                null == refTag ? 0 : parseTag(refTag), null, null, refTag,
                "the venue rejected the gateway's message MsgSeqNum " + FixFields.text(message, 45, "?") +
                    " (MsgType " + FixFields.text(message, 372, "?") + ", SessionRejectReason " +
                    FixFields.text(message, 373, "?") + ")" + (null == text ? "" : ": " + text));
        }
        else if ("5".equals(type) && null != text)
        {
            reports.refuse(VenueRefusal.SESSION_LOGOUT, type, sequenceNumber(message), sendingTimeNs(message), 0,
                null, null, null, "the venue logged out: " + text);
        }
    }

    private static int parseTag(final String tag)
    {
        try
        {
            return Integer.parseInt(tag);
        }
        catch (final NumberFormatException ex)
        {
            return 0;
        }
    }

    /** Maps and appends one OrderCancelReject (9); never throws for the venue's mistakes (they are counted). */
    void onOrderCancelReject(final Message reject)
    {
        final String clOrdId = FixFields.text(reject, 11, null);
        try
        {
            take(reject, "OrderCancelReject", clOrdId, cancelReject(reject, clOrdId), true);
        }
        catch (final FieldNotFound | RuntimeException ex)
        {
            malformed(reject, "OrderCancelReject", clOrdId, ex);
        }
    }

    /** A message whose fields do not parse (or a required one is missing): counted, logged, refusal appended. */
    private void malformed(final Message message, final String what, final String clOrdId, final Exception ex)
    {
        counters.malformed.incrementOrdered();
        LOG.warn("{} for ClOrdID {} not taken: {} (MsgSeqNum {})", what, clOrdId, ex.getMessage(),
            FixFields.text(message.getHeader(), 34, "?"));
        int tag = 0;
        String value = null;
        String why = String.valueOf(ex.getMessage());
        if (ex instanceof FieldRefused)
        {
            final FieldRefused refused = (FieldRefused)ex;
            tag = refused.tag;
            value = refused.value;
            why = "the value " + refused.why;
        }
        else if (ex instanceof FieldNotFound)
        {
            tag = ((FieldNotFound)ex).field;
            why = "required tag " + tag + " is missing";
        }
        else if (ex instanceof quickfix.FieldException)
        {
            tag = ((quickfix.FieldException)ex).getField();
        }
        refuse(message, VenueRefusal.UNPARSEABLE_FIELD, clOrdId, tag, value, what + " not taken: " + why);
    }

    /** Appends the refusal of {@code message} to the report stream, with the order's trace when it is known. */
    private void refuse(final Message message, final VenueRefusal reason, final String clOrdId, final int tag,
        final String value, final String detail)
    {
        final OrderContext context = null == clOrdId ? null : contexts.get(clOrdId);
        reports.refuse(reason, FixFields.text(message.getHeader(), 35, null), sequenceNumber(message),
            sendingTimeNs(message), tag, clOrdId, null == context ? null : context.traceId(), value, detail);
    }

    /** @return MsgSeqNum (34) of the message, 0 when absent or not a number. */
    static long sequenceNumber(final Message message)
    {
        try
        {
            return Long.parseLong(FixFields.text(message.getHeader(), 34, "0"));
        }
        catch (final NumberFormatException ex)
        {
            return 0;
        }
    }

    /** @return SendingTime (52) of the message in epoch nanoseconds, 0 when absent or unreadable. */
    static long sendingTimeNs(final Message message)
    {
        try
        {
            return message.getHeader().isSetField(52) ? epochNs(message.getHeader().getUtcTimeStamp(52)) : 0;
        }
        catch (final FieldNotFound | RuntimeException ex)
        {
            return 0;
        }
    }

    /** Appends the {@code length} bytes mapped into {@code buffer}, unless nothing was mapped or it is a repeat. */
    private synchronized void take(final Message message, final String what, final String clOrdId, final int length,
        final boolean once)
    {
        if (length <= 0)
        {
            return;
        }
        if (once && !reported.add(key(buffer, 0)))
        {
            counters.duplicates.incrementOrdered();
            LOG.warn("{} for ClOrdID {} repeats a report already taken (MsgSeqNum {}, PossDupFlag {}): dropped", what,
                clOrdId, FixFields.text(message.getHeader(), 34, "?"), FixFields.text(message.getHeader(), 43, "N"));
            return;
        }
        reports.append(buffer, 0, length);
        counters.reportsTaken.incrementOrdered();
        finished.onReport(buffer, 0);
        trim();
    }

    /**
     * @return the order the message's ClOrdID (11) names, or null (counted, logged) when this gateway never sent that
     * ClOrdID or the message's OrigClOrdID (41) is not one of the same order's.
     */
    private OrderContext order(final Message message, final String what, final String clOrdId)
    {
        final OrderContext context = null == clOrdId ? null : contexts.get(clOrdId);
        if (null == context)
        {
            counters.unknownClOrdIds.incrementOrdered();
            LOG.warn("{} for ClOrdID {} this gateway never sent: ignored", what, clOrdId);
            refuse(message, VenueRefusal.UNKNOWN_CLORDID, clOrdId, 11, clOrdId,
                what + " for a ClOrdID this gateway never sent");
            return null;
        }
        final String origClOrdId = FixFields.text(message, 41, null);
        if (null != origClOrdId && !context.sameOrder(contexts.get(origClOrdId)))
        {
            counters.unknownClOrdIds.incrementOrdered();
            final String whose = contexts.containsKey(origClOrdId) ? "another order's" :
                "a ClOrdID this gateway never sent";
            LOG.warn("{} for ClOrdID {} (order {}) names OrigClOrdID {}, which is {}: ignored", what, clOrdId,
                context.clOrdId(), origClOrdId, whose);
            refuse(message, VenueRefusal.FOREIGN_ORIG_CLORDID, clOrdId, 41, origClOrdId,
                what + " of order " + context.clOrdId() + " names an OrigClOrdID that is " + whose);
            return null;
        }
        return context;
    }

    private int orderReport(final Message report, final String clOrdId, final char execType) throws FieldNotFound
    {
        final OrderContext context = order(report, "ExecutionReport (ExecType " + execType + ")", clOrdId);
        if (null == context)
        {
            return 0;
        }
        final String orderClOrdId = context.clOrdId();
        final long brokerTsNs = epochNs(report);
        final long orderId = FixFields.id(FixFields.text(report, 37, ""));
        switch (execType)
        {
            case '0':
                ack.wrapAndApplyHeader(buffer, 0, header).tsNs(0).brokerTsNs(brokerTsNs).brokerOrderId(orderId);
                FixFields.putAscii(buffer, HEADER + BrokerAckEncoder.clOrdIdEncodingOffset(), 32, 11, orderClOrdId);
                ack.putTraceId(context.traceId(), 0).putIdempotencyKey(context.idempotencyKey(), 0, 32);
                return HEADER + ack.encodedLength();
            case 'F':
            case '1':
            case '2':
            {
                final char ordStatus = report.getChar(39);
                final long leaves = FixFields.fixed6(151, report.getString(151));
                fill.wrapAndApplyHeader(buffer, 0, header).tsNs(0).brokerTsNs(brokerTsNs).brokerOrderId(orderId)
                    .execId(FixFields.id(report.getString(17)))
                    .fillQty(FixFields.fixed6(32, report.getString(32)))
                    .fillPrice(FixFields.fixed6(31, report.getString(31)))
                    .cumQty(FixFields.fixed6(14, report.getString(14)))
                    .leavesQty(leaves)
                    .fillType(ordStatus == '2' || leaves == 0 ? FillType.FULL : FillType.PARTIAL)
                    .liquidity("1".equals(FixFields.text(report, 851, null)) ? Liquidity.MAKER : Liquidity.TAKER);
                FixFields.putAscii(buffer, HEADER + FillEncoder.clOrdIdEncodingOffset(), 32, 11, orderClOrdId);
                fill.putTraceId(context.traceId(), 0).putIdempotencyKey(context.idempotencyKey(), 0, 32);
                return HEADER + fill.encodedLength();
            }
            case '8':
                reject.wrapAndApplyHeader(buffer, 0, header).tsNs(0).brokerTsNs(brokerTsNs)
                    .reason(FixFields.rejectReason(FixFields.integer(report, 103, 99)));
                FixFields.putAscii(buffer, HEADER + BrokerRejectEncoder.clOrdIdEncodingOffset(), 32, 11, orderClOrdId);
                reject.putTraceId(context.traceId(), 0).putIdempotencyKey(context.idempotencyKey(), 0, 32)
                    .text(FixFields.text(report, 58, ""));
                return HEADER + reject.encodedLength();
            case 'C':
                expired.wrapAndApplyHeader(buffer, 0, header).tsNs(0).brokerTsNs(brokerTsNs).brokerOrderId(orderId)
                    .cumQty(FixFields.fixed6(14, report.getString(14)));
                FixFields.putAscii(buffer, HEADER + ExpiredEncoder.clOrdIdEncodingOffset(), 32, 11, orderClOrdId);
                expired.putTraceId(context.traceId(), 0).putIdempotencyKey(context.idempotencyKey(), 0, 32);
                return HEADER + expired.encodedLength();
            case '4':
                canceled.wrapAndApplyHeader(buffer, 0, header).tsNs(0).brokerTsNs(brokerTsNs).brokerOrderId(orderId)
                    .cumQty(FixFields.fixed6(14, report.getString(14)));
                FixFields.putAscii(buffer, HEADER + CanceledEncoder.clOrdIdEncodingOffset(), 32, 11, orderClOrdId);
                canceled.putTraceId(context.traceId(), 0).putIdempotencyKey(context.idempotencyKey(), 0, 32);
                return HEADER + canceled.encodedLength();
            case '5':
            {
                // A MARKET order's report need not carry Price (44): its price is the one the replace asked for.
                final String price = FixFields.text(report, 44, null);
                replaced.wrapAndApplyHeader(buffer, 0, header).tsNs(0).brokerTsNs(brokerTsNs).brokerOrderId(orderId)
                    .qty(FixFields.fixed6(38, report.getString(38)))
                    .price(null == price ? context.price() : FixFields.fixed6(44, price))
                    .cumQty(FixFields.fixed6(14, report.getString(14)));
                FixFields.putAscii(buffer, HEADER + ReplacedEncoder.clOrdIdEncodingOffset(), 32, 11, orderClOrdId);
                replaced.putTraceId(context.traceId(), 0).putIdempotencyKey(context.idempotencyKey(), 0, 32);
                FixFields.putAscii(buffer, HEADER + ReplacedEncoder.requestClOrdIdEncodingOffset(), 32, 11, clOrdId);
                return HEADER + replaced.encodedLength();
            }
            case '6':
            case 'E':
                counters.pendingNoted.incrementOrdered();
                LOG.debug("ExecutionReport ExecType {} (pending) for ClOrdID {} of order {}: noted", execType, clOrdId,
                    orderClOrdId);
                return 0;
            default:
                counters.unmapped.incrementOrdered();
                LOG.warn("ExecutionReport ExecType {} for ClOrdID {} has no broker report in the engine's schema: " +
                    "ignored", execType, clOrdId);
                refuse(report, VenueRefusal.UNMAPPED_EXEC_TYPE, clOrdId, 150, String.valueOf(execType),
                    "ExecutionReport ExecType " + execType + " has no broker report in the engine's schema");
                return 0;
        }
    }

    private int cancelReject(final Message message, final String clOrdId) throws FieldNotFound
    {
        final OrderContext context = order(message, "OrderCancelReject", clOrdId);
        if (null == context)
        {
            return 0;
        }
        final CxlRejReason reason = FixFields.cancelRejectReason(FixFields.integer(message, 102, 99));
        final char to = message.getChar(434);
        if (to != '1' && to != '2')
        {
            throw new FieldRefused(434, String.valueOf(to), "is neither 1 (cancel) nor 2 (replace)");
        }
        // OrderID (37) is required on 9; a venue that does not know the order sends "NONE".
        final String orderId = FixFields.text(message, 37, "NONE");
        final boolean unknown = reason == CxlRejReason.UNKNOWN_ORDER || "NONE".equals(orderId);
        // TransactTime (60) is optional on 9: the venue's SendingTime (52) stands in for it.
        final long brokerTsNs = message.isSetField(60) ? epochNs(message) :
            epochNs(message.getHeader().getUtcTimeStamp(52));
        cancelReject.wrapAndApplyHeader(buffer, 0, header).tsNs(0).brokerTsNs(brokerTsNs)
            .brokerOrderId(unknown ? 0 : FixFields.id(orderId))
            .reason(reason)
            .responseTo(to == '1' ? CxlRejResponseTo.CANCEL : CxlRejResponseTo.REPLACE);
        FixFields.putAscii(buffer, HEADER + CancelRejectEncoder.clOrdIdEncodingOffset(), 32, 11, context.clOrdId());
        cancelReject.putTraceId(context.traceId(), 0).putIdempotencyKey(context.idempotencyKey(), 0, 32);
        FixFields.putAscii(buffer, HEADER + CancelRejectEncoder.requestClOrdIdEncodingOffset(), 32, 11, clOrdId);
        cancelReject.text(FixFields.text(message, 58, ""));
        return HEADER + cancelReject.encodedLength();
    }

    private int statusReport(final Message report, final String clOrdId) throws FieldNotFound
    {
        final long queryId = Long.parseLong(report.getString(790));
        final char ordStatus = report.getChar(39);
        final boolean unknown = ordStatus == '8' && FixFields.integer(report, 103, 0) == 5;
        status.wrapAndApplyHeader(buffer, 0, header).tsNs(0).brokerTsNs(epochNs(report)).queryId(queryId)
            .brokerOrderId(unknown ? 0 : FixFields.id(FixFields.text(report, 37, "")))
            .qty(unknown ? 0 : FixFields.fixed6(38, FixFields.text(report, 38, "0")))
            .cumQty(FixFields.fixed6(14, FixFields.text(report, 14, "0")))
            .leavesQty(FixFields.fixed6(151, FixFields.text(report, 151, "0")))
            .avgPrice(FixFields.fixed6(6, FixFields.text(report, 6, "0")))
            .state(unknown ? VenueOrderState.UNKNOWN : FixFields.venueState(ordStatus));
        // A venue may answer under the ClOrdID of the order's last replace: the engine matches the order's own.
        final OrderContext context = null == clOrdId ? null : contexts.get(clOrdId);
        FixFields.putAscii(buffer, HEADER + OrderStatusReportEncoder.clOrdIdEncodingOffset(), 32, 11,
            null == context ? clOrdId : context.clOrdId());
        return HEADER + status.encodedLength();
    }

    private static long epochNs(final Message report) throws FieldNotFound
    {
        return epochNs(report.getUtcTimeStamp(60));
    }

    private static long epochNs(final LocalDateTime time)
    {
        final java.time.Instant instant = time.toInstant(ZoneOffset.UTC);
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** Remembers a report already in {@code broker-reports} (read at start), so a resend of it is dropped. */
    void remember(final org.agrona.DirectBuffer message, final int offset)
    {
        reports.remember(message, offset);
        finished.onReport(message, offset);
        final String key = key(message, offset);
        if (key != null)
        {
            reported.add(key);
        }
    }

    /** @return what the report at {@code offset} reports, for the duplicate check; null for a status answer. */
    private static String key(final org.agrona.DirectBuffer message, final int offset)
    {
        final int template = message.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final int body = offset + HEADER;
        switch (template)
        {
            case BrokerAckEncoder.TEMPLATE_ID:
                return "A" + FixFields.ascii(message, body + BrokerAckEncoder.clOrdIdEncodingOffset(), 32);
            case FillEncoder.TEMPLATE_ID:
                return "F" + FixFields.ascii(message, body + FillEncoder.clOrdIdEncodingOffset(), 32) + "/" +
                    message.getLong(body + FillEncoder.execIdEncodingOffset(), FillEncoder.BYTE_ORDER);
            case BrokerRejectEncoder.TEMPLATE_ID:
                return "X" + FixFields.ascii(message, body + BrokerRejectEncoder.clOrdIdEncodingOffset(), 32);
            case ExpiredEncoder.TEMPLATE_ID:
                return "X" + FixFields.ascii(message, body + ExpiredEncoder.clOrdIdEncodingOffset(), 32);
            case CanceledEncoder.TEMPLATE_ID:
                return "X" + FixFields.ascii(message, body + CanceledEncoder.clOrdIdEncodingOffset(), 32);
            case ReplacedEncoder.TEMPLATE_ID:
                return "R" + FixFields.ascii(message, body + ReplacedEncoder.requestClOrdIdEncodingOffset(), 32);
            case CancelRejectEncoder.TEMPLATE_ID:
                return "J" + FixFields.ascii(message, body + CancelRejectEncoder.requestClOrdIdEncodingOffset(), 32);
            default:
                return null;
        }
    }
}

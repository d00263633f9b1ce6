package io.noctria.engine.core;

import io.noctria.codecs.OrderTransitions;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.config.SymbolLimits;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Broker reports against the outbox: finds the order a report is about (by its idempotency key,
 * checking the ClOrdID derived from it), drives the {@link OrderTransitions} life cycle, applies fills to
 * positions and PnL, releases working quantity when an order ends, and answers transient send
 * failures with a retry. A report that does not fit (unknown order, illegal transition, over-fill,
 * stale attempt, counts that disagree) raises an alert and changes nothing. Legal reports emit no
 * event: they are journaled inputs already. Allocation free.
 */
final class OrderLifecycle
{
    private static final int CL_ORD_ID_LENGTH = IdempotencyKeys.CL_ORD_ID_LENGTH;

    private final Outbox outbox;
    private final SymbolBook symbols;
    private final TraceBook traces;
    private final EventPublisher publisher;
    private final AutoPauseMonitor autoPause;
    private final OrderActions actions;
    private final int maxSendAttempts;
    private final AsciiText text = new AsciiText(EventPublisher.MAX_TEXT);
    private final byte[] clOrdId = new byte[CL_ORD_ID_LENGTH];
    private final byte[] reportKey = new byte[IdempotencyKeys.KEY_LENGTH];
    private final UnsafeBuffer reportKeyView = new UnsafeBuffer(reportKey);
    private final byte[] reportClOrdId = new byte[CL_ORD_ID_LENGTH];
    private final byte[] reportTrace = new byte[OrderTicket.TRACE_LENGTH];
    private final byte[] entrySymbol = new byte[OrderTicket.SYMBOL_LENGTH];
    private final byte[] entryTrace = new byte[OrderTicket.TRACE_LENGTH];

    OrderLifecycle(
        final Outbox outbox,
        final SymbolBook symbols,
        final TraceBook traces,
        final EventPublisher publisher,
        final AutoPauseMonitor autoPause,
        final OrderActions actions,
        final int maxSendAttempts)
    {
        this.actions = actions;
        this.autoPause = autoPause;
        this.outbox = outbox;
        this.symbols = symbols;
        this.traces = traces;
        this.publisher = publisher;
        this.maxSendAttempts = maxSendAttempts;
    }

    void onBrokerAck(final long inputIndex, final BrokerAckDecoder ack)
    {
        final int id = locate(inputIndex, "BrokerAck", ack.buffer(),
            ack.offset() + BrokerAckDecoder.clOrdIdEncodingOffset());
        if (id < 0)
        {
            return;
        }
        if (!outbox.acked(id) && OrderTransitions.impliedAck(outbox.state(id)))
        {
            // Out of order: a fill (or the end) arrived first and implied the ack; this is that ack, late. Legal,
            // nothing to change but the record that it came: a second one is illegal like any repeated ack.
            outbox.acked(id, true);
            if (0 == outbox.brokerOrderId(id))
            {
                outbox.brokerOrderId(id, ack.brokerOrderId());
            }
            return;
        }
        if (transition(inputIndex, id, OrderTransitions.ON_ACK))
        {
            outbox.acked(id, true);
            outbox.brokerOrderId(id, ack.brokerOrderId());
        }
    }

    void onFill(final long inputIndex, final FillDecoder fill)
    {
        final int id = locate(inputIndex, "Fill", fill.buffer(), fill.offset() + FillDecoder.clOrdIdEncodingOffset());
        if (id < 0)
        {
            return;
        }
        final long fillQty = fill.fillQty();
        final long fillPrice = fill.fillPrice();
        final long leaves = outbox.leavesQty(id);
        if (OrderTransitions.racedTheEnd(outbox.state(id)))
        {
            applyFillAfterEnd(inputIndex, id, fill.brokerOrderId(), fillQty, fillPrice, leaves);
            return;
        }
        final int event = OrderTransitions.fillEvent(fillQty, leaves);
        if (null == OrderTransitions.next(outbox.state(id), event))
        {
            alertIllegal(inputIndex, id, event);
            return;
        }
        if (fillQty <= 0 || fillPrice <= 0 || fillQty > leaves)
        {
            text.reset().append("Fill of qty ").appendFixed6(fillQty).append(" at ").appendFixed6(fillPrice)
                .append(" is invalid for ClOrdID ").appendField(clOrdId, CL_ORD_ID_LENGTH).append(" with leaves ")
                .appendFixed6(leaves).append("; ignored, state kept ")
                .append(outbox.state(id).name());
            alertAbout(inputIndex, id, AlertCode.ILLEGAL_TRANSITION);
            return;
        }
        if (!transition(inputIndex, id, event))
        {
            return;
        }
        applyExecution(inputIndex, id, fill.brokerOrderId(), fillQty, fillPrice, true);
        if (EngineOrderState.FILLED == outbox.state(id))
        {
            judgeSlippage(id);
        }
    }

    /**
     * A fill after the venue reported the order CANCELED or EXPIRED: it raced the cancel (or the expiry) at the
     * venue, so it is real. The position, PnL, streak and the order's cum qty take it; the state stays as
     * reported (terminal); the working qty does not move (the leaves were released at the end). Over-fills and
     * bad numbers are ignored as always.
     */
    private void applyFillAfterEnd(final long inputIndex, final int id, final long brokerOrderId, final long fillQty,
        final long fillPrice, final long leaves)
    {
        final String stateName = outbox.state(id).name();
        if (fillQty <= 0 || fillPrice <= 0 || fillQty > leaves)
        {
            text.reset().append("Fill of qty ").appendFixed6(fillQty).append(" at ").appendFixed6(fillPrice)
                .append(" after ").append(stateName).append(" is invalid for ClOrdID ").appendField(clOrdId, CL_ORD_ID_LENGTH)
                .append(" with unfilled qty ").appendFixed6(leaves).append("; ignored, state kept ").append(stateName);
            alertAbout(inputIndex, id, AlertCode.ILLEGAL_TRANSITION);
            return;
        }
        text.reset().append("Fill of qty ").appendFixed6(fillQty).append(" at ").appendFixed6(fillPrice)
            .append(" arrived after ").append(stateName).append(" for ClOrdID ").appendField(clOrdId, CL_ORD_ID_LENGTH)
            .append(": executed at the venue, applied to the position; state kept ").append(stateName)
            .append(", reconcile with the broker");
        alertAbout(inputIndex, id, AlertCode.RECONCILE);
        applyExecution(inputIndex, id, brokerOrderId, fillQty, fillPrice, false);
    }

    /**
     * Books an execution on the order and its symbol and judges the losing streak (shrink alert, automatic
     * pause). Also used by reconciliation for quantity the venue filled but never reported, so such fills
     * count for the streak exactly like reported ones.
     */
    void applyExecution(final long inputIndex, final int id, final long brokerOrderId, final long fillQty,
        final long fillPrice, final boolean working)
    {
        outbox.addFill(id, fillQty, fillPrice);
        if (0 == outbox.brokerOrderId(id))
        {
            outbox.brokerOrderId(id, brokerOrderId);
        }
        final int symbolId = outbox.symbolId(id);
        final int outcome = symbols.applyFill(symbolId, outbox.sideSign(id), fillQty, fillPrice, working);
        final SymbolLimits limits = symbols.limits(symbolId);
        if (SymbolBook.ROUND_TRIP_LOSS == outcome)
        {
            symbols.symbolBytes(symbolId, entrySymbol);
            autoPause.onLoss(entrySymbol, symbols.lossStreak(symbolId), limits.maxConsecutiveLosses());
        }
        if (SymbolBook.ROUND_TRIP_LOSS == outcome && symbols.lossStreak(symbolId) >= limits.maxConsecutiveLosses())
        {
            symbols.symbolBytes(symbolId, entrySymbol);
            text.reset().append("loss streak ").append(symbols.lossStreak(symbolId)).append(" on ")
                .appendField(entrySymbol, OrderTicket.SYMBOL_LENGTH).append(" reached max_consecutive_losses ")
                .append(limits.maxConsecutiveLosses()).append(": new risk-increasing orders shrink by ")
                .append(limits.shrinkAfterLossesPpm() / 10_000).append('.')
                .appendPadded(limits.shrinkAfterLossesPpm() % 10_000, 4).append('%');
            publisher.alert(inputIndex, AlertCode.RISK_RULE, Severity.WARNING, RiskRule.LOSS_STREAK_SHRINK,
                symbols.policyName(symbolId), traceOf(id), text);
        }
    }

    void onBrokerReject(final long inputIndex, final BrokerRejectDecoder reject)
    {
        final int id = locate(inputIndex, "BrokerReject", reject.buffer(),
            reject.offset() + BrokerRejectDecoder.clOrdIdEncodingOffset());
        if (id < 0)
        {
            return;
        }
        if (BrokerRejectReason.DUPLICATE_CLORDID.value() == reject.reasonRaw())
        {
            // The engine reuses a ClOrdID only to retry, so the venue already holds an earlier attempt.
            text.reset().append("BrokerReject DUPLICATE_CLORDID for ClOrdID ").appendField(clOrdId, CL_ORD_ID_LENGTH)
                .append(": the broker holds an earlier attempt; state kept ")
                .append(outbox.state(id).name()).append(", reconcile with the broker");
            alertAbout(inputIndex, id, AlertCode.RECONCILE);
            return;
        }
        if (transition(inputIndex, id, OrderTransitions.ON_REJECT))
        {
            releaseLeaves(id);
        }
    }

    void onExpired(final long inputIndex, final ExpiredDecoder expired)
    {
        onEnded(inputIndex, "Expired", expired.buffer(), expired.offset() + ExpiredDecoder.clOrdIdEncodingOffset(),
            OrderTransitions.ON_EXPIRE, expired.cumQty());
    }

    void onCanceled(final long inputIndex, final CanceledDecoder canceled)
    {
        onEnded(inputIndex, "Canceled", canceled.buffer(), canceled.offset() + CanceledDecoder.clOrdIdEncodingOffset(),
            OrderTransitions.ON_CANCEL, canceled.cumQty());
    }

    /**
     * Replaced: a PENDING_REPLACE order works on the report's qty and price (REPLACED). The qty must stay above what
     * is filled and the price above 0, or the report is ignored with an alert like any impossible report.
     */
    void onReplaced(final long inputIndex, final ReplacedDecoder replaced)
    {
        final int id = locate(inputIndex, "Replaced", replaced.buffer(),
            replaced.offset() + ReplacedDecoder.clOrdIdEncodingOffset());
        if (id < 0)
        {
            return;
        }
        if (!OrderTransitions.replaceFits(replaced.qty(), replaced.price(), outbox.cumQty(id)))
        {
            text.reset().append("Replaced to qty ").appendFixed6(replaced.qty()).append(" at ")
                .appendFixed6(replaced.price()).append(" is invalid for ClOrdID ").appendField(clOrdId, CL_ORD_ID_LENGTH)
                .append(" with filled qty ").appendFixed6(outbox.cumQty(id)).append("; ignored, state kept ")
                .append(outbox.state(id).name());
            alertAbout(inputIndex, id, AlertCode.ILLEGAL_TRANSITION);
            return;
        }
        if (transition(inputIndex, id, OrderTransitions.ON_REPLACED))
        {
            actions.replaced(id, replaced.qty(), replaced.price());
        }
    }

    /**
     * CancelReject: the pending cancel or replace is refused and the order works on as before. On an order already
     * final it changes nothing (the fill or the end won the race: TOO_LATE_TO_CANCEL); UNKNOWN_ORDER on a working
     * order also asks the operator to reconcile.
     */
    void onCancelReject(final long inputIndex, final CancelRejectDecoder reject)
    {
        final int id = locate(inputIndex, "CancelReject", reject.buffer(),
            reject.offset() + CancelRejectDecoder.clOrdIdEncodingOffset());
        if (id < 0 || OrderTransitions.isTerminal(outbox.state(id)))
        {
            return;
        }
        if (!transition(inputIndex, id, OrderTransitions.cancelRejectEvent(outbox.cumQty(id))))
        {
            return;
        }
        if (CxlRejReason.UNKNOWN_ORDER.value() == reject.reasonRaw())
        {
            text.reset().append("CancelReject UNKNOWN_ORDER for ClOrdID ").appendField(clOrdId, CL_ORD_ID_LENGTH)
                .append(": the venue does not know the order the engine holds ").append(outbox.state(id).name())
                .append("; reconcile with the broker");
            alertAbout(inputIndex, id, AlertCode.RECONCILE);
        }
    }

    /** The order's pending cancel or replace ended another way (reconciliation): what it reserved goes. */
    void actionEnded(final int id)
    {
        actions.actionEnded(id);
    }

    /** Retries below the attempt limit; on giving up keeps a TIMEOUT in doubt, rejects anything else locally. */
    void onSendFailed(final long inputIndex, final SendFailedDecoder failed)
    {
        final int id = locate(inputIndex, "SendFailed", failed.buffer(),
            failed.offset() + SendFailedDecoder.clOrdIdEncodingOffset());
        if (id < 0)
        {
            return;
        }
        if (null == OrderTransitions.next(outbox.state(id), OrderTransitions.ON_SEND_FAILED))
        {
            alertIllegal(inputIndex, id, OrderTransitions.ON_SEND_FAILED);
            return;
        }
        final int attempts = outbox.attempts(id);
        if (failed.attempt() != attempts)
        {
            text.reset().append("SendFailed for attempt ").append(failed.attempt()).append(" of ClOrdID ")
                .appendField(clOrdId, CL_ORD_ID_LENGTH).append(" is stale: the current attempt is ").append(attempts);
            alertAbout(inputIndex, id, AlertCode.ILLEGAL_TRANSITION);
            return;
        }
        final boolean giveUp = BooleanType.TRUE.value() == failed.finalAttemptRaw() || attempts >= maxSendAttempts;
        if (!giveUp)
        {
            outbox.attempts(id, attempts + 1);
            resend(inputIndex, id);
            return;
        }
        final boolean inDoubt = BrokerErrorCode.TIMEOUT.value() == failed.errorCodeRaw();
        text.reset().append("send of ClOrdID ").appendField(clOrdId, CL_ORD_ID_LENGTH).append(" gave up after ")
            .append(attempts).append(" attempt(s), last error ").append(errorName(failed.errorCodeRaw()));
        outbox.state(id, OrderTransitions.afterGivingUp(inDoubt));
        if (inDoubt)
        {
            text.append(": in doubt, state kept SENT; reconcile with the broker");
        }
        else
        {
            releaseLeaves(id);
            text.append(": never reached the broker, REJECTED locally");
        }
        publisher.alert(inputIndex, AlertCode.SEND_FAILED, Severity.CRITICAL, RiskRule.NONE,
            symbols.policyName(outbox.symbolId(id)), traceOf(id), text);
    }

    private void resend(final long inputIndex, final int id)
    {
        symbols.symbolBytes(outbox.symbolId(id), entrySymbol);
        autoPause.onRequest();
        outbox.sentNs(id, publisher.orderSent(inputIndex, outbox, id, entrySymbol, traceOf(id), clOrdId, reportKey));
    }

    /**
     * Finds the outbox entry a broker report is about, from the report's key, and checks its
     * ClOrdID is the one derived from that key; otherwise alerts UNKNOWN_ORDER. Leaves the entry's
     * ClOrdID in {@link #clOrdId}.
     *
     * @param clOrdIdAt where the report's identity block starts in {@code buffer}: every broker report carries
     *                  clOrdId, traceId and idempotencyKey in a row (schema convention, asserted by
     *                  OrderLifecycleTest), so one reader serves them all.
     */
    private int locate(final long inputIndex, final String reportName, final DirectBuffer buffer, final int clOrdIdAt)
    {
        buffer.getBytes(clOrdIdAt, reportClOrdId, 0, CL_ORD_ID_LENGTH);
        buffer.getBytes(clOrdIdAt + CL_ORD_ID_LENGTH, reportTrace, 0, OrderTicket.TRACE_LENGTH);
        buffer.getBytes(clOrdIdAt + CL_ORD_ID_LENGTH + OrderTicket.TRACE_LENGTH, reportKey, 0,
            IdempotencyKeys.KEY_LENGTH);
        final int id = outbox.find(
            reportKeyView.getLong(0, ByteOrder.LITTLE_ENDIAN),
            reportKeyView.getLong(8, ByteOrder.LITTLE_ENDIAN),
            reportKeyView.getLong(16, ByteOrder.LITTLE_ENDIAN),
            reportKeyView.getLong(24, ByteOrder.LITTLE_ENDIAN));
        if (id >= 0)
        {
            IdempotencyKeys.deriveClOrdId(reportKey, 0, clOrdId, 0);
            if (IdempotencyKeys.equalBytes(clOrdId, reportClOrdId, CL_ORD_ID_LENGTH))
            {
                return id;
            }
        }
        text.reset().append(reportName).append(" for ClOrdID ").appendField(reportClOrdId, CL_ORD_ID_LENGTH)
            .append(id < 0 ? " matches no order in the outbox; ignored" :
                " does not match the ClOrdID derived from its idempotency key; ignored");
        publisher.alert(inputIndex, AlertCode.UNKNOWN_ORDER, Severity.WARNING, RiskRule.NONE, null, reportTrace, text);
        return -1;
    }

    private boolean transition(final long inputIndex, final int id, final int event)
    {
        final EngineOrderState before = outbox.state(id);
        final EngineOrderState next = OrderTransitions.next(before, event);
        if (null == next)
        {
            alertIllegal(inputIndex, id, event);
            return false;
        }
        outbox.state(id, next);
        if (OrderTransitions.isPending(before) && next != before && OrderTransitions.ON_REPLACED != event)
        {
            // Answered other than by Replaced (a CancelReject, Canceled, the last fill...): what it reserved goes.
            actions.actionEnded(id);
        }
        return true;
    }

    private void alertIllegal(final long inputIndex, final int id, final int event)
    {
        text.reset().append(OrderTransitions.eventName(event)).append(" is illegal for ClOrdID ")
            .appendField(clOrdId, CL_ORD_ID_LENGTH).append(" in state ")
            .append(outbox.state(id).name()).append("; ignored, state kept");
        alertAbout(inputIndex, id, AlertCode.ILLEGAL_TRANSITION);
    }

    private void alertAbout(final long inputIndex, final int id, final AlertCode code)
    {
        publisher.alert(inputIndex, code, Severity.WARNING, RiskRule.NONE, symbols.policyName(outbox.symbolId(id)),
            traceOf(id), text);
    }

    /** Expired or Canceled: the order ends so and its remaining quantity stops counting as exposure. */
    private void onEnded(final long inputIndex, final String reportName, final DirectBuffer buffer, final int clOrdIdAt,
        final int event, final long reportedCumQty)
    {
        final int id = locate(inputIndex, reportName, buffer, clOrdIdAt);
        if (id < 0 || !transition(inputIndex, id, event))
        {
            return;
        }
        releaseLeaves(id);
        if (outbox.cumQty(id) > 0)
        {
            judgeSlippage(id);
        }
        if (reportedCumQty != outbox.cumQty(id))
        {
            text.reset().append(OrderTransitions.eventName(event)).append(" for ClOrdID ")
                .appendField(clOrdId, CL_ORD_ID_LENGTH).append(" reports cumQty ").appendFixed6(reportedCumQty)
                .append(" but the engine counted ").appendFixed6(outbox.cumQty(id)).append(" from fills");
            alertAbout(inputIndex, id, AlertCode.RECONCILE);
        }
    }

    /** The order ended with fills: its slippage is the one the KPIs report (average fill against the order price). */
    private void judgeSlippage(final int id)
    {
        autoPause.onOrderSlippage(outbox.sideSign(id), outbox.price(id), outbox.averageFillPrice(id));
    }

    private void releaseLeaves(final int id)
    {
        symbols.releaseOpen(outbox.symbolId(id), outbox.sideSign(id), outbox.leavesQty(id));
    }

    private byte[] traceOf(final int id)
    {
        traces.traceBytes(outbox.traceId(id), entryTrace);
        return entryTrace;
    }

    private static String errorName(final int code)
    {
        switch (code)
        {
            case 1: return "TIMEOUT";
            case 2: return "DISCONNECTED";
            case 3: return "SERVER_ERROR";
            case 4: return "THROTTLED";
            default: return "UNKNOWN";
        }
    }
}

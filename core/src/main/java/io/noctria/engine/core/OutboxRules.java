package io.noctria.engine.core;

import io.noctria.codecs.FixedPoint;
import io.noctria.codecs.OrderTransitions;
import io.noctria.codecs.sbe.*;
import org.agrona.DirectBuffer;

import static io.noctria.engine.core.OutboxField.*;

/**
 * The outbox's rules, written once for every holder of entries ({@link OutboxFields}): how an OrderSent, a broker
 * report, a suppressed duplicate or a reconciliation changes the entry of its key, and how the engine's decision
 * after a SendFailed is read. {@link OutboxProjection} applies them to heap entries, the engine's outbox mirror to
 * its map values; finding, creating and storing entries is each holder's own business.
 * <p>
 * Every state change comes from the one life-cycle table ({@link OrderTransitions}, the engine's own) applied to
 * the same journaled inputs, so an entry reaches exactly the engine's state: a report the engine refused changes
 * nothing here either, a fill on a closed order is not booked (except one that raced a cancel or expiry), and a send
 * the engine gave up on is REJECTED, or SENT in doubt after a timeout. Where the engine's decision depends on its
 * configuration (the attempt limit), the rules read the decision the engine journaled right after the input: a
 * retry's OrderSent or a SEND_FAILED alert.
 * <p>
 * One thread at a time; feed the messages in journal order. Allocation-free.
 */
public final class OutboxRules
{
    /** {@link #applyReport} outcome: nothing more to do. */
    public static final int DONE = 0;
    /** {@link #applyReport} outcome: a Fill the engine booked (the KPIs count it). */
    public static final int FILL_BOOKED = 1;
    /**
     * {@link #applyReport} outcome: a SendFailed the engine took without the final flag. The next message says
     * whether it retried or gave up ({@link #givesUp}); the caller keeps which entry it was.
     */
    public static final int DECISION_NEXT = 2;

    private final BrokerAckDecoder ack = new BrokerAckDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final BrokerRejectDecoder reject = new BrokerRejectDecoder();
    private final ExpiredDecoder expired = new ExpiredDecoder();
    private final CanceledDecoder canceled = new CanceledDecoder();
    private final SendFailedDecoder sendFailed = new SendFailedDecoder();
    private final OrderReconciledDecoder reconciled = new OrderReconciledDecoder();
    private final AlertDecoder alert = new AlertDecoder();
    private final ReplacedDecoder replaced = new ReplacedDecoder();
    private boolean decisionPending;
    private boolean pendingTimedOut;

    /**
     * @return true for a report that {@link #applyReport} applies to the existing entry of its key: every broker
     * report ({@link ExecutionCore#isBrokerReport}, SendFailed included) but the status answers and the gateway's
     * refusals, which change no entry; and the engine's own DuplicateSuppressed, OrderReconciled, CancelSent and
     * ReplaceSent. Where its key is: {@code FrameInput.keyAt}.
     */
    public static boolean isReport(final int templateId)
    {
        switch (templateId)
        {
            case OrderStatusReportDecoder.TEMPLATE_ID:
            case VenueInputRefusedDecoder.TEMPLATE_ID:
                return false;
            case DuplicateSuppressedDecoder.TEMPLATE_ID:
            case OrderReconciledDecoder.TEMPLATE_ID:
            case CancelSentDecoder.TEMPLATE_ID:
            case ReplaceSentDecoder.TEMPLATE_ID:
                return true;
            default:
                return ExecutionCore.isBrokerReport(templateId);
        }
    }

    /**
     * To be asked first for every message, in journal order (it forgets the pending decision either way).
     *
     * @return true when this message is the engine giving up the send of the entry whose SendFailed, the message
     * before, answered {@link #DECISION_NEXT}: apply {@link #giveUp} to that entry.
     */
    public boolean givesUp(
        final int templateId, final DirectBuffer buffer, final int body, final int blockLength, final int version)
    {
        final boolean pending = decisionPending;
        decisionPending = false;
        return pending && AlertDecoder.TEMPLATE_ID == templateId &&
            AlertCode.SEND_FAILED.value() == alert.wrap(buffer, body, blockLength, version).codeRaw();
    }

    /** The engine's SEND_FAILED alert ({@link #givesUp}) at {@code index}: it gave up the pending send. */
    public void giveUp(final OutboxFields entry, final long index)
    {
        giveUp(entry, index, pendingTimedOut);
    }

    /** An OrderSent of {@code entry}'s key, at {@code tsNs}: the first send or a retry. */
    public static void onSent(final OutboxFields entry, final long tsNs)
    {
        entry.increment(SENDS);
        if (entry.get(SENT_NS) == OutboxOrder.NO_TIME)
        {
            entry.set(SENT_NS, tsNs);
        }
        move(entry, -1, OrderTransitions.ON_SEND);
    }

    /**
     * Applies a report ({@link #isReport}) to the entry of its key.
     *
     * @return {@link #DONE}, {@link #FILL_BOOKED} or {@link #DECISION_NEXT}.
     */
    public int applyReport(
        final OutboxFields entry, final long index, final int templateId, final DirectBuffer buffer, final int body,
        final int blockLength, final int version)
    {
        switch (templateId)
        {
            case BrokerAckDecoder.TEMPLATE_ID:
                respond(entry, OutboxResponse.BROKER_ACK);
                entry.set(BROKER_ORDER_ID, ack.wrap(buffer, body, blockLength, version).brokerOrderId());
                // A late ack after a fill or the end implied it changes nothing; the table refuses it like a repeat.
                move(entry, -1, OrderTransitions.ON_ACK);
                return DONE;
            case FillDecoder.TEMPLATE_ID:
                fill.wrap(buffer, body, blockLength, version);
                return applyFill(entry, index, fill.brokerOrderId(), fill.fillQty(), fill.fillPrice());
            case BrokerRejectDecoder.TEMPLATE_ID:
                respond(entry, OutboxResponse.BROKER_REJECT);
                // DUPLICATE_CLORDID: the venue holds an earlier attempt; nothing changes.
                if (BrokerRejectReason.DUPLICATE_CLORDID.value() !=
                    reject.wrap(buffer, body, blockLength, version).reasonRaw())
                {
                    move(entry, index, OrderTransitions.ON_REJECT);
                }
                return DONE;
            case ExpiredDecoder.TEMPLATE_ID:
                end(entry, index, expired.wrap(buffer, body, blockLength, version).brokerOrderId(),
                    OutboxResponse.EXPIRED, OrderTransitions.ON_EXPIRE);
                return DONE;
            case CanceledDecoder.TEMPLATE_ID:
                end(entry, index, canceled.wrap(buffer, body, blockLength, version).brokerOrderId(),
                    OutboxResponse.CANCELED, OrderTransitions.ON_CANCEL);
                return DONE;
            case SendFailedDecoder.TEMPLATE_ID:
                return applySendFailed(entry, index, sendFailed.wrap(buffer, body, blockLength, version));
            case DuplicateSuppressedDecoder.TEMPLATE_ID:
                entry.increment(DUPLICATES_SUPPRESSED);
                return DONE;
            case OrderReconciledDecoder.TEMPLATE_ID:
                applyReconciled(entry, index, reconciled.wrap(buffer, body, blockLength, version));
                return DONE;
            case CancelSentDecoder.TEMPLATE_ID:
                move(entry, index, OrderTransitions.ON_CANCEL_SENT);
                return DONE;
            case ReplaceSentDecoder.TEMPLATE_ID:
                move(entry, index, OrderTransitions.ON_REPLACE_SENT);
                return DONE;
            case ReplacedDecoder.TEMPLATE_ID:
                applyReplaced(entry, index, replaced.wrap(buffer, body, blockLength, version));
                return DONE;
            case CancelRejectDecoder.TEMPLATE_ID:
                // On an order already final (the fill won the race) the table refuses it: nothing changes.
                respond(entry, OutboxResponse.CANCEL_REJECT);
                move(entry, index, OrderTransitions.cancelRejectEvent(entry.get(FILLED_QTY)));
                return DONE;
            default:
                throw new IllegalArgumentException("not an outbox report: template " + templateId);
        }
    }

    /**
     * A fill, booked by the engine's rule ({@link OrderTransitions#booksFill}): while the order may take it, or
     * when it raced a cancel or expiry (state kept); a fill on a filled or rejected order, an over-fill or bad
     * numbers change nothing, as in the engine, so neither the order nor the KPIs count it.
     */
    private static int applyFill(
        final OutboxFields entry, final long index, final long brokerOrderId, final long fillQty, final long fillPrice)
    {
        respond(entry, OutboxResponse.FILL);
        entry.set(BROKER_ORDER_ID, brokerOrderId);
        final EngineOrderState state = entry.state();
        final long leaves = entry.get(QTY) - entry.get(FILLED_QTY);
        if (!OrderTransitions.booksFill(state, fillQty, fillPrice, leaves))
        {
            return DONE;
        }
        addExecution(entry, fillQty, fillPrice);
        if (!OrderTransitions.racedTheEnd(state))
        {
            move(entry, index, OrderTransitions.fillEvent(fillQty, leaves));
        }
        return FILL_BOOKED;
    }

    /** Replaced: the order's qty becomes the report's, when the engine took it (the same checks, the same table). */
    private static void applyReplaced(final OutboxFields entry, final long index, final ReplacedDecoder event)
    {
        respond(entry, OutboxResponse.REPLACED);
        entry.set(BROKER_ORDER_ID, event.brokerOrderId());
        if (OrderTransitions.replaceFits(event.qty(), event.price(), entry.get(FILLED_QTY)) &&
            null != OrderTransitions.next(entry.state(), OrderTransitions.ON_REPLACED))
        {
            move(entry, index, OrderTransitions.ON_REPLACED);
            entry.set(QTY, event.qty());
        }
    }

    /** Expired or Canceled. */
    private static void end(
        final OutboxFields entry, final long index, final long brokerOrderId, final OutboxResponse response,
        final int event)
    {
        entry.set(BROKER_ORDER_ID, brokerOrderId);
        respond(entry, response);
        move(entry, index, event);
    }

    /**
     * A SendFailed. It counts; it moves the state only when the engine took it (for the current attempt, on a SENT
     * order): then the engine either gave up at once (the final flag) or decides in the next message.
     */
    private int applySendFailed(final OutboxFields entry, final long index, final SendFailedDecoder failed)
    {
        respond(entry, OutboxResponse.SEND_FAILED);
        entry.increment(SEND_FAILURES);
        if (failed.attempt() != entry.get(SENDS) ||
            null == OrderTransitions.next(entry.state(), OrderTransitions.ON_SEND_FAILED))
        {
            return DONE;
        }
        final boolean timedOut = BrokerErrorCode.TIMEOUT.value() == failed.errorCodeRaw();
        if (BooleanType.TRUE.value() == failed.finalAttemptRaw())
        {
            giveUp(entry, index, timedOut);
            return DONE;
        }
        // The engine retries (an OrderSent follows) or, at its attempt limit, gives up with a SEND_FAILED alert.
        decisionPending = true;
        pendingTimedOut = timedOut;
        return DECISION_NEXT;
    }

    /**
     * Reconciliation after a restart: the venue's answer as the engine applied it. The engine's state after the
     * outcome is authoritative; quantity the venue filled but never reported counts as one execution.
     */
    private static void applyReconciled(final OutboxFields entry, final long index, final OrderReconciledDecoder event)
    {
        respond(entry, OutboxResponse.ORDER_RECONCILED);
        if (event.brokerOrderId() != 0)
        {
            entry.set(BROKER_ORDER_ID, event.brokerOrderId());
        }
        if (event.adoptedQty() > 0)
        {
            addExecution(entry, event.adoptedQty(), event.adoptedPrice());
        }
        final EngineOrderState after = event.engineState();
        if (after != entry.state() && after != EngineOrderState.NULL_VAL)
        {
            entry.state(after);
            entry.set(TERMINAL_INDEX, OrderTransitions.isTerminal(after) ? index : -1);
        }
    }

    /** The engine gave up sending: in doubt (SENT) after a timeout, otherwise REJECTED locally. */
    private static void giveUp(final OutboxFields entry, final long index, final boolean timedOut)
    {
        final EngineOrderState after = OrderTransitions.afterGivingUp(timedOut);
        entry.state(after);
        if (OrderTransitions.isTerminal(after))
        {
            entry.set(TERMINAL_INDEX, index);
        }
    }

    private static void addExecution(final OutboxFields entry, final long qty, final long price)
    {
        entry.set(FILLED_QTY, entry.get(FILLED_QTY) + qty);
        final long low = entry.get(FILL_NOTIONAL_LOW);
        entry.set(FILL_NOTIONAL_HIGH,
            FixedPoint.addProductHigh(entry.get(FILL_NOTIONAL_HIGH), low, qty, price));
        entry.set(FILL_NOTIONAL_LOW, FixedPoint.addProductLow(low, qty, price));
    }

    private static void respond(final OutboxFields entry, final OutboxResponse response)
    {
        entry.set(LAST_RESPONSE, response.code());
    }

    /** Moves by the one life-cycle table; a transition the state does not allow changes nothing, as in the engine. */
    private static void move(final OutboxFields entry, final long index, final int event)
    {
        final EngineOrderState next = OrderTransitions.next(entry.state(), event);
        if (next != null)
        {
            entry.state(next);
            if (OrderTransitions.isTerminal(next))
            {
                entry.set(TERMINAL_INDEX, index);
            }
        }
    }
}

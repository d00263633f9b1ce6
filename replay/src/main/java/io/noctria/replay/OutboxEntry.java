package io.noctria.replay;

import io.noctria.codecs.FixedPoint;
import io.noctria.codecs.OrderTransitions;
import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;

/**
 * One idempotency key of the outbox as the journal shows it (the fields and their meaning: {@link OutboxOrder}).
 * Read-only to callers; {@link OutboxProjection} updates it as events arrive, by the rules below.
 */
public final class OutboxEntry extends OutboxOrder
{
    private final Hash32Key key;

    OutboxEntry(
        final Hash32Key key,
        final long firstIndex,
        final long inputIndex,
        final String traceId,
        final String symbol,
        final Side side,
        final long qty,
        final long price,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final String clOrdId,
        final long createdNs,
        final EngineOrderState state)
    {
        this.key = key;
        this.firstIndex = firstIndex;
        this.inputIndex = inputIndex;
        this.traceId = traceId;
        this.symbol = symbol;
        this.side = side;
        this.qty = qty;
        this.price = price;
        this.orderType = orderType;
        this.timeInForce = timeInForce;
        this.clOrdId = clOrdId;
        this.createdNs = createdNs;
        this.state = state;
    }

    /** @return the key as the platform writes it: lowercase hex of the 32-byte HMAC. Allocates: for reports. */
    @Override
    public String idempotencyKey()
    {
        return key.hex();
    }

    @Override
    public String toString()
    {
        return "OutboxEntry{" + key + ", trace=" + traceId + ", " + state + "}";
    }

    void onSent(final long tsNs)
    {
        sends++;
        if (sentNs == NO_TIME)
        {
            sentNs = tsNs;
        }
        move(-1, OrderTransitions.ON_SEND);
    }

    void onAck(final long brokerOrderId, final String response)
    {
        respond(response);
        this.brokerOrderId = brokerOrderId;
        // A late ack after a fill or the end implied it changes nothing; the table refuses it like a repeated one.
        move(-1, OrderTransitions.ON_ACK);
    }

    /**
     * A fill, booked by the engine's rule ({@link OrderTransitions#booksFill}): while the order may take it, or
     * when it raced a cancel or expiry (state kept); a fill on a filled or rejected order, an over-fill or bad
     * numbers change nothing, as in the engine, so neither the order nor the KPIs count it.
     *
     * @return true when the fill was booked.
     */
    boolean onFill(final long index, final long brokerOrderId, final long fillQty, final long fillPrice,
        final String response)
    {
        respond(response);
        this.brokerOrderId = brokerOrderId;
        final long leaves = qty - filledQty;
        if (!OrderTransitions.booksFill(state, fillQty, fillPrice, leaves))
        {
            return false;
        }
        addExecution(fillQty, fillPrice);
        if (!OrderTransitions.racedTheEnd(state))
        {
            move(index, OrderTransitions.fillEvent(fillQty, leaves));
        }
        return true;
    }

    /** A BrokerReject; DUPLICATE_CLORDID means the venue holds an earlier attempt and changes nothing. */
    void onReject(final long index, final boolean duplicateClOrdId, final String response)
    {
        respond(response);
        if (!duplicateClOrdId)
        {
            move(index, OrderTransitions.ON_REJECT);
        }
    }

    /** Expired or Canceled ({@code event} {@link OrderTransitions#ON_EXPIRE} or {@link OrderTransitions#ON_CANCEL}). */
    void onEnd(final long index, final long brokerOrderId, final int event, final String response)
    {
        this.brokerOrderId = brokerOrderId;
        respond(response);
        move(index, event);
    }

    /**
     * Reconciliation after a restart: the venue's answer as the engine applied it. The engine's state after
     * the outcome is authoritative; quantity the venue filled but never reported counts as one execution.
     */
    void onReconciled(final long index, final EngineOrderState after, final long adoptedQty, final long adoptedPrice,
        final long brokerOrderId)
    {
        respond("OrderReconciled");
        if (brokerOrderId != 0)
        {
            this.brokerOrderId = brokerOrderId;
        }
        if (adoptedQty > 0)
        {
            addExecution(adoptedQty, adoptedPrice);
        }
        if (after != state && after != EngineOrderState.NULL_VAL)
        {
            state = after;
            terminalIndex = OrderTransitions.isTerminal(after) ? index : -1;
        }
    }

    private void addExecution(final long qty, final long price)
    {
        filledQty += qty;
        fillNotionalHigh = FixedPoint.addProductHigh(fillNotionalHigh, fillNotionalLow, qty, price);
        fillNotionalLow = FixedPoint.addProductLow(fillNotionalLow, qty, price);
    }

    void onBrokerOrderId(final long brokerOrderId)
    {
        this.brokerOrderId = brokerOrderId;
    }

    /**
     * A SendFailed. It counts; it moves the state only when the engine took it (for the current attempt, on a
     * SENT order).
     *
     * @return true when the engine took it: it then either retried (an OrderSent follows) or gave up
     * ({@link #giveUp}).
     */
    boolean onSendFailed(final int attempt, final String response)
    {
        respond(response);
        sendFailures++;
        return attempt == sends && null != OrderTransitions.next(state, OrderTransitions.ON_SEND_FAILED);
    }

    /** The engine gave up sending: in doubt (SENT) after a timeout, otherwise REJECTED locally. */
    void giveUp(final long index, final boolean timedOut)
    {
        state = OrderTransitions.afterGivingUp(timedOut);
        if (OrderTransitions.isTerminal(state))
        {
            terminalIndex = index;
        }
    }

    void onDuplicate()
    {
        duplicatesSuppressed++;
    }

    void respond(final String response)
    {
        lastResponse = response;
    }

    /** Moves by the one life-cycle table; a transition the state does not allow changes nothing, as in the engine. */
    private void move(final long index, final int event)
    {
        final EngineOrderState next = OrderTransitions.next(state, event);
        if (next != null)
        {
            state = next;
            if (OrderTransitions.isTerminal(next))
            {
                terminalIndex = index;
            }
        }
    }
}

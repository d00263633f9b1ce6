package io.noctria.replay;

import io.noctria.codecs.FixedPoint;
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
        final OrderState state)
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
        if (state == OrderState.RECORDED)
        {
            state = OrderState.SENT;
        }
    }

    void onAck(final long brokerOrderId, final String response)
    {
        respond(response);
        this.brokerOrderId = brokerOrderId;
        if (state == OrderState.RECORDED || state == OrderState.SENT)
        {
            state = OrderState.ACKED;
        }
    }

    void onFill(final long index, final long brokerOrderId, final long fillQty, final long fillPrice,
        final boolean full, final String response)
    {
        respond(response);
        this.brokerOrderId = brokerOrderId;
        // Executions count even after a terminal state (a fill racing a cancel still happened).
        addExecution(fillQty, fillPrice);
        if (full)
        {
            terminate(index, OrderState.FILLED);
        }
        else if (!state.isTerminal())
        {
            state = OrderState.PARTIALLY_FILLED;
        }
    }

    /**
     * Reconciliation after a restart: the venue's answer as the engine applied it. The engine's state after
     * the outcome is authoritative (it may lift a local FAILED after a final timeout, when the venue had the
     * order after all); quantity the venue filled but never reported counts as one execution.
     */
    void onReconciled(final long index, final OrderState after, final long adoptedQty, final long adoptedPrice,
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
        if (after != state)
        {
            state = after;
            terminalIndex = after.isTerminal() ? index : -1;
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

    void onSendFailed(final long index, final boolean finalAttempt, final String response)
    {
        respond(response);
        sendFailures++;
        if (finalAttempt)
        {
            terminate(index, OrderState.FAILED);
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

    void terminate(final long index, final OrderState terminal)
    {
        if (!state.isTerminal())
        {
            state = terminal;
            terminalIndex = index;
        }
    }
}

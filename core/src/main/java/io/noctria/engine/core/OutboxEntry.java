package io.noctria.engine.core;

import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;


/**
 * One idempotency key of the outbox as the journal shows it (the fields and their meaning: {@link OutboxOrder}).
 * Read-only to callers; {@link OutboxProjection} updates it as events arrive, by the {@link OutboxRules}.
 */
public final class OutboxEntry extends OutboxOrder
{
    private final Hash32Key key;

    public OutboxEntry(
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
        final long createdNs)
    {
        this.key = key;
        this.firstIndex = firstIndex;
        this.inputIndex = inputIndex;
        this.traceId = traceId;
        this.symbol = symbol;
        this.side = side;
        numbers[OutboxField.QTY.ordinal()] = qty;
        this.price = price;
        this.orderType = orderType;
        this.timeInForce = timeInForce;
        this.clOrdId = clOrdId;
        this.createdNs = createdNs;
        numbers[OutboxField.STATE.ordinal()] = EngineOrderState.NEW.value();
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
        return "OutboxEntry{" + key + ", trace=" + traceId + ", " + state() + "}";
    }
}

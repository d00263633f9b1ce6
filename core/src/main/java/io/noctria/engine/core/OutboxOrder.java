package io.noctria.engine.core;

import io.noctria.codecs.FixedPoint;
import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;

/**
 * What the outbox knows of one idempotency key: the order, its state, its broker answers and its fills. One
 * model, two holders: the replay's {@link OutboxEntry}, which {@link OutboxProjection} updates as the journal
 * goes by, and the outbox mirror's immutable snapshot ({@code io.noctria.engine.outbox.OutboxRecord}), so the
 * two cannot drift apart field by field. Read-only to callers.
 * <p>
 * Quantities and prices are fixed-point longs of scale 10^6 (see {@code io.noctria.codecs.Decimals}); times
 * are epoch nanoseconds, {@link #NO_TIME} when the event has not been seen.
 */
public abstract class OutboxOrder
{
    /** A time or price that has not been seen (e.g. not sent yet, no fill yet). */
    public static final long NO_TIME = Long.MIN_VALUE;

    /** {@link #brokerOrderId()} before the broker named the order, {@link #avgFillPrice()} before any fill. */
    public static final long NONE = Long.MIN_VALUE;

    protected long firstIndex;
    protected long inputIndex;
    protected String traceId;
    protected String symbol;
    protected Side side;
    protected long price;
    protected OrderType orderType;
    protected TimeInForce timeInForce;
    protected String clOrdId;
    protected long createdNs;
    /**
     * What the {@link OutboxRules} read and change, indexed by {@link OutboxField} ordinals (state and
     * last response as their codes; the fill notional as an exact 128-bit value at scale 10^12, so the average is
     * rounded only once).
     */
    protected final long[] numbers = new long[OutboxField.ALL.length];

    /** For the two holders only. */
    protected OutboxOrder()
    {
        numbers[OutboxField.SENT_NS.ordinal()] = NO_TIME;
        numbers[OutboxField.BROKER_ORDER_ID.ordinal()] = NONE;
        numbers[OutboxField.TERMINAL_INDEX.ordinal()] = -1;
    }

    /** @return the key as the platform writes it: lowercase hex of the 32-byte HMAC. */
    public abstract String idempotencyKey();

    /** @return journal index of the first event of this key seen (its OutboxRecorded, unless the window cut it). */
    public long firstIndex()
    {
        return firstIndex;
    }

    /** @return journal index of the OrderRequest that owns the key. */
    public long inputIndex()
    {
        return inputIndex;
    }

    /** @return the trace id of the request that owns the key. */
    public String traceId()
    {
        return traceId;
    }

    /** @return the instrument symbol. */
    public String symbol()
    {
        return symbol;
    }

    /** @return BUY or SELL. */
    public Side side()
    {
        return side;
    }

    /** @return the quantity recorded, after the quality and risk gates' adjustments (scale 10^6). */
    public long qty()
    {
        return numbers[OutboxField.QTY.ordinal()];
    }

    /** @return the limit price, or for MARKET the reference price (scale 10^6). */
    public long price()
    {
        return price;
    }

    /** @return MARKET or LIMIT. */
    public OrderType orderType()
    {
        return orderType;
    }

    /** @return the time in force. */
    public TimeInForce timeInForce()
    {
        return timeInForce;
    }

    /** @return the ClOrdID sent to the broker. */
    public String clOrdId()
    {
        return clOrdId;
    }

    /** @return tsNs of the OutboxRecorded, or {@link #NO_TIME} when the replay window started after it. */
    public long createdNs()
    {
        return createdNs;
    }

    /** @return tsNs of the first OrderSent, or {@link #NO_TIME}. */
    public long sentNs()
    {
        return numbers[OutboxField.SENT_NS.ordinal()];
    }

    /** @return the current state: the engine's, by the one life cycle ({@link io.noctria.codecs.OrderTransitions}). */
    public EngineOrderState state()
    {
        return EngineOrderState.get((short)numbers[OutboxField.STATE.ordinal()]);
    }

    /** @return the broker's order id from its latest report that carries one, or {@link #NONE}. */
    public long brokerOrderId()
    {
        return numbers[OutboxField.BROKER_ORDER_ID.ordinal()];
    }

    /**
     * @return the message name of the latest broker-side report (BrokerAck, Fill, BrokerReject, Expired,
     * Canceled, SendFailed), or null when none.
     */
    public String lastResponse()
    {
        return OutboxResponse.messageNameOf((byte)numbers[OutboxField.LAST_RESPONSE.ordinal()]);
    }

    /** @return the sum of the fills' quantities (scale 10^6). */
    public long filledQty()
    {
        return numbers[OutboxField.FILLED_QTY.ordinal()];
    }

    /**
     * @return the quantity-weighted average fill price (scale 10^6, by the {@link FixedPoint} rule: the exact
     * notional divided once, half away from zero), or {@link #NONE} before the first fill.
     */
    public long avgFillPrice()
    {
        final long filledQty = filledQty();
        return filledQty == 0 ? NONE : FixedPoint.divide128Exact(
            numbers[OutboxField.FILL_NOTIONAL_HIGH.ordinal()], numbers[OutboxField.FILL_NOTIONAL_LOW.ordinal()], filledQty);
    }

    /** @return OrderSent events for this key. */
    public int sends()
    {
        return (int)numbers[OutboxField.SENDS.ordinal()];
    }

    /** @return re-sends: OrderSent events after the first. */
    public int retries()
    {
        return Math.max(0, sends() - 1);
    }

    /** @return SendFailed events for this key. */
    public int sendFailures()
    {
        return (int)numbers[OutboxField.SEND_FAILURES.ordinal()];
    }

    /** @return DuplicateSuppressed events naming this key. */
    public int duplicatesSuppressed()
    {
        return (int)numbers[OutboxField.DUPLICATES_SUPPRESSED.ordinal()];
    }

    /** @return journal index of the event that made the state terminal, or -1 while it is not. */
    public long terminalIndex()
    {
        return numbers[OutboxField.TERMINAL_INDEX.ordinal()];
    }
}

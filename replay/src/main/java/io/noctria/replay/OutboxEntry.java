package io.noctria.replay;

import io.noctria.codecs.FixedPoint;
import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;

/**
 * One idempotency key of the outbox as the journal shows it: the order, its state, its broker answers and
 * its fills. Read-only to callers; {@link OutboxProjection} updates it as events arrive.
 * <p>
 * Quantities and prices are fixed-point longs of scale 10^6 (see {@code io.noctria.codecs.Decimals}); times
 * are epoch nanoseconds, {@link #NO_TIME} when the event has not been seen.
 */
public final class OutboxEntry
{
    /** A time or price that has not been seen (e.g. not sent yet, no fill yet). */
    public static final long NO_TIME = Long.MIN_VALUE;

    /** {@link #brokerOrderId()} before the broker named the order, {@link #avgFillPrice()} before any fill. */
    public static final long NONE = Long.MIN_VALUE;

    private final Hash32Key key;
    private final long firstIndex;
    private final long inputIndex;
    private final String traceId;
    private final String symbol;
    private final Side side;
    private final long qty;
    private final long price;
    private final OrderType orderType;
    private final TimeInForce timeInForce;
    private final String clOrdId;
    private final long createdNs;

    private OrderState state;
    private long sentNs = NO_TIME;
    private long brokerOrderId = NONE;
    private String lastResponse;
    private long filledQty;
    // Sum of fillQty * fillPrice, exact: a 128-bit value at scale 10^12, so the average is rounded only once.
    private long fillNotionalHigh;
    private long fillNotionalLow;
    private int sends;
    private int sendFailures;
    private int duplicatesSuppressed;
    private long terminalIndex = -1;

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
    public String idempotencyKey()
    {
        return key.hex();
    }

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
        return qty;
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
        return sentNs;
    }

    /** @return the current state. */
    public OrderState state()
    {
        return state;
    }

    /** @return the broker's order id from its latest report that carries one, or {@link #NONE}. */
    public long brokerOrderId()
    {
        return brokerOrderId;
    }

    /**
     * @return the message name of the latest broker-side report (BrokerAck, Fill, BrokerReject, Expired,
     * Canceled, SendFailed), or null when none.
     */
    public String lastResponse()
    {
        return lastResponse;
    }

    /** @return the sum of the fills' quantities (scale 10^6). */
    public long filledQty()
    {
        return filledQty;
    }

    /**
     * @return the quantity-weighted average fill price (scale 10^6, rounded half away from zero), or
     * {@link #NONE} before the first fill.
     */
    public long avgFillPrice()
    {
        return filledQty == 0 ? NONE : FixedPoint.divide128Exact(fillNotionalHigh, fillNotionalLow, filledQty);
    }

    /** @return OrderSent events for this key. */
    public int sends()
    {
        return sends;
    }

    /** @return re-sends: OrderSent events after the first. */
    public int retries()
    {
        return Math.max(0, sends - 1);
    }

    /** @return SendFailed events for this key. */
    public int sendFailures()
    {
        return sendFailures;
    }

    /** @return DuplicateSuppressed events naming this key. */
    public int duplicatesSuppressed()
    {
        return duplicatesSuppressed;
    }

    /** @return journal index of the event that made the state terminal, or -1 while it is not. */
    public long terminalIndex()
    {
        return terminalIndex;
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

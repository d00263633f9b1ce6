package io.noctria.engine.broker;

import io.noctria.codecs.sbe.OrderSentDecoder;

import java.util.Arrays;

/**
 * Pre-allocated slots for the orders that still have reports to come, one slot per send.
 * <p>
 * A slot holds what every report copies from the order (ClOrdID, trace id, idempotency key), the
 * order's terms, its plan (what the next report is, how many fills remain, whether it expires) and
 * its private random stream. Columns are primitive arrays reused through a free list; they double
 * only when more orders are in flight than the configured capacity.
 */
final class InFlightOrders
{
    static final int CL_ORD_ID_LENGTH = VenueOrderBook.CL_ORD_ID_LENGTH;
    static final int TRACE_ID_LENGTH = OrderSentDecoder.traceIdLength();
    static final int KEY_LENGTH = OrderSentDecoder.idempotencyKeyLength();
    /** No cancel requested. */
    static final long NO_CANCEL = Long.MIN_VALUE;

    private byte[] clOrdIds;
    private byte[] traceIds;
    private byte[] keys;
    private int[] records;
    private byte[] nextReports;
    private short[] reasons;
    private long[] arrivals;
    private byte[] steps;
    private long[] randoms;
    private long[] qtys;
    private long[] prices;
    private byte[] sides;
    private byte[] orderTypes;
    private byte[] timesInForce;
    private int[] attempts;
    private byte[] fillsLeft;
    private boolean[] expires;
    private long[] cancelAtNs;
    private byte[] faults;
    private int[] free;
    private int freeCount;
    private int inUse;

    InFlightOrders(final int capacity)
    {
        allocate(capacity);
        for (int slot = capacity - 1; slot >= 0; slot--)
        {
            free[freeCount++] = slot;
        }
    }

    /** @return the number of slots; grows when {@link #claim} finds none free. */
    int capacity()
    {
        return records.length;
    }

    /** @return the number of orders in flight. */
    int inUse()
    {
        return inUse;
    }

    /**
     * Take a free slot for a newly arrived order, doubling the columns when none is free.
     *
     * @param arrival the order's arrival number, unique per venue, the delivery tiebreak.
     * @param random  the initial state of the order's random stream.
     */
    int claim(final long arrival, final long random)
    {
        if (0 == freeCount)
        {
            grow();
        }
        final int slot = free[--freeCount];
        inUse++;
        arrivals[slot] = arrival;
        randoms[slot] = random;
        steps[slot] = 0;
        records[slot] = -1;
        reasons[slot] = 0;
        fillsLeft[slot] = 0;
        expires[slot] = false;
        cancelAtNs[slot] = NO_CANCEL;
        faults[slot] = 0;
        return slot;
    }

    void release(final int slot)
    {
        free[freeCount++] = slot;
        inUse--;
    }

    /** Copy the identity and terms of an order from its OrderSent message. */
    void load(final int slot, final OrderSentDecoder order)
    {
        order.getClOrdId(clOrdIds, slot * CL_ORD_ID_LENGTH);
        order.getTraceId(traceIds, slot * TRACE_ID_LENGTH);
        order.getIdempotencyKey(keys, slot * KEY_LENGTH, KEY_LENGTH);
        qtys[slot] = order.qty();
        prices[slot] = order.price();
        sides[slot] = (byte)order.sideRaw();
        orderTypes[slot] = (byte)order.orderTypeRaw();
        timesInForce[slot] = (byte)order.timeInForceRaw();
        attempts[slot] = order.attempt();
    }

    /** @return the next 64 random bits of the order's stream. */
    long nextBits(final int slot)
    {
        final long state = SplitMix64.advance(randoms[slot]);
        randoms[slot] = state;
        return SplitMix64.bits(state);
    }

    /** @return a draw in [0, bound) from the order's stream. */
    int nextInt(final int slot, final int bound)
    {
        return SplitMix64.below(nextBits(slot), bound);
    }

    /** @return a draw in [0, bound) from the order's stream. */
    long nextLong(final int slot, final long bound)
    {
        return SplitMix64.below(nextBits(slot), bound);
    }

    /**
     * The delivery tiebreak of the order's next report: arrival order first, then the report's
     * step in the order's life, so equal due times deliver in one deterministic order.
     */
    long nextTiebreak(final int slot)
    {
        final int step = steps[slot] + 1;
        steps[slot] = (byte)step;
        return arrivals[slot] << 4 | step;
    }

    /** @return the life-cycle step of the report scheduled last for the order, 1 for its first report. */
    int step(final int slot)
    {
        return steps[slot];
    }

    byte[] clOrdIds()
    {
        return clOrdIds;
    }

    byte[] traceIds()
    {
        return traceIds;
    }

    byte[] keys()
    {
        return keys;
    }

    static int clOrdIdOffset(final int slot)
    {
        return slot * CL_ORD_ID_LENGTH;
    }

    static int traceIdOffset(final int slot)
    {
        return slot * TRACE_ID_LENGTH;
    }

    static int keyOffset(final int slot)
    {
        return slot * KEY_LENGTH;
    }

    /** @return the venue record of the order, or -1 when the venue did not record it. */
    int record(final int slot)
    {
        return records[slot];
    }

    void record(final int slot, final int record)
    {
        records[slot] = record;
    }

    /** @return the kind of the next report, one of the {@link ReportKind} codes. */
    byte nextReport(final int slot)
    {
        return nextReports[slot];
    }

    void nextReport(final int slot, final byte kind)
    {
        nextReports[slot] = kind;
    }

    /** @return the raw reject reason or error code the next report carries. */
    short reason(final int slot)
    {
        return reasons[slot];
    }

    void reason(final int slot, final int reason)
    {
        reasons[slot] = (short)reason;
    }

    long qty(final int slot)
    {
        return qtys[slot];
    }

    /** A replace: later fills work on the new qty and price. */
    void terms(final int slot, final long qty, final long price)
    {
        qtys[slot] = qty;
        prices[slot] = price;
    }

    long price(final int slot)
    {
        return prices[slot];
    }

    byte side(final int slot)
    {
        return sides[slot];
    }

    byte orderType(final int slot)
    {
        return orderTypes[slot];
    }

    byte timeInForce(final int slot)
    {
        return timesInForce[slot];
    }

    int attempt(final int slot)
    {
        return attempts[slot];
    }

    int fillsLeft(final int slot)
    {
        return fillsLeft[slot];
    }

    void fillsLeft(final int slot, final int fills)
    {
        fillsLeft[slot] = (byte)fills;
    }

    boolean expires(final int slot)
    {
        return expires[slot];
    }

    void expires(final int slot, final boolean expires)
    {
        this.expires[slot] = expires;
    }

    long cancelAtNs(final int slot)
    {
        return cancelAtNs[slot];
    }

    void cancelAtNs(final int slot, final long atNs)
    {
        cancelAtNs[slot] = atNs;
    }

    /** @return true when the injected fault flag ({@code SimulatedBroker.FAULT_*}) is set on the order. */
    boolean fault(final int slot, final int flag)
    {
        return 0 != (faults[slot] & flag);
    }

    void fault(final int slot, final int flag, final boolean on)
    {
        faults[slot] = (byte)(on ? faults[slot] | flag : faults[slot] & ~flag);
    }

    private void allocate(final int capacity)
    {
        clOrdIds = new byte[capacity * CL_ORD_ID_LENGTH];
        traceIds = new byte[capacity * TRACE_ID_LENGTH];
        keys = new byte[capacity * KEY_LENGTH];
        records = new int[capacity];
        nextReports = new byte[capacity];
        reasons = new short[capacity];
        arrivals = new long[capacity];
        steps = new byte[capacity];
        randoms = new long[capacity];
        qtys = new long[capacity];
        prices = new long[capacity];
        sides = new byte[capacity];
        orderTypes = new byte[capacity];
        timesInForce = new byte[capacity];
        attempts = new int[capacity];
        fillsLeft = new byte[capacity];
        expires = new boolean[capacity];
        cancelAtNs = new long[capacity];
        faults = new byte[capacity];
        free = new int[capacity];
    }

    private void grow()
    {
        final int oldCapacity = records.length;
        final int capacity = oldCapacity * 2;
        clOrdIds = Arrays.copyOf(clOrdIds, Math.multiplyExact(capacity, CL_ORD_ID_LENGTH));
        traceIds = Arrays.copyOf(traceIds, Math.multiplyExact(capacity, TRACE_ID_LENGTH));
        keys = Arrays.copyOf(keys, Math.multiplyExact(capacity, KEY_LENGTH));
        records = Arrays.copyOf(records, capacity);
        nextReports = Arrays.copyOf(nextReports, capacity);
        reasons = Arrays.copyOf(reasons, capacity);
        arrivals = Arrays.copyOf(arrivals, capacity);
        steps = Arrays.copyOf(steps, capacity);
        randoms = Arrays.copyOf(randoms, capacity);
        qtys = Arrays.copyOf(qtys, capacity);
        prices = Arrays.copyOf(prices, capacity);
        sides = Arrays.copyOf(sides, capacity);
        orderTypes = Arrays.copyOf(orderTypes, capacity);
        timesInForce = Arrays.copyOf(timesInForce, capacity);
        attempts = Arrays.copyOf(attempts, capacity);
        fillsLeft = Arrays.copyOf(fillsLeft, capacity);
        expires = Arrays.copyOf(expires, capacity);
        cancelAtNs = Arrays.copyOf(cancelAtNs, capacity);
        faults = Arrays.copyOf(faults, capacity);
        free = Arrays.copyOf(free, capacity);
        // Every old slot is in use (that is why we grew): only the new ones are free.
        for (int slot = capacity - 1; slot >= oldCapacity; slot--)
        {
            free[freeCount++] = slot;
        }
    }
}

package io.noctria.engine.core;

import io.noctria.codecs.FixedPoint;
import io.noctria.codecs.sbe.EngineOrderState;
import java.util.Arrays;

/**
 * Every order that passed the gates, unique on its 32-byte idempotency key: the in-memory
 * outbox the duplicate check consults before any gate. Entries are columns of primitive arrays
 * (no object per order) indexed by a dense id in recording order, with an open-addressing index
 * over the key's first word (the key is an HMAC output, so its bits are already uniform).
 * <p>
 * An entry holds the order fields, its life-cycle state, the journal index of the request that
 * created it, the business time of that request, the stage stamp of its last send (observational,
 * excluded from the state hash), cumulative filled qty, average fill price, broker order id and
 * send attempts. Pre-sized from configuration; grows by doubling, otherwise allocation free.
 */
final class Outbox
{
    static final int KEY_WORDS = 4;

    // The four key words of find/add, so the key store takes them as one array without allocating.
    private final long[] probe = new long[KEY_WORDS];
    private final DenseKeys keys;
    private int[] symbolId;
    private int[] traceId;
    private byte[] side;
    private byte[] orderType;
    private byte[] timeInForce;
    private EngineOrderState[] state;
    private boolean[] acked;
    private long[] qty;
    private long[] price;
    private long[] cumQty;
    private long[] fillNotionalHigh;
    private long[] fillNotionalLow;
    private long[] brokerOrderId;
    private long[] firstInputIndex;
    private long[] createdTsNs;
    private long[] sentNs;
    private int[] attempts;
    private long[] pendingQueryId;
    private int[] queriedAttempts;

    Outbox(final int capacityHint)
    {
        final int capacity = Math.max(16, Integer.highestOneBit(Math.max(capacityHint, 2) - 1) << 1);
        keys = new DenseKeys(KEY_WORDS, capacity);
        symbolId = new int[capacity];
        traceId = new int[capacity];
        side = new byte[capacity];
        orderType = new byte[capacity];
        timeInForce = new byte[capacity];
        state = new EngineOrderState[capacity];
        acked = new boolean[capacity];
        qty = new long[capacity];
        price = new long[capacity];
        cumQty = new long[capacity];
        fillNotionalHigh = new long[capacity];
        fillNotionalLow = new long[capacity];
        brokerOrderId = new long[capacity];
        firstInputIndex = new long[capacity];
        createdTsNs = new long[capacity];
        sentNs = new long[capacity];
        attempts = new int[capacity];
        pendingQueryId = new long[capacity];
        queriedAttempts = new int[capacity];
    }

    int size()
    {
        return keys.size();
    }

    /** @return the entry id recorded under the key, or -1. */
    int find(final long k0, final long k1, final long k2, final long k3)
    {
        return keys.find(probe(k0, k1, k2, k3), 0);
    }

    /** Records a new order in state NEW; the caller has checked the key is absent. */
    int add(
        final long k0,
        final long k1,
        final long k2,
        final long k3,
        final int symbol,
        final int trace,
        final byte sideValue,
        final byte orderTypeValue,
        final byte timeInForceValue,
        final long qtyValue,
        final long priceValue,
        final long inputIndex,
        final long businessTsNs)
    {
        if (keys.size() == qty.length)
        {
            grow();
        }
        final int id = keys.add(probe(k0, k1, k2, k3), 0);
        symbolId[id] = symbol;
        traceId[id] = trace;
        side[id] = sideValue;
        orderType[id] = orderTypeValue;
        timeInForce[id] = timeInForceValue;
        state[id] = EngineOrderState.NEW;
        qty[id] = qtyValue;
        price[id] = priceValue;
        firstInputIndex[id] = inputIndex;
        createdTsNs[id] = businessTsNs;
        return id;
    }

    int symbolId(final int id)
    {
        return symbolId[id];
    }

    int traceId(final int id)
    {
        return traceId[id];
    }

    byte side(final int id)
    {
        return side[id];
    }

    /** @return +1 for BUY, -1 for SELL. */
    int sideSign(final int id)
    {
        return side[id] == 1 ? 1 : -1;
    }

    byte orderType(final int id)
    {
        return orderType[id];
    }

    byte timeInForce(final int id)
    {
        return timeInForce[id];
    }

    EngineOrderState state(final int id)
    {
        return state[id];
    }

    void state(final int id, final EngineOrderState value)
    {
        state[id] = value;
    }

    long qty(final int id)
    {
        return qty[id];
    }

    long price(final int id)
    {
        return price[id];
    }

    long cumQty(final int id)
    {
        return cumQty[id];
    }

    long leavesQty(final int id)
    {
        return qty[id] - cumQty[id];
    }

    /** @return true once the broker's BrokerAck for the order was applied (a fill before it only implies it). */
    boolean acked(final int id)
    {
        return acked[id];
    }

    void acked(final int id, final boolean value)
    {
        acked[id] = value;
    }

    /**
     * @return the quantity-weighted average fill price: the exact sum of fill notionals divided once by the filled
     * quantity, by the {@link FixedPoint} rule (what the replay's outbox projection and the mirror compute); 0
     * before the first fill.
     */
    long averageFillPrice(final int id)
    {
        final long filled = cumQty[id];
        if (filled <= 0)
        {
            return 0;
        }
        final long average = FixedPoint.divide128(fillNotionalHigh[id], fillNotionalLow[id], filled);
        return FixedPoint.OVERFLOW == average ? Long.MAX_VALUE : average;
    }

    /** Adds a fill to the filled quantity and to the exact (128-bit) sum of fill notionals. */
    void addFill(final int id, final long fillQty, final long fillPrice)
    {
        final long low = fillNotionalLow[id];
        fillNotionalHigh[id] = FixedPoint.addProductHigh(fillNotionalHigh[id], low, fillQty, fillPrice);
        fillNotionalLow[id] = FixedPoint.addProductLow(low, fillQty, fillPrice);
        cumQty[id] += fillQty;
    }

    long brokerOrderId(final int id)
    {
        return brokerOrderId[id];
    }

    void brokerOrderId(final int id, final long value)
    {
        brokerOrderId[id] = value;
    }

    long firstInputIndex(final int id)
    {
        return firstInputIndex[id];
    }

    long createdTsNs(final int id)
    {
        return createdTsNs[id];
    }

    long sentNs(final int id)
    {
        return sentNs[id];
    }

    void sentNs(final int id, final long value)
    {
        sentNs[id] = value;
    }

    int attempts(final int id)
    {
        return attempts[id];
    }

    void attempts(final int id, final int value)
    {
        attempts[id] = value;
    }

    /** @return the status query this order waits for (reconciliation after a restart), 0 when none. */
    long pendingQueryId(final int id)
    {
        return pendingQueryId[id];
    }

    /** @return the send attempts the order had when its pending status query was asked. */
    int queriedAttempts(final int id)
    {
        return queriedAttempts[id];
    }

    /** Marks the order as waiting for the answer to {@code queryId} (0 clears), asked at {@code attemptsNow}. */
    void pendingQuery(final int id, final long queryId, final int attemptsNow)
    {
        pendingQueryId[id] = queryId;
        queriedAttempts[id] = attemptsNow;
    }

    /** Writes the raw 32-byte key of an entry into {@code dst}. */
    void keyBytes(final int id, final byte[] dst)
    {
        keys.unpack(id, dst);
    }

    /** Hashes every entry in recording order; the observational send stamp is left out. */
    void hashInto(final StateHasher hasher)
    {
        final int size = keys.size();
        hasher.putInt(size);
        for (int id = 0; id < size; id++)
        {
            keys.hashInto(hasher, id).putInt(symbolId[id]).putInt(traceId[id])
                .putInt(side[id]).putInt(orderType[id]).putInt(timeInForce[id]).putInt(state[id].value())
                .putBoolean(acked[id])
                .putLong(qty[id]).putLong(price[id]).putLong(cumQty[id])
                .putLong(fillNotionalHigh[id]).putLong(fillNotionalLow[id])
                .putLong(brokerOrderId[id]).putLong(firstInputIndex[id]).putLong(createdTsNs[id]).putInt(attempts[id])
                .putLong(pendingQueryId[id]).putInt(queriedAttempts[id]);
        }
    }

    private long[] probe(final long k0, final long k1, final long k2, final long k3)
    {
        probe[0] = k0;
        probe[1] = k1;
        probe[2] = k2;
        probe[3] = k3;
        return probe;
    }

    private void grow()
    {
        final int capacity = qty.length * 2;
        symbolId = Arrays.copyOf(symbolId, capacity);
        traceId = Arrays.copyOf(traceId, capacity);
        side = Arrays.copyOf(side, capacity);
        orderType = Arrays.copyOf(orderType, capacity);
        timeInForce = Arrays.copyOf(timeInForce, capacity);
        state = Arrays.copyOf(state, capacity);
        acked = Arrays.copyOf(acked, capacity);
        qty = Arrays.copyOf(qty, capacity);
        price = Arrays.copyOf(price, capacity);
        cumQty = Arrays.copyOf(cumQty, capacity);
        fillNotionalHigh = Arrays.copyOf(fillNotionalHigh, capacity);
        fillNotionalLow = Arrays.copyOf(fillNotionalLow, capacity);
        brokerOrderId = Arrays.copyOf(brokerOrderId, capacity);
        firstInputIndex = Arrays.copyOf(firstInputIndex, capacity);
        createdTsNs = Arrays.copyOf(createdTsNs, capacity);
        sentNs = Arrays.copyOf(sentNs, capacity);
        attempts = Arrays.copyOf(attempts, capacity);
        pendingQueryId = Arrays.copyOf(pendingQueryId, capacity);
        queriedAttempts = Arrays.copyOf(queriedAttempts, capacity);
    }

    // Snapshot access (CoreSnapshot): the exact fill notional, which no other reader needs.

    long fillNotionalHigh(final int id)
    {
        return fillNotionalHigh[id];
    }

    long fillNotionalLow(final int id)
    {
        return fillNotionalLow[id];
    }

    /** Puts back an entry's fills as a snapshot holds them (cum qty and the exact 128-bit notional sum). */
    void restoreFills(final int id, final long cumQtyValue, final long notionalHigh, final long notionalLow)
    {
        cumQty[id] = cumQtyValue;
        fillNotionalHigh[id] = notionalHigh;
        fillNotionalLow[id] = notionalLow;
    }
}

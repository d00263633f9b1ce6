package io.noctria.engine.core;

import io.noctria.codecs.FixedPoint;
import io.noctria.codecs.OrderTransitions;
import io.noctria.codecs.sbe.EngineOrderState;

/**
 * Every order that passed the gates, unique on its 32-byte idempotency key: the in-memory
 * outbox the duplicate check consults before any gate. Entries are columns of primitive arrays
 * (no object per order) indexed by a dense id in recording order, with an open-addressing index
 * over the key's first word (the key is an HMAC output, so its bits are already uniform).
 * <p>
 * An entry holds the order fields, its life-cycle state, the journal index of the request that
 * created it, the business time of that request, the stage stamp of its last send (observational,
 * excluded from the state hash), cumulative filled qty, average fill price, broker order id and
 * send attempts.
 * <p>
 * Bounded: {@code outbox.capacity} entries, every array allocated at construction; a full outbox is refused by the
 * caller ({@link #isFull()}, OUTBOX_FULL). With a dedupe horizon (docs/architecture.md, "Dedupe horizon") a finished
 * order leaves once no request with its key can be accepted again: finished entries wait in a FIFO ring, in the
 * order they finished, and {@link #advance} (called with each order request's journaled ingress time) removes those
 * whose key minute ended before the staleness floor and that finished at least a horizon ago. Requests older than
 * that floor are refused as stale ({@link #isStale}), which is what makes the removal safe whatever order the
 * ingress stamps arrive in. Open orders are never removed. Without a horizon (0) nothing is removed. Allocation
 * free; O(1) amortised per input (each finished entry is queued once and leaves once).
 */
final class Outbox
{
    static final int KEY_WORDS = 4;
    /** Idempotency keys cover the request ts floored to the minute ({@link IdempotencyKeys}). */
    static final long KEY_MINUTE_NS = 60_000_000_000L;

    // The four key words of find/add, so the key store takes them as one array without allocating.
    private final long[] probe = new long[KEY_WORDS];
    private final DenseKeys keys;
    private final int[] symbolId;
    private final int[] traceId;
    private final byte[] side;
    private final byte[] orderType;
    private final byte[] timeInForce;
    private final EngineOrderState[] state;
    private final boolean[] acked;
    private final long[] qty;
    private final long[] price;
    private final long[] cumQty;
    private final long[] fillNotionalHigh;
    private final long[] fillNotionalLow;
    private final long[] brokerOrderId;
    private final long[] firstInputIndex;
    private final long[] createdTsNs;
    private final long[] sentNs;
    private final int[] attempts;
    private final long[] pendingQueryId;
    private final int[] queriedAttempts;

    private final long horizonNs;
    // Finished entries in the order they finished (each id at most once: queued[id]), with the watermark then.
    private final int[] finished;
    private final boolean[] queued;
    private final long[] finishedAtNs;
    private int finishedHead;
    private int finishedCount;
    // The newest ingress time of an order request so far, and the staleness floor it sets (watermark − horizon).
    private long watermarkNs = Long.MIN_VALUE;
    private long floorNs = Long.MIN_VALUE;
    private long evicted;

    /**
     * @param capacity  the most entries held at once (open orders and finished ones inside the horizon).
     * @param horizonNs the dedupe horizon, ns: how far behind the newest request ingress time a request is stale;
     *                  0 keeps every finished entry (no freshness bound, no safe horizon).
     */
    Outbox(final int capacity, final long horizonNs)
    {
        this.horizonNs = horizonNs;
        keys = new DenseKeys(KEY_WORDS, capacity);
        finished = new int[capacity];
        queued = new boolean[capacity];
        finishedAtNs = new long[capacity];
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

    /** @return true when no new order can be recorded. */
    boolean isFull()
    {
        return keys.isFull();
    }

    /** @return one past the highest entry id in use so far; ids below it are {@link #isLive live} or evicted. */
    int idLimit()
    {
        return keys.idLimit();
    }

    boolean isLive(final int id)
    {
        return keys.isLive(id);
    }

    /** @return finished entries evicted so far (observational: not in the state hash). */
    long evicted()
    {
        return evicted;
    }

    /** @return the staleness floor, ns: a request whose ts is below it is refused; Long.MIN_VALUE when none. */
    long floorNs()
    {
        return floorNs;
    }

    /**
     * @return true when a request stamped {@code clientTsNs} is older than the staleness floor: its key may belong
     * to an evicted entry, so it must be refused (TIMESTAMP_TOO_OLD) rather than looked up.
     */
    boolean isStale(final long clientTsNs)
    {
        return clientTsNs < floorNs;
    }

    /**
     * Moves the watermark to an order request's journaled ingress time (never back) and evicts, from the head of the
     * finished ring, every entry that no acceptable request can match any more: its key minute ended at or before
     * the floor, it finished at least a horizon (of watermark) ago, so a report racing its end still finds it, and
     * no status query of a restart waits for it.
     * An entry that left the terminal states again (none does today) only leaves the ring. No-op without a horizon.
     */
    void advance(final long ingressNs)
    {
        if (0 == horizonNs || ingressNs <= watermarkNs)
        {
            return;
        }
        watermarkNs = ingressNs;
        floorNs = ingressNs - horizonNs;
        while (finishedCount > 0)
        {
            final int id = finished[finishedHead];
            if (OrderTransitions.isTerminal(state[id]))
            {
                final long keyMinuteEndNs = Math.floorDiv(createdTsNs[id], KEY_MINUTE_NS) * KEY_MINUTE_NS + KEY_MINUTE_NS;
                // An order the reconciler still waits for (its status query unanswered) stays until the answer.
                if (keyMinuteEndNs > floorNs || finishedAtNs[id] > watermarkNs - horizonNs || 0 != pendingQueryId[id])
                {
                    return;
                }
                keys.remove(id);
                evicted++;
            }
            queued[id] = false;
            finishedHead = finishedHead + 1 == finished.length ? 0 : finishedHead + 1;
            finishedCount--;
        }
    }

    /** @return the entry id recorded under the key, or -1. */
    int find(final long k0, final long k1, final long k2, final long k3)
    {
        return keys.find(probe(k0, k1, k2, k3), 0);
    }

    /** Records a new order in state NEW; the caller has checked the key is absent and the outbox not full. */
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
        final int id = keys.add(probe(k0, k1, k2, k3), 0);
        // An id may be reused after an eviction: every column is set here, none relies on a fresh array.
        acked[id] = false;
        cumQty[id] = 0;
        fillNotionalHigh[id] = 0;
        fillNotionalLow[id] = 0;
        brokerOrderId[id] = 0;
        sentNs[id] = 0;
        attempts[id] = 0;
        pendingQueryId[id] = 0;
        queriedAttempts[id] = 0;
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

    /** Sets the state; an order that reaches a terminal state joins the finished ring (with a horizon). */
    void state(final int id, final EngineOrderState value)
    {
        state[id] = value;
        if (0 != horizonNs && !queued[id] && OrderTransitions.isTerminal(value))
        {
            queued[id] = true;
            finishedAtNs[id] = watermarkNs;
            final int tail = finishedHead + finishedCount;
            finished[tail < finished.length ? tail : tail - finished.length] = id;
            finishedCount++;
        }
    }

    /** A Replaced: the order works on new terms (its fills so far stay). */
    void terms(final int id, final long qtyValue, final long priceValue)
    {
        qty[id] = qtyValue;
        price[id] = priceValue;
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

    /**
     * Hashes every entry in id order (recording order until an eviction frees an id for reuse); the observational
     * send stamp is left out. With a horizon the watermark, the floor and the finished ring (in ring order) follow:
     * they decide future evictions and refusals. Nothing here depends on the capacity.
     */
    void hashInto(final StateHasher hasher)
    {
        hasher.putInt(keys.size());
        final int limit = keys.idLimit();
        for (int id = 0; id < limit; id++)
        {
            if (!keys.isLive(id))
            {
                continue;
            }
            keys.hashInto(hasher, id).putInt(symbolId[id]).putInt(traceId[id])
                .putInt(side[id]).putInt(orderType[id]).putInt(timeInForce[id]).putInt(state[id].value())
                .putBoolean(acked[id])
                .putLong(qty[id]).putLong(price[id]).putLong(cumQty[id])
                .putLong(fillNotionalHigh[id]).putLong(fillNotionalLow[id])
                .putLong(brokerOrderId[id]).putLong(firstInputIndex[id]).putLong(createdTsNs[id]).putInt(attempts[id])
                .putLong(pendingQueryId[id]).putInt(queriedAttempts[id]);
        }
        if (0 != horizonNs)
        {
            hasher.putLong(watermarkNs).putLong(floorNs).putInt(finishedCount);
            for (int i = 0, at = finishedHead; i < finishedCount; i++, at = at + 1 == finished.length ? 0 : at + 1)
            {
                hasher.putInt(finished[at]).putLong(finishedAtNs[finished[at]]);
            }
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

    // Snapshot access (CoreSnapshot): what the other accessors do not expose, and the restore of a fresh outbox.

    long fillNotionalHigh(final int id)
    {
        return fillNotionalHigh[id];
    }

    long fillNotionalLow(final int id)
    {
        return fillNotionalLow[id];
    }

    long watermarkNs()
    {
        return watermarkNs;
    }

    /** @return finished entries waiting for the horizon, in the order they finished. */
    int finishedCount()
    {
        return finishedCount;
    }

    /** @return the {@code i}-th finished entry waiting for the horizon ({@code i < finishedCount()}). */
    int finishedId(final int i)
    {
        final int at = finishedHead + i;
        return finished[at < finished.length ? at : at - finished.length];
    }

    long finishedAtNs(final int id)
    {
        return finishedAtNs[id];
    }

    DenseKeys keys()
    {
        return keys;
    }

    /** Puts back an entry's state without queueing it for the horizon (the queue is restored as a whole). */
    void restoreState(final int id, final EngineOrderState value)
    {
        state[id] = value;
    }

    /** Puts back an entry's fills as a snapshot holds them (cum qty and the exact 128-bit notional sum). */
    void restoreFills(final int id, final long cumQtyValue, final long notionalHigh, final long notionalLow)
    {
        cumQty[id] = cumQtyValue;
        fillNotionalHigh[id] = notionalHigh;
        fillNotionalLow[id] = notionalLow;
    }

    /** Puts back the horizon's clock and its queue of finished entries (ids live or not, in finishing order). */
    void restoreHorizon(final long watermark, final long floor, final long evictedSoFar, final int[] ids,
        final long[] finishedAt, final int count)
    {
        if (count > finished.length)
        {
            throw new IllegalArgumentException(count + " finished entries in an outbox of " + finished.length);
        }
        watermarkNs = watermark;
        floorNs = floor;
        evicted = evictedSoFar;
        finishedHead = 0;
        finishedCount = count;
        for (int i = 0; i < count; i++)
        {
            if (ids[i] < 0 || ids[i] >= finished.length || queued[ids[i]])
            {
                throw new IllegalArgumentException("finished entry " + i + " is id " + ids[i]);
            }
            finished[i] = ids[i];
            queued[ids[i]] = true;
            finishedAtNs[ids[i]] = finishedAt[i];
        }
    }
}

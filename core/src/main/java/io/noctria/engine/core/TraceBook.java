package io.noctria.engine.core;

import io.noctria.codecs.FixedPoint;
import java.util.Arrays;

/**
 * Trace ids that have sent orders, each with the total notional sent under it (all symbols,
 * whatever the orders' fate), for the max-notional-per-trace rule. A trace id is the eight
 * little-endian longs of its NUL-padded 64-byte field, stored once here and referenced by id from
 * the outbox. Ids are dense in first-sent order, the state-hash order. Grows by doubling,
 * otherwise allocation free.
 */
final class TraceBook
{
    static final int WORDS = 8;

    private final DenseKeys keys;
    private long[] sentNotional;

    TraceBook(final int initialCapacity)
    {
        final int capacity = Math.max(16, Integer.highestOneBit(initialCapacity - 1) << 1);
        keys = new DenseKeys(WORDS, capacity);
        sentNotional = new long[capacity];
    }

    int size()
    {
        return keys.size();
    }

    /** @return the id of the trace whose words are {@code traceWords[0..7]}, or -1. */
    int find(final long[] traceWords)
    {
        return keys.find(traceWords, 0);
    }

    /** @return the id of a trace never seen before, with zero notional. */
    int add(final long[] traceWords)
    {
        if (keys.size() == sentNotional.length)
        {
            sentNotional = Arrays.copyOf(sentNotional, sentNotional.length * 2);
        }
        return keys.add(traceWords, 0);
    }

    /** @return notional sent under the trace, scale 10^6; 0 for id -1 (never sent). */
    long sentNotional(final int id)
    {
        return id < 0 ? 0 : sentNotional[id];
    }

    void addSentNotional(final int id, final long notional)
    {
        sentNotional[id] = FixedPoint.addSaturated(sentNotional[id], notional);
    }

    /** Writes the NUL-padded 64-byte trace id into {@code dst}. */
    void traceBytes(final int id, final byte[] dst)
    {
        keys.unpack(id, dst);
    }

    void hashInto(final StateHasher hasher)
    {
        final int size = keys.size();
        hasher.putInt(size);
        for (int id = 0; id < size; id++)
        {
            keys.hashInto(hasher, id).putLong(sentNotional[id]);
        }
    }
}

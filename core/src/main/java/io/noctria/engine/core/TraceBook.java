package io.noctria.engine.core;

import io.noctria.codecs.FixedPoint;

/**
 * Trace ids that have sent orders, each with the total notional sent under it (all symbols,
 * whatever the orders' fate), for the max-notional-per-trace rule. A trace id is the eight
 * little-endian longs of its NUL-padded 64-byte field, stored once here and referenced by id from
 * the outbox. Ids are dense in first-sent order, the state-hash order (so the hash depends on content, not on
 * capacity).
 * <p>
 * Fixed capacity ({@code outbox.trace_capacity}), allocated at construction; a trace is never removed, since its
 * notional counts against its limit for the life of the state, so a full book refuses new traces (TRACE_BOOK_FULL,
 * checked by the caller with {@link #isFull()}). The lookup is {@link DenseKeys}' hash-tagged open addressing: a
 * miss, the common case for a new trace, reads only the index. Allocation free.
 */
final class TraceBook
{
    static final int WORDS = 8;

    private final DenseKeys keys;
    private final long[] sentNotional;

    /** @param capacity the most trace ids held. */
    TraceBook(final int capacity)
    {
        keys = new DenseKeys(WORDS, capacity);
        sentNotional = new long[capacity];
    }

    /** @return true when no new trace can be added. */
    boolean isFull()
    {
        return keys.isFull();
    }

    /** @return the id of the trace whose words are {@code traceWords[0..7]}, or -1. */
    int find(final long[] traceWords)
    {
        return keys.find(traceWords, 0);
    }

    /** @return the id of a trace never seen before, with zero notional; the caller checked {@link #isFull()}. */
    int add(final long[] traceWords)
    {
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

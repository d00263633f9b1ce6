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

    private int[] index;
    private long[] words;
    private long[] sentNotional;
    private int size;

    TraceBook(final int initialCapacity)
    {
        final int capacity = Math.max(16, Integer.highestOneBit(initialCapacity - 1) << 1);
        index = new int[capacity * 2];
        words = new long[capacity * WORDS];
        sentNotional = new long[capacity];
    }

    int size()
    {
        return size;
    }

    /** @return the id of the trace whose words are {@code traceWords[0..7]}, or -1. */
    int find(final long[] traceWords)
    {
        final int mask = index.length - 1;
        for (int slot = hash(traceWords) & mask; ; slot = (slot + 1) & mask)
        {
            final int entry = index[slot];
            if (0 == entry)
            {
                return -1;
            }
            if (matches(entry - 1, traceWords))
            {
                return entry - 1;
            }
        }
    }

    /** @return the id of a trace never seen before, with zero notional. */
    int add(final long[] traceWords)
    {
        if (size == sentNotional.length)
        {
            grow();
        }
        final int id = size++;
        System.arraycopy(traceWords, 0, words, id * WORDS, WORDS);
        insertIndex(id);
        return id;
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
        Words.unpack(words, id * WORDS, WORDS, dst);
    }

    void hashInto(final StateHasher hasher)
    {
        hasher.putInt(size);
        for (int id = 0; id < size; id++)
        {
            for (int w = 0; w < WORDS; w++)
            {
                hasher.putLong(words[id * WORDS + w]);
            }
            hasher.putLong(sentNotional[id]);
        }
    }

    private boolean matches(final int id, final long[] traceWords)
    {
        final int base = id * WORDS;
        for (int w = 0; w < WORDS; w++)
        {
            if (words[base + w] != traceWords[w])
            {
                return false;
            }
        }
        return true;
    }

    private void insertIndex(final int id)
    {
        final int mask = index.length - 1;
        int slot = hash(words, id * WORDS) & mask;
        while (index[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }
        index[slot] = id + 1;
    }

    private void grow()
    {
        final int capacity = sentNotional.length * 2;
        words = Arrays.copyOf(words, capacity * WORDS);
        sentNotional = Arrays.copyOf(sentNotional, capacity);
        index = new int[capacity * 2];
        for (int id = 0; id < size; id++)
        {
            insertIndex(id);
        }
    }

    private static int hash(final long[] traceWords)
    {
        return hash(traceWords, 0);
    }

    private static int hash(final long[] source, final int offset)
    {
        long h = 0;
        for (int w = 0; w < WORDS; w++)
        {
            h = h * 0x9E3779B97F4A7C15L + source[offset + w];
        }
        return StateHasher.mix(h);
    }
}

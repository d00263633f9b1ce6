package io.noctria.engine.core;

import java.util.Arrays;

/**
 * Keys of a fixed number of long words, each given a dense id in first-added order, found again through an
 * open-addressing index: the one key store of the outbox (idempotency keys), the trace book (trace ids) and the
 * symbol book (symbols), whose other per-entry arrays are indexed by the same ids. Ids, not slots, are what the
 * books hash and report, so the probe order never reaches a decision. Grows by doubling, otherwise allocation
 * free; owned by the core's single writer.
 */
final class DenseKeys
{
    private final int keyWords;
    private long[] words;
    // id + 1 per slot, 0 for empty; twice the key capacity, so a probe meets an empty slot soon.
    private int[] index;
    private int size;

    /** @param capacity keys held before the first doubling; a power of two. */
    DenseKeys(final int keyWords, final int capacity)
    {
        this.keyWords = keyWords;
        this.words = new long[capacity * keyWords];
        this.index = new int[capacity * 2];
    }

    int size()
    {
        return size;
    }

    /** @return the id of the key {@code key[offset .. offset + keyWords)}, or -1 when it was never added. */
    int find(final long[] key, final int offset)
    {
        final int mask = index.length - 1;
        for (int slot = hash(key, offset) & mask; ; slot = (slot + 1) & mask)
        {
            final int entry = index[slot];
            if (0 == entry)
            {
                return -1;
            }
            if (matches(entry - 1, key, offset))
            {
                return entry - 1;
            }
        }
    }

    /** Adds a key the caller has checked is absent ({@link #find} -1); @return its id, the previous size. */
    int add(final long[] key, final int offset)
    {
        if (size * keyWords == words.length)
        {
            grow();
        }
        final int id = size++;
        System.arraycopy(key, offset, words, id * keyWords, keyWords);
        insertIndex(id);
        return id;
    }

    /** Writes the key of {@code id} into {@code dst} as little-endian bytes (the field it was read from). */
    void unpack(final int id, final byte[] dst)
    {
        Words.unpack(words, id * keyWords, keyWords, dst);
    }

    /** Puts the key words of {@code id} into the state hash, in order. */
    StateHasher hashInto(final StateHasher hasher, final int id)
    {
        final int base = id * keyWords;
        for (int w = 0; w < keyWords; w++)
        {
            hasher.putLong(words[base + w]);
        }
        return hasher;
    }

    private boolean matches(final int id, final long[] key, final int offset)
    {
        final int base = id * keyWords;
        for (int w = 0; w < keyWords; w++)
        {
            if (words[base + w] != key[offset + w])
            {
                return false;
            }
        }
        return true;
    }

    private void insertIndex(final int id)
    {
        final int mask = index.length - 1;
        int slot = hash(words, id * keyWords) & mask;
        while (index[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }
        index[slot] = id + 1;
    }

    private void grow()
    {
        final int capacity = words.length / keyWords * 2;
        words = Arrays.copyOf(words, capacity * keyWords);
        index = new int[capacity * 2];
        for (int id = 0; id < size; id++)
        {
            insertIndex(id);
        }
    }

    private int hash(final long[] source, final int offset)
    {
        long h = 0;
        for (int w = 0; w < keyWords; w++)
        {
            h = h * 0x9E3779B97F4A7C15L + source[offset + w];
        }
        return StateHasher.mix(h);
    }
}

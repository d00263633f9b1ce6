package io.noctria.engine.core;

/**
 * Keys of a fixed number of long words, each given a dense id, found again through an open-addressing index: the
 * one key store of the outbox (idempotency keys), the trace book (trace ids) and the symbol book (symbols), whose
 * other per-entry arrays are indexed by the same ids. Ids, not slots, are what the books hash and report, so the
 * probe order and the capacity never reach a decision or the state hash.
 * <p>
 * Fixed capacity, allocated at construction: {@link #add} on a full store is a bug the caller prevents with
 * {@link #isFull()}. A removed id is reused before any id never used (most recently removed first), so the ids an
 * input history produces do not depend on the capacity either.
 * <p>
 * The index is one {@code long} per slot, a power of two at least twice the capacity (load at most one half):
 * the key's 32-bit hash in the high half, id + 1 in the low half, 0 for empty. A probe compares hashes first and reads the key words only on a
 * hash match, so a miss, or a probe past other keys, touches the index alone (one cache line per probe run instead
 * of one per key passed); removal shifts later entries back (linear probing, no tombstones) using the stored hash,
 * again without reading keys. Allocation free; owned by the core's single writer.
 */
final class DenseKeys
{
    private static final long ID_MASK = 0xFFFF_FFFFL;

    private final int keyWords;
    private final int capacity;
    private final long[] words;
    private final long[] index;
    private final int mask;
    private final boolean[] live;
    // Removed ids, reused last-in first-out.
    private final int[] freeIds;
    private int freeCount;
    // Ids ever handed out: ids below it are live or free.
    private int idLimit;
    private int size;

    /** @param capacity the most keys held at once, from 1 to 2^28 (the index is the power of two ≥ twice it). */
    DenseKeys(final int keyWords, final int capacity)
    {
        if (capacity < 1 || capacity > 1 << 28)
        {
            throw new IllegalArgumentException("capacity " + capacity + " must be from 1 to 268435456");
        }
        this.keyWords = keyWords;
        this.capacity = capacity;
        this.words = new long[Math.multiplyExact(capacity, keyWords)];
        this.index = new long[Integer.highestOneBit(2 * capacity - 1) << 1];
        this.mask = index.length - 1;
        this.live = new boolean[capacity];
        this.freeIds = new int[capacity];
    }

    int size()
    {
        return size;
    }

    boolean isFull()
    {
        return size == capacity;
    }

    /** @return one past the highest id ever handed out: ids below it are {@link #isLive live} or removed. */
    int idLimit()
    {
        return idLimit;
    }

    boolean isLive(final int id)
    {
        return live[id];
    }

    /** @return the id of the key {@code key[offset .. offset + keyWords)}, or -1 when it is not held. */
    int find(final long[] key, final int offset)
    {
        final int hash = hash(key, offset);
        for (int slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            final long entry = index[slot];
            if (0 == entry)
            {
                return -1;
            }
            if ((int)(entry >>> 32) == hash)
            {
                final int id = (int)(entry & ID_MASK) - 1;
                if (matches(id, key, offset))
                {
                    return id;
                }
            }
        }
    }

    /**
     * Adds a key the caller has checked is absent ({@link #find} -1) while the store is not {@link #isFull() full};
     * @return its id: the most recently removed one, else {@link #idLimit()}.
     */
    int add(final long[] key, final int offset)
    {
        final int id = freeCount > 0 ? freeIds[--freeCount] : idLimit++;
        System.arraycopy(key, offset, words, id * keyWords, keyWords);
        live[id] = true;
        size++;
        final int hash = hash(key, offset);
        int slot = hash & mask;
        while (index[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }
        index[slot] = ((long)hash << 32) | (id + 1);
        return id;
    }

    /** Removes a live id: its key is no longer found and the id is the next one {@link #add} hands out. */
    void remove(final int id)
    {
        final long wanted = id + 1;
        int hole = hash(words, id * keyWords) & mask;
        while ((index[hole] & ID_MASK) != wanted)
        {
            hole = (hole + 1) & mask;
        }
        // Backward shift: an entry after the hole moves into it unless its home slot lies cyclically in (hole, slot].
        for (int slot = (hole + 1) & mask; index[slot] != 0; slot = (slot + 1) & mask)
        {
            final int home = (int)(index[slot] >>> 32) & mask;
            if (((slot - home) & mask) >= ((slot - hole) & mask))
            {
                index[hole] = index[slot];
                hole = slot;
            }
        }
        index[hole] = 0;
        live[id] = false;
        freeIds[freeCount++] = id;
        size--;
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

package io.noctria.engine.core;

import io.noctria.engine.testing.Seeds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenseKeysTest
{
    private static final int KEY_WORDS = 4;
    private static final int KEYS = 5_000;

    @Test
    void shouldGiveDenseIdsInAddedOrderAndFindEveryKeyUpToItsCapacity()
    {
        final long seed = Seeds.seed(20261204L);
        final String why = Seeds.describe(seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final long[] added = new long[KEYS * KEY_WORDS];
        final DenseKeys keys = new DenseKeys(KEY_WORDS, KEYS);
        for (int i = 0; i < KEYS; i++)
        {
            // The last word tells keys apart; the others are often shared (0), so matching must compare every word.
            for (int w = 0; w < KEY_WORDS - 1; w++)
            {
                added[i * KEY_WORDS + w] = random.nextInt(4) == 0 ? 0 : random.nextLong();
            }
            added[i * KEY_WORDS + KEY_WORDS - 1] = i;
            assertEquals(-1, keys.find(added, i * KEY_WORDS), why);
            assertEquals(i, keys.add(added, i * KEY_WORDS), why);
        }
        assertEquals(KEYS, keys.size(), why);
        assertTrue(keys.isFull(), why);
        final byte[] bytes = new byte[KEY_WORDS * Long.BYTES];
        final byte[] expected = new byte[KEY_WORDS * Long.BYTES];
        for (int i = 0; i < KEYS; i++)
        {
            assertEquals(i, keys.find(added, i * KEY_WORDS), why);
            keys.unpack(i, bytes);
            for (int w = 0; w < KEY_WORDS; w++)
            {
                Words.putLittleEndian(added[i * KEY_WORDS + w], expected, w * Long.BYTES);
            }
            assertArrayEquals(expected, bytes, "key " + i + ", " + why);
        }
        final long[] absent = {1, 2, 3, 4};
        assertEquals(-1, keys.find(absent, 0), why);
    }

    @Test
    void shouldTellKeysApartByEveryWord()
    {
        final DenseKeys keys = new DenseKeys(2, 16);
        final long[] pairs = {7, 1, 7, 2, 1, 7};
        assertEquals(0, keys.add(pairs, 0));
        assertEquals(-1, keys.find(pairs, 2));
        assertEquals(1, keys.add(pairs, 2));
        assertEquals(-1, keys.find(pairs, 4));
        assertEquals(0, keys.find(pairs, 0));
        assertEquals(1, keys.find(pairs, 2));
    }

    @Test
    void shouldFindExactlyTheLiveKeysThroughRandomAddsAndRemovesOnACrowdedIndex()
    {
        final long seed = Seeds.seed(20261205L);
        final String why = Seeds.describe(seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final int capacity = 64;
        final DenseKeys keys = new DenseKeys(2, capacity);
        // Reference: key (its second word; the first is shared so hashes cluster) -> id, and ids removed, in order.
        final Map<Long, Integer> held = new HashMap<>();
        final List<Integer> removed = new ArrayList<>();
        final long[] key = new long[2];
        for (int step = 0; step < 200_000; step++)
        {
            key[0] = 42;
            key[1] = random.nextInt(256);
            final Integer expected = held.get(key[1]);
            final int found = keys.find(key, 0);
            assertEquals(null == expected ? -1 : expected, found, "step " + step + ", " + why);
            if (null == expected && !keys.isFull())
            {
                final int id = keys.add(key, 0);
                final int wanted = removed.isEmpty() ? held.size() + removed.size() : removed.remove(removed.size() - 1);
                assertEquals(wanted, id, "a removed id is reused first, most recent first; step " + step + ", " + why);
                assertTrue(keys.isLive(id), why);
                held.put(key[1], id);
            }
            else if (null != expected && random.nextBoolean())
            {
                keys.remove(expected);
                assertFalse(keys.isLive(expected), why);
                assertEquals(-1, keys.find(key, 0), why);
                held.remove(key[1]);
                removed.add(expected);
            }
            assertEquals(held.size(), keys.size(), why);
            assertEquals(held.size() == capacity, keys.isFull(), why);
        }
        for (final Map.Entry<Long, Integer> entry : held.entrySet())
        {
            key[0] = 42;
            key[1] = entry.getKey();
            assertEquals(entry.getValue().intValue(), keys.find(key, 0), why);
        }
    }
}

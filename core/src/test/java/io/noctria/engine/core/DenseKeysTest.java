package io.noctria.engine.core;

import io.noctria.engine.testing.Seeds;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DenseKeysTest
{
    private static final int KEY_WORDS = 4;
    private static final int KEYS = 5_000;

    @Test
    void shouldGiveDenseIdsInAddedOrderAndFindEveryKeyAcrossDoublings()
    {
        final long seed = Seeds.seed(20261204L);
        final String why = Seeds.describe(seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final long[] added = new long[KEYS * KEY_WORDS];
        final DenseKeys keys = new DenseKeys(KEY_WORDS, 16);
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
}

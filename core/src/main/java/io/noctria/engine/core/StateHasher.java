package io.noctria.engine.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Feeds state, field by field in a fixed order, into SHA-256. Used for live == replay and recovery
 * checks, never on the hot path. Also holds the table hash mixer so every table spreads keys the
 * same deterministic way.
 */
final class StateHasher
{
    private final MessageDigest digest;
    private final byte[] scratch = new byte[8];

    StateHasher()
    {
        try
        {
            digest = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 is mandatory in every Java runtime", ex);
        }
    }

    StateHasher putLong(final long value)
    {
        Words.putLittleEndian(value, scratch, 0);
        digest.update(scratch, 0, 8);
        return this;
    }

    StateHasher putInt(final int value)
    {
        return putLong(value);
    }

    StateHasher putBoolean(final boolean value)
    {
        return putLong(value ? 1 : 0);
    }

    StateHasher putBytes(final byte[] bytes)
    {
        putInt(bytes.length);
        digest.update(bytes, 0, bytes.length);
        return this;
    }

    /** @return the SHA-256 of everything put so far. */
    byte[] finish()
    {
        return digest.digest();
    }

    /** Murmur3 finaliser: spreads a 64-bit value over an int for open addressing. */
    static int mix(final long value)
    {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int)h;
    }
}

package io.noctria.engine.core;

import io.noctria.codecs.MessageFields;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * A 32-byte idempotency key usable as a hash map key, held as four words.
 * <p>
 * Projections keep one mutable instance as a lookup probe, refilled from each message's bytes, so a
 * lookup allocates nothing; only a key stored for a new order is copied ({@link #copy()}). The hash mixes all
 * four words: an HMAC is uniform already, but keys made by tests or other producers need not be.
 */
public final class Hash32Key
{
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private long word0;
    private long word1;
    private long word2;
    private long word3;
    private int hash;

    /** Refills this key from {@code buffer[index, index + 32)}. */
    public Hash32Key set(final DirectBuffer buffer, final int index)
    {
        word0 = buffer.getLong(index, ByteOrder.LITTLE_ENDIAN);
        word1 = buffer.getLong(index + 8, ByteOrder.LITTLE_ENDIAN);
        word2 = buffer.getLong(index + 16, ByteOrder.LITTLE_ENDIAN);
        word3 = buffer.getLong(index + 24, ByteOrder.LITTLE_ENDIAN);
        hash = StateHasher.mix(word0 ^ Long.rotateLeft(word1, 16) ^ Long.rotateLeft(word2, 32) ^ Long.rotateLeft(word3, 48));
        return this;
    }

    /** @return an independent key with the same bytes, for storing. */
    public Hash32Key copy()
    {
        final Hash32Key copy = new Hash32Key();
        copy.word0 = word0;
        copy.word1 = word1;
        copy.word2 = word2;
        copy.word3 = word3;
        copy.hash = hash;
        return copy;
    }

    /** @return the key's bytes, in order, as lowercase hex: the platform's idempotency_key. */
    public String hex()
    {
        final char[] chars = new char[MessageFields.KEY_LENGTH * 2];
        appendHex(chars, 0, word0);
        appendHex(chars, 16, word1);
        appendHex(chars, 32, word2);
        appendHex(chars, 48, word3);
        return new String(chars);
    }

    @Override
    public boolean equals(final Object other)
    {
        if (!(other instanceof Hash32Key))
        {
            return false;
        }
        final Hash32Key that = (Hash32Key)other;
        return word0 == that.word0 && word1 == that.word1 && word2 == that.word2 && word3 == that.word3;
    }

    @Override
    public int hashCode()
    {
        return hash;
    }

    @Override
    public String toString()
    {
        return hex();
    }

    /** Little-endian words: the lowest byte came first in the message. */
    private static void appendHex(final char[] chars, final int at, final long word)
    {
        for (int i = 0; i < Long.BYTES; i++)
        {
            final int b = (int)(word >>> (8 * i)) & 0xFF;
            chars[at + 2 * i] = HEX_DIGITS[b >> 4];
            chars[at + 2 * i + 1] = HEX_DIGITS[b & 0xF];
        }
    }

}

package io.noctria.engine.core;

/**
 * The byte view of the packed ids the core keeps as little-endian longs (symbols, trace ids, idempotency keys):
 * the books store them as words to compare and hash without objects, and hand them back as the NUL-padded bytes
 * the SBE fields carry. Allocation free.
 */
final class Words
{
    private Words()
    {
    }

    /** Writes {@code count} words from {@code words[from]} on into {@code dst} from index 0, 8 bytes each. */
    static void unpack(final long[] words, final int from, final int count, final byte[] dst)
    {
        for (int w = 0; w < count; w++)
        {
            putLittleEndian(words[from + w], dst, w * 8);
        }
    }

    /** Writes {@code value} into {@code dst[offset, offset + 8)}, least significant byte first. */
    static void putLittleEndian(final long value, final byte[] dst, final int offset)
    {
        for (int i = 0; i < 8; i++)
        {
            dst[offset + i] = (byte)(value >>> (8 * i));
        }
    }
}

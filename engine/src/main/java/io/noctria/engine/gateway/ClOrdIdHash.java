package io.noctria.engine.gateway;

import org.agrona.DirectBuffer;

/**
 * The 64-bit hash of a 32-byte ClOrdID, shared by the venue's order book and the process gateway's in-flight
 * table so both sides index an order the same way. SplitMix64's finaliser over the four 8-byte words: cheap,
 * allocation-free and well spread for the hex ClOrdIDs the engine derives from idempotency keys.
 */
public final class ClOrdIdHash
{
    /** Bytes in a ClOrdID as the schema fixes it. */
    public static final int CL_ORD_ID_LENGTH = 32;

    private ClOrdIdHash()
    {
    }

    /** @return the hash of the ClOrdID at {@code offset} in {@code buffer}. */
    public static long hash(final DirectBuffer buffer, final int offset)
    {
        long hash = 0x632BE59BD9B4E019L;
        for (int i = 0; i < CL_ORD_ID_LENGTH; i += Long.BYTES)
        {
            hash = mix(hash ^ buffer.getLong(offset + i));
        }
        return hash;
    }

    /** The SplitMix64 finaliser (Stafford variant 13): a strong 64-bit mixer. */
    public static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

package io.noctria.engine.broker;

import io.noctria.engine.gateway.ClOrdIdHash;

/**
 * SplitMix64 (the generator behind {@link java.util.SplittableRandom}) as pure functions over a
 * {@code long} state, so each order can carry its own random stream in a primitive array slot.
 * <p>
 * One stream per order makes an order's fate depend only on the seed and its arrival number,
 * not on how its reports interleave with other orders' reports.
 */
final class SplitMix64
{
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SplitMix64()
    {
    }

    /** @return the state of the stream for the {@code index}-th order under {@code seed}. */
    static long streamState(final long seed, final long index)
    {
        return mix(seed + mix(index * GOLDEN_GAMMA + GOLDEN_GAMMA));
    }

    /** @return the state after one draw. */
    static long advance(final long state)
    {
        return state + GOLDEN_GAMMA;
    }

    /** @return the 64 random bits produced by an advanced state. */
    static long bits(final long advancedState)
    {
        return mix(advancedState);
    }

    /** @return a value in [0, bound) from 64 random bits; bound must be positive. */
    static int below(final long bits, final int bound)
    {
        // Lemire's multiply-shift on the top 32 bits: no division, negligible bias for our bounds.
        return (int)(((bits >>> 32) * bound) >>> 32);
    }

    /** @return a value in [0, bound) from 64 random bits; bound must be positive. */
    static long below(final long bits, final long bound)
    {
        return (bits >>> 1) % bound;
    }

    /** The SplitMix64 finaliser (Stafford variant 13): a strong 64-bit mixer. */
    static long mix(final long value)
    {
        return ClOrdIdHash.mix(value);
    }
}

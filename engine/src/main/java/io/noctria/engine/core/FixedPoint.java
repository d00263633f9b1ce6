package io.noctria.engine.core;

/**
 * Integer arithmetic on the contract's fixed-point longs (scale 10^6) with exact 128-bit
 * intermediates, so a notional never silently wraps: results that do not fit are reported as
 * {@link #OVERFLOW}. All inputs are non-negative unless a method says otherwise.
 */
final class FixedPoint
{
    /** Fixed-point scale of Qty, Price and Notional: 10^6. */
    static final long SCALE = 1_000_000L;
    /** Result of a computation whose exact value exceeds {@link Long#MAX_VALUE}. */
    static final long OVERFLOW = -1L;

    private FixedPoint()
    {
    }

    /** @return floor(qty × price / 10^6), or {@link #OVERFLOW}. */
    static long notional(final long qty, final long price)
    {
        return mulDiv(qty, price, SCALE);
    }

    /** @return floor(a × b / divisor) for a, b ≥ 0 and divisor > 0, or {@link #OVERFLOW}. */
    static long mulDiv(final long a, final long b, final long divisor)
    {
        return divide(Math.multiplyHigh(a, b), a * b, divisor);
    }

    /** @return floor((a × b + c × d) / divisor) for non-negative terms and divisor > 0, or {@link #OVERFLOW}. */
    static long mulAddDiv(final long a, final long b, final long c, final long d, final long divisor)
    {
        final long lo1 = a * b;
        final long lo2 = c * d;
        final long lo = lo1 + lo2;
        final long carry = Long.compareUnsigned(lo, lo1) < 0 ? 1 : 0;
        return divide(Math.multiplyHigh(a, b) + Math.multiplyHigh(c, d) + carry, lo, divisor);
    }

    /** @return the sign of (a × b − c × d) for non-negative terms, compared exactly. */
    static int compareProducts(final long a, final long b, final long c, final long d)
    {
        final long hi1 = Math.multiplyHigh(a, b);
        final long hi2 = Math.multiplyHigh(c, d);
        if (hi1 != hi2)
        {
            return hi1 < hi2 ? -1 : 1;
        }
        return Long.compareUnsigned(a * b, c * d);
    }

    /** @return a + b for non-negative terms, saturating at {@link Long#MAX_VALUE}. */
    static long addSaturated(final long a, final long b)
    {
        final long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * Unsigned 128-by-64 division by shift and subtract; the fast path covers every product that
     * fits 63 bits, the loop only runs for results near the overflow boundary.
     */
    static long divide(final long hi, final long lo, final long divisor)
    {
        if (0 == hi)
        {
            final long q = lo >= 0 ? lo / divisor : Long.divideUnsigned(lo, divisor);
            return q < 0 ? OVERFLOW : q;
        }
        if (hi < 0 || Long.compareUnsigned(hi, divisor) >= 0)
        {
            return OVERFLOW;
        }
        long remainder = hi;
        long quotient = 0;
        for (int bit = 63; bit >= 0; bit--)
        {
            final boolean carry = remainder < 0;
            remainder = (remainder << 1) | ((lo >>> bit) & 1L);
            quotient <<= 1;
            if (carry || Long.compareUnsigned(remainder, divisor) >= 0)
            {
                remainder -= divisor;
                quotient |= 1L;
            }
        }
        return quotient < 0 ? OVERFLOW : quotient;
    }
}

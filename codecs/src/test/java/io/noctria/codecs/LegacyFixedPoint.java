package io.noctria.codecs;

/**
 * {@link FixedPoint#mulDiv} and {@link FixedPoint#mulDivTowardZero} as they were before products past 63 bits were
 * split in 64-bit arithmetic: always the full 128-bit product, divided bit by bit. Kept verbatim as the reference
 * the faster code must agree with on every input.
 */
final class LegacyFixedPoint
{
    private LegacyFixedPoint()
    {
    }

    static long mulDiv(final long a, final long b, final long divisor)
    {
        return divide(Math.multiplyHigh(a, b), a * b, divisor, true);
    }

    static long mulDivTowardZero(final long a, final long b, final long divisor)
    {
        return divide(Math.multiplyHigh(a, b), a * b, divisor, false);
    }

    private static long divide(final long high, final long low, final long divisor, final boolean halfUp)
    {
        if (0 == divisor || Long.MIN_VALUE == divisor)
        {
            return FixedPoint.OVERFLOW;
        }
        final boolean negative = (high < 0) != (divisor < 0);
        // Magnitude of the dividend in two's complement: -(high:low) = ~(high:low) + 1.
        final long magnitudeLow = high < 0 ? -low : low;
        final long magnitudeHigh = high < 0 ? ~high + (0 == low ? 1 : 0) : high;
        final long absDivisor = Math.abs(divisor);
        long quotient;
        long remainder;
        if (0 == magnitudeHigh && magnitudeLow >= 0)
        {
            quotient = magnitudeLow / absDivisor;
            remainder = magnitudeLow - quotient * absDivisor;
        }
        else
        {
            if (Long.compareUnsigned(magnitudeHigh, absDivisor) >= 0)
            {
                return FixedPoint.OVERFLOW;
            }
            // remainder < absDivisor < 2^63, but its doubling may set bit 63: compare unsigned, keep the carry.
            remainder = magnitudeHigh;
            quotient = 0;
            for (int bit = 63; bit >= 0; bit--)
            {
                final boolean carry = remainder < 0;
                remainder = (remainder << 1) | ((magnitudeLow >>> bit) & 1L);
                quotient <<= 1;
                if (carry || Long.compareUnsigned(remainder, absDivisor) >= 0)
                {
                    remainder -= absDivisor;
                    quotient |= 1L;
                }
            }
            if (quotient < 0)
            {
                return FixedPoint.OVERFLOW;
            }
        }
        // 0 <= remainder < absDivisor, so absDivisor - remainder cannot overflow: a tie rounds up in magnitude.
        if (halfUp && remainder >= absDivisor - remainder)
        {
            quotient++;
            if (quotient < 0)
            {
                return FixedPoint.OVERFLOW;
            }
        }
        return negative ? -quotient : quotient;
    }
}

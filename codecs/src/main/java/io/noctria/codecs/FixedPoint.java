package io.noctria.codecs;

/**
 * The one fixed-point arithmetic of the platform, shared by the execution core, the outbox mirror,
 * the replay projections and the KPIs, so the same inputs give the same digits wherever they are
 * computed.
 * <p>
 * Values are {@code long}s at the contract's scale 10^6 ({@link Decimals#SCALE}). Products are
 * formed exactly in 128 bits and divided once. <b>Rounding rule: half away from zero</b> (what
 * {@link java.math.RoundingMode#HALF_UP} means): the exact quotient is rounded to the nearest
 * {@code long}, a tie goes to the larger magnitude. It is symmetric in sign, so a buy and a sell of
 * the same size round to the same magnitude, and a single rounding after an exact product keeps
 * every figure within half a unit of 10^-6 of the true value.
 * <p>
 * The plain methods never allocate or throw, so the hot path may use them: a result whose exact
 * value does not fit a {@code long} (or a division by zero) is reported as {@link #OVERFLOW}, a
 * value no computation returns otherwise. The {@code *Exact} variants are for cold code (reports)
 * where such a result is a bug; they throw {@link ArithmeticException} instead.
 */
public final class FixedPoint
{
    /** Fixed-point scale of Qty, Price, Notional and every ratio: 10^6. */
    public static final long SCALE = Decimals.SCALE;

    /**
     * Result of a computation whose exact value does not fit a {@code long} or that divides by zero.
     * Results are limited to ±{@link Long#MAX_VALUE}, so this value is never a real result.
     */
    public static final long OVERFLOW = Long.MIN_VALUE;

    private FixedPoint()
    {
    }

    /** @return qty × price / 10^6, rounded half away from zero, or {@link #OVERFLOW}. */
    public static long notional(final long qty, final long price)
    {
        return mulDiv(qty, price, SCALE);
    }

    /** @return a × b / divisor, rounded half away from zero, or {@link #OVERFLOW}. Any signs. */
    public static long mulDiv(final long a, final long b, final long divisor)
    {
        return mulDiv(a, b, divisor, true);
    }

    /**
     * @return (a × b + c × d) / divisor, rounded half away from zero, or {@link #OVERFLOW}. Any signs;
     * an operand of {@link Long#MIN_VALUE} gives {@link #OVERFLOW} (its square would not leave room for the sum).
     */
    public static long mulAddDiv(final long a, final long b, final long c, final long d, final long divisor)
    {
        if (Long.MIN_VALUE == a || Long.MIN_VALUE == b || Long.MIN_VALUE == c || Long.MIN_VALUE == d)
        {
            return OVERFLOW;
        }
        final long lo1 = a * b;
        final long lo = lo1 + c * d;
        final long carry = Long.compareUnsigned(lo, lo1) < 0 ? 1 : 0;
        return divide128(Math.multiplyHigh(a, b) + Math.multiplyHigh(c, d) + carry, lo, divisor);
    }

    /** @return numerator / denominator as a ratio at scale 10^6, rounded half away from zero, or {@link #OVERFLOW}. */
    public static long ratio(final long numerator, final long denominator)
    {
        return mulDiv(numerator, SCALE, denominator);
    }

    /** @return the sign of (a × b − c × d), compared exactly. Any signs. */
    public static int compareProducts(final long a, final long b, final long c, final long d)
    {
        final long hi1 = Math.multiplyHigh(a, b);
        final long hi2 = Math.multiplyHigh(c, d);
        if (hi1 != hi2)
        {
            return hi1 < hi2 ? -1 : 1;
        }
        return Integer.signum(Long.compareUnsigned(a * b, c * d));
    }

    /**
     * Accumulates a product into a signed 128-bit sum {@code high:low} (a quantity-weighted notional, say), so an
     * average can be taken once, exactly, with {@link #divide128}: the high word of {@code high:low + a × b}.
     * Pair with {@link #addProductLow}; both read the old words.
     */
    public static long addProductHigh(final long high, final long low, final long a, final long b)
    {
        final long sumLow = low + a * b;
        final long carry = Long.compareUnsigned(sumLow, low) < 0 ? 1 : 0;
        return high + Math.multiplyHigh(a, b) + carry;
    }

    /** @return the low word of {@code high:low + a × b}; see {@link #addProductHigh}. */
    public static long addProductLow(final long low, final long a, final long b)
    {
        return low + a * b;
    }

    /** @return a + b for non-negative terms, saturating at {@link Long#MAX_VALUE}. */
    public static long addSaturated(final long a, final long b)
    {
        final long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * @return the signed 128-bit value {@code high:low} divided by {@code divisor}, rounded half away from
     * zero, or {@link #OVERFLOW} when the divisor is 0 or {@link Long#MIN_VALUE} or the result does not fit.
     * Allocation-free: the fast path covers every dividend that fits 63 bits; a shift-and-subtract loop the rest.
     */
    public static long divide128(final long high, final long low, final long divisor)
    {
        return divide(high, low, divisor, true);
    }

    /**
     * The one deliberate exception to the rounding rule, for sizes the engine decides rather than figures
     * it measures: the units that fit under a limit ({@code limit × 10^6 / price}) or a quantity scaled
     * down by a factor ({@code qty × ppm / 10^6}) round toward zero, so a clamp or a shrink never yields
     * more than the limit or the factor allows. Whatever is then measured of that size (its notional)
     * rounds half away from zero and still stays within the limit, because rounding to the nearest
     * never carries a value that is at most an integer past that integer.
     *
     * @return a × b / divisor rounded toward zero, or {@link #OVERFLOW}. Any signs.
     */
    public static long mulDivTowardZero(final long a, final long b, final long divisor)
    {
        return mulDiv(a, b, divisor, false);
    }

    /**
     * a × b / divisor. A product that fits a {@code long} takes one division. One that does not (a position limit
     * of 10^12 at scale 10^6, times 10^6, say) is split in 64 bits rather than divided bit by bit in 128: with
     * |a| = q × |divisor| + r, a × b / divisor = q × b + r × b / divisor, exact whenever r × b fits a {@code long},
     * which {@code r < |divisor|} makes the usual case (a price or the scale as divisor); the remainder of the whole
     * is the remainder of r × b, so the rounding is the same too. Only when neither factor splits does the
     * 128-bit division run.
     */
    private static long mulDiv(final long a, final long b, final long divisor, final boolean halfUp)
    {
        final long high = Math.multiplyHigh(a, b);
        final long low = a * b;
        if (high == (low >> 63) || 0 == divisor || Long.MIN_VALUE == divisor || Long.MIN_VALUE == a ||
            Long.MIN_VALUE == b)
        {
            return divide(high, low, divisor, halfUp);
        }
        final long absA = Math.abs(a);
        final long absB = Math.abs(b);
        final long absDivisor = Math.abs(divisor);
        long split = absA;
        long other = absB;
        long q = split / absDivisor;
        long r = split - q * absDivisor;
        if (!fitsProduct(r, other))
        {
            split = absB;
            other = absA;
            q = split / absDivisor;
            r = split - q * absDivisor;
            if (!fitsProduct(r, other))
            {
                return divide(high, low, divisor, halfUp);
            }
        }
        // q × other is at most the quotient: past a long, so is the result.
        if (!fitsProduct(q, other))
        {
            return OVERFLOW;
        }
        final long part = r * other;
        final long partQuotient = part / absDivisor;
        final long remainder = part - partQuotient * absDivisor;
        final long quotient = q * other + partQuotient;
        if (quotient < 0)
        {
            return OVERFLOW;
        }
        // The product does not fit a long, so it is not 0: its sign is the operands'.
        return rounded(quotient, remainder, absDivisor, halfUp, (a < 0) != (b < 0) != (divisor < 0));
    }

    /** @return true when x × y, both non-negative, fits a non-negative {@code long}. */
    private static boolean fitsProduct(final long x, final long y)
    {
        return 0 == Math.multiplyHigh(x, y) && x * y >= 0;
    }

    /**
     * The 128-bit division every product went through before the 64-bit split, and still the fallback;
     * package-private so the tests can hold the split against it.
     */
    static long divide(final long high, final long low, final long divisor, final boolean halfUp)
    {
        if (0 == divisor || Long.MIN_VALUE == divisor)
        {
            return OVERFLOW;
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
                return OVERFLOW;
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
                return OVERFLOW;
            }
        }
        return rounded(quotient, remainder, absDivisor, halfUp, negative);
    }

    /** @return the signed result of a magnitude quotient and its remainder, rounded, or {@link #OVERFLOW}. */
    private static long rounded(final long quotient, final long remainder, final long absDivisor, final boolean halfUp,
        final boolean negative)
    {
        // 0 <= remainder < absDivisor, so absDivisor - remainder cannot overflow: a tie rounds up in magnitude.
        final long magnitude = halfUp && remainder >= absDivisor - remainder ? quotient + 1 : quotient;
        if (magnitude < 0)
        {
            return OVERFLOW;
        }
        return negative ? -magnitude : magnitude;
    }

    /** @return {@link #mulDiv}, for cold code. @throws ArithmeticException on {@link #OVERFLOW}. */
    public static long mulDivExact(final long a, final long b, final long divisor)
    {
        return exact(mulDiv(a, b, divisor), a, b, divisor);
    }

    /** @return {@link #ratio}, for cold code. @throws ArithmeticException on {@link #OVERFLOW}. */
    public static long ratioExact(final long numerator, final long denominator)
    {
        return exact(ratio(numerator, denominator), numerator, SCALE, denominator);
    }

    /** @return {@link #divide128}, for cold code. @throws ArithmeticException on {@link #OVERFLOW}. */
    public static long divide128Exact(final long high, final long low, final long divisor)
    {
        final long result = divide128(high, low, divisor);
        if (OVERFLOW == result)
        {
            throw new ArithmeticException("128-bit value " + high + ":" + Long.toUnsignedString(low) + " / " +
                divisor + (0 == divisor ? ": division by zero" : ": result does not fit a long"));
        }
        return result;
    }

    private static long exact(final long result, final long a, final long b, final long divisor)
    {
        if (OVERFLOW == result)
        {
            throw new ArithmeticException(a + " * " + b + " / " + divisor +
                (0 == divisor ? ": division by zero" : ": result does not fit a long"));
        }
        return result;
    }
}

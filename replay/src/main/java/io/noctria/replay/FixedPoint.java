package io.noctria.replay;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Exact integer arithmetic for the report figures: products of fixed-point values overflow a
 * {@code long} long before the values themselves do, so these helpers work in 128 bits when they
 * must and round once, half away from zero (what {@link RoundingMode#HALF_UP} means), so the same
 * inputs always print the same digits. No {@code double} anywhere.
 */
final class FixedPoint
{
    /** The scale of Qty, Price, Notional and of every ratio and percentage the reports print. */
    static final long SCALE = 1_000_000L;

    private static final long NANOS_PER_MICRO = 1_000L;

    private FixedPoint()
    {
    }

    /**
     * @return {@code a * b / divisor} rounded half away from zero. Stays in {@code long} arithmetic when the
     * product fits (the common case, allocation-free), else goes through {@link BigInteger}.
     * @throws ArithmeticException when {@code divisor} is 0 or the result does not fit a {@code long}.
     */
    static long mulDiv(final long a, final long b, final long divisor)
    {
        if (divisor == 0)
        {
            throw new ArithmeticException("division by zero: " + a + " * " + b + " / 0");
        }
        final long high = Math.multiplyHigh(a, b);
        final long low = a * b;
        if (high == (low >> 63) && divisor != -1)
        {
            return divideHalfUp(low, divisor);
        }
        return divide128(high, low, divisor);
    }

    /**
     * @return the signed 128-bit value {@code high:low} divided by {@code divisor}, rounded half away from zero.
     * @throws ArithmeticException when {@code divisor} is 0 or the result does not fit a {@code long}.
     */
    static long divide128(final long high, final long low, final long divisor)
    {
        if (divisor == 0)
        {
            throw new ArithmeticException("division by zero");
        }
        if (high == (low >> 63) && divisor != -1)
        {
            return divideHalfUp(low, divisor);
        }
        final BigInteger value = BigInteger.valueOf(high).shiftLeft(64).or(unsigned(low));
        return new BigDecimal(value).divide(BigDecimal.valueOf(divisor), 0, RoundingMode.HALF_UP).longValueExact();
    }

    /**
     * Appends nanoseconds as microseconds, exactly: up to three decimals, no trailing zeros, no exponent
     * ({@code 12_500 -> 12.5}, {@code 3_000 -> 3}, {@code 1 -> 0.001}, {@code -1_500 -> -1.5}).
     */
    static StringBuilder appendMicros(final StringBuilder out, final long nanos)
    {
        final long integerPart = nanos / NANOS_PER_MICRO;
        long fraction = Math.abs(nanos % NANOS_PER_MICRO);
        if (nanos < 0 && integerPart == 0)
        {
            out.append('-');
        }
        out.append(integerPart);
        if (fraction != 0)
        {
            int digits = 3;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }
            out.append('.');
            if (digits == 3 && fraction < 100)
            {
                out.append(fraction < 10 ? "00" : "0");
            }
            else if (digits == 2 && fraction < 10)
            {
                out.append('0');
            }
            out.append(fraction);
        }
        return out;
    }

    /** @return {@code numerator / denominator} as a fixed-point ratio (scale 10^6), rounded half away from zero. */
    static long ratio(final long numerator, final long denominator)
    {
        return mulDiv(numerator, SCALE, denominator);
    }

    private static long divideHalfUp(final long dividend, final long divisor)
    {
        final long quotient = dividend / divisor;
        final long remainder = dividend % divisor;
        if (remainder == 0)
        {
            return quotient;
        }
        // |remainder| < |divisor|, so comparing with the other part of the divisor cannot overflow.
        final long absRemainder = Math.abs(remainder);
        final long absDivisor = Math.abs(divisor);
        if (absRemainder >= absDivisor - absRemainder)
        {
            return (dividend < 0) == (divisor < 0) ? quotient + 1 : quotient - 1;
        }
        return quotient;
    }

    private static BigInteger unsigned(final long value)
    {
        final BigInteger magnitude = BigInteger.valueOf(value & Long.MAX_VALUE);
        return value < 0 ? magnitude.setBit(63) : magnitude;
    }
}

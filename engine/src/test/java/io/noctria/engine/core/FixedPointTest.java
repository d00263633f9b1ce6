package io.noctria.engine.core;

import io.noctria.engine.testing.Seeds;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FixedPointTest
{
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    @Test
    void shouldComputeNotionalWithSixDecimalScale()
    {
        assertEquals(150_250_000L, FixedPoint.notional(1_000_000L, 150_250_000L));
        assertEquals(75_125_000L, FixedPoint.notional(500_000L, 150_250_000L));
        assertEquals(0L, FixedPoint.notional(1L, 999_999L), "truncates below 10^-6");
    }

    @Test
    void shouldComputeNotionalsWhoseIntermediateProductExceedsSixtyFourBits()
    {
        // 100 million units at 150 JPY: qty x price is 1.5e22 before scaling, the notional 1.5e16 fits.
        assertEquals(15_000_000_000_000_000L, FixedPoint.notional(100_000_000_000_000L, 150_000_000L));
    }

    @Test
    void shouldReportOverflowInsteadOfWrapping()
    {
        assertEquals(FixedPoint.OVERFLOW, FixedPoint.notional(Long.MAX_VALUE, 2_000_000L));
        assertEquals(FixedPoint.OVERFLOW, FixedPoint.mulDiv(Long.MAX_VALUE, Long.MAX_VALUE, 1));
        assertEquals(Long.MAX_VALUE, FixedPoint.mulDiv(Long.MAX_VALUE, 1_000_000L, 1_000_000L));
    }

    @Test
    void shouldAgreeWithBigIntegerOnRandomOperands()
    {
        final long seed = Seeds.seed(20_261_208L);
        final Random random = new Random(seed);
        for (int i = 0; i < 100_000; i++)
        {
            final long a = random.nextLong() >>> (1 + random.nextInt(63));
            final long b = random.nextLong() >>> (1 + random.nextInt(63));
            final long c = random.nextLong() >>> (1 + random.nextInt(63));
            final long d = random.nextLong() >>> (1 + random.nextInt(63));
            final long e = Math.max(1, random.nextLong() >>> (1 + random.nextInt(63)));
            assertEquals(expected(big(a).multiply(big(b)).divide(big(e))), FixedPoint.mulDiv(a, b, e),
                "seed " + seed + ": " + a + " * " + b + " / " + e);
            assertEquals(expected(big(a).multiply(big(b)).add(big(c).multiply(big(d))).divide(big(e))),
                FixedPoint.mulAddDiv(a, b, c, d, e), "seed " + seed);
            assertEquals(big(a).multiply(big(b)).compareTo(big(c).multiply(big(d))),
                FixedPoint.compareProducts(a, b, c, d), "seed " + seed);
        }
    }

    private static BigInteger big(final long value)
    {
        return BigInteger.valueOf(value);
    }

    private static long expected(final BigInteger value)
    {
        return value.compareTo(MAX) > 0 ? FixedPoint.OVERFLOW : value.longValueExact();
    }
}

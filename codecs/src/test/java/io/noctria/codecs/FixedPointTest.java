package io.noctria.codecs;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FixedPointTest
{
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN = BigInteger.valueOf(-Long.MAX_VALUE);

    @Test
    void shouldRoundHalfAwayFromZero()
    {
        assertEquals(2, FixedPoint.mulDiv(3, 1, 2));
        assertEquals(-2, FixedPoint.mulDiv(-3, 1, 2));
        assertEquals(-2, FixedPoint.mulDiv(3, 1, -2));
        assertEquals(2, FixedPoint.mulDiv(-3, 1, -2));
        assertEquals(1, FixedPoint.mulDiv(5, 1, 4));
        assertEquals(2, FixedPoint.mulDiv(7, 1, 4));
        assertEquals(-2, FixedPoint.mulDiv(-7, 1, 4));
        assertEquals(0, FixedPoint.mulDiv(1, 1, 3));
    }

    @Test
    void shouldComputeNotionalWithSixDecimalScale()
    {
        assertEquals(150_250_000L, FixedPoint.notional(1_000_000L, 150_250_000L));
        // 1.5 units at 150.25 = 225.375
        assertEquals(225_375_000L, FixedPoint.notional(1_500_000L, 150_250_000L));
        assertEquals(1L, FixedPoint.notional(1L, 999_999L), "0.999999e-6 rounds to 1e-6");
        assertEquals(0L, FixedPoint.notional(1L, 499_999L), "below half of 1e-6 rounds to 0");
        assertEquals(1L, FixedPoint.notional(1L, 500_000L), "a tie rounds away from zero");
        assertEquals(-1L, FixedPoint.notional(-1L, 500_000L), "a negative tie rounds away from zero");
    }

    @Test
    void shouldRoundCapacitiesTowardZero()
    {
        assertEquals(0L, FixedPoint.mulDivTowardZero(1L, 999_999L, FixedPoint.SCALE));
        assertEquals(-1L, FixedPoint.mulDivTowardZero(-7, 1, 4));
        // 100 JPY of headroom at 30 JPY a unit: 3.333333 units, never 3.333334.
        assertEquals(3_333_333L, FixedPoint.mulDivTowardZero(100_000_000L, FixedPoint.SCALE, 30_000_000L));
    }

    @Test
    void shouldGoThrough128BitsWhenTheProductOverflows()
    {
        // 100 million units at 150 JPY: qty x price is 1.5e22 before scaling, the notional 1.5e16 fits.
        assertEquals(15_000_000_000_000_000L, FixedPoint.notional(100_000_000_000_000L, 150_000_000L));
        // Long.MAX_VALUE * 10 / 20 = 4611686018427387903.5, rounded up.
        assertEquals(4_611_686_018_427_387_904L, FixedPoint.mulDiv(Long.MAX_VALUE, 10, 20));
        assertEquals(-4_611_686_018_427_387_904L, FixedPoint.mulDiv(-Long.MAX_VALUE, 10, 20));
        assertEquals(20_000_010_000_000_000L, FixedPoint.mulDiv(20_000_000_000L, 1_000_000_500_000L, FixedPoint.SCALE));
    }

    @Test
    void shouldDivideA128BitValue()
    {
        assertEquals(3, FixedPoint.divide128(0, 10, 4));
        assertEquals(-3, FixedPoint.divide128(-1, -10, 4));
        // 2^64 / 2^4 = 2^60
        assertEquals(1L << 60, FixedPoint.divide128(1, 0, 16));
        assertEquals(-(1L << 60), FixedPoint.divide128(-1, 0, 16));
    }

    @Test
    void shouldReportOverflowAndDivisionByZeroWithoutThrowing()
    {
        assertEquals(FixedPoint.OVERFLOW, FixedPoint.notional(Long.MAX_VALUE, 2_000_000L));
        assertEquals(FixedPoint.OVERFLOW, FixedPoint.mulDiv(Long.MAX_VALUE, Long.MAX_VALUE, 1));
        assertEquals(FixedPoint.OVERFLOW, FixedPoint.mulDiv(1, 1, 0));
        assertEquals(FixedPoint.OVERFLOW, FixedPoint.mulDiv(Long.MAX_VALUE, 2, 1));
        assertEquals(FixedPoint.OVERFLOW, FixedPoint.mulDiv(Long.MIN_VALUE, 1, 1), "-2^63 is the sentinel, not a result");
        assertEquals(FixedPoint.OVERFLOW, FixedPoint.mulAddDiv(Long.MIN_VALUE, 1, 0, 0, 1));
        assertEquals(Long.MAX_VALUE, FixedPoint.mulDiv(Long.MAX_VALUE, 1_000_000L, 1_000_000L));
        assertEquals(-Long.MAX_VALUE, FixedPoint.mulDiv(-Long.MAX_VALUE, 1_000_000L, 1_000_000L));
    }

    @Test
    void shouldThrowFromTheExactVariantsNamingTheOperands()
    {
        final ArithmeticException zero = assertThrows(ArithmeticException.class, () -> FixedPoint.mulDivExact(1, 1, 0));
        assertEquals("1 * 1 / 0: division by zero", zero.getMessage());
        assertThrows(ArithmeticException.class, () -> FixedPoint.mulDivExact(Long.MAX_VALUE, 4, 2));
        assertThrows(ArithmeticException.class, () -> FixedPoint.ratioExact(1, 0));
        assertThrows(ArithmeticException.class, () -> FixedPoint.divide128Exact(1L << 40, 0, 2));
        assertEquals(666_667, FixedPoint.ratioExact(2, 3));
    }

    @Test
    void shouldExpressRatiosAtTheFixedPointScale()
    {
        assertEquals(333_333, FixedPoint.ratio(1, 3));
        assertEquals(666_667, FixedPoint.ratio(2, 3));
        assertEquals(1_000_000, FixedPoint.ratio(4, 4));
    }

    @Test
    void shouldAgreeWithBigDecimalHalfUpOnRandomSignedOperands()
    {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        for (int i = 0; i < 200_000; i++)
        {
            final long a = operand(random);
            final long b = operand(random);
            final long c = operand(random);
            final long d = operand(random);
            long e = operand(random);
            e = 0 == e ? 1 : e;
            final String where = "seed " + seed + ": " + a + ", " + b + ", " + c + ", " + d + ", " + e;
            assertEquals(expected(big(a).multiply(big(b)), e, RoundingMode.HALF_UP), FixedPoint.mulDiv(a, b, e), where);
            assertEquals(expected(big(a).multiply(big(b)), e, RoundingMode.DOWN), FixedPoint.mulDivTowardZero(a, b, e),
                where);
            assertEquals(expected(big(a).multiply(big(b)).add(big(c).multiply(big(d))), e, RoundingMode.HALF_UP),
                FixedPoint.mulAddDiv(a, b, c, d, e), where);
            assertEquals(big(a).multiply(big(b)).compareTo(big(c).multiply(big(d))),
                FixedPoint.compareProducts(a, b, c, d), where);
        }
    }

    /**
     * Products past 63 bits are split in 64-bit arithmetic; the results must be the 128-bit division's (the only path
     * before the split, unchanged and still the fallback), bit for bit,
     * rounding and OVERFLOW included. Operands are drawn where the split runs and where it must fall back: risk-gate
     * shapes (a 10^18 limit × 10^6 / price, qty × price / 10^6), any magnitudes, and the edges (±Long.MAX_VALUE,
     * Long.MIN_VALUE, 0, ±1, powers of two and ten, quotients next to Long.MAX_VALUE, exact halves).
     */
    @Test
    void shouldSplitWideProductsExactlyAsThe128BitDivisionDid()
    {
        final long seed = Long.getLong("noctria.seed", 20_261_204L);
        final Random random = new Random(seed);
        final long[] edges = edgeOperands();
        for (int i = 0; i < 1_000_000; i++)
        {
            final long a;
            final long b;
            final long divisor;
            switch (i % 5)
            {
                case 0: // units under a position limit: limit × 10^6 / price
                    a = random.nextLong() >>> (1 + random.nextInt(20));
                    b = FixedPoint.SCALE;
                    divisor = 1 + (random.nextLong() >>> (1 + random.nextInt(62)));
                    break;
                case 1: // a notional: qty × price / 10^6
                    a = random.nextLong() >>> (1 + random.nextInt(40));
                    b = random.nextLong() >>> (1 + random.nextInt(40));
                    divisor = FixedPoint.SCALE;
                    break;
                case 2: // a quotient next to Long.MAX_VALUE: a × b = (MAX ± small) × divisor ± small
                    divisor = 1 + (random.nextLong() >>> (1 + random.nextInt(62)));
                    a = Long.MAX_VALUE - random.nextInt(3);
                    b = divisor + random.nextInt(5) - 2;
                    break;
                case 3:
                    a = edges[random.nextInt(edges.length)];
                    b = edges[random.nextInt(edges.length)];
                    divisor = edges[random.nextInt(edges.length)];
                    break;
                default:
                    a = operand(random);
                    b = operand(random);
                    divisor = operand(random);
                    break;
            }
            final long sa = random.nextBoolean() ? a : -a;
            final long sb = random.nextBoolean() ? b : -b;
            final long sd = random.nextBoolean() ? divisor : -divisor;
            final String where = "seed " + seed + " (rerun: -Dnoctria.seed=" + seed + "), case " + i + ": " + sa +
                " * " + sb + " / " + sd;
            // Before the split, mulDiv was divide(multiplyHigh(a, b), a × b, divisor): that division is the reference.
            final long high = Math.multiplyHigh(sa, sb);
            final long halfUp = FixedPoint.divide(high, sa * sb, sd, true);
            final long towardZero = FixedPoint.divide(high, sa * sb, sd, false);
            assertEquals(halfUp, FixedPoint.mulDiv(sa, sb, sd), where);
            assertEquals(towardZero, FixedPoint.mulDivTowardZero(sa, sb, sd), where);
            assertEquals(FixedPoint.divide(high, sa * sb, FixedPoint.SCALE, true), FixedPoint.notional(sa, sb), where);
            if (0 == (i & 15))
            {
                // And both agree with exact decimal arithmetic, an oracle that shares no code with either.
                // (A divisor of 0 or Long.MIN_VALUE is OVERFLOW by definition.)
                final BigInteger product = big(sa).multiply(big(sb));
                final boolean undefined = 0 == sd || Long.MIN_VALUE == sd;
                assertEquals(undefined ? FixedPoint.OVERFLOW : expected(product, sd, RoundingMode.HALF_UP), halfUp, where);
                assertEquals(undefined ? FixedPoint.OVERFLOW : expected(product, sd, RoundingMode.DOWN), towardZero,
                    where);
            }
        }
    }

    @Test
    void shouldGiveTheExactHalfAndTheBoundaryWhenAWideProductIsSplit()
    {
        // 10^12 JPY at 150 JPY: 6,666,666,666.666666 units, toward zero.
        assertEquals(6_666_666_666_666_666L, FixedPoint.mulDivTowardZero(1_000_000_000_000_000_000L, 1_000_000, 150_000_000));
        assertEquals(6_666_666_666_666_667L, FixedPoint.mulDiv(1_000_000_000_000_000_000L, 1_000_000, 150_000_000));
        // MAX × 2 / 2 is MAX; MAX × 3 / 2 overflows; (MAX × 2 + 1) / 2 is a tie that rounds past MAX.
        assertEquals(Long.MAX_VALUE, FixedPoint.mulDiv(Long.MAX_VALUE, 2, 2));
        assertEquals(-Long.MAX_VALUE, FixedPoint.mulDivTowardZero(Long.MAX_VALUE, -2, 2));
        assertEquals(FixedPoint.OVERFLOW, FixedPoint.mulDiv(Long.MAX_VALUE, 3, 2));
        assertEquals(Long.MAX_VALUE, FixedPoint.mulDivTowardZero(Long.MAX_VALUE, 3, 3));
        // 2^62 × 3 / (2^63 - 1) is a little over 1.5: 2 half away from zero, 1 toward zero.
        assertEquals(2, FixedPoint.mulDiv(1L << 62, 3, Long.MAX_VALUE));
        assertEquals(1, FixedPoint.mulDivTowardZero(1L << 62, 3, Long.MAX_VALUE));
        // An exact tie past 63 bits: 2^61 × 5 / 2^62 = 2.5, so 3 (−3 for a sell), toward zero 2.
        assertEquals(3, FixedPoint.mulDiv(1L << 61, 5, 1L << 62));
        assertEquals(-3, FixedPoint.mulDiv(-(1L << 61), 5, 1L << 62));
        assertEquals(2, FixedPoint.mulDivTowardZero(1L << 61, 5, 1L << 62));
    }

    private static long[] edgeOperands()
    {
        final long[] edges = new long[6 + 2 * 62 + 19];
        int n = 0;
        edges[n++] = 0;
        edges[n++] = 1;
        edges[n++] = Long.MAX_VALUE;
        edges[n++] = Long.MAX_VALUE - 1;
        edges[n++] = Long.MIN_VALUE;
        edges[n++] = FixedPoint.SCALE;
        for (int bit = 1; bit < 63; bit++)
        {
            edges[n++] = 1L << bit;
            edges[n++] = (1L << bit) - 1;
        }
        long power = 10;
        for (int i = 0; i < 18; i++, power *= 10)
        {
            edges[n++] = power;
        }
        edges[n++] = 3;
        return edges;
    }

    /** Any magnitude from 1 bit to 63, either sign, so both the long fast path and the 128-bit loop run. */
    private static long operand(final Random random)
    {
        final long magnitude = random.nextLong() >>> (1 + random.nextInt(63));
        return random.nextBoolean() ? -magnitude : magnitude;
    }

    private static BigInteger big(final long value)
    {
        return BigInteger.valueOf(value);
    }

    private static long expected(final BigInteger dividend, final long divisor, final RoundingMode mode)
    {
        final BigInteger quotient = new BigDecimal(dividend).divide(BigDecimal.valueOf(divisor), 0, mode)
            .toBigIntegerExact();
        return quotient.compareTo(MAX) > 0 || quotient.compareTo(MIN) < 0 ? FixedPoint.OVERFLOW : quotient.longValueExact();
    }
}

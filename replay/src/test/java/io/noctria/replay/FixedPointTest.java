package io.noctria.replay;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FixedPointTest
{
    @Test
    void shouldRoundHalfAwayFromZero()
    {
        assertEquals(2, FixedPoint.mulDiv(3, 1, 2));
        assertEquals(-2, FixedPoint.mulDiv(-3, 1, 2));
        assertEquals(-2, FixedPoint.mulDiv(3, 1, -2));
        assertEquals(1, FixedPoint.mulDiv(5, 1, 4));
        assertEquals(2, FixedPoint.mulDiv(7, 1, 4));
        assertEquals(-2, FixedPoint.mulDiv(-7, 1, 4));
        assertEquals(0, FixedPoint.mulDiv(1, 1, 3));
    }

    @Test
    void shouldComputeNotionalOfFixedPointQtyAndPriceExactly()
    {
        // 1.5 units at 150.25 = 225.375
        assertEquals(225_375_000L, FixedPoint.mulDiv(1_500_000L, 150_250_000L, FixedPoint.SCALE));
    }

    @Test
    void shouldGoThrough128BitsWhenTheProductOverflows()
    {
        // Long.MAX_VALUE * 10 / 20 = 4611686018427387903.5, rounded up.
        assertEquals(4_611_686_018_427_387_904L, FixedPoint.mulDiv(Long.MAX_VALUE, 10, 20));
        // 20_000 units at 1_000_000.5: 2e10 * 1.0000005e12 overflows a long; / 10^6 = 20_000_010_000 (x 10^6).
        assertEquals(20_000_010_000_000_000L, FixedPoint.mulDiv(20_000_000_000L, 1_000_000_500_000L, FixedPoint.SCALE));
    }

    @Test
    void shouldDivideA128BitValue()
    {
        assertEquals(3, FixedPoint.divide128(0, 10, 4));
        assertEquals(-3, FixedPoint.divide128(-1, -10, 4));
        // 2^64 / 2^4 = 2^60
        assertEquals(1L << 60, FixedPoint.divide128(1, 0, 16));
    }

    @Test
    void shouldRefuseDivisionByZeroAndResultsBeyondALong()
    {
        assertThrows(ArithmeticException.class, () -> FixedPoint.mulDiv(1, 1, 0));
        assertThrows(ArithmeticException.class, () -> FixedPoint.mulDiv(Long.MAX_VALUE, 4, 2));
    }

    @Test
    void shouldFormatNanosecondsAsExactMicroseconds()
    {
        assertEquals("12.5", FixedPoint.appendMicros(new StringBuilder(), 12_500).toString());
        assertEquals("3", FixedPoint.appendMicros(new StringBuilder(), 3_000).toString());
        assertEquals("0.001", FixedPoint.appendMicros(new StringBuilder(), 1).toString());
        assertEquals("0.01", FixedPoint.appendMicros(new StringBuilder(), 10).toString());
        assertEquals("0.012", FixedPoint.appendMicros(new StringBuilder(), 12).toString());
        assertEquals("40.5", FixedPoint.appendMicros(new StringBuilder(), 40_500).toString());
        assertEquals("1000.012", FixedPoint.appendMicros(new StringBuilder(), 1_000_012).toString());
        assertEquals("0", FixedPoint.appendMicros(new StringBuilder(), 0).toString());
        assertEquals("-1.5", FixedPoint.appendMicros(new StringBuilder(), -1_500).toString());
        assertEquals("-0.001", FixedPoint.appendMicros(new StringBuilder(), -1).toString());
    }

    @Test
    void shouldExpressRatiosAtTheFixedPointScale()
    {
        assertEquals(333_333, FixedPoint.ratio(1, 3));
        assertEquals(666_667, FixedPoint.ratio(2, 3));
        assertEquals(1_000_000, FixedPoint.ratio(4, 4));
    }
}

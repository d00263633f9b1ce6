package io.noctria.engine.fix.venue;

import com.paritytrading.philadelphia.FIXValue;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.*;

class FixValuesTest
{
    private final FIXValue value = new FIXValue(64);
    private final StringBuilder scratch = new StringBuilder();

    @Test
    void shouldWriteFixedPointAsFixDecimalsWithoutTrailingZeros()
    {
        assertEquals("1.5", decimal(1_500_000));
        assertEquals("150", decimal(150_000_000));
        assertEquals("0.000001", decimal(1));
        assertEquals("0.05", decimal(50_000));
        assertEquals("0", decimal(0));
        assertEquals("-2.25", decimal(-2_250_000));
        assertEquals("9223372036854.775807", decimal(Long.MAX_VALUE));
    }

    @Test
    void shouldReadFixDecimalsAsFixedPoint()
    {
        assertEquals(1_500_000, FixValues.fixed6(38, "1.50"));
        assertEquals(150_123_456, FixValues.fixed6(44, "150.123456"));
        assertEquals(-2_000_000, FixValues.fixed6(31, "-2"));
        assertEquals(500_000, FixValues.fixed6(31, ".5"));
        assertEquals(3_000_000, FixValues.fixed6(31, "3."));
        for (final long amount : new long[] {1, 50_000, 1_500_000, 123_456_789_012L, -7})
        {
            assertEquals(amount, FixValues.fixed6(38, decimal(amount)), "round trip of " + amount);
        }
    }

    @Test
    void shouldRefuseWhatIsNotADecimalOfSixPlacesNamingTagAndValue()
    {
        final IllegalArgumentException tooFine = assertThrows(IllegalArgumentException.class,
            () -> FixValues.fixed6(31, "1.0000001"));
        assertEquals("tag 31 = \"1.0000001\" is not a decimal with at most 6 places", tooFine.getMessage());
        for (final String bad : new String[] {"", "-", ".", "abc", "1.2.3", "1e5", "99999999999999999999", "+1"})
        {
            assertThrows(IllegalArgumentException.class, () -> FixValues.fixed6(38, bad), bad);
        }
    }

    @Test
    void shouldWriteNanosecondUtcTimestamps()
    {
        FixValues.setTimestamp(value, 1_767_693_600_123_456_789L);
        assertEquals("20260106-10:00:00.123456789", value.toString());
    }

    @Test
    void shouldCopyFixStringsIntoNulPaddedAsciiAndRefuseWhatDoesNotFit()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocate(8));
        buffer.setMemory(0, 8, (byte)'x');
        FixValues.putAscii(buffer, 0, 8, 55, "EURUSD");
        assertEquals('D', buffer.getByte(5));
        assertEquals(0, buffer.getByte(6));
        assertEquals(0, buffer.getByte(7));
        assertEquals("tag 55 = \"EURUSD-LONG\" is longer than 8", assertThrows(IllegalArgumentException.class,
            () -> FixValues.putAscii(buffer, 0, 8, 55, "EURUSD-LONG")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> FixValues.putAscii(buffer, 0, 8, 11, "a\u00e9"));
    }

    private String decimal(final long fixed6)
    {
        FixValues.setDecimal(value, fixed6, scratch);
        return value.toString();
    }
}

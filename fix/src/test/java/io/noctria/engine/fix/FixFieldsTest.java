package io.noctria.engine.fix;

import io.noctria.codecs.sbe.BrokerRejectReason;
import io.noctria.codecs.sbe.VenueOrderState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.*;

class FixFieldsTest
{
    @ParameterizedTest
    @CsvSource({"1500000, 1.5", "150000000, 150", "1, 0.000001", "0, 0"})
    void shouldWriteFixedPointAsAFixDecimal(final long fixed, final String decimal)
    {
        assertEquals(decimal, FixFields.decimal(fixed));
    }

    @ParameterizedTest
    @CsvSource({"38, 1.50, 1500000", "44, 150.123456, 150123456", "31, -2, -2000000"})
    void shouldReadAFixDecimalAsFixedPoint(final int tag, final String decimal, final long fixed)
    {
        assertEquals(fixed, FixFields.fixed6(tag, decimal));
    }

    @Test
    void shouldRefuseADecimalBeyondTheEnginesScaleNamingTheTag()
    {
        final IllegalArgumentException tooFine = assertThrows(IllegalArgumentException.class,
            () -> FixFields.fixed6(31, "1.0000001"));
        assertEquals("tag 31 = \"1.0000001\" is not a decimal with at most 6 places", tooFine.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FixFields.fixed6(38, "abc"));
        assertThrows(IllegalArgumentException.class, () -> FixFields.fixed6(38, null));
        assertThrows(IllegalArgumentException.class, () -> FixFields.fixed6(38, "99999999999999999999"));
    }

    @Test
    void shouldReadNumericIdsAsNumbersAndHashOthersStably()
    {
        assertEquals(42, FixFields.id("42"));
        assertEquals(0, FixFields.id(""));
        final long hashed = FixFields.id("ORD-7");
        assertEquals(hashed, FixFields.id("ORD-7"));
        assertNotEquals(hashed, FixFields.id("ORD-8"));
        assertTrue(hashed >= 0);
        assertTrue(FixFields.id("1234567890123456789012") >= 0, "too long for a long: hashed, not overflowed");
    }

    @Test
    void shouldPadAndTrimAsciiIdsAndRefuseWhatDoesNotFit()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[40]);
        buffer.setMemory(0, 40, (byte)'x');
        FixFields.putAscii(buffer, 4, 32, 11, "ABC123");
        assertEquals("ABC123", FixFields.ascii(buffer, 4, 32));
        assertEquals(0, buffer.getByte(4 + 31));
        assertEquals('x', buffer.getByte(36), "nothing written past the field");
        assertThrows(IllegalArgumentException.class, () -> FixFields.putAscii(buffer, 0, 4, 11, "TOOLONG"));
        assertThrows(IllegalArgumentException.class, () -> FixFields.putAscii(buffer, 0, 8, 11, "é"));
    }

    @Test
    void shouldMapOrdStatusAndRejectReasons()
    {
        assertEquals(VenueOrderState.PARTIALLY_FILLED, FixFields.venueState('1'));
        assertEquals(VenueOrderState.EXPIRED, FixFields.venueState('C'));
        assertThrows(IllegalArgumentException.class, () -> FixFields.venueState('E'));
        assertEquals(BrokerRejectReason.DUPLICATE_CLORDID, FixFields.rejectReason(6));
        assertEquals(BrokerRejectReason.INSUFFICIENT_LIQUIDITY, FixFields.rejectReason(0));
        assertEquals(BrokerRejectReason.OTHER, FixFields.rejectReason(42));
    }
}

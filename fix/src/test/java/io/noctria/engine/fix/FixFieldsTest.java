package io.noctria.engine.fix;

import io.noctria.codecs.sbe.BrokerRejectReason;
import io.noctria.codecs.sbe.VenueOrderState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class FixFieldsTest
{
    @Test
    void shouldWriteFixedPointAsFixDecimalsAndBack()
    {
        assertEquals("1.5", FixFields.decimal(1_500_000));
        assertEquals("150", FixFields.decimal(150_000_000));
        assertEquals("0.000001", FixFields.decimal(1));
        assertEquals("0", FixFields.decimal(0));
        assertEquals(1_500_000, FixFields.fixed6(38, "1.50"));
        assertEquals(150_123_456, FixFields.fixed6(44, "150.123456"));
        assertEquals(-2_000_000, FixFields.fixed6(31, "-2"));
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

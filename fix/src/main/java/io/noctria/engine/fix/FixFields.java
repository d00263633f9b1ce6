package io.noctria.engine.fix;

import io.noctria.codecs.sbe.BrokerRejectReason;
import io.noctria.codecs.sbe.CxlRejReason;
import io.noctria.codecs.sbe.VenueOrderState;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Conversions between the engine's SBE fields and FIX field values, the gateway's (fix-venue has its own):
 * fixed-point quantities and prices (scale 10^6) as FIX decimals, NUL-padded ASCII ids as FIX strings, and the
 * enumerations both sides map (docs/fix.md, "Tag mapping"). Off the engine's business thread: these allocate.
 */
public final class FixFields
{
    /** Decimal places of the engine's fixed-point Qty and Price. */
    public static final int SCALE = 6;

    private FixFields()
    {
    }

    /** @return the fixed-point value as a FIX decimal without trailing zeros ({@code 1500000} → {@code "1.5"}). */
    public static String decimal(final long fixed6)
    {
        return BigDecimal.valueOf(fixed6, SCALE).stripTrailingZeros().toPlainString();
    }

    /**
     * @return the FIX decimal as fixed point.
     * @throws IllegalArgumentException naming tag and value when it is not a decimal, has more than six decimal
     *                                  places or does not fit a long.
     */
    public static long fixed6(final int tag, final String value)
    {
        try
        {
            return new BigDecimal(value).movePointRight(SCALE).longValueExact();
        }
        catch (final ArithmeticException | NumberFormatException | NullPointerException ex)
        {
            throw new FieldRefused(tag, value, "is not a decimal with at most " + SCALE + " places");
        }
    }

    /** @return the NUL-padded ASCII field of {@code length} bytes as text, up to its first NUL. */
    public static String ascii(final DirectBuffer buffer, final int offset, final int length)
    {
        int end = 0;
        while (end < length && buffer.getByte(offset + end) != 0)
        {
            end++;
        }
        final byte[] bytes = new byte[end];
        buffer.getBytes(offset, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /**
     * Writes {@code text} as a NUL-padded ASCII field of {@code length} bytes.
     *
     * @throws IllegalArgumentException naming the tag when the text is longer or not ASCII.
     */
    public static void putAscii(final MutableDirectBuffer buffer, final int offset, final int length, final int tag,
        final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > length || !StandardCharsets.US_ASCII.newEncoder().canEncode(text))
        {
            throw new IllegalArgumentException("tag " + tag + " = \"" + text + "\" is not ASCII of at most " + length +
                " characters");
        }
        buffer.putBytes(offset, bytes);
        buffer.setMemory(offset + bytes.length, length - bytes.length, (byte)0);
    }

    /**
     * @return a numeric FIX id (OrderID 37, ExecID 17) as a long; a venue whose ids are not decimal numbers gets a
     * stable 64-bit hash of the text instead, so equal ids still compare equal.
     */
    public static long id(final String value)
    {
        if (null == value || value.isEmpty())
        {
            return 0;
        }
        if (value.length() <= 18)
        {
            boolean digits = true;
            for (int i = 0; i < value.length() && digits; i++)
            {
                digits = Character.isDigit(value.charAt(i));
            }
            if (digits)
            {
                return Long.parseLong(value);
            }
        }
        long hash = 0x632BE59BD9B4E019L;
        for (int i = 0; i < value.length(); i++)
        {
            hash = io.noctria.engine.gateway.ClOrdIdHash.mix(hash ^ value.charAt(i));
        }
        return hash & Long.MAX_VALUE;
    }

    /** OrdStatus (39) → the venue's order state as the schema names it. */
    public static VenueOrderState venueState(final char ordStatus)
    {
        switch (ordStatus)
        {
            case 'A':
                return VenueOrderState.PENDING_NEW;
            case '0':
                return VenueOrderState.NEW;
            case '1':
                return VenueOrderState.PARTIALLY_FILLED;
            case '2':
                return VenueOrderState.FILLED;
            case '8':
                return VenueOrderState.REJECTED;
            case 'C':
                return VenueOrderState.EXPIRED;
            case '4':
                return VenueOrderState.CANCELED;
            default:
                throw new FieldRefused(39, String.valueOf(ordStatus), "(OrdStatus) has no venue state in the schema");
        }
    }

    /** OrdRejReason (103) → the schema's reject reason (docs/fix.md). */
    public static BrokerRejectReason rejectReason(final int ordRejReason)
    {
        switch (ordRejReason)
        {
            case 6:
                return BrokerRejectReason.DUPLICATE_CLORDID;
            case 11:
            case 13:
                return BrokerRejectReason.INVALID_ORDER;
            case 0:
                return BrokerRejectReason.INSUFFICIENT_LIQUIDITY;
            case 2:
                return BrokerRejectReason.MARKET_CLOSED;
            case 3:
                return BrokerRejectReason.RISK_LIMIT;
            default:
                return BrokerRejectReason.OTHER;
        }
    }

    /**
     * CxlRejReason (102) → the schema's cancel reject reason, whose values are FIX 4.4's codes: 0 TOO_LATE_TO_CANCEL,
     * 1 UNKNOWN_ORDER, 2 BROKER_OPTION, 3 ALREADY_PENDING; 99 and any other value (4 to 6 and later versions' codes)
     * → OTHER.
     */
    public static CxlRejReason cancelRejectReason(final int cxlRejReason)
    {
        return cxlRejReason >= 0 && cxlRejReason <= 3 ? CxlRejReason.get((short)cxlRejReason) : CxlRejReason.OTHER;
    }

    /** @return the field's value, or {@code absent} when the message does not carry it. */
    public static String text(final quickfix.FieldMap message, final int tag, final String absent)
    {
        try
        {
            return message.isSetField(tag) ? message.getString(tag) : absent;
        }
        catch (final quickfix.FieldNotFound ex)
        {
            return absent;
        }
    }

    /** @return the field's integer value, or {@code absent} when the message does not carry it. */
    public static int integer(final quickfix.FieldMap message, final int tag, final int absent)
    {
        final String value = text(message, tag, null);
        try
        {
            return value == null ? absent : Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new FieldRefused(tag, value, "is not an integer");
        }
    }
}

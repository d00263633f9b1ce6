package io.noctria.engine.fix.venue;

import com.paritytrading.philadelphia.FIXMessage;
import com.paritytrading.philadelphia.FIXValue;
import io.noctria.codecs.Decimals;
import org.agrona.MutableDirectBuffer;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Field conversions of the venue, on Philadelphia's {@link FIXValue}s: FIX decimals to and from the engine's fixed
 * point (scale 10^6), FIX strings into the SBE messages' NUL-padded ASCII fields, UTCTimestamp with nanoseconds.
 * Written for this side alone (the gateway's conversions are QuickFIX/J's and BigDecimal), so the two sides of a test
 * do not share code that could hide a disagreement; decimals are written in the engine's canonical form (codecs'
 * {@code Decimals}). A refused value is an {@link IllegalArgumentException} naming tag and value, which the venue
 * answers with a session Reject (3).
 */
final class FixValues
{
    /** Decimal places of the engine's fixed-point Qty and Price. */
    static final int SCALE = 6;

    private static final DateTimeFormatter UTC_TIMESTAMP =
        DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSSSSSSSS").withZone(ZoneOffset.UTC);

    private FixValues()
    {
    }

    /** @return the field's value. @throws IllegalArgumentException naming the tag when the message lacks it. */
    static FIXValue required(final FIXMessage message, final int tag)
    {
        final FIXValue value = message.valueOf(tag);
        if (value == null || value.length() == 0)
        {
            throw new IllegalArgumentException("required tag " + tag + " missing");
        }
        return value;
    }

    /**
     * @return the FIX decimal ({@code [-]digits[.digits]}) as fixed point.
     * @throws IllegalArgumentException naming tag and value when it is not a decimal, has more than six decimal
     *                                  places or does not fit a long.
     */
    static long fixed6(final int tag, final CharSequence value)
    {
        final int length = value.length();
        int at = 0;
        final boolean negative = length > 0 && value.charAt(0) == '-';
        if (negative)
        {
            at++;
        }
        long units = 0;
        int places = -1;
        int digits = 0;
        try
        {
            for (; at < length; at++)
            {
                final char c = value.charAt(at);
                if (c == '.' && places < 0)
                {
                    places = 0;
                }
                else if (c >= '0' && c <= '9' && places < SCALE)
                {
                    units = Math.addExact(Math.multiplyExact(units, 10), c - '0');
                    digits++;
                    if (places >= 0)
                    {
                        places++;
                    }
                }
                else
                {
                    throw new IllegalArgumentException(refusal(tag, value));
                }
            }
            if (digits == 0)
            {
                throw new IllegalArgumentException(refusal(tag, value));
            }
            for (int p = Math.max(places, 0); p < SCALE; p++)
            {
                units = Math.multiplyExact(units, 10);
            }
        }
        catch (final ArithmeticException ex)
        {
            throw new IllegalArgumentException(refusal(tag, value));
        }
        return negative ? -units : units;
    }

    private static String refusal(final int tag, final CharSequence value)
    {
        return "tag " + tag + " = \"" + value + "\" is not a decimal with at most " + SCALE + " places";
    }

    /**
     * Sets {@code value} to the fixed-point amount as a FIX decimal without trailing zeros (1500000 → "1.5"): the
     * engine's canonical decimal ({@link Decimals#append}), which the gateway reads with its own BigDecimal code.
     */
    static void setDecimal(final FIXValue value, final long fixed6, final StringBuilder scratch)
    {
        scratch.setLength(0);
        value.setString(Decimals.append(scratch, fixed6));
    }

    /** Sets {@code value} to epoch nanoseconds as a UTCTimestamp with nanoseconds (what FIX 4.4 allows since SP). */
    static void setTimestamp(final FIXValue value, final long epochNs)
    {
        value.setString(UTC_TIMESTAMP.format(Instant.ofEpochSecond(0, epochNs)));
    }

    /**
     * Copies the FIX string into a NUL-padded ASCII field of {@code length} bytes.
     *
     * @throws IllegalArgumentException naming tag and value when it is longer or not printable ASCII.
     */
    static void putAscii(final MutableDirectBuffer buffer, final int offset, final int length, final int tag,
        final CharSequence text)
    {
        final int size = text.length();
        if (size > length)
        {
            throw new IllegalArgumentException("tag " + tag + " = \"" + text + "\" is longer than " + length);
        }
        for (int i = 0; i < size; i++)
        {
            final char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e)
            {
                throw new IllegalArgumentException("tag " + tag + " = \"" + text + "\" is not printable ASCII");
            }
            buffer.putByte(offset + i, (byte)c);
        }
        buffer.setMemory(offset + size, length - size, (byte)0);
    }
}

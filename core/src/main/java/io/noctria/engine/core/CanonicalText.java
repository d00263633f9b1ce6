package io.noctria.engine.core;

import io.noctria.codecs.CivilDate;
import io.noctria.codecs.FixedPoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The ASCII bytes an HMAC is computed over (the idempotency key's message, the request's canonical text), encoded
 * straight into one reused array: numbers two digits at a time from a table, constants copied from pre-encoded
 * arrays, the request's minute formatted once per minute and then copied.
 * <p>
 * The bytes are a contract with producers in other languages, so this writes exactly what the general-purpose
 * {@link AsciiText} wrote before it, down to text past the capacity: it is dropped, so a text too long for the
 * capacity is cut to its first {@code capacity} bytes. Numbers and constants are written without a bounds check
 * into {@link #SLACK} spare bytes past the capacity and the length is then clamped, which keeps the same prefix.
 * Not thread-safe.
 */
final class CanonicalText
{
    /** Spare bytes past the capacity: more than the longest unchecked write (64 hex characters of a key). */
    private static final int SLACK = 72;
    private static final int MINUTE_TEXT_LENGTH = "YYYY-MM-DDTHH:MMZ".length();
    private static final long NANOS_PER_MINUTE = 60_000_000_000L;
    private static final int MINUTES_PER_DAY = 1440;
    private static final byte[] LONG_MIN = ascii("-9223372036854775808");
    private static final byte[] FIXED6_MIN = ascii("-9223372036854.775808");
    /** "00" to "99": the two ASCII digits of n at 2n and 2n + 1. */
    private static final byte[] DIGIT_PAIRS = new byte[200];
    /** 10^0 to 10^18. */
    private static final long[] POWERS_OF_TEN = new long[19];

    static
    {
        for (int n = 0; n < 100; n++)
        {
            DIGIT_PAIRS[2 * n] = (byte)('0' + n / 10);
            DIGIT_PAIRS[2 * n + 1] = (byte)('0' + n % 10);
        }
        long power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++)
        {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    private final byte[] bytes;
    private final int capacity;
    private int length;

    /** The minute last written by {@link #putFloorMinute} and its text: requests arrive minute after minute. */
    private long cachedEpochMinute = Long.MIN_VALUE;
    private final byte[] minuteText = new byte[MINUTE_TEXT_LENGTH];

    CanonicalText(final int capacity)
    {
        this.capacity = capacity;
        bytes = new byte[capacity + SLACK];
    }

    CanonicalText reset()
    {
        length = 0;
        return this;
    }

    /** Feeds the text to a digest: the only thing the text is for. */
    void hashInto(final MessageDigest digest)
    {
        digest.update(bytes, 0, length);
    }

    CanonicalText put(final char c)
    {
        if (length < capacity)
        {
            bytes[length++] = (byte)c;
        }
        return this;
    }

    /** Copies {@code count} bytes, or as many as the capacity leaves. */
    CanonicalText put(final byte[] src, final int offset, final int count)
    {
        final int n = Math.min(count, capacity - length);
        System.arraycopy(src, offset, bytes, length, n);
        length += n;
        return this;
    }

    /** Copies a pre-encoded constant. */
    CanonicalText put(final byte[] constant)
    {
        return put(constant, 0, constant.length);
    }

    /** Writes a decimal integer, '-' first when negative. */
    CanonicalText put(final long value)
    {
        if (value < 0)
        {
            if (Long.MIN_VALUE == value)
            {
                return put(LONG_MIN);
            }
            put('-');
            return putDigits(-value);
        }
        return putDigits(value);
    }

    /** Writes a fixed-point value of scale 10^6 with exactly six decimals: 1_500_000 is "1.500000". */
    CanonicalText putFixed6(final long value)
    {
        if (value < 0)
        {
            if (Long.MIN_VALUE == value)
            {
                return put(FIXED6_MIN);
            }
            put('-');
        }
        final long magnitude = Math.abs(value);
        final long units = magnitude / FixedPoint.SCALE;
        final int micros = (int)(magnitude - units * FixedPoint.SCALE);
        putDigits(units);
        final int p = length;
        bytes[p] = '.';
        putPair(p + 1, micros / 10_000);
        putPair(p + 3, micros / 100 % 100);
        putPair(p + 5, micros % 100);
        return advance(7);
    }

    /** Writes the 64 lowercase hex characters of a 32-byte key. */
    CanonicalText putHex32(final byte[] raw)
    {
        IdempotencyKeys.toHex(raw, 0, IdempotencyKeys.KEY_LENGTH, bytes, length);
        return advance(2 * IdempotencyKeys.KEY_LENGTH);
    }

    /** Writes the minute of an epoch-ns time as {@code YYYY-MM-DDTHH:MMZ}, UTC, floored. */
    CanonicalText putFloorMinute(final long tsNs)
    {
        final long epochMinute = Math.floorDiv(tsNs, NANOS_PER_MINUTE);
        if (epochMinute != cachedEpochMinute)
        {
            formatMinute(epochMinute);
            cachedEpochMinute = epochMinute;
        }
        System.arraycopy(minuteText, 0, bytes, length, MINUTE_TEXT_LENGTH);
        return advance(MINUTE_TEXT_LENGTH);
    }

    /** @return the text, one char per byte (ISO-8859-1, so even a non-ASCII byte reads back as itself). Allocates. */
    @Override
    public String toString()
    {
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    static byte[] ascii(final String constant)
    {
        return constant.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A long's epoch minute lies within ±292 years of 1970, so the year always has four digits (1677 to 2262) and
     * every field fits its width.
     */
    private void formatMinute(final long epochMinute)
    {
        final long date = CivilDate.fromEpochDay(Math.floorDiv(epochMinute, MINUTES_PER_DAY));
        final int minuteOfDay = (int)Math.floorMod(epochMinute, MINUTES_PER_DAY);
        final int year = (int)CivilDate.year(date);
        final byte[] t = minuteText;
        pair(t, 0, year / 100);
        pair(t, 2, year % 100);
        t[4] = '-';
        pair(t, 5, CivilDate.month(date));
        t[7] = '-';
        pair(t, 8, CivilDate.day(date));
        t[10] = 'T';
        pair(t, 11, minuteOfDay / 60);
        t[13] = ':';
        pair(t, 14, minuteOfDay % 60);
        t[16] = 'Z';
    }

    /** Writes the digits of a non-negative value, two at a time from the last. */
    private CanonicalText putDigits(final long value)
    {
        final int count = digitCount(value);
        long v = value;
        int p = length + count;
        while (v >= 100)
        {
            final long q = v / 100;
            p -= 2;
            putPair(p, (int)(v - q * 100));
            v = q;
        }
        if (v >= 10)
        {
            putPair(p - 2, (int)v);
        }
        else
        {
            bytes[p - 1] = (byte)('0' + v);
        }
        return advance(count);
    }

    /** @return the number of decimal digits of a non-negative value (1 for 0). */
    static int digitCount(final long value)
    {
        // bitLength × log10(2) ≈ bitLength × 1233 / 4096 is the digit count or one more than it (Hacker's Delight 11-4).
        final int estimate = ((64 - Long.numberOfLeadingZeros(value | 1)) * 1233) >>> 12;
        // value | 1 makes 0 count one digit and changes no comparison: every power of ten above 1 is even.
        return (value | 1) < POWERS_OF_TEN[estimate] ? estimate : estimate + 1;
    }

    private void putPair(final int at, final int twoDigits)
    {
        pair(bytes, at, twoDigits);
    }

    private static void pair(final byte[] dst, final int at, final int twoDigits)
    {
        dst[at] = DIGIT_PAIRS[2 * twoDigits];
        dst[at + 1] = DIGIT_PAIRS[2 * twoDigits + 1];
    }

    /** Counts bytes written past the length without a check, keeping only what the capacity holds. */
    private CanonicalText advance(final int written)
    {
        length = Math.min(length + written, capacity);
        return this;
    }
}

package io.noctria.engine.core;

import io.noctria.codecs.FixedPoint;
/**
 * A reusable ASCII text builder over a fixed byte array, for event details and alert messages:
 * formats numbers by hand so the hot path never allocates. (The HMAC inputs have their own, faster
 * encoder, {@link CanonicalText}.)
 * Text past the capacity is dropped, never thrown: a truncated alert beats a stopped engine.
 */
final class AsciiText
{
    private static final byte[] LONG_MIN = "-9223372036854775808".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final byte[] bytes;
    private final byte[] digits = new byte[20];
    private int length;

    AsciiText(final int capacity)
    {
        bytes = new byte[capacity];
    }

    AsciiText reset()
    {
        length = 0;
        return this;
    }

    byte[] bytes()
    {
        return bytes;
    }

    int length()
    {
        return length;
    }

    AsciiText append(final char c)
    {
        if (length < bytes.length)
        {
            bytes[length++] = (byte)c;
        }
        return this;
    }

    /** Appends a literal; callers pass constants, so no allocation happens. */
    AsciiText append(final CharSequence text)
    {
        for (int i = 0, n = text.length(); i < n; i++)
        {
            append(text.charAt(i));
        }
        return this;
    }

    /**
     * Appends text that came from outside (a file, a parser): printable ASCII as is, the ellipsis that marks a cut
     * as "...", anything else as '?', so a journaled message stays ASCII whatever the text held.
     */
    AsciiText appendPrintable(final CharSequence text)
    {
        for (int i = 0, n = text.length(); i < n; i++)
        {
            final char c = text.charAt(i);
            if (c == '\u2026')
            {
                append("...");
            }
            else
            {
                append(c >= 0x20 && c < 0x7F ? c : '?');
            }
        }
        return this;
    }

    /** Appends bytes up to {@code max} or the first NUL, as fixed-length SBE char fields are NUL padded. */
    AsciiText appendField(final byte[] src, final int max)
    {
        for (int i = 0; i < max && src[i] != 0; i++)
        {
            append((char)(src[i] & 0xFF));
        }
        return this;
    }

    AsciiText appendBytes(final byte[] src, final int offset, final int count)
    {
        final int n = Math.min(count, bytes.length - length);
        System.arraycopy(src, offset, bytes, length, n);
        length += n;
        return this;
    }

    AsciiText append(final long value)
    {
        if (Long.MIN_VALUE == value)
        {
            return appendBytes(LONG_MIN, 0, LONG_MIN.length);
        }
        long v = value;
        if (v < 0)
        {
            append('-');
            v = -v;
        }
        int n = 0;
        do
        {
            digits[n++] = (byte)('0' + v % 10);
            v /= 10;
        }
        while (v > 0);
        while (n > 0)
        {
            append((char)digits[--n]);
        }
        return this;
    }

    /** Appends {@code value} with exactly {@code width} digits, zero padded (value ≥ 0). */
    AsciiText appendPadded(final long value, final int width)
    {
        long v = value;
        for (int i = width - 1; i >= 0; i--)
        {
            digits[i] = (byte)('0' + v % 10);
            v /= 10;
        }
        for (int i = 0; i < width; i++)
        {
            append((char)digits[i]);
        }
        return this;
    }

    /** Appends a fixed-point long of scale 10^6 with exactly six decimals: 1_500_000 → "1.500000". */
    AsciiText appendFixed6(final long value)
    {
        if (Long.MIN_VALUE == value)
        {
            return append("-9223372036854.775808");
        }
        final long abs = Math.abs(value);
        if (value < 0)
        {
            append('-');
        }
        append(abs / FixedPoint.SCALE).append('.');
        return appendPadded(abs % FixedPoint.SCALE, 6);
    }

    @Override
    public String toString()
    {
        return new String(bytes, 0, length, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * @return {@code value}'s ASCII bytes in a new array of {@code length}, NUL padded (cut when longer): the
     * form of the schema's fixed-length char fields. Allocates: for constants and tests, not the hot path.
     */
    static byte[] nulPadded(final String value, final int length)
    {
        final byte[] padded = new byte[length];
        final byte[] ascii = value.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, padded, 0, Math.min(ascii.length, length));
        return padded;
    }
}

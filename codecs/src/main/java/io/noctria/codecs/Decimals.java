package io.noctria.codecs;

/**
 * Fixed-point decimals of the wire contract: a {@code long} holding the value times 10^6.
 * <p>
 * This is the scale of every field whose semanticType is {@code Qty}, {@code Price} or {@code Notional}
 * (1.5 units = 1_500_000) and of {@code Ppm}, parts per million, which read as a ratio on the same scale
 * (50_000 ppm = 0.05). Conversion is exact in both directions: no {@code double} is ever involved, so a
 * value printed by a tool and typed back into the CLI is the same {@code long}.
 * <p>
 * {@link #parse} is for input off the hot path (CLI, JSON, configuration) and throws on bad text;
 * the {@code append*} methods do not allocate and may be used anywhere.
 */
public final class Decimals
{
    /** Number of decimal places of the fixed-point scale. */
    public static final int SCALE_DIGITS = 6;

    /** The fixed-point scale: the {@code long} for 1.0. */
    public static final long SCALE = 1_000_000L;

    private Decimals()
    {
    }

    /**
     * Parses an exact decimal such as {@code 1500}, {@code -0.000001} or {@code 150.25} into fixed point.
     * <p>
     * Accepted: an optional sign ({@code -} or {@code +}), one or more digits, then optionally a point and
     * one to {@value #SCALE_DIGITS} digits. Whether a sign is allowed for a given field is the caller's
     * decision. Rejected, naming the input: empty text, more than {@value #SCALE_DIGITS} decimal places
     * (even trailing zeros, so no input is silently rounded), exponent forms ({@code 1e3}), a point without
     * digits on both sides, any other character, and values outside the {@code long} range.
     *
     * @param text the decimal text.
     * @return the value times 10^6.
     * @throws IllegalArgumentException when the text is not an exact decimal that fits.
     */
    public static long parse(final CharSequence text)
    {
        if (text == null)
        {
            throw new IllegalArgumentException("decimal is null");
        }
        final int length = text.length();
        if (length == 0)
        {
            throw invalid(text, "empty");
        }

        int i = 0;
        boolean negative = false;
        final char first = text.charAt(0);
        if (first == '-' || first == '+')
        {
            negative = first == '-';
            i = 1;
        }

        // Accumulate towards negative: the negative range is one larger, so Long.MIN_VALUE parses.
        long accumulator = 0;
        int integerDigits = 0;
        int fractionDigits = 0;
        boolean point = false;
        for (; i < length; i++)
        {
            final char c = text.charAt(i);
            if (c >= '0' && c <= '9')
            {
                if (point)
                {
                    if (++fractionDigits > SCALE_DIGITS)
                    {
                        throw invalid(text, "more than " + SCALE_DIGITS + " decimal places");
                    }
                }
                else
                {
                    integerDigits++;
                }
                accumulator = accumulate(text, accumulator, c - '0');
            }
            else if (c == '.' && !point)
            {
                if (integerDigits == 0)
                {
                    throw invalid(text, "no digit before the decimal point");
                }
                point = true;
            }
            else if (c == 'e' || c == 'E')
            {
                throw invalid(text, "exponent form is not allowed; write the plain decimal");
            }
            else
            {
                throw invalid(text, "unexpected character '" + c + "' at position " + i);
            }
        }
        if (integerDigits == 0)
        {
            throw invalid(text, "no digits");
        }
        if (point && fractionDigits == 0)
        {
            throw invalid(text, "no digit after the decimal point");
        }
        for (int scale = fractionDigits; scale < SCALE_DIGITS; scale++)
        {
            accumulator = accumulate(text, accumulator, 0);
        }
        if (negative)
        {
            return accumulator;
        }
        if (accumulator == Long.MIN_VALUE)
        {
            throw outOfRange(text);
        }
        return -accumulator;
    }

    /**
     * Appends the canonical decimal: the shortest exact text, no exponent, no trailing zeros, no point for
     * whole numbers ({@code 1500000000 -> 1500}, {@code 1500500000 -> 1500.5}, {@code -1 -> -0.000001}).
     * Allocation-free.
     *
     * @param out   where to append.
     * @param value fixed-point value (times 10^6).
     * @return {@code out}.
     */
    public static StringBuilder append(final StringBuilder out, final long value)
    {
        long fraction = appendIntegerPart(out, value);
        if (fraction != 0)
        {
            int digits = SCALE_DIGITS;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }
            out.append('.');
            appendPadded(out, fraction, digits);
        }
        return out;
    }

    /**
     * Appends the sign and the integer part, the same for both forms.
     *
     * @return the magnitude of the fraction, 0 to 10^6 - 1.
     */
    private static long appendIntegerPart(final StringBuilder out, final long value)
    {
        final long integerPart = value / SCALE;
        final long fraction = value % SCALE;
        if (value < 0)
        {
            // Negating the integer part is safe: |Long.MIN_VALUE / 10^6| fits a long.
            out.append('-').append(-integerPart);
            return -fraction;
        }
        out.append(integerPart);
        return fraction;
    }

    /**
     * @param value fixed-point value (times 10^6).
     * @return the canonical decimal text, see {@link #append(StringBuilder, long)}.
     */
    public static String format(final long value)
    {
        return append(new StringBuilder(24), value).toString();
    }

    /**
     * Appends the decimal with exactly {@value #SCALE_DIGITS} decimal places ({@code 1500000000 -> 1500.000000},
     * {@code -1 -> -0.000001}). This is the {@code qty_6dp} form hashed into the idempotency key, so its
     * output must never change. Allocation-free.
     *
     * @param out   where to append.
     * @param value fixed-point value (times 10^6).
     * @return {@code out}.
     */
    public static StringBuilder appendFixed6(final StringBuilder out, final long value)
    {
        final long fraction = appendIntegerPart(out, value);
        out.append('.');
        appendPadded(out, fraction, SCALE_DIGITS);
        return out;
    }

    /**
     * @param value fixed-point value (times 10^6).
     * @return the decimal with exactly six decimal places, see {@link #appendFixed6(StringBuilder, long)}.
     */
    public static String formatFixed6(final long value)
    {
        return appendFixed6(new StringBuilder(28), value).toString();
    }

    private static long accumulate(final CharSequence text, final long accumulator, final int digit)
    {
        if (accumulator < Long.MIN_VALUE / 10)
        {
            throw outOfRange(text);
        }
        final long shifted = accumulator * 10;
        if (shifted < Long.MIN_VALUE + digit)
        {
            throw outOfRange(text);
        }
        return shifted - digit;
    }

    private static void appendPadded(final StringBuilder out, final long fraction, final int width)
    {
        int digits = 1;
        for (long rest = fraction / 10; rest != 0; rest /= 10)
        {
            digits++;
        }
        for (int i = digits; i < width; i++)
        {
            out.append('0');
        }
        out.append(fraction);
    }

    private static IllegalArgumentException outOfRange(final CharSequence text)
    {
        return invalid(text, "out of range of a fixed-point long (" + format(Long.MIN_VALUE) + " to " +
            format(Long.MAX_VALUE) + ")");
    }

    private static IllegalArgumentException invalid(final CharSequence text, final String reason)
    {
        return new IllegalArgumentException("invalid decimal \"" + text + "\": " + reason +
            " (expected e.g. 1500, 150.25 or -0.000001; at most " + SCALE_DIGITS + " decimal places)");
    }
}

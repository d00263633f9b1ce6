package io.noctria.replay;

import io.noctria.codecs.Decimals;
import io.noctria.codecs.MessageFormatter;
import io.noctria.codecs.MessageTimes;

/**
 * A small JSON writer for the report files whose output is fixed by its calls alone: keys in call order,
 * integers as they are, fixed-point decimals through {@link Decimals} (never a {@code double}), one
 * indentation style, {@code \n} line ends. Compact for one-line records, pretty (two spaces) for kpis.json.
 */
final class JsonWriter
{
    private static final long NANOS_PER_MICRO = 1_000L;

    private static final int MAX_DEPTH = 16;

    private final StringBuilder out;
    private final boolean pretty;
    private final boolean[] hasMembers = new boolean[MAX_DEPTH];
    private int depth;
    private boolean afterName;

    JsonWriter(final StringBuilder out, final boolean pretty)
    {
        this.out = out;
        this.pretty = pretty;
    }

    JsonWriter beginObject()
    {
        beforeValue();
        out.append('{');
        push();
        return this;
    }

    JsonWriter endObject()
    {
        return pop('}');
    }

    JsonWriter beginArray()
    {
        beforeValue();
        out.append('[');
        push();
        return this;
    }

    JsonWriter endArray()
    {
        return pop(']');
    }

    JsonWriter name(final String name)
    {
        separator();
        MessageFormatter.appendJsonString(out, name);
        out.append(pretty ? ": " : ":");
        afterName = true;
        return this;
    }

    JsonWriter value(final long value)
    {
        beforeValue();
        out.append(value);
        return this;
    }

    /** A string, or {@code null}. */
    JsonWriter value(final CharSequence value)
    {
        beforeValue();
        MessageFormatter.appendJsonString(out, value);
        return this;
    }

    /** An integer, or null when it equals {@code absent}. */
    JsonWriter value(final long value, final long absent)
    {
        return value == absent ? nullValue() : value(value);
    }

    JsonWriter nullValue()
    {
        beforeValue();
        out.append("null");
        return this;
    }

    /** A fixed-point value of scale 10^6 as an exact decimal number ({@code 150.25}, {@code 3}). */
    JsonWriter decimal(final long value)
    {
        beforeValue();
        Decimals.append(out, value);
        return this;
    }

    /** {@link #decimal(long)}, or null when the value equals {@code absent}. */
    JsonWriter decimal(final long value, final long absent)
    {
        return value == absent ? nullValue() : decimal(value);
    }

    /** Nanoseconds as an exact number of microseconds ({@code 12.5}, {@code 3}, {@code 0.001}). */
    JsonWriter micros(final long nanos)
    {
        beforeValue();
        appendMicros(out, nanos);
        return this;
    }

    /** {@link #micros(long)}, or null when the value equals {@code absent}. */
    JsonWriter micros(final long nanos, final long absent)
    {
        return nanos == absent ? nullValue() : micros(nanos);
    }

    /** Epoch nanoseconds as an ISO-8601 UTC string with nine fraction digits. */
    JsonWriter utc(final long epochNs)
    {
        beforeValue();
        out.append('"');
        MessageTimes.appendIso8601Utc(out, epochNs);
        out.append('"');
        return this;
    }

    /** {@link #utc(long)}, or null when the value equals {@code absent}. */
    JsonWriter utc(final long epochNs, final long absent)
    {
        return epochNs == absent ? nullValue() : utc(epochNs);
    }

    JsonWriter field(final String name, final long value)
    {
        return name(name).value(value);
    }

    JsonWriter field(final String name, final CharSequence value)
    {
        return name(name).value(value);
    }

    private void beforeValue()
    {
        if (afterName)
        {
            afterName = false;
            return;
        }
        separator();
    }

    private void separator()
    {
        if (depth == 0)
        {
            return;
        }
        if (hasMembers[depth])
        {
            out.append(',');
        }
        hasMembers[depth] = true;
        newline(depth);
    }

    private void push()
    {
        if (++depth == MAX_DEPTH)
        {
            throw new IllegalStateException("JSON nested deeper than " + (MAX_DEPTH - 1));
        }
        hasMembers[depth] = false;
    }

    private JsonWriter pop(final char close)
    {
        final boolean members = hasMembers[depth];
        depth--;
        if (members)
        {
            newline(depth);
        }
        out.append(close);
        return this;
    }

    private void newline(final int indent)
    {
        if (pretty)
        {
            out.append('\n');
            for (int i = 0; i < indent; i++)
            {
                out.append("  ");
            }
        }
    }

    /**
     * Appends nanoseconds as microseconds, exactly: up to three decimals, no trailing zeros, no exponent
     * ({@code 12_500 -> 12.5}, {@code 3_000 -> 3}, {@code 1 -> 0.001}, {@code -1_500 -> -1.5}).
     */
    static StringBuilder appendMicros(final StringBuilder out, final long nanos)
    {
        final long integerPart = nanos / NANOS_PER_MICRO;
        long fraction = Math.abs(nanos % NANOS_PER_MICRO);
        if (nanos < 0 && integerPart == 0)
        {
            out.append('-');
        }
        out.append(integerPart);
        if (fraction != 0)
        {
            int digits = 3;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }
            out.append('.');
            if (digits == 3 && fraction < 100)
            {
                out.append(fraction < 10 ? "00" : "0");
            }
            else if (digits == 2 && fraction < 10)
            {
                out.append('0');
            }
            out.append(fraction);
        }
        return out;
    }
}

package io.noctria.codecs;

import org.agrona.DirectBuffer;

/**
 * The escaping rules the tools' two output forms share: JSON string literals, the text form's rule for when a
 * value must be quoted, and lowercase hex for raw bytes. Kept apart from {@link MessageFormatter} because the
 * rules are about text, not about the schema; allocation-free.
 */
final class JsonText
{
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private JsonText()
    {
    }

    /** See {@link MessageFormatter#appendJsonString(StringBuilder, CharSequence)}. */
    static void appendJsonString(final StringBuilder out, final CharSequence value)
    {
        if (value == null)
        {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0, n = value.length(); i < n; i++)
        {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (isControl(c))
            {
                out.append("\\u00").append(HEX_DIGITS[c >> 4]).append(HEX_DIGITS[c & 0xF]);
            }
            else
            {
                out.append(c);
            }
        }
        out.append('"');
    }

    /** Text values that would not split back into one name=value pair are quoted. */
    static boolean needsQuotes(final CharSequence value)
    {
        final int length = value.length();
        if (length == 0)
        {
            return true;
        }
        for (int i = 0; i < length; i++)
        {
            final char c = value.charAt(i);
            if (c <= ' ' || c == '"' || c == '\\' || c == '=' || isControl(c))
            {
                return true;
            }
        }
        return false;
    }

    /** Appends {@code length} bytes from {@code index} as lowercase hex, two digits a byte. */
    static void appendHex(final StringBuilder out, final DirectBuffer buffer, final int index, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            final int b = buffer.getByte(index + i) & 0xFF;
            out.append(HEX_DIGITS[b >> 4]).append(HEX_DIGITS[b & 0xF]);
        }
    }

    private static boolean isControl(final char c)
    {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }
}

package io.noctria.codecs;

import org.agrona.DirectBuffer;
import uk.co.real_logic.sbe.PrimitiveType;
import uk.co.real_logic.sbe.ir.Encoding;
import uk.co.real_logic.sbe.ir.Signal;
import uk.co.real_logic.sbe.ir.Token;
import uk.co.real_logic.sbe.otf.AbstractTokenListener;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Receives the OTF decoder's callbacks for one message and appends every field as {@code "name":value} (JSON) or
 * {@code name=value} (text), by the rules {@link MessageFormatter} documents. Split from the formatter because
 * rendering one value is a concern of its own (semantic types, versions, escaping); the formatter owns validation,
 * the record's frame and error handling. Not thread-safe: one per formatter and form.
 */
final class FieldRenderer extends AbstractTokenListener
{
    final boolean json;
    private final StringBuilder chars = new StringBuilder(64);
    private byte[] scratch = new byte[256];
    private StringBuilder out;
    private int actingVersion;
    private boolean separator;

    /** @param json true for JSON pairs, false for the text form. */
    FieldRenderer(final boolean json)
    {
        this.json = json;
    }

    /** Starts a message: its fields go to {@code out}, the first one after a separator when so asked. */
    void reset(final StringBuilder out, final int actingVersion, final boolean leadingSeparator)
    {
        this.out = out;
        this.actingVersion = actingVersion;
        this.separator = leadingSeparator;
    }

    /** Appends the separator and the field's name. */
    void beginField(final String name)
    {
        // Names come from the schema, which SBE restricts to identifiers: nothing to escape.
        if (separator)
        {
            out.append(json ? ',' : ' ');
        }
        if (json)
        {
            out.append('"').append(name).append("\":");
        }
        else
        {
            out.append(name).append('=');
        }
        separator = true;
    }

    /**
     * Begins the field and, when it was added after the version that wrote this message, writes {@code null}:
     * the bytes at its offset are not it.
     *
     * @return true when the field's value is present and is still to be written.
     */
    private boolean beginPresentField(final Token fieldToken, final int actingVersion)
    {
        beginField(fieldToken.name());
        if (fieldToken.version() > actingVersion)
        {
            out.append("null");
            return false;
        }
        return true;
    }

    @Override
    public void onEncoding(
        final Token fieldToken,
        final DirectBuffer buffer,
        final int index,
        final Token typeToken,
        final int actingVersion)
    {
        if (!beginPresentField(fieldToken, actingVersion))
        {
            return;
        }
        final Encoding encoding = typeToken.encoding();
        final PrimitiveType primitive = encoding.primitiveType();
        if (primitive == PrimitiveType.CHAR)
        {
            chars.setLength(0);
            for (int i = 0, n = typeToken.arrayLength(); i < n; i++)
            {
                final byte b = buffer.getByte(index + i);
                if (b == 0)
                {
                    break;
                }
                // Fixed char fields are US-ASCII: show a stray high byte as a replacement, as a decoder would.
                chars.append(b > 0 ? (char)b : '\uFFFD');
            }
            appendString(chars);
            return;
        }
        if (typeToken.arrayLength() > 1)
        {
            appendQuotedHex(buffer, index, typeToken.arrayLength());
            return;
        }

        final long value = readLong(buffer, index, encoding);
        if (encoding.presence() == Encoding.Presence.OPTIONAL && value == encoding.applicableNullValue().longValue())
        {
            out.append("null");
            return;
        }
        switch (semanticType(fieldToken, typeToken))
        {
            case "Qty":
            case "Price":
            case "Notional":
            case "Ppm":
                Decimals.append(out, value);
                break;
            case "EpochNanos":
                if (json)
                {
                    out.append(value);
                }
                else
                {
                    MessageTimes.appendIso8601Utc(out, value);
                }
                break;
            default:
                if (primitive == PrimitiveType.UINT64)
                {
                    out.append(Long.toUnsignedString(value));
                }
                else
                {
                    out.append(value);
                }
        }
    }

    @Override
    public void onEnum(
        final Token fieldToken,
        final DirectBuffer buffer,
        final int index,
        final List<Token> tokens,
        final int fromIndex,
        final int toIndex,
        final int actingVersion)
    {
        if (!beginPresentField(fieldToken, actingVersion))
        {
            return;
        }
        final long value = readLong(buffer, index, tokens.get(fromIndex).encoding());
        String name = null;
        for (int i = fromIndex + 1; i < toIndex; i++)
        {
            final Token validValue = tokens.get(i);
            if (validValue.signal() == Signal.VALID_VALUE && validValue.encoding().constValue().longValue() == value)
            {
                name = validValue.name();
                break;
            }
        }
        quoteInJson();
        if (name != null)
        {
            out.append(name);
        }
        else
        {
            out.append("UNKNOWN(").append(value).append(')');
        }
        quoteInJson();
    }

    @Override
    public void onVarData(
        final Token fieldToken,
        final DirectBuffer buffer,
        final int index,
        final int length,
        final Token typeToken)
    {
        // The listener is not given the acting version here: it is the message's, kept by reset.
        if (!beginPresentField(fieldToken, actingVersion))
        {
            return;
        }
        final String characterEncoding = typeToken.encoding().characterEncoding();
        if (characterEncoding == null)
        {
            // Raw bytes: hex, like a uint8 array.
            appendQuotedHex(buffer, index, length);
            return;
        }
        if (scratch.length < length)
        {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        buffer.getBytes(index, scratch, 0, length);
        // Malformed input is replaced (U+FFFD) by String's decoder rather than failing the record.
        appendString(new String(scratch, 0, length, charset(characterEncoding)));
    }

    private void appendQuotedHex(final DirectBuffer buffer, final int index, final int length)
    {
        quoteInJson();
        JsonText.appendHex(out, buffer, index, length);
        quoteInJson();
    }

    private void quoteInJson()
    {
        if (json)
        {
            out.append('"');
        }
    }

    private void appendString(final CharSequence value)
    {
        if (json || JsonText.needsQuotes(value))
        {
            JsonText.appendJsonString(out, value);
        }
        else
        {
            out.append(value);
        }
    }

    private static long readLong(final DirectBuffer buffer, final int index, final Encoding encoding)
    {
        switch (encoding.primitiveType())
        {
            case CHAR:
            case INT8: return buffer.getByte(index);
            case UINT8: return buffer.getByte(index) & 0xFFL;
            case INT16: return buffer.getShort(index, encoding.byteOrder());
            case UINT16: return buffer.getShort(index, encoding.byteOrder()) & 0xFFFFL;
            case INT32: return buffer.getInt(index, encoding.byteOrder());
            case UINT32: return buffer.getInt(index, encoding.byteOrder()) & 0xFFFF_FFFFL;
            case INT64:
            case UINT64: return buffer.getLong(index, encoding.byteOrder());
            default: throw new IllegalStateException("not an integer encoding: " + encoding.primitiveType());
        }
    }

    private static String semanticType(final Token fieldToken, final Token typeToken)
    {
        final String typeSemantic = typeToken.encoding().semanticType();
        if (typeSemantic != null)
        {
            return typeSemantic;
        }
        final String fieldSemantic = fieldToken.encoding().semanticType();
        return fieldSemantic != null ? fieldSemantic : "";
    }

    private static Charset charset(final String characterEncoding)
    {
        switch (characterEncoding)
        {
            case "UTF-8": return StandardCharsets.UTF_8;
            case "US-ASCII":
            case "ASCII": return StandardCharsets.US_ASCII;
            default: return Charset.forName(characterEncoding);
        }
    }
}

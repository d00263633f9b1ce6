package io.noctria.codecs;

import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import uk.co.real_logic.sbe.PrimitiveType;
import uk.co.real_logic.sbe.ir.Encoding;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.Signal;
import uk.co.real_logic.sbe.ir.Token;
import uk.co.real_logic.sbe.otf.AbstractTokenListener;
import uk.co.real_logic.sbe.otf.OtfHeaderDecoder;
import uk.co.real_logic.sbe.otf.OtfMessageDecoder;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders any message of the schema as one line of text or one JSON object, for tools (tail, replay
 * reports), driven by the SBE IR so that the schema is the only definition of field names and order.
 * <p>
 * Values are rendered by the field's semanticType:
 * <ul>
 *   <li>{@code Qty}, {@code Price}, {@code Notional}: exact decimal ({@link Decimals}), a JSON number;</li>
 *   <li>{@code Ppm}: the ratio as an exact decimal (50_000 ppm is {@code 0.05});</li>
 *   <li>{@code EpochNanos}: JSON the integer nanoseconds, text ISO-8601 UTC with nine fraction digits;</li>
 *   <li>{@code uint8} arrays ({@code Hash32}): lowercase hex; fixed {@code char} arrays: the text up to the
 *       first NUL; enums: the value's name, or {@code UNKNOWN(n)}; var data: the decoded text;</li>
 *   <li>other integers as they are; a field newer than the message's version: {@code null}.</li>
 * </ul>
 * In text, a string that is empty or holds a space, a quote, a backslash, {@code =} or a non-printable character
 * is written as a quoted JSON string so that a line still splits unambiguously into {@code name=value} pairs.
 * <p>
 * Each message is decoded with its header's acting block length and version, so older messages decode
 * (newer fields show as {@code null}) and newer ones too: their known fields are shown and the output says
 * the message is newer ({@code "schemaVersion":N} in JSON, {@code (v N: newer fields not shown)} in text).
 * Bytes that do not pass {@link MessageValidator} are rendered as an invalid record, never skipped.
 * <p>
 * Not for the hot path, but allocation is kept to strings of var data. Not thread-safe: one instance per
 * thread.
 */
public final class MessageFormatter
{
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private final int schemaVersion;
    private final OtfHeaderDecoder headerDecoder;
    private final Int2ObjectHashMap<List<Token>> messagesByTemplateId = new Int2ObjectHashMap<>();
    private final MessageValidator validator = new MessageValidator();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final FieldRenderer jsonRenderer = new FieldRenderer(true);
    private final FieldRenderer textRenderer = new FieldRenderer(false);
    private final StringBuilder chars = new StringBuilder(64);
    private byte[] scratch = new byte[256];
    private RecordError error;
    private String detail = "";

    /**
     * Loads this build's schema IR from the classpath, once per instance.
     *
     * @throws IllegalStateException when the IR resource is missing or uses a schema feature this formatter
     * does not render.
     */
    public MessageFormatter()
    {
        this(SchemaResources.loadIr());
    }

    /** For tests: a formatter for another version of the schema. */
    MessageFormatter(final Ir ir)
    {
        schemaVersion = ir.version();
        headerDecoder = new OtfHeaderDecoder(ir.headerStructure());
        for (final List<Token> tokens : ir.messages())
        {
            checkSupported(tokens);
            messagesByTemplateId.put(tokens.get(0).id(), tokens);
        }
    }

    /**
     * Appends {@code {"index":12,"type":"OrderSent",<every field by schema name>}}, or for bytes that are not a
     * valid message {@code {"index":5,"type":"Invalid","error":"TRUNCATED","detail":"..."}}.
     *
     * @param index  the record's position (journal index), written first.
     * @param buffer holding the message.
     * @param offset of the message header in the buffer.
     * @param length of the message bytes.
     * @param out    where to append; nothing else is written (no newline).
     */
    public void appendJson(
        final long index, final DirectBuffer buffer, final int offset, final int length, final StringBuilder out)
    {
        final int start = out.length();
        final List<Token> tokens = validate(buffer, offset, length);
        if (tokens == null)
        {
            appendInvalidJson(index, error, detail, out);
            return;
        }
        out.append("{\"index\":").append(index).append(",\"type\":");
        appendJsonString(out, tokens.get(0).name());
        if (!decodeFields(tokens, jsonRenderer, true, out, start))
        {
            appendInvalidJson(index, error, detail, out);
            return;
        }
        out.append('}');
    }

    /**
     * Appends only the {@code "field":value} pairs of a message, comma-separated, without braces, index or type
     * (for writers that add their own keys first). A message of a newer schema version starts with
     * {@code "schemaVersion":N}. Bytes that are not a valid message give {@code "error":"...","detail":"..."}.
     *
     * @param buffer holding the message.
     * @param offset of the message header in the buffer.
     * @param length of the message bytes.
     * @param out    where to append.
     */
    public void appendJsonFields(final DirectBuffer buffer, final int offset, final int length, final StringBuilder out)
    {
        final int start = out.length();
        final List<Token> tokens = validate(buffer, offset, length);
        if (tokens == null)
        {
            appendErrorPairs(error, detail, out);
            return;
        }
        if (!decodeFields(tokens, jsonRenderer, false, out, start))
        {
            appendErrorPairs(error, detail, out);
        }
    }

    /**
     * Appends {@code 12 2026-11-22T04:20:03.123456789Z OrderSent tsNs=... qty=1000 ...}: the index, the message
     * time ({@link MessageTimes}) in UTC, the type, then every field as {@code name=value} in schema order; for
     * bytes that are not a valid message {@code 5 INVALID TRUNCATED: <detail>}.
     *
     * @param index  the record's position (journal index), written first.
     * @param buffer holding the message.
     * @param offset of the message header in the buffer.
     * @param length of the message bytes.
     * @param out    where to append; nothing else is written (no newline).
     */
    public void appendText(
        final long index, final DirectBuffer buffer, final int offset, final int length, final StringBuilder out)
    {
        final int start = out.length();
        final List<Token> tokens = validate(buffer, offset, length);
        if (tokens == null)
        {
            appendInvalidText(index, error, detail, out);
            return;
        }
        out.append(index).append(' ');
        final long timeNs = MessageTimes.timeOf(buffer, offset, length);
        if (timeNs == MessageTimes.UNKNOWN)
        {
            out.append('-');
        }
        else
        {
            MessageTimes.appendIso8601Utc(out, timeNs);
        }
        out.append(' ').append(tokens.get(0).name());
        if (!decodeFields(tokens, textRenderer, true, out, start))
        {
            appendInvalidText(index, error, detail, out);
        }
    }

    /**
     * Appends {@code {"index":5,"type":"Invalid","error":"TRUNCATED","detail":"..."}}.
     *
     * @param index  the record's position.
     * @param error  why it could not be read.
     * @param detail a description naming the offending values.
     * @param out    where to append.
     */
    public static void appendInvalidJson(
        final long index, final RecordError error, final String detail, final StringBuilder out)
    {
        out.append("{\"index\":").append(index).append(",\"type\":\"Invalid\",");
        appendErrorPairs(error, detail, out);
        out.append('}');
    }

    /**
     * Appends {@code 5 INVALID TRUNCATED: <detail>}.
     *
     * @param index  the record's position.
     * @param error  why it could not be read.
     * @param detail a description naming the offending values.
     * @param out    where to append.
     */
    public static void appendInvalidText(
        final long index, final RecordError error, final String detail, final StringBuilder out)
    {
        out.append(index).append(" INVALID ").append(error).append(": ").append(detail);
    }

    /**
     * Appends a JSON string literal: quotes, escaped quote and backslash, and {@code \}{@code uXXXX} for control
     * characters (C0, DEL and C1), so the output is one line whatever the text holds.
     *
     * @param out   where to append.
     * @param value the text; {@code null} appends the literal {@code null}.
     */
    public static void appendJsonString(final StringBuilder out, final CharSequence value)
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

    /**
     * @return the message's tokens when the bytes are a valid message of this IR, else null with
     * {@link #error} and {@link #detail} set.
     */
    private List<Token> validate(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!validator.validate(buffer, offset, length))
        {
            error = validator.error();
            detail = validator.detail();
            return null;
        }
        view.wrap(buffer, offset, length);
        final int templateId = headerDecoder.getTemplateId(view, 0);
        final List<Token> tokens = messagesByTemplateId.get(templateId);
        if (tokens == null)
        {
            // Only reachable with an IR other than this build's: the validator knows the compiled schema.
            error = RecordError.UNKNOWN_TEMPLATE;
            detail = "template id " + templateId + " is not in schema version " + schemaVersion;
        }
        return tokens;
    }

    /**
     * Decodes the wrapped message through a renderer. On a decoding fault (which validation should have
     * prevented) the output is cut back to {@code start} and false returned, so no half record is left behind.
     */
    private boolean decodeFields(
        final List<Token> tokens, final FieldRenderer renderer, final boolean leadingSeparator,
        final StringBuilder out, final int start)
    {
        final int blockLength = headerDecoder.getBlockLength(view, 0);
        final int actingVersion = headerDecoder.getSchemaVersion(view, 0);
        final boolean newer = actingVersion > schemaVersion;
        renderer.reset(out, actingVersion, leadingSeparator);
        if (newer && renderer.json)
        {
            renderer.beginField("schemaVersion");
            out.append(actingVersion);
        }
        try
        {
            OtfMessageDecoder.decode(view, headerDecoder.encodedLength(), actingVersion, blockLength, tokens, renderer);
        }
        catch (final IndexOutOfBoundsException ex)
        {
            out.setLength(start);
            error = RecordError.MALFORMED;
            detail = tokens.get(0).name() + " does not decode against schema version " + schemaVersion +
                ": " + ex.getMessage();
            return false;
        }
        if (newer && !renderer.json)
        {
            out.append(" (v ").append(actingVersion).append(": newer fields not shown)");
        }
        return true;
    }

    private static void appendErrorPairs(final RecordError error, final String detail, final StringBuilder out)
    {
        out.append("\"error\":\"").append(error).append("\",\"detail\":");
        appendJsonString(out, detail);
    }

    private static boolean isControl(final char c)
    {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    /** Text values that would not split back into one name=value pair are quoted. */
    private static boolean needsQuotes(final CharSequence value)
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

    /**
     * Fails fast, at start-up, on a schema construct this formatter does not render, rather than printing
     * it wrongly later. The v1 schema uses none of them; adding one to the schema means extending this class.
     */
    private static void checkSupported(final List<Token> tokens)
    {
        final String message = tokens.get(0).name();
        for (int i = 0, n = tokens.size(); i < n; i++)
        {
            final Token token = tokens.get(i);
            if (token.signal() == Signal.BEGIN_GROUP)
            {
                throw unsupported(message, token.name(), "repeating group");
            }
            if (token.signal() != Signal.BEGIN_FIELD)
            {
                continue;
            }
            final Token type = tokens.get(i + 1);
            if (type.signal() == Signal.BEGIN_ENUM)
            {
                continue;
            }
            if (type.signal() != Signal.ENCODING)
            {
                throw unsupported(message, token.name(), type.signal() + " type " + type.name());
            }
            final Encoding encoding = type.encoding();
            final PrimitiveType primitive = encoding.primitiveType();
            if (encoding.presence() == Encoding.Presence.CONSTANT)
            {
                throw unsupported(message, token.name(), "constant field");
            }
            if (primitive == PrimitiveType.FLOAT || primitive == PrimitiveType.DOUBLE)
            {
                throw unsupported(message, token.name(), "floating point " + primitive);
            }
            if (type.arrayLength() > 1 && primitive != PrimitiveType.CHAR && primitive != PrimitiveType.UINT8)
            {
                throw unsupported(message, token.name(), "array of " + primitive);
            }
        }
    }

    private static IllegalStateException unsupported(final String message, final String field, final String what)
    {
        return new IllegalStateException("MessageFormatter cannot render " + message + "." + field + ": " + what +
            " is not supported; extend MessageFormatter before adding it to the schema");
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

    /** Receives the decoder's callbacks and appends {@code "name":value} (JSON) or {@code name=value} (text). */
    private final class FieldRenderer extends AbstractTokenListener
    {
        private final boolean json;
        private StringBuilder out;
        private int actingVersion;
        private boolean separator;

        FieldRenderer(final boolean json)
        {
            this.json = json;
        }

        void reset(final StringBuilder out, final int actingVersion, final boolean leadingSeparator)
        {
            this.out = out;
            this.actingVersion = actingVersion;
            this.separator = leadingSeparator;
        }

        void beginField(final String name)
        {
            // Names come from the schema, which SBE restricts to identifiers: nothing to escape.
            if (json)
            {
                if (separator)
                {
                    out.append(',');
                }
                out.append('"').append(name).append("\":");
            }
            else
            {
                if (separator)
                {
                    out.append(' ');
                }
                out.append(name).append('=');
            }
            separator = true;
        }

        @Override
        public void onEncoding(
            final Token fieldToken,
            final DirectBuffer buffer,
            final int index,
            final Token typeToken,
            final int actingVersion)
        {
            beginField(fieldToken.name());
            if (fieldToken.version() > actingVersion)
            {
                // Added after the version that wrote this message: the bytes at its offset are not it.
                out.append("null");
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
                if (json)
                {
                    out.append('"');
                }
                for (int i = 0, n = typeToken.arrayLength(); i < n; i++)
                {
                    final int b = buffer.getByte(index + i) & 0xFF;
                    out.append(HEX_DIGITS[b >> 4]).append(HEX_DIGITS[b & 0xF]);
                }
                if (json)
                {
                    out.append('"');
                }
                return;
            }

            final long value = readLong(buffer, index, encoding);
            if (encoding.presence() == Encoding.Presence.OPTIONAL && value == encoding.applicableNullValue().longValue())
            {
                out.append("null");
                return;
            }
            final String semanticType = semanticType(fieldToken, typeToken);
            switch (semanticType)
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
            beginField(fieldToken.name());
            if (fieldToken.version() > actingVersion)
            {
                out.append("null");
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
            if (json)
            {
                out.append('"');
            }
            if (name != null)
            {
                out.append(name);
            }
            else
            {
                out.append("UNKNOWN(").append(value).append(')');
            }
            if (json)
            {
                out.append('"');
            }
        }

        @Override
        public void onVarData(
            final Token fieldToken,
            final DirectBuffer buffer,
            final int index,
            final int length,
            final Token typeToken)
        {
            beginField(fieldToken.name());
            if (fieldToken.version() > actingVersion)
            {
                out.append("null");
                return;
            }
            final String characterEncoding = typeToken.encoding().characterEncoding();
            if (characterEncoding == null)
            {
                // Raw bytes: hex, like a uint8 array.
                if (json)
                {
                    out.append('"');
                }
                for (int i = 0; i < length; i++)
                {
                    final int b = buffer.getByte(index + i) & 0xFF;
                    out.append(HEX_DIGITS[b >> 4]).append(HEX_DIGITS[b & 0xF]);
                }
                if (json)
                {
                    out.append('"');
                }
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

        private void appendString(final CharSequence value)
        {
            if (json || needsQuotes(value))
            {
                appendJsonString(out, value);
            }
            else
            {
                out.append(value);
            }
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

package io.noctria.codecs;

import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import uk.co.real_logic.sbe.PrimitiveType;
import uk.co.real_logic.sbe.ir.Encoding;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.Signal;
import uk.co.real_logic.sbe.ir.Token;
import uk.co.real_logic.sbe.otf.OtfHeaderDecoder;
import uk.co.real_logic.sbe.otf.OtfMessageDecoder;

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
    private final int schemaVersion;
    private final OtfHeaderDecoder headerDecoder;
    private final Int2ObjectHashMap<List<Token>> messagesByTemplateId = new Int2ObjectHashMap<>();
    private final MessageValidator validator = new MessageValidator();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final FieldRenderer jsonRenderer = new FieldRenderer(true);
    private final FieldRenderer textRenderer = new FieldRenderer(false);
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
            if (isSnapshotFileMessage(tokens.get(0).id()))
            {
                // Snapshot files are read by CoreSnapshot only; in a queue these templates are unknown records.
                continue;
            }
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
        appendJsonString(out, Messages.name(tokens.get(0).id()));
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
        out.append(' ').append(Messages.name(tokens.get(0).id()));
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
        JsonText.appendJsonString(out, value);
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

    /** @return true for the messages of snapshot files (docs/architecture.md, Snapshots), never queue records. */
    static boolean isSnapshotFileMessage(final int templateId)
    {
        switch (templateId)
        {
            case io.noctria.codecs.sbe.SnapshotHeaderDecoder.TEMPLATE_ID:
            case io.noctria.codecs.sbe.CoreSnapshotDecoder.TEMPLATE_ID:
            case io.noctria.codecs.sbe.SnapshotValuesDecoder.TEMPLATE_ID:
            case io.noctria.codecs.sbe.SnapshotSymbolsDecoder.TEMPLATE_ID:
            case io.noctria.codecs.sbe.SnapshotTracesDecoder.TEMPLATE_ID:
            case io.noctria.codecs.sbe.SnapshotOrdersDecoder.TEMPLATE_ID:
                return true;
            default:
                return false;
        }
    }

    private static IllegalStateException unsupported(final String message, final String field, final String what)
    {
        return new IllegalStateException("MessageFormatter cannot render " + message + "." + field + ": " + what +
            " is not supported; extend MessageFormatter before adding it to the schema");
    }
}

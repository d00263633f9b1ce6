package io.noctria.engine.cli;

import io.noctria.codecs.sbe.MessageHeaderDecoder;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.IrDecoder;
import uk.co.real_logic.sbe.ir.Signal;
import uk.co.real_logic.sbe.ir.Token;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the {@code traceId} field of any message by its schema name, using the schema's IR, so
 * filters need no per-message code. Messages without a trace id never match.
 */
final class TraceIdField
{
    private static final String IR_RESOURCE = "/io/noctria/codecs/noctria-schema.sbeir";

    private final int[] offsetByTemplate;
    private final int[] lengthByTemplate;

    TraceIdField()
    {
        final Ir ir = loadIr();
        int maxTemplateId = 0;
        for (final List<Token> message : ir.messages())
        {
            maxTemplateId = Math.max(maxTemplateId, message.get(0).id());
        }
        offsetByTemplate = new int[maxTemplateId + 1];
        lengthByTemplate = new int[maxTemplateId + 1];
        Arrays.fill(offsetByTemplate, -1);
        for (final List<Token> message : ir.messages())
        {
            final int templateId = message.get(0).id();
            for (int i = 1; i < message.size(); i++)
            {
                final Token token = message.get(i);
                if (token.signal() == Signal.BEGIN_GROUP)
                {
                    break; // a field of a group (snapshot files) is not at a fixed offset in the message
                }
                if (token.signal() == Signal.BEGIN_FIELD && "traceId".equals(token.name()))
                {
                    final Token encoding = message.get(i + 1);
                    offsetByTemplate[templateId] = encoding.offset();
                    lengthByTemplate[templateId] = encoding.encodedLength();
                    break;
                }
            }
        }
    }

    /**
     * @return true when the message has a traceId field equal to {@code traceId} (ASCII bytes, NUL padded).
     */
    boolean matches(final DirectBuffer buffer, final int offset, final int length, final byte[] traceId)
    {
        final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        if (templateId >= offsetByTemplate.length || offsetByTemplate[templateId] < 0)
        {
            return false;
        }
        final int fieldOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH + offsetByTemplate[templateId];
        final int fieldLength = lengthByTemplate[templateId];
        return fieldOffset + fieldLength <= offset + length && equal(buffer, fieldOffset, fieldLength, traceId);
    }

    /** @return true when the NUL-padded field of {@code fieldLength} bytes at {@code fieldOffset} holds traceId. */
    static boolean equal(final DirectBuffer buffer, final int fieldOffset, final int fieldLength, final byte[] traceId)
    {
        if (traceId.length > fieldLength)
        {
            return false;
        }
        for (int i = 0; i < fieldLength; i++)
        {
            final byte actual = buffer.getByte(fieldOffset + i);
            final byte expected = i < traceId.length ? traceId[i] : 0;
            if (actual != expected)
            {
                return false;
            }
        }
        return true;
    }

    static byte[] ascii(final String traceId)
    {
        return traceId.getBytes(StandardCharsets.US_ASCII);
    }

    private static Ir loadIr()
    {
        try (InputStream in = TraceIdField.class.getResourceAsStream(IR_RESOURCE))
        {
            if (in == null)
            {
                throw new IllegalStateException("schema IR " + IR_RESOURCE + " missing from the classpath");
            }
            try (IrDecoder decoder = new IrDecoder(ByteBuffer.wrap(in.readAllBytes())))
            {
                return decoder.decode();
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}

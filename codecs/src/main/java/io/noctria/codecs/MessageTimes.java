package io.noctria.codecs;

import io.noctria.codecs.sbe.*;
import org.agrona.DirectBuffer;

/**
 * The time of a message, used to seek journals by time and to print timestamps.
 * <p>
 * Events carry {@code tsNs}: when the engine produced them. Inputs carry the ingress stamp
 * ({@code ingressNs}) once sequenced; on the inbound queue, before ingress, that stamp is 0 and
 * the producer's time ({@code clientTsNs} of an OrderRequest, {@code submittedNs} of a Control) is
 * used. Every message of the schema has a time, so no excerpt is invisible to a time seek.
 */
public final class MessageTimes
{
    /** Returned when the bytes are not a readable message header. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;

    private MessageTimes()
    {
    }

    /**
     * @return epoch nanoseconds of the message at {@code buffer[offset, offset + length)}, or {@link #UNKNOWN}
     * when it is too short or not of this schema. Allocation-free.
     */
    public static long timeOf(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER + Long.BYTES * 3)
        {
            return UNKNOWN;
        }
        final int schemaId = buffer.getShort(offset + MessageHeaderDecoder.schemaIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        if (schemaId != MessageHeaderDecoder.SCHEMA_ID)
        {
            return UNKNOWN;
        }
        final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final int body = offset + HEADER;
        switch (templateId)
        {
            case OrderRequestDecoder.TEMPLATE_ID:
            {
                final long ingressNs = buffer.getLong(body + OrderRequestDecoder.ingressNsEncodingOffset(),
                    OrderRequestDecoder.BYTE_ORDER);
                return ingressNs != 0 ? ingressNs :
                    buffer.getLong(body + OrderRequestDecoder.clientTsNsEncodingOffset(), OrderRequestDecoder.BYTE_ORDER);
            }
            case ControlDecoder.TEMPLATE_ID:
            {
                final long ingressNs = buffer.getLong(body + ControlDecoder.ingressNsEncodingOffset(),
                    ControlDecoder.BYTE_ORDER);
                return ingressNs != 0 ? ingressNs :
                    buffer.getLong(body + ControlDecoder.submittedNsEncodingOffset(), ControlDecoder.BYTE_ORDER);
            }
            default:
                // Every event's first field is tsNs (schema convention, asserted by MessageTimesTest).
                return MessageValidator.v1BlockLength(templateId) < 0 ? UNKNOWN :
                    buffer.getLong(body, MessageHeaderDecoder.BYTE_ORDER);
        }
    }
}

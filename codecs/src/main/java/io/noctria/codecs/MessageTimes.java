package io.noctria.codecs;

import io.noctria.codecs.sbe.*;
import org.agrona.DirectBuffer;

/**
 * The time of a message, used to seek journals by time and to print timestamps.
 * <p>
 * Events carry {@code tsNs}: when the engine produced them. Inputs carry the ingress stamp
 * ({@code ingressNs}) once sequenced; on the inbound queue, before ingress, that stamp is 0 and
 * the producer's time ({@code clientTsNs} of an OrderRequest, {@code submittedNs} of a Control or a
 * PolicyReload) is
 * used. Every message of the schema has a time, so no excerpt is invisible to a time seek.
 */
public final class MessageTimes
{
    /** Returned when the bytes are not a readable message header. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;

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
            case FrameHeaderDecoder.TEMPLATE_ID:
            {
                // A frame's time is its first message's (the input's): skip the frame header.
                final int skip = HEADER + (buffer.getShort(offset + MessageHeaderDecoder.blockLengthEncodingOffset(),
                    MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF);
                return length - skip < HEADER ? UNKNOWN : timeOf(buffer, offset + skip, length - skip);
            }
            case OrderRequestDecoder.TEMPLATE_ID:
                return inputTime(buffer, body + OrderRequestDecoder.ingressNsEncodingOffset(),
                    body + OrderRequestDecoder.clientTsNsEncodingOffset());
            case ControlDecoder.TEMPLATE_ID:
                return inputTime(buffer, body + ControlDecoder.ingressNsEncodingOffset(),
                    body + ControlDecoder.submittedNsEncodingOffset());
            case PolicyReloadDecoder.TEMPLATE_ID:
                return inputTime(buffer, body + PolicyReloadDecoder.ingressNsEncodingOffset(),
                    body + PolicyReloadDecoder.submittedNsEncodingOffset());
            case CancelRequestDecoder.TEMPLATE_ID:
            case ReplaceRequestDecoder.TEMPLATE_ID:
            case CancelAllDecoder.TEMPLATE_ID:
                // Laid out like OrderRequest: inboundIndex, ingressNs, then the producer's (or operator's) time.
                return inputTime(buffer, body + Long.BYTES, body + 2 * Long.BYTES);
            default:
                // Every event's first field is tsNs (schema convention, asserted by MessageTimesTest).
                return MessageValidator.v1BlockLength(templateId) < 0 ? UNKNOWN :
                    buffer.getLong(body, MessageHeaderDecoder.BYTE_ORDER);
        }
    }

    /** @return an input's time: its ingress stamp once sequenced, else (0, before ingress) the producer's time. */
    private static long inputTime(final DirectBuffer buffer, final int ingressNsOffset, final int producerNsOffset)
    {
        final long ingressNs = buffer.getLong(ingressNsOffset, MessageHeaderDecoder.BYTE_ORDER);
        return ingressNs != 0 ? ingressNs : buffer.getLong(producerNsOffset, MessageHeaderDecoder.BYTE_ORDER);
    }

    /**
     * Appends epoch nanoseconds as ISO-8601 UTC with all nine fraction digits, e.g.
     * {@code 2026-11-22T04:20:03.123456789Z}; the fixed width keeps columns aligned and sorts as text.
     * Every {@code long} is a year between 1677 and 2262, so the year always has four digits.
     * Allocation-free.
     *
     * @param out     where to append.
     * @param epochNs nanoseconds since 1970-01-01T00:00Z.
     * @return {@code out}.
     */
    public static StringBuilder appendIso8601Utc(final StringBuilder out, final long epochNs)
    {
        final long epochSecond = Math.floorDiv(epochNs, NANOS_PER_SECOND);
        final long nanos = Math.floorMod(epochNs, NANOS_PER_SECOND);
        final long epochDay = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        final long secondOfDay = Math.floorMod(epochSecond, SECONDS_PER_DAY);

        final long date = CivilDate.fromEpochDay(epochDay);

        appendDigits(out, CivilDate.year(date), 4).append('-');
        appendDigits(out, CivilDate.month(date), 2).append('-');
        appendDigits(out, CivilDate.day(date), 2).append('T');
        appendDigits(out, secondOfDay / 3_600, 2).append(':');
        appendDigits(out, secondOfDay / 60 % 60, 2).append(':');
        appendDigits(out, secondOfDay % 60, 2).append('.');
        return appendDigits(out, nanos, 9).append('Z');
    }

    private static StringBuilder appendDigits(final StringBuilder out, final long value, final int width)
    {
        for (long limit = 10, digits = 1; digits < width; limit *= 10, digits++)
        {
            if (value < limit)
            {
                out.append('0');
            }
        }
        return out.append(value);
    }
}

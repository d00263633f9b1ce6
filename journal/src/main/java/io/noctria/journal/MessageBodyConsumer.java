package io.noctria.journal;

import io.noctria.codecs.sbe.MessageHeaderDecoder;
import org.agrona.DirectBuffer;

/**
 * A {@link JournalConsumer} that folds messages by template: the SBE header is read once here, and the message
 * arrives as its template id and its body, with the acting block length and version to wrap a decoder with (the
 * reader has already validated the header). Allocation-free.
 */
public interface MessageBodyConsumer extends JournalConsumer
{
    /** Reads the header and hands the body to {@link #onMessage(long, int, DirectBuffer, int, int, int)}. */
    @Override
    default void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        onMessage(
            index,
            buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(), MessageHeaderDecoder.BYTE_ORDER)
                & 0xFFFF,
            buffer,
            offset + MessageHeaderDecoder.ENCODED_LENGTH,
            buffer.getShort(offset + MessageHeaderDecoder.blockLengthEncodingOffset(), MessageHeaderDecoder.BYTE_ORDER)
                & 0xFFFF,
            buffer.getShort(offset + MessageHeaderDecoder.versionEncodingOffset(), MessageHeaderDecoder.BYTE_ORDER)
                & 0xFFFF);
    }

    /**
     * A valid message.
     *
     * @param index       journal index of the message.
     * @param templateId  its template.
     * @param buffer      holding it.
     * @param body        where its body starts (after the header).
     * @param blockLength its acting block length.
     * @param version     its acting schema version.
     */
    void onMessage(long index, int templateId, DirectBuffer buffer, int body, int blockLength, int version);
}

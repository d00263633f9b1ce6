package io.noctria.engine.testing;

import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.journal.JournalConsumer;
import org.agrona.DirectBuffer;

/**
 * A test's journal consumer that reads the SBE message header once, as aeron-cluster's adapters do, and hands
 * each message on by template id with its body's offset and the acting block length and version, ready for a
 * decoder's {@code wrap}. An invalid excerpt fails the test unless a subclass records it instead.
 */
public abstract class DecodingConsumer implements JournalConsumer
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    @Override
    public final void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        onMessage(index, header.templateId(), buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH,
            header.blockLength(), header.version());
    }

    /** One message: template {@code templateId}, its body at {@code body} in {@code buffer}. */
    protected abstract void onMessage(long index, int templateId, DirectBuffer buffer, int body, int blockLength,
        int version);

    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        throw new AssertionError("invalid journal excerpt " + index + ": " + error + " " + detail);
    }
}

package io.noctria.engine.testing;

import io.noctria.codecs.FrameInput;
import io.noctria.codecs.MessageFields;

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
    private final FrameInput frameInput = new FrameInput();

    @Override
    public void onFrame(final long index, final int messages)
    {
        frameInput.onFrame(messages);
    }

    /** Hands on each message as the projections fold it: a schema-2 event as its schema-3 form (FrameInput). */
    @Override
    public final void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        frameInput.next(buffer, offset, length);
        final DirectBuffer folded = frameInput.foldBuffer();
        final int at = frameInput.foldOffset();
        header.wrap(folded, at);
        onMessage(index, header.templateId(), folded, at + MessageHeaderDecoder.ENCODED_LENGTH,
            header.blockLength(), header.version());
    }

    /** @return the trace id of the message being handed on (its own, or its frame's request's); null when none. */
    protected final String traceIdOf(final int templateId, final DirectBuffer buffer, final int body)
    {
        return frameInput.traceAt(templateId, buffer, body) ?
            MessageFields.ascii(frameInput.buffer(), frameInput.index(), MessageFields.TRACE_ID_LENGTH) : null;
    }

    /** @return the idempotency key of the message being handed on (its own, or its request's); null when none. */
    protected final byte[] keyOf(final int templateId, final DirectBuffer buffer, final int body)
    {
        if (!frameInput.keyAt(templateId, buffer, body))
        {
            return null;
        }
        final byte[] key = new byte[MessageFields.KEY_LENGTH];
        frameInput.buffer().getBytes(frameInput.index(), key);
        return key;
    }

    /** @return the symbol of the OrderRequest of the frame being handed on (empty when its input is not one). */
    protected final String requestSymbol()
    {
        return frameInput.isRequest() ?
            MessageFields.ascii(frameInput.inputBuffer(), FrameInput.symbolIndex(), 16) : "";
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

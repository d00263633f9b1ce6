package io.noctria.engine.core;

import io.noctria.codecs.Messages;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;

/**
 * Decodes the events a {@link CoreFixture} captured (each a copy of its SBE bytes, header included): one generic
 * wrap, as the engine's adapters do, instead of a helper per message type.
 */
final class CoreEvents
{
    private CoreEvents()
    {
    }

    static MessageHeaderDecoder header(final byte[] event)
    {
        return new MessageHeaderDecoder().wrap(new UnsafeBuffer(event), 0);
    }

    /**
     * Wraps {@code event}'s body with {@code decoder} at the acting block length and version of its header.
     *
     * @throws AssertionError if the event is of another template than the decoder's.
     */
    static <D extends MessageDecoderFlyweight> D decode(final D decoder, final byte[] event)
    {
        final MessageHeaderDecoder header = header(event);
        if (header.templateId() != decoder.sbeTemplateId())
        {
            throw new AssertionError("expected a " + Messages.name(decoder.sbeTemplateId()) + " but the event is a " +
                Messages.name(header.templateId()));
        }
        decoder.wrap(header.buffer(), MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        return decoder;
    }
}

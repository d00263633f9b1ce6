package io.noctria.replay;

import io.noctria.codecs.FrameInput;
import io.noctria.codecs.RecordError;
import org.agrona.DirectBuffer;

import io.noctria.codecs.MessageValidator;
import io.noctria.journal.JournalConsumer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Feeds excerpts straight into a consumer as a journal reader would (valid ones to onMessage, others to
 * onInvalid with the validator's error and detail), numbering them from a first index.
 */
final class ConsumerSink implements ExcerptSink
{
    private final JournalConsumer consumer;
    private final MessageValidator validator = new MessageValidator();
    private long nextIndex;

    ConsumerSink(final JournalConsumer consumer, final long firstIndex)
    {
        this(consumer, firstIndex, null);
    }

    /**
     * @param frameInput when not null, each message first goes through it ({@link FrameInput#next}) and the
     *                   consumer gets the message to fold, as {@link Projections} does for the projections it feeds.
     */
    ConsumerSink(final JournalConsumer consumer, final long firstIndex, final FrameInput frameInput)
    {
        this.consumer = frameInput == null ? consumer : folding(consumer, frameInput);
        this.nextIndex = firstIndex;
    }

    private static JournalConsumer folding(final JournalConsumer consumer, final FrameInput frameInput)
    {
        return new JournalConsumer()
        {
            @Override
            public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
            {
                final int folded = frameInput.next(buffer, offset, length);
                consumer.onMessage(index, frameInput.foldBuffer(), frameInput.foldOffset(), folded);
            }

            @Override
            public void onInvalid(final long index, final RecordError error, final String detail)
            {
                consumer.onInvalid(index, error, detail);
            }
        };
    }

    @Override
    public long append(final byte[] excerpt)
    {
        final long index = nextIndex++;
        deliver(consumer, validator, index, excerpt);
        return index;
    }

    /** Delivers one excerpt the way {@code JournalReader.poll} does. */
    static void deliver(
        final JournalConsumer consumer, final MessageValidator validator, final long index, final byte[] excerpt)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(excerpt);
        if (validator.validate(buffer, 0, excerpt.length))
        {
            consumer.onMessage(index, buffer, 0, excerpt.length);
        }
        else
        {
            consumer.onInvalid(index, validator.error(), validator.detail());
        }
    }
}

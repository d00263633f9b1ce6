package io.noctria.replay;

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
        this.consumer = consumer;
        this.nextIndex = firstIndex;
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

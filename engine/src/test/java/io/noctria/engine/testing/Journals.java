package io.noctria.engine.testing;

import io.noctria.codecs.RecordError;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;

import org.agrona.DirectBuffer;

import java.nio.file.Path;

/** Reading a queue whole in tests: every excerpt from the start to what the queue holds now, into one consumer. */
public final class Journals
{
    private static final int BATCH = 4096;

    private Journals()
    {
    }

    /** @return {@code consumer}, having seen every excerpt of {@code queue}. */
    public static <T extends JournalConsumer> T readAll(final Path queue, final T consumer)
    {
        try (JournalReader reader = JournalReader.open(queue))
        {
            while (reader.poll(consumer, BATCH) > 0)
            {
                // to the end
            }
        }
        return consumer;
    }

    /** The valid messages of a queue, for {@link #readValid}. */
    @FunctionalInterface
    public interface Messages
    {
        void onMessage(long index, DirectBuffer buffer, int offset, int length);
    }

    /**
     * Reads every excerpt of {@code queue} into {@code messages}.
     *
     * @throws AssertionError at the first invalid excerpt, naming its index, the queue and what is wrong.
     */
    public static void readValid(final Path queue, final Messages messages)
    {
        readAll(queue, new JournalConsumer()
        {
            @Override
            public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
            {
                messages.onMessage(index, buffer, offset, length);
            }

            @Override
            public void onInvalid(final long index, final RecordError error, final String detail)
            {
                throw new AssertionError("invalid excerpt " + index + " in " + queue + ": " + error + " " + detail);
            }
        });
    }

    /** @return {@code consumer}, having seen every excerpt of the journal of {@code dataDir}. */
    public static <T extends JournalConsumer> T readJournal(final Path dataDir, final T consumer)
    {
        return readAll(new DataDirectory(dataDir).queue(DataDirectory.JOURNAL), consumer);
    }
}

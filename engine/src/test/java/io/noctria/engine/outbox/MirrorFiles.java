package io.noctria.engine.outbox;

import io.noctria.codecs.MessageTimes;
import io.noctria.codecs.RecordError;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Direct edits of a closed mirror's map file: the states a crash or another build would leave. */
final class MirrorFiles
{
    private MirrorFiles()
    {
    }

    /**
     * Moves the checkpoint back to {@code index} (-1: before the start) with that excerpt's true fingerprint,
     * leaving the entries as they are: what a crash after updating entries but before checkpointing leaves.
     */
    static void rewindCheckpoint(final Path dataDir, final long index)
    {
        final long[] fingerprint = {MessageTimes.UNKNOWN, 0};
        if (index >= 0)
        {
            try (JournalReader reader = JournalReader.open(new DataDirectory(dataDir).queue(DataDirectory.JOURNAL)))
            {
                assertTrue(reader.toIndex(index));
                assertEquals(1, reader.poll(new JournalConsumer()
                {
                    @Override
                    public void onMessage(final long at, final DirectBuffer buffer, final int offset, final int length)
                    {
                        fingerprint[0] = MessageTimes.timeOf(buffer, offset, length);
                        fingerprint[1] = length;
                    }

                    @Override
                    public void onInvalid(final long at, final RecordError error, final String detail)
                    {
                        fingerprint[1] = -1;
                    }
                }, 1));
            }
        }
        editMeta(dataDir, meta ->
        {
            meta.putLong(EntryLayout.META_CHECKPOINT_INDEX, index, EntryLayout.ORDER);
            meta.putLong(EntryLayout.META_CHECKPOINT_TIME, fingerprint[0], EntryLayout.ORDER);
            meta.putInt(EntryLayout.META_CHECKPOINT_LENGTH, (int)fingerprint[1], EntryLayout.ORDER);
        });
    }

    /** Rewrites the meta entry of the closed mirror of {@code dataDir}. */
    static void editMeta(final Path dataDir, final Consumer<UnsafeBuffer> edit)
    {
        try (OutboxMapFile file = OutboxMapFile.openForFollower(new DataDirectory(dataDir).outbox(), 1, false))
        {
            final byte[] meta = new byte[EntryLayout.VALUE_SIZE];
            file.readMeta(meta);
            edit.accept(new UnsafeBuffer(meta));
            file.writeMeta(meta);
        }
    }
}

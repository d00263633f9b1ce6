package io.noctria.journal;

import io.noctria.codecs.RecordError;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damage to the bytes of a written queue, as a failing disk or a bad copy leaves it, reaches the reader's consumer as
 * the damaged index, never as a wrong message, a skipped excerpt or a dead JVM. Chronicle lays an excerpt out as a
 * 4-byte little-endian header (30 bits of length, then two flags) and the excerpt's bytes, here a frame.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalReaderDamageTest
{
    @TempDir
    Path tmp;

    /** Frames written; the one at {@link #DAMAGED} (from 0) is damaged. */
    private static final int FRAMES = 5;
    private static final int DAMAGED = 2;

    private final TestMessages messages = new TestMessages();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);

    @Test
    void shouldReportAFlippedPayloadByteAsDamagedAndReadOnPastIt() throws IOException
    {
        final List<Long> indexes = write();
        flip(excerptOffset(indexes.get(DAMAGED)) + 40, 0x01);
        final RecordingConsumer read = readAll();
        assertEquals(FRAMES, read.entries.size(), read.entries.toString());
        final RecordingConsumer.Entry damaged = read.entries.get(DAMAGED);
        assertEquals(indexes.get(DAMAGED), damaged.index());
        assertEquals(RecordError.DAMAGED, damaged.error());
        assertTrue(damaged.detail().contains("checksum"), damaged.detail());
        assertEquals(indexes, read.indexes(), "every other frame delivered, in order, with its own index");
    }

    @Test
    void shouldReportAFrameWhoseHeaderMessageIsGoneAsUnframed() throws IOException
    {
        final List<Long> indexes = write();
        // The FrameHeader's template id (bytes 2-3 of its SBE header): the excerpt no longer starts with a frame.
        flip(excerptOffset(indexes.get(DAMAGED)) + 2, 0x01);
        final RecordingConsumer read = readAll();
        assertEquals(RecordError.UNFRAMED, read.entries.get(DAMAGED).error(), read.entries.toString());
        assertEquals(indexes, read.indexes());
    }

    @Test
    void shouldStopWithTheIndexWhereChroniclesLengthHeaderClaimsMoreThanTheFileHolds() throws IOException
    {
        final List<Long> indexes = write();
        // Bit 29 of the length: 512 MiB more than the excerpt has. The checksum used to read that far and crash
        // the JVM (SIGSEGV in updateBytesCRC32C).
        flip(excerptOffset(indexes.get(DAMAGED)) - 1, 0x20);
        final RecordingConsumer read = new RecordingConsumer();
        try (JournalReader reader = JournalReader.open(dir()))
        {
            final JournalDamagedException ex = assertThrows(JournalDamagedException.class, () ->
            {
                while (reader.poll(read, 1) > 0)
                {
                    // until the damage
                }
            });
            assertEquals(indexes.get(DAMAGED).longValue(), ex.index());
            assertTrue(ex.getMessage().contains("past the file's end") && ex.getMessage().contains(dir().toString()),
                ex.getMessage());
        }
        assertEquals(indexes.subList(0, DAMAGED), read.indexes(), "the frames before it were delivered");
    }

    private Path dir()
    {
        return tmp.resolve("journal");
    }

    private List<Long> write()
    {
        final List<Long> indexes = new ArrayList<>();
        try (Journal journal = Journal.open(dir(), JournalConfig.defaults()))
        {
            for (int i = 0; i < FRAMES; i++)
            {
                indexes.add(journal.append(buffer, 0, messages.orderRequest(buffer, 0, i, 1_000_000L + i)));
            }
        }
        return indexes;
    }

    private RecordingConsumer readAll()
    {
        try (JournalReader reader = JournalReader.open(dir()))
        {
            return RecordingConsumer.drain(reader);
        }
    }

    /** @return the cycle file offset of the excerpt's first byte (after Chronicle's 4-byte header). */
    private long excerptOffset(final long index)
    {
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir()).readOnly(true).build();
             ExcerptTailer tailer = queue.createTailer())
        {
            assertTrue(tailer.moveToIndex(index));
            try (DocumentContext dc = tailer.readingDocument())
            {
                assertTrue(dc.isPresent());
                return dc.wire().bytes().readPosition();
            }
        }
    }

    private void flip(final long offset, final int bit) throws IOException
    {
        final Path file;
        try (Stream<Path> files = Files.list(dir()))
        {
            file = files.filter(p -> p.toString().endsWith(QueueFiles.CYCLE_SUFFIX)).findFirst().orElseThrow();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(offset);
            final int value = raf.read();
            raf.seek(offset);
            raf.write(value ^ bit);
        }
    }
}

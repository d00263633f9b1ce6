package io.noctria.engine.cli;

import io.noctria.codecs.RecordError;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalDamagedException;
import io.noctria.journal.JournalReader;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Damages a copy of a queue the way a failing disk, a bad copy or a cut file would, at one chosen frame: found by a
 * text its bytes hold (a trace id), located in the cycle file by Chronicle's own position of the excerpt. Chronicle
 * lays an excerpt out as a 4-byte little-endian header (30 bits of length, then the metadata and not-complete flags)
 * followed by the excerpt's bytes; ours start with the FrameHeader message.
 */
final class JournalDamage
{
    /** The kinds of damage the tests inflict. */
    enum Kind
    {
        /** One bit of the input's payload (covered by the frame's CRC32C). */
        PAYLOAD,
        /** One bit of the frame header's {@code frameVersion} (covered by the CRC32C too). */
        FRAME_HEADER,
        /** Bit 29 of Chronicle's excerpt length: the excerpt claims 512 MiB more than its file holds. */
        CHRONICLE_LENGTH,
        /** The cycle file zeroed from the frame's Chronicle header to its end: the journal ends before the frame. */
        CUT
    }

    /** Where one frame is: its index, the file offset of its first byte (after Chronicle's header), its length. */
    record Frame(Path file, long index, long offset, int length, long textOffset)
    {
    }

    private JournalDamage()
    {
    }

    /**
     * @return the first excerpt of the queue in {@code queueDir} whose bytes contain {@code text} followed by a NUL
     * (a whole fixed-length field), with where the text is.
     */
    static Frame find(final Path queueDir, final String text) throws IOException
    {
        final byte[] needle = (text + '\0').getBytes(StandardCharsets.US_ASCII);
        final Path file;
        try (Stream<Path> files = Files.list(queueDir))
        {
            file = files.filter(p -> p.getFileName().toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(queueDir).readOnly(true).build();
             ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        throw new AssertionError("no excerpt of " + queueDir + " holds '" + text + "'");
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final long start = bytes.readPosition();
                    final int length = (int)bytes.readRemaining();
                    final byte[] copy = new byte[length];
                    bytes.read(copy);
                    final int at = indexOf(copy, needle);
                    if (at >= 0)
                    {
                        return new Frame(file, dc.index(), start, length, start + at);
                    }
                }
            }
        }
    }

    /** Inflicts {@code kind} on {@code frame} of a copy of the queue (the frame was found in the same layout). */
    static void inflict(final Kind kind, final Frame frame) throws IOException
    {
        try (RandomAccessFile file = new RandomAccessFile(frame.file().toFile(), "rw"))
        {
            switch (kind)
            {
                case PAYLOAD -> flip(file, frame.textOffset(), 0x01);
                // FrameHeader: SBE message header (8 bytes), crc32c (4), then frameVersion.
                case FRAME_HEADER -> flip(file, frame.offset() + 8 + 4, 0x01);
                // The header's last byte (little-endian) holds bits 24..31: 0x20 is bit 29, the length's top bit.
                case CHRONICLE_LENGTH -> flip(file, frame.offset() - 1, 0x20);
                case CUT ->
                {
                    final byte[] zeros = new byte[1 << 20];
                    for (long at = frame.offset() - 4; at < file.length(); at += zeros.length)
                    {
                        file.seek(at);
                        file.write(zeros, 0, (int)Math.min(zeros.length, file.length() - at));
                    }
                }
                default -> throw new IllegalArgumentException(kind.toString());
            }
        }
    }

    /** What a reader sees of a queue: to show that a refused start appended nothing. */
    record Shape(long frames, long invalid, long lastIndex, long unreadableAt)
    {
    }

    /** Reads the whole queue the way every reader does. */
    static Shape shape(final Path queueDir)
    {
        final long[] counts = { 0, 0, -1 };
        long unreadableAt = -1;
        try (JournalReader reader = JournalReader.open(queueDir))
        {
            final JournalConsumer consumer = new JournalConsumer()
            {
                @Override
                public void onFrame(final long index, final int messages)
                {
                    counts[0]++;
                    counts[2] = index;
                }

                @Override
                public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
                {
                }

                @Override
                public void onInvalid(final long index, final RecordError error, final String detail)
                {
                    counts[1]++;
                    counts[2] = index;
                }
            };
            while (reader.poll(consumer, 1024) > 0)
            {
                // to the end
            }
        }
        catch (final JournalDamagedException ex)
        {
            unreadableAt = ex.index();
        }
        return new Shape(counts[0], counts[1], counts[2], unreadableAt);
    }

    /** Copies a data directory (the queues, the counters, the mirror) file by file. */
    static void copyTree(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> paths = Files.walk(from))
        {
            for (final Path source : (Iterable<Path>)paths::iterator)
            {
                final Path target = to.resolve(from.relativize(source).toString());
                // Owner-only modes included: the engine refuses queue directories others can reach.
                Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void flip(final RandomAccessFile file, final long offset, final int bit) throws IOException
    {
        file.seek(offset);
        final int value = file.read();
        file.seek(offset);
        file.write(value ^ bit);
    }

    private static int indexOf(final byte[] haystack, final byte[] needle)
    {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

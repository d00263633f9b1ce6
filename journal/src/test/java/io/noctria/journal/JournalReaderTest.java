package io.noctria.journal;

import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.*;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.noctria.journal.JournalTest.CLOCK_START_NS;
import static org.junit.jupiter.api.Assertions.*;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalReaderTest
{
    private final TestMessages messages = new TestMessages();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);

    @TempDir
    Path tmp;

    @Test
    void shouldRefuseAMissingDirectoryWithoutCreatingIt()
    {
        final Path missing = tmp.resolve("data").resolve("journal");
        final JournalNotFoundException ex = assertThrows(JournalNotFoundException.class, () -> JournalReader.open(missing));
        assertEquals(missing, ex.directory());
        assertTrue(ex.getMessage().contains(missing.toString()), ex.getMessage());
        assertFalse(Files.exists(tmp.resolve("data")), "a reader must not create the directory");
    }

    @Test
    void shouldRefuseADirectoryWithoutAQueueAndAFileLeavingThemAsTheyWere() throws IOException
    {
        final Path empty = Files.createDirectory(tmp.resolve("empty"));
        final JournalNotFoundException ex = assertThrows(JournalNotFoundException.class, () -> JournalReader.open(empty));
        assertTrue(ex.getMessage().contains(QueueFiles.METADATA_FILE), ex.getMessage());
        try (Stream<Path> files = Files.list(empty))
        {
            assertEquals(0, files.count());
        }
        final Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThrows(JournalNotFoundException.class, () -> JournalReader.open(file));
        assertThrows(IllegalArgumentException.class, () -> JournalReader.open(file), "it is an IllegalArgumentException");
    }

    @Test
    void shouldLeaveEveryFileOfTheQueueByteForByteUnchanged() throws Exception
    {
        final Path dir = tmp.resolve("journal");
        final SetTimeProvider clock = new SetTimeProvider(CLOCK_START_NS);
        final List<Long> indexes = writeCycles(dir, clock, 3, 4);
        // Backdate every mtime: any write by the reader would then show, whatever the file system's granularity.
        final FileTime past = FileTime.fromMillis(1_000_000_000_000L);
        try (Stream<Path> files = Files.list(dir))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.setLastModifiedTime(file, past);
            }
        }
        Files.setLastModifiedTime(dir, past);
        final Map<String, String> before = snapshot(dir);

        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(indexes, RecordingConsumer.drain(reader).indexes());
            assertTrue(reader.toIndex(indexes.get(5)));
            assertEquals(3, reader.poll(new RecordingConsumer(), 3));
            assertTrue(reader.toTime(CLOCK_START_NS + 6));
            reader.toLast(5);
            assertEquals(5, RecordingConsumer.drain(reader).entries.size());
            reader.toEnd();
            assertEquals(0, reader.poll(new RecordingConsumer(), 10));
            reader.toStart();
            assertEquals(indexes.size(), RecordingConsumer.drain(reader).entries.size());
        }

        assertEquals(before, snapshot(dir));
        assertEquals(past, Files.getLastModifiedTime(dir), "no file was created or removed in the directory");
    }

    @Test
    void shouldReportEachBadExcerptWithItsIndexAndCarryOn()
    {
        final Path dir = tmp.resolve("inbound");
        final List<Long> indexes = new ArrayList<>();
        final List<RecordError> expected = new ArrayList<>();
        final byte[] orderRequest = TestMessages.bytes(buffer, 0, messages.orderRequest(buffer, 0, 1, 1_000));
        try (RawQueue queue = new RawQueue(dir, RollCycles.FAST_DAILY, new SetTimeProvider(CLOCK_START_NS)))
        {
            add(queue, indexes, expected, orderRequest, null);

            final byte[] random = new byte[37];
            new Random(42).nextBytes(random);
            assertNotEquals(MessageHeaderDecoder.SCHEMA_ID,
                new MessageHeaderDecoder().wrap(new UnsafeBuffer(random), 0).schemaId(), "seed 42 gives a foreign schema");
            add(queue, indexes, expected, random, RecordError.UNKNOWN_SCHEMA);

            add(queue, indexes, expected, TestMessages.bytes(buffer, 0, messages.fill(buffer, 0, 2_000, 9)), null);

            final byte[] wrongSchema = orderRequest.clone();
            header(wrongSchema).schemaId(999);
            add(queue, indexes, expected, wrongSchema, RecordError.UNKNOWN_SCHEMA);

            final int controlLength = messages.control(buffer, 0, 3_000, "reason that will be cut short");
            add(queue, indexes, expected, TestMessages.bytes(buffer, 0, controlLength - 5), RecordError.TRUNCATED);
            add(queue, indexes, expected, new byte[] {1, 2, 3, 4}, RecordError.TRUNCATED);

            final byte[] unknownTemplate = orderRequest.clone();
            header(unknownTemplate).templateId(999);
            add(queue, indexes, expected, unknownTemplate, RecordError.UNKNOWN_TEMPLATE);

            add(queue, indexes, expected, newerVersion(orderRequest, 8), null);

            final byte[] versionZero = orderRequest.clone();
            header(versionZero).version(0);
            add(queue, indexes, expected, versionZero, RecordError.UNSUPPORTED_VERSION);

            add(queue, indexes, expected, new byte[0], RecordError.TRUNCATED);

            add(queue, indexes, expected, TestMessages.bytes(buffer, 0, messages.engineStarted(buffer, 0, 4_000)), null);
        }

        try (JournalReader reader = JournalReader.open(dir))
        {
            final RecordingConsumer consumer = new RecordingConsumer();
            int polls = 0;
            while (true)
            {
                final int read = reader.poll(consumer, 3);
                assertTrue(read <= 3);
                polls++;
                if (reader.caughtUp())
                {
                    break;
                }
            }
            assertEquals(4, polls, "11 excerpts in polls of at most 3");
            assertEquals(indexes, consumer.indexes(), "every excerpt reported once, in order");
            for (int i = 0; i < expected.size(); i++)
            {
                final RecordingConsumer.Entry entry = consumer.entries.get(i);
                assertEquals(expected.get(i), entry.error(), "excerpt " + i + " " + entry.detail());
                if (!entry.valid())
                {
                    assertFalse(entry.detail().isEmpty(), "excerpt " + i + " has a detail");
                }
            }

            final byte[] newer = consumer.entries.get(7).bytes();
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(new UnsafeBuffer(newer), 0);
            assertEquals(MessageHeaderDecoder.SCHEMA_VERSION + 1, header.version(), "a version newer than ours");
            final OrderRequestDecoder decoder = new OrderRequestDecoder().wrap(new UnsafeBuffer(newer),
                MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            assertEquals(1, decoder.inboundIndex());
            assertEquals("USDJPY", decoder.symbol());
        }
    }

    @Test
    void shouldPositionAtStartEndIndexAndLastAcrossCycles()
    {
        final Path dir = tmp.resolve("journal");
        final SetTimeProvider clock = new SetTimeProvider(CLOCK_START_NS);
        final List<Long> indexes = writeCycles(dir, clock, 3, 5);
        assertEquals(3, JournalTest.cycleFiles(dir).size());

        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(indexes.subList(8, 15), RecordingConsumer.drain(reader.toLast(7)).indexes());
            assertEquals(indexes.subList(10, 15), RecordingConsumer.drain(reader.toLast(5)).indexes());
            assertEquals(indexes.subList(9, 15), RecordingConsumer.drain(reader.toLast(6)).indexes());
            assertEquals(indexes.subList(1, 15), RecordingConsumer.drain(reader.toLast(14)).indexes());
            assertEquals(indexes, RecordingConsumer.drain(reader.toLast(100)).indexes());
            assertEquals(List.of(), RecordingConsumer.drain(reader.toLast(0)).indexes());
            assertEquals(indexes, RecordingConsumer.drain(reader.toStart()).indexes());

            assertTrue(reader.toIndex(indexes.get(7)));
            assertEquals(indexes.get(7), reader.index());
            assertEquals(indexes.subList(7, 15), RecordingConsumer.drain(reader).indexes());
            assertEquals(indexes.get(14), reader.lastReadIndex());

            assertTrue(reader.toIndex(indexes.get(3)));
            assertFalse(reader.toIndex(indexes.get(14) + 1), "nothing there yet");
            assertFalse(reader.toIndex(indexes.get(4) + 1), "past the end of a rolled cycle");
            assertFalse(reader.toIndex(indexes.get(14) + (1L << 40)), "a cycle without a file");
            assertEquals(indexes.get(3), reader.index(), "a failed toIndex leaves the position");
            final RecordingConsumer one = new RecordingConsumer();
            assertEquals(1, reader.poll(one, 1));
            assertEquals(List.of(indexes.get(3)), one.indexes());
            assertEquals(indexes.get(4), reader.index());

            reader.toEnd();
            assertEquals(0, reader.poll(new RecordingConsumer(), 10));
            assertTrue(reader.caughtUp());
            final long appended;
            try (Journal journal = Journal.open(dir, JournalConfig.defaults().withRollCycle("MINUTELY").withClock(clock)))
            {
                appended = journal.append(buffer, 0, messages.orderRequest(buffer, 0, 99, CLOCK_START_NS + 99));
            }
            assertEquals(List.of(appended), RecordingConsumer.drain(reader).indexes(), "after toEnd only new appends");
        }
    }

    @Test
    void shouldFollowAWriterFromAnEmptyQueueAcrossRolls()
    {
        final Path dir = tmp.resolve("journal");
        final SetTimeProvider clock = new SetTimeProvider(CLOCK_START_NS);
        try (Journal journal = Journal.open(dir, JournalConfig.defaults().withRollCycle("MINUTELY").withClock(clock));
            JournalReader reader = JournalReader.open(dir))
        {
            final RecordingConsumer consumer = new RecordingConsumer();
            assertEquals(0, reader.poll(consumer, 10));
            assertTrue(reader.caughtUp());
            assertEquals(Journal.NO_INDEX, reader.lastReadIndex());

            final List<Long> indexes = new ArrayList<>();
            for (int i = 0; i < 3; i++)
            {
                indexes.add(journal.append(buffer, 0, messages.orderRequest(buffer, 0, i, CLOCK_START_NS + i)));
            }
            assertEquals(3, reader.poll(consumer, 10));
            clock.advanceMillis(60_000);
            indexes.add(journal.append(buffer, 0, messages.orderRequest(buffer, 0, 3, CLOCK_START_NS + 3)));
            clock.advanceMillis(120_000);
            indexes.add(journal.append(buffer, 0, messages.orderRequest(buffer, 0, 4, CLOCK_START_NS + 4)));
            assertEquals(2, reader.poll(consumer, 10));
            assertEquals(indexes, consumer.indexes());
            assertEquals(0, reader.poll(consumer, 10));
            assertTrue(reader.caughtUp());
        }
    }

    @Test
    void shouldReportCaughtUpOnlyWhenNothingIsLeft()
    {
        final Path dir = tmp.resolve("journal");
        writeCycles(dir, new SetTimeProvider(CLOCK_START_NS), 1, 5);
        try (JournalReader reader = JournalReader.open(dir))
        {
            final RecordingConsumer consumer = new RecordingConsumer();
            assertFalse(reader.caughtUp(), "nothing polled yet");
            assertEquals(3, reader.poll(consumer, 3));
            assertFalse(reader.caughtUp());
            assertEquals(2, reader.poll(consumer, 3));
            assertTrue(reader.caughtUp());
            reader.toStart();
            assertEquals(5, reader.poll(consumer, 5));
            assertFalse(reader.caughtUp(), "stopped at the limit: it cannot know yet");
            assertEquals(0, reader.poll(consumer, 5));
            assertTrue(reader.caughtUp());
            assertEquals(0, reader.poll(consumer, 0));
        }
    }

    @Test
    void shouldRedeliverAnExcerptWhoseConsumerThrew()
    {
        final Path dir = tmp.resolve("journal");
        final List<Long> indexes = writeCycles(dir, new SetTimeProvider(CLOCK_START_NS), 1, 3);
        try (JournalReader reader = JournalReader.open(dir))
        {
            final List<Long> seen = new ArrayList<>();
            final JournalConsumer failsOnSecond = new JournalConsumer()
            {
                private boolean failed;

                @Override
                public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
                {
                    if (index == indexes.get(1) && !failed)
                    {
                        failed = true;
                        throw new IllegalStateException("consumer failure");
                    }
                    seen.add(index);
                }

                @Override
                public void onInvalid(final long index, final RecordError error, final String detail)
                {
                    fail("unexpected " + error);
                }
            };
            assertThrows(IllegalStateException.class, () -> reader.poll(failsOnSecond, 10));
            assertEquals(indexes.get(0), reader.lastReadIndex());
            assertEquals(indexes.get(1), reader.index());
            assertEquals(2, reader.poll(failsOnSecond, 10));
            assertEquals(indexes, seen);
        }
    }

    /** Appends {@code perCycle} OrderRequests per minute for {@code cycles} minutes; message k has time CLOCK_START_NS + k. */
    private List<Long> writeCycles(final Path dir, final SetTimeProvider clock, final int cycles, final int perCycle)
    {
        final List<Long> indexes = new ArrayList<>();
        try (Journal journal = Journal.open(dir, JournalConfig.defaults().withRollCycle("MINUTELY").withClock(clock)))
        {
            for (int c = 0; c < cycles; c++)
            {
                for (int i = 0; i < perCycle; i++)
                {
                    final int k = indexes.size();
                    indexes.add(journal.append(buffer, 0, messages.orderRequest(buffer, 0, k, CLOCK_START_NS + k)));
                }
                clock.advanceMillis(60_000);
            }
        }
        return indexes;
    }

    private static void add(
        final RawQueue queue,
        final List<Long> indexes,
        final List<RecordError> expected,
        final byte[] bytes,
        final RecordError error)
    {
        indexes.add(queue.append(bytes));
        expected.add(error);
    }

    private static MessageHeaderEncoder header(final byte[] message)
    {
        return new MessageHeaderEncoder().wrap(new UnsafeBuffer(message), 0);
    }

    /** The same message as a newer schema version would write it: a longer block with a field v1 does not know. */
    private static byte[] newerVersion(final byte[] message, final int extraBlockBytes)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(new UnsafeBuffer(message), 0);
        final int headerLength = MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final byte[] newer = new byte[message.length + extraBlockBytes];
        System.arraycopy(message, 0, newer, 0, headerLength + blockLength);
        for (int i = 0; i < extraBlockBytes; i++)
        {
            newer[headerLength + blockLength + i] = (byte)0xAB;
        }
        System.arraycopy(message, headerLength + blockLength, newer, headerLength + blockLength + extraBlockBytes,
            message.length - headerLength - blockLength);
        new MessageHeaderEncoder().wrap(new UnsafeBuffer(newer), 0)
            .blockLength(blockLength + extraBlockBytes)
            .version(MessageHeaderDecoder.SCHEMA_VERSION + 1);
        return newer;
    }

    /** Name → size, mtime, permissions and SHA-256 of every file in {@code dir}. */
    static Map<String, String> snapshot(final Path dir) throws Exception
    {
        final Map<String, String> files = new TreeMap<>();
        final MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> list = Files.list(dir))
        {
            for (final Path file : (Iterable<Path>)list::iterator)
            {
                final String permissions = OwnerOnlyFiles.POSIX ?
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) : "";
                files.put(file.getFileName().toString(), Files.size(file) + " " +
                    Files.getLastModifiedTime(file).toMillis() + " " + permissions + " " +
                    HexFormat.of().formatHex(sha256.digest(Files.readAllBytes(file))));
            }
        }
        return files;
    }
}

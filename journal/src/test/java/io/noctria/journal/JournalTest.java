package io.noctria.journal;

import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.*;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalTest
{
    /** 2023-11-14T22:13:20Z: a fixed start for clock-driven rolls. */
    static final long CLOCK_START_NS = 1_700_000_000_000_000_000L;

    private static final int MEASURED_ROUNDS = 5;

    private final TestMessages messages = new TestMessages();

    @TempDir
    Path tmp;

    @Test
    void shouldRoundTripMessagesOfSeveralTypesByteForByte()
    {
        final Path dir = tmp.resolve("journal");
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
        final List<byte[]> written = new ArrayList<>();
        final List<Long> indexes = new ArrayList<>();
        try (Journal journal = Journal.open(dir, JournalConfig.defaults()))
        {
            assertEquals(Journal.NO_INDEX, journal.lastIndex());
            int length = messages.orderRequest(buffer, 0, 0, 1_000);
            written.add(TestMessages.bytes(buffer, 0, length));
            indexes.add(journal.append(buffer, 0, length));

            length = messages.control(buffer, 0, 2_000, "manual pause: broker maintenance");
            written.add(TestMessages.bytes(buffer, 0, length));
            indexes.add(journal.append(buffer, 0, length));

            length = messages.fill(buffer, 0, 3_000, 42);
            written.add(TestMessages.bytes(buffer, 0, length));
            indexes.add(journal.append(buffer, 0, length));

            length = messages.alert(buffer, 0, 4_000, "qty clamped to 1000000 by MAX_ORDER_QTY");
            written.add(TestMessages.bytes(buffer, 0, length));
            indexes.add(journal.append(buffer, 0, length));

            length = messages.engineStarted(buffer, 0, 5_000);
            written.add(TestMessages.bytes(buffer, 0, length));
            indexes.add(journal.append(buffer, 0, length));

            assertEquals(indexes.get(indexes.size() - 1), journal.lastIndex());
        }
        for (int i = 1; i < indexes.size(); i++)
        {
            assertEquals(indexes.get(i - 1) + 1, indexes.get(i), "consecutive within a cycle");
        }

        try (JournalReader reader = JournalReader.open(dir))
        {
            final RecordingConsumer consumer = RecordingConsumer.drain(reader);
            assertEquals(indexes, consumer.indexes());
            for (int i = 0; i < written.size(); i++)
            {
                assertTrue(consumer.entries.get(i).valid(), "entry " + i + ": " + consumer.entries.get(i).detail());
                assertArrayEquals(written.get(i), consumer.entries.get(i).bytes(), "entry " + i);
            }
            final UnsafeBuffer control = new UnsafeBuffer(consumer.entries.get(1).bytes());
            assertEquals(ControlDecoder.TEMPLATE_ID, TestMessages.templateId(control, 0));
            final ControlDecoder decoder = new ControlDecoder()
                .wrapAndApplyHeader(control, 0, new MessageHeaderDecoder());
            assertEquals(2_000, decoder.submittedNs());
            assertEquals("ops", decoder.operatorName());
            assertEquals("manual pause: broker maintenance", decoder.reason());
            assertEquals(indexes.get(indexes.size() - 1), reader.lastReadIndex());
        }
    }

    @Test
    void shouldCopyFromHeapDirectAndOffsetBuffersAlike()
    {
        final Path dir = tmp.resolve("journal");
        final byte[] expected = messages.fillBytes(9_000, 7);
        final int length = expected.length;

        final byte[] padded = new byte[length + 40];
        System.arraycopy(expected, 0, padded, 29, length);
        final ExpandableDirectByteBuffer direct = new ExpandableDirectByteBuffer(length + 16);
        direct.putBytes(11, expected);
        final ByteBuffer directByteBuffer = ByteBuffer.allocateDirect(length + 64);
        final UnsafeBuffer directSlice = new UnsafeBuffer(directByteBuffer, 17, length + 3);
        directSlice.putBytes(3, expected);
        final ByteBuffer heapByteBuffer = ByteBuffer.allocate(length + 64);
        final UnsafeBuffer heapSlice = new UnsafeBuffer(heapByteBuffer, 5, length + 9);
        heapSlice.putBytes(9, expected);

        final DirectBuffer[] sources = {new UnsafeBuffer(padded, 13, length + 20), direct, directSlice, heapSlice};
        final int[] offsets = {16, 11, 3, 9};
        try (Journal journal = Journal.open(dir, JournalConfig.defaults()))
        {
            for (int i = 0; i < sources.length; i++)
            {
                journal.append(sources[i], offsets[i], length);
            }
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            final RecordingConsumer consumer = RecordingConsumer.drain(reader);
            assertEquals(sources.length, consumer.entries.size());
            for (final RecordingConsumer.Entry entry : consumer.entries)
            {
                assertArrayEquals(expected, entry.bytes());
            }
        }
    }

    @Test
    void shouldDiscardAnAppendThatFailsHalfWayInsteadOfCommittingATornExcerpt()
    {
        final Path dir = tmp.resolve("journal");
        final byte[] good = messages.fillBytes(1, 3);
        final int length = good.length;
        // Fails inside the open document, after the bounds check: as a copy that faults half way would.
        final UnsafeBuffer failing = new UnsafeBuffer(new byte[length])
        {
            @Override
            public byte[] byteArray()
            {
                throw new IllegalStateException("source went away mid-copy");
            }
        };
        try (Journal journal = Journal.open(dir, JournalConfig.defaults()))
        {
            assertThrows(IllegalStateException.class, () -> journal.append(failing, 0, length));
            journal.append(new UnsafeBuffer(good), 0, length);
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            final RecordingConsumer consumer = RecordingConsumer.drain(reader);
            assertEquals(1, consumer.entries.size(), "only the good excerpt: " + consumer.entries);
            assertTrue(consumer.entries.get(0).valid());
            assertArrayEquals(good, consumer.entries.get(0).bytes());
        }
    }

    @Test
    void shouldRejectEmptyAndOutOfBoundsAppendsWithoutWriting()
    {
        final Path dir = tmp.resolve("journal");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        try (Journal journal = Journal.open(dir, JournalConfig.defaults()))
        {
            assertThrows(IllegalArgumentException.class, () -> journal.append(buffer, 0, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> journal.append(buffer, 60, 8));
            assertThrows(IndexOutOfBoundsException.class, () -> journal.append(buffer, -1, 8));
            assertEquals(Journal.NO_INDEX, journal.lastIndex());
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(0, reader.poll(new RecordingConsumer(), 10));
        }
    }

    @Test
    void shouldContinueTheIndexAfterARestart()
    {
        final Path dir = tmp.resolve("journal");
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final long firstRunLast;
        try (Journal journal = Journal.open(dir, JournalConfig.defaults()))
        {
            for (int i = 0; i < 3; i++)
            {
                journal.append(buffer, 0, messages.orderRequest(buffer, 0, i, 1_000 + i));
            }
            firstRunLast = journal.lastIndex();
        }
        final long secondRunFirst;
        try (Journal journal = Journal.open(dir, JournalConfig.defaults()))
        {
            assertEquals(firstRunLast, journal.lastIndex(), "a reopened writer knows the last index");
            secondRunFirst = journal.append(buffer, 0, messages.orderRequest(buffer, 0, 3, 2_000));
            journal.append(buffer, 0, messages.orderRequest(buffer, 0, 4, 2_001));
        }
        assertEquals(firstRunLast + 1, secondRunFirst, "same cycle: the next sequence number");

        try (JournalReader reader = JournalReader.open(dir))
        {
            final RecordingConsumer consumer = RecordingConsumer.drain(reader);
            assertEquals(5, consumer.entries.size());
            final OrderRequestDecoder decoder = new OrderRequestDecoder();
            final MessageHeaderDecoder header = new MessageHeaderDecoder();
            for (int i = 0; i < 5; i++)
            {
                decoder.wrapAndApplyHeader(new UnsafeBuffer(consumer.entries.get(i).bytes()), 0, header);
                assertEquals(i, decoder.inboundIndex());
            }
        }
    }

    @Test
    void shouldRollFilesAtTheConfiguredCycle()
    {
        final Path dir = tmp.resolve("journal");
        final SetTimeProvider clock = new SetTimeProvider(CLOCK_START_NS);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final List<Long> indexes = new ArrayList<>();
        final JournalConfig config = JournalConfig.defaults().withRollCycle("MINUTELY").withClock(clock);
        try (Journal journal = Journal.open(dir, config))
        {
            for (int minute = 0; minute < 3; minute++)
            {
                for (int i = 0; i < 2; i++)
                {
                    indexes.add(journal.append(buffer, 0, messages.orderRequest(buffer, 0, indexes.size(), 1)));
                }
                clock.advanceMillis(60_000);
            }
        }
        assertEquals(List.of("20231114-2213.cq4", "20231114-2214.cq4", "20231114-2215.cq4"), cycleFiles(dir));
        for (int i = 1; i < indexes.size(); i++)
        {
            assertTrue(indexes.get(i) > indexes.get(i - 1), "indexes increase across rolls");
        }
        assertEquals(indexes.get(0) + 1, indexes.get(1));
        assertNotEquals(indexes.get(1) + 1, indexes.get(2), "a roll jumps to the next cycle's base");

        // Another roll cycle, another file name format: FAST_HOURLY names files yyyyMMdd-HH'F'.
        final Path hourly = tmp.resolve("hourly");
        try (Journal journal = Journal.open(hourly,
            JournalConfig.defaults().withRollCycle("FAST_HOURLY").withClock(new SetTimeProvider(CLOCK_START_NS))))
        {
            journal.append(buffer, 0, messages.orderRequest(buffer, 0, 0, 1));
        }
        assertEquals(List.of("20231114-22F.cq4"), cycleFiles(hourly));
    }

    @Test
    void shouldRefuseAConfigWhoseRollCycleDiffersFromTheQueue()
    {
        final Path dir = tmp.resolve("journal");
        try (Journal journal = Journal.open(dir, JournalConfig.defaults().withRollCycle("FAST_HOURLY")))
        {
            assertEquals("FAST_HOURLY", journal.config().rollCycle());
        }
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> Journal.open(dir, JournalConfig.defaults()));
        assertTrue(ex.getMessage().contains("FAST_HOURLY") && ex.getMessage().contains("FAST_DAILY"), ex.getMessage());
        // The failed open released the lock: the right config still opens.
        Journal.open(dir, JournalConfig.defaults().withRollCycle("FAST_HOURLY")).close();
    }

    @Test
    void shouldAllowOnlyOneWriterPerDirectory()
    {
        final Path dir = tmp.resolve("journal");
        try (Journal journal = Journal.open(dir, JournalConfig.defaults()))
        {
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> Journal.open(dir, JournalConfig.defaults()));
            assertTrue(ex.getMessage().contains("already open for writing"), ex.getMessage());
            assertEquals(dir, journal.directory());
        }
        Journal.open(dir, JournalConfig.defaults()).close();
    }

    @Test
    void shouldLetSharedWritersAppendToOneQueueInOrder()
    {
        final Path dir = tmp.resolve("inbound");
        final TestMessages messages = new TestMessages();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final JournalConfig shared = JournalConfig.defaults().withSharedWriters();
        try (Journal producer = Journal.open(dir, shared); Journal operator = Journal.open(dir, shared))
        {
            final long first = producer.append(buffer, 0, messages.inboundOrderRequest(buffer, 0, 1, 1_000L));
            final long second = operator.append(buffer, 0, messages.control(buffer, 0, 2_000L, "kill switch"));
            final long third = producer.append(buffer, 0, messages.inboundOrderRequest(buffer, 0, 3, 3_000L));
            assertTrue(first < second && second < third, first + " " + second + " " + third);

            final RecordingConsumer consumer = new RecordingConsumer();
            try (JournalReader reader = JournalReader.open(dir))
            {
                while (reader.poll(consumer, 10) > 0)
                {
                    // drain
                }
            }
            assertEquals(List.of(first, second, third), consumer.indexes());
        }
    }

    @Test
    void shouldRefuseAFileAsDirectory() throws Exception
    {
        final Path file = Files.createFile(tmp.resolve("file"));
        assertThrows(IllegalArgumentException.class, () -> Journal.open(file, JournalConfig.defaults()));
    }

    @Test
    void shouldCreateOwnerOnlyDirectoriesAndFiles() throws Exception
    {
        assumeTrue(OwnerOnlyFiles.POSIX, "POSIX permissions");
        final Path dir = tmp.resolve("data").resolve("journal");
        final SetTimeProvider clock = new SetTimeProvider(CLOCK_START_NS);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        try (Journal journal = Journal.open(dir, JournalConfig.defaults().withRollCycle("MINUTELY").withClock(clock)))
        {
            journal.append(buffer, 0, messages.orderRequest(buffer, 0, 0, 1));
            clock.advanceMillis(60_000);
            journal.append(buffer, 0, messages.orderRequest(buffer, 0, 1, 2));
        }
        assertEquals("rwx------", permissions(tmp.resolve("data")));
        assertEquals("rwx------", permissions(dir));
        final List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                names.add(file.getFileName().toString());
                assertEquals("rw-------", permissions(file), file.toString());
            }
        }
        assertTrue(names.containsAll(List.of(QueueFiles.METADATA_FILE, QueueFiles.WRITER_LOCK_FILE,
            "20231114-2213.cq4", "20231114-2214.cq4")), names.toString());
    }

    @Test
    void shouldAppendFromAnotherThreadThanTheOneThatOpened() throws Exception
    {
        final Path dir = tmp.resolve("journal");
        final ExecutorService writerThread = Executors.newSingleThreadExecutor();
        try (Journal journal = Journal.open(dir, JournalConfig.defaults()))
        {
            final long index = writerThread.submit(() ->
            {
                final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
                return journal.append(buffer, 0, new TestMessages().orderRequest(buffer, 0, 0, 1));
            }).get(30, TimeUnit.SECONDS);
            assertEquals(index, journal.lastIndex());
        }
        finally
        {
            writerThread.shutdownNow();
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(1, RecordingConsumer.drain(reader).entries.size());
        }
    }

    @Test
    void shouldAppendAndPollWithoutAllocatingInSteadyState()
    {
        final Path dir = tmp.resolve("journal");
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        // Both copy paths of append: from direct memory and from a heap array.
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(512));
        final UnsafeBuffer heap = new UnsafeBuffer(new byte[512]);
        final int length = messages.orderRequest(direct, 0, 0, 1);
        messages.orderRequest(heap, 0, 0, 1);
        final UnsafeBuffer[] buffers = {direct, heap};
        final OrderRequestEncoder[] encoders = {
            new OrderRequestEncoder().wrap(direct, TestMessages.HEADER_LENGTH),
            new OrderRequestEncoder().wrap(heap, TestMessages.HEADER_LENGTH)};
        final SummingConsumer consumer = new SummingConsumer();
        final int rounds = 20_000;
        try (Journal journal = Journal.open(dir, JournalConfig.defaults());
            JournalReader reader = JournalReader.open(dir))
        {
            for (int warmup = 0; warmup < 3; warmup++)
            {
                appendAndPoll(journal, reader, encoders, buffers, length, consumer, rounds);
            }
            // A one-off (a chunk mapped as the cycle file grows, a JIT deoptimisation) can allocate a few
            // hundred bytes in any one round; a per-message allocation shows in every round. Judge the best.
            final long[] allocated = new long[MEASURED_ROUNDS];
            for (int round = 0; round < MEASURED_ROUNDS; round++)
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                appendAndPoll(journal, reader, encoders, buffers, length, consumer, rounds);
                allocated[round] = threads.getCurrentThreadAllocatedBytes() - before;
            }
            final long best = Arrays.stream(allocated).min().orElseThrow();
            System.out.printf("journal steady state: bytes allocated per %d append+poll in %d rounds: %s%n",
                rounds, MEASURED_ROUNDS, Arrays.toString(allocated));
            assertEquals((3L + MEASURED_ROUNDS) * rounds, consumer.messages);
            assertEquals((3L + MEASURED_ROUNDS) * rounds * (rounds - 1) / 2, consumer.sum, "every inboundIndex read back");
            assertTrue(best < rounds / 10, Arrays.toString(allocated) + " bytes allocated per " + rounds + " append+poll");
        }
    }

    private static void appendAndPoll(
        final Journal journal,
        final JournalReader reader,
        final OrderRequestEncoder[] encoders,
        final UnsafeBuffer[] buffers,
        final int length,
        final SummingConsumer consumer,
        final int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            final int which = i & 1;
            encoders[which].inboundIndex(i);
            journal.append(buffers[which], 0, length);
            if (reader.poll(consumer, 10) != 1)
            {
                throw new AssertionError("expected exactly one excerpt at round " + i);
            }
        }
    }

    /** Reads one field of each message: an allocation-free consumer, like the engine's. */
    static final class SummingConsumer implements JournalConsumer
    {
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final OrderRequestDecoder decoder = new OrderRequestDecoder();
        long messages;
        long sum;

        @Override
        public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
        {
            decoder.wrapAndApplyHeader(buffer, offset, header);
            sum += decoder.inboundIndex();
            messages++;
        }

        @Override
        public void onInvalid(final long index, final RecordError error, final String detail)
        {
            throw new AssertionError("unexpected invalid excerpt " + index + ": " + error + " " + detail);
        }
    }

    static List<String> cycleFiles(final Path dir)
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.map(path -> path.getFileName().toString())
                .filter(name -> name.endsWith(QueueFiles.CYCLE_SUFFIX))
                .sorted()
                .collect(Collectors.toList());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static String permissions(final Path path) throws IOException
    {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}

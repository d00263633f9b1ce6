package io.noctria.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A cycle file left torn by a writer killed while creating it: without {@link TornCycleFiles} Chronicle makes the
 * next writer wait about 50 s before renaming the file aside itself, so the class timeout fails this test.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TornCycleFilesTest
{
    private final TestMessages messages = new TestMessages();
    private final SetTimeProvider clock = new SetTimeProvider(JournalTest.CLOCK_START_NS);
    private final JournalConfig config = JournalConfig.defaults().withRollCycle("MINUTELY").withClock(clock);
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);

    @TempDir
    Path tmp;

    @Test
    void shouldRemoveATornCycleFileAtTheWritersOpenAndAppendInItsCycleAgain() throws Exception
    {
        final Path dir = tmp.resolve("journal");
        final List<Long> kept = twoExcerptsThenATornMinute(dir);

        final long index;
        try (Journal journal = Journal.open(dir, config))
        {
            index = journal.append(buffer, 0, messages.orderRequest(buffer, 0, 3, 4));
        }
        assertEquals(List.of("20231114-2213.cq4", "20231114-2214.cq4"), JournalTest.cycleFiles(dir));
        try (java.util.stream.Stream<Path> files = Files.list(dir))
        {
            assertTrue(files.noneMatch(file -> file.getFileName().toString().contains(".discard")),
                "Chronicle did not have to rename the torn file aside itself");
        }
        final RecordingConsumer read = new RecordingConsumer();
        try (JournalReader reader = JournalReader.open(dir))
        {
            reader.poll(read, 10);
        }
        assertEquals(List.of(kept.get(0), kept.get(1), index),
            read.entries.stream().map(RecordingConsumer.Entry::index).toList());
        assertTrue(read.entries.stream().allMatch(RecordingConsumer.Entry::valid));
    }

    @Test
    void shouldMoveAnAbandonedTornCycleFileAsideAtASharedWritersOpenButLeaveAYoungOne() throws Exception
    {
        final Path dir = tmp.resolve("journal");
        final List<Long> kept = twoExcerptsThenATornMinute(dir);
        final Path torn = dir.resolve("20231114-2214.cq4");
        final long nowMs = System.currentTimeMillis();
        Files.setLastModifiedTime(torn, FileTime.fromMillis(nowMs - TornCycleFiles.ABANDONED_AFTER_MS + 5_000));
        assertEquals(List.of(), TornCycleFiles.moveAsideAbandoned(dir, nowMs), "perhaps a live writer's: left alone");
        assertTrue(TornCycleFiles.isTorn(torn));

        Files.setLastModifiedTime(torn, FileTime.fromMillis(nowMs - 2 * TornCycleFiles.ABANDONED_AFTER_MS));
        final long startNs = System.nanoTime();
        final long index;
        try (Journal journal = Journal.open(dir, config.withSharedWriters()))
        {
            index = journal.append(buffer, 0, messages.orderRequest(buffer, 0, 3, 4));
        }
        // Chronicle's own wait, then its own rename, takes 10-50 s: the open moved the file aside before it.
        final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        assertTrue(tookMs < 8_000, "open and append took " + tookMs + " ms");
        assertTrue(Files.exists(dir.resolve("20231114-2214.cq4" + TornCycleFiles.DISCARD_SUFFIX)));
        assertFalse(TornCycleFiles.isTorn(torn), "the cycle's file is a new, complete one");
        final RecordingConsumer read = new RecordingConsumer();
        try (JournalReader reader = JournalReader.open(dir))
        {
            reader.poll(read, 10);
        }
        assertEquals(List.of(kept.get(0), kept.get(1), index),
            read.entries.stream().map(RecordingConsumer.Entry::index).toList());
    }

    @Test
    void shouldLetAReaderStopAtATornCycleFileAsAtTheEndAndGoOnOnceItsWriterIsBack() throws Exception
    {
        final Path dir = tmp.resolve("inbound");
        // The queue's listing names the torn file's cycle, as it does once any writer's open has scanned the
        // directory (a producer of the shared inbound queue, which cannot tell a torn file from one being created,
        // and waits before moving it aside).
        final List<Long> kept = twoExcerptsThenATornMinute(dir);

        final RecordingConsumer read = new RecordingConsumer();
        try (JournalReader follower = JournalReader.open(dir))
        {
            assertEquals(2, follower.poll(read, 10));
            // With Chronicle's 10 s header wait, each of these took 20 s: the class timeout fails the test.
            for (int i = 0; i < 5; i++)
            {
                assertEquals(0, follower.poll(read, 10), "poll " + i + " stops at the torn file");
                assertTrue(follower.caughtUp());
                assertEquals(dir.resolve("20231114-2214.cq4"), follower.tornAhead(),
                    "poll " + i + ": the next one reads the header word, not Chronicle's 20-40 ms wait");
            }
            final RecordingConsumer again = new RecordingConsumer();
            follower.toStart();
            assertEquals(2, follower.poll(again, 10), "a move forgets the stop: what lies before the file is read");
            assertEquals(kept, again.indexes());
            try (JournalReader late = JournalReader.open(dir))
            {
                late.toEnd();
                assertEquals(0, late.poll(read, 10), "at the end of what can be read, not wound back to the start");
            }

            try (Journal journal = Journal.open(dir, config))
            {
                kept.add(journal.append(buffer, 0, messages.orderRequest(buffer, 0, 3, 4)));
            }
            assertEquals(1, follower.poll(read, 10), "the file the writer made where the torn one was");
            assertNull(follower.tornAhead());
        }
        assertEquals(kept, read.indexes());
        assertTrue(read.entries.stream().allMatch(RecordingConsumer.Entry::valid));
    }

    @Test
    void shouldFindTheTornCycleFilesOfAQueueWithoutRemovingThem() throws Exception
    {
        final Path dir = tmp.resolve("inbound");
        try (Journal writer = Journal.open(dir, JournalConfig.defaults()))
        {
            writer.append(buffer, 0, messages.orderRequest(buffer, 0, 0, 1));
        }
        assertEquals(List.of(), TornCycleFiles.find(dir));
        final Path torn = dir.resolve("29991231F.cq4");
        tear(torn, 4096);
        assertEquals(List.of(torn), TornCycleFiles.find(dir));
        assertTrue(Files.exists(torn));
    }

    @Test
    void shouldNotOpenAnExistingQueueOnlyToCreateIt() throws Exception
    {
        final Path dir = tmp.resolve("broker-orders");
        Journal.createIfMissing(dir);
        assertTrue(Files.isRegularFile(dir.resolve(QueueFiles.METADATA_FILE)), "created");
        try (Journal writer = Journal.open(dir, JournalConfig.defaults()))
        {
            writer.append(buffer, 0, messages.orderRequest(buffer, 0, 0, 1));
        }
        final Path cycleFile = dir.resolve(JournalTest.cycleFiles(dir).get(0));
        final long size = Files.size(cycleFile);
        Files.delete(cycleFile);
        tear(cycleFile, size);
        // A shared open would wait about 50 s on that file (the class timeout fails the test); nothing opens it.
        Journal.createIfMissing(dir);
        assertTrue(TornCycleFiles.isTorn(cycleFile), "left for the queue's own writer to remove");
    }

    @Test
    void shouldCallTornOnlyAHeaderWordThatWasNeverCompleted()
    {
        assertTrue(TornCycleFiles.isTorn(-1), "shorter than a header");
        assertTrue(TornCycleFiles.isTorn(0), "sized, no header yet");
        assertTrue(TornCycleFiles.isTorn(0x8000_0000L), "not complete, length unknown");
        assertTrue(TornCycleFiles.isTorn(0xC000_00C1L), "not-complete metadata");
        assertFalse(TornCycleFiles.isTorn(0x4000_00C1L), "the complete metadata header of a healthy cycle file");
    }

    /**
     * Appends two excerpts in the first minute and one in the next (the roll closes the first file), then leaves
     * the second minute's file as a kill -9 between Chronicle's first and last step of creating it does (the bytes
     * of the file a killed engine left in broker-orders): a sparse file of the cycle's size whose header word is
     * "not complete, length unknown", and nothing else.
     *
     * @return the indexes of the two excerpts kept.
     */
    private List<Long> twoExcerptsThenATornMinute(final Path dir) throws Exception
    {
        final List<Long> kept = new ArrayList<>();
        try (Journal journal = Journal.open(dir, config))
        {
            kept.add(journal.append(buffer, 0, messages.orderRequest(buffer, 0, 0, 1)));
            kept.add(journal.append(buffer, 0, messages.orderRequest(buffer, 0, 1, 2)));
            clock.advanceMillis(60_000);
            journal.append(buffer, 0, messages.orderRequest(buffer, 0, 2, 3));
        }
        final Path torn = dir.resolve("20231114-2214.cq4");
        final long size = Files.size(torn);
        Files.delete(torn);
        tear(torn, size);
        return kept;
    }

    private static void tear(final Path cycleFile, final long size) throws Exception
    {
        try (RandomAccessFile file = new RandomAccessFile(cycleFile.toFile(), "rw"))
        {
            file.setLength(size);
            file.write(new byte[] { 0, 0, 0, (byte)0x80 });
        }
    }
}

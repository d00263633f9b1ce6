package io.noctria.journal;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JournalPretoucherTest
{
    private final TestMessages messages = new TestMessages();
    private final CountersManager counters = new CountersManager(
        new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(8 * 1024)));
    private final AtomicCounter pages = counters.newCounter("journal pages pretouched");

    @TempDir
    Path tmp;

    @Test
    void shouldTouchTheCycleFileToItsEndWithoutChangingOrGrowingIt() throws IOException
    {
        final Path dir = tmp.resolve("journal");
        final List<byte[]> written = new ArrayList<>();
        try (Journal journal = Journal.open(dir, JournalConfig.defaults()))
        {
            appendFills(journal, 1_000, written);
            final Path cycleFile = cycleFile(dir);
            final long length = Files.size(cycleFile);
            final JournalPretoucher pretoucher = new JournalPretoucher(dir, pages);
            while (pretoucher.doWork() > 0)
            {
                // until it reaches the end of the file Chronicle made
            }
            assertEquals(length, pretoucher.touchedTo());
            assertEquals(length, Files.size(cycleFile), "the pretoucher never extends the file");
            assertEquals(length / 4096, pages.get());
            pretoucher.onClose();
            appendFills(journal, 1_000, written); // the writer carries on over touched pages
        }
        assertReadsBack(dir, written);
    }

    @Test
    void shouldLeaveEveryFrameWholeWhileTouchingAheadOfAConcurrentWriter() throws IOException
    {
        final Path dir = tmp.resolve("journal");
        final List<byte[]> written = new ArrayList<>();
        try (Journal journal = Journal.open(dir, JournalConfig.defaults());
            AgentRunner runner = new AgentRunner(new SleepingMillisIdleStrategy(1), Throwable::printStackTrace, null,
                new JournalPretoucher(dir, pages)))
        {
            AgentRunner.startOnThread(runner);
            // Enough to cross the first 64 MiB chunk of the cycle file, so the pretoucher meets a file Chronicle
            // extends while both run.
            long bytes = 0;
            while (bytes < (72L << 20))
            {
                final int from = written.size();
                appendFills(journal, 10_000, written);
                for (int i = from; i < written.size(); i++)
                {
                    bytes += written.get(i).length;
                }
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (pages.get() * 4096 < Files.size(cycleFile(dir)) && System.nanoTime() - deadline < 0)
            {
                Thread.onSpinWait(); // wait on the counter: every page of the file touched
            }
            assertEquals(Files.size(cycleFile(dir)), pages.get() * 4096, "every page of the file touched");
        }
        assertReadsBack(dir, written);
    }

    private void appendFills(final Journal journal, final int count, final List<byte[]> written)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
        for (int i = 0; i < count; i++)
        {
            final int length = messages.fill(buffer, 0, 1_000 + written.size(), written.size());
            written.add(TestMessages.bytes(buffer, 0, length));
            journal.append(buffer, 0, length);
        }
    }

    private static void assertReadsBack(final Path dir, final List<byte[]> written)
    {
        try (JournalReader reader = JournalReader.open(dir))
        {
            final RecordingConsumer consumer = RecordingConsumer.drain(reader);
            assertEquals(written.size(), consumer.entries.size());
            for (int i = 0; i < written.size(); i++)
            {
                assertTrue(consumer.entries.get(i).valid(), "entry " + i + ": " + consumer.entries.get(i).detail());
                assertArrayEquals(written.get(i), consumer.entries.get(i).bytes(), "entry " + i);
            }
        }
    }

    private static Path cycleFile(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            final Path file = files.filter(f -> f.getFileName().toString().endsWith(".cq4")).findFirst().orElse(null);
            assertNotNull(file, "a cycle file in " + dir);
            return file;
        }
    }
}

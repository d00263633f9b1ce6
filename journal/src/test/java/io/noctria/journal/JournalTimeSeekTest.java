package io.noctria.journal;

import io.noctria.codecs.RecordError;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.noctria.journal.JournalTest.CLOCK_START_NS;
import static org.junit.jupiter.api.Assertions.*;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JournalTimeSeekTest
{
    private static final int CYCLES = 16;
    private static final int PER_CYCLE = 250;
    /** Message times go up in steps of 10 ns, three messages per time: a seek must find the first of equals. */
    private static final int SAME_TIME_RUN = 3;
    private static final long TIME_STEP = 10;

    private final TestMessages messages = new TestMessages();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);

    @TempDir
    Path tmp;

    @Test
    void shouldSeekByTimeAcrossCyclesReadingLogarithmicallyManyExcerpts()
    {
        final Path dir = tmp.resolve("journal");
        final List<Long> indexes = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        final SetTimeProvider clock = new SetTimeProvider(CLOCK_START_NS);
        try (Journal journal = Journal.open(dir, JournalConfig.defaults().withRollCycle("MINUTELY").withClock(clock)))
        {
            for (int c = 0; c < CYCLES; c++)
            {
                for (int i = 0; i < PER_CYCLE; i++)
                {
                    final int k = times.size();
                    final long time = CLOCK_START_NS + (k / SAME_TIME_RUN) * TIME_STEP;
                    times.add(time);
                    // Alternate message types: seeks use each message's own time field.
                    final int length = k % 2 == 0 ?
                        messages.orderRequest(buffer, 0, k, time) : messages.fill(buffer, 0, time, k);
                    indexes.add(journal.append(buffer, 0, length));
                }
                clock.advanceMillis(60_000);
            }
        }
        assertEquals(CYCLES, JournalTest.cycleFiles(dir).size());

        final int total = times.size();
        final long maxReads = log2Ceil(CYCLES + 1) + log2Ceil(PER_CYCLE + 1);
        final List<Long> targets = new ArrayList<>();
        targets.add(Long.MIN_VALUE);
        targets.add(times.get(0));
        for (int k = 0; k < total; k += 37)
        {
            targets.add(times.get(k));
            targets.add(times.get(k) + 1);
            targets.add(times.get(k) - 1);
        }
        for (int c = 1; c < CYCLES; c++)
        {
            final int first = c * PER_CYCLE;
            targets.add(times.get(first));
            targets.add(times.get(first - 1));
            targets.add(times.get(first - 1) + 1);
        }
        targets.add(times.get(total - 1));

        try (JournalReader reader = JournalReader.open(dir))
        {
            long worst = 0;
            for (final long target : targets)
            {
                final int expected = firstAtOrAfter(times, target);
                final long readsBefore = reader.seekReads();
                assertTrue(reader.toTime(target), "target " + target);
                final long reads = reader.seekReads() - readsBefore;
                worst = Math.max(worst, reads);
                assertTrue(reads <= maxReads, reads + " excerpts read to seek " + target + ", bound " + maxReads);

                final RecordingConsumer consumer = new RecordingConsumer();
                assertEquals(1, reader.poll(consumer, 1));
                assertEquals(indexes.get(expected), consumer.indexes().get(0),
                    "target " + target + " expected message " + expected);
            }
            System.out.printf("toTime over %d excerpts in %d cycles: at most %d excerpts read per seek (bound %d)%n",
                total, CYCLES, worst, maxReads);

            final long readsBefore = reader.seekReads();
            assertFalse(reader.toTime(times.get(total - 1) + 1), "nothing that late");
            assertTrue(reader.seekReads() - readsBefore <= maxReads);
            assertEquals(0, reader.poll(new RecordingConsumer(), 10), "positioned at the end");
        }
    }

    @Test
    void shouldTreatExcerptsWithoutATimeAsPartOfTheNextTimedOne()
    {
        final Path dir = tmp.resolve("journal");
        final List<Long> indexes = new ArrayList<>();
        final SetTimeProvider clock = new SetTimeProvider(CLOCK_START_NS);
        try (RawQueue queue = new RawQueue(dir, LegacyRollCycles.MINUTELY, clock))
        {
            for (int k = 0; k < 40; k++)
            {
                if (k % 7 == 3)
                {
                    indexes.add(queue.append(new byte[] {9, 9, 9}));
                }
                indexes.add(queue.append(TestMessages.bytes(buffer, 0, messages.fill(buffer, 0, 1_000 + k * 10, k))));
                if (k == 19)
                {
                    clock.advanceMillis(60_000);
                }
            }
            clock.advanceMillis(60_000);
            // A cycle that holds only garbage: its time is that of the next timed excerpt.
            indexes.add(queue.append(new byte[] {1}));
            clock.advanceMillis(60_000);
            indexes.add(queue.append(TestMessages.bytes(buffer, 0, messages.fill(buffer, 0, 5_000, 99))));
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            // Fill k=10 has time 1100 and follows garbage (k % 7 == 3): the seek lands on the garbage first.
            assertTrue(reader.toTime(1_100));
            final RecordingConsumer consumer = new RecordingConsumer();
            assertEquals(2, reader.poll(consumer, 2));
            assertEquals(RecordError.TRUNCATED, consumer.entries.get(0).error());
            assertTrue(consumer.entries.get(1).valid());

            assertTrue(reader.toTime(1_095));
            final RecordingConsumer between = new RecordingConsumer();
            assertEquals(1, reader.poll(between, 1));
            assertEquals(RecordError.TRUNCATED, between.entries.get(0).error(), "garbage before k=10");

            assertTrue(reader.toTime(1_391));
            final RecordingConsumer last = new RecordingConsumer();
            assertEquals(2, reader.poll(last, 5));
            assertEquals(indexes.subList(indexes.size() - 2, indexes.size()), last.indexes());
            assertEquals(RecordError.TRUNCATED, last.entries.get(0).error());
            assertTrue(last.entries.get(1).valid());

            assertTrue(reader.toTime(Long.MIN_VALUE));
            final RecordingConsumer first = new RecordingConsumer();
            assertEquals(1, reader.poll(first, 1));
            assertEquals(indexes.get(0), first.indexes().get(0));
        }
    }

    @Test
    void shouldSeekAnEmptyQueueToItsEnd()
    {
        final Path dir = tmp.resolve("journal");
        Journal.open(dir, JournalConfig.defaults()).close();
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertFalse(reader.toTime(0));
            assertEquals(0, reader.poll(new RecordingConsumer(), 1));
            reader.toLast(3);
            assertEquals(0, reader.poll(new RecordingConsumer(), 1));
        }
    }

    private static int firstAtOrAfter(final List<Long> times, final long target)
    {
        for (int k = 0; k < times.size(); k++)
        {
            if (times.get(k) >= target)
            {
                return k;
            }
        }
        return -1;
    }

    private static long log2Ceil(final long value)
    {
        return 64 - Long.numberOfLeadingZeros(value - 1);
    }
}

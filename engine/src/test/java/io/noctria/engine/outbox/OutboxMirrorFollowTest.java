package io.noctria.engine.outbox;

import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.engine.testing.Await;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static io.noctria.engine.outbox.JournalScript.QTY;
import static io.noctria.engine.outbox.JournalScript.key;
import static io.noctria.engine.outbox.MirrorAssertions.assertSameAsProjection;
import static io.noctria.engine.outbox.MirrorAssertions.project;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxMirrorFollowTest
{
    private static final int ORDERS = 2_000;

    @TempDir
    Path data;

    @Test
    void shouldFollowAJournalBeingAppendedAndServeWholeEventsToConcurrentLookups() throws Exception
    {
        final JournalScript journal = JournalScript.open(data);
        journal.engineStarted();
        final OutboxMirror mirror = OutboxMirror.open(data, 10_000);
        final List<Throwable> runnerErrors = new CopyOnWriteArrayList<>();
        final AgentRunner runner = new AgentRunner(
            new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1)),
            runnerErrors::add, null, mirror);
        final Thread follower = AgentRunner.startOnThread(runner);
        assertEquals("noctria-outbox", follower.getName());

        final AtomicReference<Throwable> writerError = new AtomicReference<>();
        final Thread writer = new Thread(() ->
        {
            try
            {
                journal.journal().assignToCurrentThread();
                for (int n = 1; n <= ORDERS; n++)
                {
                    journal.filledOrder(n, QTY);
                    if (n % 10 == 0)
                    {
                        journal.duplicateSuppressed(n - 5, journal.orderRequest(n - 5, QTY), 0);
                    }
                    if (n % 100 == 0)
                    {
                        // Bursts and pauses: the follower both catches up and idles.
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                    }
                }
            }
            catch (final Throwable t)
            {
                writerError.set(t);
            }
        }, "journal-writer");
        writer.start();

        final Random random = new Random(7);
        final Map<Integer, Integer> lastRank = new HashMap<>();
        int observed = 0;
        while (writer.isAlive())
        {
            final int n = 1 + random.nextInt(ORDERS);
            final OutboxRecord record = mirror.lookup(key(n));
            if (record == null)
            {
                continue;
            }
            observed++;
            // Each event reaches a lookup whole: its state and its quantities change together.
            switch (record.state())
            {
                case NEW:
                case SENT:
                    assertEquals(0, record.filledQty(), record.toString());
                    break;
                case ACKED:
                    assertEquals(0, record.filledQty(), record.toString());
                    assertEquals(9_000 + n, record.brokerOrderId(), record.toString());
                    break;
                case PARTIALLY_FILLED:
                    assertEquals(QTY / 4, record.filledQty(), record.toString());
                    break;
                case FILLED:
                    assertEquals(QTY, record.filledQty(), record.toString());
                    break;
                default:
                    throw new AssertionError("unexpected state " + record);
            }
            final int rank = record.state().ordinal();
            assertTrue(rank >= lastRank.getOrDefault(n, 0), "state went back: " + record);
            lastRank.put(n, rank);
        }
        writer.join();
        assertNull(writerError.get());

        journal.journal().assignToCurrentThread();
        final long last = journal.journal().lastIndex();
        Await.await(() -> "the follower to catch up with the writer at " + last + ", applied " +
            mirror.appliedIndex(), 30_000, () -> mirror.appliedIndex() == last);
        assertEquals(ORDERS, mirror.size());

        runner.close();
        journal.close();
        assertTrue(runnerErrors.isEmpty(), runnerErrors.toString());
        assertNull(mirror.failure());
        assertTrue(observed > 0, "no lookup found a key while the writer ran");

        // Closing the runner closed the mirror on its thread: the checkpoint is on disk and the lock is free.
        try (OutboxLookup lookup = OutboxLookup.open(data))
        {
            assertEquals(last, lookup.appliedIndex());
            assertSameAsProjection(project(data), lookup.size(), lookup::lookup);
            assertEquals(EngineOrderState.FILLED, lookup.lookup(key(ORDERS)).state());
        }
        try (OutboxMirror reopened = OutboxMirror.open(data, 10_000))
        {
            assertEquals(0, reopened.catchUp());
        }
    }
}

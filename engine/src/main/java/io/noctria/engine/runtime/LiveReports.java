package io.noctria.engine.runtime;

import io.noctria.journal.JournalReader;
import io.noctria.replay.Projections;
import io.noctria.replay.ReplayResult;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * The live engine's reports: the replay module's {@link Projections}, fed first by start-up recovery
 * (every record it reads) and then, record by record as they are journaled, by a follower thread
 * tailing the engine's own journal. {@code run --report} writes these, so the live report is the same
 * code as {@code noctria replay} folding incrementally while the journal grows; comparing the two
 * proves incremental and batch folding agree.
 * <p>
 * Off the hot path: the projections allocate per order, so they run on their own thread, never on the
 * business thread. Their memory grows with the journal (the timeline keeps every event): enabled
 * only when a report is asked for.
 */
final class LiveReports
{
    private static final Logger LOG = LoggerFactory.getLogger(LiveReports.class);

    private final Projections projections = new Projections();
    private final Path journalDir;
    private final Thread thread;
    private volatile long resumeAfterIndex = -1;
    private volatile long stopAtIndex = Long.MAX_VALUE;
    private volatile boolean stopping;
    private volatile Throwable failure;

    LiveReports(final Path journalDir)
    {
        this.journalDir = journalDir;
        this.thread = new Thread(this::follow, "noctria-reports");
        this.thread.setDaemon(true);
    }

    /** Recovery's consumer: it feeds every journaled record here before the follower starts. */
    Projections projections()
    {
        return projections;
    }

    /** Starts following the journal after {@code lastRecoveredIndex} (-1: from its start). */
    void start(final long lastRecoveredIndex)
    {
        resumeAfterIndex = lastRecoveredIndex;
        thread.start();
    }

    /**
     * Waits until every record up to {@code lastIndex} (the last the engine journaled) is folded, then
     * stops the follower.
     *
     * @return the live report, or null when the follower failed or timed out (logged).
     */
    ReplayResult finish(final long lastIndex, final long timeoutMs) throws InterruptedException
    {
        stopAtIndex = lastIndex;
        stopping = true;
        thread.join(timeoutMs);
        if (thread.isAlive() || failure != null)
        {
            LOG.error("live reports did not catch up with the journal (last index {}, folded up to {})",
                lastIndex, projections.lastIndex(), failure);
            return null;
        }
        return ReplayResult.of(projections);
    }

    private void follow()
    {
        final IdleStrategy idle = new BackoffIdleStrategy(10, 10, 10_000L, 1_000_000L);
        try (JournalReader reader = JournalReader.open(journalDir))
        {
            final long after = resumeAfterIndex;
            if (after < 0)
            {
                reader.toStart();
            }
            else if (reader.toIndex(after))
            {
                reader.poll(SkipRecord.INSTANCE, 1);
            }
            else
            {
                throw new IllegalStateException("journal index " + after + " vanished between recovery and reporting");
            }
            while (true)
            {
                final int read = reader.poll(projections, 1024);
                if (read == 0)
                {
                    if (stopping && projections.lastIndex() >= stopAtIndex)
                    {
                        return;
                    }
                    idle.idle();
                }
                else
                {
                    idle.reset();
                }
            }
        }
        catch (final Throwable t)
        {
            failure = t;
        }
    }

    private enum SkipRecord implements io.noctria.journal.JournalConsumer
    {
        INSTANCE;

        @Override
        public void onMessage(final long index, final org.agrona.DirectBuffer buffer, final int offset, final int length)
        {
        }

        @Override
        public void onInvalid(final long index, final io.noctria.codecs.RecordError error, final String detail)
        {
        }
    }
}

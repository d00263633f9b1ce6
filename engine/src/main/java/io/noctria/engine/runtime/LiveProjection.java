package io.noctria.engine.runtime;

import io.noctria.codecs.RecordError;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A projection kept live while the engine runs: the caller's {@link JournalConsumer} (for {@code run --report},
 * the replay module's projections) is fed first by start-up recovery, every record it reads, and then by this
 * agent tailing the engine's own journal. The runtime knows the projection only as a journal consumer, so it
 * does not depend on the replay module; the same folding code then serves {@code noctria replay} and the live
 * report, which is how incremental and batch folding are proven to agree.
 * <p>
 * Off the hot path: projections allocate per order, so they run on this agent's thread ({@code noctria-reports}),
 * never on the business thread, and only when the caller asks for one.
 */
final class LiveProjection implements Agent, JournalConsumer
{
    private static final Logger LOG = LoggerFactory.getLogger(LiveProjection.class);

    private final JournalConsumer projection;
    private final Path journalDir;
    private final AgentRunner runner;
    private JournalReader reader;
    private long resumeAfterIndex = -1;
    private long lastIndex = -1;
    private volatile long stopAtIndex = Long.MAX_VALUE;
    private volatile boolean caughtUp;

    LiveProjection(final JournalConsumer projection, final Path journalDir, final ErrorSink errors)
    {
        this.projection = projection;
        this.journalDir = journalDir;
        this.runner = new AgentRunner(new BackoffIdleStrategy(10, 10, 10_000L, 1_000_000L), errors::onError, null,
            this);
    }

    /** Recovery's observer: every journaled record it reads comes here before the agent starts. */
    JournalConsumer recoveryObserver()
    {
        return this;
    }

    /** Starts tailing the journal after {@code lastRecoveredIndex} (-1: from its start). */
    void start(final long lastRecoveredIndex)
    {
        resumeAfterIndex = lastRecoveredIndex;
        AgentRunner.startOnThread(runner, runnable -> Engine.named(runnable, roleName()));
    }

    /**
     * Waits until every record up to {@code lastJournalIndex} (the last the engine journaled) is folded, then stops
     * the agent.
     *
     * @return whether the projection holds the whole journal; false when the agent failed or timed out (logged).
     */
    boolean finish(final long lastJournalIndex, final long timeoutMs)
    {
        stopAtIndex = lastJournalIndex;
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!caughtUp && !runner.isClosed() && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        runner.close();
        if (!caughtUp)
        {
            LOG.error("the live projection did not catch up with the journal (last index {}, folded up to {})",
                lastJournalIndex, lastIndex);
        }
        return caughtUp;
    }

    @Override
    public void onStart()
    {
        reader = JournalReader.open(journalDir);
        if (resumeAfterIndex < 0)
        {
            reader.toStart();
        }
        else if (reader.toIndex(resumeAfterIndex))
        {
            reader.poll(SkipRecord.INSTANCE, 1);
        }
    }

    @Override
    public int doWork()
    {
        final int read = reader.poll(this, 1024);
        if (read == 0 && lastIndex >= stopAtIndex)
        {
            caughtUp = true;
        }
        return read;
    }

    @Override
    public void onClose()
    {
        if (reader != null)
        {
            reader.close();
        }
    }

    @Override
    public String roleName()
    {
        return "noctria-reports";
    }

    @Override
    public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        lastIndex = index;
        projection.onMessage(index, buffer, offset, length);
    }

    @Override
    public void onFrame(final long index, final int messages)
    {
        projection.onFrame(index, messages);
    }

    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        lastIndex = index;
        projection.onInvalid(index, error, detail);
    }

    /** Where the agent's unexpected errors go (the engine's distinct-error log). */
    @FunctionalInterface
    interface ErrorSink
    {
        void onError(Throwable error);
    }

    private enum SkipRecord implements JournalConsumer
    {
        INSTANCE;

        @Override
        public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
        {
        }

        @Override
        public void onInvalid(final long index, final RecordError error, final String detail)
        {
        }
    }
}

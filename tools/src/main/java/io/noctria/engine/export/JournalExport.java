package io.noctria.engine.export;

import io.noctria.journal.JournalReader;
import io.noctria.replay.Projections;
import io.noctria.replay.ReplayResult;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * {@code noctria export --follow}: folds the journal into one {@link Projections} as the engine appends to it and
 * hands what changed to an {@link ObsExport}: after every {@value #WRITE_EVERY} excerpts while catching up, and each
 * time it reaches the end. Stops when asked (SIGINT) or when nothing was appended for the idle limit, after a last
 * write, so the tables always end at a whole excerpt.
 * <p>
 * The projections keep the whole window in memory (the timeline holds a copy of every event), as replay does; a
 * follower of a long-running engine grows with the journal. Single-threaded.
 */
public final class JournalExport
{
    private static final int BATCH = 4096;
    private static final int WRITE_EVERY = 65_536;
    private static final long MAX_BACKOFF_NS = 10_000_000L;

    private final Path journalDir;
    private long fromNs = ReplayResult.OPEN;
    private long untilIdleNs = Long.MAX_VALUE;
    private BooleanSupplier stopRequested = () -> false;

    /** @param journalDir the journal queue directory. */
    public JournalExport(final Path journalDir)
    {
        this.journalDir = Objects.requireNonNull(journalDir, "journalDir");
    }

    /** @param epochNs start at the first message stamped at or after this time (binary search). */
    public JournalExport withFrom(final long epochNs)
    {
        this.fromNs = epochNs;
        return this;
    }

    /** @param idleMs stop once nothing has been appended for this long (after the last write). */
    public JournalExport withUntilIdleMs(final long idleMs)
    {
        this.untilIdleNs = idleMs * 1_000_000L;
        return this;
    }

    /** @param stopRequested polled between batches; true ends the follow after a last write. */
    public JournalExport withStopRequested(final BooleanSupplier stopRequested)
    {
        this.stopRequested = stopRequested;
        return this;
    }

    /**
     * Follows the journal into {@code export} until stopped.
     *
     * @return the projections folded, for the summary.
     * @throws SQLException when a write fails (the tables keep the previous write).
     * @throws io.noctria.journal.JournalNotFoundException when the directory holds no journal.
     */
    public Projections follow(final ObsExport export) throws SQLException
    {
        final Projections projections = new Projections();
        try (JournalReader reader = JournalReader.open(journalDir))
        {
            if (fromNs != ReplayResult.OPEN)
            {
                reader.toTime(fromNs);
            }
            long unwritten = 0;
            long idleSinceNs = System.nanoTime();
            long backoffNs = 0;
            while (true)
            {
                final int read = reader.poll(projections, BATCH);
                if (read > 0)
                {
                    unwritten += read;
                    idleSinceNs = System.nanoTime();
                    backoffNs = 0;
                    if (unwritten >= WRITE_EVERY)
                    {
                        export.write(projections);
                        unwritten = 0;
                    }
                    continue;
                }
                if (unwritten > 0)
                {
                    export.write(projections);
                    unwritten = 0;
                }
                if (stopRequested.getAsBoolean() || System.nanoTime() - idleSinceNs >= untilIdleNs)
                {
                    return projections;
                }
                // A follower is a tool, not a latency path: back off to 10 ms naps while the journal is quiet.
                backoffNs = Math.min(MAX_BACKOFF_NS, backoffNs == 0 ? 100_000L : backoffNs * 2);
                Thread.sleep(backoffNs / 1_000_000L, (int)(backoffNs % 1_000_000L));
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            export.write(projections);
            return projections;
        }
    }
}

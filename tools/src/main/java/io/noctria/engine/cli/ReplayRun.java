package io.noctria.engine.cli;

import io.noctria.codecs.MessageTimes;
import io.noctria.codecs.RecordError;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalDamagedException;
import io.noctria.journal.JournalNotFoundException;
import io.noctria.journal.JournalReader;
import io.noctria.replay.InvalidExcerpt;
import io.noctria.replay.Projections;
import io.noctria.replay.ReplayResult;
import io.noctria.replay.Replayer;
import org.agrona.DirectBuffer;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs one {@link Replayer} pass for a CLI command ({@code replay}, {@code postmortem}) over the data directory's
 * journal, read-only: checks the journal and the window, draws the terminal progress bar when asked, and
 * reports every invalid excerpt on stderr with its index (they are also counted in the result).
 * <p>
 * A journal the engine is still writing is replayed up to the end the reader sees when it gets there.
 */
final class ReplayRun
{
    private final String command;
    private final Path dataDir;
    private final Path journalDir;
    private final PrintWriter err;
    private long fromNs = ReplayResult.OPEN;
    private long toNs = ReplayResult.OPEN;
    private String traceId;
    private boolean progress;
    private long afterIndex = -1;
    private final QueueDamage damage = new QueueDamage();

    /**
     * @param command the command name, for messages.
     * @param dataDir the {@code --data-dir}.
     * @param err     where invalid excerpts, errors and the progress bar go.
     */
    ReplayRun(final String command, final Path dataDir, final PrintWriter err)
    {
        this.command = command;
        this.dataDir = dataDir;
        this.journalDir = new DataDirectory(dataDir).queue(DataDirectory.JOURNAL);
        this.err = err;
    }

    /** @param fromNs inclusive window start (epoch ns), or {@link ReplayResult#OPEN}. */
    ReplayRun withFrom(final long fromNs)
    {
        this.fromNs = fromNs;
        return this;
    }

    /** @param toNs exclusive window end (epoch ns), or {@link ReplayResult#OPEN}. */
    ReplayRun withTo(final long toNs)
    {
        this.toNs = toNs;
        return this;
    }

    /** @param index replay the journal after this index only (a snapshot's frame), or -1 for all of it. */
    ReplayRun withAfterIndex(final long index)
    {
        this.afterIndex = index;
        return this;
    }

    /** @param traceId keep this trace's timeline and latency rows; null for all. */
    ReplayRun withTraceId(final String traceId)
    {
        this.traceId = traceId;
        return this;
    }

    /** @param progress draw the progress bar on {@code err} (only when a person watches: see {@link ProgressBar}). */
    ReplayRun withProgress(final boolean progress)
    {
        this.progress = progress;
        return this;
    }

    /** @return the damaged frames among the invalid excerpts of the last {@link #run}. */
    QueueDamage damage()
    {
        return damage;
    }

    /**
     * @return {@link CommandFailure#QUEUE_DAMAGED_EXIT} after printing the summary line when the journal holds damaged
     * frames, else {@code otherwise}.
     */
    int exitCode(final int otherwise)
    {
        return damage.report(command, journalDir, err, otherwise);
    }

    /** @return the journal queue directory replayed. */
    Path journalDir()
    {
        return journalDir;
    }

    /**
     * Replays the window.
     *
     * @throws CommandFailure when there is no journal (exit 1), the window is empty (exit 2), or an excerpt header
     *                        of the journal cannot be read (exit {@link CommandFailure#QUEUE_DAMAGED_EXIT}, one line
     *                        naming the index; nothing after it can be read, so no report is made).
     */
    ReplayResult run()
    {
        if (fromNs != ReplayResult.OPEN && toNs != ReplayResult.OPEN && fromNs >= toNs)
        {
            throw new CommandFailure("--from " + TimeText.utc(fromNs) + " must be before --to " + TimeText.utc(toNs), 2);
        }
        if (!Files.isDirectory(journalDir))
        {
            throw new CommandFailure("no journal at " + journalDir + " (is --data-dir right?)");
        }
        Replayer replayer = new Replayer(journalDir).withTraceId(traceId);
        if (afterIndex >= 0)
        {
            replayer = replayer.withAfterIndex(afterIndex);
        }
        if (fromNs != ReplayResult.OPEN)
        {
            replayer = replayer.withFrom(fromNs);
        }
        if (toNs != ReplayResult.OPEN)
        {
            replayer = replayer.withTo(toNs);
        }
        final ReplayResult result;
        ProgressBar bar = null;
        try
        {
            if (progress)
            {
                bar = progressBar();
                replayer = replayer.withProgress(bar);
            }
            result = replayer.replay();
        }
        catch (final JournalNotFoundException ex)
        {
            throw new CommandFailure(ex.getMessage() + " (is --data-dir right?)");
        }
        catch (final JournalDamagedException ex)
        {
            // A partial report would read as a complete one: name the index and refuse instead.
            throw QueueDamage.unreadableFailure(ex, "no report made");
        }
        finally
        {
            if (bar != null)
            {
                bar.finish();
            }
        }
        reportInvalid(result);
        if (toNs == ReplayResult.OPEN)
        {
            // Read to its end: a journal that ends before what the last run appended lost frames.
            // An empty window after a snapshot ends at the snapshot's frame.
            final Projections projections = result.projections();
            damage.checkEnd(dataDir, projections.excerpts() == 0 && afterIndex >= 0 ? afterIndex : projections.lastIndex());
        }
        return result;
    }

    private void reportInvalid(final ReplayResult result)
    {
        final List<InvalidExcerpt> invalid = result.projections().invalidExcerpts();
        for (int i = 0, n = invalid.size(); i < n; i++)
        {
            final InvalidExcerpt excerpt = invalid.get(i);
            damage.note(excerpt.index(), excerpt.error());
            err.println("noctria " + command + ": excerpt " + excerpt.index() + " (0x" + Long.toHexString(excerpt.index()) +
                ") is not a valid message: " + excerpt.error() + ": " + excerpt.detail());
        }
        if (result.projections().invalidCount() > invalid.size())
        {
            err.println("noctria " + command + ": " + (result.projections().invalidCount() - invalid.size()) +
                " more invalid excerpts not listed (" + result.projections().invalidCount() + " in all)");
        }
        err.flush();
    }

    private ProgressBar progressBar()
    {
        final long firstNs = fromNs != ReplayResult.OPEN ? fromNs : edgeTime(false);
        final long lastNs = edgeTime(true);
        final long endNs = toNs == ReplayResult.OPEN || lastNs == MessageTimes.UNKNOWN ? lastNs : Math.min(toNs, lastNs);
        return new ProgressBar(err, command, firstNs, endNs, System::nanoTime);
    }

    /** @return the time of the journal's first or last message, or {@link MessageTimes#UNKNOWN}. */
    private long edgeTime(final boolean last)
    {
        try (JournalReader reader = JournalReader.open(journalDir))
        {
            if (last)
            {
                reader.toLast(1);
            }
            final EdgeTime edge = new EdgeTime();
            reader.poll(edge, 1);
            return edge.timeNs;
        }
    }

    private static final class EdgeTime implements JournalConsumer
    {
        private long timeNs = MessageTimes.UNKNOWN;

        @Override
        public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
        {
            timeNs = MessageTimes.timeOf(buffer, offset, length);
        }

        @Override
        public void onInvalid(final long index, final RecordError error, final String detail)
        {
        }
    }
}

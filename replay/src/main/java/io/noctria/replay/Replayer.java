package io.noctria.replay;

import io.noctria.codecs.MessageTimes;
import io.noctria.codecs.RecordError;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Rebuilds the {@link Projections} from a journal directory, read-only: the whole journal, a time window,
 * and/or one trace's timeline and latency.
 * <p>
 * The window {@code [from, to)} is by message time ({@link MessageTimes}: the ingress stamp of inputs, the
 * {@code tsNs} of events). The start is found by the reader's binary search, not by a scan. The replay stops
 * at the first message stamped at or after {@code to}: the journal is in time order except that an input's
 * ingress stamp can precede the stamps of the previous input's events by the time the logic thread took, so
 * the end is exact up to that overlap. Invalid excerpts inside the window are folded (counted and kept),
 * never skipped; one just before {@code from} has no time and is kept with the message after it, so two
 * adjacent windows can both report it. A journal still being written is replayed up to its end at the time of reading.
 * <p>
 * Immutable: each {@code with*} returns a new replayer.
 */
public final class Replayer
{
    private static final int BATCH = 4096;

    private final Path journalDir;
    private final long fromNs;
    private final long toNs;
    private final String traceId;
    private final ReplayProgress progress;
    private final long afterIndex;

    /** @param journalDir a directory holding a journal queue. */
    public Replayer(final Path journalDir)
    {
        this(journalDir, ReplayResult.OPEN, ReplayResult.OPEN, null, null, -1);
    }

    private Replayer(
        final Path journalDir, final long fromNs, final long toNs, final String traceId, final ReplayProgress progress,
        final long afterIndex)
    {
        this.fromNs = fromNs;
        this.toNs = toNs;
        this.journalDir = Objects.requireNonNull(journalDir, "journalDir");
        this.traceId = traceId;
        this.progress = progress;
        this.afterIndex = afterIndex;
    }

    /** @return a replayer starting at the first message stamped at or after {@code epochNs}. */
    public Replayer withFrom(final long epochNs)
    {
        checkWindow(epochNs, toNs);
        return new Replayer(journalDir, epochNs, toNs, traceId, progress, afterIndex);
    }

    /** @return a replayer stopping before the first message stamped at or after {@code epochNs}. */
    public Replayer withTo(final long epochNs)
    {
        checkWindow(fromNs, epochNs);
        return new Replayer(journalDir, fromNs, epochNs, traceId, progress, afterIndex);
    }

    /** @return a replayer whose timeline and latency rows keep this trace only; null for every trace. */
    public Replayer withTraceId(final String traceId)
    {
        return new Replayer(journalDir, fromNs, toNs, traceId, progress, afterIndex);
    }

    /**
     * @param progress told after each batch read how far the replay got (for a progress display); null for none.
     *                 It does not change what is replayed.
     * @return a replayer reporting its progress to {@code progress}.
     */
    public Replayer withProgress(final ReplayProgress progress)
    {
        return new Replayer(journalDir, fromNs, toNs, traceId, progress, afterIndex);
    }

    /**
     * @param index a journal index the journal holds (a snapshot's frame): the window starts with the excerpt after
     *              it, and a time bound still applies on top. Checked when the replay runs.
     * @return a replayer starting right after {@code index}.
     */
    public Replayer withAfterIndex(final long index)
    {
        return new Replayer(journalDir, fromNs, toNs, traceId, progress, index);
    }

    /**
     * Reads the window once through a {@link JournalReader} into fresh projections.
     *
     * @return the rebuilt projections with the window.
     * @throws io.noctria.journal.JournalNotFoundException when the directory holds no journal.
     */
    public ReplayResult replay()
    {
        final Projections projections = new Projections(traceId);
        try (JournalReader reader = JournalReader.open(journalDir))
        {
            if (afterIndex >= 0)
            {
                skipTo(reader, afterIndex);
            }
            if (fromNs != ReplayResult.OPEN)
            {
                // False means nothing is stamped that late: the reader is at the end and the window is empty.
                reader.toTime(fromNs);
            }
            final WindowEnd window = new WindowEnd(projections, toNs, progress != null);
            int read;
            do
            {
                // Excerpts a batch reads past the window's end are ignored by the window.
                read = reader.poll(window, BATCH);
                if (progress != null)
                {
                    progress.onProgress(projections.excerpts(), window.lastTimeNs);
                }
            }
            while (read > 0 && !window.ended);
        }
        return new ReplayResult(projections, fromNs, toNs, afterIndex);
    }

    @Override
    public String toString()
    {
        return "Replayer{" + journalDir + ", from=" + fromNs + ", to=" + toNs + ", traceId=" + traceId +
            (progress == null ? "" : ", progress") + "}";
    }

    /** Positions {@code reader} right after the excerpt at {@code index}, which must be in the journal. */
    private static void skipTo(final JournalReader reader, final long index)
    {
        final long[] read = {-1};
        if (reader.toIndex(index))
        {
            reader.poll(new JournalConsumer()
            {
                @Override
                public void onMessage(final long at, final DirectBuffer buffer, final int offset, final int length)
                {
                    read[0] = at;
                }

                @Override
                public void onInvalid(final long at, final RecordError error, final String detail)
                {
                    read[0] = at;
                }
            }, 1);
        }
        if (read[0] != index)
        {
            throw new IllegalArgumentException("the journal holds no excerpt at index " + index);
        }
    }

    private static void checkWindow(final long fromNs, final long toNs)
    {
        if (fromNs != ReplayResult.OPEN && toNs != ReplayResult.OPEN && fromNs >= toNs)
        {
            throw new IllegalArgumentException("replay window is empty: from " + fromNs + " ns is not before to " +
                toNs + " ns");
        }
    }

    /**
     * Passes excerpts on until the first one stamped at or after the window's end. A frame is judged by its first
     * message (its input) and passed on whole or not at all.
     */
    private static final class WindowEnd implements JournalConsumer
    {
        private final Projections projections;
        private final long toNs;
        private final boolean trackTime;
        private boolean ended;
        private long lastTimeNs = MessageTimes.UNKNOWN;
        private int frameMessages;
        private boolean frameFirst;

        WindowEnd(final Projections projections, final long toNs, final boolean trackTime)
        {
            this.projections = projections;
            this.toNs = toNs;
            this.trackTime = trackTime;
        }

        @Override
        public void onFrame(final long index, final int messages)
        {
            frameMessages = messages;
            frameFirst = true;
        }

        @Override
        public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
        {
            if (ended)
            {
                return;
            }
            final boolean inFrame = frameMessages > 0;
            if (!inFrame || frameFirst)
            {
                if (toNs != ReplayResult.OPEN || trackTime)
                {
                    final long timeNs = MessageTimes.timeOf(buffer, offset, length);
                    if (toNs != ReplayResult.OPEN && timeNs >= toNs)
                    {
                        ended = true;
                        return;
                    }
                    lastTimeNs = timeNs;
                }
                if (inFrame)
                {
                    frameFirst = false;
                    projections.onFrame(index, frameMessages);
                }
            }
            projections.onMessage(index, buffer, offset, length);
        }

        @Override
        public void onInvalid(final long index, final RecordError error, final String detail)
        {
            frameMessages = 0;
            if (!ended)
            {
                projections.onInvalid(index, error, detail);
            }
        }
    }
}

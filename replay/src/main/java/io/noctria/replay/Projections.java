package io.noctria.replay;

import io.noctria.codecs.FrameInput;
import io.noctria.codecs.RecordError;
import io.noctria.journal.JournalConsumer;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every projection of the journal, folded together: the outbox, the trace timeline, the stage latency and
 * the KPIs, plus the journal index range and the invalid excerpts seen.
 * <p>
 * The one fold the live engine and the replayer share: the {@link Replayer} feeds it from a
 * {@link io.noctria.journal.JournalReader}; a live engine feeds it each message right after journaling it
 * (same index, same bytes). Same messages in, same state out, so a live report and a replay report of the
 * same journal are the same bytes by construction. Not for the engine's logic thread: a new order allocates
 * its entries and the timeline copies every event; run it on a thread that follows the journal.
 * <p>
 * Single-threaded: read results on the folding thread, or after folding stopped.
 */
public final class Projections implements JournalConsumer
{
    /** Invalid excerpts kept with their detail; beyond this they are only counted. */
    public static final int MAX_INVALID_KEPT = 10_000;

    private final String traceIdFilter;
    private final FrameInput frameInput = new FrameInput();
    private final OutboxProjection outbox = new OutboxProjection(frameInput);
    private final TraceTimeline timeline;
    private final TraceLatency latency;
    private final Kpis kpis;
    private final List<InvalidExcerpt> invalid = new ArrayList<>();
    private final List<InvalidExcerpt> invalidView = Collections.unmodifiableList(invalid);
    private long invalidCount;
    private long excerpts;
    private long messages;
    private long firstIndex = -1;
    private long lastIndex = -1;

    /** Projections over every trace. */
    public Projections()
    {
        this(null);
    }

    /**
     * @param traceIdFilter when not null, the timeline and the latency rows keep this trace only; the outbox
     *                      and the KPIs still cover every message folded.
     */
    public Projections(final String traceIdFilter)
    {
        this.traceIdFilter = traceIdFilter;
        this.timeline = new TraceTimeline(traceIdFilter, frameInput);
        this.latency = new TraceLatency(traceIdFilter, frameInput);
        this.kpis = new Kpis(outbox, latency);
    }

    /**
     * Folds one journal message into every projection, the outbox first (the KPIs read its state). An event of
     * schema 2 is folded as its schema-3 form ({@link io.noctria.codecs.EventUpgrade}), so every journal folds the same way.
     *
     * @param index  journal index of the message; indexes must increase from call to call.
     * @param buffer holding the message, which starts with the SBE header.
     * @param offset of the header.
     * @param length of the message, header included.
     */
    @Override
    public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!frameInput.inFrame())
        {
            advance(index); // an excerpt of its own; a message of a frame shares the frame's index and excerpt
        }
        messages++;
        final int foldedLength = frameInput.next(buffer, offset, length);
        final DirectBuffer folded = frameInput.foldBuffer();
        final int at = frameInput.foldOffset();
        outbox.onMessage(index, folded, at, foldedLength);
        latency.onMessage(index, folded, at, foldedLength);
        timeline.onMessage(index, folded, at, foldedLength);
        kpis.onMessage(index, folded, at, foldedLength);
    }

    /**
     * Counts and keeps an excerpt that is not a readable message, and places it in the timeline.
     *
     * @param index  journal index of the excerpt.
     * @param error  what is wrong with it.
     * @param detail the reader's explanation.
     */
    /**
     * A frame (journal format 2) follows: its {@code messages} messages arrive as {@link #onMessage} calls with the
     * frame's index, and count as one excerpt.
     *
     * @param index    journal index of the frame; indexes must increase from frame to frame.
     * @param messages how many messages it holds.
     */
    @Override
    public void onFrame(final long index, final int messages)
    {
        advance(index);
        frameInput.onFrame(messages);
    }

    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        frameInput.onInvalid();
        advance(index);
        invalidCount++;
        if (invalid.size() < MAX_INVALID_KEPT)
        {
            invalid.add(new InvalidExcerpt(index, error, detail));
        }
        outbox.onInvalid(index, error, detail);
        latency.onInvalid(index, error, detail);
        timeline.onInvalid(index, error, detail);
        kpis.onInvalid(index, error, detail);
    }

    /** @return the trace id the timeline and latency rows are limited to, or null. */
    public String traceIdFilter()
    {
        return traceIdFilter;
    }

    /** @return the outbox. */
    public OutboxProjection outbox()
    {
        return outbox;
    }

    /** @return the trace timeline. */
    public TraceTimeline timeline()
    {
        return timeline;
    }

    /** @return the stage latency rows and histograms. */
    public TraceLatency latency()
    {
        return latency;
    }

    /** @return the KPIs. */
    public Kpis kpis()
    {
        return kpis;
    }

    /** @return invalid excerpts seen, kept or not. */
    public long invalidCount()
    {
        return invalidCount;
    }

    /** @return the first {@link #MAX_INVALID_KEPT} invalid excerpts, in journal order. */
    public List<InvalidExcerpt> invalidExcerpts()
    {
        return invalidView;
    }

    /** @return excerpts folded, valid and invalid. */
    public long excerpts()
    {
        return excerpts;
    }

    /** @return messages folded (a frame holds several). */
    public long messages()
    {
        return messages;
    }

    /** @return journal index of the first excerpt folded, or -1. */
    public long firstIndex()
    {
        return firstIndex;
    }

    /** @return journal index of the last excerpt folded, or -1. */
    public long lastIndex()
    {
        return lastIndex;
    }

    private void advance(final long index)
    {
        if (index <= lastIndex)
        {
            throw new IllegalArgumentException("journal index " + index + " does not follow " + lastIndex +
                ": projections fold each excerpt once, in journal order");
        }
        if (firstIndex < 0)
        {
            firstIndex = index;
        }
        lastIndex = index;
        excerpts++;
    }
}

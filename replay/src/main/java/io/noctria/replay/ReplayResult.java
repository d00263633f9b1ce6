package io.noctria.replay;

import java.util.List;

/**
 * What a replay rebuilt: the {@link Projections} folded over the journal window, with the window itself.
 * A live engine wraps its own projections with {@link #of(Projections)} to write the same report.
 */
public final class ReplayResult
{
    /** A window bound that is not set: from the start, or to the end. */
    public static final long OPEN = Long.MIN_VALUE;

    private final Projections projections;
    private final long fromNs;
    private final long toNs;
    private final long afterIndex;

    ReplayResult(final Projections projections, final long fromNs, final long toNs, final long afterIndex)
    {
        this.projections = projections;
        this.fromNs = fromNs;
        this.toNs = toNs;
        this.afterIndex = afterIndex;
    }

    /**
     * @param projections projections folded by a live engine (or any other feeder).
     * @return a result over everything they folded, with an open window.
     */
    public static ReplayResult of(final Projections projections)
    {
        return new ReplayResult(projections, OPEN, OPEN, -1);
    }

    /** @return the folded projections. */
    public Projections projections()
    {
        return projections;
    }

    /** @return the outbox. */
    public OutboxProjection outbox()
    {
        return projections.outbox();
    }

    /** @return the trace timeline. */
    public TraceTimeline timeline()
    {
        return projections.timeline();
    }

    /** @return the stage latency rows and histograms. */
    public TraceLatency latency()
    {
        return projections.latency();
    }

    /** @return the KPIs. */
    public Kpis kpis()
    {
        return projections.kpis();
    }

    /** @return every invalid excerpt seen in the window. */
    public long invalidCount()
    {
        return projections.invalidCount();
    }

    /** @return the invalid excerpts kept (up to {@link Projections#MAX_INVALID_KEPT}), in journal order. */
    public List<InvalidExcerpt> invalidExcerpts()
    {
        return projections.invalidExcerpts();
    }

    /** @return journal index of the first excerpt replayed, or -1 when none. */
    public long firstIndex()
    {
        return projections.firstIndex();
    }

    /** @return journal index of the last excerpt replayed, or -1 when none. */
    public long lastIndex()
    {
        return projections.lastIndex();
    }

    /** @return excerpts replayed, valid and invalid. */
    public long excerpts()
    {
        return projections.excerpts();
    }

    /** @return the window's inclusive start in epoch ns, or {@link #OPEN}. */
    public long fromNs()
    {
        return fromNs;
    }

    /** @return the window's exclusive end in epoch ns, or {@link #OPEN}. */
    public long toNs()
    {
        return toNs;
    }

    /** @return the journal index the window starts after ({@link Replayer#withAfterIndex}), or -1. */
    public long afterIndex()
    {
        return afterIndex;
    }

    /** @return the trace id the timeline and latency rows are limited to, or null. */
    public String traceIdFilter()
    {
        return projections.traceIdFilter();
    }
}

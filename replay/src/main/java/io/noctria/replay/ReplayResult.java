package io.noctria.replay;

/**
 * What a replay rebuilt: the {@link Projections} folded over the journal window, with the window itself. The
 * projections are the one place their facts are read from ({@code result.projections().kpis()}); this record only
 * adds where the window lay. A live engine wraps its own projections with {@link #of(Projections)} to write the
 * same report.
 *
 * @param projections the folded projections.
 * @param fromNs      the window's inclusive start in epoch ns, or {@link #OPEN}.
 * @param toNs        the window's exclusive end in epoch ns, or {@link #OPEN}.
 * @param afterIndex  the journal index the window starts after ({@link Replayer#withAfterIndex}), or -1.
 */
public record ReplayResult(Projections projections, long fromNs, long toNs, long afterIndex)
{
    /** A window bound that is not set: from the start, or to the end. */
    public static final long OPEN = Long.MIN_VALUE;

    /**
     * @param projections projections folded by a live engine (or any other feeder).
     * @return a result over everything they folded, with an open window.
     */
    public static ReplayResult of(final Projections projections)
    {
        return new ReplayResult(projections, OPEN, OPEN, -1);
    }
}

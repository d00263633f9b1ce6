package io.noctria.codecs;

/**
 * The one position and P&amp;L model of the platform, at cost basis: the execution core keeps one per
 * symbol (its loss streak, which shrinks orders, counts the round trips this model closes) and the
 * replay's KPIs keep one per symbol (the realised P&amp;L, win rate and drawdown a report shows), so the
 * two cannot disagree.
 * <p>
 * A position is a signed quantity and its cost: the signed notional paid for it (scale 10^6 of the quote
 * currency; positive for a long). A fill in the position's direction (or opening it) adds its notional to
 * the cost. A fill against it closes part of the position: the closed share of the cost, rounded by the
 * {@link FixedPoint} rule, all of it when the position closes (so no rounding residue survives a round
 * trip), and realises what the fill received minus that cost. A fill larger than the position closes it
 * and opens the rest the other way at the fill price. A round trip runs from flat to flat; its outcome is
 * the sign of the P&amp;L realised during it.
 * <p>
 * Amounts saturate at ±{@link Long#MAX_VALUE} instead of wrapping or throwing: a fill whose notional does
 * not fit a {@code long} (a broker report is input, not a promise) leaves a clamped, deterministic figure.
 * Mutable, allocation-free, not thread-safe.
 */
public final class Position
{
    /** Result of {@link #applyFill}: the fill did not bring the position to or through zero. */
    public static final int ROUND_TRIP_OPEN = 0;
    /** Result of {@link #applyFill}: a round trip closed with a gain. */
    public static final int ROUND_TRIP_WIN = 1;
    /** Result of {@link #applyFill}: a round trip closed with a loss. */
    public static final int ROUND_TRIP_LOSS = 2;
    /** Result of {@link #applyFill}: a round trip closed flat. */
    public static final int ROUND_TRIP_SCRATCH = 3;

    private long qty;
    private long cost;
    private long realisedPnl;
    private long roundTripPnl;
    private long lastRealisedPnl;

    /**
     * Applies one fill.
     *
     * @param buy     true for a BUY fill.
     * @param fillQty fill quantity (scale 10^6); 0 or less changes nothing.
     * @param price   fill price (scale 10^6).
     * @return one of the ROUND_TRIP_* results; {@link #lastRealisedPnl()} is what this fill realised.
     */
    public int applyFill(final boolean buy, final long fillQty, final long price)
    {
        lastRealisedPnl = 0;
        if (fillQty <= 0)
        {
            return ROUND_TRIP_OPEN;
        }
        int outcome = ROUND_TRIP_OPEN;
        long opening = fillQty;
        if (0 != qty && (qty > 0) != buy)
        {
            final long held = Math.abs(qty);
            final long closing = Math.min(fillQty, held);
            final long costClosed = closing == held ? cost : saturate(FixedPoint.mulDiv(cost, closing, held), cost < 0);
            final long signedClosing = buy ? closing : -closing;
            // Selling out of a long receives the notional; buying back a short pays it.
            final long received = -saturate(FixedPoint.notional(signedClosing, price), (signedClosing < 0) != (price < 0));
            final long pnl = subtractSaturated(received, costClosed);
            qty += signedClosing;
            cost = subtractSaturated(cost, costClosed);
            lastRealisedPnl = pnl;
            realisedPnl = addSaturated(realisedPnl, pnl);
            roundTripPnl = addSaturated(roundTripPnl, pnl);
            if (0 == qty)
            {
                outcome = roundTripPnl > 0 ? ROUND_TRIP_WIN : roundTripPnl < 0 ? ROUND_TRIP_LOSS : ROUND_TRIP_SCRATCH;
                roundTripPnl = 0;
                cost = 0;
            }
            opening = fillQty - closing;
        }
        if (opening > 0)
        {
            final long signedOpening = buy ? opening : -opening;
            qty = addSaturated(qty, signedOpening);
            final long paid = saturate(FixedPoint.notional(signedOpening, price), (signedOpening < 0) != (price < 0));
            cost = addSaturated(cost, paid);
        }
        return outcome;
    }

    /** @return the signed filled position (scale 10^6); 0 when flat. */
    public long qty()
    {
        return qty;
    }

    /** @return the signed cost of the open position (scale 10^6 of the quote currency); 0 when flat. */
    public long cost()
    {
        return cost;
    }

    /** @return the P&amp;L realised since this position was created (scale 10^6 of the quote currency). */
    public long realisedPnl()
    {
        return realisedPnl;
    }

    /** @return the P&amp;L realised in the round trip in progress; 0 when flat. */
    public long roundTripPnl()
    {
        return roundTripPnl;
    }

    /** @return the P&amp;L the last {@link #applyFill} realised; 0 when it only added to the position. */
    public long lastRealisedPnl()
    {
        return lastRealisedPnl;
    }

    /** @return the average cost per unit, |cost| / |qty| by the {@link FixedPoint} rule; 0 when flat. */
    public long averagePrice()
    {
        return 0 == qty ? 0 : saturate(FixedPoint.mulDiv(Math.abs(cost), FixedPoint.SCALE, Math.abs(qty)), false);
    }

    /**
     * Puts back a position read from a snapshot (the engine's recovery); {@link #lastRealisedPnl()} starts at 0, as
     * after a fill that realised nothing.
     */
    public void restore(final long qty, final long cost, final long realisedPnl, final long roundTripPnl)
    {
        this.qty = qty;
        this.cost = cost;
        this.realisedPnl = realisedPnl;
        this.roundTripPnl = roundTripPnl;
        this.lastRealisedPnl = 0;
    }

    /** Returns to flat with nothing realised. */
    public void reset()
    {
        qty = 0;
        cost = 0;
        realisedPnl = 0;
        roundTripPnl = 0;
        lastRealisedPnl = 0;
    }

    @Override
    public String toString()
    {
        return "Position{qty=" + qty + ", cost=" + cost + ", realisedPnl=" + realisedPnl + ", roundTripPnl=" +
            roundTripPnl + '}';
    }

    /** @return the value, or the bound on the side the exact result lies when it did not fit. */
    private static long saturate(final long value, final boolean negative)
    {
        if (FixedPoint.OVERFLOW != value)
        {
            return value;
        }
        return negative ? -Long.MAX_VALUE : Long.MAX_VALUE;
    }

    private static long addSaturated(final long a, final long b)
    {
        final long sum = a + b;
        // Overflow only when both operands share a sign the sum does not.
        if (((a ^ sum) & (b ^ sum)) < 0)
        {
            return a < 0 ? -Long.MAX_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    private static long subtractSaturated(final long a, final long b)
    {
        return addSaturated(a, -b);
    }
}

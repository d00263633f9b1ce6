package io.noctria.replay;

import io.noctria.codecs.FixedPoint;
import java.util.HashMap;
import java.util.Map;

/**
 * Realised PnL from fills, average-cost per symbol, with round trips for the win rate and the running peak
 * of cumulative realised PnL for the max drawdown.
 * <p>
 * A position's cost is the signed notional paid for it (scale 10^6 of the quote currency). A fill in the
 * position's direction adds its notional to the cost; a fill against it closes part of the position at the
 * average cost (the closed share of the cost, rounded half away from zero; all of it when the position
 * closes, so no rounding residue survives a round trip) and realises proceeds minus that cost. A fill larger
 * than the position closes it and opens the rest the other way. A round trip runs from flat to flat; it wins
 * when its realised PnL is positive. Amounts are in each symbol's quote currency: summing symbols quoted in
 * different currencies is only meaningful when they share one (JPY in the platform's setup).
 */
final class PositionBook
{
    private final Map<String, Position> positions = new HashMap<>();
    private long realized;
    private long peak;
    private long maxDrawdown;
    private long roundTrips;
    private long winningRoundTrips;

    /**
     * @param symbol the instrument.
     * @param buy    true for a BUY fill.
     * @param qty    fill quantity, positive (scale 10^6).
     * @param price  fill price (scale 10^6).
     */
    void onFill(final String symbol, final boolean buy, final long qty, final long price)
    {
        if (qty <= 0)
        {
            return;
        }
        Position position = positions.get(symbol);
        if (position == null)
        {
            position = new Position();
            positions.put(symbol, position);
        }
        long opening = qty;
        if (position.qty != 0 && (position.qty > 0) != buy)
        {
            final long held = Math.abs(position.qty);
            final long closing = Math.min(qty, held);
            final long costClosed = closing == held ? position.cost : FixedPoint.mulDivExact(position.cost, closing, held);
            final long signedClosing = buy ? closing : -closing;
            // Selling out of a long receives the notional; buying back a short pays it.
            final long pnl = -FixedPoint.mulDivExact(signedClosing, price, FixedPoint.SCALE) - costClosed;
            position.qty += signedClosing;
            position.cost -= costClosed;
            position.roundTripPnl += pnl;
            realize(pnl);
            if (position.qty == 0)
            {
                roundTrips++;
                if (position.roundTripPnl > 0)
                {
                    winningRoundTrips++;
                }
                position.roundTripPnl = 0;
            }
            opening = qty - closing;
        }
        if (opening > 0)
        {
            final long signedOpening = buy ? opening : -opening;
            position.qty += signedOpening;
            position.cost += FixedPoint.mulDivExact(signedOpening, price, FixedPoint.SCALE);
        }
    }

    /** @return cumulative realised PnL (scale 10^6 of the quote currency). */
    long realized()
    {
        return realized;
    }

    /** @return the largest fall of cumulative realised PnL from its running peak (which starts at 0); 0 or more. */
    long maxDrawdown()
    {
        return maxDrawdown;
    }

    /** @return round trips closed (flat to flat). */
    long roundTrips()
    {
        return roundTrips;
    }

    /** @return closed round trips with a positive realised PnL. */
    long winningRoundTrips()
    {
        return winningRoundTrips;
    }

    /** @return the signed open position of a symbol (scale 10^6); 0 when flat or unknown. */
    long position(final String symbol)
    {
        final Position position = positions.get(symbol);
        return position == null ? 0 : position.qty;
    }

    private void realize(final long pnl)
    {
        realized = Math.addExact(realized, pnl);
        peak = Math.max(peak, realized);
        maxDrawdown = Math.max(maxDrawdown, peak - realized);
    }

    private static final class Position
    {
        private long qty;
        private long cost;
        private long roundTripPnl;
    }
}

package io.noctria.replay;

import io.noctria.codecs.Position;

import java.util.HashMap;
import java.util.Map;

/**
 * Realised PnL from fills, one {@link Position} per symbol (the platform's single cost-basis model, the one the
 * execution core's loss streak counts with), with round trips for the win rate and the running peak of
 * cumulative realised PnL for the max drawdown. Amounts are in each symbol's quote currency: summing symbols
 * quoted in different currencies is only meaningful when they share one (JPY in the platform's setup).
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
        final Position position = positions.computeIfAbsent(symbol, ignored -> new Position());
        final int outcome = position.applyFill(buy, qty, price);
        realize(position.lastRealisedPnl());
        if (outcome != Position.ROUND_TRIP_OPEN)
        {
            roundTrips++;
            if (outcome == Position.ROUND_TRIP_WIN)
            {
                winningRoundTrips++;
            }
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
        return position == null ? 0 : position.qty();
    }

    /** @return the position of a symbol, or null when it never had a fill; read-only by convention. */
    Position positionOf(final String symbol)
    {
        return positions.get(symbol);
    }

    private void realize(final long pnl)
    {
        realized = Math.addExact(realized, pnl);
        peak = Math.max(peak, realized);
        maxDrawdown = Math.max(maxDrawdown, peak - realized);
    }
}

package io.noctria.codecs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PositionTest
{
    private static final long M = FixedPoint.SCALE;

    @Test
    void shouldCloseAtTheClosedShareOfTheCostAndLeaveNoResidueWhenFlat()
    {
        final Position position = new Position();
        assertEquals(Position.ROUND_TRIP_OPEN, position.applyFill(true, 3 * M, 100 * M));
        assertEquals(Position.ROUND_TRIP_OPEN, position.applyFill(true, 1 * M, 101 * M));
        assertEquals(401 * M, position.cost());
        assertEquals(100_250_000L, position.averagePrice());
        // 1.333333 of 4 units closes 401 x 1.333333 / 4 = 133.66663325 of the cost (rounded to 133.666633) for
        // 1.333333 x 99.75 = 132.99996675 received (rounded to 132.999967).
        assertEquals(Position.ROUND_TRIP_OPEN, position.applyFill(false, 1_333_333L, 99_750_000L));
        assertEquals(132_999_967L - 133_666_633L, position.lastRealisedPnl());
        assertEquals(401_000_000L - 133_666_633L, position.cost());
        // The rest closes all of the remaining cost: 2.666667 x 100 = 266.6667 for 267.333367.
        assertEquals(Position.ROUND_TRIP_LOSS, position.applyFill(false, 2_666_667L, 100 * M));
        assertEquals(266_666_700L - 267_333_367L, position.lastRealisedPnl());
        assertEquals(-666_666L - 666_667L, position.realisedPnl());
        assertEquals(0, position.qty());
        assertEquals(0, position.cost());
        assertEquals(0, position.roundTripPnl());
    }

    @Test
    void shouldOpenTheRestTheOtherWayWhenAFillCrossesZero()
    {
        final Position position = new Position();
        position.applyFill(false, 2 * M, 150 * M);
        assertEquals(Position.ROUND_TRIP_WIN, position.applyFill(true, 5 * M, 149 * M));
        assertEquals(2 * M, position.realisedPnl());
        assertEquals(3 * M, position.qty());
        assertEquals(447 * M, position.cost());
        assertEquals(0, position.roundTripPnl());
    }

    @Test
    void shouldSaturateInsteadOfWrappingOnANotionalBeyondALong()
    {
        final Position position = new Position();
        position.applyFill(true, Long.MAX_VALUE / 2, 1_000 * M);
        assertEquals(Long.MAX_VALUE, position.cost());
        position.applyFill(false, Long.MAX_VALUE / 2, 2_000 * M);
        assertEquals(0, position.qty());
        assertEquals(0, position.cost());
    }
}

package io.noctria.replay;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PositionBookTest
{
    private static final long ONE = 1_000_000L;

    private final PositionBook book = new PositionBook();

    @Test
    void shouldRealiseAWinningLongRoundTrip()
    {
        book.onFill("USDJPY", true, 2 * ONE, 100 * ONE);
        book.onFill("USDJPY", false, 2 * ONE, 110 * ONE);

        assertEquals(20 * ONE, book.realized());
        assertEquals(1, book.roundTrips());
        assertEquals(1, book.winningRoundTrips());
        assertEquals(0, book.maxDrawdown());
        assertEquals(0, book.position("USDJPY"));
    }

    @Test
    void shouldCloseAtTheAverageCostAndTrackTheDrawdownFromThePeak()
    {
        book.onFill("USDJPY", true, ONE, 100 * ONE);
        book.onFill("USDJPY", true, ONE, 102 * ONE);   // average cost 101
        book.onFill("USDJPY", false, ONE, 105 * ONE);  // +4, peak 4
        assertEquals(4 * ONE, book.realized());
        assertEquals(ONE, book.position("USDJPY"));
        assertEquals(0, book.roundTrips());

        book.onFill("USDJPY", false, ONE, 99 * ONE);   // -2: round trip +2, drawdown 4 - 2
        assertEquals(2 * ONE, book.realized());
        assertEquals(2 * ONE, book.maxDrawdown());
        assertEquals(1, book.roundTrips());
        assertEquals(1, book.winningRoundTrips());
    }

    @Test
    void shouldRealiseALosingShortRoundTrip()
    {
        book.onFill("EURJPY", false, 3 * ONE, 50 * ONE);
        assertEquals(-3 * ONE, book.position("EURJPY"));
        book.onFill("EURJPY", true, 3 * ONE, 52 * ONE);

        assertEquals(-6 * ONE, book.realized());
        assertEquals(6 * ONE, book.maxDrawdown());
        assertEquals(1, book.roundTrips());
        assertEquals(0, book.winningRoundTrips());
    }

    @Test
    void shouldCloseAndReverseInOneFill()
    {
        book.onFill("USDJPY", true, ONE, 100 * ONE);
        book.onFill("USDJPY", false, 3 * ONE, 104 * ONE);  // closes +4, opens short 2 at 104
        assertEquals(-2 * ONE, book.position("USDJPY"));
        assertEquals(4 * ONE, book.realized());
        assertEquals(1, book.roundTrips());

        book.onFill("USDJPY", true, 2 * ONE, 101 * ONE);   // short closed at 101: +6
        assertEquals(10 * ONE, book.realized());
        assertEquals(2, book.roundTrips());
        assertEquals(2, book.winningRoundTrips());
        assertEquals(0, book.position("USDJPY"));
    }

    @Test
    void shouldLeaveNoRoundingResidueWhenAPositionCloses()
    {
        // Cost 3.000001 for 3 units: closing one third takes 1.00000033.. rounded to 1.000000.
        book.onFill("USDJPY", true, ONE, 1_000_001L);
        book.onFill("USDJPY", true, 2 * ONE, ONE);
        book.onFill("USDJPY", false, ONE, ONE);
        assertEquals(0, book.realized());

        // Closing the rest takes all the remaining cost, 2.000001: in total exactly 3 - 3.000001.
        book.onFill("USDJPY", false, 2 * ONE, ONE);
        assertEquals(-1, book.realized());
        assertEquals(1, book.maxDrawdown());
    }

    @Test
    void shouldKeepSymbolsApart()
    {
        book.onFill("USDJPY", true, ONE, 100 * ONE);
        book.onFill("EURJPY", false, ONE, 160 * ONE);

        assertEquals(ONE, book.position("USDJPY"));
        assertEquals(-ONE, book.position("EURJPY"));
        assertEquals(0, book.realized());
        assertEquals(0, book.roundTrips());
    }
}

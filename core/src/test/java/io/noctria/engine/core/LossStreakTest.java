package io.noctria.engine.core;

import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.AlertDecoder;
import io.noctria.codecs.sbe.RiskDecisionDecoder;
import io.noctria.codecs.sbe.RiskRule;
import io.noctria.codecs.sbe.RiskVerdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.noctria.engine.core.CoreFixture.M;
import static io.noctria.engine.core.CoreFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Policy under test: max_consecutive_losses 3, shrink_after_losses_pct 50. */
class LossStreakTest
{
    private final CoreFixture fixture = new CoreFixture();
    private int traces;

    @Test
    void shouldRealiseLossesAtAverageCostAndCountLosingRoundTrips()
    {
        roundTrip("USDJPY", 150 * M, 149 * M);
        assertEquals(-10 * M, fixture.core.realisedPnl("USDJPY"));
        assertEquals(1, fixture.core.lossStreak("USDJPY"));
        assertEquals(0, fixture.core.position("USDJPY"));
    }

    @Test
    void shouldShrinkRiskIncreasingOrdersOnceTheStreakReachesTheLimit()
    {
        roundTrip("USDJPY", 150 * M, 149 * M);
        roundTrip("USDJPY", 150 * M, 149 * M);
        final int third = fixture.mark();
        roundTrip("USDJPY", 150 * M, 149 * M);
        final List<AlertDecoder> streakAlerts = fixture.alertsSince(third);
        assertEquals(1, streakAlerts.size());
        assertEquals(AlertCode.RISK_RULE, streakAlerts.get(0).code());
        assertEquals(RiskRule.LOSS_STREAK_SHRINK, streakAlerts.get(0).rule());
        assertEquals("loss streak 3 on USDJPY reached max_consecutive_losses 3: new risk-increasing orders shrink by " +
            "50.0000%", streakAlerts.get(0).message());

        final int mark = fixture.mark();
        final CoreFixture.Sent shrunk = fixture.submitSent(next("USDJPY").qty(100 * M));
        final RiskDecisionDecoder decision = fixture.riskDecisionSince(mark);
        assertEquals(RiskVerdict.SHRINK, decision.verdict());
        assertEquals(RiskRule.LOSS_STREAK_SHRINK, decision.rule());
        assertEquals(3, decision.limitValue());
        assertEquals(3, decision.observedValue());
        assertEquals(50 * M, shrunk.qty);
        final String message = fixture.alertsSince(mark).get(0).message();
        assertTrue(message.contains("qty 100.000000 shrunk to 50.000000"), message);

        fixture.fill(shrunk, 50 * M, 150 * M);
        final int reduce = fixture.mark();
        final CoreFixture.Sent reducing = fixture.submitSent(next("USDJPY").sell().qty(50 * M));
        assertEquals(RiskVerdict.ALLOW, fixture.riskDecisionSince(reduce).verdict(), "reducing orders are not shrunk");
        assertEquals(50 * M, reducing.qty);
    }

    @Test
    void shouldResetTheStreakOnAWinAndLeaveItOnAScratch()
    {
        roundTrip("USDJPY", 150 * M, 149 * M);
        roundTrip("USDJPY", 150 * M, 149 * M);
        roundTrip("USDJPY", 150 * M, 150 * M);
        assertEquals(2, fixture.core.lossStreak("USDJPY"), "a flat round trip leaves the streak");
        roundTrip("USDJPY", 150 * M, 151 * M);
        assertEquals(0, fixture.core.lossStreak("USDJPY"));
        assertEquals(-10 * M, fixture.core.realisedPnl("USDJPY"));
    }

    @Test
    void shouldAverageCostAcrossAddsAndJudgeTheWholeRoundTrip()
    {
        buyFilled("USDJPY", 10 * M, 150 * M);
        buyFilled("USDJPY", 10 * M, 152 * M);
        sellFilled("USDJPY", 5 * M, 149 * M);
        assertEquals(-10 * M, fixture.core.realisedPnl("USDJPY"), "5 units at 149 against an average of 151");
        assertEquals(0, fixture.core.lossStreak("USDJPY"), "the round trip is still open");
        sellFilled("USDJPY", 15 * M, 152 * M);
        assertEquals(5 * M, fixture.core.realisedPnl("USDJPY"));
        assertEquals(0, fixture.core.lossStreak("USDJPY"), "the whole round trip won");
    }

    @Test
    void shouldCloseTheRoundTripWhenAFillFlipsThePosition()
    {
        buyFilled("USDJPY", 10 * M, 150 * M);
        sellFilled("USDJPY", 15 * M, 149 * M);
        assertEquals(1, fixture.core.lossStreak("USDJPY"));
        assertEquals(-5 * M, fixture.core.position("USDJPY"));
        buyFilled("USDJPY", 5 * M, 148 * M);
        assertEquals(0, fixture.core.lossStreak("USDJPY"), "the short opened at 149 and covered at 148 won");
    }

    @Test
    void shouldKeepStreaksPerSymbol()
    {
        for (int i = 0; i < 3; i++)
        {
            roundTrip("USDJPY", 150 * M, 149 * M);
        }
        final int mark = fixture.mark();
        fixture.submit(next("AUDJPY").market().price(100 * M).qty(10 * M));
        assertEquals(RiskVerdict.ALLOW, fixture.riskDecisionSince(mark).verdict());
    }

    @Test
    void shouldRejectWhenTheShrinkLeavesNothing()
    {
        for (int i = 0; i < 3; i++)
        {
            roundTrip("USDJPY", 150 * M, 149 * M);
        }
        final int mark = fixture.mark();
        fixture.submit(next("USDJPY").qty(1));
        final RiskDecisionDecoder decision = fixture.riskDecisionSince(mark);
        assertEquals(RiskVerdict.REJECT, decision.verdict());
        assertEquals(RiskRule.ZERO_QTY_AFTER_ADJUSTMENT, decision.rule());
        assertEquals(2, fixture.alertsSince(mark).size(), "the shrink and the zero-qty reject are both alerted");
    }

    private void roundTrip(final String symbol, final long buyPrice, final long sellPrice)
    {
        buyFilled(symbol, 10 * M, buyPrice);
        sellFilled(symbol, 10 * M, sellPrice);
    }

    private void buyFilled(final String symbol, final long qty, final long price)
    {
        final CoreFixture.Sent order = fixture.submitSent(next(symbol).buy().qty(qty).price(price));
        fixture.fill(order, qty, price);
    }

    private void sellFilled(final String symbol, final long qty, final long price)
    {
        final CoreFixture.Sent order = fixture.submitSent(next(symbol).sell().qty(qty).price(price));
        fixture.fill(order, qty, price);
    }

    private CoreRequest next(final String symbol)
    {
        return request().symbol(symbol).market().trace("streak-" + traces++);
    }
}

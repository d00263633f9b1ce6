package io.noctria.engine.core;

import io.noctria.codecs.sbe.RiskRule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many seeded random runs; each checks, at every OrderSent, that the order respects the policy
 * (qty, position notional, trace notional, hours, forbidden symbols, collar, rate, pause) and that
 * each key is sent once, then cross-checks positions and working quantity with an independent
 * model. A failure message starts with the seed: rerun it with {@link #shouldHoldForOneSeed()}.
 */
class RiskInvariantPropertyTest
{
    private static final int STEPS = 4_000;

    @Test
    void shouldNeverSendAnOrderThatBreaksThePolicyAcrossRandomSeeds()
    {
        final long base = System.nanoTime();
        for (int run = 0; run < 8; run++)
        {
            final RandomScenario scenario = new RandomScenario(base + run);
            scenario.run(STEPS);
            assertTrue(scenario.sends > 100, "seed " + (base + run) + " sent " + scenario.sends);
        }
    }

    @Test
    void shouldHoldForOneSeed()
    {
        final long seed = 7101L;
        final RandomScenario scenario = new RandomScenario(seed);
        scenario.run(STEPS * 2);
        final String coverage = "seed " + seed + " fired " + scenario.firedRules + ", sends " + scenario.sends +
            ", duplicates " + scenario.duplicates + ", retries " + scenario.retries + ", input rejects " +
            scenario.inputRejects;
        for (final RiskRule rule : new RiskRule[]{RiskRule.FORBIDDEN_SYMBOL, RiskRule.TRADING_PAUSED,
            RiskRule.TRADING_HOURS, RiskRule.PRICE_COLLAR, RiskRule.MAX_ORDER_QTY, RiskRule.MAX_POSITION_NOTIONAL,
            RiskRule.MAX_TRACE_NOTIONAL, RiskRule.ORDER_RATE, RiskRule.QUALITY_FLAT})
        {
            assertTrue(scenario.firedRules.getOrDefault(rule, 0) > 0, rule + " never fired: " + coverage);
        }
        assertTrue(scenario.duplicates > 0 && scenario.retries > 0 && scenario.inputRejects > 0, coverage);
    }
}

package io.noctria.engine.core;

import io.noctria.codecs.sbe.ActionRefusedDecoder;
import io.noctria.codecs.sbe.ActionRefusedReason;
import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.AlertDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.codecs.sbe.ReplaceSentDecoder;
import io.noctria.codecs.sbe.RiskDecisionDecoder;
import io.noctria.codecs.sbe.RiskRule;
import io.noctria.codecs.sbe.RiskVerdict;
import io.noctria.engine.config.ConfigException;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.config.VenueCapabilities;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.noctria.engine.core.CoreFixture.M;
import static io.noctria.engine.core.CoreFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The venue's capabilities as rules of the risk gate: an order the venue would refuse for its shape (order type,
 * time in force, price tick, qty step, minimum) is refused or rounded before it is sent, with the rule, the policy
 * key and the numbers in its decision and alert.
 */
class VenueCapabilitiesTest
{
    private static final String POLICY =
        "default:\n" +
        "  max_position_notional: 100000000\n" +
        "  max_order_qty: 20000\n" +
        "  trading_hours_utc: [\"00:00-24:00\"]\n" +
        "  max_consecutive_losses: 3\n" +
        "  shrink_after_losses_pct: 50\n" +
        "  venue:\n" +
        "    min_qty: 1000\n" +
        "    qty_step: 1000\n" +
        "    price_tick: 0.001\n" +
        "    time_in_force: [DAY, IOC]\n" +
        "    order_types: [LIMIT]\n" +
        "overrides:\n" +
        "  EURJPY:\n" +
        "    venue:\n" +
        "      qty_rounding: refuse\n" +
        "      order_types: [LIMIT, MARKET]\n" +
        "      replace: false\n" +
        "  GBPJPY:\n" +
        "    max_order_qty: 10\n";

    private final CoreFixture fixture = new CoreFixture(POLICY, "");
    private int mark;

    @Test
    void shouldSendAnOrderOfAShapeTheVenueTakesUnchanged()
    {
        final RiskDecisionDecoder decision = decide(request().trace("ok").qty(3_000 * M).price(150_123_000L));
        assertEquals(RiskVerdict.ALLOW, decision.verdict());
        assertEquals(3_000 * M, sentQty());
    }

    @Test
    void shouldRefuseAnOrderTypeOrTimeInForceTheVenueDoesNotTake()
    {
        assertRefused(decide(request().trace("m").qty(1_000 * M).market()), RiskRule.VENUE_ORDER_TYPE,
            "venue.order_types: the venue does not take order type 1");
        assertRefused(decide(request().trace("g").qty(1_000 * M).timeInForce(2)), RiskRule.VENUE_TIME_IN_FORCE,
            "venue.time_in_force: the venue does not take time in force 2");
        // The override names its own order types: MARKET is taken for EURJPY.
        assertEquals(RiskVerdict.ALLOW, decide(request().symbol("EURJPY").trace("e").qty(1_000 * M).market()).verdict());
    }

    @Test
    void shouldRefuseALimitPriceOffTheTick()
    {
        assertRefused(decide(request().trace("t").qty(1_000 * M).price(150_123_400L)), RiskRule.VENUE_PRICE_TICK,
            "venue.price_tick 0.001000: price 150.123400 is not a whole number of ticks");
    }

    @Test
    void shouldRoundAQtyOffTheStepDownAndSendTheRoundedQty()
    {
        final RiskDecisionDecoder decision = decide(request().trace("r").qty(2_500 * M));
        assertEquals(RiskVerdict.CLAMP, decision.verdict());
        assertEquals(RiskRule.VENUE_QTY_STEP, decision.rule());
        assertEquals(2_000 * M, decision.finalQty());
        assertEquals(2_000 * M, sentQty());
        assertAlert(RiskRule.VENUE_QTY_STEP, "venue.qty_step 1000.000000: qty 2500.000000 rounded down to 2000.000000");
    }

    @Test
    void shouldRoundTheRiskGatesOwnClampToTheStep()
    {
        // max_order_qty 20000 clamps 25500 to 20000, on the step; a position headroom clamp would not be: the
        // step rounding runs after every clamp, so what is sent is always a quantity the venue takes.
        final RiskDecisionDecoder decision = decide(request().trace("c").qty(25_500 * M));
        assertEquals(20_000 * M, decision.finalQty());
        assertEquals(20_000 * M, sentQty());
    }

    @Test
    void shouldRefuseAQtyBelowTheMinimumOrThatRoundsToNothing()
    {
        assertRefused(decide(request().trace("z").qty(500 * M)), RiskRule.VENUE_MIN_QTY,
            "venue.min_qty 1000.000000: qty 500.000000 is below the venue's minimum");
        // GBPJPY's max_order_qty 10 clamps below the step: rounding leaves nothing.
        assertRefused(decide(request().symbol("GBPJPY").trace("gb").qty(5_000 * M)), RiskRule.VENUE_MIN_QTY,
            "venue.min_qty 1000.000000: qty 10.000000");
    }

    @Test
    void shouldRefuseAQtyOffTheStepWhenTheSymbolSaysRefuse()
    {
        assertRefused(decide(request().symbol("EURJPY").trace("x").qty(2_500 * M)), RiskRule.VENUE_QTY_STEP,
            "qty 2500.000000 is off the step and venue.qty_rounding is refuse");
    }

    @Test
    void shouldRefuseAReplaceOffTheVenuesShapeWholeAndAReplaceTheVenueDoesNotTake()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().trace("rp").qty(2_000 * M));
        fixture.ack(order);
        mark = fixture.mark();
        fixture.replace(order, key(1), 2_500 * M, 0);
        final ActionRefusedDecoder offStep = fixture.only(mark, new ActionRefusedDecoder());
        assertEquals(ActionRefusedReason.RISK_REJECTED, offStep.reason());
        assertEquals(RiskRule.VENUE_QTY_STEP, offStep.rule(), "a replace is never rounded: refused whole");
        mark = fixture.mark();
        fixture.replace(order, key(2), 0, 150_123_400L);
        assertEquals(RiskRule.VENUE_PRICE_TICK, fixture.only(mark, new ActionRefusedDecoder()).rule());
        mark = fixture.mark();
        fixture.replace(order, key(3), 3_000 * M, 0);
        assertEquals(1, fixture.since(mark, ReplaceSentDecoder.TEMPLATE_ID).size(), "on the step: sent");

        final CoreFixture.Sent eurJpy = fixture.submitSent(request().symbol("EURJPY").trace("rp2").qty(1_000 * M));
        fixture.ack(eurJpy);
        mark = fixture.mark();
        fixture.replace(eurJpy, key(4), 2_000 * M, 0);
        assertEquals(ActionRefusedReason.REPLACE_NOT_ALLOWED, fixture.only(mark, new ActionRefusedDecoder()).reason(),
            "EURJPY's venue.replace is false");
    }

    private static byte[] key(final int n)
    {
        final byte[] key = new byte[32];
        key[0] = (byte)n;
        key[31] = 7;
        return key;
    }

    @Test
    void shouldInheritTheDefaultVenueKeysInAnOverrideAndAllowEverythingWithoutAVenueSection()
    {
        final RiskPolicy policy = parse(POLICY);
        final VenueCapabilities eurJpy = policy.limitsFor("EURJPY").venue();
        assertEquals(1_000 * M, eurJpy.minQty());
        assertEquals(1_000, eurJpy.priceTick());
        assertFalse(eurJpy.replaceAllowed());
        assertFalse(eurJpy.roundQtyDown());
        assertTrue(policy.limitsFor("USDJPY").venue().replaceAllowed());
        assertFalse(policy.limitsFor("USDJPY").venue().takesOrderType(1));
        assertEquals(VenueCapabilities.ANY, parse(CoreFixture.POLICY).limitsFor("USDJPY").venue());
    }

    @Test
    void shouldNameTheFileKeyAndValueOfABadVenueSetting()
    {
        assertBad("    time_in_force: [DAY, GTD]\n", "test-policy.yml: default.venue.time_in_force: \"GTD\" is invalid " +
            "(must be a non-empty list of DAY, GTC, IOC, FOK)");
        assertBad("    order_types: []\n", "default.venue.order_types: [] is invalid");
        assertBad("    qty_rounding: up\n", "default.venue.qty_rounding: \"up\" is invalid (must be down or refuse)");
        assertBad("    price_tick: -0.01\n", "default.venue.price_tick: -0.01 is invalid");
        assertBad("    min_qty: 1500\n    qty_step: 1000\n", "default.venue.min_qty: 1500 is invalid (must be a whole " +
            "multiple of qty_step 1000)");
        assertBad("    lot: 5\n", "default.venue.lot is not a known key (allowed: min_qty, qty_step, price_tick");
    }

    private static void assertBad(final String venueLines, final String expected)
    {
        final String policy = "default:\n  max_position_notional: 1\n  max_order_qty: 1\n" +
            "  trading_hours_utc: [\"00:00-24:00\"]\n  max_consecutive_losses: 3\n  shrink_after_losses_pct: 50\n" +
            "  venue:\n" + venueLines;
        final ConfigException error = assertThrows(ConfigException.class, () -> parse(policy));
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }

    private static RiskPolicy parse(final String yaml)
    {
        return RiskPolicy.parse("test-policy.yml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private RiskDecisionDecoder decide(final CoreRequest r)
    {
        mark = fixture.mark();
        fixture.submit(r);
        return fixture.riskDecisionSince(mark);
    }

    private void assertRefused(final RiskDecisionDecoder decision, final RiskRule rule, final String messagePart)
    {
        assertEquals(RiskVerdict.REJECT, decision.verdict());
        assertEquals(rule, decision.rule());
        assertEquals(0, decision.finalQty());
        assertEquals(0, fixture.since(mark, OrderSentDecoder.TEMPLATE_ID).size(), "nothing sent");
        assertAlert(rule, messagePart);
    }

    private void assertAlert(final RiskRule rule, final String messagePart)
    {
        final List<AlertDecoder> alerts = fixture.alertsSince(mark);
        assertFalse(alerts.isEmpty(), "an alert for " + rule);
        final AlertDecoder last = alerts.get(alerts.size() - 1);
        assertEquals(AlertCode.RISK_RULE, last.code());
        assertEquals(rule, last.rule());
        final String message = last.message(); // var data: read once
        assertTrue(message.contains(messagePart), message);
    }

    private long sentQty()
    {
        return fixture.only(mark, new OrderSentDecoder()).qty();
    }
}

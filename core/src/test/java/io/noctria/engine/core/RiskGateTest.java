package io.noctria.engine.core;

import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.AlertDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.codecs.sbe.RiskDecisionDecoder;
import io.noctria.codecs.sbe.RiskRule;
import io.noctria.codecs.sbe.RiskVerdict;
import io.noctria.codecs.sbe.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.noctria.engine.core.CoreFixture.M;
import static io.noctria.engine.core.CoreFixture.request;
import static io.noctria.engine.core.CoreFixture.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RiskGateTest
{
    private final CoreFixture fixture = new CoreFixture();
    private int mark;

    @Test
    void shouldAllowAnOrderInsideEveryLimitWithoutAlert()
    {
        final RiskDecisionDecoder decision = decide(request().qty(100 * M));
        assertEquals(RiskVerdict.ALLOW, decision.verdict());
        assertEquals(RiskRule.NONE, decision.rule());
        assertEquals(Severity.INFO, decision.severity());
        assertEquals(100 * M, decision.finalQty());
        assertEquals("USDJPY", decision.policy());
        assertEquals(List.of("RequestKeyed", "QualityDecision", "RiskDecision", "OutboxRecorded", "OrderSent"),
            fixture.typesSince(mark));
    }

    @Test
    void shouldRejectForbiddenSymbol()
    {
        final RiskDecisionDecoder decision = decide(request().symbol("USDRUB").market());
        assertRejected(decision, RiskRule.FORBIDDEN_SYMBOL, Severity.CRITICAL);
        assertEquals("default", decision.policy());
        assertAlert(RiskRule.FORBIDDEN_SYMBOL, "forbidden_symbols");
    }

    @Test
    void shouldOpenTradingHoursInclusiveAndCloseThemExclusive()
    {
        assertEquals(RiskVerdict.ALLOW, decide(request().trace("h1").at("2025-01-15T00:00:00Z")).verdict());
        assertEquals(RiskVerdict.ALLOW, decide(request().trace("h2").at("2025-01-15T21:59:59.999999999Z")).verdict());
        final RiskDecisionDecoder closed = decide(request().trace("h3").at("2025-01-15T22:00:00Z"));
        assertRejected(closed, RiskRule.TRADING_HOURS, Severity.WARNING);
        assertEquals(22 * 60, closed.observedValue());
        assertAlert(RiskRule.TRADING_HOURS, "trading_hours_utc: 22:00 UTC is outside every window");
        assertRejected(decide(request().trace("h4").at("2025-01-15T23:59:59Z")), RiskRule.TRADING_HOURS, Severity.WARNING);
    }

    @Test
    void shouldApplyPerSymbolTradingWindowsUpToTwentyFourHundred()
    {
        assertRejected(decide(eurJpy("e1", "2025-01-15T07:59:59.999Z")), RiskRule.TRADING_HOURS, Severity.WARNING);
        assertEquals(RiskVerdict.ALLOW, decide(eurJpy("e2", "2025-01-15T08:00:00Z")).verdict());
        assertRejected(decide(eurJpy("e3", "2025-01-15T12:00:00Z")), RiskRule.TRADING_HOURS, Severity.WARNING);
        assertRejected(decide(eurJpy("e4", "2025-01-15T12:59:59.999999999Z")), RiskRule.TRADING_HOURS, Severity.WARNING);
        assertEquals(RiskVerdict.ALLOW, decide(eurJpy("e5", "2025-01-15T13:00:00Z")).verdict());
        final RiskDecisionDecoder lastNanosecond = decide(eurJpy("e6", "2025-01-15T23:59:59.999999999Z"));
        assertEquals(RiskVerdict.ALLOW, lastNanosecond.verdict());
        assertEquals("EURJPY", lastNanosecond.policy());
    }

    @Test
    void shouldClampToMaxOrderQty()
    {
        final RiskDecisionDecoder decision = decide(request().symbol("PENNY").market().price(10_000).qty(25_000 * M));
        assertClamped(decision, RiskRule.MAX_ORDER_QTY, 20_000 * M, 20_000 * M, 25_000 * M);
        assertEquals(25_000 * M, decision.originalQty());
        assertAlert(RiskRule.MAX_ORDER_QTY, "max_order_qty 20000.000000: qty 25000.000000 clamped to 20000.000000");
        assertEquals(20_000 * M, sentQty());
    }

    @Test
    void shouldClampToPositionHeadroomThenRejectWhenNoneIsLeft()
    {
        final RiskDecisionDecoder clamped = decide(request().qty(1_200 * M));
        assertClamped(clamped, RiskRule.MAX_POSITION_NOTIONAL, 1_000 * M, 150_000 * M, 180_000 * M);
        assertAlert(RiskRule.MAX_POSITION_NOTIONAL, "max_position_notional 150000.000000: projected 180000.000000");

        final RiskDecisionDecoder none = decide(request().trace("more").qty(10 * M));
        assertRejected(none, RiskRule.MAX_POSITION_NOTIONAL, Severity.WARNING);
        assertAlert(RiskRule.MAX_POSITION_NOTIONAL, "rejected (no headroom)");

        final RiskDecisionDecoder opposite = decide(request().trace("sell").sell().qty(500 * M));
        assertEquals(RiskVerdict.ALLOW, opposite.verdict(), "the working buy does not use the sell side's headroom");
    }

    @Test
    void shouldCountFilledPositionAgainstTheLimitAndLetReducingOrdersThrough()
    {
        final CoreFixture.Sent first = fixture.submitSent(request().qty(1_000 * M));
        fixture.fill(first, 1_000 * M, 150 * M);
        assertEquals(1_000 * M, fixture.core.position("USDJPY"));
        assertRejected(decide(request().trace("t2").qty(1 * M)), RiskRule.MAX_POSITION_NOTIONAL, Severity.WARNING);
        assertEquals(RiskVerdict.ALLOW, decide(request().trace("t3").sell().qty(300 * M)).verdict());
    }

    @Test
    void shouldApplyPerSymbolPositionOverrides()
    {
        final RiskDecisionDecoder overridden = decide(request().market().price(100 * M).qty(1_200 * M));
        assertEquals(RiskVerdict.ALLOW, overridden.verdict());
        assertEquals("USDJPY", overridden.policy());
        final RiskDecisionDecoder inherited = decide(request().symbol("AUDJPY").market().price(100 * M).qty(1_200 * M));
        assertEquals(RiskVerdict.CLAMP, inherited.verdict());
        assertEquals(1_000 * M, inherited.finalQty());
        assertEquals(100_000 * M, inherited.limitValue());
        assertEquals("default", inherited.policy());
    }

    @Test
    void shouldClampThenRejectOnMaxNotionalPerTrace()
    {
        final CoreRequest base = request().symbol("GBPJPY").price(190 * M).trace("trace-gbp");
        assertEquals(RiskVerdict.ALLOW, decide(base.qty(200 * M)).verdict());
        final RiskDecisionDecoder clamped = decide(base.qty(100 * M));
        assertClamped(clamped, RiskRule.MAX_TRACE_NOTIONAL, 63_157_894L, 50_000 * M, 57_000 * M);
        assertAlert(RiskRule.MAX_TRACE_NOTIONAL, "max_trace_notional 50000.000000");
        assertRejected(decide(base.qty(50 * M)), RiskRule.MAX_TRACE_NOTIONAL, Severity.WARNING);
        assertEquals(RiskVerdict.ALLOW, decide(base.trace("another-trace").qty(50 * M)).verdict());
    }

    @Test
    void shouldRejectLimitPricesOutsideTheCollarAroundTheConfiguredReference()
    {
        assertEquals(RiskVerdict.ALLOW, decide(request().trace("c1").price(157_500_000L)).verdict(), "exactly 5% is allowed");
        assertEquals(RiskVerdict.ALLOW, decide(request().trace("c2").price(142_500_000L)).verdict());
        final RiskDecisionDecoder high = decide(request().trace("c3").price(160 * M));
        assertRejected(high, RiskRule.PRICE_COLLAR, Severity.CRITICAL);
        assertEquals(50_000, high.limitValue());
        // 10 / 150 = 66_666.67 ppm, rounded half away from zero like every measured figure (FixedPoint).
        assertEquals(66_667, high.observedValue());
        assertAlert(RiskRule.PRICE_COLLAR, "price_collar_pct: price deviates 66667 ppm from the reference, limit 50000 ppm");
        assertRejected(decide(request().trace("c4").price(142_499_999L)), RiskRule.PRICE_COLLAR, Severity.CRITICAL);
        assertEquals(RiskVerdict.ALLOW, decide(request().trace("c5").market().price(160 * M)).verdict(),
            "MARKET orders carry a reference price, not a limit: no collar");
    }

    @Test
    void shouldUseTheLastFillPriceAsCollarReferenceAndSkipSymbolsWithoutReference()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().trace("f1"));
        fixture.fill(order, 100 * M, 158 * M);
        assertEquals(RiskVerdict.ALLOW, decide(request().trace("f2").price(160 * M)).verdict());
        assertEquals(RiskVerdict.ALLOW, decide(request().symbol("NOREF").trace("f3").price(9_999 * M).qty(1 * M)).verdict());
    }

    @Test
    void shouldRejectNotionalOverflow()
    {
        final RiskDecisionDecoder decision = decide(request().symbol("HUGE").market().qty(Long.MAX_VALUE / 2)
            .price(1_000_000 * M));
        assertRejected(decision, RiskRule.NOTIONAL_OVERFLOW, Severity.CRITICAL);
        assertAlert(RiskRule.NOTIONAL_OVERFLOW, "overflows the notional range");
    }

    @Test
    void shouldLimitOrdersPerSecondOfRequestTimeCountingOnlySentOrders()
    {
        final CoreFixture limited = new CoreFixture(CoreFixture.POLICY.replace("max_orders_per_second: 1000",
            "max_orders_per_second: 3"), CoreFixture.ENGINE);
        final long t = ts("2025-01-15T09:30:00Z");
        assertEquals(RiskVerdict.ALLOW, decide(limited, request().trace("r1").at(t)).verdict());
        assertEquals(RiskVerdict.ALLOW, decide(limited, request().trace("r2").at(t + 100_000_000L)).verdict());
        assertRejected(decide(limited, request().symbol("USDRUB").trace("r-forbidden").at(t + 150_000_000L)),
            RiskRule.FORBIDDEN_SYMBOL, Severity.CRITICAL);
        assertEquals(RiskVerdict.ALLOW, decide(limited, request().trace("r3").at(t + 200_000_000L)).verdict());
        final RiskDecisionDecoder fourth = decide(limited, request().trace("r4").at(t + 999_999_999L));
        assertRejected(fourth, RiskRule.ORDER_RATE, Severity.WARNING);
        assertEquals(3, fourth.limitValue());
        assertEquals(4, fourth.observedValue());
        assertRejected(decide(limited, request().trace("r-late").at(t - 5_000_000_000L)), RiskRule.ORDER_RATE,
            Severity.WARNING);
        assertEquals(RiskVerdict.ALLOW, decide(limited, request().trace("r5").at(t + 1_000_000_000L)).verdict(),
            "the first send left the window (now - 1 s, now]");
    }

    @Test
    void shouldReportEveryAdjustmentAndDecideByTheLastOne()
    {
        final RiskDecisionDecoder decision = decide(request().qty(25_000 * M));
        assertEquals(RiskVerdict.CLAMP, decision.verdict());
        assertEquals(RiskRule.MAX_POSITION_NOTIONAL, decision.rule());
        assertEquals(25_000 * M, decision.originalQty());
        assertEquals(1_000 * M, decision.finalQty());
        final List<AlertDecoder> alerts = fixture.alertsSince(mark);
        assertEquals(2, alerts.size());
        assertEquals(RiskRule.MAX_ORDER_QTY, alerts.get(0).rule());
        assertEquals(RiskRule.MAX_POSITION_NOTIONAL, alerts.get(1).rule());
        assertEquals("trace-1", alerts.get(1).traceId());
        assertEquals("USDJPY", alerts.get(1).policy());
    }

    private CoreRequest eurJpy(final String trace, final String iso)
    {
        return request().symbol("EURJPY").price(160 * M).trace(trace).at(iso);
    }

    private RiskDecisionDecoder decide(final CoreRequest r)
    {
        return decide(fixture, r);
    }

    private RiskDecisionDecoder decide(final CoreFixture target, final CoreRequest r)
    {
        mark = target.mark();
        target.submit(r);
        final RiskDecisionDecoder decision = target.riskDecisionSince(mark);
        if (RiskVerdict.REJECT == decision.verdict())
        {
            assertEquals(0, target.since(mark, OrderSentDecoder.TEMPLATE_ID).size());
        }
        else
        {
            assertEquals(1, target.since(mark, OrderSentDecoder.TEMPLATE_ID).size());
        }
        return decision;
    }

    private void assertRejected(final RiskDecisionDecoder decision, final RiskRule rule, final Severity severity)
    {
        assertEquals(RiskVerdict.REJECT, decision.verdict());
        assertEquals(rule, decision.rule());
        assertEquals(severity, decision.severity());
        assertEquals(0, decision.finalQty());
    }

    private static void assertClamped(final RiskDecisionDecoder decision, final RiskRule rule, final long finalQty,
        final long limitValue, final long observedValue)
    {
        assertEquals(RiskVerdict.CLAMP, decision.verdict());
        assertEquals(rule, decision.rule());
        assertEquals(finalQty, decision.finalQty());
        assertEquals(limitValue, decision.limitValue());
        assertEquals(observedValue, decision.observedValue());
    }

    private void assertAlert(final RiskRule rule, final String messagePart)
    {
        final List<AlertDecoder> alerts = fixture.alertsSince(mark);
        assertTrue(alerts.size() >= 1, "an alert for " + rule);
        final AlertDecoder last = alerts.get(alerts.size() - 1);
        assertEquals(AlertCode.RISK_RULE, last.code());
        assertEquals(rule, last.rule());
        final String message = last.message();
        assertTrue(message.contains(messagePart), message);
    }

    private long sentQty()
    {
        return fixture.only(mark, new OrderSentDecoder()).qty();
    }
}

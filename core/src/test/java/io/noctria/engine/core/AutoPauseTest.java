package io.noctria.engine.core;

import io.noctria.codecs.sbe.*;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.noctria.engine.core.CoreFixture.M;
import static io.noctria.engine.core.CoreFixture.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runbook's automatic pause rules, driven through the core with controlled journaled stamps: error rate
 * over its window (max 10 % here, 10 requests minimum, 60 s), slippage breaches (0.30 %, 3 in 600 s) and a
 * losing streak over max_consecutive_losses (3).
 */
class AutoPauseTest
{
    private static final long T0 = CoreFixture.ts("2025-01-15T09:30:00Z");
    private static final long S = 1_000_000_000L;
    private static final String ENGINE = "idempotency: {require_key: false, require_auth: false}\nclock: {max_skew_ms: 0}\n" + "auto_pause:\n" +
        "  broker_error_rate: {max_pct: 10, window_s: 60, min_requests: 10}\n" +
        "  slippage: {breach_pct: 0.30, breaches: 3, window_s: 600}\n" +
        "  loss_streak: true\n";

    private final CoreFixture fixture = new CoreFixture(
        RiskPolicy.parse("test-policy.yml", CoreFixture.POLICY.getBytes(StandardCharsets.UTF_8)),
        EngineConfig.parse("test-engine.yml", ENGINE.getBytes(StandardCharsets.UTF_8)), T0);
    private int traces;

    @Test
    void shouldPauseWhenTheErrorRateExceedsTheLimitButNotAtIt()
    {
        final List<CoreFixture.Sent> orders = sendOrders(20, T0);
        fixture.clockAt(T0 + 2 * S);
        fixture.sendFailed(orders.get(0), 1, BrokerErrorCode.DISCONNECTED, true);
        fixture.sendFailed(orders.get(1), 1, BrokerErrorCode.DISCONNECTED, true);
        assertFalse(fixture.core.tradingPaused(), "2 / 20 = 10 % is at the limit, not above it");
        assertArrayEquals(new long[] {20, 2}, fixture.core.brokerErrorWindow());

        final int mark = fixture.mark();
        fixture.sendFailed(orders.get(2), 1, BrokerErrorCode.DISCONNECTED, true);
        assertTrue(fixture.core.tradingPaused(), "3 / 20 = 15 % is above 10 %");
        assertEquals(List.of("Alert", "TradingPauseChanged", "Alert"), fixture.typesSince(mark),
            "SEND_FAILED for the order, then the automatic pause and its CRITICAL alert");
        final TradingPauseChangedDecoder changed =
            fixture.only(mark, new TradingPauseChangedDecoder());
        assertEquals(BooleanType.TRUE, changed.paused());
        assertEquals(PauseSource.AUTO, changed.source());
        assertEquals("auto-pause", changed.operatorName().trim());
        final AlertDecoder alert = fixture.alertsSince(mark).get(1);
        assertEquals(AlertCode.BROKER_ERROR_RATE, alert.code());
        assertEquals(Severity.CRITICAL, alert.severity());
        assertEquals("trading paused automatically: broker_api_errors_total / requests_total = 3 / 20 over the last " +
            "60 s exceeds auto_pause.broker_error_rate.max_pct 10.0000%; stays paused until an operator turns it off " +
            "(noctria pause --off)", alert.message());

        assertRejectedPaused(next().at(T0 + 3 * S));
        final int more = fixture.mark();
        fixture.sendFailed(orders.get(3), 1, BrokerErrorCode.DISCONNECTED, true);
        assertEquals(List.of("Alert"), fixture.typesSince(more), "a rule tripping while paused changes nothing");

        fixture.control(ControlAction.PAUSE_OFF, "ops", "venue back");
        assertFalse(fixture.core.tradingPaused(), "only an operator lifts it");
    }

    @Test
    void shouldRetryWithTheSameClOrdIdAndCountEveryAttemptAsARequest()
    {
        final List<CoreFixture.Sent> orders = sendOrders(10, T0);
        fixture.clockAt(T0 + S);
        final int mark = fixture.mark();
        fixture.sendFailed(orders.get(0), 1, BrokerErrorCode.TIMEOUT, false);
        final CoreFixture.Sent retry = CoreFixture.Sent.of(fixture.only(mark, OrderSentDecoder.TEMPLATE_ID));
        assertEquals(orders.get(0).clOrdId, retry.clOrdId);
        assertEquals(2, retry.attempt);
        assertArrayEquals(new long[] {11, 1}, fixture.core.brokerErrorWindow(), "the retry is a request, the failure an error");
        assertFalse(fixture.core.tradingPaused(), "1 / 11 is within 10 %");
    }

    @Test
    void shouldJudgeTheErrorRateOnlyFromMinRequestsAndOnlyInsideTheWindow()
    {
        final List<CoreFixture.Sent> few = sendOrders(9, T0);
        fixture.clockAt(T0 + S);
        for (int i = 0; i < 5; i++)
        {
            fixture.sendFailed(few.get(i), 1, BrokerErrorCode.SERVER_ERROR, true);
        }
        assertFalse(fixture.core.tradingPaused(), "5 / 9 but fewer than min_requests 10 in the window");

        // 61 s later every one of those requests and errors has left the 60 s window.
        final List<CoreFixture.Sent> later = sendOrders(10, T0 + 61 * S);
        fixture.clockAt(T0 + 61 * S + 1);
        assertArrayEquals(new long[] {10, 0}, fixture.core.brokerErrorWindow());
        fixture.sendFailed(later.get(0), 1, BrokerErrorCode.SERVER_ERROR, true);
        assertFalse(fixture.core.tradingPaused(), "1 / 10 = 10 %: the expired errors no longer count");
        fixture.sendFailed(later.get(1), 1, BrokerErrorCode.SERVER_ERROR, true);
        assertTrue(fixture.core.tradingPaused(), "2 / 10 inside the window");
    }

    @Test
    void shouldPauseOnTheThirdSlippageBreachWithinTenMinutes()
    {
        assertFalse(breach(T0, 150_450_000L), "exactly 0.30 % is not over the threshold");
        assertFalse(breach(T0 + S, 150_500_000L));
        assertFalse(breach(T0 + 2 * S, 150_500_000L));
        assertFalse(fixture.core.tradingPaused(), "two breaches");
        final int mark = fixture.mark();
        assertTrue(breach(T0 + 599 * S, 150_500_000L));
        final AlertDecoder alert = fixture.alertsSince(mark).get(0);
        assertEquals(AlertCode.SLIPPAGE_BREACH, alert.code());
        assertEquals(Severity.CRITICAL, alert.severity());
        final String message = alert.message();
        assertTrue(message.startsWith("trading paused automatically: 3 orders with slippage above " +
            "auto_pause.slippage.breach_pct 0.3000% within 600 s (last 0.333333%)"), message);
    }

    @Test
    void shouldForgetSlippageBreachesOnceTheyAreTenMinutesOld()
    {
        assertFalse(breach(T0, 150_500_000L));
        assertFalse(breach(T0 + S, 150_500_000L));
        assertFalse(breach(T0 + 600 * S, 150_500_000L), "the first breach is exactly 600 s old: outside the window");
        assertTrue(breach(T0 + 600 * S + 1, 150_500_000L), "breaches at 1 s, 600 s and 600 s + 1 ns");
    }

    @Test
    void shouldPauseWhenTheLosingStreakGoesOverThePolicyAndLetReducingOrdersThrough()
    {
        for (int i = 0; i < 3; i++)
        {
            losingRoundTrip();
        }
        assertFalse(fixture.core.tradingPaused(), "a streak of 3 = max_consecutive_losses shrinks, it does not pause");
        final int mark = fixture.mark();
        losingRoundTrip();
        assertTrue(fixture.core.tradingPaused());
        final List<AlertDecoder> alerts = fixture.alertsSince(mark);
        final AlertDecoder pauseAlert = alerts.get(alerts.size() - 1);
        assertEquals(AlertCode.LOSS_STREAK_PAUSE, pauseAlert.code());
        assertEquals(Severity.CRITICAL, pauseAlert.severity());
        final String message = pauseAlert.message();
        assertTrue(message.contains("losing streak 4 on USDJPY is over max_consecutive_losses 3; open an incident"),
            message);

        assertRejectedPaused(next().qty(2 * M));
    }

    @Test
    void shouldReachTheSameAutoPauseOnReplay()
    {
        breach(T0, 150_500_000L);
        breach(T0 + S, 150_500_000L);
        final List<CoreFixture.Sent> orders = sendOrders(20, T0 + S);
        fixture.clockAt(T0 + 2 * S);
        for (int i = 0; i < 4; i++)
        {
            fixture.sendFailed(orders.get(i), 1, BrokerErrorCode.DISCONNECTED, i % 2 == 0);
        }
        assertTrue(fixture.core.tradingPaused());

        final CoreFixture replica = new CoreFixture(fixture.core.policy(),
            EngineConfig.parse("test-engine.yml", ENGINE.getBytes(StandardCharsets.UTF_8)), 42);
        CoreFixture.replay(fixture.inputs, replica.core);
        assertEquals(fixture.events.size(), replica.events.size());
        for (int i = 0; i < fixture.events.size(); i++)
        {
            assertEquals(fixture.typesSince(0).get(i), replica.typesSince(0).get(i), "event " + i);
        }
        assertArrayEquals(fixture.core.stateDigest(), replica.core.stateDigest());
    }

    private List<CoreFixture.Sent> sendOrders(final int count, final long tsNs)
    {
        final List<CoreFixture.Sent> sent = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            sent.add(fixture.submitSent(next().at(tsNs)));
        }
        return sent;
    }

    /** @return true when this order's fill paused trading. */
    private boolean breach(final long atNs, final long fillPrice)
    {
        final boolean before = fixture.core.tradingPaused();
        final CoreFixture.Sent order = fixture.submitSent(next().at(atNs - 1_000_000).qty(M));
        fixture.clockAt(atNs);
        fixture.fill(order, order.qty, fillPrice);
        return !before && fixture.core.tradingPaused();
    }

    private void losingRoundTrip()
    {
        final CoreFixture.Sent buy = fixture.submitSent(next().qty(2 * M));
        fixture.fill(buy, buy.qty, 150 * M);
        // Sold at its own limit price: a loss without slippage, so only the streak rule is in play.
        final CoreFixture.Sent sell = fixture.submitSent(next().sell().price(149 * M).qty(buy.qty));
        fixture.fill(sell, sell.qty, 149 * M);
    }

    private void assertRejectedPaused(final CoreRequest request)
    {
        final int mark = fixture.mark();
        fixture.submit(request);
        final RiskDecisionDecoder decision = fixture.riskDecisionSince(mark);
        assertEquals(RiskVerdict.REJECT, decision.verdict());
        assertEquals(RiskRule.TRADING_PAUSED, decision.rule());
    }

    private CoreRequest next()
    {
        return request().symbol("USDJPY").qty(M).price(150 * M).trace("auto-" + ++traces);
    }
}

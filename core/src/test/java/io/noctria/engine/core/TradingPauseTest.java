package io.noctria.engine.core;

import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.AlertDecoder;
import io.noctria.codecs.sbe.BooleanType;
import io.noctria.codecs.sbe.ControlAction;
import io.noctria.codecs.sbe.InputRejectReason;
import io.noctria.codecs.sbe.InputRejectedDecoder;
import io.noctria.codecs.sbe.PauseSource;
import io.noctria.codecs.sbe.PolicyLoadedDecoder;
import io.noctria.codecs.sbe.RiskRule;
import io.noctria.codecs.sbe.RiskVerdict;
import io.noctria.codecs.sbe.Severity;
import io.noctria.codecs.sbe.TradingPauseChangedDecoder;
import io.noctria.engine.config.RiskPolicy;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.noctria.engine.core.CoreFixture.M;
import static io.noctria.engine.core.CoreFixture.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TradingPauseTest
{
    private final CoreFixture fixture = new CoreFixture();

    @Test
    void shouldRecordWhoAndWhyAndBlockRiskIncreasingOrdersWhilePaused()
    {
        final int mark = fixture.mark();
        final long controlIndex = fixture.control(ControlAction.PAUSE_ON, "ops-alice", "slippage breach x3 in 10 min");
        assertEquals(List.of("TradingPauseChanged", "Alert"), fixture.typesSince(mark));
        final TradingPauseChangedDecoder changed = fixture.only(mark, new TradingPauseChangedDecoder());
        assertEquals(BooleanType.TRUE, changed.paused());
        assertEquals(PauseSource.OPERATOR, changed.source());
        assertEquals(controlIndex, changed.inputIndex());
        assertEquals("ops-alice", changed.operatorName());
        assertEquals("slippage breach x3 in 10 min", changed.reason());
        final AlertDecoder alert = fixture.alertsSince(mark).get(0);
        assertEquals(AlertCode.TRADING_PAUSED, alert.code());
        assertEquals("trading paused by ops-alice: slippage breach x3 in 10 min", alert.message());
        assertTrue(fixture.core.tradingPaused());

        final int blocked = fixture.mark();
        fixture.submit(request().trace("while-paused"));
        assertEquals(RiskRule.TRADING_PAUSED, fixture.riskDecisionSince(blocked).rule());
        assertEquals(RiskVerdict.REJECT, fixture.riskDecisionSince(blocked).verdict());
        assertFalse(fixture.typesSince(blocked).contains("OrderSent"));
    }

    @Test
    void shouldLetPositionReducingOrdersThroughWhilePaused()
    {
        final CoreFixture.Sent long100 = fixture.submitSent(request().qty(100 * M));
        fixture.fill(long100, 100 * M, 150 * M);
        fixture.control(ControlAction.PAUSE_ON, "ops", "kill switch");

        int mark = fixture.mark();
        fixture.submit(request().trace("reduce").sell().qty(60 * M));
        assertEquals(RiskVerdict.ALLOW, fixture.riskDecisionSince(mark).verdict());
        mark = fixture.mark();
        fixture.submit(request().trace("flip").sell().qty(50 * M));
        assertEquals(RiskRule.TRADING_PAUSED, fixture.riskDecisionSince(mark).rule(),
            "60 working + 50 would take the 100 long through zero");
        mark = fixture.mark();
        fixture.submit(request().trace("add").buy().qty(1 * M));
        assertEquals(RiskRule.TRADING_PAUSED, fixture.riskDecisionSince(mark).rule());
    }

    @Test
    void shouldResumeOnPauseOffAndOnlyAlertWhenNothingChanges()
    {
        fixture.control(ControlAction.PAUSE_ON, "ops", "first");
        int mark = fixture.mark();
        fixture.control(ControlAction.PAUSE_ON, "ops-bob", "again");
        assertEquals(List.of("Alert"), fixture.typesSince(mark));
        final AlertDecoder again = fixture.alertsSince(mark).get(0);
        assertEquals(Severity.INFO, again.severity());
        assertEquals("pause requested by ops-bob while already paused: again", again.message());

        mark = fixture.mark();
        fixture.control(ControlAction.PAUSE_OFF, "ops", "resolved");
        assertEquals(List.of("TradingPauseChanged", "Alert"), fixture.typesSince(mark));
        assertEquals(BooleanType.FALSE, fixture.only(mark, new TradingPauseChangedDecoder())
            .paused());
        assertEquals(AlertCode.TRADING_RESUMED, fixture.alertsSince(mark).get(0).code());
        assertFalse(fixture.core.tradingPaused());
        assertTrue(fixture.submitSent(request().trace("after")).qty > 0);
    }

    @Test
    void shouldStartPausedWhenThePolicySaysSo()
    {
        final CoreFixture paused = new CoreFixture(CoreFixture.POLICY.replace("  max_order_qty: 20000\n",
            "  max_order_qty: 20000\n  global_trading_pause: true\n"), CoreFixture.ENGINE);
        assertTrue(paused.core.tradingPaused());
        final int mark = paused.mark();
        paused.submit(request());
        assertEquals(RiskRule.TRADING_PAUSED, paused.riskDecisionSince(mark).rule());
    }

    @Test
    void shouldRejectMalformedControls()
    {
        int mark = fixture.mark();
        fixture.control((short)9, "ops", "what");
        InputRejectedDecoder rejected = fixture.only(mark, new InputRejectedDecoder());
        assertEquals(InputRejectReason.INVALID_CONTROL, rejected.reason());
        assertTrue(rejected.detail().contains("action 9 is not PAUSE_ON(1)"));
        mark = fixture.mark();
        fixture.control(ControlAction.PAUSE_ON, "", "anonymous");
        rejected = fixture.only(mark, new InputRejectedDecoder());
        assertEquals(InputRejectReason.INVALID_CONTROL, rejected.reason());
        assertFalse(fixture.core.tradingPaused());
    }

    @Test
    void shouldJournalAReloadRequestAndApplyTheHostsPolicy()
    {
        int mark = fixture.mark();
        final long reload = fixture.control(ControlAction.POLICY_RELOAD, "ops", "tighten USDJPY");
        final AlertDecoder requested = fixture.alertsSince(mark).get(0);
        assertEquals(AlertCode.POLICY_RELOAD_FAILED, requested.code());
        assertEquals(Severity.INFO, requested.severity());
        assertTrue(requested.message().startsWith("policy reload requested by ops (tighten USDJPY)"));

        final byte[] yaml = CoreFixture.POLICY.replace("    max_position_notional: 150000\n",
            "    max_position_notional: 150000\n    max_order_qty: 10\n").replace("  max_order_qty: 20000\n",
            "  max_order_qty: 20000\n  global_trading_pause: true\n").getBytes(StandardCharsets.UTF_8);
        final RiskPolicy tightened = RiskPolicy.parse("configs/risk_policy.yml", yaml);
        mark = fixture.mark();
        fixture.core.applyPolicy(tightened, reload);
        assertEquals(List.of("PolicyLoaded", "TradingPauseChanged", "Alert"), fixture.typesSince(mark));
        final PolicyLoadedDecoder loaded = fixture.only(mark, new PolicyLoadedDecoder());
        final byte[] hash = new byte[32];
        loaded.getPolicyHash(hash, 0, 32);
        assertArrayEquals(tightened.policyHash(), hash);
        assertEquals(3, loaded.overrides());
        assertEquals("configs/risk_policy.yml", loaded.source());
        final TradingPauseChangedDecoder auto = fixture.only(mark, new TradingPauseChangedDecoder());
        assertEquals(PauseSource.AUTO, auto.source());
        assertEquals("policy", auto.operatorName());

        fixture.control(ControlAction.PAUSE_OFF, "ops", "new limits in force");
        final CoreFixture.Sent clamped = fixture.submitSent(request().trace("after-reload").qty(100 * M));
        assertEquals(10 * M, clamped.qty, "the USDJPY override's new max_order_qty applies to a known symbol");
    }

    @Test
    void shouldAlertWhenTheHostCouldNotLoadThePolicy()
    {
        final int mark = fixture.mark();
        fixture.core.policyReloadFailed(5, "configs/risk_policy.yml: default.max_order_qty: -1 is invalid");
        final AlertDecoder alert = fixture.alertsSince(mark).get(0);
        assertEquals(AlertCode.POLICY_RELOAD_FAILED, alert.code());
        assertEquals(Severity.WARNING, alert.severity());
        assertTrue(alert.message().endsWith("default.max_order_qty: -1 is invalid"));
    }
}

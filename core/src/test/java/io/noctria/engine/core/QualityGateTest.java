package io.noctria.engine.core;

import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.AlertDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.codecs.sbe.QualityDecisionDecoder;
import io.noctria.codecs.sbe.QualityReason;
import io.noctria.codecs.sbe.QualityVerdict;
import io.noctria.codecs.sbe.RiskDecisionDecoder;
import io.noctria.codecs.sbe.RiskRule;
import io.noctria.codecs.sbe.RiskVerdict;
import io.noctria.codecs.sbe.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.noctria.engine.core.CoreFixture.M;
import static io.noctria.engine.core.CoreFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Thresholds under test are the defaults: missing ratio 0.05 / 0.20, data lag 500 / 2000 ms, factor 0.5. */
class QualityGateTest
{
    private final CoreFixture fixture = new CoreFixture();
    private int mark;

    @Test
    void shouldPassDataJustBelowTheScaleThresholds()
    {
        final QualityDecisionDecoder decision = judge(request().missingRatio(49_999).dataLagMs(499));
        assertDecision(decision, QualityVerdict.OK, QualityReason.NONE, 1_000_000, 100 * M);
        assertEquals(0, fixture.alertsSince(mark).size());
        assertEquals(100 * M, sentQty());
    }

    @Test
    void shouldScaleAtTheMissingRatioThreshold()
    {
        final QualityDecisionDecoder decision = judge(request().missingRatio(50_000));
        assertDecision(decision, QualityVerdict.SCALE, QualityReason.MISSING_RATIO, 500_000, 50 * M);
        assertEquals(100 * M, decision.originalQty());
        final List<AlertDecoder> alerts = fixture.alertsSince(mark);
        assertEquals(1, alerts.size());
        assertEquals(AlertCode.QUALITY, alerts.get(0).code());
        assertEquals(Severity.INFO, alerts.get(0).severity());
        assertTrue(alerts.get(0).message().contains("quality SCALE (MISSING_RATIO): missing_ratio 50000 ppm (scale_at 50000 ppm)"));
        assertEquals(50 * M, fixture.riskDecisionSince(mark).originalQty(), "risk judges the scaled qty");
        assertEquals(50 * M, sentQty());
    }

    @Test
    void shouldScaleAtTheDataLagThresholdAndApplyTheFactorOnceWhenBothBreach()
    {
        final QualityDecisionDecoder lag = judge(request().trace("lag").dataLagMs(500));
        assertEquals(QualityVerdict.SCALE, lag.verdict());
        assertEquals(QualityReason.DATA_LAG, lag.reason());
        final QualityDecisionDecoder both = judge(request().trace("both").missingRatio(60_000).dataLagMs(1_999));
        assertEquals(QualityVerdict.SCALE, both.verdict());
        assertEquals(QualityReason.MISSING_RATIO_AND_DATA_LAG, both.reason());
        assertEquals(50 * M, both.finalQty());
    }

    @Test
    void shouldGoFlatAtTheFlatThresholdAndSendNothing()
    {
        final QualityDecisionDecoder decision = judge(request().missingRatio(200_000));
        assertEquals(QualityVerdict.FLAT, decision.verdict());
        assertEquals(QualityReason.MISSING_RATIO, decision.reason());
        assertEquals(0, decision.finalQty());
        final RiskDecisionDecoder risk = fixture.riskDecisionSince(mark);
        assertEquals(RiskVerdict.REJECT, risk.verdict());
        assertEquals(RiskRule.QUALITY_FLAT, risk.rule());
        final AlertDecoder alert = fixture.alertsSince(mark).get(0);
        assertEquals(AlertCode.QUALITY, alert.code());
        assertEquals(RiskRule.QUALITY_FLAT, alert.rule());
        assertEquals(Severity.WARNING, alert.severity());
        assertEquals(List.of("RequestKeyed", "QualityDecision", "RiskDecision", "Alert"), fixture.typesSince(mark));
        assertEquals(0, fixture.core.outboxSize());
    }

    @Test
    void shouldLetFlatWinOverScaleAndNameOnlyTheFlatInputs()
    {
        final QualityDecisionDecoder lagFlat = judge(request().trace("a").missingRatio(60_000).dataLagMs(2_000));
        assertEquals(QualityVerdict.FLAT, lagFlat.verdict());
        assertEquals(QualityReason.DATA_LAG, lagFlat.reason());
        final QualityDecisionDecoder bothFlat = judge(request().trace("b").missingRatio(1_000_000).dataLagMs(9_999));
        assertEquals(QualityReason.MISSING_RATIO_AND_DATA_LAG, bothFlat.reason());
    }

    @Test
    void shouldRejectWhenScalingLeavesNothing()
    {
        judge(request().qty(1).missingRatio(50_000));
        final RiskDecisionDecoder risk = fixture.riskDecisionSince(mark);
        assertEquals(RiskVerdict.REJECT, risk.verdict());
        assertEquals(RiskRule.ZERO_QTY_AFTER_ADJUSTMENT, risk.rule());
        assertEquals(0, fixture.since(mark, OrderSentDecoder.TEMPLATE_ID).size());
    }

    @Test
    void shouldUseConfiguredThresholds()
    {
        final CoreFixture strict = new CoreFixture(CoreFixture.POLICY,
            "quality:\n  missing_ratio: {scale_at: 0.01, flat_at: 0.02}\n  data_lag_ms: {scale_at: 10, flat_at: 20}\n" +
            "  scale_factor: 0.25\n");
        final int before = strict.mark();
        strict.submit(request().missingRatio(10_000));
        final QualityDecisionDecoder decision = strict.only(before, new QualityDecisionDecoder());
        assertEquals(QualityVerdict.SCALE, decision.verdict());
        assertEquals(250_000, decision.factor());
        assertEquals(25 * M, decision.finalQty());
    }

    private QualityDecisionDecoder judge(final CoreRequest r)
    {
        mark = fixture.mark();
        fixture.submit(r);
        final QualityDecisionDecoder decision = fixture.only(mark, new QualityDecisionDecoder());
        assertEquals(r.missingRatio, decision.missingRatio());
        assertEquals(r.dataLagMs, decision.dataLagMs());
        return decision;
    }

    private long sentQty()
    {
        return fixture.only(mark, new OrderSentDecoder()).qty();
    }

    private static void assertDecision(final QualityDecisionDecoder decision, final QualityVerdict verdict,
        final QualityReason reason, final int factorPpm, final long finalQty)
    {
        assertEquals(verdict, decision.verdict());
        assertEquals(reason, decision.reason());
        assertEquals(factorPpm, decision.factor());
        assertEquals(finalQty, decision.finalQty());
    }
}

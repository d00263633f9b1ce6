package io.noctria.replay;

import io.noctria.codecs.EventEncoder;
import io.noctria.codecs.sbe.FillType;
import io.noctria.codecs.sbe.RiskRule;
import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.Severity;
import io.noctria.codecs.sbe.Side;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.noctria.codecs.EventEncoder.SYMBOL;
import static io.noctria.codecs.EventEncoder.T0;
import static io.noctria.replay.HandMadeScenario.KEY_A;
import static io.noctria.replay.HandMadeScenario.PRICE;
import static io.noctria.replay.HandMadeScenario.QTY_A;
import static io.noctria.replay.HandMadeScenario.TRACE_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KpisTest
{
    private static final byte[] KEY_S = EventEncoder.key(0x5e);

    private final Projections projections = new Projections();
    private final ConsumerSink sink = new ConsumerSink(projections, 100);
    private final EventEncoder encode = new EventEncoder();

    @Test
    void shouldCountTheScenario()
    {
        new HandMadeScenario().write(sink);
        final Kpis kpis = projections.kpis();

        assertEquals(3, kpis.ordersReceived());
        assertEquals(1, kpis.ordersSent());
        assertEquals(1, kpis.duplicatesSuppressed());
        assertEquals(0, kpis.inputsRejected());

        assertEquals(1, kpis.riskAllowed());
        assertEquals(0, kpis.riskClamped());
        assertEquals(1, kpis.riskScaled());
        assertEquals(0, kpis.riskShrunk());
        assertEquals(1, kpis.riskRejected());
        assertEquals(1, kpis.riskByRule(RiskRule.MAX_POSITION_NOTIONAL));
        assertEquals(0, kpis.riskByRule(RiskRule.NONE));
        assertEquals(0, kpis.riskByRule(RiskRule.MAX_ORDER_QTY));

        assertEquals(1, kpis.qualityOk());
        assertEquals(1, kpis.qualityScale());
        assertEquals(0, kpis.qualityFlat());

        assertEquals(1, kpis.brokerRequests());
        assertEquals(0, kpis.brokerErrors());
        assertEquals(0, kpis.brokerErrorRate());
        assertEquals(1, kpis.acks());
        assertEquals(2, kpis.fills());
        assertEquals(1, kpis.partialFills());
        assertEquals(0, kpis.rejects());
        assertEquals(0, kpis.expired());
        assertEquals(0, kpis.canceled());

        // BUY 2 @ 150 filled at an average 150.15: (150.15 - 150) / 150 x 100 = 0.1 %
        assertEquals(1, kpis.slippageCount());
        assertEquals(100_000, kpis.slippagePct(500));
        assertEquals(100_000, kpis.slippagePct(1000));

        // One open long position: nothing realised, no round trip.
        assertEquals(0, kpis.realizedPnl());
        assertEquals(-1, kpis.winRate());
        assertEquals(0, kpis.maxDrawdown());
        assertEquals(QTY_A, kpis.position(SYMBOL));

        assertEquals(1, kpis.alerts(Severity.WARNING));
        assertEquals(0, kpis.alerts(Severity.INFO));
        assertEquals(0, kpis.alerts(Severity.CRITICAL));
        // By severity and code too (the live metrics' noctria_alerts_total{severity,code}).
        assertEquals(1, kpis.alerts(Severity.WARNING, AlertCode.RISK_RULE));
        assertEquals(0, kpis.alerts(Severity.WARNING, AlertCode.QUALITY));
        assertEquals(0, kpis.alerts(Severity.CRITICAL, AlertCode.RISK_RULE));
        assertEquals(100_000, kpis.slippagePctAt(0), "the one ended order's value, as it ended");
        assertEquals(0, kpis.unattributedFills());
    }

    @Test
    void shouldRealisePnlAndSlippageOfAClosingSell()
    {
        new HandMadeScenario().write(sink);
        // SELL 2 @ reference 151, filled at 150.90: slippage (151 - 150.90) / 151 x 100 = 0.0662251..%;
        // realised 2 x 150.90 - (150.10 + 150.20) = 1.5.
        final long request = sink.append(encode.orderRequest(3, T0 + 9_000_000, "trace-S", KEY_S, Side.SELL,
            QTY_A, 151_000_000));
        sink.append(encode.outboxRecorded(T0 + 9_010_000, request, SYMBOL, Side.SELL, QTY_A, 151_000_000,
            "trace-S", "NC-S", KEY_S));
        sink.append(encode.orderSent(T0 + 9_020_000, request, 1, SYMBOL, Side.SELL, QTY_A, 151_000_000,
            "trace-S", "NC-S", KEY_S));
        sink.append(encode.fill(T0 + 9_500_000, 9002, 3, QTY_A, 150_900_000, QTY_A, 0, FillType.FULL,
            "NC-S", "trace-S", KEY_S));
        final Kpis kpis = projections.kpis();

        assertEquals(2, kpis.slippageCount());
        assertEquals(66_225, kpis.slippagePct(500));
        assertEquals(100_000, kpis.slippagePct(900));
        assertEquals(100_000, kpis.slippagePct(1000));
        assertEquals(1_500_000, kpis.realizedPnl());
        assertEquals(1, kpis.roundTrips());
        assertEquals(1, kpis.winningRoundTrips());
        assertEquals(1_000_000, kpis.winRate());
        assertEquals(0, kpis.maxDrawdown());
        assertEquals(0, kpis.position(SYMBOL));
        assertEquals(2, kpis.ordersSent());
    }

    @Test
    void shouldRecordSlippageOfAnOrderThatExpiredPartlyFilled()
    {
        HandMadeScenario.recordAndSendA(sink, encode);
        sink.append(encode.fill(T0 + 20, 5, 1, 1_000_000, 149_700_000, 1_000_000, 1_000_000, FillType.PARTIAL,
            "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));
        assertEquals(0, projections.kpis().slippageCount());

        sink.append(encode.expired(T0 + 30, 5, 1_000_000, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));

        // BUY below the reference is an improvement: (149.70 - 150) / 150 x 100 = -0.2 %
        assertEquals(1, projections.kpis().slippageCount());
        assertEquals(-200_000, projections.kpis().slippagePct(500));
        assertEquals(1, projections.kpis().expired());
    }

    @Test
    void shouldComputeTheBrokerErrorRateOverAllRequests()
    {
        HandMadeScenario.recordAndSendA(sink, encode);
        sink.append(encode.sendFailed(T0 + 20, 1, false, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));
        sink.append(encode.orderSent(T0 + 30, 7, 2, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", KEY_A));
        sink.append(encode.orderSent(T0 + 40, 7, 3, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", KEY_A));
        final Kpis kpis = projections.kpis();

        assertEquals(3, kpis.brokerRequests());
        assertEquals(1, kpis.ordersSent());
        assertEquals(1, kpis.brokerErrors());
        assertEquals(333_333, kpis.brokerErrorRate());
    }

    @Test
    void shouldReportNoErrorRateWithoutRequests()
    {
        assertEquals(-1, projections.kpis().brokerErrorRate());
        assertEquals(Long.MIN_VALUE, projections.kpis().slippagePct(500));
    }

    @Test
    void shouldCountFillsItCannotAttributeWhenTheWindowCutTheOrder()
    {
        sink.append(encode.fill(T0, 5, 1, QTY_A, PRICE, QTY_A, 0, FillType.FULL, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));

        assertEquals(1, projections.kpis().fills());
        assertEquals(1, projections.kpis().unattributedFills());
        assertEquals(0, projections.kpis().realizedPnl());
    }

    @Test
    void shouldRefuseAMessageTheOutboxHasNotFoldedYet()
    {
        final io.noctria.codecs.FrameInput frameInput = new io.noctria.codecs.FrameInput();
        final OutboxProjection outbox = new OutboxProjection(frameInput);
        final Kpis kpis = new Kpis(outbox, new TraceLatency(null, frameInput));
        final byte[] started = encode.engineStarted(T0);

        assertThrows(IllegalStateException.class,
            () -> kpis.onMessage(5, new UnsafeBuffer(started), 0, started.length));
    }
}

package io.noctria.replay;

import io.noctria.codecs.EventEncoder;
import io.noctria.codecs.FrameInput;

import io.noctria.codecs.sbe.BrokerErrorCode;
import io.noctria.codecs.sbe.FillType;
import io.noctria.codecs.sbe.InputRejectReason;
import io.noctria.codecs.sbe.QualityVerdict;
import io.noctria.codecs.sbe.RiskRule;
import io.noctria.codecs.sbe.RiskVerdict;
import io.noctria.codecs.sbe.Severity;
import io.noctria.codecs.sbe.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static io.noctria.codecs.EventEncoder.SYMBOL;
import static io.noctria.codecs.EventEncoder.T0;
import static io.noctria.replay.HandMadeScenario.KEY_A;
import static io.noctria.replay.HandMadeScenario.KEY_A_HEX;
import static io.noctria.replay.HandMadeScenario.KEY_B_HEX;
import static io.noctria.replay.HandMadeScenario.PRICE;
import static io.noctria.replay.HandMadeScenario.QTY_A;
import static io.noctria.replay.HandMadeScenario.TRACE_A;
import static io.noctria.replay.HandMadeScenario.TRACE_B;
import static io.noctria.replay.RequestLatency.NOT_REACHED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TraceLatencyTest
{
    private final FrameInput frameInput = new FrameInput();
    private final EventEncoder encode = new EventEncoder();
    /** Every trace's rows; {@link #sink} feeds it from journal index 0. */
    private final TraceLatency latency = new TraceLatency(null, frameInput);
    private final ConsumerSink sink = new ConsumerSink(latency, 0, frameInput);

    @Test
    void shouldMeasureEveryStageOfTheScenarioFromTheJournaledStamps()
    {
        final HandMadeScenario scenario = new HandMadeScenario().write(new ConsumerSink(latency, 100, frameInput));

        final List<RequestLatency> rows = latency.rows();
        assertEquals(3, rows.size());

        // Durations in LatencyStage order: ingress->decision, decision->sent, ingress->sent, sent->ack, ack->fill,
        // ingress->final.
        assertRow(rows.get(0), scenario.requestA, TRACE_A, KEY_A_HEX, FinalState.FILLED,
            25_000, 15_500, 40_500, 3_959_500, 1_000_000, 6_500_000);
        assertEquals(T0 + 1_000_000, rows.get(0).ingressNs());
        assertRow(rows.get(1), scenario.requestB, TRACE_B, KEY_B_HEX, FinalState.RISK_REJECTED,
            20_000, NOT_REACHED, NOT_REACHED, NOT_REACHED, NOT_REACHED, 20_000);
        assertRow(rows.get(2), scenario.requestDuplicate, TRACE_A, KEY_A_HEX, FinalState.DUPLICATE,
            8_000, NOT_REACHED, NOT_REACHED, NOT_REACHED, NOT_REACHED, 8_000);
    }

    @Test
    void shouldKeepStageHistogramsCappedAtTheExactMaximum()
    {
        new HandMadeScenario().write(new ConsumerSink(latency, 100, frameInput));

        assertEquals(3, latency.count(LatencyStage.INGRESS_TO_DECISION));
        assertEquals(1, latency.count(LatencyStage.DECISION_TO_SENT));
        assertEquals(1, latency.count(LatencyStage.INGRESS_TO_SENT));
        assertEquals(1, latency.count(LatencyStage.SENT_TO_ACK));
        assertEquals(1, latency.count(LatencyStage.ACK_TO_FILL));
        assertEquals(3, latency.count(LatencyStage.INGRESS_TO_FINAL));

        // One sample: HdrHistogram reports the top of its bucket (40_511 ns), capped at the exact value.
        assertEquals(40_500, latency.percentileNs(LatencyStage.INGRESS_TO_SENT, 99.9));
        assertEquals(40_500, latency.maxNs(LatencyStage.INGRESS_TO_SENT));
        // ingress->final: 8, 20 and 6500 us. p50 is the 2nd sample, 20_000 ns, in the bucket
        // [16_384, 32_768) of 16 ns steps: its top is 20_015. p90 is the 3rd, capped at 6_500_000.
        assertEquals(20_015, latency.percentileNs(LatencyStage.INGRESS_TO_FINAL, 50));
        assertEquals(6_500_000, latency.percentileNs(LatencyStage.INGRESS_TO_FINAL, 90));
        assertEquals(6_500_000, latency.maxNs(LatencyStage.INGRESS_TO_FINAL));
        // ingress->decision: 8, 20 and 25 us. 8_000 ns lies in [4_096, 8_192), of 4 ns steps: its top is 8_003.
        assertEquals(8_003, latency.percentileNs(LatencyStage.INGRESS_TO_DECISION, 10));
        assertEquals(25_000, latency.maxNs(LatencyStage.INGRESS_TO_DECISION));
        // Sums are exact (the metrics' _sum): 8 + 20 + 6500 us, 8 + 20 + 25 us.
        assertEquals(6_528_000, latency.sumNs(LatencyStage.INGRESS_TO_FINAL));
        assertEquals(53_000, latency.sumNs(LatencyStage.INGRESS_TO_DECISION));
        assertEquals(40_500, latency.sumNs(LatencyStage.INGRESS_TO_SENT));
    }

    @Test
    void shouldKeepOnlyTheFilteredTracesRowsButMeasureEveryRequest()
    {
        final TraceLatency traceB = new TraceLatency(TRACE_B, frameInput);
        final HandMadeScenario scenario = new HandMadeScenario().write(new ConsumerSink(traceB, 100, frameInput));

        assertEquals(1, traceB.rows().size());
        assertEquals(scenario.requestB, traceB.rows().get(0).inputIndex());
        assertEquals(3, traceB.count(LatencyStage.INGRESS_TO_FINAL));
        assertEquals(TRACE_B, traceB.traceIdFilter());
    }

    @Test
    void shouldEndARequestRefusedAfterIngressByItsInboundIndex()
    {
        sink.append(encode.orderRequest(41, T0, "trace-R", KEY_A, Side.BUY, 0, PRICE));
        sink.append(encode.inputRejected(T0 + 3_000, 41, InputRejectReason.INVALID_QTY, "trace-R", "qty 0"));
        // An unreadable inbound excerpt, never journaled as a request, matches no row.
        sink.append(encode.inputRejected(T0 + 4_000, 42, InputRejectReason.MALFORMED, "", "garbage"));

        final RequestLatency row = latency.rows().get(0);
        assertEquals(FinalState.INPUT_REJECTED, row.finalState());
        assertEquals(3_000, row.durationNs(LatencyStage.INGRESS_TO_FINAL));
        assertNull(row.idempotencyKey());
        assertEquals(1, latency.count(LatencyStage.INGRESS_TO_FINAL));
    }

    @Test
    void shouldMeasureAQualityFlatAsTheDecisionAndTheEnd()
    {
        final long request = sink.append(encode.orderRequest(0, T0, TRACE_A, KEY_A, Side.BUY, QTY_A, PRICE));
        sink.append(encode.qualityDecision(T0 + 7_000, request, QualityVerdict.FLAT, QTY_A, 0, 0, TRACE_A, KEY_A));

        final RequestLatency row = latency.rows().get(0);
        assertEquals(FinalState.QUALITY_FLAT, row.finalState());
        assertEquals(7_000, row.durationNs(LatencyStage.INGRESS_TO_DECISION));
        assertEquals(7_000, row.durationNs(LatencyStage.INGRESS_TO_FINAL));
    }

    @Test
    void shouldMeasureSentToAckFromTheFirstSendAcrossRetries()
    {
        final long request = sendOrderA();
        sink.append(encode.sendFailed(T0 + 50_000, 1, false, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));
        sink.append(encode.orderSent(T0 + 1_050_000, request, 2, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", KEY_A));
        sink.append(encode.brokerAck(T0 + 1_100_000, 5, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));
        sink.append(encode.expired(T0 + 2_000_000, 5, 0, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));

        final RequestLatency row = latency.rows().get(0);
        assertEquals(3_000, row.durationNs(LatencyStage.INGRESS_TO_SENT));
        assertEquals(2_000, row.durationNs(LatencyStage.DECISION_TO_SENT));
        assertEquals(1_097_000, row.durationNs(LatencyStage.SENT_TO_ACK));
        assertEquals(NOT_REACHED, row.durationNs(LatencyStage.ACK_TO_FILL));
        assertEquals(FinalState.EXPIRED, row.finalState());
        assertEquals(2_000_000, row.durationNs(LatencyStage.INGRESS_TO_FINAL));
        assertEquals(1, latency.count(LatencyStage.INGRESS_TO_SENT));
    }

    @ParameterizedTest
    @CsvSource({"SERVER_ERROR, REJECTED", "DISCONNECTED, REJECTED", "TIMEOUT, "})
    void shouldEndAGivenUpSendInTheEnginesStateRejectedOrOpenInDoubtAfterATimeout(
        final BrokerErrorCode error, final FinalState expected)
    {
        sendOrderA();
        sink.append(encode.sendFailed(T0 + 9_000, 1, true, error, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));

        final RequestLatency row = latency.rows().get(0);
        assertEquals(expected, row.finalState(), error.name());
        assertEquals(expected == null ? NOT_REACHED : 9_000, row.durationNs(LatencyStage.INGRESS_TO_FINAL));
    }

    @Test
    void shouldKeepANegativeDurationExactInTheRowAndAsZeroInTheHistogram()
    {
        final long request = sink.append(encode.orderRequest(0, T0 + 5_000, TRACE_A, KEY_A, Side.BUY, QTY_A, PRICE));
        // The logic thread's clock read 2 us earlier than the ingress thread's.
        sink.append(encode.riskDecision(T0 + 3_000, request, RiskVerdict.REJECT, RiskRule.TRADING_PAUSED,
            Severity.WARNING, QTY_A, 0, TRACE_A, KEY_A));

        assertEquals(-2_000, latency.rows().get(0).durationNs(LatencyStage.INGRESS_TO_FINAL));
        assertEquals(1, latency.count(LatencyStage.INGRESS_TO_FINAL));
        assertEquals(0, latency.maxNs(LatencyStage.INGRESS_TO_FINAL));
        assertEquals(0, latency.percentileNs(LatencyStage.INGRESS_TO_FINAL, 50));
    }

    @Test
    void shouldIgnoreEventsOfRequestsBeforeTheWindow()
    {
        sink.append(encode.orderSent(T0, 99, 1, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", KEY_A));
        sink.append(encode.fill(T0 + 10, 5, 1, QTY_A, PRICE, QTY_A, 0, FillType.FULL, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));

        assertEquals(0, latency.rows().size());
        assertEquals(0, latency.count(LatencyStage.INGRESS_TO_FINAL));
        assertEquals(0, latency.percentileNs(LatencyStage.INGRESS_TO_FINAL, 50));
    }

    /** Request A at T0, clamped by the risk gate at +1 us, recorded at +2 us and first sent at +3 us. */
    private long sendOrderA()
    {
        final long request = sink.append(encode.orderRequest(0, T0, TRACE_A, KEY_A, Side.BUY, QTY_A, PRICE));
        sink.append(encode.riskDecision(T0 + 1_000, request, RiskVerdict.CLAMP, RiskRule.MAX_ORDER_QTY,
            Severity.WARNING, QTY_A, QTY_A, TRACE_A, KEY_A));
        sink.append(encode.outboxRecorded(T0 + 2_000, request, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", KEY_A));
        sink.append(encode.orderSent(T0 + 3_000, request, 1, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", KEY_A));
        return request;
    }

    /** Asserts a row's request, trace, key and final state, and its duration of every stage in {@link LatencyStage} order. */
    private static void assertRow(final RequestLatency row, final long inputIndex, final String traceId,
        final String keyHex, final FinalState finalState, final long... stageNs)
    {
        assertEquals(inputIndex, row.inputIndex());
        assertEquals(traceId, row.traceId());
        assertEquals(keyHex, row.idempotencyKey());
        assertEquals(finalState, row.finalState());
        final LatencyStage[] stages = LatencyStage.values();
        assertEquals(stages.length, stageNs.length, "one duration per stage");
        for (int i = 0; i < stages.length; i++)
        {
            assertEquals(stageNs[i], row.durationNs(stages[i]), traceId + " " + stages[i]);
        }
    }
}

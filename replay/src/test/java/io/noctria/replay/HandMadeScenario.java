package io.noctria.replay;

import io.noctria.codecs.EventEncoder;
import io.noctria.codecs.sbe.*;

import static io.noctria.codecs.EventEncoder.SYMBOL;
import static io.noctria.codecs.EventEncoder.T0;

/**
 * The hand-made journal the replay tests compute their expectations from (times after T0 =
 * 2026-11-22T00:00:00Z):
 * <pre>
 *   +0 ms        EngineStarted
 *   trace-A: BUY 2 USDJPY @ 150 LIMIT DAY, key aa..aa, ClOrdID Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
 *   +1.000 ms    OrderRequest (inbound 0, ingress)
 *   +1.010 ms    QualityDecision OK
 *   +1.025 ms    RiskDecision ALLOW (rule NONE)        ingress→decision 25 µs
 *   +1.030 ms    OutboxRecorded
 *   +1.0405 ms   OrderSent attempt 1                   decision→sent 15.5 µs, ingress→sent 40.5 µs
 *   trace-B: BUY 1000 USDJPY @ 150, key bb..bb, quality SCALE to 500, then risk REJECT
 *   +2.000 ms    OrderRequest (inbound 1)
 *   +2.012 ms    QualityDecision SCALE (factor 0.5)
 *   +2.020 ms    RiskDecision REJECT MAX_POSITION_NOTIONAL WARNING   ingress→decision = final 20 µs
 *   +2.0205 ms   Alert RISK_RULE WARNING
 *   trace-A again: the same request re-sent by the producer (same key)
 *   +3.000 ms    OrderRequest (inbound 2)
 *   +3.008 ms    DuplicateSuppressed (first input = the first request)   ingress→final 8 µs
 *                an excerpt of a foreign schema (invalid: UNKNOWN_SCHEMA)
 *   +5.000 ms    BrokerAck (broker order 9001)         sent→ack 3959.5 µs
 *   +6.000 ms    Fill PARTIAL 1 @ 150.10               ack→fill 1000 µs
 *   +7.500 ms    Fill FULL 1 @ 150.20 (avg 150.15)     ingress→final 6500 µs, slippage +0.1 %
 *   +8.000 ms    EngineStopped
 * </pre>
 * The fields hold each excerpt's journal index once {@link #write} ran.
 */
final class HandMadeScenario
{
    static final String TRACE_A = "trace-A";
    static final String TRACE_B = "trace-B";
    static final byte[] KEY_A = EventEncoder.key(0xaa);
    static final byte[] KEY_B = EventEncoder.key(0xbb);
    static final String KEY_A_HEX = "aa".repeat(32);
    static final String KEY_B_HEX = "bb".repeat(32);
    static final long QTY_A = 2_000_000L;
    static final long PRICE = 150_000_000L;
    static final long QTY_B = 1_000_000_000L;
    static final String CLORD_ID_A = "N" + "a".repeat(31);

    /**
     * Order A alone, recorded by input 7 at T0 and sent 10 ns later (attempt 1): where the life-cycle tests of one
     * order begin.
     */
    static void recordAndSendA(final ExcerptSink sink, final EventEncoder encode)
    {
        sink.append(encode.outboxRecorded(T0, 7, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, CLORD_ID_A, KEY_A));
        sink.append(encode.orderSent(T0 + 10, 7, 1, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, CLORD_ID_A, KEY_A));
    }

    long engineStarted;
    long requestA;
    long qualityA;
    long riskA;
    long outboxA;
    long sentA;
    long requestB;
    long qualityB;
    long riskB;
    long alertB;
    long requestDuplicate;
    long duplicate;
    long invalid;
    long ackA;
    long partialFillA;
    long fullFillA;
    long engineStopped;

    /** Writes the scenario's 17 excerpts to the sink, in journal order. */
    HandMadeScenario write(final ExcerptSink sink)
    {
        final EventEncoder encode = new EventEncoder();
        engineStarted = sink.append(encode.engineStarted(T0));

        requestA = sink.append(encode.orderRequest(0, T0 + 1_000_000, TRACE_A, KEY_A, Side.BUY, QTY_A, PRICE));
        qualityA = sink.append(encode.qualityDecision(
            T0 + 1_010_000, requestA, QualityVerdict.OK, QTY_A, QTY_A, 1_000_000, TRACE_A, KEY_A));
        riskA = sink.append(encode.riskDecision(
            T0 + 1_025_000, requestA, RiskVerdict.ALLOW, RiskRule.NONE, Severity.INFO, QTY_A, QTY_A, TRACE_A, KEY_A));
        outboxA = sink.append(encode.outboxRecorded(
            T0 + 1_030_000, requestA, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", KEY_A));
        sentA = sink.append(encode.orderSent(
            T0 + 1_040_500, requestA, 1, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", KEY_A));

        requestB = sink.append(encode.orderRequest(1, T0 + 2_000_000, TRACE_B, KEY_B, Side.BUY, QTY_B, PRICE));
        qualityB = sink.append(encode.qualityDecision(
            T0 + 2_012_000, requestB, QualityVerdict.SCALE, QTY_B, QTY_B / 2, 500_000, TRACE_B, KEY_B));
        riskB = sink.append(encode.riskDecision(T0 + 2_020_000, requestB, RiskVerdict.REJECT,
            RiskRule.MAX_POSITION_NOTIONAL, Severity.WARNING, QTY_B / 2, 0, TRACE_B, KEY_B));
        alertB = sink.append(encode.alert(T0 + 2_020_500, requestB, AlertCode.RISK_RULE, Severity.WARNING,
            RiskRule.MAX_POSITION_NOTIONAL, TRACE_B, "position notional 75000 would exceed 50000"));

        requestDuplicate = sink.append(encode.orderRequest(2, T0 + 3_000_000, TRACE_A, KEY_A, Side.BUY, QTY_A, PRICE));
        duplicate = sink.append(encode.duplicateSuppressed(T0 + 3_008_000, requestDuplicate, requestA, TRACE_A, KEY_A));

        invalid = sink.append(EventEncoder.foreignSchema());

        ackA = sink.append(encode.brokerAck(T0 + 5_000_000, 9001, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));
        partialFillA = sink.append(encode.fill(T0 + 6_000_000, 9001, 1, 1_000_000, 150_100_000, 1_000_000, 1_000_000,
            FillType.PARTIAL, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));
        fullFillA = sink.append(encode.fill(T0 + 7_500_000, 9001, 2, 1_000_000, 150_200_000, 2_000_000, 0,
            FillType.FULL, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));

        engineStopped = sink.append(encode.engineStopped(T0 + 8_000_000, 2));
        return this;
    }
}

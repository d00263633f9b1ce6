package io.noctria.engine.cli;

import io.noctria.codecs.sbe.*;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A small hand-made journal with known times, the replay and postmortem tests compute their expectations
 * from (T0 = 2026-11-22T00:00:00Z, 09:00 JST):
 * <pre>
 *   T0              EngineStarted (config hash 11..11, policy hash 22..22), PolicyLoaded (22..22)
 *   T0 + 1 s        trace t-a: OrderRequest BUY 2 USDJPY @ 150 LIMIT DAY (inbound 0)
 *     + 10 us       QualityDecision OK
 *     + 25 us       RiskDecision ALLOW                        ingress->decision 25 us
 *     + 30 us       OutboxRecorded (key aa..aa, ClOrdID NC-A)
 *     + 40 us       OrderSent attempt 1                       decision->sent 15 us, ingress->sent 40 us
 *     + 1 ms        BrokerAck (broker order 9001)             sent->ack 960 us
 *     + 2 ms        Fill FULL 2 @ 150.03                      ack->fill 1000 us, ingress->final 2000 us
 *   T0 + 10 s       trace t-b: OrderRequest BUY 50000 (inbound 1), QualityDecision OK (+10 us),
 *                   RiskDecision REJECT MAX_ORDER_QTY WARNING (+20 us), Alert RISK_RULE WARNING (+21 us)
 *   T0 + 11 s       Alert BROKER_ERROR_RATE CRITICAL
 *   T0 + 12 s       Control PAUSE_ON by ops-alice (inbound 2), TradingPauseChanged paused (+100 us)
 *   T0 + 20 s       trace t-c: OrderRequest (inbound 3), QualityDecision OK, RiskDecision REJECT TRADING_PAUSED
 *   T0 + 25 s       Control PAUSE_OFF by ops-bob (inbound 4), TradingPauseChanged resumed (+100 us)
 *   T0 + 40 s       12 x trace t-burst-i every 10 ms: OrderRequest + RiskDecision REJECT ORDER_RATE (+20 us)
 *   T0 + 50 s       EngineStopped SHUTDOWN
 * </pre>
 * With {@code garbage}, three raw bytes (not a message) are appended right after t-a's Fill.
 */
final class ReplayScenario
{
    static final long T0 = 1_795_305_600_000_000_000L;
    static final long SECOND = 1_000_000_000L;
    static final long MICRO = 1_000L;
    static final String CONFIG_HASH = "11".repeat(32);
    static final String POLICY_HASH = "22".repeat(32);
    static final String KEY_A = "aa".repeat(32);
    static final int BURST = 12;

    long engineStarted;
    long policyLoaded;
    long requestA;
    long qualityA;
    long riskA;
    long outboxA;
    long sentA;
    long ackA;
    long fillA;
    long garbage = -1;
    long requestB;
    long riskB;
    long alertB;
    long critical;
    long pauseOnControl;
    long pauseOn;
    long requestC;
    long riskC;
    long pauseOffControl;
    long pauseOff;
    long firstBurstReject;
    long engineStopped;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private Journal journal;

    /** Writes the scenario into {@code dataDir}'s journal. */
    ReplayScenario write(final Path dataDir, final boolean withGarbage)
    {
        final Path queue = new DataDirectory(dataDir).queue(DataDirectory.JOURNAL);
        journal = Journal.open(queue, JournalConfig.defaults());
        try
        {
            engineStarted = append(new EngineStartedEncoder().wrapAndApplyHeader(buffer, 0, header).tsNs(T0)
                .resumeInboundIndex(-1).recoveredEvents(0).demo(BooleanType.FALSE).version("0.1.0")
                .putConfigHash(bytes(0x11), 0, 32).putPolicyHash(bytes(0x22), 0, 32).putStateHash(bytes(0x33), 0, 32)
                .encodedLength());
            final PolicyLoadedEncoder policy = new PolicyLoadedEncoder().wrapAndApplyHeader(buffer, 0, header).tsNs(T0)
                .putPolicyHash(bytes(0x22), 0, 32).overrides(1);
            policy.source("configs/risk_policy.yml");
            policyLoaded = append(policy.encodedLength());

            final long a = T0 + SECOND;
            requestA = request(a, 0, "t-a", 2_000_000L);
            qualityA = quality(a + 10 * MICRO, requestA, "t-a", 2_000_000L);
            riskA = risk(a + 25 * MICRO, requestA, "t-a", RiskVerdict.ALLOW, RiskRule.NONE, Severity.INFO, 2_000_000L);
            outboxA = append(new OutboxRecordedV2Encoder().wrapAndApplyHeader(buffer, 0, header).tsNs(a + 30 * MICRO)
                .inputIndex(requestA).qty(2_000_000L).price(150_000_000L).side(Side.BUY).orderType(OrderType.LIMIT)
                .timeInForce(TimeInForce.DAY).symbol("USDJPY").traceId("t-a").clOrdId("NC-A")
                .putIdempotencyKey(bytes(0xaa), 0, 32).encodedLength());
            sentA = append(new OrderSentEncoder().wrapAndApplyHeader(buffer, 0, header).tsNs(a + 40 * MICRO)
                .inputIndex(requestA).qty(2_000_000L).price(150_000_000L).attempt(1).side(Side.BUY)
                .orderType(OrderType.LIMIT).timeInForce(TimeInForce.DAY).symbol("USDJPY").traceId("t-a").clOrdId("NC-A")
                .putIdempotencyKey(bytes(0xaa), 0, 32).encodedLength());
            ackA = append(new BrokerAckEncoder().wrapAndApplyHeader(buffer, 0, header).tsNs(a + 1_000 * MICRO)
                .brokerTsNs(a + 900 * MICRO).brokerOrderId(9001).clOrdId("NC-A").traceId("t-a")
                .putIdempotencyKey(bytes(0xaa), 0, 32).encodedLength());
            fillA = append(new FillEncoder().wrapAndApplyHeader(buffer, 0, header).tsNs(a + 2_000 * MICRO)
                .brokerTsNs(a + 1_900 * MICRO).brokerOrderId(9001).execId(1).fillQty(2_000_000L).fillPrice(150_030_000L)
                .cumQty(2_000_000L).leavesQty(0).fillType(FillType.FULL).liquidity(Liquidity.TAKER).clOrdId("NC-A")
                .traceId("t-a").putIdempotencyKey(bytes(0xaa), 0, 32).encodedLength());
            if (withGarbage)
            {
                journal.close();
                journal = null;
                try (SingleChronicleQueue raw = SingleChronicleQueueBuilder.binary(queue).build();
                     ExcerptAppender appender = raw.createAppender())
                {
                    appender.writeBytes(Bytes.wrapForRead(new byte[]{ 1, 2, 3 }));
                    garbage = appender.lastIndexAppended();
                }
                journal = Journal.open(queue, JournalConfig.defaults());
            }

            final long b = T0 + 10 * SECOND;
            requestB = request(b, 1, "t-b", 50_000_000_000L);
            quality(b + 10 * MICRO, requestB, "t-b", 50_000_000_000L);
            riskB = risk(b + 20 * MICRO, requestB, "t-b", RiskVerdict.REJECT, RiskRule.MAX_ORDER_QTY, Severity.WARNING,
                50_000_000_000L);
            alertB = alert(b + 21 * MICRO, requestB, AlertCode.RISK_RULE, Severity.WARNING, RiskRule.MAX_ORDER_QTY,
                "default", "t-b", "max_order_qty: qty 50000 over 20000; rejected");
            critical = alert(T0 + 11 * SECOND, -1, AlertCode.BROKER_ERROR_RATE, Severity.CRITICAL, RiskRule.NONE, "", "",
                "broker error rate 5.0% over 10 min | above 1%");

            pauseOnControl = control(T0 + 12 * SECOND, 2, ControlAction.PAUSE_ON, "ops-alice", "broker unstable");
            pauseOn = pause(T0 + 12 * SECOND + 100 * MICRO, pauseOnControl, true, "ops-alice", "broker unstable");

            final long c = T0 + 20 * SECOND;
            requestC = request(c, 3, "t-c", 1_000_000L);
            quality(c + 10 * MICRO, requestC, "t-c", 1_000_000L);
            riskC = risk(c + 20 * MICRO, requestC, "t-c", RiskVerdict.REJECT, RiskRule.TRADING_PAUSED, Severity.WARNING,
                1_000_000L);

            pauseOffControl = control(T0 + 25 * SECOND, 4, ControlAction.PAUSE_OFF, "ops-bob", "broker stable again");
            pauseOff = pause(T0 + 25 * SECOND + 100 * MICRO, pauseOffControl, false, "ops-bob", "broker stable again");

            for (int i = 0; i < BURST; i++)
            {
                final long t = T0 + 40 * SECOND + i * 10_000 * MICRO;
                final long request = request(t, 5 + i, "t-burst-" + i, 1_000_000L);
                final long reject = risk(t + 20 * MICRO, request, "t-burst-" + i, RiskVerdict.REJECT, RiskRule.ORDER_RATE,
                    Severity.WARNING, 1_000_000L);
                if (i == 0)
                {
                    firstBurstReject = reject;
                }
            }

            engineStopped = append(new EngineStoppedEncoder().wrapAndApplyHeader(buffer, 0, header)
                .tsNs(T0 + 50 * SECOND).lastInboundIndex(4 + BURST).reason(StopReason.SHUTDOWN)
                .putStateHash(bytes(0x44), 0, 32).encodedLength());
        }
        finally
        {
            if (journal != null)
            {
                journal.close();
            }
        }
        return this;
    }

    private long request(final long ingressNs, final long inboundIndex, final String traceId, final long qty)
    {
        return append(new OrderRequestEncoder().wrapAndApplyHeader(buffer, 0, header).inboundIndex(inboundIndex)
            .ingressNs(ingressNs).clientTsNs(ingressNs - SECOND).qty(qty).price(150_000_000L).missingRatio(0)
            .dataLagMs(0).side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.DAY)
            .keyPresent(BooleanType.FALSE).symbol("USDJPY").traceId(traceId).strategy("s1")
            .putIdempotencyKey(new byte[32], 0, 32).encodedLength());
    }

    private long quality(final long tsNs, final long input, final String traceId, final long qty)
    {
        return append(new QualityDecisionV2Encoder().wrapAndApplyHeader(buffer, 0, header).tsNs(tsNs).inputIndex(input)
            .originalQty(qty).finalQty(qty).factor(1_000_000).missingRatio(0).dataLagMs(0).verdict(QualityVerdict.OK)
            .reason(QualityReason.NONE).traceId(traceId).putIdempotencyKey(keyOf(traceId), 0, 32).encodedLength());
    }

    private long risk(final long tsNs, final long input, final String traceId, final RiskVerdict verdict,
        final RiskRule rule, final Severity severity, final long qty)
    {
        return append(new RiskDecisionV2Encoder().wrapAndApplyHeader(buffer, 0, header).tsNs(tsNs).inputIndex(input)
            .originalQty(qty).finalQty(verdict == RiskVerdict.REJECT ? 0 : qty).limitValue(0).observedValue(0)
            .verdict(verdict).rule(rule).severity(severity).symbol("USDJPY").policy("default").traceId(traceId)
            .putIdempotencyKey(keyOf(traceId), 0, 32).encodedLength());
    }

    private long alert(final long tsNs, final long input, final AlertCode code, final Severity severity,
        final RiskRule rule, final String policy, final String traceId, final String message)
    {
        final AlertEncoder alert = new AlertEncoder().wrapAndApplyHeader(buffer, 0, header).tsNs(tsNs).inputIndex(input)
            .code(code).severity(severity).rule(rule).policy(policy).traceId(traceId);
        alert.message(message);
        return append(alert.encodedLength());
    }

    private long control(final long ingressNs, final long inboundIndex, final ControlAction action,
        final String operator, final String reason)
    {
        final ControlEncoder control = new ControlEncoder().wrapAndApplyHeader(buffer, 0, header)
            .inboundIndex(inboundIndex).ingressNs(ingressNs).submittedNs(ingressNs - MICRO).action(action)
            .operatorName(operator);
        control.reason(reason);
        return append(control.encodedLength());
    }

    private long pause(final long tsNs, final long input, final boolean paused, final String operator,
        final String reason)
    {
        final TradingPauseChangedEncoder pause = new TradingPauseChangedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tsNs).inputIndex(input).paused(paused ? BooleanType.TRUE : BooleanType.FALSE)
            .source(PauseSource.OPERATOR).operatorName(operator);
        pause.reason(reason);
        return append(pause.encodedLength());
    }

    private long append(final int bodyLength)
    {
        return journal.append(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + bodyLength);
    }

    private static byte[] keyOf(final String traceId)
    {
        return "t-a".equals(traceId) ? bytes(0xaa) : bytes(traceId.hashCode() & 0x7f);
    }

    static byte[] bytes(final int value)
    {
        final byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte)value);
        return bytes;
    }
}

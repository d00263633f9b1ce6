package io.noctria.engine.demo;

import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.cli.NoctriaCli;
import io.noctria.engine.testing.DecodingConsumer;
import io.noctria.engine.testing.Journals;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code run --demo} end to end: the platform's acceptance criteria checked on the journal it wrote.
 */
class DemoRunTest
{
    private static final int REQUESTS = 20_000;

    @TempDir
    static Path dataDir;

    private static String summary;
    private static final Map<String, Integer> allowedDecisionsByTrace = new HashMap<>();
    private static final Map<String, Integer> firstSendsByTrace = new HashMap<>();
    private static final Map<String, String> traceByKey = new HashMap<>();
    private static final Map<String, Integer> sendsByKey = new HashMap<>();
    private static final Set<String> executionKeysWithWrongTrace = new HashSet<>();
    private static final EnumSet<RiskRule> rulesFired = EnumSet.noneOf(RiskRule.class);
    private static int invalid;
    private static int inputRejected;
    private static int duplicates;
    private static int pauseChanges;

    @BeforeAll
    static void runDemo()
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = NoctriaCli.execute(new PrintWriter(out), new PrintWriter(err),
            "run", "--demo", String.valueOf(REQUESTS), "--seed", "7", "--data-dir", dataDir.toString(),
            "--config", "../configs/engine.yml", "--policy", "../configs/risk_policy.yml");
        summary = out + "\n" + err;
        assertEquals(0, code, summary);
        Journals.readJournal(dataDir, new Collector());
    }

    @Test
    void shouldMatchTraceIdsOneToOneBetweenDecisionsAndExecution()
    {
        assertFalse(allowedDecisionsByTrace.isEmpty(), summary);
        assertEquals(allowedDecisionsByTrace, firstSendsByTrace,
            "every allowed/clamped/shrunk decision has exactly one first send under the same trace, and no send lacks one");
        assertTrue(executionKeysWithWrongTrace.isEmpty(), "execution events carry their order's trace: " +
            executionKeysWithWrongTrace);
    }

    @Test
    void shouldSendEveryKeyAtMostOnceAsANewOrder()
    {
        sendsByKey.forEach((key, sends) -> assertEquals(1, sends.intValue(), "first sends of key " + key));
        assertTrue(duplicates > 0, "the demo contains duplicates, all suppressed: " + summary);
    }

    @Test
    void shouldFireEveryRiskRuleAndTheOtherScenarios()
    {
        final EnumSet<RiskRule> expected = EnumSet.of(RiskRule.MAX_ORDER_QTY, RiskRule.MAX_POSITION_NOTIONAL,
            RiskRule.MAX_TRACE_NOTIONAL, RiskRule.TRADING_HOURS, RiskRule.FORBIDDEN_SYMBOL, RiskRule.LOSS_STREAK_SHRINK,
            RiskRule.TRADING_PAUSED, RiskRule.ORDER_RATE, RiskRule.PRICE_COLLAR, RiskRule.NOTIONAL_OVERFLOW);
        final EnumSet<RiskRule> missing = EnumSet.copyOf(expected);
        missing.removeAll(rulesFired);
        assertTrue(missing.isEmpty(), "rules that never fired: " + missing + "\n" + summary);
        assertTrue(inputRejected > 0, "invalid requests and garbage excerpts are rejected with a reason");
        assertEquals(2, pauseChanges, "the pause is switched on and off once each");
        assertEquals(0, invalid, "the journal itself holds only valid messages");
    }

    @Test
    void shouldPrintATradersSummary()
    {
        for (final String line : new String[]{ "orders received", "orders sent", "duplicates suppressed", "risk gate",
            "by rule", "broker", "ingress->sent latency", "elapsed" })
        {
            assertTrue(summary.contains(line), "summary shows " + line + ":\n" + summary);
        }
        assertTrue(summary.contains("DEMO MODE"), "demo says loudly it uses the demo secret");
    }

    private static final class Collector extends DecodingConsumer
    {
        private final RiskDecisionDecoder risk = new RiskDecisionDecoder();
        private final OrderSentDecoder sent = new OrderSentDecoder();
        private final FillDecoder fill = new FillDecoder();
        private final BrokerAckDecoder ack = new BrokerAckDecoder();
        private final AlertDecoder alert = new AlertDecoder();
        private final byte[] key = new byte[32];

        @Override
        protected void onMessage(final long index, final int templateId, final DirectBuffer buffer, final int body,
            final int blockLength, final int version)
        {
            switch (templateId)
            {
                case RiskDecisionDecoder.TEMPLATE_ID:
                    risk.wrap(buffer, body, blockLength, version);
                    if (risk.verdict() != RiskVerdict.REJECT)
                    {
                        allowedDecisionsByTrace.merge(traceIdOf(templateId, buffer, body), 1, Integer::sum);
                    }
                    break;
                case OrderSentDecoder.TEMPLATE_ID:
                    sent.wrap(buffer, body, blockLength, version);
                    final String trace = sent.traceId();
                    sent.getIdempotencyKey(key, 0, 32);
                    final String hex = hex(key);
                    if (sent.attempt() == 1)
                    {
                        firstSendsByTrace.merge(trace, 1, Integer::sum);
                        sendsByKey.merge(hex, 1, Integer::sum);
                    }
                    traceByKey.put(hex, trace);
                    break;
                case FillDecoder.TEMPLATE_ID:
                    fill.wrap(buffer, body, blockLength, version);
                    fill.getIdempotencyKey(key, 0, 32);
                    checkTrace(hex(key), fill.traceId());
                    break;
                case BrokerAckDecoder.TEMPLATE_ID:
                    ack.wrap(buffer, body, blockLength, version);
                    ack.getIdempotencyKey(key, 0, 32);
                    checkTrace(hex(key), ack.traceId());
                    break;
                case AlertDecoder.TEMPLATE_ID:
                    // Every rule that fires journals its own Alert; the RiskDecision names only the deciding one.
                    alert.wrap(buffer, body, blockLength, version);
                    if (alert.code() == AlertCode.RISK_RULE)
                    {
                        rulesFired.add(alert.rule());
                    }
                    break;
                case InputRejectedDecoder.TEMPLATE_ID:
                    inputRejected++;
                    break;
                case DuplicateSuppressedDecoder.TEMPLATE_ID:
                    duplicates++;
                    break;
                case TradingPauseChangedDecoder.TEMPLATE_ID:
                    pauseChanges++;
                    break;
                default:
                    break;
            }
        }

        @Override
        public void onInvalid(final long index, final RecordError error, final String detail)
        {
            invalid++;
        }

        private static void checkTrace(final String key, final String trace)
        {
            final String expected = traceByKey.get(key);
            if (expected == null || !expected.equals(trace))
            {
                executionKeysWithWrongTrace.add(key);
            }
        }

        private static String hex(final byte[] bytes)
        {
            final StringBuilder sb = new StringBuilder(64);
            for (final byte b : bytes)
            {
                sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return sb.toString();
        }
    }
}

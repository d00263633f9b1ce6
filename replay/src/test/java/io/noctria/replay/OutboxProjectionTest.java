package io.noctria.replay;

import io.noctria.codecs.EventEncoder;
import io.noctria.codecs.FrameInput;

import io.noctria.engine.core.OutboxEntry;
import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.BrokerErrorCode;
import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.codecs.sbe.FillType;
import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.ReconcileOutcome;
import io.noctria.codecs.sbe.RiskRule;
import io.noctria.codecs.sbe.Severity;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;
import org.junit.jupiter.api.Test;

import static io.noctria.codecs.EventEncoder.SYMBOL;
import static io.noctria.codecs.EventEncoder.T0;
import static io.noctria.replay.HandMadeScenario.KEY_A;
import static io.noctria.replay.HandMadeScenario.KEY_A_HEX;
import static io.noctria.replay.HandMadeScenario.PRICE;
import static io.noctria.replay.HandMadeScenario.QTY_A;
import static io.noctria.replay.HandMadeScenario.TRACE_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class OutboxProjectionTest
{
    private final FrameInput frameInput = new FrameInput();
    private final OutboxProjection outbox = new OutboxProjection(frameInput);
    private final ConsumerSink sink = new ConsumerSink(outbox, 100, frameInput);
    private final EventEncoder encode = new EventEncoder();

    @Test
    void shouldRebuildTheScenarioOutboxWithOneEntryPerKey()
    {
        final HandMadeScenario scenario = new HandMadeScenario().write(sink);

        assertEquals(1, outbox.size());
        final OutboxEntry entry = outbox.entries().get(0);
        assertSame(entry, outbox.entry(KEY_A_HEX));
        assertEquals(KEY_A_HEX, entry.idempotencyKey());
        assertEquals(TRACE_A, entry.traceId());
        assertEquals(scenario.outboxA, entry.firstIndex());
        assertEquals(scenario.requestA, entry.inputIndex());
        assertEquals(SYMBOL, entry.symbol());
        assertEquals(Side.BUY, entry.side());
        assertEquals(QTY_A, entry.qty());
        assertEquals(PRICE, entry.price());
        assertEquals(OrderType.LIMIT, entry.orderType());
        assertEquals(TimeInForce.DAY, entry.timeInForce());
        assertEquals("Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", entry.clOrdId());
        assertEquals(EngineOrderState.FILLED, entry.state());
        assertEquals(T0 + 1_030_000, entry.createdNs());
        assertEquals(T0 + 1_040_500, entry.sentNs());
        assertEquals(9001, entry.brokerOrderId());
        assertEquals("Fill", entry.lastResponse());
        assertEquals(2_000_000, entry.filledQty());
        // (1 x 150.10 + 1 x 150.20) / 2
        assertEquals(150_150_000, entry.avgFillPrice());
        assertEquals(1, entry.sends());
        assertEquals(0, entry.retries());
        assertEquals(0, entry.sendFailures());
        assertEquals(1, entry.duplicatesSuppressed());
        assertEquals(scenario.fullFillA, entry.terminalIndex());
        assertEquals(0, outbox.unmatchedReports());
        assertEquals(scenario.engineStopped, outbox.lastIndex());
    }

    @Test
    void shouldMoveThroughSentAckedAndPartiallyFilled()
    {
        sink.append(encode.outboxRecorded(T0, 7, SYMBOL, Side.SELL, QTY_A, PRICE, TRACE_A, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", KEY_A));
        final OutboxEntry entry = outbox.entry(KEY_A_HEX);
        assertEquals(EngineOrderState.NEW, entry.state());
        assertEquals(OutboxEntry.NO_TIME, entry.sentNs());
        assertEquals(OutboxEntry.NONE, entry.avgFillPrice());
        assertEquals(OutboxEntry.NONE, entry.brokerOrderId());
        assertNull(entry.lastResponse());

        sink.append(encode.orderSent(T0 + 10, 7, 1, SYMBOL, Side.SELL, QTY_A, PRICE, TRACE_A, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", KEY_A));
        assertEquals(EngineOrderState.SENT, entry.state());
        sink.append(encode.brokerAck(T0 + 20, 55, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));
        assertEquals(EngineOrderState.ACKED, entry.state());
        sink.append(encode.fill(T0 + 30, 55, 1, 500_000, 149_000_000, 500_000, 1_500_000, FillType.PARTIAL,
            "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));
        assertEquals(EngineOrderState.PARTIALLY_FILLED, entry.state());
        assertEquals(149_000_000, entry.avgFillPrice());
        assertEquals(-1, entry.terminalIndex());
    }

    @Test
    void shouldCountRetriesAndSendFailuresAndKeepATimedOutFinalAttemptInDoubt()
    {
        HandMadeScenario.recordAndSendA(sink, encode);
        sink.append(encode.sendFailed(T0 + 20, 1, false, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));
        sink.append(encode.orderSent(T0 + 30, 7, 2, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", KEY_A));
        final long finalFailure = sink.append(encode.sendFailed(T0 + 40, 2, true, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));

        final OutboxEntry entry = outbox.entry(KEY_A_HEX);
        assertEquals(EngineOrderState.SENT, entry.state(), "gave up after a timeout: in doubt, as in the engine");
        assertEquals(2, entry.sends());
        assertEquals(1, entry.retries());
        assertEquals(2, entry.sendFailures());
        assertEquals(T0 + 10, entry.sentNs());
        assertEquals("SendFailed", entry.lastResponse());
        assertEquals(-1, entry.terminalIndex(), "not terminal at " + finalFailure + ": reconciliation settles it");
    }

    @Test
    void shouldRejectLocallyASendTheEngineGaveUpOnWithoutATimeout()
    {
        HandMadeScenario.recordAndSendA(sink, encode);
        final long finalFailure = sink.append(encode.sendFailed(T0 + 20, 1, true, BrokerErrorCode.DISCONNECTED, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            TRACE_A, KEY_A));

        final OutboxEntry entry = outbox.entry(KEY_A_HEX);
        assertEquals(EngineOrderState.REJECTED, entry.state(), "never reached the venue: REJECTED, as in the engine");
        assertEquals(finalFailure, entry.terminalIndex());
    }

    @Test
    void shouldFollowTheEnginesDecisionAfterASendFailureWithoutTheFinalFlag()
    {
        HandMadeScenario.recordAndSendA(sink, encode);
        sink.append(encode.sendFailed(T0 + 20, 1, false, BrokerErrorCode.SERVER_ERROR, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));
        sink.append(encode.orderSent(T0 + 30, 7, 2, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", KEY_A));
        assertEquals(EngineOrderState.SENT, outbox.entry(KEY_A_HEX).state(), "the engine retried");

        sink.append(encode.sendFailed(T0 + 40, 2, false, BrokerErrorCode.SERVER_ERROR, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));
        assertEquals(EngineOrderState.SENT, outbox.entry(KEY_A_HEX).state(), "undecided until the engine's next event");
        final long gaveUp = sink.append(encode.alert(T0 + 40, 5, AlertCode.SEND_FAILED, Severity.CRITICAL,
            RiskRule.NONE, TRACE_A, "send of ClOrdID Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa gave up after 2 attempt(s)"));
        assertEquals(EngineOrderState.REJECTED, outbox.entry(KEY_A_HEX).state(), "the engine's SEND_FAILED alert");
        assertEquals(gaveUp, outbox.entry(KEY_A_HEX).terminalIndex());
    }

    @Test
    void shouldIgnoreAStaleSendFailureAndAnAlertThatDoesNotFollowOne()
    {
        HandMadeScenario.recordAndSendA(sink, encode);
        sink.append(encode.orderSent(T0 + 20, 7, 2, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", KEY_A));
        sink.append(encode.sendFailed(T0 + 30, 1, true, BrokerErrorCode.SERVER_ERROR, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));
        assertEquals(EngineOrderState.SENT, outbox.entry(KEY_A_HEX).state(), "attempt 1 is stale: attempt 2 is out");
        sink.append(encode.alert(T0 + 40, 5, AlertCode.SEND_FAILED, Severity.CRITICAL, RiskRule.NONE, TRACE_A, "x"));
        assertEquals(EngineOrderState.SENT, outbox.entry(KEY_A_HEX).state(), "no SendFailed right before it");
        assertEquals(1, outbox.entry(KEY_A_HEX).sendFailures(), "the stale one still counts as a failure");
    }

    @Test
    void shouldCompleteAnOrderWhenItsFillsReachItsQuantityAndBookNoFillAfterThat()
    {
        HandMadeScenario.recordAndSendA(sink, encode);
        // The venue calls the completing fill PARTIAL: the engine completes the order by quantity, not by type.
        final long completing = sink.append(encode.fill(T0 + 20, 55, 1, QTY_A, 151_000_000, QTY_A, 0,
            FillType.PARTIAL, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));
        sink.append(encode.fill(T0 + 30, 55, 2, 1_000_000, 152_000_000, QTY_A + 1_000_000, 0, FillType.FULL,
            "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));

        final OutboxEntry entry = outbox.entry(KEY_A_HEX);
        assertEquals(EngineOrderState.FILLED, entry.state());
        assertEquals(completing, entry.terminalIndex());
        assertEquals(QTY_A, entry.filledQty(), "the fill on the filled order is not booked, as in the engine");
        assertEquals(151_000_000, entry.avgFillPrice());
        assertEquals("Fill", entry.lastResponse());
    }

    @Test
    void shouldNeverMoveBackFromATerminalState()
    {
        HandMadeScenario.recordAndSendA(sink, encode);
        final long expiry = sink.append(encode.expired(T0 + 20, 55, 0, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));
        sink.append(encode.brokerAck(T0 + 30, 55, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));
        sink.append(encode.canceled(T0 + 40, 55, 0, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));
        // A fill racing the expiry still happened: it counts, the state stays.
        sink.append(encode.fill(T0 + 50, 55, 1, 500_000, 151_000_000, 500_000, 0, FillType.PARTIAL,
            "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));

        final OutboxEntry entry = outbox.entry(KEY_A_HEX);
        assertEquals(EngineOrderState.EXPIRED, entry.state());
        assertEquals(expiry, entry.terminalIndex());
        assertEquals(500_000, entry.filledQty());
        assertEquals("Fill", entry.lastResponse());
    }

    @Test
    void shouldTakeTheEngineStateAndAdoptedFillsFromReconciliation()
    {
        HandMadeScenario.recordAndSendA(sink, encode);
        // The engine crashed before any report; on restart the venue says the order was filled in full.
        final long reconciled = sink.append(encode.orderReconciled(T0 + 20, ReconcileOutcome.ADOPTED,
            EngineOrderState.FILLED, QTY_A, 150_200_000, 77, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));

        final OutboxEntry entry = outbox.entry(KEY_A_HEX);
        assertEquals(EngineOrderState.FILLED, entry.state());
        assertEquals(reconciled, entry.terminalIndex());
        assertEquals(QTY_A, entry.filledQty());
        assertEquals(150_200_000, entry.avgFillPrice());
        assertEquals(77, entry.brokerOrderId());
        assertEquals("OrderReconciled", entry.lastResponse());
        assertEquals(0, outbox.unmatchedReports());
    }

    @Test
    void shouldLetReconciliationReopenALocallyFailedOrderTheVenueNeverSaw()
    {
        HandMadeScenario.recordAndSendA(sink, encode);
        sink.append(encode.sendFailed(T0 + 20, 1, true, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));
        assertEquals(EngineOrderState.SENT, outbox.entry(KEY_A_HEX).state(), "in doubt after a timeout");
        // UNKNOWN at the venue: re-sent under the same ClOrdID, and then filled.
        sink.append(encode.orderReconciled(T0 + 30, ReconcileOutcome.RESENT, EngineOrderState.SENT, 0, 0, 0,
            "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));
        sink.append(encode.orderSent(T0 + 31, 7, 2, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", KEY_A));
        final long filled = sink.append(encode.fill(T0 + 40, 55, 1, QTY_A, 150_100_000, QTY_A, 0, FillType.FULL,
            "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));

        final OutboxEntry entry = outbox.entry(KEY_A_HEX);
        assertEquals(EngineOrderState.FILLED, entry.state());
        assertEquals(filled, entry.terminalIndex());
        assertEquals(2, entry.sends());
    }

    @Test
    void shouldEndRejectedOnABrokerReject()
    {
        HandMadeScenario.recordAndSendA(sink, encode);
        sink.append(encode.brokerReject(T0 + 20, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A, "no liquidity"));

        final OutboxEntry entry = outbox.entry(KEY_A_HEX);
        assertEquals(EngineOrderState.REJECTED, entry.state());
        assertEquals("BrokerReject", entry.lastResponse());
        assertEquals(OutboxEntry.NONE, entry.brokerOrderId());
    }

    @Test
    void shouldStartFromOrderSentWhenTheWindowBeganAfterTheRecord()
    {
        final long sent = sink.append(
            encode.orderSent(T0 + 10, 7, 1, SYMBOL, Side.SELL, QTY_A, PRICE, TRACE_A, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", KEY_A));

        final OutboxEntry entry = outbox.entry(KEY_A_HEX);
        assertEquals(sent, entry.firstIndex());
        assertEquals(7, entry.inputIndex());
        assertEquals(Side.SELL, entry.side());
        assertEquals(OutboxEntry.NO_TIME, entry.createdNs());
        assertEquals(T0 + 10, entry.sentNs());
        assertEquals(EngineOrderState.SENT, entry.state());
    }

    @Test
    void shouldCountReportsForKeysItHasNotSeen()
    {
        sink.append(encode.brokerAck(T0 + 20, 55, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));
        sink.append(encode.fill(T0 + 30, 55, 1, QTY_A, PRICE, QTY_A, 0, FillType.FULL, "Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TRACE_A, KEY_A));
        sink.append(encode.duplicateSuppressed(T0 + 40, 9, 7, TRACE_A, KEY_A));

        assertEquals(0, outbox.size());
        assertEquals(3, outbox.unmatchedReports());
    }
}

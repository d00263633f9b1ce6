package io.noctria.replay;

import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.codecs.sbe.FillType;
import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.ReconcileOutcome;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;
import org.junit.jupiter.api.Test;

import static io.noctria.replay.EventEncoder.SYMBOL;
import static io.noctria.replay.EventEncoder.T0;
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
    private final OutboxProjection outbox = new OutboxProjection();
    private final ConsumerSink sink = new ConsumerSink(outbox, 100);
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
        assertEquals("NC-A", entry.clOrdId());
        assertEquals(OrderState.FILLED, entry.state());
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
        sink.append(encode.outboxRecorded(T0, 7, SYMBOL, Side.SELL, QTY_A, PRICE, TRACE_A, "NC-A", KEY_A));
        final OutboxEntry entry = outbox.entry(KEY_A_HEX);
        assertEquals(OrderState.RECORDED, entry.state());
        assertEquals(OutboxEntry.NO_TIME, entry.sentNs());
        assertEquals(OutboxEntry.NONE, entry.avgFillPrice());
        assertEquals(OutboxEntry.NONE, entry.brokerOrderId());
        assertNull(entry.lastResponse());

        sink.append(encode.orderSent(T0 + 10, 7, 1, SYMBOL, Side.SELL, QTY_A, PRICE, TRACE_A, "NC-A", KEY_A));
        assertEquals(OrderState.SENT, entry.state());
        sink.append(encode.brokerAck(T0 + 20, 55, "NC-A", TRACE_A, KEY_A));
        assertEquals(OrderState.ACKED, entry.state());
        sink.append(encode.fill(T0 + 30, 55, 1, 500_000, 149_000_000, 500_000, 1_500_000, FillType.PARTIAL,
            "NC-A", TRACE_A, KEY_A));
        assertEquals(OrderState.PARTIALLY_FILLED, entry.state());
        assertEquals(149_000_000, entry.avgFillPrice());
        assertEquals(-1, entry.terminalIndex());
    }

    @Test
    void shouldCountRetriesAndSendFailuresAndFailOnTheFinalAttempt()
    {
        sink.append(encode.outboxRecorded(T0, 7, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "NC-A", KEY_A));
        sink.append(encode.orderSent(T0 + 10, 7, 1, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "NC-A", KEY_A));
        sink.append(encode.sendFailed(T0 + 20, 1, false, "NC-A", TRACE_A, KEY_A));
        sink.append(encode.orderSent(T0 + 30, 7, 2, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "NC-A", KEY_A));
        final long finalFailure = sink.append(encode.sendFailed(T0 + 40, 2, true, "NC-A", TRACE_A, KEY_A));

        final OutboxEntry entry = outbox.entry(KEY_A_HEX);
        assertEquals(OrderState.FAILED, entry.state());
        assertEquals(2, entry.sends());
        assertEquals(1, entry.retries());
        assertEquals(2, entry.sendFailures());
        assertEquals(T0 + 10, entry.sentNs());
        assertEquals("SendFailed", entry.lastResponse());
        assertEquals(finalFailure, entry.terminalIndex());
    }

    @Test
    void shouldNeverMoveBackFromATerminalState()
    {
        sink.append(encode.outboxRecorded(T0, 7, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "NC-A", KEY_A));
        sink.append(encode.orderSent(T0 + 10, 7, 1, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "NC-A", KEY_A));
        final long expiry = sink.append(encode.expired(T0 + 20, 55, 0, "NC-A", TRACE_A, KEY_A));
        sink.append(encode.brokerAck(T0 + 30, 55, "NC-A", TRACE_A, KEY_A));
        sink.append(encode.canceled(T0 + 40, 55, 0, "NC-A", TRACE_A, KEY_A));
        // A fill racing the expiry still happened: it counts, the state stays.
        sink.append(encode.fill(T0 + 50, 55, 1, 500_000, 151_000_000, 500_000, 0, FillType.PARTIAL,
            "NC-A", TRACE_A, KEY_A));

        final OutboxEntry entry = outbox.entry(KEY_A_HEX);
        assertEquals(OrderState.EXPIRED, entry.state());
        assertEquals(expiry, entry.terminalIndex());
        assertEquals(500_000, entry.filledQty());
        assertEquals("Fill", entry.lastResponse());
    }

    @Test
    void shouldTakeTheEngineStateAndAdoptedFillsFromReconciliation()
    {
        sink.append(encode.outboxRecorded(T0, 7, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "NC-A", KEY_A));
        sink.append(encode.orderSent(T0 + 10, 7, 1, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "NC-A", KEY_A));
        // The engine crashed before any report; on restart the venue says the order was filled in full.
        final long reconciled = sink.append(encode.orderReconciled(T0 + 20, ReconcileOutcome.ADOPTED,
            EngineOrderState.FILLED, QTY_A, 150_200_000, 77, "NC-A", TRACE_A, KEY_A));

        final OutboxEntry entry = outbox.entry(KEY_A_HEX);
        assertEquals(OrderState.FILLED, entry.state());
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
        sink.append(encode.outboxRecorded(T0, 7, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "NC-A", KEY_A));
        sink.append(encode.orderSent(T0 + 10, 7, 1, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "NC-A", KEY_A));
        sink.append(encode.sendFailed(T0 + 20, 1, true, "NC-A", TRACE_A, KEY_A));
        assertEquals(OrderState.FAILED, outbox.entry(KEY_A_HEX).state());
        // UNKNOWN at the venue: re-sent under the same ClOrdID, and then filled.
        sink.append(encode.orderReconciled(T0 + 30, ReconcileOutcome.RESENT, EngineOrderState.SENT, 0, 0, 0,
            "NC-A", TRACE_A, KEY_A));
        sink.append(encode.orderSent(T0 + 31, 7, 2, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "NC-A", KEY_A));
        final long filled = sink.append(encode.fill(T0 + 40, 55, 1, QTY_A, 150_100_000, QTY_A, 0, FillType.FULL,
            "NC-A", TRACE_A, KEY_A));

        final OutboxEntry entry = outbox.entry(KEY_A_HEX);
        assertEquals(OrderState.FILLED, entry.state());
        assertEquals(filled, entry.terminalIndex());
        assertEquals(2, entry.sends());
    }

    @Test
    void shouldEndRejectedOnABrokerReject()
    {
        sink.append(encode.outboxRecorded(T0, 7, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "NC-A", KEY_A));
        sink.append(encode.orderSent(T0 + 10, 7, 1, SYMBOL, Side.BUY, QTY_A, PRICE, TRACE_A, "NC-A", KEY_A));
        sink.append(encode.brokerReject(T0 + 20, "NC-A", TRACE_A, KEY_A, "no liquidity"));

        final OutboxEntry entry = outbox.entry(KEY_A_HEX);
        assertEquals(OrderState.REJECTED, entry.state());
        assertEquals("BrokerReject", entry.lastResponse());
        assertEquals(OutboxEntry.NONE, entry.brokerOrderId());
    }

    @Test
    void shouldStartFromOrderSentWhenTheWindowBeganAfterTheRecord()
    {
        final long sent = sink.append(
            encode.orderSent(T0 + 10, 7, 1, SYMBOL, Side.SELL, QTY_A, PRICE, TRACE_A, "NC-A", KEY_A));

        final OutboxEntry entry = outbox.entry(KEY_A_HEX);
        assertEquals(sent, entry.firstIndex());
        assertEquals(7, entry.inputIndex());
        assertEquals(Side.SELL, entry.side());
        assertEquals(OutboxEntry.NO_TIME, entry.createdNs());
        assertEquals(T0 + 10, entry.sentNs());
        assertEquals(OrderState.SENT, entry.state());
    }

    @Test
    void shouldCountReportsForKeysItHasNotSeen()
    {
        sink.append(encode.brokerAck(T0 + 20, 55, "NC-A", TRACE_A, KEY_A));
        sink.append(encode.fill(T0 + 30, 55, 1, QTY_A, PRICE, QTY_A, 0, FillType.FULL, "NC-A", TRACE_A, KEY_A));
        sink.append(encode.duplicateSuppressed(T0 + 40, 9, 7, TRACE_A, KEY_A));

        assertEquals(0, outbox.size());
        assertEquals(3, outbox.unmatchedReports());
    }
}

package io.noctria.engine.core;

import io.noctria.codecs.sbe.*;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Encodes the core's events into one reused buffer with pre-allocated flyweights, stamps each
 * with the observational clock, and hands it to the {@link EventSink} (the
 * {@code ConsensusModuleProxy} pattern: wrapAndApplyHeader, set fields, hand over). Fixed-length
 * text fields are copied from NUL-padded byte arrays; absent ones are written as all NUL.
 */
final class EventPublisher
{
    /** Longest variable-length text (alert message, detail, reason) written, in bytes. */
    static final int MAX_TEXT = 1024;

    private static final byte[] NO_TRACE = new byte[OrderTicket.TRACE_LENGTH];
    private static final byte[] NO_NAME = new byte[32];

    private final EventSink sink;
    private final EpochNanoClock clock;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final InputRejectedEncoder inputRejected = new InputRejectedEncoder();
    private final QualityDecisionEncoder qualityDecision = new QualityDecisionEncoder();
    private final RiskDecisionEncoder riskDecision = new RiskDecisionEncoder();
    private final AlertEncoder alert = new AlertEncoder();
    private final TradingPauseChangedEncoder tradingPauseChanged = new TradingPauseChangedEncoder();
    private final RequestKeyedEncoder requestKeyed = new RequestKeyedEncoder();
    private final OutboxRecordedEncoder outboxRecorded = new OutboxRecordedEncoder();
    private final DuplicateSuppressedEncoder duplicateSuppressed = new DuplicateSuppressedEncoder();
    private final OrderSentEncoder orderSent = new OrderSentEncoder();
    private final PolicyLoadedEncoder policyLoaded = new PolicyLoadedEncoder();
    private final ReconcileRequestedEncoder reconcileRequested = new ReconcileRequestedEncoder();
    private final OrderReconciledEncoder orderReconciled = new OrderReconciledEncoder();
    private final CancelSentEncoder cancelSent = new CancelSentEncoder();
    private final ReplaceSentEncoder replaceSent = new ReplaceSentEncoder();
    private final ActionRefusedEncoder actionRefused = new ActionRefusedEncoder();

    EventPublisher(final EventSink sink, final EpochNanoClock clock)
    {
        this.sink = sink;
        this.clock = clock;
    }

    /** @param traceId the 64-byte trace id, or null when it could not be read. */
    void inputRejected(final long inboundIndex, final InputRejectReason reason, final byte[] traceId,
        final AsciiText detail)
    {
        inputRejected.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(clock.nanoTime())
            .inboundIndex(inboundIndex)
            .reason(reason)
            .putTraceId(null == traceId ? NO_TRACE : traceId, 0)
            .putDetail(detail.bytes(), 0, Math.min(detail.length(), MAX_TEXT));
        publish(inputRejected.encodedLength());
    }

    void qualityDecision(
        final long inputIndex,
        final long originalQty,
        final long finalQty,
        final int factorPpm,
        final int missingRatioPpm,
        final long dataLagMs,
        final QualityVerdict verdict,
        final QualityReason reason)
    {
        qualityDecision.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(clock.nanoTime())
            .inputIndex(inputIndex)
            .originalQty(originalQty)
            .finalQty(finalQty)
            .factor(factorPpm)
            .missingRatio(missingRatioPpm)
            .dataLagMs(dataLagMs)
            .verdict(verdict)
            .reason(reason);
        publish(qualityDecision.encodedLength());
    }

    void riskDecision(
        final long inputIndex,
        final long originalQty,
        final long finalQty,
        final long limitValue,
        final long observedValue,
        final RiskVerdict verdict,
        final RiskRule rule,
        final Severity severity,
        final byte[] policyName)
    {
        riskDecision.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(clock.nanoTime())
            .inputIndex(inputIndex)
            .originalQty(originalQty)
            .finalQty(finalQty)
            .limitValue(limitValue)
            .observedValue(observedValue)
            .verdict(verdict)
            .rule(rule)
            .severity(severity)
            .putPolicy(policyName, 0);
        publish(riskDecision.encodedLength());
    }

    /**
     * @param policyName 32-byte policy name, or null when the alert is not about a policy section.
     * @param traceId    64-byte trace id, or null when the alert is not about a trace.
     */
    void alert(
        final long inputIndex,
        final AlertCode code,
        final Severity severity,
        final RiskRule rule,
        final byte[] policyName,
        final byte[] traceId,
        final AsciiText message)
    {
        alert.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(clock.nanoTime())
            .inputIndex(inputIndex)
            .code(code)
            .severity(severity)
            .rule(rule)
            .putPolicy(null == policyName ? NO_NAME : policyName, 0)
            .putTraceId(null == traceId ? NO_TRACE : traceId, 0)
            .putMessage(message.bytes(), 0, Math.min(message.length(), MAX_TEXT));
        publish(alert.encodedLength());
    }

    void tradingPauseChanged(
        final long inputIndex,
        final boolean paused,
        final PauseSource source,
        final byte[] operatorName,
        final byte[] reason,
        final int reasonLength)
    {
        tradingPauseChanged.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(clock.nanoTime())
            .inputIndex(inputIndex)
            .paused(paused ? BooleanType.TRUE : BooleanType.FALSE)
            .source(source)
            .putOperatorName(operatorName, 0)
            .putReason(reason, 0, Math.min(reasonLength, MAX_TEXT));
        publish(tradingPauseChanged.encodedLength());
    }

    /** The key the core computed for the request of {@code inputIndex}, which carried none. */
    void requestKeyed(final long inputIndex, final byte[] key)
    {
        requestKeyed.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(clock.nanoTime())
            .inputIndex(inputIndex)
            .putIdempotencyKey(key, 0, IdempotencyKeys.KEY_LENGTH);
        publish(requestKeyed.encodedLength());
    }

    /**
     * The order's final terms come from its outbox entry {@code id}, the one copy that OrderSent and its retries
     * read too; its symbol, trace id and key are the request's, which the event refers to.
     */
    void outboxRecorded(final long inputIndex, final Outbox outbox, final int id)
    {
        outboxRecorded.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(clock.nanoTime())
            .inputIndex(inputIndex)
            .qty(outbox.qty(id))
            .price(outbox.price(id))
            .side(Side.get(outbox.side(id)))
            .orderType(OrderType.get(outbox.orderType(id)))
            .timeInForce(TimeInForce.get(outbox.timeInForce(id)));
        publish(outboxRecorded.encodedLength());
    }

    void duplicateSuppressed(final long inputIndex, final long firstInputIndex)
    {
        duplicateSuppressed.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(clock.nanoTime())
            .inputIndex(inputIndex)
            .firstInputIndex(firstInputIndex);
        publish(duplicateSuppressed.encodedLength());
    }

    /**
     * The send of outbox entry {@code id} under its current attempt, as {@link #outboxRecorded} reads it.
     *
     * @return the stamp written into the OrderSent, kept as the outbox entry's sent time.
     */
    long orderSent(final long inputIndex, final Outbox outbox, final int id, final byte[] symbol, final byte[] traceId,
        final byte[] clOrdId, final byte[] key)
    {
        final long tsNs = clock.nanoTime();
        orderSent.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tsNs)
            .inputIndex(inputIndex)
            .qty(outbox.qty(id))
            .price(outbox.price(id))
            .attempt(outbox.attempts(id))
            .side(Side.get(outbox.side(id)))
            .orderType(OrderType.get(outbox.orderType(id)))
            .timeInForce(TimeInForce.get(outbox.timeInForce(id)))
            .putSymbol(symbol, 0)
            .putTraceId(traceId, 0)
            .putClOrdId(clOrdId, 0)
            .putIdempotencyKey(key, 0, IdempotencyKeys.KEY_LENGTH);
        publish(orderSent.encodedLength());
        return tsNs;
    }

    /** Not on the hot path: policy loads are rare, so the source path may allocate. */
    void policyLoaded(final byte[] policyHash, final int overrides, final String source)
    {
        final byte[] sourceBytes = source.getBytes(StandardCharsets.UTF_8);
        policyLoaded.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(clock.nanoTime())
            .putPolicyHash(policyHash, 0, policyHash.length)
            .overrides(overrides)
            .putSource(sourceBytes, 0, Math.min(sourceBytes.length, MAX_TEXT));
        publish(policyLoaded.encodedLength());
    }

    void reconcileRequested(
        final long inputIndex,
        final long queryId,
        final long orderInputIndex,
        final int attempt,
        final long cumQty,
        final EngineOrderState engineState,
        final byte[] clOrdId,
        final byte[] traceId,
        final byte[] key)
    {
        reconcileRequested.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(clock.nanoTime())
            .inputIndex(inputIndex)
            .queryId(queryId)
            .orderInputIndex(orderInputIndex)
            .attempt(attempt)
            .cumQty(cumQty)
            .engineState(engineState)
            .putClOrdId(clOrdId, 0)
            .putTraceId(traceId, 0)
            .putIdempotencyKey(key, 0, IdempotencyKeys.KEY_LENGTH);
        publish(reconcileRequested.encodedLength());
    }

    void orderReconciled(
        final long inputIndex,
        final long queryId,
        final ReconcileOutcome outcome,
        final short venueState,
        final EngineOrderState engineState,
        final long adoptedQty,
        final long adoptedPrice,
        final long cumQty,
        final long avgPrice,
        final long brokerOrderId,
        final int attempt,
        final byte[] clOrdId,
        final byte[] traceId,
        final byte[] key)
    {
        orderReconciled.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(clock.nanoTime())
            .inputIndex(inputIndex)
            .queryId(queryId)
            .outcome(outcome)
            // A code the schema does not define (the venue's answer is outside input) is recorded as NULL_VAL;
            // VenueOrderState.get would throw, on every recovery of this journal.
            .venueState(OrderReconciler.venueStateOf(venueState))
            .engineState(engineState)
            .adoptedQty(adoptedQty)
            .adoptedPrice(adoptedPrice)
            .cumQty(cumQty)
            .avgPrice(avgPrice)
            .brokerOrderId(brokerOrderId)
            .attempt(attempt)
            .putClOrdId(clOrdId, 0)
            .putTraceId(traceId, 0)
            .putIdempotencyKey(key, 0, IdempotencyKeys.KEY_LENGTH);
        publish(orderReconciled.encodedLength());
    }

    /** The cancel of outbox entry {@code id}; its identity block is the order's, {@code requestClOrdId} the cancel's. */
    void cancelSent(final long inputIndex, final Outbox outbox, final int id, final byte[] symbol,
        final byte[] traceId, final byte[] clOrdId, final byte[] key, final byte[] requestClOrdId,
        final byte[] origClOrdId, final byte[] actionKey)
    {
        cancelSent.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(clock.nanoTime())
            .inputIndex(inputIndex)
            .qty(outbox.qty(id))
            .cumQty(outbox.cumQty(id))
            .side(Side.get(outbox.side(id)))
            .putSymbol(symbol, 0)
            .putClOrdId(clOrdId, 0)
            .putTraceId(traceId, 0)
            .putIdempotencyKey(key, 0, IdempotencyKeys.KEY_LENGTH)
            .putRequestClOrdId(requestClOrdId, 0)
            .putOrigClOrdId(origClOrdId, 0)
            .putActionKey(actionKey, 0, IdempotencyKeys.KEY_LENGTH);
        publish(cancelSent.encodedLength());
    }

    /** The replace of outbox entry {@code id} (its terms before) to {@code qty} at {@code price}. */
    void replaceSent(final long inputIndex, final Outbox outbox, final int id, final long qty, final long price,
        final byte[] symbol, final byte[] traceId, final byte[] clOrdId, final byte[] key, final byte[] requestClOrdId,
        final byte[] origClOrdId, final byte[] actionKey)
    {
        replaceSent.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(clock.nanoTime())
            .inputIndex(inputIndex)
            .qty(qty)
            .price(price)
            .origQty(outbox.qty(id))
            .origPrice(outbox.price(id))
            .cumQty(outbox.cumQty(id))
            .side(Side.get(outbox.side(id)))
            .orderType(OrderType.get(outbox.orderType(id)))
            .timeInForce(TimeInForce.get(outbox.timeInForce(id)))
            .putSymbol(symbol, 0)
            .putClOrdId(clOrdId, 0)
            .putTraceId(traceId, 0)
            .putIdempotencyKey(key, 0, IdempotencyKeys.KEY_LENGTH)
            .putRequestClOrdId(requestClOrdId, 0)
            .putOrigClOrdId(origClOrdId, 0)
            .putActionKey(actionKey, 0, IdempotencyKeys.KEY_LENGTH);
        publish(replaceSent.encodedLength());
    }

    /** @param orderState the named order's state, or null when there is none. */
    void actionRefused(final long inputIndex, final ActionRefusedReason reason, final EngineOrderState orderState,
        final RiskRule rule, final long limitValue, final long observedValue, final long firstInputIndex,
        final boolean replace, final byte[] traceId, final byte[] actionKey, final byte[] origKey)
    {
        actionRefused.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(clock.nanoTime())
            .inputIndex(inputIndex)
            .reason(reason)
            .orderState(null == orderState ? EngineOrderState.NULL_VAL : orderState)
            .rule(rule)
            .limitValue(limitValue)
            .observedValue(observedValue)
            .firstInputIndex(firstInputIndex)
            .replace(replace ? BooleanType.TRUE : BooleanType.FALSE)
            .putTraceId(traceId, 0)
            .putIdempotencyKey(actionKey, 0, IdempotencyKeys.KEY_LENGTH)
            .putOrigIdempotencyKey(origKey, 0, IdempotencyKeys.KEY_LENGTH);
        publish(actionRefused.encodedLength());
    }

    private void publish(final int bodyLength)
    {
        sink.onEvent(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + bodyLength);
    }
}

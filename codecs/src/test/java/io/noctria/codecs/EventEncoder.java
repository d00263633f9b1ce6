package io.noctria.codecs;

import io.noctria.codecs.sbe.*;
import org.agrona.ExpandableArrayBuffer;

import java.util.Arrays;

/**
 * Test fixture shared with other modules (the codecs test-jar): encodes real Noctria messages with the generated
 * encoders (wrapAndApplyHeader, set fields); every method returns the complete message bytes, header included.
 * The events are in the form schema 2 wrote them, one message per excerpt, with the events that copied their
 * request's trace id and key (QualityDecisionV2 ...): what the replay projections and the outbox mirror must still
 * read. Schema-3 frames are folded by the engine's end-to-end tests (tools), where the real core writes them.
 * The one test encoder of events: replay's scenarios call it with explicit values, the engine's
 * {@code JournalScript} with values derived from an order number.
 */
public final class EventEncoder
{
    /** 2026-11-22T00:00:00Z: the scenarios' time origin. */
    public static final long T0 = 1_795_305_600_000_000_000L;
    public static final String SYMBOL = "USDJPY";

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final OrderRequestEncoder orderRequest = new OrderRequestEncoder();
    private final QualityDecisionV2Encoder qualityDecision = new QualityDecisionV2Encoder();
    private final RiskDecisionV2Encoder riskDecision = new RiskDecisionV2Encoder();
    private final AlertEncoder alert = new AlertEncoder();
    private final TradingPauseChangedEncoder pauseChanged = new TradingPauseChangedEncoder();
    private final OutboxRecordedV2Encoder outboxRecorded = new OutboxRecordedV2Encoder();
    private final DuplicateSuppressedV2Encoder duplicateSuppressed = new DuplicateSuppressedV2Encoder();
    private final OrderSentEncoder orderSent = new OrderSentEncoder();
    private final BrokerAckEncoder brokerAck = new BrokerAckEncoder();
    private final FillEncoder fill = new FillEncoder();
    private final BrokerRejectEncoder brokerReject = new BrokerRejectEncoder();
    private final ExpiredEncoder expired = new ExpiredEncoder();
    private final CanceledEncoder canceled = new CanceledEncoder();
    private final SendFailedEncoder sendFailed = new SendFailedEncoder();
    private final EngineStartedEncoder engineStarted = new EngineStartedEncoder();
    private final EngineStoppedEncoder engineStopped = new EngineStoppedEncoder();
    private final InputRejectedEncoder inputRejected = new InputRejectedEncoder();

    /** @return a 32-byte idempotency key of one repeated byte: hex {@code abab...} for 0xab. */
    public static byte[] key(final int fill)
    {
        final byte[] key = new byte[32];
        Arrays.fill(key, (byte)fill);
        return key;
    }

    /** @return an excerpt of a foreign schema (id 999): what the reader reports as UNKNOWN_SCHEMA. */
    public static byte[] foreignSchema()
    {
        final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(16);
        new MessageHeaderEncoder().wrap(bytes, 0).blockLength(8).templateId(1).schemaId(999).version(1);
        bytes.putLong(MessageHeaderEncoder.ENCODED_LENGTH, 42);
        return Arrays.copyOf(bytes.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + 8);
    }

    public byte[] orderRequest(
        final long inboundIndex, final long ingressNs, final String traceId, final byte[] key, final Side side,
        final long qty, final long price)
    {
        orderRequest.wrapAndApplyHeader(buffer, 0, header)
            .inboundIndex(inboundIndex)
            .ingressNs(ingressNs)
            .clientTsNs(ingressNs - 500_000)
            .qty(qty)
            .price(price)
            .missingRatio(0)
            .dataLagMs(5)
            .side(side)
            .orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.DAY)
            .keyPresent(BooleanType.TRUE)
            .symbol(SYMBOL)
            .traceId(traceId)
            .strategy("carry")
            .putIdempotencyKey(key, 0, key.length);
        return bytes(orderRequest.encodedLength());
    }

    public byte[] qualityDecision(
        final long tsNs, final long inputIndex, final QualityVerdict verdict, final long originalQty,
        final long finalQty, final int factorPpm, final String traceId, final byte[] key)
    {
        qualityDecision.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tsNs)
            .inputIndex(inputIndex)
            .originalQty(originalQty)
            .finalQty(finalQty)
            .factor(factorPpm)
            .missingRatio(verdict == QualityVerdict.OK ? 0 : 80_000)
            .dataLagMs(5)
            .verdict(verdict)
            .reason(verdict == QualityVerdict.OK ? QualityReason.NONE : QualityReason.MISSING_RATIO)
            .traceId(traceId)
            .putIdempotencyKey(key, 0, key.length);
        return bytes(qualityDecision.encodedLength());
    }

    public byte[] riskDecision(
        final long tsNs, final long inputIndex, final RiskVerdict verdict, final RiskRule rule,
        final Severity severity, final long originalQty, final long finalQty, final String traceId, final byte[] key)
    {
        riskDecision.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tsNs)
            .inputIndex(inputIndex)
            .originalQty(originalQty)
            .finalQty(finalQty)
            .limitValue(rule == RiskRule.NONE ? 0 : 50_000_000_000L)
            .observedValue(rule == RiskRule.NONE ? 0 : 75_000_000_000L)
            .verdict(verdict)
            .rule(rule)
            .severity(severity)
            .symbol(SYMBOL)
            .policy("default")
            .traceId(traceId)
            .putIdempotencyKey(key, 0, key.length);
        return bytes(riskDecision.encodedLength());
    }

    public byte[] alert(
        final long tsNs, final long inputIndex, final AlertCode code, final Severity severity, final RiskRule rule,
        final String traceId, final String message)
    {
        alert.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tsNs)
            .inputIndex(inputIndex)
            .code(code)
            .severity(severity)
            .rule(rule)
            .policy("default")
            .traceId(traceId)
            .message(message);
        return bytes(alert.encodedLength());
    }

    public byte[] tradingPauseChanged(final long tsNs, final long inputIndex, final boolean paused, final String reason)
    {
        pauseChanged.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tsNs)
            .inputIndex(inputIndex)
            .paused(paused ? BooleanType.TRUE : BooleanType.FALSE)
            .source(PauseSource.OPERATOR)
            .operatorName("ops")
            .reason(reason);
        return bytes(pauseChanged.encodedLength());
    }

    /** A LIMIT DAY order's OutboxRecorded. */
    public byte[] outboxRecorded(
        final long tsNs, final long inputIndex, final String symbol, final Side side, final long qty,
        final long price, final String traceId, final String clOrdId, final byte[] key)
    {
        return outboxRecorded(tsNs, inputIndex, symbol, side, qty, price, OrderType.LIMIT, TimeInForce.DAY, traceId,
            clOrdId, key);
    }

    public byte[] outboxRecorded(
        final long tsNs, final long inputIndex, final String symbol, final Side side, final long qty,
        final long price, final OrderType orderType, final TimeInForce timeInForce, final String traceId,
        final String clOrdId, final byte[] key)
    {
        outboxRecorded.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tsNs)
            .inputIndex(inputIndex)
            .qty(qty)
            .price(price)
            .side(side)
            .orderType(orderType)
            .timeInForce(timeInForce)
            .symbol(symbol)
            .traceId(traceId)
            .clOrdId(clOrdId)
            .putIdempotencyKey(key, 0, key.length);
        return bytes(outboxRecorded.encodedLength());
    }

    public byte[] duplicateSuppressed(
        final long tsNs, final long inputIndex, final long firstInputIndex, final String traceId, final byte[] key)
    {
        duplicateSuppressed.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tsNs)
            .inputIndex(inputIndex)
            .firstInputIndex(firstInputIndex)
            .traceId(traceId)
            .putIdempotencyKey(key, 0, key.length);
        return bytes(duplicateSuppressed.encodedLength());
    }

    /** A LIMIT DAY order's OrderSent. */
    public byte[] orderSent(
        final long tsNs, final long inputIndex, final int attempt, final String symbol, final Side side,
        final long qty, final long price, final String traceId, final String clOrdId, final byte[] key)
    {
        return orderSent(tsNs, inputIndex, attempt, symbol, side, qty, price, OrderType.LIMIT, TimeInForce.DAY,
            traceId, clOrdId, key);
    }

    public byte[] orderSent(
        final long tsNs, final long inputIndex, final int attempt, final String symbol, final Side side,
        final long qty, final long price, final OrderType orderType, final TimeInForce timeInForce,
        final String traceId, final String clOrdId, final byte[] key)
    {
        orderSent.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tsNs)
            .inputIndex(inputIndex)
            .qty(qty)
            .price(price)
            .attempt(attempt)
            .side(side)
            .orderType(orderType)
            .timeInForce(timeInForce)
            .symbol(symbol)
            .traceId(traceId)
            .clOrdId(clOrdId)
            .putIdempotencyKey(key, 0, key.length);
        return bytes(orderSent.encodedLength());
    }

    public byte[] brokerAck(
        final long tsNs, final long brokerOrderId, final String clOrdId, final String traceId, final byte[] key)
    {
        brokerAck.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tsNs)
            .brokerTsNs(tsNs - 100_000)
            .brokerOrderId(brokerOrderId)
            .clOrdId(clOrdId)
            .traceId(traceId)
            .putIdempotencyKey(key, 0, key.length);
        return bytes(brokerAck.encodedLength());
    }

    public byte[] fill(
        final long tsNs, final long brokerOrderId, final long execId, final long fillQty, final long fillPrice,
        final long cumQty, final long leavesQty, final FillType type, final String clOrdId, final String traceId,
        final byte[] key)
    {
        fill.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tsNs)
            .brokerTsNs(tsNs - 100_000)
            .brokerOrderId(brokerOrderId)
            .execId(execId)
            .fillQty(fillQty)
            .fillPrice(fillPrice)
            .cumQty(cumQty)
            .leavesQty(leavesQty)
            .fillType(type)
            .liquidity(Liquidity.TAKER)
            .clOrdId(clOrdId)
            .traceId(traceId)
            .putIdempotencyKey(key, 0, key.length);
        return bytes(fill.encodedLength());
    }

    public byte[] brokerReject(final long tsNs, final String clOrdId, final String traceId, final byte[] key, final String text)
    {
        brokerReject.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tsNs)
            .brokerTsNs(tsNs - 100_000)
            .reason(BrokerRejectReason.INSUFFICIENT_LIQUIDITY)
            .clOrdId(clOrdId)
            .traceId(traceId)
            .putIdempotencyKey(key, 0, key.length)
            .text(text);
        return bytes(brokerReject.encodedLength());
    }

    public byte[] expired(
        final long tsNs, final long brokerOrderId, final long cumQty, final String clOrdId, final String traceId,
        final byte[] key)
    {
        expired.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tsNs)
            .brokerTsNs(tsNs - 100_000)
            .brokerOrderId(brokerOrderId)
            .cumQty(cumQty)
            .clOrdId(clOrdId)
            .traceId(traceId)
            .putIdempotencyKey(key, 0, key.length);
        return bytes(expired.encodedLength());
    }

    public byte[] canceled(
        final long tsNs, final long brokerOrderId, final long cumQty, final String clOrdId, final String traceId,
        final byte[] key)
    {
        canceled.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tsNs)
            .brokerTsNs(tsNs - 100_000)
            .brokerOrderId(brokerOrderId)
            .cumQty(cumQty)
            .clOrdId(clOrdId)
            .traceId(traceId)
            .putIdempotencyKey(key, 0, key.length);
        return bytes(canceled.encodedLength());
    }

    public byte[] sendFailed(
        final long tsNs, final int attempt, final boolean finalAttempt, final String clOrdId, final String traceId,
        final byte[] key)
    {
        return sendFailed(tsNs, attempt, finalAttempt, BrokerErrorCode.TIMEOUT, clOrdId, traceId, key);
    }

    public byte[] sendFailed(
        final long tsNs, final int attempt, final boolean finalAttempt, final BrokerErrorCode error,
        final String clOrdId, final String traceId, final byte[] key)
    {
        sendFailed.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tsNs)
            .retryAtNs(finalAttempt ? 0 : tsNs + 1_000_000)
            .attempt(attempt)
            .errorCode(error)
            .finalAttempt(finalAttempt ? BooleanType.TRUE : BooleanType.FALSE)
            .clOrdId(clOrdId)
            .traceId(traceId)
            .putIdempotencyKey(key, 0, key.length);
        return bytes(sendFailed.encodedLength());
    }

    /** The answer to status query 1. */
    public byte[] orderReconciled(
        final long tsNs, final ReconcileOutcome outcome, final EngineOrderState after, final long adoptedQty,
        final long adoptedPrice, final long brokerOrderId, final String clOrdId, final String traceId, final byte[] key)
    {
        return orderReconciled(tsNs, 1, outcome, after, adoptedQty, adoptedPrice, brokerOrderId, clOrdId, traceId, key);
    }

    public byte[] orderReconciled(
        final long tsNs, final long queryId, final ReconcileOutcome outcome, final EngineOrderState after,
        final long adoptedQty, final long adoptedPrice, final long brokerOrderId, final String clOrdId,
        final String traceId, final byte[] key)
    {
        new OrderReconciledEncoder().wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tsNs)
            .inputIndex(0)
            .queryId(queryId)
            .outcome(outcome)
            .venueState(VenueOrderState.NULL_VAL)
            .engineState(after)
            .adoptedQty(adoptedQty)
            .adoptedPrice(adoptedPrice)
            .cumQty(adoptedQty)
            .avgPrice(adoptedPrice)
            .brokerOrderId(brokerOrderId)
            .attempt(1)
            .clOrdId(clOrdId)
            .traceId(traceId)
            .putIdempotencyKey(key, 0, key.length);
        return bytes(OrderReconciledEncoder.BLOCK_LENGTH);
    }

    public byte[] inputRejected(
        final long tsNs, final long inboundIndex, final InputRejectReason reason, final String traceId,
        final String detail)
    {
        inputRejected.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tsNs)
            .inboundIndex(inboundIndex)
            .reason(reason)
            .traceId(traceId)
            .detail(detail);
        return bytes(inputRejected.encodedLength());
    }

    public byte[] engineStarted(final long tsNs)
    {
        engineStarted.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tsNs)
            .resumeInboundIndex(-1)
            .recoveredEvents(0)
            .demo(BooleanType.TRUE)
            .version("0.1.0");
        return bytes(engineStarted.encodedLength());
    }

    public byte[] engineStopped(final long tsNs, final long lastInboundIndex)
    {
        engineStopped.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tsNs)
            .lastInboundIndex(lastInboundIndex)
            .reason(StopReason.DEMO_COMPLETE);
        return bytes(engineStopped.encodedLength());
    }

    private byte[] bytes(final int bodyLength)
    {
        return Arrays.copyOf(buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + bodyLength);
    }
}

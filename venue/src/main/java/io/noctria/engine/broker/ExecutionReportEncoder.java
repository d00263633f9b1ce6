package io.noctria.engine.broker;

import io.noctria.codecs.sbe.*;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Encodes the simulated venue's execution reports into one reused buffer, copying each order's
 * ClOrdID, trace id and idempotency key straight from its in-flight slot.
 * <p>
 * {@code tsNs} is always 0: the engine stamps it when it sequences the report. Every field is
 * written on every report because the buffer is reused.
 */
final class ExecutionReportEncoder
{
    /** Largest report: BrokerReject with its longest text, with room to spare. */
    private static final int CAPACITY = 512;

    private static final byte[] DUPLICATE_TEXT = ascii("ClOrdID already received by the venue");
    private static final byte[] INVALID_TEXT = ascii("order refused: missing ClOrdID or bad qty, price, side, type or TIF");
    private static final byte[] LIQUIDITY_TEXT = ascii("simulated venue: insufficient liquidity");
    private static final byte[] OTHER_TEXT = ascii("simulated venue: rejected");

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CAPACITY]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final BrokerAckEncoder ack = new BrokerAckEncoder();
    private final FillEncoder fill = new FillEncoder();
    private final BrokerRejectEncoder reject = new BrokerRejectEncoder();
    private final ExpiredEncoder expired = new ExpiredEncoder();
    private final CanceledEncoder canceled = new CanceledEncoder();
    private final SendFailedEncoder sendFailed = new SendFailedEncoder();
    private final OrderStatusReportEncoder statusReport = new OrderStatusReportEncoder();

    /** @return the buffer the last report was encoded into, at offset 0. */
    DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return the encoded length, header included. */
    int ack(final long brokerTsNs, final long brokerOrderId, final InFlightOrders orders, final int slot)
    {
        ack.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(0)
            .brokerTsNs(brokerTsNs)
            .brokerOrderId(brokerOrderId)
            .putClOrdId(orders.clOrdIds(), InFlightOrders.clOrdIdOffset(slot))
            .putTraceId(orders.traceIds(), InFlightOrders.traceIdOffset(slot))
            .putIdempotencyKey(orders.keys(), InFlightOrders.keyOffset(slot), InFlightOrders.KEY_LENGTH);
        return MessageHeaderEncoder.ENCODED_LENGTH + ack.encodedLength();
    }

    /** @return the encoded length, header included. */
    int fill(
        final long brokerTsNs,
        final long brokerOrderId,
        final long execId,
        final long fillQty,
        final long fillPrice,
        final long cumQty,
        final long leavesQty,
        final Liquidity liquidity,
        final InFlightOrders orders,
        final int slot)
    {
        fill.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(0)
            .brokerTsNs(brokerTsNs)
            .brokerOrderId(brokerOrderId)
            .execId(execId)
            .fillQty(fillQty)
            .fillPrice(fillPrice)
            .cumQty(cumQty)
            .leavesQty(leavesQty)
            .fillType(0 == leavesQty ? FillType.FULL : FillType.PARTIAL)
            .liquidity(liquidity)
            .putClOrdId(orders.clOrdIds(), InFlightOrders.clOrdIdOffset(slot))
            .putTraceId(orders.traceIds(), InFlightOrders.traceIdOffset(slot))
            .putIdempotencyKey(orders.keys(), InFlightOrders.keyOffset(slot), InFlightOrders.KEY_LENGTH);
        return MessageHeaderEncoder.ENCODED_LENGTH + fill.encodedLength();
    }

    /** @return the encoded length, header included. */
    int reject(final long brokerTsNs, final BrokerRejectReason reason, final InFlightOrders orders, final int slot)
    {
        reject.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(0)
            .brokerTsNs(brokerTsNs)
            .reason(reason)
            .putClOrdId(orders.clOrdIds(), InFlightOrders.clOrdIdOffset(slot))
            .putTraceId(orders.traceIds(), InFlightOrders.traceIdOffset(slot))
            .putIdempotencyKey(orders.keys(), InFlightOrders.keyOffset(slot), InFlightOrders.KEY_LENGTH);
        final byte[] text = textOf(reason);
        reject.putText(text, 0, text.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + reject.encodedLength();
    }

    /** @return the encoded length, header included. */
    int expired(final long brokerTsNs, final long brokerOrderId, final long cumQty, final InFlightOrders orders,
        final int slot)
    {
        expired.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(0)
            .brokerTsNs(brokerTsNs)
            .brokerOrderId(brokerOrderId)
            .cumQty(cumQty)
            .putClOrdId(orders.clOrdIds(), InFlightOrders.clOrdIdOffset(slot))
            .putTraceId(orders.traceIds(), InFlightOrders.traceIdOffset(slot))
            .putIdempotencyKey(orders.keys(), InFlightOrders.keyOffset(slot), InFlightOrders.KEY_LENGTH);
        return MessageHeaderEncoder.ENCODED_LENGTH + expired.encodedLength();
    }

    /** @return the encoded length, header included. */
    int canceled(final long brokerTsNs, final long brokerOrderId, final long cumQty, final InFlightOrders orders,
        final int slot)
    {
        canceled.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(0)
            .brokerTsNs(brokerTsNs)
            .brokerOrderId(brokerOrderId)
            .cumQty(cumQty)
            .putClOrdId(orders.clOrdIds(), InFlightOrders.clOrdIdOffset(slot))
            .putTraceId(orders.traceIds(), InFlightOrders.traceIdOffset(slot))
            .putIdempotencyKey(orders.keys(), InFlightOrders.keyOffset(slot), InFlightOrders.KEY_LENGTH);
        return MessageHeaderEncoder.ENCODED_LENGTH + canceled.encodedLength();
    }

    /**
     * A transient failure: never final, since the venue never recorded the order and the engine
     * retries with the same ClOrdID. {@code retryAtNs} is 0 because backoff is the engine's policy.
     *
     * @return the encoded length, header included.
     */
    int sendFailed(final BrokerErrorCode errorCode, final InFlightOrders orders, final int slot)
    {
        sendFailed.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(0)
            .retryAtNs(0)
            .attempt(orders.attempt(slot))
            .errorCode(errorCode)
            .finalAttempt(BooleanType.FALSE)
            .putClOrdId(orders.clOrdIds(), InFlightOrders.clOrdIdOffset(slot))
            .putTraceId(orders.traceIds(), InFlightOrders.traceIdOffset(slot))
            .putIdempotencyKey(orders.keys(), InFlightOrders.keyOffset(slot), InFlightOrders.KEY_LENGTH);
        return MessageHeaderEncoder.ENCODED_LENGTH + sendFailed.encodedLength();
    }

    /**
     * The answer to an order-status query; {@code clOrdId} holds the 32 NUL-padded bytes asked about.
     *
     * @return the encoded length, header included.
     */
    int statusReport(
        final long brokerTsNs,
        final long queryId,
        final long brokerOrderId,
        final long qty,
        final long cumQty,
        final long leavesQty,
        final long avgPrice,
        final VenueOrderState state,
        final DirectBuffer clOrdId,
        final int clOrdIdOffset)
    {
        statusReport.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(0)
            .brokerTsNs(brokerTsNs)
            .queryId(queryId)
            .brokerOrderId(brokerOrderId)
            .qty(qty)
            .cumQty(cumQty)
            .leavesQty(leavesQty)
            .avgPrice(avgPrice)
            .state(state);
        buffer.putBytes(MessageHeaderEncoder.ENCODED_LENGTH + OrderStatusReportEncoder.clOrdIdEncodingOffset(),
            clOrdId, clOrdIdOffset, OrderStatusReportEncoder.clOrdIdLength());
        return MessageHeaderEncoder.ENCODED_LENGTH + statusReport.encodedLength();
    }

    private static byte[] textOf(final BrokerRejectReason reason)
    {
        switch (reason)
        {
            case DUPLICATE_CLORDID:
                return DUPLICATE_TEXT;
            case INVALID_ORDER:
                return INVALID_TEXT;
            case INSUFFICIENT_LIQUIDITY:
                return LIQUIDITY_TEXT;
            default:
                return OTHER_TEXT;
        }
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

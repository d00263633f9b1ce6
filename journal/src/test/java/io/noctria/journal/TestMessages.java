package io.noctria.journal;

import io.noctria.codecs.sbe.*;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes real Noctria messages for the journal's tests with the generated encoders
 * (claim, wrapAndApplyHeader, set fields): every method returns the encoded length, header included.
 */
final class TestMessages
{
    static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final OrderRequestEncoder orderRequest = new OrderRequestEncoder();
    private final ControlEncoder control = new ControlEncoder();
    private final FillEncoder fill = new FillEncoder();
    private final AlertEncoder alert = new AlertEncoder();
    private final EngineStartedEncoder engineStarted = new EngineStartedEncoder();

    /** An OrderRequest as sequenced by ingress: {@code inboundIndex} identifies it, {@code ingressNs} is its time. */
    int orderRequest(final MutableDirectBuffer buffer, final int offset, final long inboundIndex, final long ingressNs)
    {
        return orderRequest(buffer, offset, inboundIndex, ingressNs, ingressNs - 1_000);
    }

    /** An OrderRequest as a producer writes it to the inbound queue: no ingress stamp yet, its time is clientTsNs. */
    int inboundOrderRequest(final MutableDirectBuffer buffer, final int offset, final long sequence, final long clientTsNs)
    {
        return orderRequest(buffer, offset, sequence, 0, clientTsNs);
    }

    private int orderRequest(
        final MutableDirectBuffer buffer,
        final int offset,
        final long inboundIndex,
        final long ingressNs,
        final long clientTsNs)
    {
        orderRequest.wrapAndApplyHeader(buffer, offset, header)
            .inboundIndex(inboundIndex)
            .ingressNs(ingressNs)
            .clientTsNs(clientTsNs)
            .qty(1_500_000)
            .price(150_250_000)
            .missingRatio(0)
            .dataLagMs(3)
            .side(Side.BUY)
            .orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.DAY)
            .keyPresent(BooleanType.FALSE)
            .symbol("USDJPY")
            .traceId("trace-" + inboundIndex)
            .strategy("carry");
        return HEADER_LENGTH + orderRequest.encodedLength();
    }

    /** A Control with a variable-length reason. */
    int control(final MutableDirectBuffer buffer, final int offset, final long submittedNs, final String reason)
    {
        control.wrapAndApplyHeader(buffer, offset, header)
            .inboundIndex(-1)
            .ingressNs(0)
            .submittedNs(submittedNs)
            .action(ControlAction.PAUSE_ON)
            .operatorName("ops")
            .reason(reason);
        return HEADER_LENGTH + control.encodedLength();
    }

    int fill(final MutableDirectBuffer buffer, final int offset, final long tsNs, final long execId)
    {
        fill.wrapAndApplyHeader(buffer, offset, header)
            .tsNs(tsNs)
            .brokerTsNs(tsNs - 500)
            .brokerOrderId(77)
            .execId(execId)
            .fillQty(1_000_000)
            .fillPrice(150_300_000)
            .cumQty(1_000_000)
            .leavesQty(0)
            .fillType(FillType.FULL)
            .liquidity(Liquidity.TAKER)
            .clOrdId("cl-1")
            .traceId("trace-fill");
        return HEADER_LENGTH + fill.encodedLength();
    }

    int alert(final MutableDirectBuffer buffer, final int offset, final long tsNs, final String message)
    {
        alert.wrapAndApplyHeader(buffer, offset, header)
            .tsNs(tsNs)
            .inputIndex(5)
            .code(AlertCode.RISK_RULE)
            .severity(Severity.WARNING)
            .rule(RiskRule.MAX_ORDER_QTY)
            .policy("default")
            .traceId("trace-alert")
            .message(message);
        return HEADER_LENGTH + alert.encodedLength();
    }

    int engineStarted(final MutableDirectBuffer buffer, final int offset, final long tsNs)
    {
        engineStarted.wrapAndApplyHeader(buffer, offset, header)
            .tsNs(tsNs)
            .resumeInboundIndex(-1)
            .recoveredEvents(0)
            .demo(BooleanType.TRUE)
            .version("0.1.0");
        return HEADER_LENGTH + engineStarted.encodedLength();
    }

    /** @return the bytes of a {@link #fill} message, for tests that compare what the journal gives back. */
    byte[] fillBytes(final long tsNs, final long execId)
    {
        final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(256);
        return bytes(scratch, 0, fill(scratch, 0, tsNs, execId));
    }

    static byte[] bytes(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        return copy;
    }

    static int templateId(final DirectBuffer buffer, final int offset)
    {
        return new MessageHeaderDecoder().wrap(buffer, offset).templateId();
    }
}

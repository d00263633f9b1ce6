package io.noctria.bench;

import io.noctria.codecs.sbe.BrokerAckDecoder;
import io.noctria.codecs.sbe.BrokerRejectDecoder;
import io.noctria.codecs.sbe.CanceledDecoder;
import io.noctria.codecs.sbe.ControlDecoder;
import io.noctria.codecs.sbe.ExpiredDecoder;
import io.noctria.codecs.sbe.FillDecoder;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderRequestDecoder;
import io.noctria.codecs.sbe.SendFailedDecoder;
import io.noctria.engine.core.ExecutionCore;
import org.agrona.DirectBuffer;

/**
 * Runs one journaled input through an {@link ExecutionCore}, decoding it the way the engine's
 * business handler does ({@code io.noctria.engine.runtime.ExecutionHandler#dispatch}, which is
 * package-private): wrap the header, switch on the template, wrap the body with the acting block
 * length and version. A copy of that switch, kept in step by hand: the engine exposes no public
 * dispatch entry point (see docs/benchmarks.md, "hooks wanted").
 */
final class InputDispatcher
{
    private final ExecutionCore core;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderRequestDecoder orderRequest = new OrderRequestDecoder();
    private final ControlDecoder control = new ControlDecoder();
    private final BrokerAckDecoder brokerAck = new BrokerAckDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final BrokerRejectDecoder brokerReject = new BrokerRejectDecoder();
    private final ExpiredDecoder expired = new ExpiredDecoder();
    private final CanceledDecoder canceled = new CanceledDecoder();
    private final SendFailedDecoder sendFailed = new SendFailedDecoder();

    InputDispatcher(final ExecutionCore core)
    {
        this.core = core;
    }

    /** @param offset of the message header in {@code buffer}. */
    void dispatch(final long inputIndex, final DirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case OrderRequestDecoder.TEMPLATE_ID:
                core.onOrderRequest(inputIndex, orderRequest.wrap(buffer, body, blockLength, version));
                break;
            case ControlDecoder.TEMPLATE_ID:
                core.onControl(inputIndex, control.wrap(buffer, body, blockLength, version));
                break;
            case BrokerAckDecoder.TEMPLATE_ID:
                core.onBrokerAck(inputIndex, brokerAck.wrap(buffer, body, blockLength, version));
                break;
            case FillDecoder.TEMPLATE_ID:
                core.onFill(inputIndex, fill.wrap(buffer, body, blockLength, version));
                break;
            case BrokerRejectDecoder.TEMPLATE_ID:
                core.onBrokerReject(inputIndex, brokerReject.wrap(buffer, body, blockLength, version));
                break;
            case ExpiredDecoder.TEMPLATE_ID:
                core.onExpired(inputIndex, expired.wrap(buffer, body, blockLength, version));
                break;
            case CanceledDecoder.TEMPLATE_ID:
                core.onCanceled(inputIndex, canceled.wrap(buffer, body, blockLength, version));
                break;
            case SendFailedDecoder.TEMPLATE_ID:
                core.onSendFailed(inputIndex, sendFailed.wrap(buffer, body, blockLength, version));
                break;
            default:
                throw new IllegalStateException("not an input: template " + header.templateId() + " at " + inputIndex);
        }
    }
}

package io.noctria.engine.runtime;

import com.lmax.disruptor.EventHandler;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.journal.Journal;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * The business thread: the single writer of all engine state.
 * <p>
 * For each ring slot it journals the input first (so nothing accepted is ever lost), then runs it
 * through the {@link ExecutionCore}, whose events are journaled by the sink in the same order. An
 * inbound excerpt that could not be read is journaled as an {@code InputRejected} event.
 */
final class ExecutionHandler implements EventHandler<InputSlot>
{
    private final Journal journal;
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
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final InputRejectedEncoder inputRejected = new InputRejectedEncoder();
    private final UnsafeBuffer rejectBuffer = new UnsafeBuffer(new byte[InputSlot.CAPACITY]);

    private volatile long processed;
    private volatile long lastInboundIndex;

    ExecutionHandler(final Journal journal, final ExecutionCore core, final long lastInboundIndex)
    {
        this.journal = journal;
        this.core = core;
        this.lastInboundIndex = lastInboundIndex;
    }

    @Override
    public void onStart()
    {
        journal.assignToCurrentThread();
    }

    @Override
    public void onEvent(final InputSlot slot, final long sequence, final boolean endOfBatch)
    {
        if (slot.kind == InputSlot.INVALID)
        {
            journalInputRejected(slot);
        }
        else
        {
            dispatch(journal.append(slot.buffer, 0, slot.length), slot.buffer);
        }
        if (slot.inboundIndex >= 0)
        {
            lastInboundIndex = slot.inboundIndex;
        }
        processed = processed + 1;
    }

    /** Inputs taken from the ring so far (single writer; read by other threads for draining). */
    long processed()
    {
        return processed;
    }

    /** Inbound index of the last input from the inbound queue that was journaled; -1 for none. */
    long lastInboundIndex()
    {
        return lastInboundIndex;
    }

    /**
     * Run one journaled input through the core. Also used by recovery, with the input's journal index.
     */
    void dispatch(final long inputIndex, final DirectBuffer buffer)
    {
        header.wrap(buffer, 0);
        final int offset = MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case OrderRequestDecoder.TEMPLATE_ID:
                core.onOrderRequest(inputIndex, orderRequest.wrap(buffer, offset, blockLength, version));
                break;
            case ControlDecoder.TEMPLATE_ID:
                core.onControl(inputIndex, control.wrap(buffer, offset, blockLength, version));
                break;
            case BrokerAckDecoder.TEMPLATE_ID:
                core.onBrokerAck(inputIndex, brokerAck.wrap(buffer, offset, blockLength, version));
                break;
            case FillDecoder.TEMPLATE_ID:
                core.onFill(inputIndex, fill.wrap(buffer, offset, blockLength, version));
                break;
            case BrokerRejectDecoder.TEMPLATE_ID:
                core.onBrokerReject(inputIndex, brokerReject.wrap(buffer, offset, blockLength, version));
                break;
            case ExpiredDecoder.TEMPLATE_ID:
                core.onExpired(inputIndex, expired.wrap(buffer, offset, blockLength, version));
                break;
            case CanceledDecoder.TEMPLATE_ID:
                core.onCanceled(inputIndex, canceled.wrap(buffer, offset, blockLength, version));
                break;
            case SendFailedDecoder.TEMPLATE_ID:
                core.onSendFailed(inputIndex, sendFailed.wrap(buffer, offset, blockLength, version));
                break;
            case OrderStatusReportDecoder.TEMPLATE_ID:
                // The venue's answer to a status query: journaled (above) as the evidence reconciliation of an
                // in-doubt order will decide on; the core does not consume it yet, so it changes no state.
                break;
            default:
                // Only inputs reach the ring (IngressAgent filters), so this is a bug: stop rather than diverge.
                throw new IllegalStateException("not an input: template " + header.templateId() + " at " + inputIndex);
        }
    }

    /** True when the template is an input the core consumes (used by recovery to pick inputs out of the journal). */
    static boolean isInput(final int templateId)
    {
        switch (templateId)
        {
            case OrderRequestDecoder.TEMPLATE_ID:
            case ControlDecoder.TEMPLATE_ID:
            case BrokerAckDecoder.TEMPLATE_ID:
            case FillDecoder.TEMPLATE_ID:
            case BrokerRejectDecoder.TEMPLATE_ID:
            case ExpiredDecoder.TEMPLATE_ID:
            case CanceledDecoder.TEMPLATE_ID:
            case SendFailedDecoder.TEMPLATE_ID:
                return true;
            default:
                return false;
        }
    }

    /** True for every message a broker gateway delivers: execution reports and status answers. */
    static boolean isBrokerReport(final int templateId)
    {
        switch (templateId)
        {
            case BrokerAckDecoder.TEMPLATE_ID:
            case FillDecoder.TEMPLATE_ID:
            case BrokerRejectDecoder.TEMPLATE_ID:
            case ExpiredDecoder.TEMPLATE_ID:
            case CanceledDecoder.TEMPLATE_ID:
            case SendFailedDecoder.TEMPLATE_ID:
            case OrderStatusReportDecoder.TEMPLATE_ID:
                return true;
            default:
                return false;
        }
    }

    private void journalInputRejected(final InputSlot slot)
    {
        inputRejected.wrapAndApplyHeader(rejectBuffer, 0, headerEncoder)
            .tsNs(slot.ingressNs)
            .inboundIndex(slot.inboundIndex)
            .reason(slot.rejectReason)
            .traceId("");
        final byte[] detail = slot.rejectDetail == null ? new byte[0] :
            slot.rejectDetail.getBytes(StandardCharsets.UTF_8);
        inputRejected.putDetail(detail, 0, Math.min(detail.length, 1024));
        journal.append(rejectBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + inputRejected.encodedLength());
        slot.rejectDetail = null;
    }
}

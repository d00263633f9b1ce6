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
        core.onInput(inputIndex, buffer, 0);
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

package io.noctria.engine.runtime;

import com.lmax.disruptor.EventHandler;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.journal.Journal;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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

    private final CountersFile counters;
    private final AtomicCounter inputs;
    private final AtomicCounter orderRequests;
    private final AtomicCounter controls;
    private final AtomicCounter brokerReports;
    private final AtomicCounter journalPosition;

    // Read by other threads (drain, stop); written by the business thread with release stores, not volatile ones.
    private static final VarHandle PROCESSED;
    private static final VarHandle LAST_INBOUND_INDEX;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            PROCESSED = lookup.findVarHandle(ExecutionHandler.class, "processed", long.class);
            LAST_INBOUND_INDEX = lookup.findVarHandle(ExecutionHandler.class, "lastInboundIndex", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private long processedCount;
    private volatile long processed;
    private volatile long lastInboundIndex;

    ExecutionHandler(final Journal journal, final ExecutionCore core, final long lastInboundIndex)
    {
        this(journal, core, lastInboundIndex, CountersFile.detached());
    }

    /**
     * @param counters where the business thread publishes its progress: ordered writes on counters allocated at
     * start, so counting neither allocates nor locks.
     */
    ExecutionHandler(final Journal journal, final ExecutionCore core, final long lastInboundIndex,
        final CountersFile counters)
    {
        this.counters = counters;
        this.inputs = counters.counter(EngineCounter.INPUTS);
        this.orderRequests = counters.counter(EngineCounter.ORDER_REQUESTS);
        this.controls = counters.counter(EngineCounter.CONTROLS);
        this.brokerReports = counters.counter(EngineCounter.BROKER_REPORTS);
        this.journalPosition = counters.counter(EngineCounter.JOURNAL_POSITION);
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
            final long index = journal.append(slot.buffer, 0, slot.length);
            journalPosition.setOrdered(index);
            dispatch(index, slot.buffer);
            countInput(slot.buffer.getShort(MessageHeaderDecoder.templateIdEncodingOffset(),
                MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF);
        }
        if (slot.inboundIndex >= 0)
        {
            LAST_INBOUND_INDEX.setRelease(this, slot.inboundIndex);
        }
        PROCESSED.setRelease(this, ++processedCount);
        // Last: a reader that sees this count sees the input and every event it produced in the journal.
        inputs.incrementOrdered();
    }

    private void countInput(final int templateId)
    {
        if (templateId == OrderRequestDecoder.TEMPLATE_ID)
        {
            orderRequests.incrementOrdered();
        }
        else if (templateId == ControlDecoder.TEMPLATE_ID || templateId == PolicyReloadDecoder.TEMPLATE_ID)
        {
            controls.incrementOrdered();
        }
        else if (ExecutionCore.isBrokerReport(templateId))
        {
            brokerReports.incrementOrdered();
        }
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
        journalPosition.setOrdered(
            journal.append(rejectBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + inputRejected.encodedLength()));
        counters.reject(slot.rejectReason).incrementOrdered();
        slot.rejectDetail = null;
    }
}

package io.noctria.engine.runtime;

import com.lmax.disruptor.EventHandler;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.engine.core.SnapshotPosition;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * The business thread: the single writer of all engine state.
 * <p>
 * For each ring slot it runs the input through the {@link ExecutionCore} and journals it with every event it
 * produced as one frame ({@link JournalingEventSink#sequence}): nothing accepted is lost, and nothing is sent
 * before its frame is in the journal. An inbound excerpt that could not be read is journaled as an
 * {@code InputRejected} record.
 */
final class ExecutionHandler implements EventHandler<InputSlot>
{
    private final JournalingEventSink frames;
    private final ExecutionCore core;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final InputRejectedEncoder inputRejected = new InputRejectedEncoder();
    private final UnsafeBuffer rejectBuffer = new UnsafeBuffer(new byte[InputSlot.CAPACITY]);

    private final AtomicCounter inputs;
    private final AtomicCounter orderRequests;
    private final AtomicCounter controls;
    private final AtomicCounter brokerReports;

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

    // Only what the clean stop's snapshot needs: periodic snapshots come from the replica (SnapshotAgent).
    private final SnapshotPosition snapshotPosition = new SnapshotPosition();

    private long processedCount;
    private volatile long processed;
    private volatile long lastInboundIndex;

    /**
     * @param frames   journals each input with its events (the core's live sink).
     * @param counters where the business thread publishes its progress: ordered writes on counters allocated at
     *                 start, so counting neither allocates nor locks.
     */
    ExecutionHandler(final JournalingEventSink frames, final ExecutionCore core, final long lastInboundIndex,
        final CountersFile counters)
    {
        this.inputs = counters.counter(EngineCounter.INPUTS);
        this.orderRequests = counters.counter(EngineCounter.ORDER_REQUESTS);
        this.controls = counters.counter(EngineCounter.CONTROLS);
        this.brokerReports = counters.counter(EngineCounter.BROKER_REPORTS);
        this.frames = frames;
        this.core = core;
        this.lastInboundIndex = lastInboundIndex;
    }

    @Override
    public void onStart()
    {
        frames.assignJournalToCurrentThread();
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
            frames.sequence(slot.buffer, 0, slot.length, core);
            final int templateId = slot.buffer.getShort(MessageHeaderDecoder.templateIdEncodingOffset(),
                MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
            countInput(templateId);
            if (ExecutionCore.isBrokerReport(templateId))
            {
                snapshotPosition.lastBrokerReport(slot.buffer, 0, slot.length);
            }
        }
        if (slot.inboundIndex >= 0)
        {
            LAST_INBOUND_INDEX.setRelease(this, slot.inboundIndex);
        }
        PROCESSED.setRelease(this, ++processedCount);
        // Last: a reader that sees this count sees the input and every event it produced in the journal.
        inputs.incrementOrdered();
    }

    /**
     * @param lastReport the last broker report recovery found in the journal (the stop's snapshot carries the
     *                   latest), or null.
     */
    void lastBrokerReport(final DirectBuffer lastReport, final int lastReportLength)
    {
        snapshotPosition.lastBrokerReport(lastReport, 0, lastReportLength);
    }

    /** The last broker report journaled, for the stop's snapshot (whose frame the stop fills in). */
    SnapshotPosition snapshotPosition()
    {
        return snapshotPosition;
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
        frames.journalRecord(rejectBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + inputRejected.encodedLength());
        slot.rejectDetail = null;
    }
}

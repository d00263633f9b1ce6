package io.noctria.bench;

import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderRequestDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.engine.runtime.OrderHandoff;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalFrame;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The floor the design could reach: the same thread, ring and journal frames as
 * {@link EngineHandler}, with no logic. An order request is journaled in one frame with the four events an
 * allowed order produces (QualityDecision, RiskDecision, OutboxRecorded, OrderSent: the bytes a
 * real core emitted for a bench request, captured at start-up, so every frame has the engine's
 * size), and the OrderSent is handed to the broker side after the append. The only per-request work
 * besides copying is writing the request's trace id and a unique ClOrdID into the OrderSent, so
 * the simulated broker sees distinct orders and sends the same report traffic back. Broker
 * reports are journaled and otherwise ignored.
 */
final class BaselineHandler extends PipelineHandler
{
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int SENT_TRACE = HEADER + OrderSentDecoder.traceIdEncodingOffset();
    private static final int SENT_CL_ORD_ID = HEADER + OrderSentDecoder.clOrdIdEncodingOffset();
    private static final int REQUEST_TRACE = HEADER + OrderRequestDecoder.traceIdEncodingOffset();

    private final UnsafeBuffer[] events;
    private final int[] lengths;
    private final UnsafeBuffer orderSent;
    private final int orderSentLength;
    private final JournalFrame frame = new JournalFrame(4096);

    /** @param allowedOrderEvents the events of one allowed order, in order, OrderSent last. */
    BaselineHandler(
        final Journal journal,
        final OrderHandoff handoff,
        final IdleStrategy handoffIdle,
        final byte[][] allowedOrderEvents)
    {
        super(journal, handoff, handoffIdle);
        final int count = allowedOrderEvents.length - 1;
        events = new UnsafeBuffer[count];
        lengths = new int[count];
        for (int i = 0; i < count; i++)
        {
            events[i] = new UnsafeBuffer(allowedOrderEvents[i].clone());
            lengths[i] = allowedOrderEvents[i].length;
        }
        final byte[] sent = allowedOrderEvents[count];
        // Heap buffer of the same kind as the core's event buffer, so the journal takes the same copy path.
        orderSent = new UnsafeBuffer(new byte[4096]);
        orderSent.putBytes(0, sent);
        orderSentLength = sent.length;
        orderSent.putByte(SENT_CL_ORD_ID, (byte)'B');
    }

    @Override
    void process(final BenchSlot slot)
    {
        journal.beginFrame();
        frame.reset().add(slot.buffer, 0, slot.length);
        if (slot.request < 0)
        {
            journal.commitFrame(frame);
            return;
        }
        for (int i = 0; i < events.length; i++)
        {
            frame.add(events[i], 0, lengths[i]);
        }
        orderSent.putBytes(SENT_TRACE, slot.buffer, REQUEST_TRACE, 64);
        RequestWriter.writeDigits(orderSent, SENT_CL_ORD_ID + 1, slot.request);
        final int sentAt = frame.add(orderSent, 0, orderSentLength);
        journal.commitFrame(frame);
        handoff.offer(frame.buffer(), sentAt, orderSentLength, handoffIdle);
    }
}

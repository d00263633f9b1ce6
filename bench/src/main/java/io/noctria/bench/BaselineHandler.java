package io.noctria.bench;

import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderRequestDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.engine.runtime.OrderHandoff;
import io.noctria.journal.Journal;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The floor the design could reach: the same thread, ring and journal appends as
 * {@link EngineHandler}, with no logic. An order request is journaled, then the four events an
 * allowed order produces (QualityDecision, RiskDecision, OutboxRecorded, OrderSent: the bytes a
 * real core emitted for a bench request, captured at start-up, so every append has the engine's
 * size) are journaled and the OrderSent is handed to the broker side. The only per-request work
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
        journal.append(slot.buffer, 0, slot.length);
        if (slot.request < 0)
        {
            return;
        }
        for (int i = 0; i < events.length; i++)
        {
            journal.append(events[i], 0, lengths[i]);
        }
        orderSent.putBytes(SENT_TRACE, slot.buffer, REQUEST_TRACE, 64);
        RequestWriter.writeDigits(orderSent, SENT_CL_ORD_ID + 1, slot.request);
        journal.append(orderSent, 0, orderSentLength);
        handoff.offer(orderSent, 0, orderSentLength, handoffIdle);
    }
}

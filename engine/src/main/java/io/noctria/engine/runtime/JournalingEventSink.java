package io.noctria.engine.runtime;

import io.noctria.codecs.sbe.InputRejectedDecoder;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.codecs.sbe.ReconcileRequestedDecoder;
import io.noctria.engine.core.EventSink;
import io.noctria.journal.Journal;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Journals every event the core emits, in emission order, and hands an OrderSent (or a ReconcileRequested, which
 * becomes a status query) to the broker side only after its journal record is written: an order the journal does
 * not know of is never sent.
 * <p>
 * Public so that the latency harness ({@code bench}) journals and hands off the core's events with the engine's
 * own sink rather than a copy of it.
 */
public final class JournalingEventSink implements EventSink
{
    private final Journal journal;
    private final OrderHandoff orders;
    private final IdleStrategy handoffIdle;
    private final CountersFile counters;
    private final AtomicCounter events;
    private final AtomicCounter sends;
    private final AtomicCounter journalPosition;
    private long eventsJournaled;
    private long ordersSent;

    /**
     * A sink whose counters nobody reads (detached): for pipelines that are not the running engine.
     *
     * @param handoffIdle how the business thread waits while the hand-off is full.
     */
    public JournalingEventSink(final Journal journal, final OrderHandoff orders, final IdleStrategy handoffIdle)
    {
        this(journal, orders, handoffIdle, CountersFile.detached());
    }

    JournalingEventSink(final Journal journal, final OrderHandoff orders, final IdleStrategy handoffIdle,
        final CountersFile counters)
    {
        this.counters = counters;
        this.events = counters.counter(EngineCounter.EVENTS);
        this.sends = counters.counter(EngineCounter.ORDERS_SENT);
        this.journalPosition = counters.counter(EngineCounter.JOURNAL_POSITION);
        this.journal = journal;
        this.orders = orders;
        this.handoffIdle = handoffIdle;
    }

    @Override
    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        journalPosition.setOrdered(journal.append(buffer, offset, length));
        eventsJournaled++;
        events.incrementOrdered();
        final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        if (templateId == OrderSentDecoder.TEMPLATE_ID)
        {
            ordersSent++;
            sends.incrementOrdered();
            orders.offer(buffer, offset, length, handoffIdle);
        }
        else if (templateId == InputRejectedDecoder.TEMPLATE_ID)
        {
            counters.reject(buffer.getShort(offset + MessageHeaderDecoder.ENCODED_LENGTH +
                InputRejectedDecoder.reasonEncodingOffset(), InputRejectedDecoder.BYTE_ORDER) & 0xFFFF).incrementOrdered();
        }
        else if (templateId == ReconcileRequestedDecoder.TEMPLATE_ID)
        {
            // Becomes an OrderStatusQuery on the broker side, after its journal append like an order.
            orders.offer(buffer, offset, length, handoffIdle);
        }
    }

    long eventsJournaled()
    {
        return eventsJournaled;
    }

    long ordersSent()
    {
        return ordersSent;
    }
}

package io.noctria.engine.runtime;

import io.noctria.codecs.sbe.CancelSentDecoder;
import io.noctria.codecs.sbe.InputRejectedDecoder;
import io.noctria.codecs.sbe.ReplaceSentDecoder;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.codecs.sbe.ReconcileRequestedDecoder;
import io.noctria.engine.core.EventSink;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.journal.Journal;
import io.noctria.journal.FrameMessages;
import io.noctria.journal.JournalFrame;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;


/**
 * Journals each input with every event the core produces for it as ONE frame (journal format 2,
 * docs/messages.md "Frames"), then hands an OrderSent (or a ReconcileRequested, which becomes a status query) to
 * the broker side: an order the journal does not hold is never sent, and a crash leaves an input either whole,
 * with all of its events, or absent.
 * <p>
 * {@link #sequence} is the whole step: open the frame (its journal index is the input's, which the events
 * carry), run the core, append the frame, hand off. Public so that the latency harness ({@code bench}) journals
 * and hands off the core's events with the engine's own sink rather than a copy of it. One thread.
 */
public final class JournalingEventSink implements EventSink
{
    private final Journal journal;
    private final JournalFrame frame = new JournalFrame(4096);
    private final OrderHandoff orders;
    private final IdleStrategy handoffIdle;
    private final CountersFile counters;
    private final AtomicCounter events;
    private final AtomicCounter sends;
    private final AtomicCounter journalPosition;
    private boolean frameOpen;
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

    /**
     * Journals {@code input} and the events {@code core} produces for it (this sink must be the core's) as one
     * frame, then hands off its orders.
     *
     * @return the input's journal index.
     */
    public long sequence(final DirectBuffer input, final int offset, final int length, final ExecutionCore core)
    {
        final long index = begin(input, offset, length);
        try
        {
            core.onInput(index, input, offset);
        }
        catch (final RuntimeException | Error ex)
        {
            // Nothing of an input the core could not take reaches the journal or the venue.
            frameOpen = false;
            journal.abortFrame();
            throw ex;
        }
        return commit();
    }

    /**
     * Journals a record that is not an input of the core (EngineStopped, the InputRejected of an unreadable input)
     * as a frame of its own.
     *
     * @return its journal index.
     */
    public long journalRecord(final DirectBuffer record, final int offset, final int length)
    {
        begin(record, offset, length);
        final long index = commit();
        countReject(record, offset);
        return index;
    }

    /** An event of the input being sequenced: added to its frame, acted on once the frame is appended. */
    @Override
    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!frameOpen)
        {
            throw new IllegalStateException("the core produced an event outside the sequencing of an input");
        }
        frame.add(buffer, offset, length);
    }

    private long begin(final DirectBuffer first, final int offset, final int length)
    {
        final long index = journal.beginFrame();
        frame.reset().add(first, offset, length);
        frameOpen = true;
        return index;
    }

    private long commit()
    {
        frameOpen = false;
        final long index = journal.commitFrame(frame);
        journalPosition.setOrdered(index);
        final MutableDirectBuffer bytes = frame.buffer();
        final FrameMessages messages = frame.messages();
        for (int i = 1; i < messages.count(); i++) // message 0 is the input (or the record)
        {
            afterAppend(bytes, messages.offset(i), messages.length(i));
        }
        return index;
    }

    private void afterAppend(final DirectBuffer buffer, final int offset, final int length)
    {
        eventsJournaled++;
        events.incrementOrdered();
        final int templateId = templateId(buffer, offset);
        if (templateId == OrderSentDecoder.TEMPLATE_ID)
        {
            ordersSent++;
            sends.incrementOrdered();
            orders.offer(buffer, offset, length, handoffIdle);
        }
        else if (templateId == ReconcileRequestedDecoder.TEMPLATE_ID || templateId == CancelSentDecoder.TEMPLATE_ID ||
            templateId == ReplaceSentDecoder.TEMPLATE_ID)
        {
            // A status query, cancel or replace reaches the broker side after its journal append, like an order.
            orders.offer(buffer, offset, length, handoffIdle);
        }
        else
        {
            countReject(buffer, offset);
        }
    }

    private void countReject(final DirectBuffer buffer, final int offset)
    {
        if (templateId(buffer, offset) == InputRejectedDecoder.TEMPLATE_ID)
        {
            counters.reject(buffer.getShort(offset + MessageHeaderDecoder.ENCODED_LENGTH +
                InputRejectedDecoder.reasonEncodingOffset(), InputRejectedDecoder.BYTE_ORDER) & 0xFFFF).incrementOrdered();
        }
    }

    private static int templateId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
    }

    /** The journal's appender is bound to one thread: the thread that sequences from now on claims it. */
    void assignJournalToCurrentThread()
    {
        journal.assignToCurrentThread();
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

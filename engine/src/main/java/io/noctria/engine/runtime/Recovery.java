package io.noctria.engine.runtime;

import io.noctria.codecs.Messages;
import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.ControlDecoder;
import io.noctria.codecs.sbe.InputRejectedDecoder;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderRequestDecoder;
import io.noctria.codecs.sbe.PolicyReloadDecoder;
import io.noctria.engine.config.ConfigException;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * Rebuilds the core's state by running every journaled input through it again, in journal order.
 * The core is deterministic over its inputs, so the rebuilt state equals the state the previous run
 * ended with (its state hash is journaled in EngineStopped and compared by tests).
 * <p>
 * Also finds the last inbound index the journal accounts for, so ingress resumes right after it, and whether a
 * crash cut off the events of the last input: the business thread journals an input, then its events one by one,
 * so a kill in between leaves the input without (some of) its events — e.g. an OutboxRecorded without its
 * OrderSent. The core re-derives them while recovering; the journaled ones are a prefix of them (same templates in
 * the same order), and {@link #tornEvents} tells the host to journal the rest before anything else.
 * An excerpt that is not a valid message stops recovery: the journal is the source of truth and
 * the engine must not run on a state it cannot explain.
 */
final class Recovery implements JournalConsumer
{
    private final ExecutionHandler handler;
    private final JournalConsumer observer;
    private final SwitchableSink events;
    private boolean afterInput;
    private int eventsAfterInput;
    private boolean tailExplained = true;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    // Ring inputs are at most a slot; the engine's own start-up PolicyReload may be larger (see Engine).
    private final UnsafeBuffer input = new UnsafeBuffer(new byte[Engine.MAX_START_POLICY_INPUT]);
    private final UnsafeBuffer lastBrokerReport = new UnsafeBuffer(new byte[InputSlot.CAPACITY]);
    private int lastBrokerReportLength;
    private long lastInboundIndex = -1;
    private long inputs;
    private long eventCount;
    private long lastIndex = -1;
    private long lastInputIndex = -1;
    private String failure;
    private Throwable failureCause;

    /**
     * @param handler  runs each journaled input through the core.
     * @param observer also sees every record read (the live reports' projections), or null.
     * @param events   the core's sink while discarding, which keeps the latest input's events.
     */
    Recovery(final ExecutionHandler handler, final JournalConsumer observer, final SwitchableSink events)
    {
        this.handler = handler;
        this.observer = observer;
        this.events = events;
    }

    /** Replays the journal at {@code journalDir}; a missing or empty journal is a fresh start. */
    Recovery run(final Path journalDir)
    {
        if (!java.nio.file.Files.exists(journalDir.resolve("metadata.cq4t")))
        {
            return this;
        }
        try (JournalReader reader = JournalReader.open(journalDir))
        {
            reader.toStart();
            while (reader.poll(this, 1024) > 0)
            {
                if (failure != null)
                {
                    throw new IllegalStateException(failure, failureCause);
                }
            }
        }
        if (failure != null)
        {
            throw new IllegalStateException(failure, failureCause);
        }
        return this;
    }

    /** "recovery stopped at journal index N (TYPE): reason", at most a few hundred characters whatever the reason. */
    static String stoppedAt(final long index, final int templateId, final Throwable ex)
    {
        final String reason = null == ex.getMessage() ? ex.getClass().getSimpleName() :
            ex.getClass().getSimpleName() + ": " + ex.getMessage().replace('\n', ' ');
        return "recovery stopped at journal index " + index + " (" + Messages.name(templateId) + "): " +
            ConfigException.clip(reason, 384) + "; the engine cannot rebuild its state past this input - inspect it " +
            "with `noctria tail --from-index " + index + "`";
    }

    @Override
    public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        lastIndex = index;
        if (observer != null)
        {
            observer.onMessage(index, buffer, offset, length);
        }
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int inboundIndexOffset = inboundIndexOffset(templateId);
        if (inboundIndexOffset >= 0)
        {
            noteInbound(buffer.getLong(body + inboundIndexOffset, MessageHeaderDecoder.BYTE_ORDER));
        }
        if (ExecutionCore.isBrokerReport(templateId) && length <= lastBrokerReport.capacity())
        {
            lastBrokerReport.putBytes(0, buffer, offset, length);
            lastBrokerReportLength = length;
        }
        if (ExecutionCore.isInput(templateId))
        {
            if (length > input.capacity())
            {
                failure = "journal excerpt " + index + " (" + length + " bytes) exceeds the input limit";
                return;
            }
            input.putBytes(0, buffer, offset, length);
            events.markInput();
            try
            {
                handler.dispatch(index, input);
            }
            catch (final RuntimeException | StackOverflowError ex)
            {
                // The core must not throw on a journaled input (a live run that did would have halted on it); if it
                // does, the operator needs where and why, not a stack trace from deep inside a Chronicle poll.
                failure = stoppedAt(index, templateId, ex);
                failureCause = ex;
                return;
            }
            inputs++;
            afterInput = true;
            lastInputIndex = index;
            eventsAfterInput = 0;
            tailExplained = true;
        }
        else
        {
            this.eventCount++;
            if (afterInput && tailExplained)
            {
                if (eventsAfterInput < events.capturedCount() && events.capturedTemplateId(eventsAfterInput) == templateId)
                {
                    eventsAfterInput++;
                }
                else
                {
                    tailExplained = false; // a host record (PolicyLoaded, EngineStopped, InputRejected) or a mismatch
                }
            }
        }
    }

    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        lastIndex = index;
        if (observer != null)
        {
            observer.onInvalid(index, error, detail);
        }
        if (failure == null)
        {
            failure = "journal excerpt " + index + " is not a valid message (" + error + ": " + detail +
                "); refusing to start on a journal it cannot explain - inspect it with `noctria tail --from-index " +
                index + "`";
        }
    }

    /**
     * @return where the {@code inboundIndex} field stands in the body of a record taken from the inbound queue (the
     * three input kinds, and the InputRejected journaled for an unreadable one), or -1 for any other record.
     */
    private static int inboundIndexOffset(final int templateId)
    {
        switch (templateId)
        {
            case OrderRequestDecoder.TEMPLATE_ID:
                return OrderRequestDecoder.inboundIndexEncodingOffset();
            case ControlDecoder.TEMPLATE_ID:
                return ControlDecoder.inboundIndexEncodingOffset();
            case PolicyReloadDecoder.TEMPLATE_ID:
                return PolicyReloadDecoder.inboundIndexEncodingOffset();
            case InputRejectedDecoder.TEMPLATE_ID:
                return InputRejectedDecoder.inboundIndexEncodingOffset();
            default:
                return -1;
        }
    }

    private void noteInbound(final long inboundIndex)
    {
        if (inboundIndex >= 0)
        {
            lastInboundIndex = inboundIndex;
        }
    }

    /** @return the last broker report in the journal (execution report or status answer), or null when none. */
    DirectBuffer lastBrokerReport()
    {
        return lastBrokerReportLength == 0 ? null : lastBrokerReport;
    }

    /** @return the length of {@link #lastBrokerReport()}, 0 when none. */
    int lastBrokerReportLength()
    {
        return lastBrokerReportLength;
    }

    long lastInboundIndex()
    {
        return lastInboundIndex;
    }

    long inputs()
    {
        return inputs;
    }

    long events()
    {
        return eventCount;
    }

    /**
     * @return how many events of the last journaled input are missing from the journal (a crash cut them off):
     * the host journals the captured events from {@link #tornFrom()} on; 0 when the journal is complete. A
     * record after a partial event group that is not the next event (not written by a build that repairs tears)
     * is not repaired: the count is then 0 and {@link #unexplainedTail()} is true.
     */
    int tornEvents()
    {
        return afterInput && tailExplained ? events.capturedCount() - eventsAfterInput : 0;
    }

    /** @return the index, among the last input's events, of the first one the journal lacks. */
    int tornFrom()
    {
        return eventsAfterInput;
    }

    /** @return true when the last input's journaled events are not a prefix of what the core produces for it. */
    boolean unexplainedTail()
    {
        return afterInput && !tailExplained && eventsAfterInput < events.capturedCount();
    }

    /** @return the journal index of the last input, -1 when none. */
    long lastInputIndex()
    {
        return lastInputIndex;
    }

    long lastIndex()
    {
        return lastIndex;
    }
}

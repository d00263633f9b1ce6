package io.noctria.engine.runtime;

import io.noctria.codecs.Messages;
import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.ControlDecoder;
import io.noctria.codecs.sbe.EngineStoppedDecoder;
import io.noctria.codecs.sbe.InputRejectedDecoder;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderRequestDecoder;
import io.noctria.codecs.sbe.PolicyReloadDecoder;
import io.noctria.engine.config.ConfigException;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalDamagedException;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * Rebuilds the core's state by running every journaled input through it again, in journal order.
 * The core is deterministic over its inputs, so the rebuilt state equals the state the previous run
 * ended with; every EngineStopped on the way is a checkpoint of that claim: the state hash it carries must equal
 * the rebuilt state's at that point, or recovery refuses to start (the journal or this build does not explain
 * what the previous run held).
 * <p>
 * The journal is a sequence of frames (journal format 2): one input and all of its events per excerpt, written
 * whole or not at all, so a crash never leaves an input with part of its events and nothing needs repairing. A
 * frame that is not whole (a flipped byte, a cut excerpt: {@link RecordError#DAMAGED}), an excerpt that is not
 * a frame, or a journal written before frames (format 1) stops recovery with its index: the journal is the source
 * of truth and the engine must not run on a state it cannot explain.
 * <p>
 * Also finds the last inbound index the journal accounts for, so ingress resumes right after it.
 */
final class Recovery implements JournalConsumer
{
    private final ExecutionCore core;
    private final JournalConsumer observer;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final EngineStoppedDecoder stopped = new EngineStoppedDecoder();
    private final byte[] stoppedHash = new byte[32];
    private final UnsafeBuffer lastBrokerReport = new UnsafeBuffer(new byte[InputSlot.CAPACITY]);
    private int lastBrokerReportLength;
    private boolean firstOfFrame;
    private long lastInboundIndex = -1;
    private long inputs;
    private long eventCount;
    private long stopsVerified;
    private long lastIndex = -1;
    private String failure;
    private Throwable failureCause;

    /**
     * @param core     the core to rebuild (its sink discards: the events are in the journal already).
     * @param observer also sees every record read (the live reports' projections), or null.
     */
    Recovery(final ExecutionCore core, final JournalConsumer observer)
    {
        this.core = core;
        this.observer = observer;
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
            if (Boolean.FALSE.equals(reader.framed()))
            {
                throw new JournalRefusedException("journal " + journalDir + " was written by an older Noctria (journal " +
                    "format 1: one message per excerpt); this engine recovers only format 2 (one checksummed frame " +
                    "per input). Its history stays readable with `noctria tail` and `noctria replay`; to trade on, " +
                    "start this engine on a new data directory (docs/operations-journal.md, \"Journal format 1\")", null);
            }
            reader.toStart();
            while (reader.poll(this, 1024) > 0)
            {
                if (failure != null)
                {
                    throw new JournalRefusedException(failure, failureCause);
                }
            }
        }
        catch (final JournalDamagedException ex)
        {
            throw new JournalRefusedException(ex.getMessage() + "; refusing to start on a journal it cannot read to " +
                "the end - inspect it with `noctria tail --from-index " + ex.index() + "` and follow " +
                "docs/operations-journal.md, \"A damaged journal\"", ex);
        }
        if (failure != null)
        {
            throw new JournalRefusedException(failure, failureCause);
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
    public void onFrame(final long index, final int messages)
    {
        firstOfFrame = true;
        if (observer != null)
        {
            observer.onFrame(index, messages);
        }
    }

    @Override
    public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        if (failure != null)
        {
            return;
        }
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
        if (!firstOfFrame)
        {
            eventCount++;
            return;
        }
        firstOfFrame = false;
        if (ExecutionCore.isInput(templateId))
        {
            try
            {
                // The view of the mapped frame is read-only, and the core only decodes it.
                core.onInput(index, buffer, offset);
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
        }
        else
        {
            eventCount++;
            if (EngineStoppedDecoder.TEMPLATE_ID == templateId)
            {
                verifyStop(index, stopped.wrap(buffer, body, header.blockLength(), header.version()));
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
            failure = "journal excerpt " + index + " is not " + (error == RecordError.DAMAGED ? "whole" : "valid") +
                " (" + error + ": " + detail + "); refusing to start on a journal it cannot explain - inspect it " +
                "with `noctria tail --from-index " + index + "` and follow docs/operations-journal.md, " +
                "\"A damaged journal\"";
        }
    }

    /** The state the previous run stopped with must be the state its inputs rebuild. */
    private void verifyStop(final long index, final EngineStoppedDecoder stop)
    {
        stop.getStateHash(stoppedHash, 0, stoppedHash.length);
        final byte[] rebuilt = core.stateDigest();
        if (!java.util.Arrays.equals(stoppedHash, rebuilt))
        {
            failure = "recovery stopped at journal index " + index + " (EngineStopped): the run that stopped there " +
                "held state " + hex(stoppedHash) + " but its journaled inputs rebuild " + hex(rebuilt) + "; the " +
                "journal was changed before this point, or this build decides differently from the one that wrote " +
                "it. Refusing to start - docs/operations-journal.md, \"A damaged journal\"";
            return;
        }
        stopsVerified++;
    }

    private static String hex(final byte[] digest)
    {
        final StringBuilder out = new StringBuilder(16);
        for (int i = 0; i < 8; i++)
        {
            out.append(Character.forDigit((digest[i] >> 4) & 0xF, 16)).append(Character.forDigit(digest[i] & 0xF, 16));
        }
        return out.toString();
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

    /** @return how many EngineStopped state hashes recovery checked against the state it rebuilt. */
    long stopsVerified()
    {
        return stopsVerified;
    }

    long lastIndex()
    {
        return lastIndex;
    }
}

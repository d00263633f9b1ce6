package io.noctria.engine.runtime;

import io.noctria.codecs.Messages;
import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.EngineStoppedDecoder;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.engine.config.ConfigException;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.engine.core.SnapshotPosition;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalDamagedException;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

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
 * <p>
 * <b>Snapshots.</b> Given a {@link SnapshotStore}, recovery starts from the newest snapshot that verifies (its
 * checksum, its layout version, the digest of the state it rebuilds, and a journal that still holds the frame it
 * was taken after, same first message) and replays only the frames after it; each one that does not verify is
 * named in a WARN with why, and the next older one is tried, then the whole journal. Not with an observer (the
 * live projections need every record). {@link RecoverySnapshots} tries them; this class folds the journal.
 */
final class Recovery implements JournalConsumer
{
    private final Supplier<ExecutionCore> cores;
    private final RecoverySnapshots snapshots;
    private ExecutionCore core;
    private Path snapshotFile;
    private long snapshotIndex = -1;
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
    // The fingerprint of the last frame's first message, kept only when following (a snapshot names it).
    private boolean fingerprintFrames;
    private int frameChecksum;
    private int frameLength;
    private String failure;
    private Throwable failureCause;
    // replay --from-snapshot: read-only, from one snapshot (or the newest that verifies) or not at all, every
    // re-decided event checked against the journal's.
    private boolean snapshotRequired;
    private Path onlySnapshot;
    private FrameEventCheck check;
    private java.util.function.BooleanSupplier abandon = () -> false;
    private boolean abandoned;

    /**
     * @param cores     makes a fresh core to rebuild (its sink discards: the events are in the journal already); one
     *                  per snapshot tried, since a snapshot that does not verify leaves its core unusable.
     * @param observer  also sees every record read (the live reports' projections), or null.
     * @param snapshots where to look for snapshots to start from, or null to replay the whole journal.
     */
    Recovery(final Supplier<ExecutionCore> cores, final JournalConsumer observer, final SnapshotStore snapshots)
    {
        this.cores = cores;
        this.observer = observer;
        this.snapshots = new RecoverySnapshots(cores, snapshots);
    }

    /** Replays the journal at {@code journalDir}; a missing or empty journal is a fresh start. */
    Recovery run(final Path journalDir)
    {
        if (!java.nio.file.Files.exists(journalDir.resolve("metadata.cq4t")))
        {
            core = cores.get();
            if (!snapshotRequired)
            {
                snapshots.discardOfAnotherJournal();
            }
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
            if (null == reader.framed() && !snapshotRequired)
            {
                snapshots.discardOfAnotherJournal(); // an empty journal explains no snapshot
            }
            final boolean restored = fromSnapshot(reader);
            if (!restored && snapshotRequired)
            {
                throw new JournalRefusedException(snapshots.noneVerifies(onlySnapshot), null);
            }
            if (!restored)
            {
                core = cores.get();
                reader.toStart();
            }
            else
            {
                verifyFramesUpTo(journalDir, snapshotIndex);
            }
            while (reader.poll(this, 1024) > 0)
            {
                if (abandon.getAsBoolean())
                {
                    abandoned = true;
                    return this;
                }
                if (failure != null)
                {
                    throw new JournalRefusedException(failure, failureCause);
                }
                if (null != check && null != check.mismatch())
                {
                    break;
                }
            }
            if (null != check)
            {
                check.endFrame();
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

    /**
     * Before {@link #run}: after it, this recovery's core goes on applying frames as a {@link JournalConsumer} of a
     * reader positioned by {@link #positionAfterLast} (the snapshot replica, {@link SnapshotAgent}); every frame read
     * is applied, checked and accounted for exactly as recovery does, and its first message's fingerprint is kept
     * for {@link #position}.
     *
     * @return this.
     */
    Recovery follow()
    {
        fingerprintFrames = true;
        return this;
    }

    /**
     * Before {@link #run}: stop reading, leaving the core part-way, as soon as {@code when} says so (checked between
     * batches of frames): the replica's recovery, when the engine stops meanwhile.
     *
     * @return this.
     */
    Recovery abandonWhen(final java.util.function.BooleanSupplier when)
    {
        abandon = when;
        return this;
    }

    /** @return whether {@link #run} stopped early on {@link #abandonWhen}: its core is then of no use. */
    boolean abandoned()
    {
        return abandoned;
    }

    /**
     * Positions {@code reader} (of the journal {@link #run} read) right after the last frame applied, or at the start
     * when there was none.
     *
     * @return false when the journal no longer holds that frame.
     */
    boolean positionAfterLast(final JournalReader reader)
    {
        if (lastIndex < 0)
        {
            reader.toStart();
            return true;
        }
        if (!reader.toIndex(lastIndex))
        {
            return false;
        }
        final RecoverySnapshots.FirstMessage skipped = new RecoverySnapshots.FirstMessage();
        return 1 == reader.poll(skipped, 1) && skipped.index == lastIndex;
    }

    /**
     * @param position filled with where the core stands: the last frame applied (index and first-message
     *                 fingerprint), the last inbound index and the last broker report.
     * @return {@code position}.
     */
    SnapshotPosition position(final SnapshotPosition position)
    {
        position.frame(lastIndex, frameChecksum, frameLength, lastInboundIndex);
        return position.lastBrokerReport(lastBrokerReport(), 0, lastBrokerReportLength);
    }

    /** @return why the core stopped following the journal (a damaged frame, a state-hash mismatch), or null. */
    String failure()
    {
        return failure;
    }

    /**
     * Before {@link #run}: for {@code replay --from-snapshot}, read-only (no snapshot is ever removed); start from
     * {@code file}, or from the newest snapshot that verifies when null, and refuse ({@link JournalRefusedException}
     * naming why each was not used) rather than fall back to the whole journal; every event the core re-decides is
     * handed to {@code check} (which must be the cores' sink) with the journaled ones.
     *
     * @return this.
     */
    Recovery fromSnapshotOnly(final Path file, final FrameEventCheck check)
    {
        snapshotRequired = true;
        onlySnapshot = file;
        this.check = check;
        return this;
    }

    /** @return why each snapshot tried was not used ("FILE: why"), oldest refusal first. */
    List<String> refusals()
    {
        return snapshots.refusals();
    }

    /** @return the rebuilt core. */
    ExecutionCore core()
    {
        return core;
    }

    /** @return the snapshot recovery started from, or null when it replayed the whole journal. */
    Path snapshotFile()
    {
        return snapshotFile;
    }

    /** @return the journal index of the snapshot recovery started from, or -1. */
    long snapshotIndex()
    {
        return snapshotIndex;
    }

    /** Starts from the newest snapshot that verifies, reader positioned after its frame; false when none. */
    private boolean fromSnapshot(final JournalReader reader)
    {
        if (!snapshots.restoreNewest(reader, onlySnapshot, snapshotRequired, null != observer))
        {
            return false;
        }
        final SnapshotPosition position = snapshots.position();
        core = snapshots.core();
        snapshotFile = snapshots.file();
        snapshotIndex = position.journalIndex();
        lastIndex = snapshotIndex;
        frameChecksum = position.inputChecksum();
        frameLength = position.inputLength();
        lastInboundIndex = position.lastInboundIndex();
        if (position.lastBrokerReportLength() > 0 && position.lastBrokerReportLength() <= lastBrokerReport.capacity())
        {
            lastBrokerReport.putBytes(0, position.lastBrokerReport(), 0, position.lastBrokerReportLength());
            lastBrokerReportLength = position.lastBrokerReportLength();
        }
        return true;
    }

    /**
     * The frames a snapshot stands for are not re-decided, but they must still be whole: the journal is the record,
     * and one it cannot read to the end is refused whether or not a snapshot covers the damage. A read of every
     * frame's checksum up to the snapshot's, without the core.
     */
    private void verifyFramesUpTo(final Path journalDir, final long snapshotFrame)
    {
        final JournalConsumer check = new JournalConsumer()
        {
            @Override
            public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
            {
            }

            @Override
            public void onInvalid(final long index, final RecordError error, final String detail)
            {
                if (failure == null)
                {
                    Recovery.this.onInvalid(index, error, detail);
                }
            }
        };
        try (JournalReader prefix = JournalReader.open(journalDir))
        {
            prefix.toStart();
            while (failure == null && !abandon.getAsBoolean() && prefix.poll(check, 1024) > 0 &&
                prefix.lastReadIndex() < snapshotFrame)
            {
                // checksums verified by the reader as it delivers each frame
            }
        }
        if (failure != null)
        {
            throw new JournalRefusedException(failure, failureCause);
        }
        lastIndex = snapshotFrame; // the damaged frame's index, had there been one, is in the failure only
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
        if (null != check)
        {
            check.beginFrame(index);
        }
        if (observer != null)
        {
            observer.onFrame(index, messages);
        }
    }

    @Override
    public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        if (failure != null || (null != check && null != check.mismatch()))
        {
            return; // the first difference is the finding: nothing after it is decided on a diverged state
        }
        lastIndex = index;
        if (observer != null)
        {
            observer.onMessage(index, buffer, offset, length);
        }
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int inboundIndexOffset = Messages.inboundIndexOffset(templateId);
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
            if (null != check)
            {
                check.journaled(buffer, offset, length);
            }
            return;
        }
        firstOfFrame = false;
        if (fingerprintFrames)
        {
            frameChecksum = SnapshotAgent.checksum(buffer, offset, length);
            frameLength = length;
        }
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

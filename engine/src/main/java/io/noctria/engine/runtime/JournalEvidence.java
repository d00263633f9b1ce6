package io.noctria.engine.runtime;

import io.noctria.engine.outbox.OutboxMirror;
import io.noctria.engine.outbox.OutboxMirrorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The start-up check that the journal is not shorter than other durable evidence of what it held: a journal that
 * lost its end is damage, not a fresh start or a torn tail, and an engine that ran on it would re-decide, re-send
 * and re-take inputs the venue and upstream already saw.
 * <p>
 * The evidence, each written only after the journal frame it refers to was appended:
 * <ul>
 *   <li>the last run's journal position (counter {@link EngineCounter#JOURNAL_POSITION} in {@code cnc.dat}, kept
 *   until this start replaces the file, so read {@link #beforeStart before});</li>
 *   <li>the outbox mirror's checkpoint (the index of the last journal excerpt it applied).</li>
 * </ul>
 * Either beyond the journal's last index is a {@link JournalRefusedException} listing the facts and pointing at
 * docs/operations-journal.md, "A journal shorter than the evidence". The check runs after recovery read the journal
 * (which gives its last index) and before anything is appended or sent.
 *
 * @param journalDir      the journal checked.
 * @param countersFile    the last run's counters file.
 * @param lastRunPosition the journal position those counters hold, -1 when there is none.
 */
record JournalEvidence(Path journalDir, Path countersFile, long lastRunPosition)
{
    /** The operator procedure. */
    static final String PROCEDURE = "docs/operations-journal.md, \"A journal shorter than the evidence\"";

    private static final Logger LOG = LoggerFactory.getLogger(JournalEvidence.class);


    /**
     * Reads the last run's journal position from {@code dataDir/cnc.dat}: call before this start creates the file
     * afresh. A missing file is no evidence (a new data directory); an unreadable one is logged and ignored (an
     * engine that died while starting leaves one without its magic, and it proves nothing).
     */
    static JournalEvidence beforeStart(final Path dataDir, final Path journalDir)
    {
        final Path file = dataDir.resolve(CountersFile.FILE_NAME);
        long position = -1;
        if (Files.exists(file))
        {
            try (EngineCounters counters = EngineCounters.open(dataDir))
            {
                position = counters.value(EngineCounter.JOURNAL_POSITION);
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("the last run's counters {} cannot be read ({}): its journal position is no evidence this " +
                    "start can check", file, ex.getMessage());
            }
        }
        return new JournalEvidence(journalDir, file, position);
    }

    /**
     * @param journalLastIndex the index of the journal's last excerpt (recovery read it), -1 when it is empty.
     * @throws JournalRefusedException when the last run appended beyond it.
     */
    void requireCounters(final long journalLastIndex)
    {
        if (lastRunPosition > journalLastIndex)
        {
            throw refusal(journalLastIndex, "the last run's counters " + countersFile + " record that it appended " +
                "journal index " + describe(lastRunPosition) + " (counter '" + EngineCounter.JOURNAL_POSITION.label() +
                "')", null);
        }
    }

    /**
     * Opens the outbox mirror; a mirror checkpointed beyond the journal's last index is evidence the journal lost
     * frames.
     *
     * @throws JournalRefusedException when the mirror's checkpoint is beyond {@code journalLastIndex}.
     */
    OutboxMirror openMirror(final Supplier<OutboxMirror> open, final long journalLastIndex)
    {
        try
        {
            return open.get();
        }
        catch (final OutboxMirrorException ex)
        {
            if (ex.unheldCheckpoint() > journalLastIndex)
            {
                throw refusal(journalLastIndex, "the outbox mirror " + ex.file() + " applied journal excerpts up to " +
                    "index " + describe(ex.unheldCheckpoint()), ex);
            }
            throw ex;
        }
    }

    private JournalRefusedException refusal(final long journalLastIndex, final String evidence, final Throwable cause)
    {
        return new JournalRefusedException("journal " + journalDir + " is shorter than the evidence of what it held: " +
            "its last index is " + (journalLastIndex < 0 ? "none (it holds no excerpt)" : describe(journalLastIndex)) +
            ", but " + evidence + ". The journal lost frames (a cut or zeroed file, a restore from an older copy, a " +
            "deleted cycle file); starting on it would re-decide and re-send what the venue already has. Refusing to " +
            "start: nothing was appended or sent. Restore the journal from a replica or backup, or start a new data " +
            "directory and reconcile with the venue - never move the outbox mirror aside or delete the counters to " +
            "get past this: " + PROCEDURE, cause);
    }

    private static String describe(final long index)
    {
        return index + " (0x" + Long.toHexString(index) + ")";
    }
}

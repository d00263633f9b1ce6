package io.noctria.engine.cli;

import io.noctria.codecs.RecordError;
import io.noctria.engine.runtime.EngineCounter;
import io.noctria.engine.runtime.EngineCounters;
import io.noctria.journal.JournalDamagedException;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * What a reading command found damaged in a queue: frames that are not whole ({@link RecordError#DAMAGED}),
 * excerpts without a frame header in a framed queue ({@link RecordError#UNFRAMED}), and the excerpt header Chronicle
 * could not read, after which nothing can be read ({@link JournalDamagedException}), and a journal that ends before
 * the index the last run's counters say it appended ({@link #checkEnd}). Each is reported where it is
 * met; {@link #report} ends the command's stderr with one line naming every damaged index (the first
 * {@value #LISTED} of them) and the operator procedure, and the command exits
 * {@link CommandFailure#QUEUE_DAMAGED_EXIT}.
 */
final class QueueDamage
{
    /** Indexes listed in the summary line; the count covers all. */
    static final int LISTED = 20;
    /** Where the operator procedure is written. */
    static final String PROCEDURE = "docs/operations-journal.md, \"A damaged journal\"";
    /** Where the procedure for a journal that lost its end is written. */
    static final String SHORTER_PROCEDURE = "docs/operations-journal.md, \"A journal shorter than the evidence\"";

    private final long[] indexes = new long[LISTED];
    private long count;
    private JournalDamagedException unreadable;
    private String shorterThanEvidence;

    /** @return true (and the index is counted) when {@code error} is damage rather than a merely invalid message. */
    boolean note(final long index, final RecordError error)
    {
        if (error != RecordError.DAMAGED && error != RecordError.UNFRAMED)
        {
            return false;
        }
        if (count < LISTED)
        {
            indexes[(int)count] = index;
        }
        count++;
        return true;
    }

    /** Reading stopped at an excerpt Chronicle cannot delimit. */
    void unreadable(final JournalDamagedException ex)
    {
        unreadable = ex;
    }

    /** @return whether anything damaged was met. */
    boolean found()
    {
        return count > 0 || unreadable != null || shorterThanEvidence != null;
    }

    /**
     * The journal of {@code dataDir} was read to its end, the last excerpt at {@code lastIndexRead} (-1: none): when
     * the last run's counters ({@code cnc.dat}, counter {@link EngineCounter#JOURNAL_POSITION}) say that run
     * appended beyond it, the journal lost frames. Checked only when the engine that wrote the counters has stopped
     * or its process is gone (a running one appends while this reads) and nothing else was found damaged (an
     * unreadable header already explains an early end).
     */
    void checkEnd(final Path dataDir, final long lastIndexRead)
    {
        if (unreadable != null || !java.nio.file.Files.exists(dataDir.resolve("cnc.dat")))
        {
            return;
        }
        try (EngineCounters counters = EngineCounters.open(dataDir))
        {
            // 3: stopped (CountersFile.STATE_STOPPED); else the engine may still be appending, unless its process is gone.
            final boolean writing = counters.value(EngineCounter.ENGINE_STATE) != 3 &&
                ProcessHandle.of(counters.pid()).map(ProcessHandle::isAlive).orElse(false);
            final long position = counters.value(EngineCounter.JOURNAL_POSITION);
            if (!writing && position > lastIndexRead)
            {
                shorterThanEvidence = "it ends at index " + (lastIndexRead < 0 ? "none" : lastIndexRead + " (0x" +
                    Long.toHexString(lastIndexRead) + ")") + ", but the last run's counters " + counters.path() +
                    " record that it appended index " + position + " (0x" + Long.toHexString(position) + "): the " +
                    "journal lost frames";
            }
        }
        catch (final RuntimeException ex)
        {
            // A counters file being created, or of another layout: no evidence either way.
        }
    }

    /**
     * Prints the summary line ("noctria tail: queue DIR is damaged: 2 damaged frame(s) at index 123 (0x7b), ...")
     * when anything damaged was met.
     *
     * @return {@link CommandFailure#QUEUE_DAMAGED_EXIT} when damage was met, else {@code otherwise}.
     */
    int report(final String command, final Path queueDir, final PrintWriter err, final int otherwise)
    {
        if (!found())
        {
            return otherwise;
        }
        final StringBuilder line = new StringBuilder(256).append("noctria ").append(command).append(": queue ")
            .append(queueDir).append(" is damaged:");
        if (count > 0)
        {
            line.append(' ').append(count).append(" damaged excerpt(s) at index");
            for (int i = 0; i < Math.min(count, LISTED); i++)
            {
                line.append(i == 0 ? " " : ", ").append(indexes[i]).append(" (0x")
                    .append(Long.toHexString(indexes[i])).append(')');
            }
            if (count > LISTED)
            {
                line.append(", ...");
            }
            line.append(unreadable != null ? ";" : "");
        }
        if (unreadable != null)
        {
            line.append(" unreadable from index ").append(unreadable.index()).append(" (0x")
                .append(Long.toHexString(unreadable.index())).append("), nothing after it was read");
        }
        if (shorterThanEvidence != null)
        {
            line.append(count > 0 ? "; " : " ").append(shorterThanEvidence);
        }
        line.append(". Inspect with `noctria tail --from-index INDEX`; see ")
            .append(count == 0 && unreadable == null ? SHORTER_PROCEDURE : PROCEDURE)
            .append(" (exit ").append(CommandFailure.QUEUE_DAMAGED_EXIT).append(')');
        err.println(line);
        err.flush();
        return CommandFailure.QUEUE_DAMAGED_EXIT;
    }

    /** One line for an unreadable excerpt header: the reader's message without its stack trace. */
    static String unreadableLine(final String command, final JournalDamagedException ex)
    {
        return "noctria " + command + ": " + ex.getMessage().replace('\n', ' ');
    }

    /**
     * @return the failure of a command that cannot do its work past an unreadable excerpt header: the reader's
     * message, what was not made ({@code outcome}, e.g. "no report made"), how to inspect the index and the
     * procedure; exit {@link CommandFailure#QUEUE_DAMAGED_EXIT}.
     */
    static CommandFailure unreadableFailure(final JournalDamagedException ex, final String outcome)
    {
        return new CommandFailure(ex.getMessage().replace('\n', ' ') + "; " + outcome + ". Inspect it with " +
            "`noctria tail --from-index " + ex.index() + "` and see " + PROCEDURE, CommandFailure.QUEUE_DAMAGED_EXIT);
    }
}

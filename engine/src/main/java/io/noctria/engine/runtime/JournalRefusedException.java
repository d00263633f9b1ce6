package io.noctria.engine.runtime;

/**
 * The engine refuses to start on its journal: a damaged frame, a journal of format 1, a state hash the journal does
 * not explain, or a journal shorter than other durable evidence of it (the outbox mirror's checkpoint, the last run's
 * journal position). Nothing was appended and nothing sent. The message states the facts (indexes, values, files)
 * and names the section of docs/operations-journal.md that says what to do; {@code noctria run} prints it as one
 * line and exits 2 (refused at start).
 */
public final class JournalRefusedException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    JournalRefusedException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}

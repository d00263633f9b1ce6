package io.noctria.engine.runtime;

/**
 * The engine's journal directory or writer lock file was deleted or replaced while it ran: a terminal fault (the
 * engine cannot journal into a deleted journal), reported as {@link Engine#fatalError()}. Its text is the whole
 * message an operator needs, so it prints as just that.
 */
public final class JournalLostException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    JournalLostException(final String message)
    {
        super(message, null, false, false);
    }

    @Override
    public String toString()
    {
        return getMessage();
    }
}

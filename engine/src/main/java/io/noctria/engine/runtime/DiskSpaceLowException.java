package io.noctria.engine.runtime;

/**
 * The engine cannot start: the journal's file system has less usable space than {@code journal.min_free_mb}.
 * The message says where, how much is left and what to do.
 */
public final class DiskSpaceLowException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    DiskSpaceLowException(final String message)
    {
        super(message);
    }
}

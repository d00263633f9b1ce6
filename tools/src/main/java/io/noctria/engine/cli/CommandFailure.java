package io.noctria.engine.cli;

/**
 * A command failed for a reason the user can act on: printed as one line on stderr, no stack trace.
 */
final class CommandFailure extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CommandFailure(final String message)
    {
        this(message, 1);
    }

    CommandFailure(final String message, final int exitCode)
    {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode()
    {
        return exitCode;
    }
}

package io.noctria.engine.cli;

/**
 * A command failed for a reason the user can act on: printed as one line on stderr, no stack trace.
 */
final class CommandFailure extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * Exit status of a reading command ({@code tail}, {@code replay}, {@code postmortem}, {@code broker-sim}) that
     * found a damaged queue: a frame whose checksum or structure does not match its bytes, an excerpt without a frame
     * header in a framed queue, or an excerpt header Chronicle cannot read. Each damaged index is named on stderr.
     * Exit 3 keeps its meaning: invalid excerpts that are not damage (a foreign schema, an unknown template, a
     * format-1 queue's unreadable message).
     */
    static final int QUEUE_DAMAGED_EXIT = 5;

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

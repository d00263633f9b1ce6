package io.noctria.journal;

import java.nio.file.Path;

/**
 * A queue file is damaged where the reader cannot find the next excerpt (its Chronicle header or length is
 * unreadable): nothing after {@link #index()} can be read. Damage inside an excerpt is not this exception but an
 * {@link JournalConsumer#onInvalid} with {@link io.noctria.codecs.RecordError#DAMAGED}.
 */
public final class JournalDamagedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient Path directory;
    private final long index;

    JournalDamagedException(final Path directory, final long index, final String detail, final Throwable cause)
    {
        super("journal " + directory + " is damaged at index " + index + " (0x" + Long.toHexString(index) + "): " +
            detail + "; nothing after it can be read", cause);
        this.directory = directory;
        this.index = index;
    }

    /** @return the queue directory. */
    public Path directory()
    {
        return directory;
    }

    /** @return the index at which reading stopped. */
    public long index()
    {
        return index;
    }
}

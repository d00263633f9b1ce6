package io.noctria.journal;

import java.nio.file.Path;

/**
 * A reader was pointed at a path that holds no queue. Readers never create one, so this is the
 * answer instead of an empty journal appearing where none was meant to be.
 */
public final class JournalNotFoundException extends IllegalArgumentException
{
    private final transient Path directory;

    JournalNotFoundException(final Path directory, final String reason)
    {
        super("no journal at " + directory + ": " + reason);
        this.directory = directory;
    }

    /** @return the path that was asked for. */
    public Path directory()
    {
        return directory;
    }
}

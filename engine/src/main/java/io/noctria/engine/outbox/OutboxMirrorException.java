package io.noctria.engine.outbox;

import java.nio.file.Path;

/**
 * The outbox mirror's map file cannot be used: corrupt, of another layout, or built from another journal.
 * The message names the file and says what to do. The mirror is derived data (the journal is the source of
 * truth), so moving the file aside and restarting always rebuilds it; this exception never means orders
 * were lost.
 */
public final class OutboxMirrorException extends RuntimeException
{
    /** The remedy every file-level error shares: the journal can always rebuild the mirror. */
    static final String REBUILD = "the mirror is rebuilt from the journal: stop the engine, move the file aside " +
        "(or delete it) and restart";

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    OutboxMirrorException(final Path file, final String message, final Throwable cause)
    {
        super(message, cause);
        this.file = file;
    }

    /** @return the map file concerned. */
    public Path file()
    {
        return file;
    }

    static OutboxMirrorException corrupt(final Path file, final Throwable cause)
    {
        return new OutboxMirrorException(file, "outbox mirror file " + file +
            " is corrupt or is not a Chronicle Map (" + cause.getMessage() + "); " + REBUILD, cause);
    }

    static OutboxMirrorException layout(final Path file, final String what)
    {
        return new OutboxMirrorException(file, "outbox mirror file " + file + " is not a Noctria outbox mirror of layout " +
            EntryLayout.LAYOUT_VERSION + ": " + what + "; " + REBUILD, null);
    }
}

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
    private final long unheldCheckpoint;

    OutboxMirrorException(final Path file, final String message, final Throwable cause)
    {
        this(file, message, cause, -1);
    }

    private OutboxMirrorException(final Path file, final String message, final Throwable cause,
        final long unheldCheckpoint)
    {
        super(message, cause);
        this.file = file;
        this.unheldCheckpoint = unheldCheckpoint;
    }

    /**
     * @return the journal index the mirror was checkpointed at when the journal does not hold it, else -1. Such a
     * mirror is evidence the journal lost its end (or was replaced): the engine compares it with the journal's last
     * index before deciding what to say, and a short journal is never "fixed" by rebuilding the mirror.
     */
    public long unheldCheckpoint()
    {
        return unheldCheckpoint;
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

    static OutboxMirrorException checkpointNotInJournal(final Path file, final long checkpoint, final Path journal)
    {
        return new OutboxMirrorException(file, "outbox mirror file " + file + " was checkpointed at journal index " +
            checkpoint + " (0x" + Long.toHexString(checkpoint) + "), which journal " + journal + " does not hold: " +
            "the journal lost frames it had (restore it: docs/operations-journal.md, \"A journal shorter than the " +
            "evidence\"; moving the mirror aside would hide that), or it was replaced by another journal", null,
            checkpoint);
    }

    static OutboxMirrorException layout(final Path file, final String what)
    {
        return new OutboxMirrorException(file, "outbox mirror file " + file + " is not a Noctria outbox mirror of layout " +
            EntryLayout.LAYOUT_VERSION + ": " + what + "; " + REBUILD, null);
    }
}

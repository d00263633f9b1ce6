package io.noctria.engine.outbox;

import io.noctria.journal.DataDirectory;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Looks keys up in the outbox mirror of a data directory, from any process, while the engine's
 * {@link OutboxMirror} follows the journal: for operators' tools. Never creates, initialises or follows
 * anything; the file must exist (the engine's mirror creates it).
 * <p>
 * Chronicle Map coordinates processes through locks kept in the file, so "read-only" is this API's
 * promise, not the file's mode: the file must be writable by the user running the tool (its owner, as the
 * file is owner-only). Thread-safe. Opening costs about a second (Chronicle Map's first open in a JVM).
 */
public final class OutboxLookup implements AutoCloseable
{
    private final OutboxMapFile file;
    private volatile boolean closed;

    private OutboxLookup(final OutboxMapFile file)
    {
        this.file = file;
    }

    /**
     * Opens the mirror in {@code <dataDir>/outbox} for lookups.
     *
     * @throws OutboxMirrorException naming the file when it is missing, not initialised, corrupt or of another
     *                               layout.
     */
    public static OutboxLookup open(final Path dataDir)
    {
        Objects.requireNonNull(dataDir, "dataDir");
        return new OutboxLookup(OutboxMapFile.openForLookup(new DataDirectory(dataDir).outbox()));
    }

    /**
     * @param key the raw 32-byte idempotency key.
     * @return the key's state as of the follower's last update, or null when the mirror has not seen the key.
     */
    public OutboxRecord lookup(final byte[] key)
    {
        requireOpen();
        return file.lookup(key);
    }

    /**
     * @param keyHex the key as the platform writes it: 64 hex digits.
     * @return the key's state, or null when the mirror has not seen the key.
     */
    public OutboxRecord lookup(final String keyHex)
    {
        return lookup(OutboxMirror.parseKey(keyHex));
    }

    /** @return keys mirrored. */
    public long size()
    {
        requireOpen();
        return file.size();
    }

    /** @return journal index of the last excerpt the follower checkpointed, or -1 before the first. */
    public long appliedIndex()
    {
        requireOpen();
        return file.checkpointIndex();
    }

    /** @return the map file. */
    public Path file()
    {
        return file.file();
    }

    /** Unmaps the file; idempotent. */
    @Override
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            file.close();
        }
    }

    private void requireOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("outbox lookup " + file.file() + " is closed");
        }
    }
}

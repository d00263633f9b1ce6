package io.noctria.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;

/**
 * The OS lock on a queue directory's {@code noctria-writer.lock}: whoever holds it is the directory's one
 * writer. {@link Journal#open} takes it for as long as it appends; maintenance that removes a queue's files
 * (e.g. {@code run --demo --fresh}) takes it first, so it can never pull a queue from under a live writer.
 * <p>
 * The lock file itself is never deleted: a writer holding a lock on a deleted file would keep writing while
 * a second one locked a new file of the same name, and the single-writer rule would silently break.
 * <p>
 * An OS file lock belongs to the process: a second {@code WriterLock} on the same directory in the same JVM
 * fails like one in another process.
 */
public final class WriterLock implements AutoCloseable
{
    private static final Set<StandardOpenOption> OPEN_OPTIONS = EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private WriterLock(final Path directory, final FileChannel channel, final FileLock lock)
    {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the writer lock of {@code queueDir} (which must exist), creating the lock file rw------- if needed.
     *
     * @throws IllegalStateException naming the directory and the lock file when another writer holds it.
     * @throws UncheckedIOException  when the lock file cannot be opened or locked.
     */
    public static WriterLock take(final Path queueDir)
    {
        final Path file = lockFile(queueDir);
        final FileChannel channel = FileLocks.openOwnerOnly(file, OPEN_OPTIONS, "the writer lock");
        return FileLocks.closeOnFailure(channel, "cannot lock the writer lock " + file, open ->
        {
            final FileLock lock = FileLocks.tryLock(open);
            if (lock == null)
            {
                throw held(queueDir);
            }
            return new WriterLock(queueDir, open, lock);
        });
    }

    /** @return the lock file of {@code queueDir}: {@value QueueFiles#WRITER_LOCK_FILE}. */
    public static Path lockFile(final Path queueDir)
    {
        return queueDir.resolve(QueueFiles.WRITER_LOCK_FILE);
    }

    /**
     * Deletes everything in the queue directory this lock guards except the lock file (which stays, locked),
     * so the directory reads as a queue never written. The caller holds the lock, so no writer is appending.
     *
     * @throws UncheckedIOException naming the file that could not be deleted.
     */
    public void deleteQueueFilesExceptLock()
    {
        if (released)
        {
            throw new IllegalStateException("writer lock of " + directory + " already released");
        }
        emptyQueueDirectory(directory);
    }

    /**
     * Deletes everything in {@code queueDir} except its writer lock file. Only for a directory whose lock the caller
     * holds ({@link #deleteQueueFilesExceptLock}), or one that has no lock file because only shared writers (e.g.
     * {@code inbound}) ever opened it, and whose readers the caller has stopped by other means.
     *
     * @throws UncheckedIOException naming the file that could not be deleted.
     */
    public static void emptyQueueDirectory(final Path queueDir)
    {
        final Path keep = lockFile(queueDir);
        try (java.util.stream.Stream<Path> files = Files.walk(queueDir))
        {
            final Path[] all = files.sorted(java.util.Comparator.reverseOrder()).toArray(Path[]::new);
            for (final Path file : all)
            {
                if (file.equals(keep) || file.equals(queueDir))
                {
                    continue;
                }
                try
                {
                    Files.delete(file);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException("cannot delete " + file, ex);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + queueDir, ex);
        }
    }

    /** @return the queue directory whose lock this is. */
    public Path directory()
    {
        return directory;
    }

    /** Releases the lock and closes its file (the file stays); idempotent. */
    @Override
    public void close()
    {
        if (released)
        {
            return;
        }
        released = true;
        FileLocks.release(lock, channel);
    }

    static IllegalStateException held(final Path dir)
    {
        return new IllegalStateException("journal " + dir + " is already open for writing (lock " +
            lockFile(dir) + " is held): a queue has a single writer");
    }
}

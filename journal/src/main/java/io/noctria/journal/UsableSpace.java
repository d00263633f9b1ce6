package io.noctria.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * How much room the file system of a data directory has left. Every writer of memory-mapped files (queues,
 * the outbox mirror) asks before it writes: a mapped write into a full file system is not an exception but a
 * SIGBUS that kills the JVM mid-write (see docs/reliability.md, "Disk space"). The engine's disk guard, {@code
 * submit}, {@code broker-sim} and the outbox mirror share this source; tests inject a {@link LongSupplier} instead.
 */
public final class UsableSpace
{
    private static final long MIB = 1024L * 1024L;

    private UsableSpace()
    {
    }

    /**
     * @param path a directory or file; it need not exist yet: its nearest existing parent's file system is read.
     * @return the usable bytes of that file system, read at each call (a statfs: it allocates, keep it off hot paths).
     * @throws UncheckedIOException naming the path when its file system cannot be found, or later cannot be read.
     */
    public static LongSupplier of(final Path path)
    {
        Path existing = path.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing))
        {
            existing = existing.getParent();
        }
        if (existing == null)
        {
            throw new IllegalStateException("no existing parent directory of " + path);
        }
        final FileStore store;
        try
        {
            store = Files.getFileStore(existing);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot find the file system of " + existing, ex);
        }
        return () ->
        {
            try
            {
                return store.getUsableSpace();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read the usable space of " + store, ex);
            }
        };
    }

    /**
     * The one threshold rule of every disk guard: a file system that cannot say how much room it has is treated as
     * full, and a threshold of 0 turns the guard off.
     *
     * @param usable       the usable-space source ({@link #of}, or a test's).
     * @param minFreeBytes the threshold ({@code journal.min_free_mb} in bytes); 0 or less: never low.
     * @return the usable bytes when below the threshold (0 when unreadable), or -1 when there is room.
     */
    public static long belowThreshold(final LongSupplier usable, final long minFreeBytes)
    {
        if (minFreeBytes <= 0)
        {
            return -1;
        }
        long bytes;
        try
        {
            bytes = usable.getAsLong();
        }
        catch (final RuntimeException ex)
        {
            bytes = 0;
        }
        return bytes >= minFreeBytes ? -1 : bytes;
    }

    /** @return {@code bytes} in MiB with one decimal, e.g. {@code 511.0}. */
    public static String mib(final long bytes)
    {
        return String.format(Locale.ROOT, "%.1f", bytes / (double)MIB);
    }
}

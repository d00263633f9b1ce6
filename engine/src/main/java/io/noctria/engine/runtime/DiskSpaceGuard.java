package io.noctria.engine.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Stops the engine <em>before</em> the journal's file system fills up.
 * <p>
 * Chronicle Queue writes through memory-mapped, sparse cycle files: an append that touches a page the
 * file system can no longer allocate does not fail with an exception, the kernel sends SIGBUS and the
 * JVM dies mid-write (Chronicle-Queue issue #1282; Chronicle's own {@code DiskSpaceMonitor} only logs a
 * warning). So the engine must never journal into the last megabytes: this guard watches the usable
 * space of the journal's file store from its own thread ({@code noctria-disk-guard}, every
 * {@link #CHECK_INTERVAL_MS} ms; the statfs call allocates, so it stays off the hot path) and, once it is
 * below {@code journal.min_free_mb}, tells the engine once. The engine then stops taking inbound, drains,
 * journals {@code EngineStopped(DISK_SPACE_LOW)} and {@code run} exits with {@link #message()}.
 * The threshold is headroom for what is still written after the trip: the drain's reports and events,
 * EngineStopped, and whatever the check interval lets through at full rate (≈ 13 MB per 100 ms at
 * 100 k requests/s), plus other writers on the same file system.
 * <p>
 * At start-up {@link #requireAtStart()} refuses to start below the threshold, before anything is created.
 */
final class DiskSpaceGuard implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(DiskSpaceGuard.class);
    /** How often the running guard reads the usable space. */
    static final long CHECK_INTERVAL_MS = 100;
    private static final long MB = 1024L * 1024L;

    private final Path journalDir;
    private final long minFreeBytes;
    private final LongSupplier usableBytes;
    private volatile String message;
    private volatile boolean closed;
    private Thread thread;

    /**
     * @param journalDir   the journal's directory (it need not exist yet: its nearest existing parent is watched).
     * @param minFreeBytes stop below this many usable bytes; 0 turns the guard off.
     * @param usableBytes  the usable-space source; null for the file store of {@code journalDir}. Tests inject one.
     */
    DiskSpaceGuard(final Path journalDir, final long minFreeBytes, final LongSupplier usableBytes)
    {
        this.journalDir = journalDir.toAbsolutePath().normalize();
        this.minFreeBytes = minFreeBytes;
        this.usableBytes = usableBytes != null ? usableBytes : fileStoreUsableSpace(this.journalDir);
    }

    /**
     * Refuses to start when the usable space is already below the threshold.
     *
     * @throws DiskSpaceLowException with the message an operator needs.
     */
    void requireAtStart()
    {
        if (minFreeBytes <= 0)
        {
            LOG.warn("journal.min_free_mb is 0: the disk-space guard is off; a full disk can crash the engine (SIGBUS)");
            return;
        }
        final long usable = usableBytes.getAsLong();
        if (usable < minFreeBytes)
        {
            throw new DiskSpaceLowException(describe(usable, "refusing to start"));
        }
    }

    /**
     * Starts watching on its own thread; {@code onLow} runs once, on that thread, when the space goes below
     * the threshold (or cannot be read: a store that cannot say how much room it has is treated as full).
     */
    void start(final Runnable onLow)
    {
        if (minFreeBytes <= 0)
        {
            return;
        }
        thread = new Thread(() -> watch(onLow), "noctria-disk-guard");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return why the guard tripped (what, where, how much is left, what to do), or null while there is room. */
    String message()
    {
        return message;
    }

    @Override
    public void close() throws InterruptedException
    {
        closed = true;
        if (thread != null)
        {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    private void watch(final Runnable onLow)
    {
        while (!closed)
        {
            long usable;
            try
            {
                usable = usableBytes.getAsLong();
            }
            catch (final RuntimeException ex)
            {
                LOG.error("cannot read the usable space of {}; treating the disk as full", journalDir, ex);
                usable = 0;
            }
            if (usable < minFreeBytes)
            {
                // Inbound stops first; only then is the reason published (and logged, which is slow).
                onLow.run();
                message = describe(usable, "stopping: no more inbound is taken, in-flight orders drain, EngineStopped(DISK_SPACE_LOW) is journaled");
                LOG.error(message);
                return;
            }
            try
            {
                TimeUnit.MILLISECONDS.sleep(CHECK_INTERVAL_MS);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
        }
    }

    private String describe(final long usable, final String action)
    {
        return String.format(Locale.ROOT, "disk space low: %s MB usable on the file system of the journal %s, below " +
                "journal.min_free_mb %d; %s. Free space on that file system (or move --data-dir to a larger one, or " +
                "lower journal.min_free_mb in the engine config), then start the engine again: it resumes inbound " +
                "right after the last journaled input", mb(usable), journalDir, minFreeBytes / MB, action);
    }

    private static String mb(final long bytes)
    {
        return String.format(Locale.ROOT, "%.1f", bytes / (double)MB);
    }

    private static LongSupplier fileStoreUsableSpace(final Path journalDir)
    {
        Path existing = journalDir;
        while (existing != null && !Files.exists(existing))
        {
            existing = existing.getParent();
        }
        if (existing == null)
        {
            throw new IllegalStateException("no existing parent directory of " + journalDir);
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
}

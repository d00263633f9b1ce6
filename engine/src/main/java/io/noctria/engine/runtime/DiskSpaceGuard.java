package io.noctria.engine.runtime;

import io.noctria.journal.UsableSpace;
import io.noctria.journal.WriterLock;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Stops the engine <em>before</em> the journal's file system fills up.
 * <p>
 * Chronicle Queue writes through memory-mapped, sparse cycle files: an append that touches a page the
 * file system can no longer allocate does not fail with an exception, the kernel sends SIGBUS and the
 * JVM dies mid-write (Chronicle-Queue issue #1282; Chronicle's own {@code DiskSpaceMonitor} only logs a
 * warning). So the engine must never journal into the last megabytes: this guard watches the usable
 * space of the journal's file store as an Agrona agent on its own thread ({@code noctria-disk-guard}, a duty cycle
 * every {@link #CHECK_INTERVAL_MS} ms; the statfs call allocates, so it stays off the hot path; the usable bytes go
 * to the {@link EngineCounter#DISK_USABLE_BYTES} counter) and, once it is
 * below {@code journal.min_free_mb}, tells the engine once. The engine then stops taking inbound, drains,
 * journals {@code EngineStopped(DISK_SPACE_LOW)} and {@code run} exits with {@link #message()}.
 * The threshold is headroom for what is still written after the trip: the drain's reports and events,
 * EngineStopped, and whatever the check interval lets through at full rate (≈ 13 MB per 100 ms at
 * 100 k requests/s), plus other writers on the same file system.
 * <p>
 * At start-up {@link #requireAtStart()} refuses to start below the threshold, before anything is created.
 * <p>
 * The same thread also watches that the journal is still <em>there</em>: the journal directory and its writer
 * lock file must keep the identity (file key: device and inode) they had when the engine opened them. A deleted
 * or replaced directory (e.g. {@code run --demo --fresh} aimed at a live engine's data directory, or a cleanup
 * job) means every further append goes to files no one can ever read again, and a deleted lock file lets a second
 * engine take a new lock on the same path; so the engine stops at once, loudly, without journaling anything more
 * ({@link #journalLost()}). This check runs even when {@code journal.min_free_mb} is 0.
 */
final class DiskSpaceGuard implements Agent, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(DiskSpaceGuard.class);
    /** How often the running guard reads the usable space. */
    static final long CHECK_INTERVAL_MS = 100;
    private static final long MB = 1024L * 1024L;

    private final Path journalDir;
    private final Path lockFile;
    private final long minFreeBytes;
    private final LongSupplier usableBytes;
    private Object journalKey;
    private Object lockKey;
    private volatile String message;
    private volatile String journalLost;
    private Runnable onLow;
    private java.util.function.Consumer<String> onJournalLost;
    private AtomicCounter usableCounter;
    private boolean spaceTripped;
    private boolean watching;
    private AgentRunner runner;

    /**
     * @param journalDir   the journal's directory (it need not exist yet: its nearest existing parent is watched).
     * @param minFreeBytes stop below this many usable bytes; 0 turns the guard off.
     * @param usableBytes  the usable-space source; null for the file store of {@code journalDir}. Tests inject one.
     */
    DiskSpaceGuard(final Path journalDir, final long minFreeBytes, final LongSupplier usableBytes)
    {
        this.journalDir = journalDir.toAbsolutePath().normalize();
        this.lockFile = WriterLock.lockFile(this.journalDir);
        this.minFreeBytes = minFreeBytes;
        this.usableBytes = usableBytes != null ? usableBytes : UsableSpace.of(this.journalDir);
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
     * Starts watching on its own thread. {@code onLow} runs once, on that thread, when the space goes below
     * the threshold (or cannot be read: a store that cannot say how much room it has is treated as full).
     * {@code onJournalLost} runs once, on that thread, with {@link #journalLost()}'s message when the journal
     * directory or its writer lock file is deleted or replaced; the guard then stops watching. Call this after
     * the journal is open: the identities it keeps are those of that moment.
     */
    void start(final Runnable onLow, final java.util.function.Consumer<String> onJournalLost,
        final CountersFile counters)
    {
        journalKey = fileKey(journalDir);
        lockKey = fileKey(lockFile);
        this.onLow = onLow;
        this.onJournalLost = onJournalLost;
        this.usableCounter = counters.counter(EngineCounter.DISK_USABLE_BYTES);
        this.spaceTripped = minFreeBytes <= 0;
        this.watching = true;
        runner = new AgentRunner(new SleepingMillisIdleStrategy(CHECK_INTERVAL_MS), counters::onError, null, this);
        AgentRunner.startOnThread(runner, runnable -> Engine.named(runnable, roleName()));
    }

    /**
     * @return why the engine stopped because its journal directory or writer lock was deleted or replaced (which
     * directory, that nothing more can be journaled, what to do), or null while both are in place.
     */
    String journalLost()
    {
        return journalLost;
    }

    /** @return why the guard tripped (what, where, how much is left, what to do), or null while there is room. */
    String message()
    {
        return message;
    }

    @Override
    public void close()
    {
        if (runner != null)
        {
            runner.close();
        }
    }

    @Override
    public String roleName()
    {
        return "noctria-disk-guard";
    }

    /** One check; the idle strategy sleeps {@link #CHECK_INTERVAL_MS} between duty cycles. */
    @Override
    public int doWork()
    {
        if (!watching)
        {
            return 0; // the journal is gone: the engine is stopping, nothing left to watch
        }
        final String lost = checkJournalIdentity();
        if (lost != null)
        {
            watching = false;
            journalLost = lost;
            onJournalLost.accept(lost);
            LOG.error(lost);
            return 1;
        }
        if (!spaceTripped)
        {
            spaceTripped = checkSpace();
        }
        return 0;
    }

    /** @return true once the space went low (and the engine was told). */
    private boolean checkSpace()
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
        usableCounter.setOrdered(usable);
        if (usable < minFreeBytes)
        {
            // Inbound stops first; only then is the reason published (and logged, which is slow).
            onLow.run();
            message = describe(usable, "stopping: no more inbound is taken, in-flight orders drain, EngineStopped(DISK_SPACE_LOW) is journaled");
            LOG.error(message);
            return true;
        }
        return false;
    }

    /** @return what happened to the journal directory or its lock file, or null when both are the ones opened. */
    String checkJournalIdentity()
    {
        // The lock is looked at before the directory: when the whole directory goes between the two looks, the
        // second one still names the directory (the larger fact) instead of reporting only its lock file.
        final String lock = changed(lockFile, lockKey);
        final String dir = changed(journalDir, journalKey);
        if (dir != null)
        {
            return "journal directory " + journalDir + " was " + dir + " while the engine was writing it: the " +
                "engine cannot journal into a deleted journal, so it stops now without journaling anything more " +
                "(no EngineStopped): no more inbound is taken and nothing more is sent to the venue. Whatever was " +
                "journaled since the directory went is lost with it. Find out who removed it (e.g. `run --demo " +
                "--fresh` or a cleanup job on this data directory) before starting an engine on it again";
        }
        if (lock != null)
        {
            return "journal writer lock " + lockFile + " was " + lock + " while the engine was writing the journal " +
                journalDir + ": a second engine could now lock a new file of that name and write the same journal, " +
                "so this one stops now without journaling anything more (no EngineStopped): no more inbound is " +
                "taken and nothing more is sent to the venue. Make sure no other engine runs on this data " +
                "directory before starting one again";
        }
        return null;
    }

    /** @return "deleted" or "replaced" when {@code path} is gone or no longer the file {@code key} names; else null. */
    private static String changed(final Path path, final Object key)
    {
        final Object now;
        try
        {
            now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        }
        catch (final NoSuchFileException ex)
        {
            return "deleted";
        }
        catch (final IOException ex)
        {
            LOG.warn("cannot read the attributes of {}; checking again in {} ms", path, CHECK_INTERVAL_MS, ex);
            return null;
        }
        return key != null && !key.equals(now) ? "replaced (it is another file now)" : null;
    }

    private static Object fileKey(final Path path)
    {
        try
        {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the attributes of " + path, ex);
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
        return UsableSpace.mib(bytes);
    }
}

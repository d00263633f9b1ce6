package io.noctria.engine.outbox;

import io.noctria.journal.OwnerOnlyFiles;
import io.noctria.codecs.MessageTimes;
import io.noctria.codecs.RecordError;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.LongSupplier;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A durable, queryable mirror of the outbox: a persistent Chronicle Map at {@code <data>/outbox/outbox.dat},
 * keyed by the 32-byte idempotency key, kept up to date by following the engine's journal read-only.
 * <p>
 * <b>What it is not</b>: the engine's decisions never read it. The journal is the source of truth and the
 * business thread keeps its own in-memory outbox; the mirror runs off the hot path, on its own thread, so
 * operators and tools can look any key's state up without a replay (and a later recovery could start from it).
 * Whatever happens to the mirror (full, corrupt, deleted), the engine is unaffected and the mirror can be
 * rebuilt from the journal.
 * <p>
 * <b>Following</b>: {@link #doWork} reads the next journal excerpts (up to {@link #BATCH} per call), applies
 * the outbox events (OutboxRecorded, OrderSent, BrokerAck, Fill, BrokerReject, Expired, Canceled, SendFailed,
 * DuplicateSuppressed) with exactly the state machine of {@code io.noctria.replay.OutboxProjection}, then
 * checkpoints the journal index of the last excerpt in the map file. A restart resumes after the checkpoint,
 * after checking that the journal still holds the same excerpt there (a mirror of another journal is refused).
 * Applying is idempotent per key (each entry records the last journal index applied to it), so a checkpoint
 * that lags the entries, e.g. after a crash, costs a re-read and never double counts.
 * <p>
 * <b>Threads</b>: an Agrona {@link Agent} (role {@code noctria-outbox}) for an {@code AgentRunner}; following
 * ({@link #doWork}, {@link #catchUp}) is for one thread at a time, which may change between calls. Lookups
 * ({@link #lookup}, {@link #size}, {@link #appliedIndex}) are safe from any thread, concurrently with
 * following; each sees an entry before or after an event, never in between. Other processes look keys up
 * with {@link OutboxLookup}; one follower per data directory ({@code outbox/mirror.lock}).
 * <p>
 * <b>Failure</b>: if applying fails (e.g. the map is full), the mirror logs once, keeps the checkpoint of what
 * it applied, stops following ({@link #failure()}), and still answers lookups; it never throws into the
 * runner's loop.
 * <p>
 * <b>Size</b>: every key takes a fixed 288 bytes (32-byte key, 256-byte value) plus Chronicle's per-entry
 * overhead and hash slots, and Chronicle allocates the whole file when creating it: 310,558,720 bytes
 * (296 MiB, all of it on disk) for the default {@link #DEFAULT_CAPACITY} of 1,000,000 keys. Beyond its capacity
 * the map adds overflow tiers, growing the file, up to roughly three times the capacity (measured: 302 keys for
 * a capacity of 100), then refuses inserts: size it for the keys the journal will hold.
 */
public final class OutboxMirror implements Agent, AutoCloseable
{
    /** Keys the map file is created for unless configured otherwise. */
    public static final long DEFAULT_CAPACITY = 1_000_000L;
    /** The runner thread's name. */
    public static final String ROLE_NAME = "noctria-outbox";
    /** Excerpts applied per {@link #doWork} call, between checkpoints. */
    public static final int BATCH = 256;

    private static final Logger LOG = LoggerFactory.getLogger(OutboxMirror.class);

    private final Path journalDirectory;
    private final FollowerLock lock;
    private final OutboxMapFile file;
    private final JournalReader reader;
    private final MirrorApplier applier;
    private final boolean recoveredOnOpen;
    private Thread followerThread;
    private static final VarHandle APPLIED_INDEX = varHandle("appliedIndex");
    private static final VarHandle EXCERPTS_READ = varHandle("excerptsRead");
    private static final VarHandle EVENTS_APPLIED = varHandle("eventsApplied");
    private static final VarHandle EVENTS_SKIPPED = varHandle("eventsSkipped");
    private static final VarHandle UNMATCHED_REPORTS = varHandle("unmatchedReports");

    private volatile long appliedIndex;
    private volatile long excerptsRead;
    private volatile long eventsApplied;
    private volatile long eventsSkipped;
    private volatile long unmatchedReports;
    private volatile Throwable failure;
    private volatile boolean closed;
    /** The engine's counter of the applied index, when it keeps one (written by the follower only). */
    private AtomicCounter positionCounter;

    private OutboxMirror(
        final Path journalDirectory, final FollowerLock lock, final OutboxMapFile file, final JournalReader reader)
    {
        this.journalDirectory = journalDirectory;
        this.lock = lock;
        this.file = file;
        this.reader = reader;
        this.applier = new MirrorApplier(file);
        this.recoveredOnOpen = lock.previousRunUnclean();
        this.followerThread = Thread.currentThread();
        resumeAfterCheckpoint();
        publish();
    }

    /** Opens the mirror of {@code dataDir} with {@link #DEFAULT_CAPACITY}; see {@link #open(Path, long)}. */
    public static OutboxMirror open(final Path dataDir)
    {
        return open(dataDir, DEFAULT_CAPACITY);
    }

    /**
     * Opens the map file. After an unclean stop (the follower was killed) a file that Chronicle Map's recovery
     * cannot turn back into a mirror is a casualty of the kill, not a configuration error: the mirror is a
     * view the journal rebuilds, so the file is moved aside (kept for inspection) and a new one is built from
     * the journal, rather than keeping the engine from starting. After a clean stop a bad file is still refused.
     */
    private static OutboxMapFile openAfterStop(final Path dir, final long capacity, final boolean unclean,
        final LongSupplier usableSpace)
    {
        try
        {
            return OutboxMapFile.openForFollower(dir, capacity, unclean, usableSpace);
        }
        catch (final OutboxMirrorException ex)
        {
            if (!unclean)
            {
                throw ex;
            }
            final Path broken = dir.resolve(OutboxMapFile.FILE_NAME);
            final Path aside = dir.resolve(OutboxMapFile.FILE_NAME + ".unrecoverable-" + System.currentTimeMillis());
            try
            {
                java.nio.file.Files.move(broken, aside);
            }
            catch (final java.io.IOException moveFailed)
            {
                ex.addSuppressed(moveFailed);
                throw ex;
            }
            LOG.warn("outbox mirror {}: not recoverable after the unclean stop ({}); moved to {}, rebuilding from the " +
                "journal", broken, ex.getMessage(), aside);
            return OutboxMapFile.openForFollower(dir, capacity, false, usableSpace);
        }
    }

    /**
     * Opens (creating if needed) the mirror in {@code <dataDir>/outbox} and positions it after its checkpoint in
     * {@code <dataDir>/journal}, which must exist. The directory is created rwx------ and the files rw-------.
     * Takes seconds, not milliseconds: Chronicle Map's first open in a JVM loads and compiles code (1.5 to 4 s
     * measured on 2 cores; a later open in the same JVM takes tens of ms). After an unclean shutdown of the
     * previous follower, Chronicle's recovery adds a scan of the file (about 2 to 3 s for a million keys).
     *
     * @param capacity keys the map file is sized for when it is created; an existing file keeps its own.
     * @throws OutboxMirrorException naming the file when it is corrupt, of another layout, or built from
     *                               another journal.
     * @throws IllegalStateException when another follower holds the directory.
     * @throws io.noctria.journal.JournalNotFoundException when the journal does not exist.
     */
    public static OutboxMirror open(final Path dataDir, final long capacity)
    {
        return open(dataDir, capacity, null);
    }

    /**
     * {@link #open(Path, long)} with the usable-space source of the data directory's file system (null: the real
     * one; the engine passes its disk guard's, tests inject theirs). A new map file is allocated whole, so too
     * little room is refused with an {@link OutboxMirrorException} saying "not enough disk space for the outbox
     * mirror (N MiB needed, M MiB free)".
     */
    public static OutboxMirror open(final Path dataDir, final long capacity, final LongSupplier usableSpace)
    {
        Objects.requireNonNull(dataDir, "dataDir");
        if (capacity < 1)
        {
            throw new IllegalArgumentException("outbox mirror capacity must be at least 1: " + capacity);
        }
        final DataDirectory data = new DataDirectory(dataDir);
        final Path dir = data.outbox();
        final Path journalDir = data.queue(DataDirectory.JOURNAL);
        // The journal first: without one nothing is created, and its classes set Chronicle's system properties
        // (no analytics, no banner, JNA's temp dir) before the map loads Chronicle.
        final JournalReader reader = JournalReader.open(journalDir);
        FollowerLock lock = null;
        OutboxMapFile file = null;
        try
        {
            OwnerOnlyFiles.createDirectories(dir);
            // Another user who can enter the directory could replace the map file under the follower.
            OwnerOnlyFiles.requireOwnerOnlyQueueDirectory(dir);
            lock = FollowerLock.acquire(dir);
            if (lock.previousRunUnclean())
            {
                LOG.warn("outbox mirror {}: the previous follower did not close cleanly; recovering the map file",
                    dir.resolve(OutboxMapFile.FILE_NAME));
            }
            file = openAfterStop(dir, capacity, lock.previousRunUnclean(), usableSpace);
            return new OutboxMirror(journalDir, lock, file, reader);
        }
        catch (final RuntimeException | Error ex)
        {
            if (file != null)
            {
                file.close();
            }
            if (lock != null)
            {
                // A map that never opened keeps the previous run's verdict: recovery is still due if it was.
                if (file != null || !lock.previousRunUnclean())
                {
                    lock.markClean();
                }
                lock.close();
            }
            reader.close();
            throw ex;
        }
    }

    /** @return {@value #ROLE_NAME}: the name {@code AgentRunner.startOnThread} gives the follower thread. */
    @Override
    public String roleName()
    {
        return ROLE_NAME;
    }

    /** Binds the journal cursor to the runner's thread (Chronicle tailers belong to one thread). */
    @Override
    public void onStart()
    {
        claimThread();
    }

    /**
     * Applies the next journal excerpts (up to {@link #BATCH}) and checkpoints. Never throws: a failure is
     * logged once and stops following (see {@link #failure()}).
     *
     * @return excerpts read: 0 when the mirror is up to date (the idle strategy backs off), failed or closed.
     */
    @Override
    public int doWork()
    {
        if (failure != null || closed)
        {
            return 0;
        }
        claimThread();
        int read = 0;
        try
        {
            read = reader.poll(applier, BATCH);
            if (read > 0)
            {
                applier.checkpoint();
            }
        }
        catch (final RuntimeException ex)
        {
            fail(ex);
        }
        publish();
        return read;
    }

    /** Closes the mirror on the runner's thread when the runner stops. */
    @Override
    public void onClose()
    {
        close();
    }

    /**
     * Applies everything the journal holds now, on the calling thread.
     *
     * @return journal excerpts read (each one advances the checkpoint, whether or not it concerns the outbox).
     * @throws OutboxMirrorException when applying failed (now or earlier), naming the file and the cause.
     */
    public int catchUp()
    {
        int total = 0;
        do
        {
            total += doWork();
            throwIfFailed();
        }
        while (!closed && !reader.caughtUp());
        return total;
    }

    /** @return journal index of the last excerpt applied (and checkpointed), or -1 before the first. */
    public long appliedIndex()
    {
        return appliedIndex;
    }

    /**
     * @param key the raw 32-byte idempotency key.
     * @return the key's state, or null when the mirror has not seen the key (yet). Allocates: off the hot path.
     * @throws IllegalArgumentException when the key is not 32 bytes.
     */
    public OutboxRecord lookup(final byte[] key)
    {
        requireOpen();
        return file.lookup(key);
    }

    /**
     * @param keyHex the key as the platform writes it: 64 hex digits.
     * @return the key's state, or null when the mirror has not seen the key (yet).
     * @throws IllegalArgumentException when the text is not 64 hex digits.
     */
    public OutboxRecord lookup(final String keyHex)
    {
        return lookup(parseKey(keyHex));
    }

    /** @return keys mirrored. */
    public long size()
    {
        requireOpen();
        return file.size();
    }

    /** @return keys the map file was created for (see the class comment for what fits beyond). */
    public long capacity()
    {
        return file.capacity();
    }

    /** @return the map file. */
    public Path file()
    {
        return file.file();
    }

    /** @return excerpts read by this instance (not counting the one re-read to verify the checkpoint). */
    public long excerptsRead()
    {
        return excerptsRead;
    }

    /** @return events that changed an entry, in this instance. */
    public long eventsApplied()
    {
        return eventsApplied;
    }

    /** @return events skipped because their entry already had them (re-read after a lagging checkpoint). */
    public long eventsSkipped()
    {
        return eventsSkipped;
    }

    /** @return broker reports and duplicates naming a key the mirror does not hold, in this instance. */
    public long unmatchedReports()
    {
        return unmatchedReports;
    }

    /** @return what stopped the follower, or null while it follows. */
    public Throwable failure()
    {
        return failure;
    }

    /** @return true when the previous follower had not closed cleanly and the map was opened with recovery. */
    public boolean recoveredOnOpen()
    {
        return recoveredOnOpen;
    }

    /**
     * Checkpoints, closes the map and the journal cursor, and releases the follower lock, marking the close
     * clean. Idempotent. Stop the follower thread first (closing the runner does both).
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            reader.close();
            if (failure == null)
            {
                applier.checkpoint();
            }
            file.close();
            lock.markClean();
        }
        finally
        {
            lock.close();
        }
    }

    @Override
    public String toString()
    {
        return "OutboxMirror{" + file.file() + ", appliedIndex=" + appliedIndex + (failure != null ? ", failed" : "") +
            "}";
    }

    static byte[] parseKey(final String keyHex)
    {
        Objects.requireNonNull(keyHex, "keyHex");
        if (keyHex.length() != EntryLayout.KEY_SIZE * 2)
        {
            throw new IllegalArgumentException("an idempotency key is " + EntryLayout.KEY_SIZE * 2 +
                " hex digits, not '" + keyHex + "'");
        }
        try
        {
            return HexFormat.of().parseHex(keyHex);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("an idempotency key is " + EntryLayout.KEY_SIZE * 2 +
                " hex digits, not '" + keyHex + "'", ex);
        }
    }

    /** Chronicle tailers are bound to one thread: hand the cursor over when the following thread changes. */
    private void claimThread()
    {
        final Thread current = Thread.currentThread();
        if (current != followerThread)
        {
            reader.assignToCurrentThread();
            followerThread = current;
        }
    }

    private void resumeAfterCheckpoint()
    {
        final long checkpoint = applier.wholeIndex();
        if (checkpoint < 0)
        {
            reader.toStart();
            return;
        }
        final Path mapFile = file.file();
        if (!reader.toIndex(checkpoint))
        {
            // Never the REBUILD advice here: a journal that lost its end would be "fixed" into re-sending orders.
            throw OutboxMirrorException.checkpointNotInJournal(mapFile, checkpoint, journalDirectory);
        }
        final Fingerprint found = new Fingerprint();
        reader.poll(found, 1);
        if (found.time != applier.checkpointTime() || found.length != applier.checkpointLength())
        {
            throw new OutboxMirrorException(mapFile, "outbox mirror file " + mapFile + " was built from another " +
                "journal: at its checkpoint index " + checkpoint + " (0x" + Long.toHexString(checkpoint) + ") it " +
                "recorded an excerpt of " + applier.checkpointLength() + " bytes at time " + applier.checkpointTime() +
                ", but journal " + journalDirectory + " holds one of " + found.length + " bytes at time " + found.time +
                "; " + OutboxMirrorException.REBUILD, null);
        }
    }

    private void fail(final RuntimeException ex)
    {
        failure = ex;
        // Keep what was applied before the failing excerpt, so a restart resumes from there.
        try
        {
            applier.checkpoint();
        }
        catch (final RuntimeException checkpointFailure)
        {
            ex.addSuppressed(checkpointFailure);
        }
        LOG.error("outbox mirror {} stopped following journal {} at index {} (0x{}); lookups answer as of index {}. " +
            "The engine is unaffected: the journal is the source of truth.", file.file(), journalDirectory,
            reader.index(), Long.toHexString(reader.index()), applier.lastIndex(), ex);
    }

    private void throwIfFailed()
    {
        final Throwable cause = failure;
        if (cause != null)
        {
            throw new OutboxMirrorException(file.file(), "outbox mirror file " + file.file() + " stopped following " +
                "journal " + journalDirectory + " after index " + appliedIndex + ": " + cause.getMessage(), cause);
        }
    }

    private void requireOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("outbox mirror " + file.file() + " is closed");
        }
    }

    /**
     * Also publishes the last journal index applied to {@code counter} (the engine's {@code outbox mirror position},
     * so an operator sees the mirror's lag behind the journal); call before the follower's thread starts.
     */
    public void publishPositionTo(final AtomicCounter counter)
    {
        counter.setOrdered(applier.lastIndex());
        this.positionCounter = counter;
    }

    /** Ordered (release) stores, once per duty cycle: the follower is these fields' only writer. */
    private void publish()
    {
        if (positionCounter != null)
        {
            positionCounter.setOrdered(applier.lastIndex());
        }
        EXCERPTS_READ.setRelease(this, applier.excerptsRead());
        EVENTS_APPLIED.setRelease(this, applier.eventsApplied());
        EVENTS_SKIPPED.setRelease(this, applier.eventsSkipped());
        UNMATCHED_REPORTS.setRelease(this, applier.unmatchedReports());
        APPLIED_INDEX.setRelease(this, applier.lastIndex()); // last: a reader that sees it sees the rest
    }

    private static VarHandle varHandle(final String field)
    {
        try
        {
            return MethodHandles.lookup().findVarHandle(OutboxMirror.class, field, long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** Reads the fingerprint of the excerpt at the checkpoint, the way the applier recorded it. */
    private static final class Fingerprint implements JournalConsumer
    {
        long time = MessageTimes.UNKNOWN;
        int length = Integer.MIN_VALUE;

        @Override
        public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
        {
            this.time = MessageTimes.timeOf(buffer, offset, length);
            this.length = length;
        }

        @Override
        public void onInvalid(final long index, final RecordError error, final String detail)
        {
            this.time = MessageTimes.UNKNOWN;
            this.length = -1;
        }
    }
}

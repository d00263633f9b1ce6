package io.noctria.journal;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The single writer of one queue directory: appends one frame per excerpt ({@link JournalFrame}, journal format
 * 2) and returns its index.
 * <p>
 * One {@code Journal} per directory across all processes: {@link #open} takes an OS lock on
 * {@code noctria-writer.lock} and fails while another writer holds it. Appends come from one
 * thread (which need not be the one that opened it); {@link #lastIndex()} belongs to that thread too.
 * <p>
 * {@link #append} frames one message and appends it; the engine's business thread appends an input with its
 * events as one frame: {@link #beginFrame} opens the excerpt and tells its index (which the events carry), the
 * core runs, {@link #commitFrame} writes the sealed frame. Either way the excerpt is whole or absent: a crash
 * cannot leave part of a frame (Chronicle never shows a document that was not completed), and it is visible to
 * readers in this and other processes when the call returns. No allocation in steady state. Durability is the page cache's: Chronicle does not fsync
 * each excerpt, so a machine crash (not a process crash) can lose the most recent ones.
 */
public final class Journal implements AutoCloseable
{
    /** Index value meaning "none": an empty journal's {@link #lastIndex()}, and nothing read yet. */
    public static final long NO_INDEX = -1;

    static
    {
        ChronicleEnvironment.configure();
    }

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final Path directory;
    private final JournalConfig config;
    private final WriterLock writerLock;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final RollCycle rollCycle;
    private final JournalFrame single = new JournalFrame(512);
    private DocumentContext openFrame;
    private long lastIndex;
    private int lastCycle;
    private boolean closed;

    private Journal(
        final Path directory,
        final JournalConfig config,
        final WriterLock writerLock,
        final SingleChronicleQueue queue)
    {
        this.directory = directory;
        this.config = config;
        this.writerLock = writerLock;
        this.queue = queue;
        this.rollCycle = queue.rollCycle();
        this.appender = queue.createAppender();
        this.lastIndex = queue.lastIndex();
        this.lastCycle = lastIndex == NO_INDEX ? Integer.MIN_VALUE : rollCycle.toCycle(lastIndex);
        // Chronicle binds an appender to the first thread that uses it: let the appending thread claim it.
        appender.singleThreadedCheckReset();
    }

    /**
     * Opens (creating if needed) the queue in {@code dir} for appending. A new directory, and its
     * missing parents, are created owner-only (rwx------); the files Noctria creates are rw-------.
     * Reopening an existing queue continues its index after the last excerpt.
     *
     * @throws IllegalStateException when another writer holds the directory, or the queue was created
     *                               with a different roll cycle than {@code config} names.
     * @throws UncheckedIOException  when the directory or its lock cannot be created.
     */
    public static Journal open(final Path dir, final JournalConfig config)
    {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(config, "config");
        if (Files.exists(dir) && !Files.isDirectory(dir))
        {
            throw new IllegalArgumentException("journal path " + dir + " exists and is not a directory");
        }
        OwnerOnlyFiles.createDirectories(dir);
        OwnerOnlyFiles.requireOwnerOnlyQueueDirectory(dir);

        final WriterLock writerLock = config.sharedWriters() ? null : WriterLock.take(dir);
        SingleChronicleQueue queue = null;
        try
        {
            if (writerLock != null)
            {
                // Only the lock holder may: a shared writer cannot tell a torn file from one being created.
                for (final String torn : TornCycleFiles.remove(dir))
                {
                    LOG.warn("journal {}: removed cycle file {}: a writer killed while creating it left its header " +
                        "unfinished, so it held no excerpt", dir, torn);
                }
            }
            else
            {
                // ...except by its age: an old one is what Chronicle would move aside after its 10-50 s wait.
                for (final String torn : TornCycleFiles.moveAsideAbandoned(dir, System.currentTimeMillis()))
                {
                    LOG.warn("journal {}: moved cycle file {} aside: its header is unfinished, a writer killed while " +
                        "creating it left it, and it held no excerpt", dir, torn);
                }
            }
            final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(config.chronicleRollCycle())
                .storeFileListener(StoreFileListener.noOp());
            if (config.clock() != null)
            {
                builder.timeProvider(config.clock());
            }
            queue = builder.build();
            final RollCycle actual = queue.rollCycle();
            if (!actual.format().equals(config.chronicleRollCycle().format()))
            {
                throw new IllegalStateException("journal " + dir + " was created with roll cycle " + actual +
                    " but the configuration asks for " + config.rollCycle() +
                    "; a queue's roll cycle cannot change (configure " + actual + " or use a new directory)");
            }
            OwnerOnlyFiles.restrictToOwner(dir.resolve(QueueFiles.METADATA_FILE));
            return new Journal(dir, config, writerLock, queue);
        }
        catch (final RuntimeException | Error ex)
        {
            closeQuietly(queue, writerLock);
            throw ex;
        }
    }

    /**
     * Creates the queue in {@code dir} for the process that reads it while others write it, unless it exists; an
     * existing one is refused, as by {@link #open}, when group or others can reach it. An existing queue is not
     * opened: a shared open would wait on a cycle file that a killed writer left torn ({@link TornCycleFiles})
     * until that writer's next start removes it.
     *
     * @throws IllegalStateException naming the directory and its mode when it is not owner-only, or as
     *                               {@link #open} when it has to create the queue.
     * @throws UncheckedIOException  as {@link #open}.
     */
    public static void createIfMissing(final Path dir)
    {
        if (QueueFiles.isQueue(dir))
        {
            OwnerOnlyFiles.requireOwnerOnlyQueueDirectory(dir);
        }
        else
        {
            open(dir, JournalConfig.defaults().withSharedWriters()).close();
        }
    }

    /**
     * Appends {@code buffer[offset, offset + length)}, one complete SBE message (header included), as a frame of
     * its own. Allocation-free in steady state.
     *
     * @return the excerpt's index: greater than every index appended before, in this run or earlier
     * ones; consecutive within a cycle, jumping to the next cycle's base when the cycle rolls.
     * @throws IllegalArgumentException  when {@code length} is not positive.
     * @throws IndexOutOfBoundsException when the range lies outside the buffer.
     */
    public long append(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length <= 0)
        {
            throw new IllegalArgumentException("a journal excerpt needs at least one byte, length=" + length);
        }
        buffer.boundsCheck(offset, length);
        single.reset().add(buffer, offset, length);
        final long index = beginFrame();
        commitFrame(single);
        return index;
    }

    /**
     * Opens the next excerpt, whose index is known from now on: the input and the events built into a
     * {@link JournalFrame} carry it. Readers see nothing of it until {@link #commitFrame}; {@link #abortFrame}
     * leaves no trace.
     *
     * @return the index the frame will have.
     * @throws IllegalStateException when a frame is already open.
     */
    public long beginFrame()
    {
        if (openFrame != null)
        {
            throw new IllegalStateException("journal " + directory + ": a frame is already open");
        }
        final DocumentContext dc = appender.writingDocument();
        openFrame = dc;
        return dc.index();
    }

    /**
     * Seals {@code frame} and writes it as the excerpt {@link #beginFrame} opened.
     *
     * @return the excerpt's index (the one {@link #beginFrame} returned).
     * @throws IllegalStateException when no frame is open.
     */
    public long commitFrame(final JournalFrame frame)
    {
        final DocumentContext dc = openFrame;
        if (dc == null)
        {
            throw new IllegalStateException("journal " + directory + ": no frame is open");
        }
        openFrame = null;
        final int length = frame.seal();
        final DirectBuffer bytes = frame.buffer();
        try (dc)
        {
            try
            {
                // The staging buffer is off-heap: one copy into the memory-mapped cycle file.
                dc.wire().bytes().unsafeWrite(bytes.addressOffset(), length);
            }
            catch (final RuntimeException | Error ex)
            {
                // A write that failed half way is discarded, never committed as a torn excerpt.
                dc.rollbackOnClose();
                throw ex;
            }
        }
        final long index = appender.lastIndexAppended();
        final int cycle = rollCycle.toCycle(index);
        if (cycle != lastCycle)
        {
            lastCycle = cycle;
            onNewCycleFile();
        }
        lastIndex = index;
        return index;
    }

    /** Discards the frame {@link #beginFrame} opened (the step that was to fill it failed); no-op when none. */
    public void abortFrame()
    {
        final DocumentContext dc = openFrame;
        if (dc != null)
        {
            openFrame = null;
            dc.rollbackOnClose();
            dc.close();
        }
    }

    /** @return index of the last excerpt in the queue (appended by this or an earlier writer), or {@link #NO_INDEX}. */
    public long lastIndex()
    {
        return lastIndex;
    }

    /** @return the queue directory. */
    public Path directory()
    {
        return directory;
    }

    /** @return the configuration this journal was opened with. */
    public JournalConfig config()
    {
        return config;
    }

    /**
     * Hands the journal to the calling thread: Chronicle appenders are bound to one thread, so the
     * single writer calls this when ownership moves (start-up thread → business thread → shutdown
     * thread). The previous owner must have stopped appending (a happens-before edge such as a thread
     * start or join is the caller's responsibility).
     */
    public void assignToCurrentThread()
    {
        appender.singleThreadedCheckReset();
    }

    /** Closes the queue and releases the writer lock; idempotent. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        appender.singleThreadedCheckReset();
        abortFrame(); // a frame left open by a failed step is discarded, never half-written
        appender.close();
        closeQuietly(queue, writerLock);
    }

    @Override
    public String toString()
    {
        return "Journal{" + directory + ", " + config + ", lastIndex=" + lastIndex + "}";
    }

    /** A cycle file was just created by the appender with the process umask: make it owner-only. Once per roll. */
    private void onNewCycleFile()
    {
        final File file = appender.currentFile();
        if (file == null)
        {
            return;
        }
        try
        {
            OwnerOnlyFiles.restrictToOwner(file.toPath());
        }
        catch (final RuntimeException ex)
        {
            // The excerpt is already appended: failing the append now would misreport it. The owner-only
            // directory still keeps other users out.
            LOG.warn("journal {}: could not make cycle file {} owner-only", directory, file, ex);
        }
    }

    private static void closeQuietly(final SingleChronicleQueue queue, final WriterLock writerLock)
    {
        if (queue != null)
        {
            queue.close();
        }
        if (writerLock != null)
        {
            writerLock.close();
        }
    }
}

package io.noctria.journal;

import io.noctria.codecs.MessageTimes;
import io.noctria.codecs.MessageValidator;
import io.noctria.codecs.RecordError;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A read-only cursor over a queue written by a {@link Journal}, in this or another process.
 * <p>
 * <b>Read-only</b>: opening maps the queue's files read-only and never creates, extends or modifies
 * anything in the directory (not even Chronicle's {@code metadata.cq4t}); a path without a queue is a
 * {@link JournalNotFoundException}, never an empty queue. Any number of readers may follow one writer.
 * <p>
 * <b>Reading</b>: {@link #poll} hands each excerpt, in index order, to a {@link JournalConsumer}: a frame
 * (journal format 2) is verified whole first (header, length, CRC32C, every message: {@link FrameVerifier}), then
 * its messages go to {@code onMessage} one by one as views of the mapped file, all with the frame's index; a
 * queue written before frames (its first excerpt is not one) is read one message per excerpt. Anything else goes
 * to {@code onInvalid} with its index and {@link io.noctria.codecs.RecordError}: a frame that is not whole
 * ({@code DAMAGED}), an excerpt without a frame header in a framed queue ({@code UNFRAMED}), an unreadable
 * message. A bad excerpt never stops the reader and is never skipped silently; an excerpt Chronicle itself cannot
 * delimit (a damaged length header) is a {@link JournalDamagedException} naming its index. Polling valid
 * excerpts does not allocate. A cycle file whose header a killed writer left unfinished ({@link TornCycleFiles})
 * is an end: the first one or two polls that meet it return nothing after Chronicle's header wait
 * ({@link #HEADER_WAIT_MS} ms, twice a poll) and log a WARN; later polls return nothing at once, reading only the
 * file's header word, until the writer's next start replaces the file; {@link #toEnd} stops before it; opening
 * warns of it.
 * <p>
 * <b>Positions</b>: a new reader is at the start. {@link #index()} is where the next read starts;
 * {@link #lastReadIndex()} is the index of the last excerpt delivered. To resume after a known
 * excerpt, {@link #toIndex} it and poll once to pass it.
 * <p>
 * Not thread-safe: one thread polls (it need not be the one that opened the reader).
 */
public final class JournalReader implements AutoCloseable
{
    static
    {
        ChronicleEnvironment.configure();
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JournalReader.class);

    /**
     * How long Chronicle waits, each time, for the header of a cycle file that is not complete yet before it treats
     * the cycle as absent (the next poll asks again). A writer completes a new file's header within microseconds;
     * one killed while doing so leaves it torn ({@link TornCycleFiles}) until its next start removes the file, and
     * with Chronicle's default of 10 s every poll that reached that file took 20 s and an open or a move to the end
     * as long. A reader loses nothing by asking again.
     */
    static final long HEADER_WAIT_MS = 20;
    private static final long HEADER_WAIT_NS = HEADER_WAIT_MS * 1_000_000L;

    private final Path directory;
    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    private final ExcerptTailer tailer;
    private final ExcerptTailer probe;
    private final MessageValidator validator = new MessageValidator();
    private final FrameVerifier frames = new FrameVerifier();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer seekView = new UnsafeBuffer(0, 0);
    private final QueueSeek seek;
    private long lastReadIndex = Journal.NO_INDEX;
    private int lastExcerptLength = -1;
    /** The cycle file whose size {@link #sizedFileLength} is: an excerpt must end inside it. */
    private MappedFile sizedFile;
    private long sizedFileLength;
    /** Whether the queue's first excerpt is a frame (format 2); null while the queue is empty. */
    private Boolean framed;
    private boolean caughtUp;
    /** The torn cycle file the last poll stopped before, watched until its writer replaces it; else null. */
    private Path tornAhead;
    private boolean closed;

    private JournalReader(final Path directory, final SingleChronicleQueue queue)
    {
        this.directory = directory;
        this.queue = queue;
        this.rollCycle = queue.rollCycle();
        this.tailer = queue.createTailer();
        // Seeks run on a second tailer so a failed toIndex leaves the reading position untouched.
        this.probe = queue.createTailer();
        this.seek = new QueueSeek(queue, probe);
        // Chronicle binds a tailer to the first thread that uses it: let the polling thread claim them.
        tailer.singleThreadedCheckReset();
        probe.singleThreadedCheckReset();
        framed = firstExcerptFramed();
        probe.singleThreadedCheckReset();
    }

    /**
     * Opens the queue in {@code dir} read-only, positioned at its start.
     *
     * @throws JournalNotFoundException when {@code dir} is missing, not a directory, or holds no queue.
     */
    public static JournalReader open(final Path dir)
    {
        Objects.requireNonNull(dir, "dir");
        // Chronicle's read-only builder would mkdirs() a missing directory: check first.
        if (!Files.isDirectory(dir))
        {
            throw new JournalNotFoundException(dir, Files.exists(dir) ? "not a directory" : "no such directory");
        }
        if (!QueueFiles.isQueue(dir))
        {
            throw new JournalNotFoundException(dir, "the directory has no " + QueueFiles.METADATA_FILE +
                ", so no queue was ever created in it");
        }
        final String exposed = OwnerOnlyFiles.queueDirectoryProblem(dir);
        if (exposed != null)
        {
            // Reading changes nothing, so a reader only warns; writers refuse such a directory (Journal#open).
            LOG.warn("{}", exposed);
        }
        for (final Path torn : TornCycleFiles.find(dir))
        {
            LOG.warn("journal {}: cycle file {} has an unfinished header: a writer is creating it this instant, or " +
                "was killed while creating it (then it holds no excerpt, and the queue's writer removes it at its " +
                "next start); reading stops before it until then", dir, torn.getFileName());
        }
        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(dir)
            .readOnly(true)
            .timeoutMS(HEADER_WAIT_MS)
            .storeFileListener(StoreFileListener.noOp());
        // The metadata holds the real roll cycle and Chronicle adopts it, but warns when the builder's
        // differs: name the right one up front so tools print no warning.
        final RollCycle detected = detectRollCycle(dir);
        if (detected != null)
        {
            builder.rollCycle(detected);
        }
        return new JournalReader(dir, builder.build());
    }

    /** Positions before the first excerpt. */
    public JournalReader toStart()
    {
        tornAhead = null;
        tailer.toStart();
        return this;
    }

    /** Positions after the last excerpt: the next poll returns only excerpts appended from now on. */
    public JournalReader toEnd()
    {
        tornAhead = null;
        tailer.toEnd();
        return this;
    }

    /**
     * Positions so the next poll returns the excerpt at {@code index} first.
     *
     * @return false, with the position unchanged, when no excerpt has that index.
     */
    public boolean toIndex(final long index)
    {
        tornAhead = null;
        return probe.moveToIndex(index) && tailer.moveToIndex(index);
    }

    /**
     * Positions so the next polls return the last {@code n} excerpts, then whatever is appended after;
     * all of them when there are fewer than {@code n}; the end when {@code n <= 0}. Costs one index
     * lookup per cycle visited, not a scan.
     */
    public JournalReader toLast(final int n)
    {
        tornAhead = null;
        if (n <= 0)
        {
            tailer.toEnd();
            return this;
        }
        final long[] cycles = seek.cycles();
        long remaining = n;
        for (int i = cycles.length - 1; i >= 0; i--)
        {
            final int cycle = (int)cycles[i];
            final long count = probe.excerptsInCycle(cycle);
            if (count >= remaining && tailer.moveToIndex(rollCycle.toIndex(cycle, count - remaining)))
            {
                return this;
            }
            remaining -= Math.max(count, 0);
        }
        tailer.toStart();
        return this;
    }

    /**
     * Positions at the first excerpt whose {@link MessageTimes#timeOf time} is at or after
     * {@code epochNs}, assuming times do not decrease along the queue (true of the journal, whose
     * times are the engine's stamps). Excerpts without a readable time (invalid ones) sort with the
     * next excerpt that has one, so invalid excerpts just before the target are delivered too.
     * <p>
     * A binary search: over the queue's cycles by the time of each cycle's first excerpt, then over
     * sequence numbers within the one cycle that can hold the target. It reads O(log cycles +
     * log excerpts-per-cycle) excerpts (plus Chronicle's index lookup per probe), never the whole queue.
     *
     * @return true when positioned at such an excerpt; false when none exists yet and the reader is
     * at the end (it will deliver later appends).
     */
    public boolean toTime(final long epochNs)
    {
        tornAhead = null;
        final long index = seek.firstIndexAtOrAfter(epochNs);
        if (index == Journal.NO_INDEX || !tailer.moveToIndex(index))
        {
            tailer.toEnd();
            return false;
        }
        return true;
    }

    /**
     * Reads up to {@code limit} available excerpts, in index order, passing each to {@code consumer}:
     * valid messages to {@link JournalConsumer#onMessage}, anything else to
     * {@link JournalConsumer#onInvalid}. Returns at once when no excerpt is available.
     * <p>
     * When the consumer throws, the excerpt is not consumed (the next poll delivers it again) and
     * the exception propagates.
     *
     * @return how many excerpts were delivered.
     */
    public int poll(final JournalConsumer consumer, final int limit)
    {
        if (tornAhead != null)
        {
            if (TornCycleFiles.isStillTorn(tornAhead))
            {
                caughtUp = true;
                return 0;
            }
            tornAhead = null;
        }
        // Timed only after a poll that found nothing: no clock read while excerpts flow; a reader that meets a torn
        // file right after reading pays Chronicle's wait once more before it stops asking.
        final boolean timed = caughtUp;
        final long startNs = timed ? System.nanoTime() : 0;
        int delivered = 0;
        while (delivered < limit)
        {
            try (DocumentContext dc = readingDocument())
            {
                if (!dc.isPresent())
                {
                    caughtUp = true;
                    if (timed && System.nanoTime() - startNs >= HEADER_WAIT_NS)
                    {
                        // Perhaps Chronicle waited on an unfinished header: if it is a torn file, stop asking.
                        tornAhead = tornFileAhead();
                    }
                    return delivered;
                }
                final long index = dc.index();
                final int length = excerpt(index, dc.wire().bytes());
                try
                {
                    dispatch(consumer, index, length);
                }
                catch (final RuntimeException | Error ex)
                {
                    dc.rollbackOnClose();
                    throw ex;
                }
                lastReadIndex = index;
                lastExcerptLength = length;
            }
            delivered++;
        }
        caughtUp = false;
        return delivered;
    }

    /**
     * @return true when the last {@link #poll} stopped because no further excerpt was available
     * (rather than at its limit): a follower has caught up with the writer for now.
     */
    public boolean caughtUp()
    {
        return caughtUp;
    }

    /**
     * @return the index the next poll starts from. It is the next excerpt's index when that excerpt is
     * in the current cycle; after the last excerpt of a cycle, or at the end, it is the last read
     * index + 1, although the next excerpt may be appended in a later cycle with a larger index.
     * Compare indexes for order; do not count excerpts by subtracting them.
     */
    public long index()
    {
        return tailer.index();
    }

    /** @return the index of the last excerpt delivered by {@link #poll}, or {@link Journal#NO_INDEX}. */
    public long lastReadIndex()
    {
        return lastReadIndex;
    }

    /** @return the length in bytes of the last excerpt delivered (a whole frame, header included), or -1. */
    public int lastExcerptLength()
    {
        return lastExcerptLength;
    }

    /** @return the queue directory. */
    public Path directory()
    {
        return directory;
    }

    /**
     * Hands the reader to the calling thread: Chronicle tailers are bound to one thread, so a reader
     * positioned by one thread (e.g. during start-up recovery) is handed over before another polls it.
     * The previous thread must have stopped using it (thread start or join gives the happens-before).
     */
    public void assignToCurrentThread()
    {
        tailer.singleThreadedCheckReset();
        probe.singleThreadedCheckReset();
    }

    /** Releases the tailers and the queue. Idempotent. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        tailer.singleThreadedCheckReset();
        probe.singleThreadedCheckReset();
        tailer.close();
        probe.close();
        queue.close();
    }

    @Override
    public String toString()
    {
        return "JournalReader{" + directory + ", index=" + Long.toHexString(tailer.index()) + "}";
    }

    /** @return the torn cycle file polls stop before without asking Chronicle, or null. */
    Path tornAhead()
    {
        return tornAhead;
    }

    /** Excerpts read by seeks ({@link #toTime}) since the reader opened: the test's proof of O(log n). */
    long seekReads()
    {
        return seek.reads();
    }

    /**
     * @return whether the queue's first excerpt is a frame: then every excerpt must be one (format 2); false for a
     * queue written before frames (format 1); null while the queue is empty.
     */
    public Boolean framed()
    {
        return framed;
    }

    /** Opens the next excerpt; an unreadable queue header (a damaged file) is reported with the position. */
    private DocumentContext readingDocument()
    {
        try
        {
            return tailer.readingDocument();
        }
        catch (final RuntimeException | InternalError ex)
        {
            throw new JournalDamagedException(directory, tailer.index(), "the queue's excerpt header cannot be " +
                "read (" + ex + ")", ex);
        }
    }

    /** Points {@link #view} at the excerpt; bytes Chronicle cannot map (a damaged length) are reported. */
    private int excerpt(final long index, final Bytes<?> bytes)
    {
        requireInFile(index, bytes);
        try
        {
            return wrap(view, bytes);
        }
        catch (final RuntimeException | InternalError ex)
        {
            throw new JournalDamagedException(directory, index, "the excerpt's bytes cannot be read (" + ex + ")", ex);
        }
    }

    /**
     * A damaged Chronicle length header can claim an excerpt that runs past the end of its cycle file: reading it
     * (the checksum reads every byte) would fault outside the mapping and kill the JVM (SIGSEGV, seen with one
     * flipped bit 29), and nothing after it can be delimited. The file's size is asked again only when an excerpt
     * seems to end beyond the size last seen (the writer grows the file), so a valid excerpt costs a comparison.
     */
    private void requireInFile(final long index, final Bytes<?> bytes)
    {
        if (!(bytes instanceof MappedBytes))
        {
            return;
        }
        final long end = bytes.readPosition() + bytes.readRemaining();
        final MappedFile file = ((MappedBytes)bytes).mappedFile();
        if (file == sizedFile && end <= sizedFileLength)
        {
            return;
        }
        sizedFile = file;
        sizedFileLength = file.actualSize();
        if (end > sizedFileLength)
        {
            throw new JournalDamagedException(directory, index, "its Chronicle header claims " + bytes.readRemaining() +
                " bytes from offset " + bytes.readPosition() + " of " + file.file() + ", past the file's end (" +
                sizedFileLength + " bytes): the excerpt's length header is damaged", null);
        }
    }

    private void dispatch(final JournalConsumer consumer, final long index, final int length)
    {
        if (FrameVerifier.isFrame(view, 0, length))
        {
            if (framed == null)
            {
                framed = Boolean.TRUE;
            }
            if (frames.verify(view, length))
            {
                final int count = frames.count();
                consumer.onFrame(index, count);
                for (int i = 0; i < count; i++)
                {
                    consumer.onMessage(index, view, frames.offset(i), frames.length(i));
                }
            }
            else
            {
                consumer.onInvalid(index, frames.error(), frames.detail());
            }
            return;
        }
        if (framed == null)
        {
            framed = Boolean.FALSE;
        }
        if (framed)
        {
            consumer.onInvalid(index, RecordError.UNFRAMED, "excerpt of " + length + " bytes has no frame header " +
                "in a queue whose excerpts are frames (journal format 2): its first bytes were changed, or a writer " +
                "of format 1 appended it");
        }
        else if (validator.validate(view, 0, length))
        {
            consumer.onMessage(index, view, 0, length);
        }
        else
        {
            consumer.onInvalid(index, validator.error(), validator.detail());
        }
    }

    /**
     * @return the first torn cycle file after the one being read (any, when none is), or null. Each poll that
     * reaches such a file costs Chronicle's header wait twice; polls skip Chronicle instead while it stays torn.
     */
    private Path tornFileAhead()
    {
        final File current = tailer.currentFile();
        final String after = current == null ? "" : current.getName();
        for (final Path torn : TornCycleFiles.find(directory))
        {
            if (torn.getFileName().toString().compareTo(after) > 0)
            {
                LOG.warn("journal {}: reading stops before cycle file {}, whose header is unfinished: its writer " +
                    "is slow to create it, or was killed while creating it (then its next start replaces it); " +
                    "reading goes on once the header is complete", directory, torn.getFileName());
                return torn;
            }
        }
        return null;
    }

    /** Reads the queue's first excerpt (if any) on the probe tailer: is it a frame? */
    private Boolean firstExcerptFramed()
    {
        probe.toStart();
        try (DocumentContext dc = probe.readingDocument())
        {
            if (!dc.isPresent())
            {
                return null;
            }
            final int length = wrap(seekView, dc.wire().bytes());
            return FrameVerifier.isFrame(seekView, 0, length);
        }
        catch (final RuntimeException | InternalError ex)
        {
            // Reported with its index when the tailer reaches it.
            return null;
        }
    }

    /**
     * Points {@code target} at the excerpt's bytes in place, in the memory-mapped cycle file: no copy.
     * A single-file queue's excerpts are always mapped memory.
     */
    static int wrap(final UnsafeBuffer target, final Bytes<?> bytes)
    {
        // Chronicle caps an excerpt at 1 GiB, so the length fits an int.
        final int length = (int)bytes.readRemaining();
        // The two-argument form guarantees the whole excerpt is contiguous in one mapping.
        target.wrap(bytes.addressForRead(bytes.readPosition(), length), length);
        return length;
    }

    private static RollCycle detectRollCycle(final Path dir)
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files
                .map(path -> path.getFileName().toString())
                .filter(name -> name.endsWith(QueueFiles.CYCLE_SUFFIX))
                .findFirst()
                .map(name -> JournalConfig.rollCycleOfFileName(
                    name.substring(0, name.length() - QueueFiles.CYCLE_SUFFIX.length())))
                .orElse(null);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list journal directory " + dir, ex);
        }
    }
}

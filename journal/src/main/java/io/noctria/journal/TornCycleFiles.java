package io.noctria.journal;

import net.openhft.chronicle.wire.Wires;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Cycle files that a writer killed while creating them left with an unfinished first header.
 * <p>
 * Chronicle creates a cycle file by writing its header word as "not complete", then the store's metadata, then
 * completing the word; excerpts come only after that. A {@code kill -9} between the first and last step leaves a
 * file that holds no excerpt, yet every process that opens the queue waits for its header: a read-only open 32 s,
 * a writer about 50 s, before Chronicle gives up and renames the file aside itself (measured on this machine with
 * the file a killed engine left in {@code broker-orders}; the crash harness's restarts took 38-54 s instead of
 * 3-5 s). The queue's one writer, holding the {@link WriterLock} so that no other writer can be creating a file,
 * removes such files before Chronicle opens the queue. A queue of shared writers ({@code inbound}) has no such holder:
 * a writer there moves a torn file aside only once it is {@link #ABANDONED_AFTER_MS} old, as Chronicle would after its
 * own wait ({@link #moveAsideAbandoned}).
 */
public final class TornCycleFiles
{
    /**
     * Age (by last modification) after which a shared writer treats a torn cycle file as abandoned. A live writer
     * completes the header microseconds after creating the file; Chronicle itself gives up on one after 10-50 s of
     * waiting from its own open, so this is more patient than Chronicle, never less.
     */
    public static final long ABANDONED_AFTER_MS = 60_000;
    /** What a file moved aside is renamed to end with, as Chronicle names the files it moves aside itself. */
    static final String DISCARD_SUFFIX = ".discard";

    private TornCycleFiles()
    {
    }

    /**
     * Moves aside (renames to {@code <name>.discard}) the torn cycle files of {@code dir} last modified at least
     * {@link #ABANDONED_AFTER_MS} before {@code nowMs}; younger ones may be a live writer's and are left alone. For a
     * writer without the directory's lock: another process may be moving the same file (that is not an error).
     *
     * @return the files moved, each with its age.
     * @throws UncheckedIOException when the directory or a cycle file cannot be read, or an old torn one moved.
     */
    static List<String> moveAsideAbandoned(final Path dir, final long nowMs)
    {
        final List<String> moved = new ArrayList<>();
        for (final Path file : find(dir))
        {
            try
            {
                final long ageMs = nowMs - Files.getLastModifiedTime(file).toMillis();
                if (ageMs >= ABANDONED_AFTER_MS)
                {
                    Files.move(file, file.resolveSibling(file.getFileName() + DISCARD_SUFFIX),
                        StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    moved.add(file.getFileName() + " (unchanged for " + ageMs / 1000 + " s)");
                }
            }
            catch (final NoSuchFileException ex)
            {
                // Another writer moved it first, or its writer's start removed it.
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot move the torn cycle file " + file + " aside", ex);
            }
        }
        return moved;
    }

    /**
     * Removes the torn cycle files of {@code dir}. Call only while holding the directory's {@link WriterLock}.
     *
     * @return the files removed, each with the header word it had.
     * @throws UncheckedIOException when the directory or a cycle file cannot be read, or a torn one removed.
     */
    static List<String> remove(final Path dir)
    {
        final List<String> removed = new ArrayList<>();
        for (final Path file : find(dir))
        {
            try
            {
                final long header = headerWord(file);
                Files.delete(file);
                removed.add(file.getFileName() + (header < 0 ? " (shorter than a header)" :
                    String.format(" (header word 0x%08x)", header)));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot remove the torn cycle file " + file, ex);
            }
        }
        return removed;
    }

    /**
     * @return the torn cycle files of {@code dir}, by name (so in cycle order); none is changed.
     * @throws UncheckedIOException when the directory or a cycle file cannot be read.
     */
    public static List<Path> find(final Path dir)
    {
        final List<Path> torn = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + QueueFiles.CYCLE_SUFFIX))
        {
            for (final Path file : files)
            {
                try
                {
                    if (isTorn(headerWord(file)))
                    {
                        torn.add(file);
                    }
                }
                catch (final NoSuchFileException ex)
                {
                    // Gone since the listing: a writer's start removed it, or Chronicle moved it aside.
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot check the cycle files of " + dir + " for torn headers", ex);
        }
        torn.sort(null);
        return torn;
    }

    /**
     * @param cycleFile a queue's cycle file.
     * @return true when its header was never completed, so it holds no excerpt (an empty file included).
     * @throws UncheckedIOException when it cannot be read.
     */
    public static boolean isTorn(final Path cycleFile)
    {
        try
        {
            return isTorn(headerWord(cycleFile));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the header of " + cycleFile, ex);
        }
    }

    /**
     * @param cycleFile a cycle file a reader stopped before.
     * @return true while it exists with its header unfinished; false once it is complete or gone (its writer
     * replaced it).
     * @throws UncheckedIOException when it exists but cannot be read.
     */
    static boolean isStillTorn(final Path cycleFile)
    {
        try
        {
            return isTorn(headerWord(cycleFile));
        }
        catch (final NoSuchFileException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the header of " + cycleFile, ex);
        }
    }

    /**
     * @return true when a file whose header word is {@code header} (-1: too short for one) holds no excerpt: Chronicle
     * calls the word not complete (its "not complete" bit set, or never written).
     */
    static boolean isTorn(final long header)
    {
        return header < 0 || Wires.isNotComplete((int)header);
    }

    /** @return the file's first four bytes as an unsigned little-endian int, or -1 when it is shorter. */
    private static long headerWord(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer word = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (word.hasRemaining())
            {
                if (channel.read(word, word.position()) < 0)
                {
                    return -1;
                }
            }
            return Integer.toUnsignedLong(word.getInt(0));
        }
    }
}

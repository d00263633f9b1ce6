package io.noctria.engine.runtime;

import io.noctria.journal.OwnerOnlyFiles;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The snapshot files of a data directory: {@code <data-dir>/snapshots/snapshot-<index>.bin}, the index being the
 * journal index the snapshot reflects as 16 hex digits (so names sort as indices do), owner-only. A snapshot is
 * written to a temporary name, forced to disk and renamed into place atomically, so a crash leaves either the
 * whole file or none under its name; only the newest {@link #KEEP} are kept. Whether a file is a valid snapshot is
 * the reader's call ({@code CoreSnapshot.problem}); this class only names, writes, lists and reads files.
 */
final class SnapshotStore
{
    /** Snapshots kept: the newest, and older ones to fall back to when it does not verify. */
    static final int KEEP = 3;
    static final String DIRECTORY = "snapshots";
    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".bin";
    private static final String TEMPORARY = ".tmp";

    private final Path dir;

    private SnapshotStore(final Path dir)
    {
        this.dir = dir;
    }

    /** Opens (creating it owner-only when missing) the snapshot directory of {@code dataDir}. */
    static SnapshotStore open(final Path dataDir)
    {
        final Path dir = dataDir.resolve(DIRECTORY);
        OwnerOnlyFiles.createDirectories(dir);
        return new SnapshotStore(dir);
    }

    Path directory()
    {
        return dir;
    }

    /** @return the file name of the snapshot reflecting {@code journalIndex}. */
    static String fileName(final long journalIndex)
    {
        return PREFIX + String.format("%016x", journalIndex) + SUFFIX;
    }

    /**
     * Writes {@code image[0, length)} as the snapshot of {@code journalIndex} (replacing one of the same index),
     * durably, then removes all but the newest {@link #KEEP}.
     *
     * @return the file written.
     */
    Path write(final DirectBuffer image, final int length, final long journalIndex) throws IOException
    {
        final Path target = dir.resolve(fileName(journalIndex));
        final Path temporary = dir.resolve(fileName(journalIndex) + TEMPORARY);
        Files.deleteIfExists(temporary);
        OwnerOnlyFiles.createFile(temporary);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE))
        {
            final byte[] array = image.byteArray();
            final ByteBuffer bytes;
            if (null != array)
            {
                bytes = ByteBuffer.wrap(array, (int)(image.addressOffset() - org.agrona.BufferUtil.ARRAY_BASE_OFFSET),
                    length);
            }
            else
            {
                final byte[] copy = new byte[length];
                image.getBytes(0, copy);
                bytes = ByteBuffer.wrap(copy);
            }
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
            channel.force(true);
        }
        try
        {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        prune();
        return target;
    }

    /** @return the snapshot files, newest (highest index) first; leftovers of interrupted writes are not listed. */
    List<Path> newestFirst() throws IOException
    {
        final List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir))
        {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX))
        {
            for (final Path file : entries)
            {
                if (indexOf(file) >= 0)
                {
                    files.add(file);
                }
            }
        }
        files.sort((a, b) -> Long.compare(indexOf(b), indexOf(a)));
        return files;
    }

    /** @return the journal index in a snapshot file's name, or -1 when the name is not one this store writes. */
    static long indexOf(final Path file)
    {
        final String name = file.getFileName().toString();
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX) ||
            name.length() != PREFIX.length() + 16 + SUFFIX.length())
        {
            return -1;
        }
        try
        {
            return Long.parseUnsignedLong(name.substring(PREFIX.length(), PREFIX.length() + 16), 16);
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    private void prune() throws IOException
    {
        final List<Path> files = newestFirst();
        for (int i = KEEP; i < files.size(); i++)
        {
            Files.deleteIfExists(files.get(i));
        }
    }
}

package io.noctria.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * File-level facts about a Chronicle queue directory and the owner-only permissions Noctria gives
 * what it creates: journals hold orders and keys, so neither group nor others may read them.
 */
final class QueueFiles
{
    /** Chronicle's queue metadata (roll cycle, directory listing, locks); its presence makes a queue. */
    static final String METADATA_FILE = "metadata.cq4t";
    /** Suffix of Chronicle's cycle files, one per roll cycle. */
    static final String CYCLE_SUFFIX = ".cq4";
    /** Held (OS file lock) by the one {@link Journal} writing the directory. */
    static final String WRITER_LOCK_FILE = "noctria-writer.lock";

    static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private QueueFiles()
    {
    }

    /** Creates {@code dir} and any missing parents as rwx------; an existing directory is left as it is. */
    static void createOwnerOnlyDirectories(final Path dir)
    {
        try
        {
            if (POSIX)
            {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
            }
            else
            {
                Files.createDirectories(dir);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create journal directory " + dir, ex);
        }
    }

    /** Attributes for a file created by Noctria: rw------- where POSIX permissions exist, none otherwise. */
    static FileAttribute<?>[] ownerOnlyFileAttributes()
    {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)} :
            new FileAttribute<?>[0];
    }

    /** Sets rw------- on a file Chronicle created with the process umask. */
    static void restrictToOwner(final Path file) throws IOException
    {
        if (POSIX && !Files.getPosixFilePermissions(file).equals(OWNER_FILE))
        {
            Files.setPosixFilePermissions(file, OWNER_FILE);
        }
    }

    /** @return true when {@code dir} holds Chronicle queue metadata. */
    static boolean isQueue(final Path dir)
    {
        return Files.isRegularFile(dir.resolve(METADATA_FILE));
    }
}

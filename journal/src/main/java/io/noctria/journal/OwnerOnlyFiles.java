package io.noctria.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Owner-only permissions for everything Noctria creates in a data directory (queues, the outbox
 * mirror): they hold every order, key and decision, so neither group nor others may read them.
 * Where the file system has no POSIX permissions the calls create plainly and restrict nothing.
 */
public final class OwnerOnlyFiles
{
    /** True when the default file system supports POSIX permissions. */
    public static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles()
    {
    }

    /**
     * Creates {@code dir} and any missing parents as rwx------; an existing directory is left as it is.
     *
     * @throws UncheckedIOException naming the directory.
     */
    public static void createDirectories(final Path dir)
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
            throw new UncheckedIOException("cannot create directory " + dir, ex);
        }
    }

    /**
     * Creates an empty rw------- file unless it exists, so a file a library fills later is never readable
     * by others, not even while it is being initialised.
     *
     * @throws UncheckedIOException naming the file.
     */
    public static void createFile(final Path file)
    {
        try
        {
            Files.createFile(file, attributes());
        }
        catch (final FileAlreadyExistsException exists)
        {
            // Reopening: the file is a previous run's.
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create file " + file, ex);
        }
    }

    /**
     * Sets rw------- on an existing file (e.g. one a library created with the process umask).
     *
     * @throws UncheckedIOException naming the file.
     */
    public static void restrictToOwner(final Path file)
    {
        try
        {
            if (POSIX && !Files.getPosixFilePermissions(file).equals(OWNER_FILE))
            {
                Files.setPosixFilePermissions(file, OWNER_FILE);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot make " + file + " owner-only", ex);
        }
    }

    /** @return attributes for creating a file: rw------- where POSIX permissions exist, none otherwise. */
    public static FileAttribute<?>[] attributes()
    {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)} :
            new FileAttribute<?>[0];
    }
}

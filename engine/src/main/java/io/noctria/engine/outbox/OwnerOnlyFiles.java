package io.noctria.engine.outbox;

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
 * Owner-only permissions for what the outbox mirror creates, as the journal gives its queues: the mirror
 * holds every order and key, so neither group nor others may read it. (The journal's own helper is
 * package-private to its module; these few lines are repeated rather than widening its API.)
 */
final class OwnerOnlyFiles
{
    static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles()
    {
    }

    /** Creates {@code dir} and any missing parents as rwx------; an existing directory is left as it is. */
    static void createDirectories(final Path dir)
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
            throw new UncheckedIOException("cannot create outbox mirror directory " + dir, ex);
        }
    }

    /**
     * Creates an empty rw------- file unless it exists: Chronicle Map treats an empty file as new and keeps
     * its permissions, so the map is never readable by others, not even while it is being initialised.
     */
    static void createFile(final Path file)
    {
        try
        {
            Files.createFile(file, attributes());
        }
        catch (final FileAlreadyExistsException exists)
        {
            // Reopening: the file is the previous run's.
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create outbox mirror file " + file, ex);
        }
    }

    /** Sets rw------- on an existing file, e.g. one an older build or a copy left with the umask's mode. */
    static void restrictToOwner(final Path file)
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
            throw new UncheckedIOException("cannot make outbox mirror file " + file + " owner-only", ex);
        }
    }

    /** Attributes for a file created here: rw------- where POSIX permissions exist, none otherwise. */
    static FileAttribute<?>[] attributes()
    {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)} :
            new FileAttribute<?>[0];
    }
}

package io.noctria.journal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Owner-only permissions for everything Noctria writes: queues, the outbox mirror, and every report or export
 * ({@code run --report}, {@code replay --out}, {@code postmortem --out}). They hold every order, key and
 * decision, so neither group nor others may read them, whatever the process umask: files are rw-------,
 * directories Noctria creates rwx------. Every file writer goes through {@link #writeString}, {@link #write} or
 * {@link #newBufferedWriter}. Where the file system has no POSIX permissions the calls create plainly and
 * restrict nothing.
 */
public final class OwnerOnlyFiles
{
    /** True when the default file system supports POSIX permissions. */
    public static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private static final Set<OpenOption> WRITE_OPTIONS =
        Set.of(StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);

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

    /**
     * Refuses a queue directory that group or others can read, enter or write (another user could read every
     * order and key, or rename a cycle file under the writer): writers call this before opening a queue.
     *
     * @throws IllegalStateException naming the directory, its mode and the command that fixes it.
     */
    public static void requireOwnerOnlyQueueDirectory(final Path dir)
    {
        final String problem = queueDirectoryProblem(dir);
        if (problem != null)
        {
            throw new IllegalStateException(problem);
        }
    }

    /**
     * @return why {@code dir} is not an owner-only directory (its mode and {@code chmod 700 DIR}), or null when
     * it is (or the file system has no POSIX permissions, or it does not exist). Readers warn with it.
     * @throws UncheckedIOException naming the directory when its permissions cannot be read.
     */
    public static String queueDirectoryProblem(final Path dir)
    {
        if (!POSIX || !Files.isDirectory(dir))
        {
            return null;
        }
        final Set<PosixFilePermission> mode;
        try
        {
            mode = Files.getPosixFilePermissions(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the permissions of " + dir, ex);
        }
        final Set<PosixFilePermission> others = EnumSet.copyOf(mode);
        others.removeAll(OWNER_DIRECTORY);
        if (others.isEmpty())
        {
            return null;
        }
        return "directory " + dir + " has mode " + PosixFilePermissions.toString(mode) +
            ": group or others may read its orders and keys or rename its files; make it owner-only with " +
            "`chmod 700 " + dir + "` (and check who else could have touched it)";
    }

    /**
     * Creates {@code dir} (rwx------, missing parents too) for report files, or leaves an existing one as it is.
     *
     * @throws UncheckedIOException naming the directory; also when {@code dir} exists and is not a directory.
     */
    public static void createReportDirectory(final Path dir)
    {
        if (Files.exists(dir) && !Files.isDirectory(dir))
        {
            throw new UncheckedIOException(new IOException("report directory " + dir + " exists and is not a directory"));
        }
        createDirectories(dir);
    }

    /**
     * Writes {@code text} as UTF-8 to {@code file}, replacing its content; the file is rw------- afterwards, also
     * when it existed with a wider mode or the umask is permissive.
     *
     * @throws IOException when the file cannot be written.
     */
    public static void writeString(final Path file, final CharSequence text) throws IOException
    {
        write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code file} like {@link #writeString}: rw------- whatever the umask. */
    public static void write(final Path file, final byte[] bytes) throws IOException
    {
        try (OutputStream out = newOutputStream(file))
        {
            out.write(bytes);
        }
    }

    /** @return a UTF-8 writer replacing {@code file}'s content, which is rw------- before the first byte lands. */
    public static BufferedWriter newBufferedWriter(final Path file) throws IOException
    {
        return new BufferedWriter(new OutputStreamWriter(newOutputStream(file), StandardCharsets.UTF_8.newEncoder()));
    }

    private static OutputStream newOutputStream(final Path file) throws IOException
    {
        // The attribute applies only when the file is created; an existing one is restricted before it is
        // truncated and written, so no byte of the new content is ever readable by others.
        createFile(file);
        restrictToOwner(file);
        return Channels.newOutputStream(Files.newByteChannel(file, WRITE_OPTIONS));
    }

    /** @return attributes for creating a file: rw------- where POSIX permissions exist, none otherwise. */
    public static FileAttribute<?>[] attributes()
    {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)} :
            new FileAttribute<?>[0];
    }
}

package io.noctria.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The steps every single-holder lock file of Noctria takes (the journal's {@link WriterLock}, the engine's outbox
 * mirror follower lock): open the file owner-only, try an exclusive OS lock without blocking, and release it.
 * The holders keep their own messages and what they store in the file; only the locking rules live here, so a
 * fix to them (e.g. how a lock already held in this JVM shows) reaches every lock at once.
 */
public final class FileLocks
{
    private FileLocks()
    {
    }

    /**
     * Opens the lock file, creating it rw------- when missing.
     *
     * @param file    the lock file.
     * @param options how to open it ({@code CREATE} and {@code WRITE} at least).
     * @param what    names the lock in the error, e.g. {@code "the writer lock"}.
     * @return the open channel; the caller closes it.
     * @throws UncheckedIOException "cannot open {@code <what> <file>}" when the file cannot be opened.
     */
    public static FileChannel openOwnerOnly(final Path file, final Set<StandardOpenOption> options, final String what)
    {
        try
        {
            return FileChannel.open(file, options, OwnerOnlyFiles.attributes());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open " + what + " " + file, ex);
        }
    }

    /** What a holder does with its open lock file: lock it, read or write its state, build the holder. */
    @FunctionalInterface
    public interface LockStep<T>
    {
        /**
         * @param channel the open lock file.
         * @return the holder.
         * @throws IOException when the file cannot be locked, read or written.
         */
        T apply(FileChannel channel) throws IOException;
    }

    /**
     * Runs the holder's steps on its open lock file, closing the file when they fail so that a failed attempt
     * leaves no lock and no open file behind (start-up only: the step is a lambda).
     *
     * @param channel the open lock file.
     * @param failure the message of the {@link UncheckedIOException} an {@link IOException} becomes.
     * @param step    what to do with the file.
     * @param <T>     the holder.
     * @return what {@code step} returned.
     */
    public static <T> T closeOnFailure(final FileChannel channel, final String failure, final LockStep<T> step)
    {
        try
        {
            return step.apply(channel);
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new UncheckedIOException(failure, ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(channel);
            throw ex;
        }
    }

    /**
     * Tries an exclusive lock of the whole file without blocking.
     *
     * @param channel the open lock file.
     * @return the lock, or null when it is held: by another process, or by this JVM (an OS lock belongs to the
     * process, so a second holder in the same JVM is refused like one in another process).
     * @throws IOException when the OS cannot take the lock for another reason.
     */
    public static FileLock tryLock(final FileChannel channel) throws IOException
    {
        try
        {
            return channel.tryLock();
        }
        catch (final OverlappingFileLockException ex)
        {
            return null;
        }
    }

    /**
     * Releases the lock and closes its channel; I/O errors are ignored, as closing the channel releases the lock
     * anyway and there is nothing more to release.
     *
     * @param lock    the lock taken by {@link #tryLock}.
     * @param channel its channel.
     */
    public static void release(final FileLock lock, final FileChannel channel)
    {
        try
        {
            lock.release();
        }
        catch (final IOException ex)
        {
            // Closing the channel below releases it anyway.
        }
        closeQuietly(channel);
    }

    /**
     * Closes a lock file's channel, ignoring I/O errors (used on the failure paths of taking a lock).
     *
     * @param channel the channel.
     */
    public static void closeQuietly(final FileChannel channel)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            // Nothing more to release.
        }
    }
}

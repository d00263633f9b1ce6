package io.noctria.engine.outbox;

import io.noctria.journal.FileLocks;
import io.noctria.journal.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one follower of a mirror directory, across processes: an OS lock on {@code mirror.lock}, whose content
 * also says whether the previous follower closed cleanly.
 * <p>
 * A follower killed while it held one of the map's segment locks (held for about a microsecond per update)
 * would leave that lock taken in the file, and the next opener would stall on it. The lock file reads
 * {@code open} from acquisition until a clean {@link #markClean close}; finding {@code open} when acquiring
 * means the last follower died, and the map is then opened with Chronicle Map's recovery.
 */
final class FollowerLock implements AutoCloseable
{
    /** The lock's file name inside the mirror directory. */
    static final String FILE_NAME = "mirror.lock";

    private static final byte[] OPEN = "open\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLEAN = "clean\n".getBytes(StandardCharsets.US_ASCII);
    private static final Set<StandardOpenOption> OPTIONS =
        EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean previousRunUnclean;

    private FollowerLock(final Path file, final FileChannel channel, final FileLock lock, final boolean unclean)
    {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.previousRunUnclean = unclean;
    }

    /**
     * Takes the follower lock of {@code dir} (which must exist) and marks the mirror open.
     *
     * @throws IllegalStateException when another follower, in this or another process, holds it.
     */
    static FollowerLock acquire(final Path dir)
    {
        final Path file = dir.resolve(FILE_NAME);
        final FileChannel channel = FileLocks.openOwnerOnly(file, OPTIONS, "outbox mirror lock");
        return FileLocks.closeOnFailure(channel, "cannot take outbox mirror lock " + file, open ->
        {
            OwnerOnlyFiles.restrictToOwner(file);
            final FileLock lock = tryLock(open, file);
            final ByteBuffer content = ByteBuffer.allocate(OPEN.length);
            open.read(content, 0);
            final boolean unclean = content.position() == OPEN.length && content.flip().equals(ByteBuffer.wrap(OPEN));
            rewrite(open, OPEN);
            return new FollowerLock(file, open, lock, unclean);
        });
    }

    /** @return true when the previous follower did not close cleanly (killed, or the machine stopped). */
    boolean previousRunUnclean()
    {
        return previousRunUnclean;
    }

    /** Records a clean close: call after the map is closed, before {@link #close}. */
    void markClean()
    {
        try
        {
            rewrite(channel, CLEAN);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot mark outbox mirror lock " + file + " clean", ex);
        }
    }

    /** Releases the lock. */
    @Override
    public void close()
    {
        FileLocks.release(lock, channel);
    }

    private static FileLock tryLock(final FileChannel channel, final Path file) throws IOException
    {
        final FileLock lock = FileLocks.tryLock(channel);
        if (lock == null)
        {
            throw new IllegalStateException("the outbox mirror in " + file.getParent() +
                " already has a follower (lock " + file + " is held): one follower per data directory");
        }
        return lock;
    }

    /** Writes the state durably: a few bytes and one fsync, at open and close only. */
    private static void rewrite(final FileChannel channel, final byte[] state) throws IOException
    {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(state), 0);
        channel.force(false);
    }
}

package io.noctria.engine.outbox;

import io.noctria.journal.OwnerOnlyFiles;
import io.noctria.journal.UsableSpace;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

import static io.noctria.engine.outbox.EntryLayout.KEY_SIZE;
import static io.noctria.engine.outbox.EntryLayout.LAYOUT_VERSION;
import static io.noctria.engine.outbox.EntryLayout.MAGIC;
import static io.noctria.engine.outbox.EntryLayout.META_CAPACITY;
import static io.noctria.engine.outbox.EntryLayout.META_CHECKPOINT_INDEX;
import static io.noctria.engine.outbox.EntryLayout.META_CHECKPOINT_LENGTH;
import static io.noctria.engine.outbox.EntryLayout.META_CHECKPOINT_TIME;
import static io.noctria.engine.outbox.EntryLayout.META_KEY;
import static io.noctria.engine.outbox.EntryLayout.META_LAYOUT_VERSION;
import static io.noctria.engine.outbox.EntryLayout.META_MAGIC;
import static io.noctria.engine.outbox.EntryLayout.META_VALUE_SIZE;
import static io.noctria.engine.outbox.EntryLayout.ORDER;
import static io.noctria.engine.outbox.EntryLayout.VALUE_SIZE;

/**
 * The persistent Chronicle Map behind the outbox mirror, opened and checked: {@code outbox.dat} in the mirror
 * directory, 32-byte keys and 256-byte values (see {@link EntryLayout}).
 * <p>
 * Chronicle Map keeps the configuration a file was created with and ignores the builder's when it reopens
 * one, so a file of other key/value types or sizes would open "successfully" and be misread. Every open
 * therefore checks the key and value classes and the meta entry (magic, layout version, value size), and
 * turns every failure into an {@link OutboxMirrorException} naming the file.
 * <p>
 * Chronicle Map is safe for concurrent use by threads and processes (per-segment locks live in the file);
 * only one process follows the journal ({@link FollowerLock}), any number may look keys up.
 */
final class OutboxMapFile implements AutoCloseable
{
    /** The map's file name inside the mirror directory. */
    static final String FILE_NAME = "outbox.dat";

    /**
     * Chronicle Map sizes segments for {@code entries} and may add overflow tiers up to this factor, growing
     * the file; past that an insert fails. 2 leaves room beyond the configured capacity (about three times it,
     * measured) without allocating it up front.
     */
    static final double MAX_BLOAT_FACTOR = 2.0;

    /**
     * Bytes a new map file takes per key of capacity, rounded up: Chronicle Map allocates (fallocate) the whole file
     * up front; measured 296 MiB for 16 × 65536 keys (296 bytes a key), 31.9 MB for 100 000 (318 a key) and 300 KiB
     * for 1000 (307 a key); 336 leaves about 5 % over the worst.
     */
    static final long BYTES_PER_KEY = 336;
    private static final long MIB = 1024L * 1024L;
    /** Plus the map's fixed part (header, segment tables), rounded up. */
    static final long FIXED_BYTES = 64 * 1024;

    private final Path file;
    private final ChronicleMap<byte[], byte[]> map;
    private final long capacity;

    private OutboxMapFile(final Path file, final ChronicleMap<byte[], byte[]> map, final long capacity)
    {
        this.file = file;
        this.map = map;
        this.capacity = capacity;
    }

    /**
     * Opens the mirror's map in {@code dir}, creating the directory (rwx------) and the file (rw-------) with
     * room for {@code capacity} keys when absent. {@code capacity} applies at creation only: an existing file
     * keeps the size it was made with.
     *
     * @param recover true after an unclean shutdown of the previous follower: Chronicle Map's recovery resets
     *                segment locks a killed process may have held and re-checks every entry. It needs exclusive
     *                access to the file.
     */
    static OutboxMapFile openForFollower(final Path dir, final long capacity, final boolean recover)
    {
        return openForFollower(dir, capacity, recover, null);
    }

    /**
     * {@link #openForFollower(Path, long, boolean)} with the usable-space source of the directory's file system
     * (null: the real one). A new file is allocated whole up front, so the space is checked first: too little is
     * refused with "not enough disk space for the outbox mirror (N MiB needed, M MiB free)" before anything is
     * allocated, and an allocation that fails anyway (the space went meanwhile) says the same, never "corrupt".
     */
    static OutboxMapFile openForFollower(final Path dir, final long capacity, final boolean recover,
        final LongSupplier usableSpace)
    {
        OwnerOnlyFiles.createDirectories(dir);
        final Path file = dir.resolve(FILE_NAME);
        final boolean creating = !Files.exists(file) || sizeOf(file) == 0;
        final LongSupplier usable = usableSpace != null ? usableSpace : UsableSpace.of(dir);
        final long neededBytes = neededBytes(capacity);
        if (creating)
        {
            final long free = usable.getAsLong();
            if (free < neededBytes)
            {
                throw noSpace(file, neededBytes, free, null);
            }
        }
        OwnerOnlyFiles.createFile(file);
        OwnerOnlyFiles.restrictToOwner(file);
        // Recovery is for a file a killed follower had open; an empty file (new, or moved aside) is just created.
        final ChronicleMap<byte[], byte[]> map;
        try
        {
            map = chronicleOpen(file, builder(capacity), recover && !creating);
        }
        catch (final OutboxMirrorException ex)
        {
            if (creating && isNoSpace(ex.getCause()))
            {
                throw noSpace(file, neededBytes, usable.getAsLong(), ex.getCause());
            }
            throw ex;
        }
        return checked(file, map, capacity, true);
    }

    /** @return the bytes a new map file of {@code capacity} keys allocates, estimated from measurements (an upper bound). */
    static long neededBytes(final long capacity)
    {
        return FIXED_BYTES + (capacity + 1) * BYTES_PER_KEY;
    }

    private static OutboxMirrorException noSpace(final Path file, final long needed, final long free,
        final Throwable cause)
    {
        return new OutboxMirrorException(file, "not enough disk space for the outbox mirror " + file + " (" +
            ceilMib(needed) + " MiB needed, " + UsableSpace.mib(free) + " MiB free): the map file is allocated whole " +
            "when created; free space on that file system, or lower outbox.capacity_hint (the mirror holds 16 × " +
            "capacity_hint keys). Nothing is lost: the mirror is rebuilt from the journal", cause);
    }

    private static long ceilMib(final long bytes)
    {
        return (bytes + MIB - 1) / MIB;
    }

    /** @return true when {@code ex} (or a cause) is a full disk: posix_fallocate's ENOSPC (28), or the OS's text for it. */
    private static boolean isNoSpace(final Throwable ex)
    {
        for (Throwable t = ex; t != null; t = t.getCause())
        {
            final String message = t.getMessage();
            if (message != null && (message.contains("posix_fallocate() returned 28") ||
                message.contains("No space left on device") || message.contains("ENOSPC")))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Opens an existing mirror for lookups only: never creates the directory or file, never initialises an
     * empty one (that is the follower's job).
     */
    static OutboxMapFile openForLookup(final Path dir)
    {
        final Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file) || sizeOf(file) == 0)
        {
            throw new OutboxMirrorException(file, "outbox mirror file " + file + " does not exist yet: " +
                "the engine creates it when its mirror first starts", null);
        }
        // The capacity is only used when creating, which a lookup never does.
        final ChronicleMap<byte[], byte[]> map = chronicleOpen(file, builder(1), false);
        return checked(file, map, 0, false);
    }

    /** @return the map file. */
    Path file()
    {
        return file;
    }

    /** @return the Chronicle Map: for the applier's query contexts. */
    ChronicleMap<byte[], byte[]> map()
    {
        return map;
    }

    /** @return how many keys the file was created for. */
    long capacity()
    {
        return capacity;
    }

    /** @return keys mirrored (the meta entry not counted). */
    long size()
    {
        return Math.max(0, map.longSize() - 1);
    }

    /** Copies the meta value into {@code dst} (VALUE_SIZE bytes). */
    void readMeta(final byte[] dst)
    {
        final byte[] read = map.getUsing(META_KEY, dst);
        if (read == null)
        {
            throw OutboxMirrorException.layout(file, "its header entry is missing");
        }
        if (read != dst)
        {
            System.arraycopy(read, 0, dst, 0, VALUE_SIZE);
        }
    }

    /** Replaces the meta value: a constant-size value, so it is rewritten in place and never needs new space. */
    void writeMeta(final byte[] src)
    {
        map.put(META_KEY, src);
    }

    /** @return the journal index of the last excerpt applied, as last checkpointed; -1 before the first. */
    long checkpointIndex()
    {
        final byte[] meta = new byte[VALUE_SIZE];
        readMeta(meta);
        return new UnsafeBuffer(meta).getLong(META_CHECKPOINT_INDEX, ORDER);
    }

    /** @return the entry of {@code key} decoded, or null when the mirror has none. Allocates: for lookups. */
    OutboxRecord lookup(final byte[] key)
    {
        if (key.length != KEY_SIZE)
        {
            throw new IllegalArgumentException("an idempotency key has " + KEY_SIZE + " bytes, not " + key.length);
        }
        if (EntryLayout.isMetaKey(key))
        {
            return null;
        }
        final byte[] value = map.getUsing(key, new byte[VALUE_SIZE]);
        return value == null ? null : OutboxRecord.decode(key, value, file);
    }

    @Override
    public void close()
    {
        map.close();
    }

    private static long sizeOf(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            throw new OutboxMirrorException(file, "cannot read outbox mirror file " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static ChronicleMapBuilder<byte[], byte[]> builder(final long capacity)
    {
        return ChronicleMapBuilder.of(byte[].class, byte[].class)
            .name("noctria-outbox-mirror")
            .constantKeySizeBySample(new byte[KEY_SIZE])
            .constantValueSizeBySample(new byte[VALUE_SIZE])
            // One more than the orders: the meta entry.
            .entries(capacity + 1)
            .maxBloatFactor(MAX_BLOAT_FACTOR)
            // The old value is never needed: returning it would deserialise (allocate) on every put.
            .putReturnsNull(true)
            .removeReturnsNull(true)
            // Chronicle's own shutdown hook would close the map under a follower still applying events
            // during the engine's SIGTERM drain; the owner closes it, and the OS unmaps it at exit anyway.
            .skipCloseOnExitHook(true);
    }

    private static ChronicleMap<byte[], byte[]> chronicleOpen(
        final Path file, final ChronicleMapBuilder<byte[], byte[]> builder, final boolean recover)
    {
        try
        {
            return recover ? builder.recoverPersistedTo(file.toFile(), true) : builder.createPersistedTo(file.toFile());
        }
        catch (final IOException | RuntimeException ex)
        {
            throw OutboxMirrorException.corrupt(file, ex);
        }
    }

    private static OutboxMapFile checked(
        final Path file, final ChronicleMap<byte[], byte[]> map, final long capacity, final boolean initialise)
    {
        boolean ok = false;
        try
        {
            final OutboxMapFile opened = new OutboxMapFile(file, map, validate(file, map, capacity, initialise));
            ok = true;
            return opened;
        }
        finally
        {
            if (!ok)
            {
                map.close();
            }
        }
    }

    /** @return the capacity recorded in the file. */
    private static long validate(
        final Path file, final ChronicleMap<byte[], byte[]> map, final long capacity, final boolean initialise)
    {
        if (map.keyClass() != byte[].class || map.valueClass() != byte[].class)
        {
            throw OutboxMirrorException.layout(file, "it maps " + map.keyClass().getName() + " to " +
                map.valueClass().getName() + ", not 32-byte keys to " + VALUE_SIZE + "-byte values");
        }
        final byte[] meta;
        try
        {
            meta = map.get(META_KEY);
        }
        catch (final RuntimeException ex)
        {
            throw OutboxMirrorException.layout(file, "reading its header entry failed (" + ex + ")");
        }
        if (meta == null)
        {
            if (map.longSize() != 0)
            {
                throw OutboxMirrorException.layout(file, "it is not empty (" + map.longSize() + " entries) but has no " +
                    "mirror header");
            }
            if (!initialise)
            {
                throw new OutboxMirrorException(file, "outbox mirror file " + file +
                    " is not initialised yet: the engine's mirror writes its header when it first starts", null);
            }
            return writeHeader(file, map, capacity);
        }
        if (meta.length != VALUE_SIZE)
        {
            throw OutboxMirrorException.layout(file, "its values have " + meta.length + " bytes, not " + VALUE_SIZE);
        }
        final UnsafeBuffer header = new UnsafeBuffer(meta);
        if (header.getLong(META_MAGIC, ORDER) != MAGIC)
        {
            throw OutboxMirrorException.layout(file, "its header entry lacks the mirror's magic number");
        }
        final int version = header.getInt(META_LAYOUT_VERSION, ORDER);
        if (version != LAYOUT_VERSION)
        {
            throw OutboxMirrorException.layout(file, "it was written with layout version " + version +
                " and this build reads version " + LAYOUT_VERSION);
        }
        return header.getLong(META_CAPACITY, ORDER);
    }

    private static long writeHeader(final Path file, final ChronicleMap<byte[], byte[]> map, final long capacity)
    {
        final byte[] meta = new byte[VALUE_SIZE];
        final UnsafeBuffer header = new UnsafeBuffer(meta);
        header.putLong(META_MAGIC, MAGIC, ORDER);
        header.putInt(META_LAYOUT_VERSION, LAYOUT_VERSION, ORDER);
        header.putInt(META_VALUE_SIZE, VALUE_SIZE, ORDER);
        header.putLong(META_CAPACITY, capacity, ORDER);
        header.putLong(META_CHECKPOINT_INDEX, -1, ORDER);
        header.putLong(META_CHECKPOINT_TIME, 0, ORDER);
        header.putInt(META_CHECKPOINT_LENGTH, 0, ORDER);
        try
        {
            map.put(META_KEY, meta);
        }
        catch (final RuntimeException ex)
        {
            // An empty map of other sizes (e.g. 8-byte keys) refuses the 32-byte header key.
            throw OutboxMirrorException.layout(file, "writing its header entry failed (" + ex + ")");
        }
        return capacity;
    }
}

package io.noctria.engine.runtime;

import io.noctria.engine.core.CoreSnapshot;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.engine.core.SnapshotPosition;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * Takes snapshots of the core without writing files on the business thread: at a frame boundary the business
 * thread copies the core's state into one pre-allocated image ({@link #offer}, {@link CoreSnapshot#write}), and
 * this agent ({@code noctria-snapshot}) checksums it and writes the file ({@link SnapshotStore}). One image: a
 * snapshot due while the previous one is still being written is skipped and counted, never waited for. At a
 * clean stop, with both threads ended, {@link #writeNow} writes the last one on the stopping thread.
 */
final class SnapshotAgent implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotAgent.class);
    private static final int EMPTY = 0;
    private static final int FULL = 1;

    private final SnapshotStore store;
    private final CountersFile counters;
    private final AtomicCounter written;
    private final AtomicCounter skipped;
    private final CoreSnapshot snapshots = new CoreSnapshot();
    private final ExpandableArrayBuffer image = new ExpandableArrayBuffer(1 << 20);
    // EMPTY: the business thread may fill the image; FULL: the agent owns it until it sets EMPTY again.
    private final AtomicInteger state = new AtomicInteger(EMPTY);
    private int length;
    private long journalIndex;
    private long copyNs;

    SnapshotAgent(final SnapshotStore store, final CountersFile counters)
    {
        this.store = store;
        this.counters = counters;
        this.written = counters.counter(EngineCounter.SNAPSHOTS_WRITTEN);
        this.skipped = counters.counter(EngineCounter.SNAPSHOTS_SKIPPED);
    }

    /**
     * Business thread, right after the frame {@code position} names was appended: copies the core's state into the
     * image for the agent to write, unless the agent still holds the previous one (then counted as skipped).
     *
     * @return true when the snapshot was taken.
     */
    boolean offer(final ExecutionCore core, final SnapshotPosition position)
    {
        if (state.get() != EMPTY)
        {
            skipped.incrementOrdered();
            return false;
        }
        final long startNs = System.nanoTime();
        length = snapshots.write(core, position, image);
        journalIndex = position.journalIndex();
        copyNs = System.nanoTime() - startNs;
        state.set(FULL);
        return true;
    }

    @Override
    public int doWork()
    {
        if (state.get() != FULL)
        {
            return 0;
        }
        writeHeld();
        state.set(EMPTY);
        return 1;
    }

    /**
     * With the business thread and this agent's thread ended: writes a snapshot still held, then one of
     * {@code core} at {@code position}, on the caller's thread.
     *
     * @return the file written, or null when it could not be (logged and counted).
     */
    Path writeNow(final ExecutionCore core, final SnapshotPosition position)
    {
        if (state.get() == FULL)
        {
            writeHeld();
        }
        state.set(EMPTY);
        offer(core, position);
        final Path file = writeHeld();
        state.set(EMPTY);
        return file;
    }

    @Override
    public String roleName()
    {
        return "noctria-snapshot";
    }

    /** @return CRC32C of {@code buffer[offset, offset + length)}: the fingerprint of a frame's first message. */
    static int checksum(final DirectBuffer buffer, final int offset, final int length)
    {
        final CRC32C crc = new CRC32C();
        final byte[] array = buffer.byteArray();
        if (null != array)
        {
            crc.update(array, (int)(buffer.addressOffset() - org.agrona.BufferUtil.ARRAY_BASE_OFFSET) + offset, length);
        }
        else
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            crc.update(copy, 0, length);
        }
        return (int)crc.getValue();
    }

    private Path writeHeld()
    {
        try
        {
            final long startNs = System.nanoTime();
            CoreSnapshot.seal(image, length);
            final Path file = store.write(image, length, journalIndex);
            written.incrementOrdered();
            LOG.info("snapshot of journal index {} written to {}: {} bytes, copied on the business thread in {} µs, " +
                "written in {} ms", journalIndex, file, length, copyNs / 1_000, (System.nanoTime() - startNs) / 1_000_000);
            return file;
        }
        catch (final IOException | UncheckedIOException ex)
        {
            skipped.incrementOrdered();
            counters.onError(ex);
            LOG.warn("snapshot of journal index {} could not be written to {}: {}; recovery uses an older snapshot " +
                "or the journal", journalIndex, store.directory(), ex.toString());
            return null;
        }
    }
}

package io.noctria.engine.runtime;

import io.noctria.engine.core.CoreSnapshot;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.engine.core.SnapshotPosition;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * Takes the engine's snapshots without stalling the business thread. Periodic ones come from a <b>replica</b>: this
 * agent ({@code noctria-snapshot}) recovers a core of its own at start ({@link Recovery}, from the newest snapshot
 * that verifies), then tails the journal with its own reader, applying each frame's input exactly as recovery does
 * (events discarded, EngineStopped state hashes checked), and every {@code everyInputs} inputs it encodes ITS core
 * and writes the snapshot ({@link SnapshotStore}). The business thread copies nothing; the replica reads only what
 * is committed, so a snapshot never reflects a frame the journal does not hold. A replica that fails a check or
 * cannot apply a frame says so with an ERROR, counts it and writes no snapshot after (a diverged state must not
 * become a recovery's starting point).
 * <p>
 * The clean stop's snapshot is the live core's, written by {@link #writeNow} on the stopping thread once trading
 * has ended (both pipeline threads and this agent's thread stopped): it is exact at the EngineStopped frame
 * whatever the replica's lag, and stalls nothing that trades.
 * <p>
 * Memory: the replica is a second {@link ExecutionCore}, so its pre-allocated books double the engine's
 * (~100 MB at the default capacities).
 */
final class SnapshotAgent implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotAgent.class);
    /** Frames applied per duty cycle at most, so a close is seen promptly while catching up. */
    private static final int FRAMES_PER_CYCLE = 4096;

    private final SnapshotStore store;
    private final CountersFile counters;
    private final CoreSnapshot snapshots = new CoreSnapshot();
    private final ExpandableArrayBuffer image = new ExpandableArrayBuffer(1 << 20);
    private final SnapshotPosition replicaAt = new SnapshotPosition();
    private final Supplier<ExecutionCore> replicaCores;
    private final Path journalDir;
    private final long everyInputs;
    private Recovery replica;
    private JournalReader journal;
    private long inputsAtSnapshot;
    private long recoveredInputs;
    private long replicaSnapshots;
    private boolean stopped;
    // Set by the stopping thread: a replica still recovering gives up at once instead of holding up the stop.
    private volatile boolean closing;

    /**
     * @param replicaCores makes the replica's cores exactly as recovery's are made, with a sink that discards and
     *                     an {@link io.noctria.engine.core.IdempotencyKeys} of their own (this thread's).
     * @param journalDir   the engine's journal.
     * @param everyInputs  a snapshot after every this many inputs; 0: no replica, only the stop's snapshot.
     */
    SnapshotAgent(final SnapshotStore store, final CountersFile counters, final Supplier<ExecutionCore> replicaCores,
        final Path journalDir, final long everyInputs)
    {
        this.store = store;
        this.counters = counters;
        this.replicaCores = replicaCores;
        this.journalDir = journalDir;
        this.everyInputs = everyInputs;
    }

    /** Recovers the replica's core, on this agent's thread, while the engine already trades. */
    @Override
    public void onStart()
    {
        final long startNs = System.nanoTime();
        try
        {
            replica = new Recovery(replicaCores, null, store).follow().abandonWhen(() -> closing).run(journalDir);
            if (replica.abandoned())
            {
                stopped = true;
                LOG.info("snapshot replica: the engine stopped before it had recovered");
                return;
            }
            journal = JournalReader.open(journalDir);
            if (!replica.positionAfterLast(journal))
            {
                fail("the journal no longer holds frame " + replica.lastIndex() + " it recovered to", null);
                return;
            }
        }
        catch (final RuntimeException ex)
        {
            fail("the replica could not recover its core: " + ex.getMessage(), ex);
            return;
        }
        counters.counter(EngineCounter.SNAPSHOT_REPLICA_POSITION).setOrdered(replica.lastIndex());
        recoveredInputs = replica.inputs();
        LOG.info("snapshot replica recovered to journal index {}{} in {} ms; a snapshot every {} inputs from here",
            replica.lastIndex(), null == replica.snapshotFile() ? " from the whole journal" : " from snapshot " +
            replica.snapshotFile().getFileName(), (System.nanoTime() - startNs) / 1_000_000, everyInputs);
        // Inputs count from the snapshot the replica started from (or the journal's start): the engine may have
        // decided some while the replica recovered, and a snapshot already due is written now.
        writeWhenDue();
    }

    @Override
    public int doWork()
    {
        if (stopped)
        {
            return 0;
        }
        int frames = 0;
        try
        {
            while (frames < FRAMES_PER_CYCLE && 1 == journal.poll(replica, 1))
            {
                frames++;
                if (null != replica.failure())
                {
                    fail(replica.failure(), null);
                    return frames;
                }
                writeWhenDue();
            }
        }
        catch (final RuntimeException ex)
        {
            fail("the replica could not read the journal after index " + replica.lastIndex() + ": " + ex, ex);
            return frames;
        }
        if (frames > 0)
        {
            counters.counter(EngineCounter.SNAPSHOT_REPLICA_POSITION).setOrdered(replica.lastIndex());
        }
        return frames;
    }

    @Override
    public void onClose()
    {
        if (null != journal)
        {
            journal.close();
        }
        if (null != replica && !stopped)
        {
            // What the replica cost: its thread's CPU is the price of snapshots that never stall the business thread.
            final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            final long cpuNs = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
            LOG.info("snapshot replica stopped at journal index {}: {} inputs applied since it recovered, {} " +
                "snapshot(s) written, thread CPU {} ms in all", replica.lastIndex(), replica.inputs() - recoveredInputs,
                replicaSnapshots, cpuNs / 1_000_000);
        }
    }

    /** Stopping thread, before closing this agent's runner: a recovery still under way is abandoned. */
    void close()
    {
        closing = true;
    }

    /**
     * With the business thread and this agent's thread ended: writes a snapshot of {@code core} at
     * {@code position} (the clean stop's, at its EngineStopped frame), on the caller's thread.
     *
     * @return the file written, or null when it could not be (logged and counted).
     */
    Path writeNow(final ExecutionCore core, final SnapshotPosition position)
    {
        return write(core, position, "the stopping thread");
    }

    @Override
    public String roleName()
    {
        return "noctria-snapshot";
    }

    /** @return the replica's core, for tests; null before it started or without one. */
    ExecutionCore replicaCore()
    {
        return null == replica ? null : replica.core();
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

    private Path write(final ExecutionCore core, final SnapshotPosition position, final String by)
    {
        final long journalIndex = position.journalIndex();
        try
        {
            final long startNs = System.nanoTime();
            final int length = snapshots.write(core, position, image);
            CoreSnapshot.seal(image, length);
            final Path file = store.write(image, length, journalIndex);
            final long tookNs = System.nanoTime() - startNs;
            counters.counter(EngineCounter.SNAPSHOTS_WRITTEN).incrementOrdered();
            final AtomicCounter writeMaxNs = counters.counter(EngineCounter.SNAPSHOT_WRITE_MAX_NS);
            if (tookNs > writeMaxNs.get())
            {
                writeMaxNs.setOrdered(tookNs);
            }
            LOG.info("snapshot of journal index {} written to {} by {}: {} bytes in {} ms", journalIndex, file, by,
                length, tookNs / 1_000_000);
            return file;
        }
        catch (final IOException | UncheckedIOException ex)
        {
            counters.counter(EngineCounter.SNAPSHOTS_SKIPPED).incrementOrdered();
            counters.onError(ex);
            LOG.warn("snapshot of journal index {} could not be written to {}: {}; recovery uses an older snapshot " +
                "or the journal", journalIndex, store.directory(), ex.toString());
            return null;
        }
    }

    private void writeWhenDue()
    {
        if (replica.inputs() - inputsAtSnapshot >= everyInputs)
        {
            inputsAtSnapshot = replica.inputs();
            write(replica.core(), replica.position(replicaAt), "the replica");
            replicaSnapshots++;
        }
    }

    /** The replica stops for good: a state it cannot vouch for must not become a snapshot. */
    private void fail(final String why, final Throwable cause)
    {
        stopped = true;
        counters.counter(EngineCounter.SNAPSHOT_REPLICA_FAILURES).incrementOrdered();
        counters.onError(null == cause ? new IllegalStateException(why) : cause);
        LOG.error("snapshot replica stopped, no periodic snapshot is written until the engine restarts: {}", why,
            cause);
    }
}

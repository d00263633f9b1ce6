package io.noctria.engine.runtime;

import io.noctria.codecs.sbe.InputRejectReason;
import io.noctria.engine.gateway.VenueLinkCounters;
import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The writing side of {@code data/cnc.dat}: the engine's counters and its log of distinct errors, in one
 * memory-mapped file that other processes read ({@link EngineCounters}, later {@code noctria status}), as Aeron's
 * media driver keeps its CnC file.
 * <p>
 * Layout (all little-endian): a {@value #HEADER_LENGTH}-byte header — magic {@code "NCNC"}, layout version,
 * metadata, values and error-log lengths, the engine's pid and start time (epoch ms) — then Agrona
 * {@link CountersManager} metadata (labels, type ids, reference ids) and values buffers, then a
 * {@link DistinctErrorLog} buffer. The magic is written last, with an ordered store, so a reader that sees it
 * sees every counter allocated.
 * <p>
 * Every counter is allocated at start, before any engine thread runs: the engine's here, the venue link's
 * ({@link #venueLink()}) while the start builds the gateway. The threads then only do ordered writes
 * ({@code setOrdered}/{@code incrementOrdered}) on pre-allocated {@link AtomicCounter}s, which neither allocate nor
 * lock. Each counter has a single writer thread, except {@link EngineCounter#ERRORS} (and a link's counter that its
 * link says several threads count, with atomic increments).
 */
final class CountersFile implements AutoCloseable
{
    /** The counters file's name in the data directory. */
    static final String FILE_NAME = "cnc.dat";
    static final int MAGIC = 'N' | 'C' << 8 | 'N' << 16 | 'C' << 24;
    static final int LAYOUT_VERSION = 1;
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int METADATA_LENGTH_OFFSET = 8;
    static final int VALUES_LENGTH_OFFSET = 12;
    static final int ERROR_LOG_LENGTH_OFFSET = 16;
    static final int PID_OFFSET = 24;
    static final int START_MS_OFFSET = 32;
    static final int HEADER_LENGTH = 128;

    static final long STATE_STARTING = 0;
    static final long STATE_RUNNING = 1;
    static final long STATE_STOPPING = 2;
    static final long STATE_STOPPED = 3;

    /** Room for the engine's own (about 40) and a venue link's (the FIX gateway keeps 15). */
    static final int MAX_COUNTERS = 128;
    static final int VALUES_LENGTH = MAX_COUNTERS * CountersReader.COUNTER_LENGTH;
    static final int METADATA_LENGTH = MAX_COUNTERS * CountersReader.METADATA_LENGTH;
    static final int ERROR_LOG_LENGTH = 64 * 1024;
    static final int FILE_LENGTH = HEADER_LENGTH + METADATA_LENGTH + VALUES_LENGTH + ERROR_LOG_LENGTH;

    private final MappedByteBuffer mapped;
    private final CountersManager manager;
    private final DistinctErrorLog errorLog;
    private final AtomicCounter[] byType = new AtomicCounter[EngineCounter.values().length];
    private final AtomicCounter[] rejects;

    private CountersFile(final AtomicBuffer file, final MappedByteBuffer mapped, final EpochClock clock)
    {
        this.mapped = mapped;
        final UnsafeBuffer metadata = new UnsafeBuffer(file, HEADER_LENGTH, METADATA_LENGTH);
        final UnsafeBuffer values = new UnsafeBuffer(file, HEADER_LENGTH + METADATA_LENGTH, VALUES_LENGTH);
        this.manager = new CountersManager(metadata, values, StandardCharsets.US_ASCII);
        this.errorLog = new DistinctErrorLog(
            new UnsafeBuffer(file, HEADER_LENGTH + METADATA_LENGTH + VALUES_LENGTH, ERROR_LOG_LENGTH), clock);
        for (final EngineCounter type : EngineCounter.values())
        {
            if (type != EngineCounter.INPUT_REJECTS)
            {
                byType[type.ordinal()] = manager.newCounter(type.label(), type.typeId());
            }
        }
        byType[EngineCounter.JOURNAL_POSITION.ordinal()].set(-1);
        byType[EngineCounter.SNAPSHOT_REPLICA_POSITION.ordinal()].set(-1);
        byType[EngineCounter.OUTBOX_MIRROR_POSITION.ordinal()].set(-1);
        int maxCode = 0;
        for (final InputRejectReason reason : InputRejectReason.values())
        {
            maxCode = Math.max(maxCode, reason == InputRejectReason.NULL_VAL ? 0 : reason.value());
        }
        this.rejects = new AtomicCounter[maxCode + 1];
        for (final InputRejectReason reason : InputRejectReason.values())
        {
            if (reason != InputRejectReason.NULL_VAL)
            {
                final AtomicCounter counter = manager.newCounter(
                    EngineCounter.INPUT_REJECTS.label() + ": " + reason.name(), EngineCounter.INPUT_REJECTS.typeId());
                manager.setCounterReferenceId(counter.id(), reason.value());
                rejects[reason.value()] = counter;
            }
        }
        file.putInt(METADATA_LENGTH_OFFSET, METADATA_LENGTH);
        file.putInt(VALUES_LENGTH_OFFSET, VALUES_LENGTH);
        file.putInt(ERROR_LOG_LENGTH_OFFSET, ERROR_LOG_LENGTH);
        file.putLong(PID_OFFSET, ProcessHandle.current().pid());
        file.putLong(START_MS_OFFSET, clock.time());
        file.putInt(VERSION_OFFSET, LAYOUT_VERSION);
        file.putIntOrdered(MAGIC_OFFSET, MAGIC); // last: a reader that sees it sees the rest
    }

    /**
     * Creates {@code dataDir/cnc.dat} afresh, owner-only (rw-------): a file left by an earlier run is deleted
     * first, so a reader still mapping it keeps the old run's final values and never sees them mixed with these.
     */
    static CountersFile create(final Path dataDir, final EpochClock clock)
    {
        final Path path = dataDir.resolve(FILE_NAME);
        try
        {
            Files.deleteIfExists(path); // a symbolic link is removed, never followed
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            final MappedByteBuffer mapped;
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_LENGTH);
            }
            return new CountersFile(new UnsafeBuffer(mapped), mapped, clock);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create the counters file " + path + ": " + ex.getMessage(), ex);
        }
    }

    /** Counters on the heap, seen by nobody: for pipelines that are not the running engine (recovery, tests). */
    static CountersFile detached()
    {
        // Direct and 64-byte aligned like the mapped file: counters on a byte[] are not 8-byte aligned (Agrona warns).
        return new CountersFile(new UnsafeBuffer(org.agrona.BufferUtil.allocateDirectAligned(FILE_LENGTH, 64)), null,
            System::currentTimeMillis);
    }

    /**
     * @return where the venue link built during the engine's start allocates its own counters in this file; errors of
     * its threads are counted here as {@link EngineCounter#ERRORS}. Allocate on the starting thread only.
     */
    VenueLinkCounters venueLink()
    {
        return new VenueLinkCounters(manager, this::onError);
    }

    /** @return the pre-allocated counter of a single-instance type (not {@link EngineCounter#INPUT_REJECTS}). */
    AtomicCounter counter(final EngineCounter type)
    {
        final AtomicCounter counter = byType[type.ordinal()];
        if (counter == null)
        {
            throw new IllegalArgumentException(type + " has one counter per reason: use reject(reason)");
        }
        return counter;
    }

    /** @return the rejects counter of this reason (an array read: no allocation). */
    AtomicCounter reject(final InputRejectReason reason)
    {
        return rejects[reason.value()];
    }

    /**
     * @return the rejects counter of this reason code; a code this build does not know (cannot come from the core,
     * which only emits known reasons) is counted under MALFORMED rather than dropped.
     */
    AtomicCounter reject(final int reasonCode)
    {
        final AtomicCounter counter = reasonCode >= 0 && reasonCode < rejects.length ? rejects[reasonCode] : null;
        return counter != null ? counter : rejects[InputRejectReason.MALFORMED.value()];
    }

    /** Counts an error and records it once per distinct cause (any thread; never on the hot path's normal course). */
    void onError(final Throwable error)
    {
        byType[EngineCounter.ERRORS.ordinal()].increment();
        errorLog.record(error);
    }

    /** Unmaps the file (it stays on disk with its final values); only after every writer thread has ended. */
    @Override
    public void close()
    {
        if (mapped != null)
        {
            IoUtil.unmap(mapped);
        }
    }
}

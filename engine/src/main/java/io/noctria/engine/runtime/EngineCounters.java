package io.noctria.engine.runtime;

import io.noctria.codecs.sbe.InputRejectReason;
import io.noctria.engine.gateway.VenueLinkCounters;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.ErrorConsumer;
import org.agrona.concurrent.errors.ErrorLogReader;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a running (or stopped) engine's {@code data/cnc.dat} from any process, read-only, as AeronStat reads
 * Aeron's CnC file: counter values by {@link EngineCounter}, every counter with its label, and the distinct-error
 * log. Used by tests to wait on the engine and, later, by {@code noctria status}.
 * <p>
 * The file crosses a process boundary, so its header is checked before anything in it is trusted: magic, layout
 * version and the section lengths against the file's size; an error names the file, the field and the value.
 * A mapping sees one run: the engine creates the file afresh at each start, so open it again after a restart.
 */
public final class EngineCounters implements AutoCloseable
{
    private final Path path;
    private final MappedByteBuffer mapped;
    private final CountersReader reader;
    private final UnsafeBuffer errorLog;
    private final long pid;
    private final long startEpochMs;
    private final int[] idByType = new int[EngineCounter.values().length];
    private final int[] rejectIdByCode;

    private EngineCounters(final Path path, final MappedByteBuffer mapped)
    {
        this.path = path;
        this.mapped = mapped;
        final UnsafeBuffer file = new UnsafeBuffer(mapped);
        final long size = file.capacity();
        if (size < CountersFile.HEADER_LENGTH)
        {
            throw invalid("size", size, "at least " + CountersFile.HEADER_LENGTH + " bytes");
        }
        final int magic = file.getIntVolatile(CountersFile.MAGIC_OFFSET);
        if (magic != CountersFile.MAGIC)
        {
            throw invalid("magic", Integer.toHexString(magic), Integer.toHexString(CountersFile.MAGIC) +
                " (an engine still starting, or not a counters file)");
        }
        final int version = file.getInt(CountersFile.VERSION_OFFSET);
        if (version != CountersFile.LAYOUT_VERSION)
        {
            throw invalid("version", version, String.valueOf(CountersFile.LAYOUT_VERSION));
        }
        final int metadataLength = file.getInt(CountersFile.METADATA_LENGTH_OFFSET);
        final int valuesLength = file.getInt(CountersFile.VALUES_LENGTH_OFFSET);
        final int errorLogLength = file.getInt(CountersFile.ERROR_LOG_LENGTH_OFFSET);
        if (valuesLength <= 0 || valuesLength % CountersReader.COUNTER_LENGTH != 0)
        {
            throw invalid("valuesLength", valuesLength, "a positive multiple of " + CountersReader.COUNTER_LENGTH);
        }
        final long expectedMetadata = (long)valuesLength / CountersReader.COUNTER_LENGTH * CountersReader.METADATA_LENGTH;
        if (metadataLength != expectedMetadata)
        {
            throw invalid("metadataLength", metadataLength, String.valueOf(expectedMetadata));
        }
        if (errorLogLength <= 0 || errorLogLength % 8 != 0)
        {
            throw invalid("errorLogLength", errorLogLength, "a positive multiple of 8");
        }
        final long needed = (long)CountersFile.HEADER_LENGTH + metadataLength + valuesLength + errorLogLength;
        if (needed > size)
        {
            throw invalid("size", size, "at least " + needed + " bytes for the lengths in its header");
        }
        this.pid = file.getLong(CountersFile.PID_OFFSET);
        this.startEpochMs = file.getLong(CountersFile.START_MS_OFFSET);
        this.reader = new CountersReader(new UnsafeBuffer(file, CountersFile.HEADER_LENGTH, metadataLength),
            new UnsafeBuffer(file, CountersFile.HEADER_LENGTH + metadataLength, valuesLength), StandardCharsets.US_ASCII);
        this.errorLog = new UnsafeBuffer(file, CountersFile.HEADER_LENGTH + metadataLength + valuesLength, errorLogLength);

        java.util.Arrays.fill(idByType, CountersReader.NULL_COUNTER_ID);
        int maxCode = 0;
        for (final InputRejectReason reason : InputRejectReason.values())
        {
            maxCode = Math.max(maxCode, reason == InputRejectReason.NULL_VAL ? 0 : reason.value());
        }
        this.rejectIdByCode = new int[maxCode + 1];
        java.util.Arrays.fill(rejectIdByCode, CountersReader.NULL_COUNTER_ID);
        // The engine's counters are all allocated before the magic is published, so this index stays valid for the
        // run (a venue link's come a moment later, looked up on each call).
        reader.forEach((CountersReader.MetaData)(id, typeId, keyBuffer, label) ->
        {
            final EngineCounter type = EngineCounter.ofTypeId(typeId);
            if (type == EngineCounter.INPUT_REJECTS)
            {
                final long code = reader.getCounterReferenceId(id);
                if (code >= 0 && code < rejectIdByCode.length)
                {
                    rejectIdByCode[(int)code] = id;
                }
            }
            else if (type != null)
            {
                idByType[type.ordinal()] = id;
            }
        });
    }

    /**
     * Maps {@code dataDir/cnc.dat} read-only.
     *
     * @throws IllegalStateException when the file is missing, unreadable or not a valid counters file (the message
     * names the file and what is wrong).
     */
    public static EngineCounters open(final Path dataDir)
    {
        final Path path = dataDir.resolve(CountersFile.FILE_NAME);
        final MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size > Integer.MAX_VALUE)
            {
                throw new IllegalStateException(path + ": size " + size + " is not a counters file's");
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read the counters file " + path + " (is an engine running with " +
                "--data-dir " + dataDir + "?): " + ex, ex);
        }
        try
        {
            return new EngineCounters(path, mapped);
        }
        catch (final RuntimeException ex)
        {
            IoUtil.unmap(mapped);
            throw ex;
        }
    }

    /** @return the value of a single-instance counter. */
    public long value(final EngineCounter type)
    {
        final int id = idByType[type.ordinal()];
        if (id == CountersReader.NULL_COUNTER_ID)
        {
            throw new IllegalArgumentException(path + " has no " + type + " counter" +
                (type == EngineCounter.INPUT_REJECTS ? " (one per reason: use rejects(reason))" : ""));
        }
        return reader.getCounterValue(id);
    }

    /** @return inputs refused for this reason in this run. */
    public long rejects(final InputRejectReason reason)
    {
        final int id = reason == InputRejectReason.NULL_VAL ? CountersReader.NULL_COUNTER_ID : rejectIdByCode[reason.value()];
        if (id == CountersReader.NULL_COUNTER_ID)
        {
            throw new IllegalArgumentException(path + " has no rejects counter for " + reason);
        }
        return reader.getCounterValue(id);
    }

    /**
     * @return the venue link's counts ({@link VenueLinkCounters#newEvents}: the FIX gateway's orders forwarded, say),
     * name to value in the order the link allocated them; empty for a link that keeps none, or before the starting
     * engine built its link.
     */
    public Map<String, Long> venueLinkCounts()
    {
        return venueLink(VenueLinkCounters.EVENTS_TYPE_ID);
    }

    /** @return the venue link's levels and maxima ({@link VenueLinkCounters#newGauge}), as {@link #venueLinkCounts}. */
    public Map<String, Long> venueLinkGauges()
    {
        return venueLink(VenueLinkCounters.GAUGE_TYPE_ID);
    }

    private Map<String, Long> venueLink(final int wantedTypeId)
    {
        final Map<String, Long> byName = new LinkedHashMap<>();
        reader.forEach((CountersReader.MetaData)(id, typeId, keyBuffer, label) ->
        {
            if (typeId == wantedTypeId)
            {
                byName.put(label, reader.getCounterValue(id));
            }
        });
        return byName;
    }

    /** @return every counter (label, type id, value), as {@code noctria status} will list them. */
    public CountersReader reader()
    {
        return reader;
    }

    /** Reads the distinct errors recorded so far. @return how many distinct errors there are. */
    public int readErrors(final ErrorConsumer consumer)
    {
        return ErrorLogReader.read(errorLog, consumer);
    }

    /** @return the name of an {@link EngineCounter#ENGINE_STATE} value: STARTING, RUNNING, STOPPING or STOPPED. */
    public static String stateName(final long state)
    {
        if (state == CountersFile.STATE_STARTING)
        {
            return "STARTING";
        }
        if (state == CountersFile.STATE_RUNNING)
        {
            return "RUNNING";
        }
        if (state == CountersFile.STATE_STOPPING)
        {
            return "STOPPING";
        }
        return state == CountersFile.STATE_STOPPED ? "STOPPED" : "UNKNOWN(" + state + ")";
    }

    /** @return the pid of the engine process that created the file. */
    public long pid()
    {
        return pid;
    }

    /** @return when that engine started (epoch ms). */
    public long startEpochMs()
    {
        return startEpochMs;
    }

    /** @return the file read. */
    public Path path()
    {
        return path;
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }

    private IllegalStateException invalid(final String field, final Object value, final String expected)
    {
        return new IllegalStateException(path + ": " + field + " " + value + ", expected " + expected +
            "; not a counters file this build can read");
    }
}

package io.noctria.engine.runtime;

import io.noctria.codecs.RecordError;
import io.noctria.engine.config.ConfigException;
import io.noctria.engine.core.CoreSnapshot;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.engine.core.SnapshotPosition;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The snapshots {@link Recovery} may start from instead of the journal's first frame, tried newest first. One is
 * used when its image passes its checksum and layout version, rebuilds a fresh core to the digest it carries, and
 * names a frame the journal still holds with the same first message; each one that does not is refused with why.
 * Also removes the snapshots of a journal that is no longer there. Cold path; one recovery at a time.
 */
final class RecoverySnapshots
{
    // Under Recovery's name: an operator reads one recovery story in the log, whichever class tells it.
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final Supplier<ExecutionCore> cores;
    private final SnapshotStore store;
    private final List<String> refusals = new ArrayList<>();
    private ExecutionCore core;
    private Path file;
    private SnapshotPosition position;

    /**
     * @param cores makes a fresh core for each snapshot tried, since one that does not verify leaves its core unusable.
     * @param store where the snapshots are, or null when there are none to try.
     */
    RecoverySnapshots(final Supplier<ExecutionCore> cores, final SnapshotStore store)
    {
        this.cores = cores;
        this.store = store;
    }

    /**
     * A fresh journal (a first start, or {@code run --demo --fresh}) explains no snapshot: ones left by an earlier
     * journal are removed, loudly, so they can neither be tried nor outrank this journal's own when the newest are
     * kept.
     */
    void discardOfAnotherJournal()
    {
        if (null == store)
        {
            return;
        }
        try
        {
            for (final Path file : store.newestFirst())
            {
                LOG.warn("snapshot {} belongs to a journal that is no longer there (this one is new): removed", file);
                Files.delete(file);
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("snapshots of an earlier journal in " + store.directory() +
                " cannot be removed (" + ex + "); remove them by hand before starting on a new journal", ex);
        }
    }

    /**
     * Restores the newest snapshot that verifies (or {@code only}, when not null) into a fresh core and positions
     * {@code reader} after its frame; each one refused is named in a WARN and in {@link #refusals}.
     *
     * @param required  replay --from-snapshot: say so rather than fall back to the whole journal.
     * @param observed  the live projection reads every record, so the whole journal is replayed.
     * @return false when none verifies (or none is to be used).
     */
    boolean restoreNewest(final JournalReader reader, final Path only, final boolean required, final boolean observed)
    {
        if (null == store)
        {
            return false;
        }
        final List<Path> files;
        try
        {
            files = null != only ? List.of(only) : store.newestFirst();
        }
        catch (final IOException ex)
        {
            LOG.warn("snapshots in {} cannot be listed ({}); recovering from the whole journal", store.directory(),
                ex.toString());
            return false;
        }
        if (files.isEmpty())
        {
            return false;
        }
        if (observed)
        {
            LOG.info("the live projection reads every record: recovering from the whole journal, not from {}",
                files.get(0));
            return false;
        }
        for (int i = 0; i < files.size(); i++)
        {
            final String refused = load(reader, files.get(i));
            if (null == refused)
            {
                LOG.info("recovering from snapshot {} (journal index {}); replaying the journal after it",
                    file, position.journalIndex());
                return true;
            }
            refusals.add("snapshot " + files.get(i) + " not used: " + refused);
            LOG.warn("snapshot {} not used: {}; trying {}", files.get(i), refused,
                i + 1 < files.size() ? "an older snapshot (" + files.get(i + 1).getFileName() + ")" :
                required ? "nothing else (replay --from-snapshot does not fall back to the whole journal)" :
                "the whole journal");
        }
        return false;
    }

    /** @return why {@code candidateFile} cannot be recovered from, or null when it was (core, position, reader set). */
    private String load(final JournalReader reader, final Path candidateFile)
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(candidateFile);
        }
        catch (final IOException | OutOfMemoryError ex)
        {
            return "it cannot be read (" + ex + ")";
        }
        final UnsafeBuffer image = new UnsafeBuffer(bytes);
        final CoreSnapshot reading = new CoreSnapshot();
        final String problem = reading.problem(image, bytes.length);
        if (null != problem)
        {
            return "it " + problem;
        }
        final ExecutionCore candidate = cores.get();
        final SnapshotPosition position = new SnapshotPosition();
        try
        {
            reading.restore(candidate, image, bytes.length, position);
        }
        catch (final IllegalArgumentException ex)
        {
            return "it does not rebuild the state it was taken of: " + ConfigException.clip(ex.getMessage(), 384);
        }
        final long index = position.journalIndex();
        if (SnapshotStore.indexOf(candidateFile) != index)
        {
            return "its name says journal index " + SnapshotStore.indexOf(candidateFile) + " but it holds " + index;
        }
        boolean positioned;
        try
        {
            positioned = reader.toIndex(index);
        }
        catch (final RuntimeException | InternalError ex)
        {
            // A damaged queue can fault Chronicle's index scan; the whole-journal path then reports the damage.
            positioned = false;
        }
        if (!positioned)
        {
            return "the journal holds no frame at its journal index " + index + " (a journal older or shorter " +
                "than the snapshot)";
        }
        final FirstMessage first = new FirstMessage();
        reader.poll(first, 1);
        if (first.index != index || first.length != position.inputLength() ||
            first.checksum != position.inputChecksum())
        {
            return "the frame at journal index " + index + " is not the one it was taken after (" +
                (first.index != index ? "not readable: " + first.problem : "first message of " + first.length +
                " bytes, CRC32C " + Integer.toHexString(first.checksum) + "; the snapshot names " +
                position.inputLength() + " bytes, CRC32C " + Integer.toHexString(position.inputChecksum())) + ")";
        }
        core = candidate;
        file = candidateFile;
        this.position = position;
        return null;
    }

    /** @return why replay --from-snapshot has nothing to start from ({@code only} when it named a file). */
    String noneVerifies(final Path only)
    {
        return null == only ? "no snapshot in " + store.directory() + " verifies" +
            (refusals.isEmpty() ? " (there is none)" : ": " + String.join("; ", refusals)) :
            String.join("; ", refusals);
    }

    /** @return why each snapshot tried was not used ("snapshot FILE not used: why"), oldest refusal first. */
    List<String> refusals()
    {
        return refusals;
    }

    /** @return the core rebuilt from the snapshot {@link #restoreNewest} used. */
    ExecutionCore core()
    {
        return core;
    }

    /** @return the snapshot {@link #restoreNewest} used. */
    Path file()
    {
        return file;
    }

    /** @return where the used snapshot's core stands (frame, inbound index, last broker report). */
    SnapshotPosition position()
    {
        return position;
    }

    /** The first message of one frame: where the snapshot's fingerprint is checked. */
    static final class FirstMessage implements JournalConsumer
    {
        long index = -1;
        int length;
        int checksum;
        String problem = "no frame";

        @Override
        public void onMessage(final long at, final DirectBuffer buffer, final int offset, final int messageLength)
        {
            if (index < 0)
            {
                index = at;
                length = messageLength;
                checksum = SnapshotAgent.checksum(buffer, offset, messageLength);
            }
        }

        @Override
        public void onInvalid(final long at, final RecordError error, final String detail)
        {
            problem = error + ": " + detail;
        }
    }
}

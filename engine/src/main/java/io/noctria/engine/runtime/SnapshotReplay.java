package io.noctria.engine.runtime;

import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.engine.core.IdempotencyKeys;
import io.noctria.journal.DataDirectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The determinism check behind {@code noctria replay --from-snapshot}: restores a core from a snapshot of a data
 * directory (a given file, or the newest that verifies, exactly as recovery chooses and checks them), re-decides
 * every frame of the journal after it and compares each event the core emits with the journaled one at the same
 * place ({@link FrameEventCheck}: byte for byte, the observational {@code tsNs} stamp aside). Read-only: nothing in
 * the data directory is written or removed, and a snapshot that does not verify is refused with why, never
 * replaced by the whole journal.
 *
 * @param snapshotFile  the snapshot started from.
 * @param snapshotIndex the journal index it reflects (its frame is the last it covers).
 * @param inputs        the inputs re-decided after it.
 * @param framesChecked the frames after it whose events all matched.
 * @param eventsChecked the journaled events found equal to the re-decided ones.
 * @param mismatchIndex the journal index of the first frame whose events differ, or -1.
 * @param mismatch      what differs there, or null.
 * @param refusals      why each newer snapshot was passed over (empty when the first one tried was used).
 */
public record SnapshotReplay(Path snapshotFile, long snapshotIndex, long inputs, long framesChecked,
    long eventsChecked, long mismatchIndex, String mismatch, List<String> refusals)
{
    /**
     * @param dataDir the data directory (its journal and {@code snapshots/}).
     * @param file    the snapshot to start from, or null for the newest that verifies.
     * @param config  the engine configuration the run decided with (its capacities and thresholds decide too).
     * @param policy  the policy the core is constructed with (the snapshot restores the one in force).
     * @param secret  the idempotency secret the run used.
     * @return what was checked, and the first difference if any.
     * @throws JournalRefusedException naming why, when no snapshot can be started from (each refusal named), or the
     *                                 journal is damaged or not explained by its EngineStopped state hashes.
     */
    public static SnapshotReplay check(final Path dataDir, final Path file, final EngineConfig config,
        final RiskPolicy policy, final byte[] secret)
    {
        final Path snapshotDir = dataDir.resolve(SnapshotStore.DIRECTORY);
        if (null == file && !Files.isDirectory(snapshotDir))
        {
            throw new JournalRefusedException("no snapshot directory at " + snapshotDir + " (the engine writes one " +
                "at every clean stop and every snapshot.every_inputs inputs)", null);
        }
        if (null != file && !Files.isRegularFile(file))
        {
            throw new JournalRefusedException("snapshot " + file + " is not a file", null);
        }
        final SnapshotStore store = SnapshotStore.open(dataDir); // the directory exists, or a file was named
        final FrameEventCheck check = new FrameEventCheck();
        final IdempotencyKeys keys = new IdempotencyKeys(secret);
        final Recovery recovery = new Recovery(() -> new ExecutionCore(config, policy, keys, check, () -> 0), null,
            store).fromSnapshotOnly(file, check).run(new DataDirectory(dataDir).queue(DataDirectory.JOURNAL));
        return new SnapshotReplay(recovery.snapshotFile(), recovery.snapshotIndex(), recovery.inputs(),
            check.framesChecked(), check.eventsChecked(), check.mismatchIndex(), check.mismatch(),
            List.copyOf(recovery.refusals()));
    }
}

package io.noctria.engine.cli;

import io.noctria.engine.testing.Cli;
import io.noctria.engine.testing.CommandResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code noctria replay --from-snapshot} through the real CLI on two demo days in one data directory: the first
 * day's stop snapshot, re-decided over the second day, gives the journal's events; settings that decide otherwise
 * are caught at the first differing frame; a damaged snapshot is refused with why (named, or passed over for an
 * older one when none is named).
 */
class ReplayFromSnapshotCommandTest
{
    private static final String CONFIG = "../configs/engine.yml";
    private static final String POLICY = "../configs/risk_policy.yml";
    private static final String FIRST_DAY = "300";
    private static final String SECOND_DAY = "200";

    @TempDir
    Path dataDir;

    /** For files beside the data directory: a temporary directory of its own, removed after the test. */
    @TempDir
    Path scratch;

    private Path firstStop;
    private Path secondStop;

    @BeforeEach
    void twoDemoDays() throws Exception
    {
        demo(FIRST_DAY, "21");
        firstStop = newestSnapshot();
        demo(SECOND_DAY, "22"); // resumes the journal from the first day's snapshot
        secondStop = newestSnapshot();
        assertFalse(firstStop.equals(secondStop), "each clean stop leaves its snapshot");
    }

    @Test
    void shouldReDecideTheJournalAfterASnapshotToTheSameEvents()
    {
        final CommandResult result = replay("--from-snapshot", firstStop.toString(), "--demo", SECOND_DAY);
        assertEquals(0, result.code(), result.toString());
        assertTrue(result.out().contains("from snapshot " + firstStop + " (journal index " +
            SnapshotFiles.indexOf(firstStop) + "): re-decided "), result.toString());
        assertTrue(!result.out().contains(" 0 event(s) equal"), "the second day's events were compared: " + result);
        // Then the report of the window after the snapshot: the second day's requests only.
        assertTrue(result.out().contains("journal after index " + SnapshotFiles.indexOf(firstStop)), result.toString());
        assertTrue(result.out().matches("(?s).*orders received +" + SECOND_DAY + "\n.*"), result.toString());

        // No FILE: the newest snapshot that verifies (the second stop's), with nothing after it to re-decide.
        final CommandResult newest = replay("--from-snapshot", "--demo", SECOND_DAY);
        assertEquals(0, newest.code(), newest.toString());
        assertTrue(newest.out().contains("from snapshot " + secondStop + " "), newest.toString());
    }

    @Test
    void shouldNameTheFirstFrameWhoseEventsDifferUnderOtherSettings() throws Exception
    {
        // Keys required: the demo's keyless requests, accepted on the day, are refused when re-decided.
        final Path strict = scratch.resolve("strict.yml");
        Files.writeString(strict, Files.readString(Path.of(CONFIG), StandardCharsets.UTF_8) +
            "\n# test: keys required even in demo mode\n", StandardCharsets.UTF_8);
        Files.writeString(strict, Files.readString(strict).replaceFirst("(?m)^idempotency:",
            "idempotency:\n  require_key: true"), StandardCharsets.UTF_8);
        final CommandResult result = replay("--from-snapshot", firstStop.toString(), "--demo", SECOND_DAY,
            "--config", strict.toString());
        assertEquals(ReplayCommand.NOT_DETERMINISTIC_EXIT, result.code(), result.toString());
        assertTrue(result.err().matches("(?s).*--from-snapshot: journal index \\d+ \\(0x[0-9a-f]+\\): re-decided " +
            "from snapshot .*differs.*"), result.toString());
    }

    @Test
    void shouldRefuseADamagedSnapshotSayingWhy() throws Exception
    {
        flipByte(secondStop, 200);
        final CommandResult named = replay("--from-snapshot", secondStop.toString(), "--demo", SECOND_DAY);
        assertEquals(1, named.code(), named.toString());
        assertTrue(named.err().contains("--from-snapshot: snapshot " + secondStop + " not used: it fails its " +
            "checksum"), named.toString());

        // Unnamed: the damaged newest is passed over, loudly, for the older one, which re-decides the second day.
        final CommandResult fallback = replay("--from-snapshot", "--demo", SECOND_DAY);
        assertEquals(0, fallback.code(), fallback.toString());
        assertTrue(fallback.err().contains("snapshot " + secondStop + " not used: it fails its checksum"),
            fallback.toString());
        assertTrue(fallback.out().contains("from snapshot " + firstStop + " "), fallback.toString());
    }

    private CommandResult replay(final String... options)
    {
        final String[] args = Stream.concat(Stream.of("replay", "--data-dir", dataDir.toString(), "--policy", POLICY),
            Stream.of(options)).toArray(String[]::new);
        final boolean configGiven = List.of(options).contains("--config");
        return Cli.execute(configGiven ? args : Stream.concat(Stream.of(args), Stream.of("--config", CONFIG))
            .toArray(String[]::new));
    }

    private void demo(final String count, final String seed)
    {
        final CommandResult result = Cli.execute("run", "--demo", count, "--seed", seed, "--data-dir",
            dataDir.toString(), "--config", CONFIG, "--policy", POLICY);
        assertEquals(0, result.code(), result.toString());
    }

    private Path newestSnapshot() throws Exception
    {
        try (Stream<Path> files = Files.list(dataDir.resolve("snapshots")))
        {
            final List<Path> sorted = files.filter(f -> f.getFileName().toString().endsWith(".bin")).sorted()
                .collect(Collectors.toList());
            assertFalse(sorted.isEmpty(), "no snapshot in " + dataDir);
            return sorted.get(sorted.size() - 1);
        }
    }

    private static void flipByte(final Path file, final int at) throws Exception
    {
        final byte[] bytes = Files.readAllBytes(file);
        bytes[at] ^= 0x10;
        Files.write(file, bytes);
    }

    /** Snapshot names carry the journal index as 16 hex digits. */
    private static final class SnapshotFiles
    {
        static long indexOf(final Path file)
        {
            final String name = file.getFileName().toString();
            return Long.parseUnsignedLong(name.substring("snapshot-".length(), "snapshot-".length() + 16), 16);
        }
    }
}

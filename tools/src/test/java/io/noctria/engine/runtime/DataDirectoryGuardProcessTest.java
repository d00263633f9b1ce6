package io.noctria.engine.runtime;

import io.noctria.engine.cli.NoctriaCli;
import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.CommandSequence;
import io.noctria.engine.testing.Directories;
import io.noctria.engine.testing.EngineProcess;
import io.noctria.engine.testing.ProcessTest;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.OwnerOnlyFiles;
import io.noctria.journal.TornCycleFiles;
import io.noctria.journal.WriterLock;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Safe data directories, with real processes: {@code run --demo --fresh} cannot pull the queues from under a
 * live engine; a live engine whose journal directory or writer lock is deleted stops loudly, non-zero, never
 * "cleanly"; and every report a child writes under umask 000 is owner-only. Why each child JVM: the live engine is
 * another process holding the writer lock (the refused {@code --fresh} runs in this JVM); an engine that halts
 * must exit non-zero as a process; the umask is a process's, so the report writers ({@code run --demo --report},
 * {@code replay}, {@code postmortem}) run in one child started under umask 000, one command after another.
 */
class DataDirectoryGuardProcessTest
{
    private static final String SECRET = "datadir-test-secret-0123456789abcdef";
    /** A small outbox mirror (16 × 64 keys): the default one allocates 296 MiB up front. */
    private static final String ENGINE_YML = "outbox: {capacity_hint: 64}\n";

    @TempDir
    Path work;

    @ProcessTest
    void shouldRefuseFreshWhileAnEngineWritesTheDirectoryDeletingNothingAndEmptyItOnceStopped() throws Exception
    {
        final Path dataDir = work.resolve("data");
        final Path journal = new DataDirectory(dataDir).queue(DataDirectory.JOURNAL);
        final Path lockFile = WriterLock.lockFile(journal);
        final Object lockKey;
        try (EngineProcess engine = startEngine(dataDir))
        {
            final List<String> before = listing(dataDir);
            lockKey = fileKey(lockFile);

            final StringWriter err = new StringWriter();
            final int code = NoctriaCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "run",
                "--demo", "5", "--fresh", "--data-dir", dataDir.toString(), "--config", config().toString(),
                "--policy", ChildJvm.configs().resolve("risk_policy.yml").toString());
            assertEquals(2, code, err.toString());
            assertTrue(err.toString().contains("--fresh refused: " + journal + " is in use (its writer lock " + lockFile +
                " is held by a running engine or broker-sim)"), err.toString());
            assertTrue(err.toString().contains("Nothing was deleted"), err.toString());
            assertEquals(before, listing(dataDir), "not one file of the live engine's data directory deleted");
            assertEquals(lockKey, fileKey(lockFile), "the held lock file is the same file");
            assertTrue(engine.isAlive(), "the engine still runs");
            assertEquals(0, engine.stop(), engine.log());
        }
        assertTrue(ChildJvm.readLog(work.resolve("engine.log")).contains("engine stopped cleanly"),
            "the untouched engine stops cleanly");

        // Stopped: --fresh empties the queues, keeping the lock file itself.
        final StringWriter err = new StringWriter();
        assertEquals(0, NoctriaCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "run", "--demo",
            "5", "--fresh", "--data-dir", dataDir.toString(), "--config", config().toString(), "--policy",
            ChildJvm.configs().resolve("risk_policy.yml").toString()), err.toString());
        assertEquals(lockKey, fileKey(lockFile), "--fresh never deletes a lock file");
    }

    @ProcessTest
    void shouldStopLoudlyAndNonZeroWhenTheJournalDirectoryIsDeletedUnderARunningEngine() throws Exception
    {
        final Path dataDir = work.resolve("data");
        final Path journal = new DataDirectory(dataDir).queue(DataDirectory.JOURNAL);
        try (EngineProcess engine = startEngine(dataDir))
        {
            // Gone in one step, as the guard sees it: `rm -rf` removes the lock file before the directory, and a
            // guard check in between would rightly report the lock (the next test's claim) instead.
            final Path removed = Files.move(journal, work.resolve("journal-removed"));
            Directories.deleteTree(removed);
            assertEquals(3, engine.awaitExit(), engine.log());
        }
        final String log = ChildJvm.readLog(work.resolve("engine.log"));
        // "replaced" when the guard looked after the path held a directory again (seen once in CI: a directory of
        // that name existed for a moment); either way the engine stopped loudly, without EngineStopped.
        assertTrue(log.contains("ERROR") && log.contains("journal directory " + journal + " was ") &&
            log.contains("while the engine was writing it: the engine cannot journal into a deleted journal"), log);
        assertTrue(log.contains("noctria run: engine halted: journal directory " + journal + " was "), log);
        assertFalse(log.contains("engine stopped cleanly"), log);
        // Nothing journaled behind the operator's back. CI has twice seen the directory itself come back (a
        // Chronicle queue object closing or polling as the engine halts, not found yet); what must never come back is
        // an excerpt the operator did not see. A start on what is left is refused anyway: cnc.dat is
        // the evidence of a longer journal (docs/operations-journal.md).
        if (Files.exists(journal))
        {
            try (Stream<Path> left = Files.list(journal))
            {
                final List<Path> files = left.collect(Collectors.toList());
                // Twice (2026-12-05, about 1 run in 10) a cycle file was there: 0 bytes, made about 100 ms before
                // the guard halted the engine, by a Chronicle queue object that never finished creating it. Such a
                // file holds no excerpt; one that holds any would be something journaled after the directory went.
                assertTrue(files.stream().filter(path -> path.getFileName().toString().endsWith(".cq4"))
                    .allMatch(TornCycleFiles::isTorn),
                    "no excerpt journaled behind the operator's back: " + describe(files) + "\n" + log);
            }
        }
    }

    @ProcessTest
    void shouldStopLoudlyWhenTheWriterLockFileIsDeletedUnderARunningEngine() throws Exception
    {
        final Path dataDir = work.resolve("data");
        final Path lockFile = WriterLock.lockFile(new DataDirectory(dataDir).queue(DataDirectory.JOURNAL));
        try (EngineProcess engine = startEngine(dataDir))
        {
            Files.delete(lockFile);
            assertEquals(3, engine.awaitExit(), engine.log());
        }
        final String log = ChildJvm.readLog(work.resolve("engine.log"));
        assertTrue(log.contains("journal writer lock " + lockFile + " was deleted while the engine was writing"), log);
        assertFalse(log.contains("engine stopped cleanly"), log);
    }

    @ProcessTest
    void shouldWriteEveryReportOwnerOnlyUnderAPermissiveUmask() throws Exception
    {
        assumeTrue(OwnerOnlyFiles.POSIX, "needs POSIX permissions");
        // The wrapper really applies the umask here: a file the shell creates is rw-rw-rw-.
        final Process probe = new ProcessBuilder("sh", "-c", "umask 000 && : > umask-probe").directory(work.toFile())
            .start();
        assertEquals(0, probe.waitFor());
        assertEquals("rw-rw-rw-", mode(work.resolve("umask-probe")), "umask 000 applies to children");

        final Path dataDir = work.resolve("data");
        final Path live = work.resolve("reports").resolve("live");
        final Path batch = work.resolve("reports").resolve("batch");
        final Path draft = work.resolve("postmortem").resolve("draft.md");
        final Path evidence = work.resolve("postmortem").resolve("evidence");
        writeReportsUnderUmask000(List.of(
            List.of("run", "--demo", "30", "--data-dir", dataDir.toString(), "--config", config().toString(),
                "--policy", ChildJvm.configs().resolve("risk_policy.yml").toString(), "--report", live.toString()),
            List.of("replay", "--data-dir", dataDir.toString(), "--out", batch.toString()),
            List.of("postmortem", "--data-dir", dataDir.toString(), "--from", "2000-01-01T00:00:00Z", "--to",
                "2100-01-01T00:00:00Z", "--out", draft.toString(), "--evidence", evidence.toString(), "--no-progress")));

        final List<Path> written = new ArrayList<>();
        for (final Path root : List.of(work.resolve("reports"), work.resolve("postmortem")))
        {
            try (Stream<Path> walk = Files.walk(root))
            {
                written.addAll(walk.collect(Collectors.toList()));
            }
        }
        assertTrue(written.contains(draft) && written.contains(live.resolve("outbox.jsonl")) &&
            written.contains(batch.resolve("kpis.json")) && written.contains(evidence.resolve("latency.hgrm")),
            "every writer ran: " + written);
        for (final Path path : written)
        {
            assertEquals(Files.isDirectory(path) ? "rwx------" : "rw-------", mode(path), path.toString());
        }
    }

    /** The commands one after another in one child JVM under umask 000; each must exit 0. */
    private void writeReportsUnderUmask000(final List<List<String>> commands) throws Exception
    {
        final Process process = ChildJvm.in(work).umask("000").jvmOption("-XX:TieredStopAtLevel=1")
            .log("report-writers").start(CommandSequence.class, CommandSequence.of(commands));
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the report writers finished");
        assertEquals(0, process.exitValue(), ChildJvm.readLog(work.resolve("report-writers.log")));
    }

    private EngineProcess startEngine(final Path dataDir) throws Exception
    {
        return EngineProcess.run(ChildJvm.in(work).heap("512m").env("NOCTRIA_IDEMPOTENCY_SECRET", SECRET), "engine",
            dataDir, "--config", config().toString(), "--policy", ChildJvm.configs().resolve("risk_policy.yml").toString());
    }

    private Path config() throws Exception
    {
        final Path file = work.resolve("engine.yml");
        if (!Files.exists(file))
        {
            Files.writeString(file, ENGINE_YML);
        }
        return file;
    }

    private static List<String> listing(final Path dir) throws Exception
    {
        try (Stream<Path> walk = Files.walk(dir))
        {
            return walk.map(Path::toString).sorted().collect(Collectors.toList());
        }
    }

    /** @return each file's name, size and last modification time, for a failure message. */
    private static List<String> describe(final List<Path> files)
    {
        final List<String> described = new ArrayList<>();
        for (final Path file : files)
        {
            try
            {
                described.add(file.getFileName() + " (" + Files.size(file) + " bytes, modified " +
                    Files.getLastModifiedTime(file) + ")");
            }
            catch (final java.io.IOException ex)
            {
                described.add(file.getFileName() + " (" + ex + ")");
            }
        }
        return described;
    }

    private static Object fileKey(final Path path) throws Exception
    {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static String mode(final Path path) throws Exception
    {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}

package io.noctria.engine.cli;

import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.ProcessTest;
import io.noctria.journal.DataDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The disk guard of the other writers of memory-mapped queues, {@code submit} and {@code broker-sim}
 * (journal.min_free_mb, as the engine's): they stop before the file system is full, and {@code submit} says
 * exactly which lines landed. Driven through each command's usable-space seam, so no disk is filled.
 */
class DiskGuardCommandTest
{
    private static final long MIB = 1L << 20;

    @TempDir
    Path work;

    @AfterEach
    void realFileSystemAgain()
    {
        SubmitCommand.usableSpace = null;
        BrokerSimCommand.usableSpace = null;
    }

    @Test
    void shouldStopSubmitBeforeTheDiskFillsSayingExactlyWhichLinesLanded() throws Exception
    {
        final Path dataDir = work.resolve("data");
        final int lineCount = 600;
        final List<String> lines = new ArrayList<>();
        for (int i = 1; i <= lineCount; i++)
        {
            lines.add(i == 3 ? "{not json" : "{\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":1,\"price\":150,\"trace_id\":\"t-" + i +
                "\",\"ts\":\"2026-11-22T04:20:00Z\"}");
        }
        final Path file = Files.write(work.resolve("orders.jsonl"), lines);
        // Read before line 1, 257 and 513: room for the first two reads, 100 MiB (below the 512 default) at the third.
        final AtomicInteger reads = new AtomicInteger();
        SubmitCommand.usableSpace = () -> reads.incrementAndGet() < 3 ? 10_000 * MIB : 100 * MIB;

        final CliRun submit = CliRun.run("submit", "--data-dir", dataDir.toString(), file.toString());
        final Path inbound = new DataDirectory(dataDir).queue(DataDirectory.INBOUND);
        assertEquals(SubmitCommand.DISK_SPACE_LOW_EXIT, submit.exitCode, submit.toString());
        assertEquals(3, reads.get(), "space read before line 1, 257 and 513");
        assertTrue(submit.err.contains("submit: stopped at line 513: disk space low: 100.0 MiB usable on the file " +
            "system of the inbound queue " + inbound + ", below journal.min_free_mb 512"), submit.err);
        assertTrue(submit.err.contains("; lines 1..512 appended (511 requests, 1 bad line(s) rejected), lines 513.. " +
            "not appended"), submit.err);
        assertTrue(submit.err.contains("orders.jsonl:3: MALFORMED"), submit.err);
        assertTrue(submit.out.contains("submitted 511 order request(s)"), submit.out);

        final CliRun tail = CliRun.run("tail", "--data-dir", dataDir.toString(), "--queue", "inbound", "--format", "json");
        final List<String> traces = new ArrayList<>();
        for (final String line : tail.lines())
        {
            final Map<String, String> fields = TailCommandTest.parseFlatJson(line);
            traces.add(fields.get("traceId"));
        }
        final List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 512; i++)
        {
            if (i != 3)
            {
                expected.add("\"t-" + i + "\"");
            }
        }
        assertEquals(expected, traces, "exactly lines 1..512 (less the bad one) are in inbound, in order");
    }

    @Test
    void shouldAppendNothingAndCreateNothingWhenTheSpaceIsLowBeforeTheFirstLine() throws Exception
    {
        final Path dataDir = work.resolve("data");
        final Path file = Files.write(work.resolve("orders.jsonl"), List.of(
            "{\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":1,\"price\":150,\"trace_id\":\"t-1\",\"ts\":\"2026-11-22T04:20:00Z\"}"));
        final Path config = Files.writeString(work.resolve("engine.yml"), "journal: {min_free_mb: 64}\n");
        SubmitCommand.usableSpace = () -> 63 * MIB;

        final CliRun submit = CliRun.run("submit", "--config", config.toString(), "--data-dir", dataDir.toString(),
            file.toString());
        assertEquals(SubmitCommand.DISK_SPACE_LOW_EXIT, submit.exitCode, submit.toString());
        assertTrue(submit.err.contains("submit: nothing appended: disk space low: 63.0 MiB usable"), submit.err);
        assertTrue(submit.err.contains("below journal.min_free_mb 64 (of --config"), submit.err);
        assertFalse(Files.exists(dataDir), "no queue created");

        SubmitCommand.usableSpace = () -> 64 * MIB;
        final CliRun enough = CliRun.run("submit", "--config", config.toString(), "--data-dir", dataDir.toString(),
            file.toString());
        assertEquals(0, enough.exitCode, "exactly the threshold is enough: " + enough);
    }

    @ProcessTest
    void shouldRefuseSubmitInARealProcessWhenTheRealFileSystemIsBelowTheThreshold() throws Exception
    {
        final long usable = Files.getFileStore(work).getUsableSpace();
        assumeTrue(usable < (1L << 40), "needs a file system with less than 1 TiB usable");
        final Path dataDir = work.resolve("data");
        final Path file = Files.write(work.resolve("orders.jsonl"), List.of(
            "{\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":1,\"price\":150,\"trace_id\":\"t-1\",\"ts\":\"2026-11-22T04:20:00Z\"}"));
        final Path config = Files.writeString(work.resolve("engine.yml"), "journal: {min_free_mb: 1048576}\n");
        final Process submit = ChildJvm.in(work).jvmOption("-XX:TieredStopAtLevel=1").log("submit")
            .start(NoctriaCli.class, "submit", "--config", config.toString(), "--data-dir", dataDir.toString(),
                file.toString());
        assertTrue(submit.waitFor(60, TimeUnit.SECONDS), "submit finished");
        final String log = ChildJvm.readLog(work.resolve("submit.log"));
        assertEquals(SubmitCommand.DISK_SPACE_LOW_EXIT, submit.exitValue(), log);
        assertTrue(log.contains("submit: nothing appended: disk space low: "), log);
        assertFalse(Files.exists(dataDir), "no queue created");
    }

    @Test
    void shouldRefuseToStartBrokerSimBelowTheThresholdOpeningNothing() throws Exception
    {
        final Path venue = work.resolve("venue");
        final Path config = Files.writeString(work.resolve("engine.yml"), "journal: {min_free_mb: 100}\n");
        BrokerSimCommand.usableSpace = () -> 99 * MIB;

        final CliRun sim = CliRun.run("broker-sim", "--config", config.toString(), "--data-dir", venue.toString());
        assertEquals(2, sim.exitCode, sim.toString());
        assertTrue(sim.err.contains("disk space low: 99.0 MiB usable on the file system of the venue's queues " +
            venue.toAbsolutePath() + ", below journal.min_free_mb 100; refusing to start"), sim.err);
        assertFalse(Files.exists(venue), "no queue opened");
    }

    @ProcessTest
    void shouldStopARunningBrokerSimWhenTheSpaceGoesLow() throws Exception
    {
        final Path venue = work.resolve("venue");
        final Path config = Files.writeString(work.resolve("engine.yml"), "journal: {min_free_mb: 100}\n");
        final AtomicInteger reads = new AtomicInteger();
        // Room at the start-up check and the first running checks, then 50 MiB.
        BrokerSimCommand.usableSpace = () -> reads.incrementAndGet() < 4 ? 10_000 * MIB : 50 * MIB;

        final CliRun sim = CliRun.run("broker-sim", "--config", config.toString(), "--data-dir", venue.toString());
        assertEquals(4, sim.exitCode, sim.toString());
        assertEquals(4, reads.get(), "stopped at the first low read");
        assertTrue(sim.err.contains("disk space low: 50.0 MiB usable on the file system of the venue's queues " +
            venue.toAbsolutePath() + ", below journal.min_free_mb 100; stopping: no more orders are taken"), sim.err);
    }
}

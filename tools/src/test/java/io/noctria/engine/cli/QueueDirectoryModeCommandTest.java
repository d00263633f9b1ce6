package io.noctria.engine.cli;

import io.noctria.journal.DataDirectory;
import io.noctria.journal.OwnerOnlyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A queue directory group or others can reach (e.g. a pre-existing 0777 one) is refused by the commands that write
 * it, naming the directory, its mode and {@code chmod 700}; a reader still reads it.
 */
class QueueDirectoryModeCommandTest
{
    @TempDir
    Path work;

    @Test
    void shouldRefuseWritersOfAWorldWritableInboundAndLetAReaderRead() throws Exception
    {
        assumeTrue(OwnerOnlyFiles.POSIX, "needs POSIX permissions");
        final Path dataDir = work.resolve("data");
        final Path inbound = new DataDirectory(dataDir).queue(DataDirectory.INBOUND);
        final Path file = Files.write(work.resolve("orders.jsonl"), List.of(
            "{\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":1,\"price\":150,\"trace_id\":\"t-1\",\"ts\":\"2026-11-22T04:20:00Z\"}"));
        assertEquals(0, CliRun.run("submit", "--data-dir", dataDir.toString(), file.toString()).exitCode);
        Files.setPosixFilePermissions(inbound, PosixFilePermissions.fromString("rwxrwxrwx"));

        final String expected = "directory " + inbound + " has mode rwxrwxrwx: group or others may read its orders " +
            "and keys or rename its files; make it owner-only with `chmod 700 " + inbound + "`";
        final CliRun submit = CliRun.run("submit", "--data-dir", dataDir.toString(), file.toString());
        assertEquals(1, submit.exitCode, submit.toString());
        assertTrue(submit.err.contains(expected), submit.err);
        // A properly signed control: the directory, not the signature, is what pause must refuse here.
        io.noctria.engine.runtime.OperatorKeys.write(work.resolve("keys"), "ops", io.noctria.engine.runtime.OperatorKeys.generate());
        final CliRun pause = CliRun.run("pause", "--on", "--reason", "drill", "--key",
            work.resolve("keys").resolve("ops.key").toString(), "--data-dir", dataDir.toString());
        assertEquals(1, pause.exitCode, pause.toString());
        assertTrue(pause.err.contains(expected), pause.err);

        final CliRun tail = CliRun.run("tail", "--data-dir", dataDir.toString(), "--queue", "inbound");
        assertEquals(0, tail.exitCode, tail.toString());
        assertEquals(1, tail.lines().size(), "the reader still reads (and warns in the log): " + tail);

        Files.setPosixFilePermissions(inbound, PosixFilePermissions.fromString("rwx------"));
        assertEquals(0, CliRun.run("submit", "--data-dir", dataDir.toString(), file.toString()).exitCode,
            "after chmod 700 it is accepted");
    }
}

package io.noctria.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code fix-venue}'s help and its refusals (and {@code run --venue fix}'s); the running acceptor is covered by FixVenueProcessTest and
 * FixEngineRestartProcessTest.
 */
class FixVenueCommandTest
{
    @TempDir
    Path work;

    @Test
    void shouldDescribeItselfInTheCommandTable()
    {
        final CliRun help = CliRun.run("fix-venue", "--help");
        assertEquals(0, help.exitCode, help.toString());
        assertTrue(help.out.contains("FIX 4.4") && help.out.contains("--port") && help.out.contains("--seed") &&
            help.out.contains("--config") && help.out.contains("--disconnect-after"), help.out);
        assertTrue(CliRun.run("--help").out.contains("fix-venue"));
    }

    @Test
    void shouldRefuseABadPortOrConfigBeforeOpeningAnything() throws Exception
    {
        final CliRun port = CliRun.run("fix-venue", "--data-dir", work.resolve("venue").toString(), "--port", "70000");
        assertEquals(2, port.exitCode, port.toString());
        assertTrue(port.err.contains("--port must be from 1 to 65535, was 70000"), port.err);

        final Path config = work.resolve("engine.yml");
        Files.writeString(config, "broker_sim:\n  reject_probability: 2\n");
        final CliRun bad = CliRun.run("fix-venue", "--data-dir", work.resolve("venue").toString(), "--port", "9878",
            "--config", config.toString());
        assertEquals(2, bad.exitCode, bad.toString());
        assertTrue(bad.err.contains("broker_sim.reject_probability: 2 is invalid"), bad.err);
        assertFalse(Files.exists(work.resolve("venue")), "nothing created on a refused start");

        // run's --venue fix starts a fix-venue for a demo day only.
        final CliRun notDemo = CliRun.run("--data-dir", work.resolve("a").toString(), "run", "--venue", "fix");
        assertEquals(2, notDemo.exitCode, notDemo.toString());
        assertTrue(notDemo.err.contains("--venue fix is for --demo runs"), notDemo.toString());
        final CliRun unknown = CliRun.run("--data-dir", work.resolve("b").toString(), "run", "--demo", "10",
            "--venue", "lse");
        assertEquals(2, unknown.exitCode, unknown.toString());
        assertTrue(unknown.err.contains("--venue must be embedded or fix, was lse"), unknown.toString());
    }
}

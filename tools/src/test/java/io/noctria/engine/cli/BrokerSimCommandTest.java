package io.noctria.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code broker-sim}'s help and its refusals; the running process is covered by BrokerSimProcessTest. */
class BrokerSimCommandTest
{
    @TempDir
    Path work;

    @Test
    void shouldDescribeItselfInTheCommandTable()
    {
        final CliRun help = CliRun.run("broker-sim", "--help");
        assertEquals(0, help.exitCode, help.toString());
        assertTrue(help.out.contains("broker-orders") && help.out.contains("broker-reports") &&
            help.out.contains("broker-ledger"), help.out);
        assertTrue(help.out.contains("--seed") && help.out.contains("--config") && help.out.contains("--data-dir"), help.out);
        assertTrue(CliRun.run("--help").out.contains("broker-sim"));
    }

    @Test
    void shouldRefuseABadConfigNamingFileKeyAndValue() throws Exception
    {
        final Path config = work.resolve("engine.yml");
        Files.writeString(config, "broker_sim:\n  reject_probability: 2\n");
        final CliRun run = CliRun.run("broker-sim", "--data-dir", work.resolve("venue").toString(),
            "--config", config.toString());
        assertEquals(2, run.exitCode, run.toString());
        assertTrue(run.err.contains("broker_sim.reject_probability: 2 is invalid"), run.err);
        assertFalse(Files.exists(work.resolve("venue")), "nothing created on a refused start");
    }
}

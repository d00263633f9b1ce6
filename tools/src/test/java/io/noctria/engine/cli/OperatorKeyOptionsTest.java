package io.noctria.engine.cli;

import io.noctria.engine.runtime.OperatorKeys;
import io.noctria.journal.DataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The CLI side of signed controls: {@code pause} and {@code reload-policy} need a usable key and take the operator
 * name from it; {@code run} refuses an operators directory it cannot trust. Nothing is appended on a refusal.
 */
class OperatorKeyOptionsTest
{
    @TempDir
    Path work;

    @Test
    void shouldRefuseToSendAControlWithoutAKey()
    {
        assumeNoKeyInEnvironment();
        final CliRun run = CliRun.run("pause", "--on", "--reason", "r", "--data-dir", work.resolve("data").toString());
        assertEquals(2, run.exitCode, run.toString());
        assertTrue(run.err.contains("no operator key: pass --key FILE or set NOCTRIA_OPERATOR_KEY"), run.err);
        assertFalse(Files.exists(new DataDirectory(work.resolve("data")).queue(DataDirectory.INBOUND)), "nothing appended");
    }

    @Test
    void shouldTakeTheOperatorNameFromTheKeyFile() throws Exception
    {
        final Path key = key("ops-carol");
        final CliRun other = CliRun.run("pause", "--on", "--reason", "r", "--key", key.toString(), "--operator",
            "ops-dave", "--data-dir", work.resolve("data").toString());
        assertEquals(2, other.exitCode, other.toString());
        assertTrue(other.err.contains("--operator ops-dave does not match the key " + key + ", which is operator " +
            "ops-carol"), other.err);

        final CliRun same = CliRun.run("pause", "--on", "--reason", "r", "--key", key.toString(), "--data-dir",
            work.resolve("data").toString());
        assertEquals(0, same.exitCode, same.toString());
        assertTrue(same.out.contains("trading pause ON requested by ops-carol"), same.out);
    }

    @Test
    void shouldRefuseAKeyOthersCanRead() throws Exception
    {
        final Path key = key("ops-erin");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        final CliRun run = CliRun.run("reload-policy", "--reason", "r", "--key", key.toString(), "--data-dir",
            work.resolve("data").toString());
        assertEquals(2, run.exitCode, run.toString());
        assertTrue(run.err.contains(key + ": readable or writable by group or others (rw-r--r--); it must be " +
            "owner-only: chmod 600 " + key), run.err);
    }

    @Test
    void shouldRefuseToStartOnAnOperatorsDirectoryHoldingAPrivateKey() throws Exception
    {
        final Path operators = work.resolve("operators");
        OperatorKeys.write(operators, "ops-frank", OperatorKeys.generate());
        final CliRun run = CliRun.run("run", "--demo", "10", "--operators", operators.toString(), "--data-dir",
            work.resolve("data").toString(), "--config", io.noctria.engine.testing.ChildJvm.configs().resolve("engine.yml")
            .toString(), "--policy", io.noctria.engine.testing.ChildJvm.configs().resolve("risk_policy.yml").toString());
        assertEquals(2, run.exitCode, run.toString());
        assertTrue(run.err.contains(operators.resolve("ops-frank.key") + ": a private key in the operators directory"),
            run.err);
    }

    private Path key(final String name) throws Exception
    {
        OperatorKeys.write(work.resolve("keys"), name, OperatorKeys.generate());
        return work.resolve("keys").resolve(name + ".key");
    }

    private static void assumeNoKeyInEnvironment()
    {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(OperatorKeyFile.KEY_ENV) == null,
            "NOCTRIA_OPERATOR_KEY is set in this environment");
    }
}

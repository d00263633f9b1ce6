package io.noctria.engine.badinput;

import io.noctria.engine.cli.NoctriaCli;
import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.CommandResult;
import io.noctria.engine.testing.Cli;
import io.noctria.engine.config.ConfigException;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.testing.ProcessTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The configuration half of the bad-input matrix: every file of {@link ConfigCases} is refused by its
 * loader with a message naming the file, the key and the value; through {@code noctria run} start-up
 * stops with exit status 2 and that message on stderr, before any queue is created.
 */
class ConfigBadInputMatrixTest
{
    @TempDir
    Path work;

    static List<ConfigCase> cases()
    {
        return ConfigCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldRefuseTheFileNamingFileKeyAndValue(final ConfigCase c) throws Exception
    {
        final Path file = work.resolve(c.file());
        Files.writeString(file, c.yaml());
        final ConfigException error = assertThrows(ConfigException.class,
            () -> { if (c.isPolicy()) RiskPolicy.load(file); else EngineConfig.load(file); }, c.yaml());
        assertTrue(error.getMessage().startsWith(file + ": " + c.expected()),
            "expected '" + file + ": " + c.expected() + "...'\n but was '" + error.getMessage() + "'");
        assertFalse(error.getMessage().contains("\n"), "one line: " + error.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("startUpSample")
    void shouldRefuseToStartWithExitTwoAndTheMessage(final ConfigCase c) throws Exception
    {
        final Path dataDir = work.resolve("data");
        final Path bad = work.resolve(c.file());
        Files.writeString(bad, c.yaml());
        final Path goodEngine = work.resolve("good-engine.yml");
        Files.writeString(goodEngine, "pipeline: {}\n");
        final Path goodPolicy = work.resolve("good-policy.yml");
        Files.writeString(goodPolicy, ConfigCases.POLICY);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = NoctriaCli.execute(new PrintWriter(out), new PrintWriter(err), "run", "--data-dir",
            dataDir.toString(), "--config", (c.isPolicy() ? goodEngine : bad).toString(),
            "--policy", (c.isPolicy() ? bad : goodPolicy).toString());
        assertEquals(2, code, out + "\n" + err);
        assertTrue(err.toString().startsWith("noctria run: " + bad + ": " + c.expected()), err.toString());
        assertFalse(Files.exists(dataDir), "nothing is created when start-up is refused");
    }

    /** A few of each kind through the command itself; the loader test covers them all. */
    static List<ConfigCase> startUpSample()
    {
        final List<ConfigCase> all = ConfigCases.all();
        final List<ConfigCase> sample = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 8)
        {
            sample.add(all.get(i));
        }
        return sample;
    }

    @ProcessTest
    void shouldExitTwoFromTheRealEntryPoint() throws Exception
    {
        // The JVM's own exit status and stderr, as a supervisor sees them: NoctriaCli.main in a child process.
        final ConfigCase c = ConfigCases.all().stream().filter(x -> x.name().equals("policy-override-negative"))
            .findFirst().orElseThrow();
        final Path bad = work.resolve(c.file());
        Files.writeString(bad, c.yaml());
        final Path configs = ChildJvm.configs();
        final CommandResult result = ChildJvm.in(work).heap("128m")
            .env("NOCTRIA_IDEMPOTENCY_SECRET", "config-matrix-secret-of-at-least-32-bytes")
            .execute("run", NoctriaCli.class, "run", "--data-dir", work.resolve("data").toString(), "--config",
                configs.resolve("engine.yml").toString(), "--policy", bad.toString());
        final String stderr = result.err();
        assertEquals(2, result.code(), stderr);
        assertTrue(stderr.contains("noctria run: " + bad + ": " + c.expected()), stderr);
        assertFalse(stderr.contains("config-matrix-secret-of-at-least-32-bytes"), "the secret is never printed");
        assertFalse(Files.exists(work.resolve("data")), "nothing is created when start-up is refused");
    }
}

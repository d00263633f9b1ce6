package io.noctria.engine.badinput;

import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.codecs.sbe.PolicyReloadEncoder;
import io.noctria.engine.cli.NoctriaCli;
import io.noctria.engine.config.ConfigException;
import io.noctria.engine.runtime.Engine;
import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.PoisonYaml;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The poison-pill attacks of issue 10, through real processes: a hostile PolicyReload appended straight into
 * {@code data/inbound} (as anyone who can write there could, bypassing {@code reload-policy}'s own check) leaves
 * {@code run} running, journals POLICY_RELOAD_FAILED, keeps the policy, still decides the next order, and a
 * restart on the same data directory recovers; {@code run --config} and {@code reload-policy --policy} given a
 * hostile file exit 2 with one stderr line naming it.
 */
class PoisonPolicyProcessTest
{
    private static final String OPERATOR = "mallory";
    /** The poison is signed by an operator the engine trusts: the parser, not the signature check, must stop it. */
    private static final java.security.KeyPair OPERATOR_KEY = io.noctria.engine.runtime.OperatorKeys.generate();

    @TempDir
    Path work;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void shouldSurvivePoisonPolicyReloadsAndRecoverAfterARestart() throws Exception
    {
        final Path dataDir = work.resolve("data");
        // Keyless requests as in the matrices; no clock-skew check, since the tables' times are fixed and this
        // child reads the real clock.
        final Path engineYml = Files.writeString(work.resolve("engine.yml"), "idempotency: {require_key: false, require_auth: false}\nclock: {max_skew_ms: 0}\n");
        final Path policyYml = Files.writeString(work.resolve("policy.yml"), MatrixEngine.POLICY_YML);
        final Path journalDir = new DataDirectory(dataDir).queue(DataDirectory.JOURNAL);

        trust(dataDir);
        Process engine = startEngine(dataDir, engineYml, policyYml, "first");
        final Map<String, Long> inboundByPoison = new LinkedHashMap<>();
        final long orderInbound;
        int exit = -1;
        try
        {
            awaitRunning("first");
            assertEquals(1, JournalOutcomes.read(dataDir).policiesLoaded(), "the start-up policy");
            try (Journal inbound = Journal.open(new DataDirectory(dataDir).queue(DataDirectory.INBOUND),
                JournalConfig.defaults().withSharedWriters()))
            {
                for (final Map.Entry<String, String> poison : PoisonYaml.all().entrySet())
                {
                    final byte[] reload = policyReload(poison.getValue());
                    if (reload.length > Engine.MAX_INPUT_LENGTH)
                    {
                        continue; // ingress refuses it as too long before any parser sees it (InboundCases covers that)
                    }
                    inboundByPoison.put(poison.getKey(), inbound.append(new UnsafeBuffer(reload), 0, reload.length));
                }
                final byte[] order = InboundCases.goodRequest("after-poison");
                orderInbound = inbound.append(new UnsafeBuffer(order), 0, order.length);
            }
            final JournalOutcomes outcomes = await(dataDir, o -> o.decision(orderInbound) != null,
                "the order after the poison decided", "first");
            assertTrue(engine.isAlive(), "the engine still runs:\n" + log("first"));
            assertEquals(4, inboundByPoison.size(), inboundByPoison.toString());
            for (final Map.Entry<String, Long> poison : inboundByPoison.entrySet())
            {
                assertEquals(List.of(AlertCode.POLICY_RELOAD_FAILED), outcomes.alertCodes(poison.getValue()),
                    poison.getKey());
                final String message = outcomes.alerts(poison.getValue()).get(0);
                assertTrue(message.startsWith("policy reload by " + OPERATOR + " refused, previous policy ") &&
                    message.contains(" kept: inbound.yml: ") &&
                    message.length() <= ConfigException.MAX_MESSAGE_LENGTH + 100, poison.getKey() + ": " + message);
            }
            assertEquals(1, outcomes.policiesLoaded(), "no poison was loaded: only the start-up policy");
        }
        finally
        {
            exit = ChildJvm.terminate(engine, "first", work.resolve("first.log"));
        }
        assertEquals(0, exit, "SIGTERM drains and exits cleanly:\n" + log("first"));

        engine = startEngine(dataDir, engineYml, policyYml, "second");
        try
        {
            awaitRunning("second");
            final JournalOutcomes outcomes = JournalOutcomes.read(dataDir);
            assertEquals(2, outcomes.engineStarts());
            assertTrue(engine.isAlive(), "recovery re-applied the poison and survived:\n" + log("second"));
            assertEquals(1, outcomes.engineStops());
            assertEquals(List.of(), outcomes.invalid());
        }
        finally
        {
            exit = ChildJvm.terminate(engine, "second", work.resolve("second.log"));
        }
        assertEquals(0, exit, log("second"));
        assertEquals(2, JournalOutcomes.read(dataDir).engineStops());
        assertTrue(Files.exists(journalDir));
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void shouldRefuseAPoisonFileGivenToRunOrReloadPolicyWithOneLineNamingIt() throws Exception
    {
        for (final Map.Entry<String, String> poison : PoisonYaml.all().entrySet())
        {
            final Path file = Files.writeString(work.resolve("poison.yml"), poison.getValue());
            assertRefused(poison.getKey(), file, "run", "--data-dir", work.resolve("data").toString(),
                "--config", file.toString(), "--policy", ChildJvm.configs().resolve("risk_policy.yml").toString());
            assertRefused(poison.getKey(), file, "run", "--data-dir", work.resolve("data").toString(),
                "--config", ChildJvm.configs().resolve("engine.yml").toString(), "--policy", file.toString());
            assertRefused(poison.getKey(), file, "reload-policy", "--data-dir", work.resolve("data").toString(),
                "--policy", file.toString(), "--reason", "poison", "--key", operatorKeyFile().toString());
        }
        assertTrue(!Files.exists(new DataDirectory(work.resolve("data")).queue(DataDirectory.JOURNAL)),
            "nothing was started");
    }

    /**
     * The PolicyReload a hostile producer appends. One method on purpose: when PolicyReload gains an operator
     * signature, the integrator signs it here (a poison must fail on its content, not on a missing signature).
     */
    private static byte[] policyReload(final String yaml)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128 * 1024]);
        final PolicyReloadEncoder reload = new PolicyReloadEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .inboundIndex(-1)
            .ingressNs(0)
            .submittedNs(System.currentTimeMillis() * 1_000_000L) // fresh: a live engine refuses stale controls
            .operatorName(OPERATOR)
            .reason("poison")
            .source("inbound.yml")
            .policy(yaml);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + reload.encodedLength();
        io.noctria.engine.core.ControlSignatures.sign(OPERATOR_KEY.getPrivate(), buffer, 0, length);
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    /** The operator's key pair in work/keys; its public half in the data directory's operators directory. */
    private void trust(final Path dataDir) throws java.io.IOException
    {
        final Path operators = dataDir.resolve("operators");
        io.noctria.journal.OwnerOnlyFiles.createDirectories(operators);
        final Path pub = operatorKeyFile().resolveSibling(OPERATOR + io.noctria.engine.runtime.OperatorKeys.PUBLIC_SUFFIX);
        Files.copy(pub, operators.resolve(pub.getFileName()));
    }

    private Path operatorKeyFile() throws java.io.IOException
    {
        final Path keys = work.resolve("keys");
        final Path key = keys.resolve(OPERATOR + io.noctria.engine.runtime.OperatorKeys.PRIVATE_SUFFIX);
        if (!Files.exists(key))
        {
            io.noctria.engine.runtime.OperatorKeys.write(keys, OPERATOR, OPERATOR_KEY);
        }
        return key;
    }

    private void assertRefused(final String poison, final Path file, final String... args) throws Exception
    {
        final Path out = work.resolve("cli.out");
        final Path err = work.resolve("cli.err");
        final Process cli = ChildJvm.in(work).heap("128m").jvmOption("-XX:TieredStopAtLevel=1")
            .env("NOCTRIA_IDEMPOTENCY_SECRET", "poison-test-secret-0123456789abcdef").output(out, err).start(NoctriaCli.class, args);
        if (!cli.waitFor(60, TimeUnit.SECONDS))
        {
            cli.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail(poison + ": " + String.join(" ", args) + " did not exit within 60 s");
        }
        final String stderr = Files.readString(err, StandardCharsets.UTF_8);
        final String what = poison + ": noctria " + String.join(" ", args) + " -> " + cli.exitValue() + "\n" + stderr;
        assertEquals(2, cli.exitValue(), what);
        final List<String> lines = stderr.lines().filter(line -> !line.isBlank()).toList();
        assertEquals(1, lines.size(), what);
        assertTrue(lines.get(0).startsWith("noctria " + args[0] + ": " + file + ": "), what);
        assertTrue(lines.get(0).length() < ConfigException.MAX_MESSAGE_LENGTH + 100, what);
    }

    private Process startEngine(final Path dataDir, final Path engineYml, final Path policyYml, final String name)
        throws Exception
    {
        return ChildJvm.in(work).heap("512m").env("NOCTRIA_IDEMPOTENCY_SECRET", MatrixEngine.SECRET).log(name)
            .start(NoctriaCli.class, "run", "--data-dir", dataDir.toString(), "--config", engineYml.toString(),
                "--policy", policyYml.toString());
    }

    private JournalOutcomes await(final Path dataDir, final Predicate<JournalOutcomes> condition, final String what,
        final String logName) throws Exception
    {
        final Path journal = new DataDirectory(dataDir).queue(DataDirectory.JOURNAL);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline)
        {
            if (Files.exists(journal.resolve("metadata.cq4t")))
            {
                final JournalOutcomes outcomes = JournalOutcomes.read(dataDir);
                if (condition.test(outcomes))
                {
                    return outcomes;
                }
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        fail("timed out waiting for: " + what + "\n" + log(logName));
        return null;
    }

    /** Waits for `run`'s "engine running" line: recovery is over and SIGTERM now drains instead of killing. */
    private void awaitRunning(final String name) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!log(name).contains("engine running on "))
        {
            if (System.nanoTime() > deadline)
            {
                fail(name + " did not report running within 90 s:\n" + log(name));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private String log(final String name) throws Exception
    {
        return ChildJvm.readLog(work.resolve(name + ".log"));
    }
}

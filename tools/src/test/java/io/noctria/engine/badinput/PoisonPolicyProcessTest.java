package io.noctria.engine.badinput;

import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.codecs.sbe.PolicyReloadEncoder;
import io.noctria.engine.cli.NoctriaCli;
import io.noctria.engine.config.ConfigException;
import io.noctria.engine.runtime.Engine;
import io.noctria.engine.runtime.EngineCounter;
import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.CommandResult;
import io.noctria.engine.testing.Cli;
import io.noctria.engine.testing.EngineProcess;
import io.noctria.engine.testing.PoisonYaml;
import io.noctria.engine.testing.ProcessTest;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The poison-pill attacks of issue 10, through real processes: a hostile PolicyReload appended straight into
 * {@code data/inbound} (as anyone who can write there could, bypassing {@code reload-policy}'s own check) leaves
 * {@code run} running, journals POLICY_RELOAD_FAILED, keeps the policy, still decides the next order, and a
 * restart on the same data directory recovers; {@code run --config} and {@code reload-policy --policy} given a
 * hostile file exit 2 with one stderr line naming it. Each poison is refused once by a child JVM of 128 MiB (a
 * real process's exit status and stderr, and a heap a billion laughs would exhaust), the other two commands in
 * this JVM through {@link NoctriaCli#execute} (the code below {@code main}), so that fifteen refusals cost five
 * JVM starts.
 */
class PoisonPolicyProcessTest
{
    private static final String OPERATOR = "mallory";
    /** The poison is signed by an operator the engine trusts: the parser, not the signature check, must stop it. */
    private static final java.security.KeyPair OPERATOR_KEY = io.noctria.engine.runtime.OperatorKeys.generate();

    @TempDir
    Path work;

    @ProcessTest
    void shouldSurvivePoisonPolicyReloadsAndRecoverAfterARestart() throws Exception
    {
        final Path dataDir = work.resolve("data");
        // Keyless requests as in the matrices; no clock-skew check, since the tables' times are fixed and this
        // child reads the real clock.
        final Path engineYml = Files.writeString(work.resolve("engine.yml"), "idempotency: {require_key: false, require_auth: false}\nclock: {max_skew_ms: 0}\n");
        final Path policyYml = Files.writeString(work.resolve("policy.yml"), MatrixEngine.POLICY_YML);
        final Path journalDir = new DataDirectory(dataDir).queue(DataDirectory.JOURNAL);

        trust(dataDir);
        final Map<String, Long> inboundByPoison = new LinkedHashMap<>();
        final long orderInbound;
        try (EngineProcess engine = startEngine(dataDir, engineYml, policyYml, "first"))
        {
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
            // The order was appended last: once it is decided, every reload before it has been refused.
            engine.await(EngineCounter.ORDER_REQUESTS, 1);
            final JournalOutcomes outcomes = JournalOutcomes.read(dataDir);
            assertTrue(outcomes.decision(orderInbound) != null, "the order after the poison decided");
            assertTrue(engine.isAlive(), "the engine still runs:\n" + engine.log());
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
            assertEquals(0, engine.stop(), "SIGTERM drains and exits cleanly:\n" + engine.log());
        }

        try (EngineProcess engine = startEngine(dataDir, engineYml, policyYml, "second"))
        {
            final JournalOutcomes outcomes = JournalOutcomes.read(dataDir);
            assertEquals(2, outcomes.engineStarts());
            assertTrue(engine.isAlive(), "recovery re-applied the poison and survived:\n" + engine.log());
            assertEquals(1, outcomes.engineStops());
            assertEquals(List.of(), outcomes.invalid());
            assertEquals(0, engine.stop(), engine.log());
        }
        assertEquals(2, JournalOutcomes.read(dataDir).engineStops());
        assertTrue(Files.exists(journalDir));
    }

    @ProcessTest
    void shouldRefuseAPoisonFileGivenToRunOrReloadPolicyWithOneLineNamingIt() throws Exception
    {
        int poisonNumber = 0;
        for (final Map.Entry<String, String> poison : PoisonYaml.all().entrySet())
        {
            final Path file = Files.writeString(work.resolve("poison.yml"), poison.getValue());
            final List<String[]> commands = List.of(
                new String[] {"run", "--data-dir", work.resolve("data").toString(),
                    "--config", file.toString(), "--policy", ChildJvm.configs().resolve("risk_policy.yml").toString()},
                new String[] {"run", "--data-dir", work.resolve("data").toString(),
                    "--config", ChildJvm.configs().resolve("engine.yml").toString(), "--policy", file.toString()},
                new String[] {"reload-policy", "--data-dir", work.resolve("data").toString(),
                    "--policy", file.toString(), "--reason", "poison", "--key", operatorKeyFile().toString()});
            for (int i = 0; i < commands.size(); i++)
            {
                // Each command is a child JVM for at least one poison; each poison is refused by one child JVM.
                final boolean child = i == poisonNumber % commands.size();
                assertRefused(poison.getKey(), file, child, commands.get(i));
            }
            poisonNumber++;
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

    /** Runs the command in a child JVM ({@code child}) or in this one, and asserts its one-line refusal. */
    private void assertRefused(final String poison, final Path file, final boolean child, final String... args)
        throws Exception
    {
        final CommandResult result = child ? ChildJvm.in(work).heap("128m").jvmOption("-XX:TieredStopAtLevel=1")
            .env("NOCTRIA_IDEMPOTENCY_SECRET", "poison-test-secret-0123456789abcdef").execute("cli", NoctriaCli.class, args)
            : Cli.execute(args);
        final int exit = result.code();
        final String stderr = result.err();
        final String what = poison + ": noctria " + String.join(" ", args) + (child ? " (child JVM)" : " (in-process)") +
            " -> " + exit + "\n" + stderr;
        assertEquals(2, exit, what);
        final List<String> lines = stderr.lines().filter(line -> !line.isBlank()).toList();
        assertEquals(1, lines.size(), what);
        assertTrue(lines.get(0).startsWith("noctria " + args[0] + ": " + file + ": "), what);
        assertTrue(lines.get(0).length() < ConfigException.MAX_MESSAGE_LENGTH + 100, what);
    }

    private EngineProcess startEngine(final Path dataDir, final Path engineYml, final Path policyYml,
        final String name) throws Exception
    {
        return EngineProcess.run(ChildJvm.in(work).heap("512m").env("NOCTRIA_IDEMPOTENCY_SECRET", MatrixEngine.SECRET),
            name, dataDir, "--config", engineYml.toString(), "--policy", policyYml.toString());
    }
}

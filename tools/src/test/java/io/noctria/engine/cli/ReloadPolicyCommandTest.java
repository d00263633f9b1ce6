package io.noctria.engine.cli;

import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.AlertDecoder;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.codecs.sbe.PolicyLoadedDecoder;
import io.noctria.codecs.sbe.PolicyReloadEncoder;
import io.noctria.codecs.sbe.RiskDecisionDecoder;
import io.noctria.codecs.sbe.Severity;
import io.noctria.codecs.sbe.StopReason;
import io.noctria.engine.broker.SimulatedBroker;
import io.noctria.engine.broker.SimulatedBrokerSettings;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.runtime.Engine;
import io.noctria.engine.runtime.EngineContext;
import io.noctria.engine.runtime.OperatorKeys;
import io.noctria.engine.core.ControlSignatures;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code noctria reload-policy}: a bad file is refused before anything is sent; a good one is applied
 * by the running engine in sequence; a bad PolicyReload from another producer keeps the old policy
 * and alerts; and the journal carries every policy, so recovery reproduces the run even when the
 * next start is given a different policy file.
 */
class ReloadPolicyCommandTest
{
    private static final String SECRET = "reload-policy-test-secret-of-32-bytes+";
    private static final String LOOSE =
        "default:\n" +
        "  max_position_notional: 1000000000\n" +
        "  max_order_qty: 1000000\n" +
        "  trading_hours_utc: [\"00:00-24:00\"]\n" +
        "  max_consecutive_losses: 1000\n" +
        "  shrink_after_losses_pct: 50\n";
    private static final String TIGHT = LOOSE.replace("max_order_qty: 1000000", "max_order_qty: 500");

    @TempDir
    Path dir;

    @Test
    void shouldRefuseAnInvalidPolicyNamingFileKeyAndValueAndSendNothing() throws Exception
    {
        final Path data = dir.resolve("data");
        final Path bad = write("bad.yml", LOOSE.replace("max_order_qty: 1000000", "max_order_qty: -5"));

        final CliRun run = CliRun.run("reload-policy", "--data-dir", data.toString(), "--policy", bad.toString(),
            "--reason", "typo", "--key", key().toString());

        assertEquals(2, run.exitCode, run.toString());
        assertTrue(run.err.contains(bad.toString()) && run.err.contains("max_order_qty") && run.err.contains("-5") &&
            run.err.contains("nothing sent"), run.err);
        assertFalse(Files.exists(new DataDirectory(data).queue(DataDirectory.INBOUND)), "nothing was appended");
    }

    @Test
    void shouldRefuseAPolicyTooLargeForOneInput() throws Exception
    {
        final Path big = write("big.yml", LOOSE + "#" + "x".repeat(5000) + "\n");

        final CliRun run = CliRun.run("reload-policy", "--data-dir", dir.resolve("data").toString(), "--policy",
            big.toString(), "--reason", "big", "--key", key().toString());

        assertEquals(2, run.exitCode, run.toString());
        assertTrue(run.err.contains("at most " + Engine.MAX_INPUT_LENGTH + " bytes"), run.err);
    }

    @Test
    void shouldApplyAReloadInSequenceKeepThePolicyOnABadOneAndRecoverExactlyUnderAnotherStartPolicy()
        throws Exception
    {
        final Path data = dir.resolve("data");
        final Path tight = write("tight.yml", TIGHT);
        Engine engine = start(data, LOOSE);
        final byte[] stoppedDigest;
        try
        {
            submit(data, "before", 2_000);
            await(engine, 1);
            final CliRun reload = CliRun.run("reload-policy", "--data-dir", data.toString(), "--policy",
                tight.toString(), "--reason", "cut clip size", "--operator", "risk-desk", "--key", key().toString());
            assertEquals(0, reload.exitCode, reload.toString());
            assertTrue(reload.out.contains("policy reload requested by risk-desk"), reload.out);
            await(engine, 2);
            submit(data, "after", 2_000);
            await(engine, 3);
            appendPolicyReload(data, "max_order_qty: lots", key());
            await(engine, 4);
            submit(data, "after-bad-reload", 2_000);
            await(engine, 5);
        }
        finally
        {
            stoppedDigest = engine.stop(StopReason.SHUTDOWN, TimeUnit.SECONDS.toNanos(20));
        }

        final Journaled journaled = read(data);
        assertEquals(List.of(2_000_000_000L, 500_000_000L, 500_000_000L), journaled.finalQtys,
            "before the reload 2,000 passes; after it the clip is 500, also after the refused reload");
        assertEquals(1, journaled.reloadFailures.size());
        assertTrue(journaled.reloadFailures.get(0).contains("max_order_qty") &&
            journaled.reloadFailures.get(0).contains("lots"), journaled.reloadFailures.toString());
        assertEquals(List.of("engine-start", tight.toString()), journaled.policySources,
            "PolicyLoaded at start and after the good reload only");

        // The next start is given yet another policy file, and trusts nobody (the operators directory was emptied):
        // recovery must still rebuild the state the first run had, because every policy that run used is in its
        // journal, and the reload was verified against the roster journaled before it, not against today's.
        Files.delete(dir.resolve("keys").resolve("trusted").resolve("risk-desk.pub"));
        engine = start(data, LOOSE.replace("max_position_notional: 1000000000", "max_position_notional: 1"));
        try
        {
            assertArrayEquals(stoppedDigest, engine.recoveredStateDigest(), "recovery reproduces the run's state");
        }
        finally
        {
            engine.stop(StopReason.SHUTDOWN, TimeUnit.SECONDS.toNanos(20));
        }
    }

    private Engine start(final Path data, final String policyYaml) throws Exception
    {
        key(); // the engine trusts risk-desk
        final EngineConfig config = EngineConfig.parse("reload-engine.yml", "idempotency: {require_key: false, require_auth: false}\nclock: {max_skew_ms: 0}\n".getBytes(StandardCharsets.UTF_8));
        final RiskPolicy policy = RiskPolicy.parse("engine-start", policyYaml.getBytes(StandardCharsets.UTF_8));
        final SimulatedBrokerSettings broker = new SimulatedBrokerSettings(1, 1_000, 0, 500, 200, 0, 0, 0, 0, 0, 0,
            4096, 512);
        return Engine.start(new EngineContext(data, config, policy, SECRET.getBytes(StandardCharsets.US_ASCII), false,
            (sink, linkCounters) -> new SimulatedBroker(broker, sink), null)
            .withOperators(OperatorKeys.loadDirectory(dir.resolve("keys").resolve("trusted"))));
    }

    private void submit(final Path data, final String trace, final int qty) throws Exception
    {
        final Path file = write(trace + ".jsonl", "{\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":" + qty +
            ",\"price\":150.1,\"trace_id\":\"" + trace + "\",\"strategy\":\"reload\",\"ts\":\"2026-01-06T10:00:00Z\"}\n");
        final CliRun run = CliRun.run("submit", "--data-dir", data.toString(), file.toString());
        assertEquals(0, run.exitCode, run.toString());
    }

    /**
     * The key pair of operator risk-desk: {@code keys/risk-desk.key}, and its public key in {@code keys/trusted},
     * the operators directory the engine is started with. Created on first use.
     */
    private Path key() throws Exception
    {
        final Path keys = dir.resolve("keys");
        final Path key = keys.resolve("risk-desk.key");
        if (!Files.exists(key))
        {
            OperatorKeys.write(keys, "risk-desk", OperatorKeys.generate());
            Files.createDirectory(keys.resolve("trusted"), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            Files.move(keys.resolve("risk-desk.pub"), keys.resolve("trusted").resolve("risk-desk.pub"));
        }
        return key;
    }

    /** A PolicyReload from some other producer (signed by the trusted operator), with a policy the engine must refuse. */
    private static void appendPolicyReload(final Path data, final String badLine, final Path key)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final PolicyReloadEncoder reload = new PolicyReloadEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .inboundIndex(-1)
            .ingressNs(0)
            .submittedNs(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()))
            .operatorName("risk-desk")
            .reason("automated")
            .source("generated.yml")
            .policy(TIGHT.replace("max_order_qty: 500", badLine));
        ControlSignatures.sign(OperatorKeys.readPrivateKey(key), buffer, 0,
            MessageHeaderEncoder.ENCODED_LENGTH + reload.encodedLength());
        try (Journal inbound = Journal.open(new DataDirectory(data).queue(DataDirectory.INBOUND),
            JournalConfig.defaults().withSharedWriters()))
        {
            inbound.append(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + reload.encodedLength());
        }
    }

    private static void await(final Engine engine, final long consumed) throws InterruptedException
    {
        assertTrue(engine.awaitInboundConsumed(consumed, TimeUnit.SECONDS.toNanos(30)),
            "consumed " + engine.inboundConsumed() + " of " + consumed + "; " + engine.fatalError());
    }

    private Path write(final String name, final String text) throws Exception
    {
        return Files.writeString(dir.resolve(name), text);
    }

    private static Journaled read(final Path data)
    {
        final Journaled journaled = new Journaled();
        try (JournalReader reader = JournalReader.open(new DataDirectory(data).queue(DataDirectory.JOURNAL)))
        {
            while (reader.poll(journaled, 1000) > 0)
            {
                // read to the end
            }
        }
        return journaled;
    }

    private static final class Journaled implements JournalConsumer
    {
        final List<Long> finalQtys = new ArrayList<>();
        final List<String> reloadFailures = new ArrayList<>();
        final List<String> policySources = new ArrayList<>();
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();

        @Override
        public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
        {
            header.wrap(buffer, offset);
            final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
            switch (header.templateId())
            {
                case RiskDecisionDecoder.TEMPLATE_ID:
                    finalQtys.add(new RiskDecisionDecoder().wrap(buffer, body, header.blockLength(), header.version())
                        .finalQty());
                    break;
                case AlertDecoder.TEMPLATE_ID:
                {
                    final AlertDecoder alert = new AlertDecoder().wrap(buffer, body, header.blockLength(), header.version());
                    if (alert.code() == AlertCode.POLICY_RELOAD_FAILED && alert.severity() == Severity.WARNING)
                    {
                        reloadFailures.add(alert.message());
                    }
                    break;
                }
                case PolicyLoadedDecoder.TEMPLATE_ID:
                    policySources.add(new PolicyLoadedDecoder().wrap(buffer, body, header.blockLength(), header.version())
                        .source());
                    break;
                default:
                    break;
            }
        }

        @Override
        public void onInvalid(final long index, final RecordError error, final String detail)
        {
            throw new AssertionError("invalid excerpt " + index + ": " + error + " " + detail);
        }
    }
}

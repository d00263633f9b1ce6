package io.noctria.engine.runtime;

import io.noctria.codecs.sbe.*;
import io.noctria.engine.cli.NoctriaCli;
import io.noctria.engine.testing.ChildJvm;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The trust boundary of operator controls, with real processes: {@code noctria run} with one trusted operator,
 * {@code noctria keygen} and {@code noctria pause} as separate JVMs, and an attacker appending to
 * {@code inbound} directly. The engine's check is the defence: unsigned controls, a permissive unsigned policy
 * and a control signed by a key the engine does not trust are all refused, each with its reason and a CRITICAL
 * alert; the pause stays on and a USDRUB order stays refused. A trusted operator's signed pause on/off works.
 */
class SignedControlsProcessTest
{
    private static final String SECRET = "signed-controls-process-secret-0123456789";
    private static final String PERMISSIVE = "default:\n  max_position_notional: 1000000000000\n" +
        "  max_order_qty: 100000000\n  trading_hours_utc: [\"00:00-24:00\"]\n  max_consecutive_losses: 1000\n" +
        "  shrink_after_losses_pct: 50\n  forbidden_symbols: []\n  max_trace_notional: 1000000000000000\n" +
        "  price_collar_pct: 100\n  max_orders_per_second: 100000\n";

    @TempDir
    Path work;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void shouldRefuseEveryUntrustedControlAndApplyTheTrustedOperatorsSignedOnes() throws Exception
    {
        final Path data = work.resolve("data");
        final Path keys = work.resolve("keys");
        final Path operators = work.resolve("operators");
        assertEquals(0, cli("keygen-ops", "keygen", "--operator", "ops-test", "--out", keys.toString()));
        assertEquals(0, cli("keygen-mallory", "keygen", "--operator", "risk-officer", "--out",
            work.resolve("mallory").toString()));
        Files.createDirectory(operators, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.copy(keys.resolve("ops-test.pub"), operators.resolve("ops-test.pub"));
        final Path journal = new DataDirectory(data).queue(DataDirectory.JOURNAL);

        final Process engine = ChildJvm.in(work).heap("512m").env("NOCTRIA_IDEMPOTENCY_SECRET", SECRET).log("engine")
            .start(NoctriaCli.class, "run", "--data-dir", data.toString(), "--operators", operators.toString(),
                "--config", ChildJvm.configs().resolve("engine.yml").toString(),
                "--policy", ChildJvm.configs().resolve("risk_policy.yml").toString());
        try
        {
            await(journal, j -> j.count(EngineStartedDecoder.TEMPLATE_ID) == 1 && j.policiesLoaded == 1, "engine started");
            assertEquals(List.of("ops-test"), read(journal).roster, "the roster journaled at start");

            // A trusted operator's signed pause, through the CLI with the key named by the environment.
            assertEquals(0, cliWithKeyEnv("pause-on", keys.resolve("ops-test.key"), "pause", "--on", "--reason",
                "drill", "--data-dir", data.toString()));
            await(journal, j -> j.pauses.size() == 1, "the signed PAUSE_ON applied");
            assertEquals("ON OPERATOR ops-test drill", read(journal).pauses.get(0));

            // The attack: straight into inbound, no secret.
            appendUnsignedPauseOff(data);
            appendUnsignedPolicyReload(data);
            // A well-formed control, signed, but by a key the engine does not trust.
            assertEquals(0, cli("pause-off-mallory", "pause", "--off", "--reason", "lift it", "--key",
                work.resolve("mallory").resolve("risk-officer.key").toString(), "--data-dir", data.toString()));
            // The operator's own name, signed with the wrong key: the name alone proves nothing.
            final Path forged = work.resolve("forged");
            assertEquals(0, cli("keygen-forged", "keygen", "--operator", "ops-test", "--out", forged.toString()));
            assertEquals(0, cli("pause-off-forged", "pause", "--off", "--reason", "it is me", "--key",
                forged.resolve("ops-test.key").toString(), "--data-dir", data.toString()));
            submitUsdRub(data);

            final Journaled attacked = await(journal, j -> j.rejections.size() == 4 && j.decisions.size() == 1,
                "the four controls refused and the order decided");
            assertEquals(List.of(InputRejectReason.CONTROL_UNSIGNED, InputRejectReason.CONTROL_UNSIGNED,
                InputRejectReason.CONTROL_UNKNOWN_OPERATOR, InputRejectReason.CONTROL_BAD_SIGNATURE),
                attacked.rejectReasons(), attacked.rejectDetails.toString());
            assertEquals(4, attacked.criticalControlAlerts, "one CRITICAL CONTROL_REJECTED alert per refused control");
            assertEquals(1, attacked.pauses.size(), "the pause stays on: " + attacked.pauses);
            assertEquals(1, attacked.policiesLoaded, "the permissive policy was never loaded");
            assertEquals("USDRUB REJECT FORBIDDEN_SYMBOL", attacked.decisions.get(0),
                "a signed 5,000,000 USDRUB order stays refused by the policy in force");
            assertEquals(0, attacked.count(OrderSentDecoder.TEMPLATE_ID), "nothing was sent");

            // The trusted operator lifts the pause with a signed control (--key this time).
            assertEquals(0, cli("pause-off", "pause", "--off", "--reason", "drill over", "--key",
                keys.resolve("ops-test.key").toString(), "--operator", "ops-test", "--data-dir", data.toString()));
            final Journaled lifted = await(journal, j -> j.pauses.size() == 2, "the signed PAUSE_OFF applied");
            assertEquals("OFF OPERATOR ops-test drill over", lifted.pauses.get(1));
        }
        finally
        {
            assertEquals(0, ChildJvm.terminate(engine, "engine", work.resolve("engine.log")),
                ChildJvm.readLog(work.resolve("engine.log")));
        }
        assertTrue(ChildJvm.readLog(work.resolve("engine.log")).contains("1 trusted operator(s) [ops-test]"),
            ChildJvm.readLog(work.resolve("engine.log")));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldWriteOwnerOnlyKeyFilesAndNeverOverwriteThem() throws Exception
    {
        final Path keys = work.resolve("new-keys");
        assertEquals(0, cli("keygen", "keygen", "--operator", "ops.alice_1", "--out", keys.toString()));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        final Path key = keys.resolve("ops.alice_1.key");
        final Path pub = keys.resolve("ops.alice_1.pub");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pub)));
        final String keyText = Files.readString(key);
        final String pubText = Files.readString(pub);
        assertTrue(keyText.startsWith("-----BEGIN PRIVATE KEY-----\n"), keyText);
        assertTrue(pubText.startsWith("-----BEGIN PUBLIC KEY-----\n"), pubText);
        // The pair works: what the private key signs, the public key verifies.
        final UnsafeBuffer control = new UnsafeBuffer(new byte[256]);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new ControlEncoder()
            .wrapAndApplyHeader(control, 0, new MessageHeaderEncoder()).inboundIndex(-1).submittedNs(1)
            .action(ControlAction.PAUSE_ON).operatorName("ops.alice_1").reason("pair").encodedLength();
        io.noctria.engine.core.ControlSignatures.sign(OperatorKeys.readPrivateKey(key), control, 0, length);
        assertTrue(io.noctria.engine.core.ControlSignatures.verify(OperatorKeys.readPublicKey(pub), control, 0, length));

        assertEquals(2, cli("keygen-again", "keygen", "--operator", "ops.alice_1", "--out", keys.toString()));
        assertTrue(log("keygen-again").contains("already exists; refusing to overwrite"), log("keygen-again"));
        assertEquals(keyText, Files.readString(key), "the private key is untouched");
        assertEquals(pubText, Files.readString(pub), "the public key is untouched");

        assertEquals(2, cli("keygen-bad-name", "keygen", "--operator", "ops/../x", "--out", keys.toString()));
        assertTrue(log("keygen-bad-name").contains("[A-Za-z0-9._-]"), log("keygen-bad-name"));

        assertEquals(0, cli("keygen-secret", "keygen", "--secret"));
        assertTrue(log("keygen-secret").strip().matches("[0-9a-f]{64}"), log("keygen-secret"));
    }

    private int cli(final String name, final String... args) throws Exception
    {
        return waitFor(ChildJvm.in(work).jvmOption("-XX:TieredStopAtLevel=1").log(name).start(NoctriaCli.class, args),
            name);
    }

    private int cliWithKeyEnv(final String name, final Path key, final String... args) throws Exception
    {
        return waitFor(ChildJvm.in(work).jvmOption("-XX:TieredStopAtLevel=1").env("NOCTRIA_OPERATOR_KEY", key.toString())
            .log(name).start(NoctriaCli.class, args), name);
    }

    private int waitFor(final Process process, final String name) throws Exception
    {
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail(name + " did not finish within 60 s\n" + log(name));
        }
        return process.exitValue();
    }

    private String log(final String name) throws Exception
    {
        return ChildJvm.readLog(work.resolve(name + ".log"));
    }

    private static long nowNs()
    {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** What `pause --off --operator risk-officer` wrote before controls were signed: no signature at all. */
    private static void appendUnsignedPauseOff(final Path data)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final ControlEncoder control = new ControlEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .inboundIndex(-1).ingressNs(0).submittedNs(nowNs()).action(ControlAction.PAUSE_OFF)
            .operatorName("risk-officer").reason("no secret needed");
        append(data, buffer, MessageHeaderEncoder.ENCODED_LENGTH + control.encodedLength());
    }

    private static void appendUnsignedPolicyReload(final Path data)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
        final PolicyReloadEncoder reload = new PolicyReloadEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .inboundIndex(-1).ingressNs(0).submittedNs(nowNs()).operatorName("ops-test")
            .reason("open the gates").source("permissive.yml").policy(PERMISSIVE);
        append(data, buffer, MessageHeaderEncoder.ENCODED_LENGTH + reload.encodedLength());
    }

    private static void append(final Path data, final UnsafeBuffer buffer, final int length)
    {
        try (Journal inbound = Journal.open(new DataDirectory(data).queue(DataDirectory.INBOUND),
            JournalConfig.defaults().withSharedWriters()))
        {
            inbound.append(buffer, 0, length);
        }
    }

    /**
     * A correctly keyed and tagged BUY of 5,000,000 USDRUB, through `submit --sign` with the idempotency secret: an
     * authenticated producer's order, so only the policy in force can refuse it. Its ts is now, inside the freshness
     * bound of `run`.
     */
    private void submitUsdRub(final Path data) throws Exception
    {
        final String ts = Instant.now().toString();
        final Path file = Files.writeString(work.resolve("rub.jsonl"), "{\"symbol\":\"USDRUB\",\"side\":\"BUY\"," +
            "\"qty\":5000000,\"price\":90.5,\"trace_id\":\"rub-1\",\"strategy\":\"attack\",\"ts\":\"" + ts + "\"}\n");
        assertEquals(0, waitFor(ChildJvm.in(work).jvmOption("-XX:TieredStopAtLevel=1")
            .env("NOCTRIA_IDEMPOTENCY_SECRET", SECRET).log("submit")
            .start(NoctriaCli.class, "submit", "--sign", "--data-dir", data.toString(), file.toString()), "submit"));
    }

    private Journaled await(final Path journal, final Predicate<Journaled> condition, final String what) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Journaled last = null;
        while (System.nanoTime() - deadline < 0)
        {
            if (Files.exists(journal.resolve("metadata.cq4t")))
            {
                last = read(journal);
                if (condition.test(last))
                {
                    return last;
                }
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        fail("timed out waiting for: " + what + "; journal: " + last + "\n" + log("engine"));
        return null;
    }

    private static Journaled read(final Path journal)
    {
        final Journaled journaled = new Journaled();
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.poll(journaled, 1000) > 0)
            {
                // to the end
            }
        }
        return journaled;
    }

    /** The journal's facts this test asserts on. */
    private static final class Journaled implements JournalConsumer
    {
        final List<String> roster = new ArrayList<>();
        final List<InputRejectReason> rejections = new ArrayList<>();
        final List<String> rejectDetails = new ArrayList<>();
        final List<String> pauses = new ArrayList<>();
        final List<String> decisions = new ArrayList<>();
        final List<Integer> templates = new ArrayList<>();
        int criticalControlAlerts;
        int policiesLoaded;

        private final MessageHeaderDecoder header = new MessageHeaderDecoder();

        @Override
        public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
        {
            header.wrap(buffer, offset);
            final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
            final int bl = header.blockLength();
            final int v = header.version();
            templates.add(header.templateId());
            switch (header.templateId())
            {
                case OperatorKeyDecoder.TEMPLATE_ID:
                {
                    final OperatorKeyDecoder key = new OperatorKeyDecoder().wrap(buffer, body, bl, v);
                    if (0 == key.position())
                    {
                        roster.clear();
                    }
                    if (key.rosterSize() > 0)
                    {
                        roster.add(key.operatorName().trim());
                    }
                    break;
                }
                case InputRejectedDecoder.TEMPLATE_ID:
                {
                    final InputRejectedDecoder rejected = new InputRejectedDecoder().wrap(buffer, body, bl, v);
                    rejections.add(rejected.reason());
                    rejectDetails.add(rejected.detail());
                    break;
                }
                case AlertDecoder.TEMPLATE_ID:
                {
                    final AlertDecoder alert = new AlertDecoder().wrap(buffer, body, bl, v);
                    if (AlertCode.CONTROL_REJECTED == alert.code() && Severity.CRITICAL == alert.severity())
                    {
                        criticalControlAlerts++;
                    }
                    break;
                }
                case TradingPauseChangedDecoder.TEMPLATE_ID:
                {
                    final TradingPauseChangedDecoder pause = new TradingPauseChangedDecoder().wrap(buffer, body, bl, v);
                    pauses.add((BooleanType.TRUE == pause.paused() ? "ON " : "OFF ") + pause.source() + " " +
                        pause.operatorName().trim() + " " + pause.reason());
                    break;
                }
                case RiskDecisionDecoder.TEMPLATE_ID:
                {
                    final RiskDecisionDecoder decision = new RiskDecisionDecoder().wrap(buffer, body, bl, v);
                    decisions.add(decision.symbol().trim() + " " + decision.verdict() + " " + decision.rule());
                    break;
                }
                case PolicyLoadedDecoder.TEMPLATE_ID:
                    policiesLoaded++;
                    break;
                default:
                    break;
            }
        }

        @Override
        public void onInvalid(final long index, final io.noctria.codecs.RecordError error, final String detail)
        {
            throw new AssertionError("invalid journal excerpt " + index + ": " + error + " " + detail);
        }

        int count(final int templateId)
        {
            int n = 0;
            for (final int t : templates)
            {
                if (t == templateId)
                {
                    n++;
                }
            }
            return n;
        }

        List<InputRejectReason> rejectReasons()
        {
            return rejections;
        }

        @Override
        public String toString()
        {
            return "roster=" + roster + " rejections=" + rejections + " " + rejectDetails + " pauses=" + pauses +
                " decisions=" + decisions + " policiesLoaded=" + policiesLoaded;
        }
    }
}

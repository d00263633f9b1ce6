package io.noctria.engine.runtime;

import java.net.http.HttpResponse;

import io.noctria.codecs.sbe.*;
import io.noctria.engine.cli.NoctriaCli;
import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.CommandResult;
import io.noctria.engine.testing.Cli;
import io.noctria.engine.testing.DecodingConsumer;
import io.noctria.engine.testing.EngineProcess;
import io.noctria.engine.testing.Journals;
import io.noctria.engine.testing.ProcessTest;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The trust boundary of operator controls, with real processes: {@code noctria run} with one trusted operator,
 * {@code noctria keygen}, a {@code noctria pause} keyed by the environment and a signed {@code submit} as separate
 * JVMs, and an attacker appending to {@code inbound} directly (the other keygens and pauses run in this JVM: the
 * same commands, the same bytes appended, without a JVM start each). The engine's check is the defence: unsigned controls, a permissive unsigned policy
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

    @ProcessTest
    void shouldRefuseEveryUntrustedControlAndApplyTheTrustedOperatorsSignedOnes() throws Exception
    {
        final Path data = work.resolve("data");
        final Path keys = work.resolve("keys");
        final Path operators = work.resolve("operators");
        child(shortLived(), "keygen-ops", "keygen", "--operator", "ops-test", "--out", keys.toString());
        assertEquals(0, Cli.run("keygen", "--operator", "risk-officer", "--out", work.resolve("mallory").toString()));
        Files.createDirectory(operators, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.copy(keys.resolve("ops-test.pub"), operators.resolve("ops-test.pub"));
        final Path journal = new DataDirectory(data).queue(DataDirectory.JOURNAL);

        try (EngineProcess engine = EngineProcess.run(ChildJvm.in(work).heap("512m")
            .env("NOCTRIA_IDEMPOTENCY_SECRET", SECRET), "engine", data, "--operators", operators.toString(),
            "--metrics-port", "0",
            "--config", ChildJvm.configs().resolve("engine.yml").toString(),
            "--policy", ChildJvm.configs().resolve("risk_policy.yml").toString()))
        {
            final Journaled started = read(journal);
            assertEquals(1, started.count(EngineStartedDecoder.TEMPLATE_ID), started.toString());
            assertEquals(1, started.policiesLoaded, started.toString());
            assertEquals(List.of("ops-test"), started.roster, "the roster journaled at start");

            // A trusted operator's signed pause, through the CLI with the key named by the environment.
            child(shortLived().env("NOCTRIA_OPERATOR_KEY", keys.resolve("ops-test.key").toString()), "pause-on",
                "pause", "--on", "--reason", "drill", "--data-dir", data.toString());
            engine.await(EngineCounter.CONTROLS, 1); // the signed PAUSE_ON
            assertEquals("ON OPERATOR ops-test drill", read(journal).pauses.get(0));
            // `noctria status` from another process shows the pause and who set it (issue 14).
            final String paused = status(data);
            assertTrue(paused.contains("\"engine\":{\"state\":\"RUNNING\",\"pid\":"), paused);
            assertTrue(paused.contains("\"alive\":true"), paused);
            assertTrue(paused.contains("\"trading\":{\"paused\":true,\"source\":\"OPERATOR\",\"operator\":\"ops-test\"," +
                "\"reason\":\"drill\""), paused);
            // The engine's own metrics port (issue 14): ready, paused, and the counters' values.
            assertEquals(200, engine.getMetrics("/healthz").statusCode());
            final HttpResponse<String> ready = engine.getMetrics("/readyz");
            assertEquals(200, ready.statusCode(), ready.body());
            final String scraped = engine.getMetrics("/metrics").body();
            assertTrue(scraped.contains("\ntrading_paused 1.0\n"), scraped);
            assertTrue(scraped.contains("\nnoctria_controls_total 1.0\n"), scraped);
            assertTrue(scraped.contains("\nnoctria_ready 1.0\n"), scraped);
            assertTrue(scraped.contains("\nnoctria_engine_state 1.0\n"), scraped);
            assertTrue(scraped.contains("noctria_input_rejects_total{reason=\"CONTROL_UNSIGNED\"} 0.0"), scraped);

            // The attack: straight into inbound, no secret.
            appendUnsignedPauseOff(data);
            appendUnsignedPolicyReload(data);
            // A well-formed control, signed, but by a key the engine does not trust.
            assertEquals(0, Cli.run("pause", "--off", "--reason", "lift it", "--key",
                work.resolve("mallory").resolve("risk-officer.key").toString(), "--data-dir", data.toString()));
            // The operator's own name, signed with the wrong key: the name alone proves nothing.
            final Path forged = work.resolve("forged");
            assertEquals(0, Cli.run("keygen", "--operator", "ops-test", "--out", forged.toString()));
            assertEquals(0, Cli.run("pause", "--off", "--reason", "it is me", "--key",
                forged.resolve("ops-test.key").toString(), "--data-dir", data.toString()));
            submitUsdRub(data);

            // The order was appended last: once it is decided, every control before it has been refused or applied.
            engine.await(EngineCounter.ORDER_REQUESTS, 1);
            assertEquals(2, engine.counters().rejects(InputRejectReason.CONTROL_UNSIGNED));
            assertEquals(1, engine.counters().rejects(InputRejectReason.CONTROL_UNKNOWN_OPERATOR));
            assertEquals(1, engine.counters().rejects(InputRejectReason.CONTROL_BAD_SIGNATURE));
            final Journaled attacked = read(journal);
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
            assertEquals(0, Cli.run("pause", "--off", "--reason", "drill over", "--key",
                keys.resolve("ops-test.key").toString(), "--operator", "ops-test", "--data-dir", data.toString()));
            final Journaled lifted = engine.awaitJournal(() -> read(journal), j -> j.pauses.size() == 2,
                "the signed PAUSE_OFF applied");
            assertEquals("OFF OPERATOR ops-test drill over", lifted.pauses.get(1));
            assertEquals(0, engine.stop(), engine.log());
        }
        final String stopped = status(data);
        assertTrue(stopped.contains("\"engine\":{\"state\":\"STOPPED\""), stopped);
        assertTrue(stopped.contains("\"alive\":false"), stopped);
        assertTrue(stopped.contains("\"trading\":{\"paused\":false,\"source\":\"OPERATOR\",\"operator\":\"ops-test\"," +
            "\"reason\":\"drill over\""), stopped);
        assertTrue(stopped.contains("\"lag_excerpts\":0"), stopped);
        assertTrue(ChildJvm.readLog(work.resolve("engine.log")).contains("1 trusted operator(s) [ops-test]"),
            ChildJvm.readLog(work.resolve("engine.log")));
    }

    @ProcessTest
    void shouldWriteOwnerOnlyKeyFilesAndNeverOverwriteThem() throws Exception
    {
        final Path keys = work.resolve("new-keys");
        // In this JVM: keygen sets its files' modes itself, whatever the process's umask.
        assertEquals(0, Cli.run("keygen", "--operator", "ops.alice_1", "--out", keys.toString()));
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

        final CommandResult again = Cli.execute("keygen", "--operator", "ops.alice_1", "--out", keys.toString());
        assertEquals(2, again.code(), again.toString());
        assertTrue(again.err().contains("already exists; refusing to overwrite"), again.toString());
        assertEquals(keyText, Files.readString(key), "the private key is untouched");
        assertEquals(pubText, Files.readString(pub), "the public key is untouched");

        final CommandResult badName = Cli.execute("keygen", "--operator", "ops/../x", "--out", keys.toString());
        assertEquals(2, badName.code(), badName.toString());
        assertTrue(badName.err().contains("[A-Za-z0-9._-]"), badName.toString());

        final CommandResult secret = Cli.execute("keygen", "--secret");
        assertEquals(0, secret.code(), secret.toString());
        assertTrue(secret.out().strip().matches("[0-9a-f]{64}"), secret.toString());
    }

    /** @return {@code noctria status --json} of the data directory: exit 0 and one well-formed JSON object. */
    private static String status(final Path data) throws Exception
    {
        final CommandResult result = Cli.execute("status", "--json", "--data-dir", data.toString());
        assertEquals(0, result.code(), result.toString());
        final String json = result.out().strip();
        try (com.fasterxml.jackson.core.JsonParser parser = new com.fasterxml.jackson.core.JsonFactory().createParser(json))
        {
            while (parser.nextToken() != null)
            {
                // every token: malformed JSON throws
            }
        }
        return json;
    }

    /** {@code noctria args} in {@code jvm}, to its exit, which must be 0. */
    private static void child(final ChildJvm jvm, final String name, final String... args) throws Exception
    {
        final CommandResult result = jvm.execute(name, NoctriaCli.class, args);
        assertEquals(0, result.code(), name + ": " + result);
    }

    private ChildJvm shortLived()
    {
        return ChildJvm.in(work).jvmOption("-XX:TieredStopAtLevel=1");
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
        child(shortLived().env("NOCTRIA_IDEMPOTENCY_SECRET", SECRET), "submit", "submit", "--sign", "--data-dir",
            data.toString(), file.toString());
    }

    private static Journaled read(final Path journal)
    {
        return Journals.readAll(journal, new Journaled());
    }

    /** The journal's facts this test asserts on. */
    private static final class Journaled extends DecodingConsumer
    {
        final List<String> roster = new ArrayList<>();
        final List<InputRejectReason> rejections = new ArrayList<>();
        final List<String> rejectDetails = new ArrayList<>();
        final List<String> pauses = new ArrayList<>();
        final List<String> decisions = new ArrayList<>();
        final List<Integer> templates = new ArrayList<>();
        int criticalControlAlerts;
        int policiesLoaded;

        @Override
        protected void onMessage(final long index, final int templateId, final DirectBuffer buffer, final int body,
            final int bl, final int v)
        {
            templates.add(templateId);
            switch (templateId)
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
                    decisions.add(requestSymbol().trim() + " " + decision.verdict() + " " + decision.rule());
                    break;
                }
                case PolicyLoadedDecoder.TEMPLATE_ID:
                    policiesLoaded++;
                    break;
                default:
                    break;
            }
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

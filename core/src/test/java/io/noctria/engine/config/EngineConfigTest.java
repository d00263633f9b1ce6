package io.noctria.engine.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineConfigTest
{
    @Test
    void shouldLoadTheRepositoryConfig() throws Exception
    {
        final Path file = RepositoryFiles.repoFile("configs/engine.yml");
        final EngineConfig config = EngineConfig.load(file);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)), config.configHash());
        assertEquals(8192, config.ringSize());
        assertEquals(WaitKind.BLOCKING, config.waitStrategy());
        assertEquals(WaitKind.BACKOFF, config.ingressIdleStrategy());
        assertEquals(50_000, config.quality().missingRatioScalePpm());
        assertEquals(200_000, config.quality().missingRatioFlatPpm());
        assertEquals(500, config.quality().dataLagScaleMs());
        assertEquals(2_000, config.quality().dataLagFlatMs());
        assertEquals(500_000, config.quality().scaleFactorPpm());
        assertEquals(30_000_000_000L, config.maxClockSkewNs(), "a finite freshness bound outside demo mode");
        assertEquals(0, config.forDemo().maxClockSkewNs(), "demo runs replay a generated day: no bound");
        assertEquals(65_536, config.outboxCapacityHint());
        assertEquals(262_144, config.outboxCapacity(), "room for the demo's 100 K requests a day, nothing evicted");
        assertEquals(262_144, config.traceCapacity());
        assertEquals(4_096, config.symbolCapacity());
        assertEquals(90_000_000_000L, config.dedupeHorizonNs(), "max_skew_ms 30 s + the 60 s margin");
        assertEquals(0, config.forDemo().dedupeHorizonNs(), "no freshness bound in demo runs, so no horizon");
        assertTrue(config.requireIdempotencyKey(), "keys required outside demo mode");
        assertFalse(config.forDemo().requireIdempotencyKey(), "demo runs take the generated keyless flow");
        assertTrue(config.requireAuth(), "tags required outside demo mode");
        assertFalse(config.forDemo().requireAuth(), "demo runs take the generated untagged flow");
        assertEquals(512L << 20, config.journalMinFreeBytes());
        assertEquals(3, config.maxSendAttempts());
        assertEquals(1_000_000L, config.retryBackoffNs());
        final BrokerSimConfig sim = config.brokerSim();
        assertEquals(7101, sim.seed());
        assertEquals(200_000L, sim.ackLatencyNs());
        assertEquals(100_000L, sim.ackJitterNs());
        assertEquals(300_000L, sim.fillIntervalNs());
        assertEquals(100_000L, sim.cancelLatencyNs());
        assertEquals(10_000, sim.rejectPpm());
        assertEquals(0.2, sim.partialFillProbability());
        assertEquals(0.05, sim.expireProbability());
        assertEquals(5_000, sim.transientErrorPpm());
        assertEquals(0.3, sim.makerProbability());
        assertEquals(5, sim.maxSlippageBps());
        assertEquals(65_536, sim.expectedOrders());
        assertEquals(4_096, sim.inFlightCapacity());
    }

    @Test
    void shouldDocumentTheDefaultsInTheRepositoryFile()
    {
        final String fromFile = EngineConfig.load(RepositoryFiles.repoFile("configs/engine.yml")).describe();
        final String defaults = EngineConfig.defaults().describe();
        assertEquals(defaults.substring(defaults.indexOf('\n')), fromFile.substring(fromFile.indexOf('\n')));
    }

    @Test
    void shouldParseEveryKnob()
    {
        final EngineConfig config = parse(
            "pipeline: {ring_size: 1024, wait_strategy: busy-spin, ingress_idle_strategy: yielding, broker_thread: shared}\n" +
            "clock: {max_skew_ms: 2500}\n" +
            "idempotency: {require_key: true}\n" +
            "send_retry: {max_attempts: 5, backoff_us: 250}\n" +
            "broker_sim: {seed: -3, transient_error_probability: 0.000001, max_slippage_bps: 0}\n");
        assertEquals(1024, config.ringSize());
        assertEquals(WaitKind.BUSY_SPIN, config.waitStrategy());
        assertEquals(WaitKind.YIELDING, config.ingressIdleStrategy());
        assertEquals(2_500_000_000L, config.maxClockSkewNs());
        assertTrue(config.requireIdempotencyKey());
        assertTrue(config.forDemo().requireIdempotencyKey(), "an explicit require_key applies to demo runs too");
        assertEquals(2_500_000_000L, config.forDemo().maxClockSkewNs(), "an explicit max_skew_ms applies to demo runs too");
        assertFalse(parse("idempotency: {require_key: false}\n").requireIdempotencyKey());
        assertFalse(parse("idempotency: {require_auth: false}\n").requireAuth());
        assertTrue(parse("idempotency: {require_auth: true}\n").forDemo().requireAuth(),
            "an explicit require_auth applies to demo runs too");
        assertEquals(5, config.maxSendAttempts());
        assertEquals(250_000L, config.retryBackoffNs());
        assertEquals(-3, config.brokerSim().seed());
        assertEquals(1, config.brokerSim().transientErrorPpm());
        assertEquals(0, config.brokerSim().maxSlippageBps());
    }

    @Test
    void shouldNameFileKeyValueAndWhatIsAllowed()
    {
        assertError("configs/engine.yml: pipeline.ring_size: 1000 is invalid (must be a power of two from 64 to 4194304)",
            "pipeline: {ring_size: 1000}\n");
        assertError("configs/engine.yml: pipeline.wait_strategy: \"spin\" is invalid (must be one of blocking, yielding, " +
            "busy-spin, sleeping)", "pipeline: {wait_strategy: spin}\n");
        assertError("configs/engine.yml: pipeline.ingress_idle_strategy: \"blocking\" is invalid (must be one of busy-spin, " +
            "yielding, backoff, sleeping)", "pipeline: {ingress_idle_strategy: blocking}\n");
        assertError("configs/engine.yml: broker_sim.reject_probability: 1.5 is invalid (must be a probability from 0 to 1)",
            "broker_sim: {reject_probability: 1.5}\n");
        assertError("configs/engine.yml: quality.missing_ratio.scale_at: 0.3 is invalid (must not exceed flat_at 0.2)",
            "quality: {missing_ratio: {scale_at: 0.3}}\n");
        assertError("configs/engine.yml: quality.scale_factor: 1 is invalid (must be a ratio above 0 and below 1)",
            "quality: {scale_factor: 1}\n");
        assertError("configs/engine.yml: clock.max_skew_ms: -1 is invalid (must be an integer number of milliseconds from " +
            "0 (off) to 86400000)", "clock: {max_skew_ms: -1}\n");
        assertError("configs/engine.yml: idempotency.require_key: \"yes please\" is invalid (must be true or false)",
            "idempotency: {require_key: yes please}\n");
        assertError("configs/engine.yml: idempotency.require_auth: \"sometimes\" is invalid (must be true or false)",
            "idempotency: {require_auth: sometimes}\n");
    }

    @Test
    void shouldSelectTheVenueAndValidateItsKeys()
    {
        final EngineConfig embedded = EngineConfig.defaults();
        assertEquals(BrokerMode.EMBEDDED, embedded.brokerMode());
        assertNull(embedded.brokerDir());
        final EngineConfig process = EngineConfig.parse("configs/engine.yml",
            "broker: {mode: process, dir: /var/noctria/venue}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(BrokerMode.PROCESS, process.brokerMode());
        assertEquals("/var/noctria/venue", process.brokerDir());
        assertTrue(process.describe().contains("broker {mode: process, dir: /var/noctria/venue}"), process.describe());
        assertNull(EngineConfig.parse("f", "broker: {mode: process}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .brokerDir(), "no dir: the engine's own data directory");

        assertError("configs/engine.yml: broker.mode: \"fax\" is invalid (must be embedded, process or fix)",
            "broker: {mode: fax}\n");
        final EngineConfig fix = EngineConfig.parse("f", ("broker: {mode: fix, port: 9878, sender_comp_id: NOCTRIA, " +
            "target_comp_id: VENUE, heartbeat_s: 5}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(BrokerMode.FIX, fix.brokerMode());
        assertEquals(new FixLinkConfig("127.0.0.1", 9878, "NOCTRIA", "VENUE", 5, false, null, 1), fix.fixLink());
        assertNull(process.fixLink());
        assertError("configs/engine.yml: broker.port is missing (an integer TCP port from 1 to 65535)",
            "broker: {mode: fix, sender_comp_id: A, target_comp_id: B}\n");
        assertError("configs/engine.yml: broker.sender_comp_id: \"A B\" is invalid (must be 1 to 32 printable ASCII " +
            "characters without spaces or '=')", "broker: {mode: fix, port: 1, sender_comp_id: A B, target_comp_id: B}\n");
        assertError("configs/engine.yml: broker.port: 70000 is invalid (must be an integer TCP port from 1 to 65535)",
            "broker: {mode: fix, port: 70000, sender_comp_id: A, target_comp_id: B}\n");
        assertError("configs/engine.yml: broker.port: 9 is invalid (only used with mode: fix, and mode is process)",
            "broker: {mode: process, port: 9}\n");
        assertError("configs/engine.yml: broker.dir: \" \" is invalid (must be a non-empty directory path " +
            "(the broker-sim's --data-dir))", "broker: {mode: process, dir: \" \"}\n");
        assertError("configs/engine.yml: broker.dir: \"v\" is invalid (only used with mode: process, and mode is embedded)",
            "broker: {dir: v}\n");
        assertError("configs/engine.yml: broker.user is not a known key (allowed: mode, dir, host, port, " +
            "sender_comp_id, target_comp_id, heartbeat_s, reset_on_logon, store_dir, reconnect_s)", "broker: {user: x}\n");
    }

    @Test
    void shouldRejectUnknownKeysAndSections()
    {
        assertError("configs/engine.yml: disruptor is not a known key (allowed: pipeline, quality, clock, outbox, " +
            "idempotency, send_retry, broker, broker_sim, auto_pause, journal, controls, snapshot, pause)", "disruptor: {}\n");
        assertError("configs/engine.yml: pipeline.threads is not a known key (allowed: ring_size, wait_strategy, " +
            "ingress_idle_strategy, broker_thread)", "pipeline: {threads: 2}\n");
    }

    @Test
    void shouldSizeTheBooksAndValidateTheDedupeHorizon()
    {
        final EngineConfig sized = parse("clock: {max_skew_ms: 5000}\n" +
            "outbox: {capacity: 1000, dedupe_horizon_ms: 20000, trace_capacity: 2000, symbol_capacity: 3}\n");
        assertEquals(1_000, sized.outboxCapacity());
        assertEquals(2_000, sized.traceCapacity());
        assertEquals(3, sized.symbolCapacity());
        assertEquals(20_000_000_000L, sized.dedupeHorizonNs());
        assertEquals(65_000_000_000L, parse("clock: {max_skew_ms: 5000}\n").dedupeHorizonNs(), "unset: skew + 60 s");
        assertEquals(0, parse("outbox: {dedupe_horizon_ms: 0}\n").dedupeHorizonNs(), "0 keeps finished orders");
        assertEquals(0, parse("clock: {max_skew_ms: 0}\n").dedupeHorizonNs(), "no freshness bound, no horizon");
        assertEquals(0, parse("outbox: {dedupe_horizon_ms: 40000}\n").forDemo().dedupeHorizonNs(),
            "a demo run without a freshness bound keeps finished orders");
        assertEquals(40_000_000_000L, parse("clock: {max_skew_ms: 30000}\noutbox: {dedupe_horizon_ms: 40000}\n")
            .forDemo().dedupeHorizonNs(), "an explicit bound applies to demo runs, and the horizon with it");
        final EngineConfig hinted = parse("outbox: {capacity_hint: 1000000}\n");
        assertEquals(1_000_000, hinted.outboxCapacity(), "a larger capacity_hint raises the default");
        assertEquals(1_000_000, hinted.traceCapacity());
        assertEquals(300, parse("outbox: {capacity_hint: 1000000, capacity: 300}\n").outboxCapacity());
        final EngineConfig demo = parse("outbox: {trace_capacity: 500000}\n").withBooksFor(300_000);
        assertEquals(List.of(300_000, 500_000, 4_096), List.of(demo.outboxCapacity(), demo.traceCapacity(),
            demo.symbolCapacity()), "raised to hold a demo's orders, never lowered");

        assertError("configs/engine.yml: outbox.dedupe_horizon_ms: 20000 is invalid (must be 0 or at least " +
            "clock.max_skew_ms, 30000 (its default): a shorter horizon refuses requests the freshness bound accepts)",
            "outbox: {dedupe_horizon_ms: 20000}\n");
        assertError("configs/engine.yml: outbox.dedupe_horizon_ms: 4999 is invalid (must be 0 or at least " +
            "clock.max_skew_ms, 5000: a shorter horizon refuses requests the freshness bound accepts)",
            "clock: {max_skew_ms: 5000}\noutbox: {dedupe_horizon_ms: 4999}\n");
        assertError("configs/engine.yml: outbox.dedupe_horizon_ms: 1000 is invalid (needs clock.max_skew_ms above 0: " +
            "without a freshness bound no horizon is safe; set 0 or leave it unset)",
            "clock: {max_skew_ms: 0}\noutbox: {dedupe_horizon_ms: 1000}\n");
        assertError("configs/engine.yml: outbox.dedupe_horizon_ms: -1 is invalid (must be an integer number of " +
            "milliseconds from 0 (keep finished orders) to 604800000)", "outbox: {dedupe_horizon_ms: -1}\n");
        assertError("configs/engine.yml: outbox.capacity: 15 is invalid (must be an integer from 16 to 67108864)",
            "outbox: {capacity: 15}\n");
        assertError("configs/engine.yml: outbox.trace_capacity: \"many\" is invalid (must be an integer from 16 to " +
            "67108864)", "outbox: {trace_capacity: many}\n");
        assertError("configs/engine.yml: outbox.symbol_capacity: 0 is invalid (must be an integer from 1 to 1048576)",
            "outbox: {symbol_capacity: 0}\n");
        assertError("configs/engine.yml: outbox.size is not a known key (allowed: capacity_hint, capacity, " +
            "dedupe_horizon_ms, trace_capacity, symbol_capacity)", "outbox: {size: 1}\n");
    }

    @Test
    void shouldRefuseMissingAndEmptyFiles()
    {
        final ConfigException missing = assertThrows(ConfigException.class,
            () -> EngineConfig.load(Path.of("no/such/engine.yml")));
        assertTrue(missing.getMessage().startsWith("no/such/engine.yml: cannot read the file"), missing.getMessage());
        assertError("configs/engine.yml: is empty (must be a YAML mapping)", "");
        assertError("configs/engine.yml: document: \"just text\" is invalid (must be a mapping of key: value)",
            "just text\n");
    }

    private static EngineConfig parse(final String yaml)
    {
        return EngineConfig.parse("configs/engine.yml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldValidateTheAutoPauseRulesAndTheVenueFaults()
    {
        final EngineConfig shipped = EngineConfig.load(RepositoryFiles.repoFile("configs/engine.yml"));
        assertEquals(10_000, shipped.autoPause().errorRateMaxPpm(), "1 % of requests");
        assertEquals(600_000_000_000L, shipped.autoPause().errorRateWindowNs());
        assertEquals(3_000, shipped.autoPause().slippageBreachPpm(), "0.30 %");
        assertEquals(3, shipped.autoPause().slippageBreaches());
        assertTrue(shipped.autoPause().lossStreak());
        assertEquals(0, shipped.brokerSim().faults().disconnectOrders(), "faults are off in the shipped file");
        assertError("configs/engine.yml: auto_pause.broker_error_rate.max_pct: 1.23456 is invalid (must be a percentage " +
            "from 0 (off) to 100; at most 4 decimal places)", "auto_pause: {broker_error_rate: {max_pct: 1.23456}}\n");
        assertError("configs/engine.yml: auto_pause.slippage.breaches: -1 is invalid (must be an integer from 0 (off) " +
            "to 1000)", "auto_pause: {slippage: {breaches: -1}}\n");
        assertError("configs/engine.yml: broker_sim.faults.cancel_probability: 2 is invalid (must be a probability " +
            "from 0 to 1)", "broker_sim: {faults: {cancel_probability: 2}}\n");
    }

    @Test
    void shouldValidateTheControlsMaxAge()
    {
        assertEquals(60_000_000_000L, EngineConfig.load(RepositoryFiles.repoFile("configs/engine.yml")).controlMaxAgeNs(),
            "the shipped file's 60 s");
        assertEquals(60_000_000_000L, parse("pipeline: {}\n").controlMaxAgeNs(), "the default");
        assertEquals(5_000_000L, parse("controls: {max_age_ms: 5}\n").controlMaxAgeNs());
        assertError("configs/engine.yml: controls.max_age_ms: 0 is invalid (must be an integer number of milliseconds " +
            "from 1 to 86400000)", "controls: {max_age_ms: 0}\n");
        assertError("configs/engine.yml: controls.max_age_ms: \"1m\" is invalid (must be an integer number of " +
            "milliseconds from 1 to 86400000)", "controls: {max_age_ms: 1m}\n");
        assertError("configs/engine.yml: controls.window is not a known key (allowed: max_age_ms)", "controls: {window: 1}\n");
    }

    private static void assertError(final String expected, final String yaml)
    {
        final ConfigException error = assertThrows(ConfigException.class, () -> parse(yaml));
        assertEquals(expected, error.getMessage());
    }
}

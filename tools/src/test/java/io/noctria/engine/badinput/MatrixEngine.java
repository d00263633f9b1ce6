package io.noctria.engine.badinput;

import io.noctria.codecs.sbe.StopReason;
import io.noctria.engine.broker.SimulatedBroker;
import io.noctria.engine.broker.SimulatedBrokerSettings;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.runtime.Engine;
import io.noctria.engine.runtime.EngineContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The real engine, in-process, as the bad-input matrices run it: clock-skew check on (10 minutes),
 * an ingress clock that starts at {@link #START_NS} so request times are fixed in the tables, a
 * permissive policy (all-day trading, no rate limit or collar) so every good request is sent, and
 * a quiet simulated broker that fills at once.
 */
public final class MatrixEngine
{
    /** The idempotency secret of matrix runs; keys in the tables are computed with it. */
    public static final String SECRET = "bad-input-matrix-secret-of-at-least-32-bytes";
    /** Ingress time of the first input: 2026-11-22T04:20:00Z, the requests' ts in the tables. */
    public static final long START_NS = epochNs("2026-11-22T04:20:00Z");
    /** The one operator matrix engines trust, and its key (one per JVM: the restarted engine trusts it too). */
    public static final String OPERATOR = "matrix-ops";
    public static final java.security.KeyPair OPERATOR_KEY = io.noctria.engine.runtime.OperatorKeys.generate();
    /** clock.max_skew_ms of matrix runs. */
    public static final long MAX_SKEW_MS = 600_000;

    // Good requests in the tables are keyless (contract v1.0); key cases carry their own. The SBE table's requests
    // are authenticated (InboundCases tags them) and the engine requires it, as `run` does by default.
    static final String ENGINE_YML = "idempotency: {require_key: false}\nclock: {max_skew_ms: " + MAX_SKEW_MS + "}\n";
    // The JSON table's lines are untagged, as `submit` without --sign writes them: a tag that is present (JSON auth)
    // is still verified, a missing one is let through.
    static final String UNTAGGED_ENGINE_YML = "idempotency: {require_key: false, require_auth: false}\n" +
        "clock: {max_skew_ms: " + MAX_SKEW_MS + "}\n";
    static final String POLICY_YML =
        "default:\n" +
        "  max_position_notional: 1000000000\n" +
        "  max_order_qty: 1000000\n" +
        "  trading_hours_utc: [\"00:00-24:00\"]\n" +
        "  max_consecutive_losses: 1000\n" +
        "  shrink_after_losses_pct: 50\n" +
        "  forbidden_symbols: [\"USDRUB\"]\n";

    private MatrixEngine()
    {
    }

    /** Starts an engine on {@code dataDir}: recovers its journal, then consumes {@code inbound}. */
    public static Engine start(final Path dataDir)
    {
        return start(dataDir, ENGINE_YML);
    }

    /** As {@link #start(Path)} with requests that need no tag (the JSON table, written by submit without --sign). */
    public static Engine startUntagged(final Path dataDir)
    {
        return start(dataDir, UNTAGGED_ENGINE_YML);
    }

    private static Engine start(final Path dataDir, final String engineYml)
    {
        final EngineConfig config = EngineConfig.parse("matrix-engine.yml", engineYml.getBytes(StandardCharsets.UTF_8));
        final RiskPolicy policy = RiskPolicy.parse("matrix-policy.yml", POLICY_YML.getBytes(StandardCharsets.UTF_8));
        final SimulatedBrokerSettings broker = new SimulatedBrokerSettings(1, 1_000, 0, 500, 200, 0, 0, 0, 0, 0, 0,
            4096, 512);
        final long originNs = System.nanoTime();
        return Engine.start(new EngineContext(dataDir, config, policy, SECRET.getBytes(StandardCharsets.US_ASCII),
            false, (sink, linkCounters) -> new SimulatedBroker(broker, sink),
            () -> START_NS + (System.nanoTime() - originNs))
            .withOperators(java.util.List.of(new io.noctria.engine.runtime.OperatorKeys.Operator(OPERATOR,
                io.noctria.engine.core.ControlSignatures.rawPublicKey(OPERATOR_KEY.getPublic())))));
    }

    /** Waits until {@code engine} has consumed {@code count} inbound excerpts and processed them; fails after 60 s. */
    public static void awaitConsumed(final Engine engine, final long count) throws InterruptedException
    {
        if (!engine.awaitInboundConsumed(count, TimeUnit.SECONDS.toNanos(60)))
        {
            throw new AssertionError("engine consumed " + engine.inboundConsumed() + " of " + count +
                " inbound excerpts; fatal error: " + engine.fatalError());
        }
    }

    /** Drains and stops; asserts the engine never hit a fatal error. */
    public static void stop(final Engine engine) throws InterruptedException
    {
        engine.stop(StopReason.SHUTDOWN, TimeUnit.SECONDS.toNanos(20));
        if (engine.fatalError() != null)
        {
            throw new AssertionError("the engine halted on a fatal error", engine.fatalError());
        }
    }

    static long epochNs(final String iso)
    {
        final Instant instant = Instant.parse(iso);
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}

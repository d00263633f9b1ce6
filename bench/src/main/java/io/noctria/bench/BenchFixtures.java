package io.noctria.bench;

import io.noctria.engine.broker.SimulatedBrokerSettings;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.config.WaitKind;
import io.noctria.engine.core.EpochNanoClock;
import io.noctria.engine.core.EventSink;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.engine.core.IdempotencyKeys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Configuration shared by the JMH benchmarks and the latency harness: the permissive bench policy
 * ({@code bench/risk_policy.yml} on the classpath), an engine configuration built from the pipeline
 * knobs being measured, and the idempotency secret. Start-up code only; allocates freely.
 */
final class BenchFixtures
{
    /** Fixed-point scale of qty and price (10^6). */
    static final long M = 1_000_000L;
    static final byte[] SECRET = "noctria-bench-secret-not-for-production".getBytes(StandardCharsets.US_ASCII);
    static final String POLICY_RESOURCE = "bench/risk_policy.yml";

    private BenchFixtures()
    {
    }

    /** @return the bench policy: every rule evaluated, none firing for the harness's orders. */
    static RiskPolicy policy()
    {
        try (InputStream in = BenchFixtures.class.getClassLoader().getResourceAsStream(POLICY_RESOURCE))
        {
            if (in == null)
            {
                throw new IllegalStateException(POLICY_RESOURCE + " is missing from the classpath");
            }
            return RiskPolicy.parse("classpath:" + POLICY_RESOURCE, in.readAllBytes());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + POLICY_RESOURCE, ex);
        }
    }

    /**
     * Engine settings for a bench run. Everything not named keeps the engine default (the same values
     * as {@code configs/engine.yml}: quality thresholds, retries, broker; key and tag not required and clock skew off, explicitly).
     *
     * @param outboxCapacity orders to pre-size the outbox and trace table for, so that they never grow
     *                       (grow = allocate and copy) inside a measurement.
     */
    /** {@code snapshot.every_inputs} for the bench engine, or null for the engine's default. */
    private static final String SNAPSHOT_EVERY_INPUTS = System.getProperty("noctria.bench.snapshot_every_inputs");

    static EngineConfig engineConfig(final int ringSize, final WaitKind wait, final WaitKind ingressIdle,
        final int outboxCapacity)
    {
        final String yaml = "pipeline:\n" +
            "  ring_size: " + ringSize + "\n" +
            "  wait_strategy: " + wait.configName() + "\n" +
            "  ingress_idle_strategy: " + ingressIdle.configName() + "\n" +
            "outbox:\n" +
            "  capacity_hint: " + Math.max(16, outboxCapacity) + "\n" +
            // The harness sends keyless requests (the engine computes the key), as measured before keys became
            // required by default: say so, or every request would measure the IDEMPOTENCY_KEY_REQUIRED reject.
            // Likewise untagged (require_auth false) and without the freshness bound run now defaults to
            // (the recorded flows' ts are not the wall clock): the numbers stay comparable with earlier runs. The
            // tag's own cost is measured by AllocationProbe's tagged-request probe and ExecutionCoreBenchmark.
            "idempotency:\n" +
            "  require_key: false\n" +
            "  require_auth: false\n" +
            "clock:\n" +
            "  max_skew_ms: 0\n" +
            // -Dnoctria.bench.snapshot_every_inputs=N: the replica's periodic snapshots inside the measurement.
            (null == SNAPSHOT_EVERY_INPUTS ? "" : "snapshot:\n  every_inputs: " + SNAPSHOT_EVERY_INPUTS + "\n");
        return EngineConfig.parse("bench-engine.yml (generated)", yaml.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Engine settings for a core measured on its own: the pipeline knobs do not reach the core, so they are the
     * defaults (ring 8192, blocking wait, backoff idle).
     */
    static EngineConfig coreConfig(final int outboxCapacity)
    {
        return engineConfig(8192, WaitKind.BLOCKING, WaitKind.BACKOFF, outboxCapacity);
    }

    /** @return a core with the bench policy and the bench secret, emitting into {@code sink}. */
    static ExecutionCore core(final EngineConfig config, final EventSink sink, final EpochNanoClock clock)
    {
        return new ExecutionCore(config, policy(), new IdempotencyKeys(SECRET), sink, clock);
    }

    /**
     * Engine settings of an authenticated run: the defaults of {@code run} for keys, tags and freshness
     * (require_auth true, max_skew_ms 5000) but keys optional, as the harness's requests carry none.
     */
    static EngineConfig authenticatedConfig(final int outboxCapacity)
    {
        final String yaml = "outbox:\n  capacity_hint: " + Math.max(16, outboxCapacity) + "\n" +
            "idempotency:\n  require_key: false\n  require_auth: true\n";
        return EngineConfig.parse("bench-auth-engine.yml (generated)", yaml.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The engine's simulated broker defaults (= configs/engine.yml broker_sim), with room for at least
     * {@code expectedOrders} orders.
     */
    static SimulatedBrokerSettings brokerSettings(final int expectedOrders)
    {
        final SimulatedBrokerSettings d = SimulatedBrokerSettings.defaults();
        return new SimulatedBrokerSettings(d.seed(), d.ackLatencyNs(), d.ackJitterNs(), d.fillIntervalNs(),
            d.cancelLatencyNs(), d.rejectProbability(), d.partialFillProbability(), d.expireProbability(),
            d.transientErrorProbability(), d.makerProbability(), d.maxSlippageBps(),
            Math.max(d.expectedOrders(), expectedOrders), d.inFlightCapacity());
    }

    /** Deletes a directory tree; quiet about files that vanished meanwhile. */
    static void deleteRecursively(final Path dir)
    {
        if (dir == null || !Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> files = Files.walk(dir))
        {
            files.sorted(Comparator.reverseOrder()).forEach(path ->
            {
                try
                {
                    Files.deleteIfExists(path);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException("cannot delete " + path, ex);
                }
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + dir, ex);
        }
    }
}

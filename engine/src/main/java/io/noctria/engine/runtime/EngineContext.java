package io.noctria.engine.runtime;

import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.core.EpochNanoClock;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What an {@link Engine} is started with. Immutable; the secret is copied in and never printed.
 */
public final class EngineContext
{
    private final Path dataDir;
    private final EngineConfig config;
    private final RiskPolicy policy;
    private final byte[] secret;
    private final boolean demo;
    private final Engine.GatewayFactory gatewayFactory;
    private final EpochNanoClock clock;
    private final io.noctria.journal.JournalConsumer liveProjection;
    private final long outboxMirrorCapacity;
    private final java.util.function.LongSupplier usableSpace;
    private final java.util.List<OperatorKeys.Operator> operators;

    /**
     * @param dataDir        the data directory (inbound and journal queues).
     * @param config         engine settings.
     * @param policy         the risk policy.
     * @param secret         the idempotency HMAC secret.
     * @param demo           journaled in EngineStarted: this run uses demo settings.
     * @param gatewayFactory builds the broker gateway around the report sink it must deliver to.
     * @param clock          epoch-nanosecond clock for ingress and event stamps; null for the system clock.
     */
    public EngineContext(
        final Path dataDir,
        final EngineConfig config,
        final RiskPolicy policy,
        final byte[] secret,
        final boolean demo,
        final Engine.GatewayFactory gatewayFactory,
        final EpochNanoClock clock)
    {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.config = Objects.requireNonNull(config, "config");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.secret = Objects.requireNonNull(secret, "secret").clone();
        this.demo = demo;
        this.gatewayFactory = Objects.requireNonNull(gatewayFactory, "gatewayFactory");
        this.clock = clock;
        this.liveProjection = null;
        this.outboxMirrorCapacity = 0;
        this.usableSpace = null;
        this.operators = java.util.Collections.emptyList();
    }

    private EngineContext(final EngineContext base, final io.noctria.journal.JournalConsumer liveProjection, final long outboxMirrorCapacity)
    {
        this(base, liveProjection, outboxMirrorCapacity, base.usableSpace, base.operators);
    }

    private EngineContext(final EngineContext base, final io.noctria.journal.JournalConsumer liveProjection, final long outboxMirrorCapacity,
        final java.util.function.LongSupplier usableSpace, final java.util.List<OperatorKeys.Operator> operators)
    {
        this.operators = operators;
        this.usableSpace = usableSpace;
        this.outboxMirrorCapacity = outboxMirrorCapacity;
        this.dataDir = base.dataDir;
        this.config = base.config;
        this.policy = base.policy;
        this.secret = base.secret;
        this.demo = base.demo;
        this.gatewayFactory = base.gatewayFactory;
        this.clock = base.clock;
        this.liveProjection = liveProjection;
    }

    /**
     * Keep {@code projection} live while the engine runs: recovery feeds it every record it reads, then an agent
     * thread ({@code noctria-reports}) every record journaled, until {@link Engine#stop}
     * ({@link Engine#liveProjectionComplete()} says whether it caught up). The projection is touched by one
     * thread at a time and never by the business thread; read it only after stop.
     */
    public EngineContext withLiveProjection(final io.noctria.journal.JournalConsumer projection)
    {
        return new EngineContext(this, Objects.requireNonNull(projection, "projection"), outboxMirrorCapacity);
    }

    /**
     * Maintain the Chronicle Map outbox mirror at {@code data/outbox/} (sized for {@code capacity} keys
     * when created) on its own thread, so tools can look keys up while the engine runs.
     */
    public EngineContext withOutboxMirror(final long capacity)
    {
        if (capacity <= 0)
        {
            throw new IllegalArgumentException("outbox mirror capacity must be > 0, was " + capacity);
        }
        return new EngineContext(this, liveProjection, capacity);
    }

    /**
     * Test seam: where the disk-space guard reads the journal file system's usable bytes (default: the
     * file store itself), so tests can run out of disk without filling one.
     */
    EngineContext withUsableSpace(final java.util.function.LongSupplier usableBytes)
    {
        return new EngineContext(this, liveProjection, outboxMirrorCapacity, usableBytes, operators);
    }

    /**
     * The operators whose signed controls this engine accepts (from {@code run --operators DIR}); journaled as
     * OperatorKey inputs at start, in this order. Without it the engine trusts nobody: every control from
     * inbound is refused.
     */
    public EngineContext withOperators(final java.util.List<OperatorKeys.Operator> trusted)
    {
        return new EngineContext(this, liveProjection, outboxMirrorCapacity, usableSpace,
            java.util.List.copyOf(trusted));
    }

    /** @return the trusted operators, in roster order. */
    java.util.List<OperatorKeys.Operator> operators()
    {
        return operators;
    }

    /** @return the usable-space source for the disk-space guard; null for the journal's file store. */
    java.util.function.LongSupplier usableSpace()
    {
        return usableSpace;
    }

    /** @return the mirror's capacity, or 0 when no mirror is kept. */
    long outboxMirrorCapacity()
    {
        return outboxMirrorCapacity;
    }

    io.noctria.journal.JournalConsumer liveProjection()
    {
        return liveProjection;
    }

    Path dataDir()
    {
        return dataDir;
    }

    EngineConfig config()
    {
        return config;
    }

    RiskPolicy policy()
    {
        return policy;
    }

    byte[] secret()
    {
        return secret;
    }

    boolean demo()
    {
        return demo;
    }

    Engine.GatewayFactory gatewayFactory()
    {
        return gatewayFactory;
    }

    EpochNanoClock clock()
    {
        return clock;
    }

    @Override
    public String toString()
    {
        return "EngineContext{dataDir=" + dataDir + ", demo=" + demo + ", secret=<redacted>}";
    }
}

package io.noctria.engine.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Engine settings from {@code configs/engine.yml}: pipeline shape, quality-gate thresholds, clock
 * skew guard, outbox sizing, idempotency policy and the simulated broker. Every key is optional
 * and falls back to the default documented in the file; an unknown key, a bad value or a missing
 * file is an error. Immutable.
 * <p>
 * Defaults suit a 2-core machine: the business thread blocks when idle so the ingress poller
 * (backoff) and Chronicle/GC threads keep the other core; an 8192-slot ring absorbs bursts of
 * several milliseconds at a million events per second while its slots stay in L2.
 * <p>
 * Made by {@link #load}, {@link #parse} and {@link #defaults()}, which validate; the components hold what they
 * made, in the units named.
 *
 * @param source                where the config came from.
 * @param configHash            the SHA-256 of the file bytes (EngineStarted.configHash); read it through
 *                              {@link #configHash()}, which copies.
 * @param ringSize              Disruptor ring size, a power of two.
 * @param waitStrategy          how the business thread waits on the ring.
 * @param ingressIdleStrategy   how the ingress thread idles when the inbound queue is empty.
 * @param quality               quality-gate thresholds.
 * @param maxClockSkewNs        the largest |clientTsNs − ingressNs| accepted, ns; 0 when the check is off. Unset in
 *                              the file: {@link #DEFAULT_MAX_SKEW_MS} for {@code run}, 0 for {@link #forDemo() demo
 *                              runs}.
 * @param outboxCapacityHint    {@code outbox.capacity_hint}: the orders a day is expected to hold; sizes the outbox mirror
 *                              (16 × it) and raises the defaults of {@code outbox.capacity} and
 *                              {@code outbox.trace_capacity} to it when larger.
 * @param requireIdempotencyKey true when a request without an idempotency key is rejected (IDEMPOTENCY_KEY_REQUIRED):
 *                              the default, except in {@link #forDemo() demo runs} where the file does not set it.
 * @param maxSendAttempts       attempts per order, the first send included, before a transient send failure is
 *                              final: the core answers a SendFailed below it with a new OrderSent (same ClOrdID,
 *                              attempt + 1).
 * @param retryBackoffNs        the host's delay before handing a retry (attempt n ≥ 2) to the gateway:
 *                              {@code retryBackoffNs << (n - 2)} after the SendFailed was sequenced. The core never
 *                              waits.
 * @param brokerSim             the simulated broker's knobs (the embedded venue's, and the broker-sim's when it reads
 *                              this file).
 * @param brokerMode            where the venue runs: embedded in the engine, or in another process.
 * @param brokerDir             the directory of the out-of-process venue's queues ({@code broker.dir}, the
 *                              broker-sim's {@code --data-dir}) as written in the file, or null when not set: the
 *                              engine's own data directory.
 * @param autoPause             the runbook's automatic trading pause rules (error rate, slippage breaches, losing
 *                              streak).
 * @param journalMinFreeBytes   {@code journal.min_free_mb} in bytes: the engine refuses to start, or stops cleanly,
 *                              when the journal's file system has less usable space; 0 when the guard is off.
 * @param requireKeySet         true when the file sets {@code idempotency.require_key} ({@link #forDemo()} keeps it).
 * @param requireAuth           true when a request without an authTag is rejected (AUTH_TAG_MISSING): the default,
 *                              except in {@link #forDemo() demo runs} where the file does not set
 *                              {@code idempotency.require_auth}. A tag that is present is verified either way.
 * @param requireAuthSet        true when the file sets {@code idempotency.require_auth}.
 * @param maxSkewSet            true when the file sets {@code clock.max_skew_ms}.
 * @param controlMaxAgeNs       {@code controls.max_age_ms} in ns: an operator control whose submittedNs is further
 *                              than this from its ingress time is refused (CONTROL_STALE), and accepted signatures
 *                              are remembered this long (CONTROL_REPLAYED).
 * @param outboxCapacity        {@code outbox.capacity}: the most orders the in-memory outbox holds at once (open ones
 *                              and finished ones within the dedupe horizon); a request beyond it is refused
 *                              (OUTBOX_FULL). Allocated at start-up.
 * @param dedupeHorizonMsSet    {@code outbox.dedupe_horizon_ms} as the file sets it, -1 when unset; read the effective
 *                              value through {@link #dedupeHorizonNs()}.
 * @param traceCapacity         {@code outbox.trace_capacity}: the most distinct trace ids held (a trace's notional counts for
 *                              the life of the state, so none is ever removed); beyond it TRACE_BOOK_FULL.
 * @param symbolCapacity        {@code outbox.symbol_capacity}: the most distinct symbols held; beyond it SYMBOL_BOOK_FULL.
 * @param snapshotEveryInputs   {@code snapshot.every_inputs}: above 0, a replica core on the snapshot agent follows the
 *                              journal and snapshots its state after every this many inputs (docs/architecture.md,
 *                              "Snapshots"; a second core's books in memory); 0 (the default) only at a clean stop.
 * @param fixLink               the FIX session of {@code broker.mode: fix} (docs/fix.md); null for the other modes.
 * @param pauseCancelWorking    {@code pause.cancel_working}: true makes every pause (operator, policy or automatic) halt
 *                              trading: a CancelSent for each working order in the pause's frame; false (the default)
 *                              keeps working orders working (new risk only is refused).
 */
public record EngineConfig(
    String source,
    byte[] configHash,
    int ringSize,
    WaitKind waitStrategy,
    WaitKind ingressIdleStrategy,
    QualityThresholds quality,
    long maxClockSkewNs,
    int outboxCapacityHint,
    boolean requireIdempotencyKey,
    int maxSendAttempts,
    long retryBackoffNs,
    BrokerSimConfig brokerSim,
    BrokerMode brokerMode,
    String brokerDir,
    AutoPauseSettings autoPause,
    long journalMinFreeBytes,
    boolean requireKeySet,
    boolean requireAuth,
    boolean requireAuthSet,
    boolean maxSkewSet,
    long controlMaxAgeNs,
    int outboxCapacity,
    long dedupeHorizonMsSet,
    int traceCapacity,
    int symbolCapacity,
    long snapshotEveryInputs,
    FixLinkConfig fixLink,
    boolean pauseCancelWorking)
{
    /** Default ring size: a power of two, see class comment. */
    public static final int DEFAULT_RING_SIZE = 8192;
    /** Default {@code outbox.capacity_hint}: orders a day is expected to hold (the outbox mirror holds 16 × it). */
    public static final int DEFAULT_OUTBOX_CAPACITY = 65_536;
    /** Default {@code journal.min_free_mb}: the engine stops before the journal's file system has less free. */
    public static final long DEFAULT_JOURNAL_MIN_FREE_MB = 512;
    /**
     * Default {@code clock.max_skew_ms} of {@code run}: how late a captured request may be replayed (docs/reliability.md,
     * Trust boundaries); demo runs default to 0 (off), see {@link #forDemo()}.
     */
    public static final long DEFAULT_MAX_SKEW_MS = 30_000;
    /** Default {@code controls.max_age_ms}: how far a control's submittedNs may be from its ingress time. */
    public static final long DEFAULT_CONTROL_MAX_AGE_MS = 60_000;
    public static final long DEFAULT_SNAPSHOT_EVERY_INPUTS = 0;

    /**
     * Loads and validates an engine config file.
     *
     * @param file the YAML file; missing or unreadable is an error.
     * @return the validated configuration.
     * @throws ConfigException naming file, key, value and what is allowed.
     */
    public static EngineConfig load(final Path file)
    {
        return parse(file.toString(), ConfigSection.readFile(file));
    }

    /** @return the built-in defaults, as if loaded from an empty-but-present {@code pipeline: {}} file. */
    public static EngineConfig defaults()
    {
        return parse("<defaults>", "pipeline: {}\n".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Validates config bytes.
     *
     * @param source the name used in error messages, normally the file path.
     * @param yaml   the file bytes; their SHA-256 is the config hash.
     * @return the validated configuration.
     * @throws ConfigException naming source, key, value and what is allowed.
     */
    public static EngineConfig parse(final String source, final byte[] yaml)
    {
        final ConfigSection root = ConfigSection.parseRoot(source, yaml);
        root.allowOnly("pipeline", "quality", "clock", "outbox", "idempotency", "send_retry", "broker", "broker_sim",
            "auto_pause", "journal", "controls", "snapshot", "pause");

        final ConfigSection pipeline = root.section("pipeline");
        pipeline.allowOnly("ring_size", "wait_strategy", "ingress_idle_strategy", "broker_thread");
        final int ringSize = (int)pipeline.integer("ring_size", DEFAULT_RING_SIZE, 64, 1 << 22,
            "must be a power of two from 64 to 4194304");
        if (Integer.bitCount(ringSize) != 1)
        {
            throw pipeline.invalid("ring_size", ringSize, "must be a power of two from 64 to 4194304");
        }
        final WaitKind wait = waitKind(pipeline, "wait_strategy", WaitKind.BLOCKING,
            WaitKind.BLOCKING, WaitKind.YIELDING, WaitKind.BUSY_SPIN, WaitKind.SLEEPING);
        final WaitKind ingressIdle = waitKind(pipeline, "ingress_idle_strategy", WaitKind.BACKOFF,
            WaitKind.BUSY_SPIN, WaitKind.YIELDING, WaitKind.BACKOFF, WaitKind.SLEEPING);
        // Only the ingress thread may publish into the single-producer ring, and broker reports are
        // published there, so the venue is polled by that thread; there is no 'dedicated' layout.
        final String brokerThread = pipeline.string("broker_thread", "shared", "must be shared");
        if (!"shared".equals(brokerThread))
        {
            throw pipeline.invalid("broker_thread", brokerThread, "must be shared: the ingress thread, the ring's only " +
                "producer, also polls the venue");
        }

        final QualityThresholds quality = quality(root.section("quality"));

        final ConfigSection clock = root.section("clock");
        clock.allowOnly("max_skew_ms");
        // Unset: a finite freshness bound for run (a captured request replays at most this late), off for demo
        // runs (forDemo()), exactly like require_key.
        final boolean maxSkewSet = clock.has("max_skew_ms");
        final long maxSkewMs = clock.integer("max_skew_ms", DEFAULT_MAX_SKEW_MS, 0, 86_400_000L,
            "must be an integer number of milliseconds from 0 (off) to 86400000");

        final ConfigSection outbox = root.section("outbox");
        // The section sizes every book of the core's order path: the outbox, the trace ids its orders name and the
        // symbols they trade.
        outbox.allowOnly("capacity_hint", "capacity", "dedupe_horizon_ms", "trace_capacity", "symbol_capacity");
        final String capacityAllowed = "must be an integer from 16 to 67108864";
        final int outboxCapacityHint = (int)outbox.integer("capacity_hint", DEFAULT_OUTBOX_CAPACITY, 16, 1 << 26,
            capacityAllowed);
        final int tableDefault = Math.max(DEFAULT_TABLE_CAPACITY, outboxCapacityHint);
        final int outboxCapacity = (int)outbox.integer("capacity", tableDefault, 16, 1 << 26, capacityAllowed);
        final long horizonMs = dedupeHorizonMs(outbox, maxSkewSet, maxSkewMs);

        final int traceCapacity = (int)outbox.integer("trace_capacity", tableDefault, 16, 1 << 26, capacityAllowed);
        final int symbolCapacity = (int)outbox.integer("symbol_capacity", 4_096, 1, 1 << 20,
            "must be an integer from 1 to 1048576");

        final ConfigSection idempotency = root.section("idempotency");
        idempotency.allowOnly("require_key", "require_auth");
        // Unset: required (a forged or missing key never reaches the outbox), except for demo runs (forDemo()).
        final boolean requireKeySet = idempotency.has("require_key");
        final boolean requireKey = idempotency.bool("require_key", true);
        // Unset: required (an unauthenticated request never reaches a gate), except for demo runs (forDemo()).
        final boolean requireAuthSet = idempotency.has("require_auth");
        final boolean requireAuth = idempotency.bool("require_auth", true);

        final ConfigSection retry = root.section("send_retry");
        retry.allowOnly("max_attempts", "backoff_us");
        final int maxAttempts = (int)retry.integer("max_attempts", 3, 1, 100, "must be an integer from 1 to 100");
        final long backoffUs = retry.integer("backoff_us", 1_000, 0, 60_000_000,
            "must be an integer number of microseconds from 0 to 60000000");

        final ConfigSection broker = root.section("broker");
        broker.allowOnly("mode", "dir", "host", "port", "sender_comp_id", "target_comp_id", "heartbeat_s",
            "reset_on_logon", "store_dir", "reconnect_s");
        final BrokerMode mode = broker.choice("mode", BrokerMode.EMBEDDED, "must be embedded, process or fix",
            BrokerMode.values());
        final String dirAllowed = "must be a non-empty directory path (the broker-sim's --data-dir)";
        final String dir = broker.string("dir", null, dirAllowed);
        if (null != dir && (dir.isBlank() || dir.indexOf('\0') >= 0))
        {
            throw broker.invalid("dir", dir, dirAllowed);
        }
        if (BrokerMode.PROCESS != mode && null != dir)
        {
            throw broker.invalid("dir", dir, "only used with mode: process, and mode is " + mode.configName());
        }
        final FixLinkConfig fixLink = FixLinkConfig.parse(broker, mode);

        final ConfigSection journal = root.section("journal");
        journal.allowOnly("min_free_mb");
        final long minFreeMb = journal.integer("min_free_mb", DEFAULT_JOURNAL_MIN_FREE_MB, 0, 1L << 20,
            "must be an integer number of MiB from 0 (guard off) to 1048576");

        final ConfigSection controls = root.section("controls");
        controls.allowOnly("max_age_ms");
        final long maxAgeMs = controls.integer("max_age_ms", DEFAULT_CONTROL_MAX_AGE_MS, 1, 86_400_000L,
            "must be an integer number of milliseconds from 1 to 86400000");

        final ConfigSection snapshot = root.section("snapshot");
        snapshot.allowOnly("every_inputs");
        final long snapshotEvery = snapshot.integer("every_inputs", DEFAULT_SNAPSHOT_EVERY_INPUTS, 0, 1L << 40,
            "must be an integer number of inputs from 0 (only at a clean stop) to 1099511627776");

        final ConfigSection pause = root.section("pause");
        pause.allowOnly("cancel_working");
        // Unset: a pause stops new risk only (working orders keep working); true halts: every working order is canceled.
        final boolean cancelWorking = pause.bool("cancel_working", false);

        return new EngineConfig(source, ConfigSection.sha256(yaml), ringSize, wait, ingressIdle,
            quality, maxSkewMs * 1_000_000L, outboxCapacityHint, requireKey,
            maxAttempts, backoffUs * 1_000L, brokerSim(root.section("broker_sim")), mode, dir,
            AutoPauseSettings.parse(root.section("auto_pause")), minFreeMb << 20, requireKeySet, requireAuth,
            requireAuthSet, maxSkewSet, maxAgeMs * 1_000_000L, outboxCapacity, horizonMs, traceCapacity, symbolCapacity,
            snapshotEvery, fixLink, cancelWorking);
    }

    /**
     * Default {@code outbox.capacity} and {@code outbox.trace_capacity} (unless {@code capacity_hint} is larger): 2^18,
     * room for the demo's day of 100 K requests with every order and trace kept (no horizon in demo runs); allocated at
     * start-up: 43 MB of outbox and 23 MB of trace book arrays (106 MB of heap measured with G1's 4 MB regions, where
     * each 2 MB column takes a region of its own). {@code outbox.symbol_capacity} defaults to 4096; an
     * unset {@code outbox.dedupe_horizon_ms} to {@code clock.max_skew_ms} + 60000 ({@link #dedupeHorizonNs()}).
     */
    public static final int DEFAULT_TABLE_CAPACITY = 262_144;
    // The margin by which request ingress stamps may go backwards (a clock step, several stamps in flight) while
    // requests stay acceptable: docs/architecture.md, Dedupe horizon.
    private static final long DEFAULT_DEDUPE_MARGIN_MS = 60_000;

    /**
     * @return the dedupe horizon in force, ns: how far behind the newest request ingress time a request is refused as
     * stale, and what lets a finished order leave the outbox (docs/architecture.md, "Dedupe horizon"). 0 when
     * {@code clock.max_skew_ms} is 0 (no freshness bound, so no horizon is safe: finished orders stay) or the file sets
     * {@code outbox.dedupe_horizon_ms: 0}; unset, {@code max_skew_ms} + 60 s.
     */
    public long dedupeHorizonNs()
    {
        if (0 == maxClockSkewNs)
        {
            return 0;
        }
        return dedupeHorizonMsSet < 0 ? maxClockSkewNs + DEFAULT_DEDUPE_MARGIN_MS * 1_000_000L :
            dedupeHorizonMsSet * 1_000_000L;
    }

    /** @return a copy of the SHA-256 of the file bytes (EngineStarted.configHash): the record keeps its own. */
    @Override
    public byte[] configHash()
    {
        return configHash.clone();
    }

    /**
     * The settings for {@code run --demo}: as loaded, except for the keys the file does not set:
     * {@code idempotency.require_key} and {@code idempotency.require_auth} default to false (the demo's generated
     * flow is mostly keyless, like contract v1.0 producers) and {@code clock.max_skew_ms} to 0 (off: a demo replays
     * a generated day whose ts are not the wall clock). An explicit value applies to demo runs too. The config
     * hash stays the file's; EngineStarted journals the demo flag beside it.
     */
    public EngineConfig forDemo()
    {
        final boolean demoRequireKey = requireKeySet && requireIdempotencyKey;
        final boolean demoRequireAuth = requireAuthSet && requireAuth;
        final long demoSkewNs = maxSkewSet ? maxClockSkewNs : 0;
        if (demoRequireKey == requireIdempotencyKey && demoRequireAuth == requireAuth && demoSkewNs == maxClockSkewNs)
        {
            return this;
        }
        return with(demoSkewNs, demoRequireKey, demoRequireAuth, autoPause);
    }

    /**
     * @return this configuration with the outbox and the trace book raised to hold at least {@code orders} (never
     * lowered): for {@code run --demo N}, whose N orders all stay without a horizon. The config hash is the file's.
     */
    public EngineConfig withBooksFor(final int orders)
    {
        if (orders <= outboxCapacity && orders <= traceCapacity)
        {
            return this;
        }
        return new EngineConfig(source, configHash, ringSize, waitStrategy, ingressIdleStrategy, quality, maxClockSkewNs,
            outboxCapacityHint, requireIdempotencyKey, maxSendAttempts, retryBackoffNs, brokerSim, brokerMode, brokerDir,
            autoPause, journalMinFreeBytes, requireKeySet, requireAuth, requireAuthSet, maxSkewSet, controlMaxAgeNs,
            Math.max(orders, outboxCapacity), dedupeHorizonMsSet, Math.max(orders, traceCapacity), symbolCapacity,
            snapshotEveryInputs, fixLink, pauseCancelWorking);
    }

    /** @return this configuration with other automatic-pause rules (the demo's; the config hash is the file's). */
    public EngineConfig withAutoPause(final AutoPauseSettings rules)
    {
        return with(maxClockSkewNs, requireIdempotencyKey, requireAuth, rules);
    }

    /** @return the effective configuration for the start-up log. */
    public String describe()
    {
        return "engine config " + source + "\n  pipeline {ring_size: " + ringSize + ", wait_strategy: " +
            waitStrategy.configName() + ", ingress_idle_strategy: " + ingressIdleStrategy.configName() +
            ", broker_thread: shared}\n  " + quality +
            "\n  clock {max_skew_ms: " + maxClockSkewNs / 1_000_000L + "}, outbox {capacity: " + outboxCapacity +
            ", dedupe_horizon_ms: " + dedupeHorizonNs() / 1_000_000L + ", trace_capacity: " + traceCapacity +
            ", symbol_capacity: " + symbolCapacity + ", capacity_hint: " + outboxCapacityHint + "}, idempotency {" +
            "require_key: " + requireIdempotencyKey + ", require_auth: " + requireAuth + "}, send_retry {max_attempts: " +
            maxSendAttempts +
            ", backoff_us: " + retryBackoffNs / 1_000L + "}\n  broker {mode: " + brokerMode.configName() +
            (brokerDir == null ? "" : ", dir: " + brokerDir) + (fixLink == null ? "" : ", " + fixLink) + "}, journal {min_free_mb: " + (journalMinFreeBytes >> 20) +
            "}, controls {max_age_ms: " + controlMaxAgeNs / 1_000_000L + "}, snapshot {every_inputs: " +
            snapshotEveryInputs + "}\n  " + brokerSim + "\n  " + autoPause;
    }

    @Override
    public String toString()
    {
        return describe();
    }

    /** @return a copy with the settings the derived configurations change; everything else, the hash included, kept. */
    private EngineConfig with(final long skewNs, final boolean requireKey, final boolean auth,
        final AutoPauseSettings rules)
    {
        return new EngineConfig(source, configHash, ringSize, waitStrategy, ingressIdleStrategy, quality, skewNs,
            outboxCapacityHint, requireKey, maxSendAttempts, retryBackoffNs, brokerSim, brokerMode, brokerDir, rules,
            journalMinFreeBytes, requireKeySet, auth, requireAuthSet, maxSkewSet, controlMaxAgeNs, outboxCapacity,
            dedupeHorizonMsSet, traceCapacity, symbolCapacity, snapshotEveryInputs, fixLink, pauseCancelWorking);
    }

    /**
     * {@code outbox.dedupe_horizon_ms}: -1 when unset; otherwise 0 (off) or at least {@code clock.max_skew_ms}, since a
     * shorter horizon would refuse requests the freshness bound accepts.
     */
    private static long dedupeHorizonMs(final ConfigSection outbox, final boolean maxSkewSet, final long maxSkewMs)
    {
        if (!outbox.has("dedupe_horizon_ms"))
        {
            return -1;
        }
        final long horizonMs = outbox.integer("dedupe_horizon_ms", 0, 0, 604_800_000L,
            "must be an integer number of milliseconds from 0 (keep finished orders) to 604800000");
        if (horizonMs > 0 && 0 == maxSkewMs)
        {
            throw outbox.invalid("dedupe_horizon_ms", horizonMs, "needs clock.max_skew_ms above 0: without a " +
                "freshness bound no horizon is safe; set 0 or leave it unset");
        }
        if (horizonMs > 0 && horizonMs < maxSkewMs)
        {
            throw outbox.invalid("dedupe_horizon_ms", horizonMs, "must be 0 or at least clock.max_skew_ms, " + maxSkewMs +
                (maxSkewSet ? "" : " (its default)") + ": a shorter horizon refuses requests the freshness bound accepts");
        }
        return horizonMs;
    }

    private static WaitKind waitKind(final ConfigSection section, final String key, final WaitKind defaultKind,
        final WaitKind... allowed)
    {
        final StringBuilder names = new StringBuilder("must be one of ");
        for (int i = 0; i < allowed.length; i++)
        {
            names.append(i > 0 ? ", " : "").append(allowed[i].configName());
        }
        return section.choice(key, defaultKind, names.toString(), allowed);
    }

    private static QualityThresholds quality(final ConfigSection section)
    {
        section.allowOnly("missing_ratio", "data_lag_ms", "scale_factor");
        final ConfigSection missing = section.section("missing_ratio");
        missing.allowOnly("scale_at", "flat_at");
        final ConfigSection lag = section.section("data_lag_ms");
        lag.allowOnly("scale_at", "flat_at");
        final String ratioAllowed = "must be a ratio above 0 and at most 1";
        final int missingScale = (int)missing.fixed6("scale_at", 50_000, 0, false, 1_000_000, ratioAllowed);
        final int missingFlat = (int)missing.fixed6("flat_at", 200_000, 0, false, 1_000_000, ratioAllowed);
        if (missingScale > missingFlat)
        {
            throw missing.invalid("scale_at", missing.raw("scale_at"),
                "must not exceed flat_at " + SymbolLimits.decimal(missingFlat));
        }
        final String lagAllowed = "must be a positive integer number of milliseconds";
        final long lagScale = lag.integer("scale_at", 500, 1, Long.MAX_VALUE, lagAllowed);
        final long lagFlat = lag.integer("flat_at", 2_000, 1, Long.MAX_VALUE, lagAllowed);
        if (lagScale > lagFlat)
        {
            throw lag.invalid("scale_at", lag.raw("scale_at"), "must not exceed flat_at " + lagFlat);
        }
        final int factor = (int)section.fixed6("scale_factor", 500_000, 0, false, 999_999,
            "must be a ratio above 0 and below 1");
        return new QualityThresholds(missingScale, missingFlat, lagScale, lagFlat, factor);
    }

    private static BrokerSimConfig brokerSim(final ConfigSection section)
    {
        section.allowOnly("seed", "ack_latency_us", "ack_jitter_us", "fill_interval_us", "cancel_latency_us",
            "reject_probability", "partial_fill_probability", "expire_probability", "transient_error_probability",
            "maker_probability", "max_slippage_bps", "expected_orders", "in_flight_capacity", "faults");
        final String latencyAllowed = "must be an integer number of microseconds from 0 to 60000000";
        final String probabilityAllowed = "must be a probability from 0 to 1";
        final String capacityAllowed = "must be an integer from 1 to 16777216";
        return new BrokerSimConfig(
            section.integer("seed", 7101, Long.MIN_VALUE, Long.MAX_VALUE, "must be an integer"),
            section.integer("ack_latency_us", 200, 0, 60_000_000, latencyAllowed) * 1_000L,
            section.integer("ack_jitter_us", 100, 0, 60_000_000, latencyAllowed) * 1_000L,
            section.integer("fill_interval_us", 300, 0, 60_000_000, latencyAllowed) * 1_000L,
            section.integer("cancel_latency_us", 100, 0, 60_000_000, latencyAllowed) * 1_000L,
            (int)section.fixed6("reject_probability", 10_000, 0, true, 1_000_000, probabilityAllowed),
            (int)section.fixed6("partial_fill_probability", 200_000, 0, true, 1_000_000, probabilityAllowed),
            (int)section.fixed6("expire_probability", 50_000, 0, true, 1_000_000, probabilityAllowed),
            (int)section.fixed6("transient_error_probability", 5_000, 0, true, 1_000_000, probabilityAllowed),
            (int)section.fixed6("maker_probability", 300_000, 0, true, 1_000_000, probabilityAllowed),
            (int)section.integer("max_slippage_bps", 5, 0, 9_999, "must be an integer from 0 to 9999 basis points"),
            (int)section.integer("expected_orders", 1 << 16, 1, 1 << 24, capacityAllowed),
            (int)section.integer("in_flight_capacity", 1 << 12, 1, 1 << 24, capacityAllowed),
            BrokerFaultsConfig.parse(section.section("faults")));
    }
}

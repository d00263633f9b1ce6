package io.noctria.engine.badinput;

import io.noctria.engine.testing.Policies;

import java.util.ArrayList;
import java.util.List;

/**
 * The configuration half of the bad-input matrix: engine.yml and risk_policy.yml files that start-up must
 * refuse, each with the message an operator sees (file, dotted key, the bad value, what is allowed).
 */
public final class ConfigCases
{
    /** A valid policy: the platform's sample keys. */
    public static final String POLICY = Policies.MINIMAL;

    private static final String WINDOW = "must be \"HH:MM-HH:MM\" in UTC with start before end";

    private ConfigCases()
    {
    }

    public static List<ConfigCase> all()
    {
        final List<ConfigCase> cases = new ArrayList<>();
        engine(cases);
        policy(cases);
        return cases;
    }

    private static void engine(final List<ConfigCase> c)
    {
        final String ring = "is invalid (must be a power of two from 64 to 4194304)";
        engine(c, "ring-size-not-power-of-two", "pipeline: {ring_size: 1000}", "pipeline.ring_size: 1000 " + ring);
        engine(c, "ring-size-zero", "pipeline: {ring_size: 0}", "pipeline.ring_size: 0 " + ring);
        engine(c, "ring-size-negative", "pipeline: {ring_size: -8}", "pipeline.ring_size: -8 " + ring);
        engine(c, "ring-size-too-small", "pipeline: {ring_size: 32}", "pipeline.ring_size: 32 " + ring);
        engine(c, "ring-size-too-large", "pipeline: {ring_size: 8388608}", "pipeline.ring_size: 8388608 " + ring);
        engine(c, "ring-size-string", "pipeline: {ring_size: big}", "pipeline.ring_size: \"big\" " + ring);
        engine(c, "ring-size-decimal", "pipeline: {ring_size: 1024.5}", "pipeline.ring_size: 1024.5 " + ring);
        engine(c, "ring-size-beyond-long", "pipeline: {ring_size: 99999999999999999999}",
            "pipeline.ring_size: 99999999999999999999 " + ring);
        engine(c, "wait-strategy-unknown", "pipeline: {wait_strategy: spin}",
            "pipeline.wait_strategy: \"spin\" is invalid (must be one of blocking, yielding, busy-spin, sleeping)");
        engine(c, "wait-strategy-number", "pipeline: {wait_strategy: 1}", "pipeline.wait_strategy: 1 is invalid (");
        engine(c, "idle-strategy-blocking", "pipeline: {ingress_idle_strategy: blocking}",
            "pipeline.ingress_idle_strategy: \"blocking\" is invalid (must be one of busy-spin, yielding, backoff, sleeping)");
        engine(c, "broker-thread-dedicated", "pipeline: {broker_thread: dedicated}",
            "pipeline.broker_thread: \"dedicated\" is invalid (must be shared: the ingress thread, the ring's only producer, " +
            "also polls the venue)");
        engine(c, "pipeline-unknown-key", "pipeline: {threads: 2}", "pipeline.threads is not a known key (allowed: ");
        engine(c, "pipeline-not-a-mapping", "pipeline: fast", "pipeline: \"fast\" is invalid (must be a mapping");
        engine(c, "missing-ratio-scale-above-flat", "quality: {missing_ratio: {scale_at: 0.3}}",
            "quality.missing_ratio.scale_at: 0.3 is invalid (must not exceed flat_at 0.2)");
        engine(c, "missing-ratio-negative", "quality: {missing_ratio: {scale_at: -0.1}}",
            "quality.missing_ratio.scale_at: -0.1 is invalid (");
        engine(c, "missing-ratio-above-one", "quality: {missing_ratio: {flat_at: 1.5}}",
            "quality.missing_ratio.flat_at: 1.5 is invalid (");
        engine(c, "data-lag-negative", "quality: {data_lag_ms: {flat_at: -5}}", "quality.data_lag_ms.flat_at: -5 is invalid (");
        engine(c, "scale-factor-one", "quality: {scale_factor: 1}",
            "quality.scale_factor: 1 is invalid (must be a ratio above 0 and below 1)");
        engine(c, "scale-factor-zero", "quality: {scale_factor: 0}",
            "quality.scale_factor: 0 is invalid (must be a ratio above 0 and below 1)");
        engine(c, "scale-factor-nan", "quality: {scale_factor: .nan}", "quality.scale_factor: NaN is invalid (");
        engine(c, "max-skew-negative", "clock: {max_skew_ms: -1}", "clock.max_skew_ms: -1 is invalid (must be an integer " +
            "number of milliseconds from 0 (off) to 86400000)");
        engine(c, "max-skew-over-a-day", "clock: {max_skew_ms: 86400001}", "clock.max_skew_ms: 86400001 is invalid (");
        engine(c, "max-skew-with-unit", "clock: {max_skew_ms: 10s}", "clock.max_skew_ms: \"10s\" is invalid (");
        engine(c, "outbox-capacity-tiny", "outbox: {capacity_hint: 1}",
            "outbox.capacity_hint: 1 is invalid (must be an integer from 16 to 67108864)");
        engine(c, "require-key-words", "idempotency: {require_key: yes please}",
            "idempotency.require_key: \"yes please\" is invalid (must be true or false)");
        engine(c, "require-key-number", "idempotency: {require_key: 1}",
            "idempotency.require_key: 1 is invalid (must be true or false)");
        engine(c, "require-auth-words", "idempotency: {require_auth: only on weekdays}",
            "idempotency.require_auth: \"only on weekdays\" is invalid (must be true or false)");
        engine(c, "require-auth-number", "idempotency: {require_auth: 0}",
            "idempotency.require_auth: 0 is invalid (must be true or false)");
        engine(c, "journal-min-free-negative", "journal: {min_free_mb: -1}",
            "journal.min_free_mb: -1 is invalid (must be an integer number of MiB from 0 (guard off) to 1048576)");
        engine(c, "journal-min-free-with-unit", "journal: {min_free_mb: 512MB}", "journal.min_free_mb: \"512MB\" is invalid (");
        engine(c, "journal-unknown-key", "journal: {dir: /tmp}", "journal.dir is not a known key (allowed: min_free_mb)");
        engine(c, "snapshot-every-negative", "snapshot: {every_inputs: -5}",
            "snapshot.every_inputs: -5 is invalid (must be an integer number of inputs from 0 (only at a clean stop) to " +
            "1099511627776)");
        engine(c, "snapshot-every-not-a-number", "snapshot: {every_inputs: often}", "snapshot.every_inputs: \"often\" is invalid (");
        engine(c, "snapshot-unknown-key", "snapshot: {keep: 5}", "snapshot.keep is not a known key (allowed: every_inputs)");
        engine(c, "max-attempts-zero", "send_retry: {max_attempts: 0}",
            "send_retry.max_attempts: 0 is invalid (must be an integer from 1 to 100)");
        engine(c, "backoff-negative", "send_retry: {backoff_us: -1}", "send_retry.backoff_us: -1 is invalid (");
        engine(c, "reject-probability-above-one", "broker_sim: {reject_probability: 1.5}",
            "broker_sim.reject_probability: 1.5 is invalid (must be a probability from 0 to 1)");
        engine(c, "reject-probability-negative", "broker_sim: {reject_probability: -0.1}",
            "broker_sim.reject_probability: -0.1 is invalid (must be a probability from 0 to 1)");
        engine(c, "unknown-section", "disruptor: {}", "disruptor is not a known key (allowed: pipeline, quality, clock, " +
            "outbox, idempotency, send_retry, broker, broker_sim, auto_pause, journal, controls, snapshot, pause)");
        engine(c, "document-is-a-list", "- pipeline\n- quality", "document: [pipeline, quality] is invalid (must be a mapping");
        engine(c, "not-yaml", "pipeline: [unclosed", "is not valid YAML (");
        engine(c, "tab-indented", "pipeline:\n\tring_size: 1024", "is not valid YAML (");
        engine(c, "duplicate-key", "pipeline: {}\npipeline: {}", "is not valid YAML (");
        engine(c, "empty-file", "", "is empty (must be a YAML mapping)");
        engine(c, "comments-only", "# ring_size: 1024\n", "is empty (must be a YAML mapping)");
    }

    private static void policy(final List<ConfigCase> c)
    {
        final String positive = "is invalid (must be a positive number";
        policy(c, "position-notional-negative", replace("max_position_notional: 100000", "max_position_notional: -5"),
            "default.max_position_notional: -5 " + positive);
        policy(c, "position-notional-zero", replace("max_position_notional: 100000", "max_position_notional: 0"),
            "default.max_position_notional: 0 " + positive);
        policy(c, "position-notional-with-unit", replace("max_position_notional: 100000", "max_position_notional: 100k"),
            "default.max_position_notional: \"100k\" " + positive);
        policy(c, "position-notional-nan", replace("max_position_notional: 100000", "max_position_notional: .nan"),
            "default.max_position_notional: NaN " + positive);
        policy(c, "position-notional-infinite", replace("max_position_notional: 100000", "max_position_notional: .inf"),
            "default.max_position_notional: Infinity " + positive);
        policy(c, "order-qty-seven-decimals", replace("max_order_qty: 20000", "max_order_qty: 0.0000001"),
            "default.max_order_qty: 0.0000001 is invalid (must be a positive number; at most 6 decimal places)");
        policy(c, "order-qty-quoted", replace("max_order_qty: 20000", "max_order_qty: \"20000\""),
            "default.max_order_qty: \"20000\" " + positive);
        policy(c, "order-qty-huge", replace("max_order_qty: 20000", "max_order_qty: 1e30"),
            "default.max_order_qty: 1000000000000000000000000000000 " + positive);
        policy(c, "trading-hours-string", replace("[\"00:00-22:00\"]", "\"00:00-22:00\""),
            "default.trading_hours_utc: \"00:00-22:00\" is invalid (must be a list");
        policy(c, "trading-hours-empty", replace("[\"00:00-22:00\"]", "[]"), "default.trading_hours_utc: [] is invalid (");
        policy(c, "trading-hours-wraps-midnight", replace("[\"00:00-22:00\"]", "[\"22:00-02:00\"]"),
            "default.trading_hours_utc[0]: \"22:00-02:00\" is invalid (" + WINDOW);
        policy(c, "trading-hours-hour-25", replace("[\"00:00-22:00\"]", "[\"08:00-09:00\", \"25:00-26:00\"]"),
            "default.trading_hours_utc[1]: \"25:00-26:00\" is invalid (" + WINDOW);
        policy(c, "trading-hours-one-digit", replace("[\"00:00-22:00\"]", "[\"9:00-10:00\"]"),
            "default.trading_hours_utc[0]: \"9:00-10:00\" is invalid (" + WINDOW);
        policy(c, "trading-hours-number", replace("[\"00:00-22:00\"]", "[900]"),
            "default.trading_hours_utc[0]: 900 is invalid (" + WINDOW);
        policy(c, "losses-zero", replace("max_consecutive_losses: 3", "max_consecutive_losses: 0"),
            "default.max_consecutive_losses: 0 is invalid (must be an integer from 1 to 1000000)");
        policy(c, "losses-decimal", replace("max_consecutive_losses: 3", "max_consecutive_losses: 2.5"),
            "default.max_consecutive_losses: 2.5 is invalid (must be an integer from 1 to 1000000)");
        policy(c, "shrink-100", replace("shrink_after_losses_pct: 50", "shrink_after_losses_pct: 100"),
            "default.shrink_after_losses_pct: 100 is invalid (must be a percentage above 0 and below 100)");
        policy(c, "shrink-zero", replace("shrink_after_losses_pct: 50", "shrink_after_losses_pct: 0"),
            "default.shrink_after_losses_pct: 0 is invalid (must be a percentage above 0 and below 100)");
        policy(c, "shrink-five-decimals", replace("shrink_after_losses_pct: 50", "shrink_after_losses_pct: 12.34567"),
            "default.shrink_after_losses_pct: 12.34567 is invalid (must be a percentage above 0 and below 100; at most 4 decimal places)");
        policy(c, "collar-negative", POLICY + "  price_collar_pct: -1\n", "default.price_collar_pct: -1 is invalid (");
        policy(c, "collar-over-100", POLICY + "  price_collar_pct: 101\n", "default.price_collar_pct: 101 is invalid (");
        policy(c, "rate-zero", POLICY + "  max_orders_per_second: 0\n", "default.max_orders_per_second: 0 is invalid (must " +
            "be an integer from 1 to 1000000; leave it out to turn the rate limit off)");
        policy(c, "rate-too-high", POLICY + "  max_orders_per_second: 1000001\n",
            "default.max_orders_per_second: 1000001 is invalid (");
        policy(c, "pause-word", POLICY + "  global_trading_pause: maybe\n",
            "default.global_trading_pause: \"maybe\" is invalid (must be true or false)");
        policy(c, "forbidden-pipe", POLICY + "  forbidden_symbols: [\"OK\", \"A|B\"]\n",
            "default.forbidden_symbols[1]: \"A|B\" is invalid (must be a list of symbols");
        policy(c, "forbidden-string", POLICY + "  forbidden_symbols: USDRUB\n",
            "default.forbidden_symbols: \"USDRUB\" is invalid (must be a list of symbols");
        policy(c, "forbidden-empty-symbol", POLICY + "  forbidden_symbols: [\"\"]\n",
            "default.forbidden_symbols[0]: \"\" is invalid (");
        policy(c, "forbidden-number", POLICY + "  forbidden_symbols: [123]\n",
            "default.forbidden_symbols[0]: 123 is invalid (");
        policy(c, "reference-price-negative", POLICY + "  reference_prices: {USDJPY: -1}\n",
            "default.reference_prices.USDJPY: -1 is invalid (must be a positive price)");
        policy(c, "reference-price-word", POLICY + "  reference_prices: {USDJPY: high}\n",
            "default.reference_prices.USDJPY: \"high\" is invalid (must be a positive price)");
        policy(c, "reference-price-bad-symbol", POLICY + "  reference_prices: {\"USD JPY\": 150}\n",
            "default.reference_prices.USD JPY is not a valid symbol (");
        policy(c, "override-negative", POLICY + "overrides:\n  USDJPY:\n    max_position_notional: -5\n",
            "overrides.USDJPY.max_position_notional: -5 " + positive);
        policy(c, "override-global-key", POLICY + "overrides:\n  USDJPY:\n    forbidden_symbols: []\n",
            "overrides.USDJPY.forbidden_symbols is not allowed in an override (it applies to all symbols: set it under default)");
        policy(c, "override-unknown-key", POLICY + "overrides:\n  USDJPY:\n    max_qty: 5\n",
            "overrides.USDJPY.max_qty is not a known key (allowed: ");
        policy(c, "override-symbol-too-long", POLICY + "overrides:\n  THIS_SYMBOL_IS_TOO_LONG: {max_order_qty: 1}\n",
            "overrides.THIS_SYMBOL_IS_TOO_LONG is not a valid symbol (1 to 16 printable ASCII characters, no space or '|')");
        policy(c, "override-boolean-key", POLICY + "overrides:\n  ON: {max_order_qty: 1}\n",
            "overrides: key true is invalid (keys must be strings;");
        policy(c, "override-not-a-mapping", POLICY + "overrides:\n  USDJPY: 5\n", "overrides.USDJPY: 5 is invalid (must be a mapping");
        policy(c, "default-missing", "overrides: {}\n", "default is missing (a mapping with ");
        policy(c, "order-qty-missing", replace("  max_order_qty: 20000\n", ""),
            "default.max_order_qty is missing (must be a positive number of units)");
        policy(c, "unknown-top-level", POLICY + "limits: {}\n", "limits is not a known key (allowed: default, overrides)");
        policy(c, "misspelt-limit", POLICY + "  max_order_quantity: 5\n", "default.max_order_quantity is not a known key (");
        policy(c, "policy-duplicate-key", POLICY + "  max_order_qty: 1\n", "is not valid YAML (");
        policy(c, "policy-empty", "", "is empty (must be a YAML mapping)");
        policy(c, "policy-not-yaml", "default: {max_order_qty: [1, 2}\n", "is not valid YAML (");
    }

    private static void engine(final List<ConfigCase> cases, final String name, final String yaml, final String expected)
    {
        cases.add(new ConfigCase("engine-" + name, ConfigCase.ENGINE, yaml + "\n", expected));
    }

    private static void policy(final List<ConfigCase> cases, final String name, final String yaml, final String expected)
    {
        cases.add(new ConfigCase("policy-" + name, ConfigCase.POLICY, yaml, expected));
    }

    /** The sample policy with one value changed (the table's rows stay one change each). */
    private static String replace(final String from, final String to)
    {
        return Policies.minimalWith(from, to);
    }
}

package io.noctria.engine.testing;

/** Risk policies that tests share, as YAML documents. */
public final class Policies
{
    /**
     * A policy that lets every well-formed order through: all-day trading, no forbidden symbol, limits far above
     * what any test sends, and a loss streak that never shrinks orders. For tests about the pipeline, not the gate.
     */
    public static final String OPEN =
        "default:\n" +
        "  max_position_notional: 1000000000000\n" +
        "  max_order_qty: 1000000\n" +
        "  trading_hours_utc: [\"00:00-24:00\"]\n" +
        "  max_consecutive_losses: 1000\n" +
        "  shrink_after_losses_pct: 50\n" +
        "  forbidden_symbols: []\n";

    /** The platform's sample policy: the five keys every policy must set, and nothing else. */
    public static final String MINIMAL =
        "default:\n" +
        "  max_position_notional: 100000\n" +
        "  max_order_qty: 20000\n" +
        "  trading_hours_utc: [\"00:00-22:00\"]\n" +
        "  max_consecutive_losses: 3\n" +
        "  shrink_after_losses_pct: 50\n";

    private Policies()
    {
    }

    /**
     * @return {@link #MINIMAL} with {@code from} replaced by {@code to}: one bad value in an otherwise valid policy.
     * @throws IllegalArgumentException if {@code from} is not in it (a case that would test the valid policy).
     */
    public static String minimalWith(final String from, final String to)
    {
        if (!MINIMAL.contains(from))
        {
            throw new IllegalArgumentException("not in Policies.MINIMAL: " + from);
        }
        return MINIMAL.replace(from, to);
    }
}

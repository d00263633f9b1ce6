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

    private Policies()
    {
    }
}

package io.noctria.engine.config;

/**
 * The runbook's automatic trading pause, from the {@code auto_pause:} section of configs/engine.yml:
 * the broker error rate over a window ({@code broker_api_errors_total / requests_total}, 10 minutes,
 * at most 1 %), slippage over its threshold 3 times in 10 minutes, and a losing streak over the policy.
 * Exact semantics in docs/risk.md ("Automatic trading pause"). Ratios are held as ppm, windows as ns.
 * A rule is off when its count is 0 ({@code max_pct: 0}, {@code breaches: 0}) or {@code loss_streak: false}.
 * Immutable.
 *
 * @param errorRateMaxPpm      errors / requests above this (ppm) trips the pause; 0 turns the rule off.
 * @param errorRateWindowNs    the error-rate window, ns, a multiple of {@link #SLICES}.
 * @param errorRateMinRequests requests the window must hold before its ratio is judged.
 * @param slippageBreachPpm    an order whose slippage exceeds this (ppm of its price) is a breach.
 * @param slippageBreaches     breaches within the window that trip the pause; 0 turns the rule off.
 * @param slippageWindowNs     the slippage window, ns.
 * @param lossStreak           whether a symbol's losing streak over its max_consecutive_losses trips the pause.
 */
public record AutoPauseSettings(
    int errorRateMaxPpm,
    long errorRateWindowNs,
    long errorRateMinRequests,
    int slippageBreachPpm,
    int slippageBreaches,
    long slippageWindowNs,
    boolean lossStreak)
{
    /** Windows are judged in this many equal slices: the error-rate counts are kept per slice. */
    public static final int SLICES = 60;

    /** @throws IllegalArgumentException when a value is out of the range the file allows. */
    public AutoPauseSettings
    {
        if (errorRateMaxPpm < 0 || errorRateMaxPpm > 1_000_000 || errorRateWindowNs < SLICES ||
            errorRateWindowNs % SLICES != 0 || errorRateMinRequests < 1 || slippageBreachPpm < 0 ||
            slippageBreaches < 0 || slippageBreaches > 1_000 || slippageWindowNs <= 0)
        {
            throw new IllegalArgumentException("auto pause settings out of range: error rate " + errorRateMaxPpm +
                " ppm over " + errorRateWindowNs + " ns from " + errorRateMinRequests + " requests, slippage " +
                slippageBreachPpm + " ppm x " + slippageBreaches + " over " + slippageWindowNs + " ns");
        }
    }

    static AutoPauseSettings parse(final ConfigSection section)
    {
        section.allowOnly("broker_error_rate", "slippage", "loss_streak");
        final ConfigSection errors = section.section("broker_error_rate");
        errors.allowOnly("max_pct", "window_s", "min_requests");
        final int maxPpm = percentAsPpm(errors, "max_pct", 1_000_000, "must be a percentage from 0 (off) to 100");
        final long errorWindowS = errors.integer("window_s", 600, 1, 86_400,
            "must be an integer number of seconds from 1 to 86400");
        final long minRequests = errors.integer("min_requests", 100, 1, 1_000_000_000L,
            "must be an integer from 1 to 1000000000");

        final ConfigSection slippage = section.section("slippage");
        slippage.allowOnly("breach_pct", "breaches", "window_s");
        final int breachPpm = percentAsPpm(slippage, "breach_pct", 300_000, "must be a percentage from 0 to 100");
        final int breaches = (int)slippage.integer("breaches", 3, 0, 1_000, "must be an integer from 0 (off) to 1000");
        final long slippageWindowS = slippage.integer("window_s", 600, 1, 86_400,
            "must be an integer number of seconds from 1 to 86400");

        return new AutoPauseSettings(maxPpm, errorWindowS * 1_000_000_000L, minRequests, breachPpm, breaches,
            slippageWindowS * 1_000_000_000L, section.bool("loss_streak", true));
    }

    /** A percentage with at most 4 decimals as ppm of the ratio (1 % = 10_000 ppm). */
    private static int percentAsPpm(final ConfigSection section, final String key, final long defaultFixed6,
        final String allowed)
    {
        final long fixed6 = section.fixed6(key, defaultFixed6, 0, true, 100_000_000L, allowed);
        if (fixed6 % 100 != 0)
        {
            throw section.invalid(key, section.raw(key), allowed + "; at most 4 decimal places");
        }
        return (int)(fixed6 / 100);
    }

    /** @return these settings with the losing-streak rule switched as given. */
    public AutoPauseSettings withLossStreak(final boolean on)
    {
        return new AutoPauseSettings(errorRateMaxPpm, errorRateWindowNs, errorRateMinRequests, slippageBreachPpm,
            slippageBreaches, slippageWindowNs, on);
    }

    @Override
    public String toString()
    {
        return "auto_pause {broker_error_rate: {max_pct: " + SymbolLimits.decimal(errorRateMaxPpm * 100L) +
            ", window_s: " + errorRateWindowNs / 1_000_000_000L + ", min_requests: " + errorRateMinRequests +
            "}, slippage: {breach_pct: " + SymbolLimits.decimal(slippageBreachPpm * 100L) + ", breaches: " +
            slippageBreaches + ", window_s: " + slippageWindowNs / 1_000_000_000L + "}, loss_streak: " + lossStreak + "}";
    }
}

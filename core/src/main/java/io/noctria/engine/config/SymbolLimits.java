package io.noctria.engine.config;

/**
 * The effective risk limits of one policy section: {@code default}, or a per-symbol override
 * already merged over the default (an override only replaces the keys it names).
 * <p>
 * Units: notionals are quote-currency amounts and quantities are units, both fixed point with
 * scale 10^6 like the wire contract; percentages are held as parts per million of the quantity
 * or price; trading windows as UTC minutes of the day, start inclusive and end exclusive.
 * Immutable.
 */
public final class SymbolLimits
{
    /** Nanoseconds in one minute: trading windows are whole minutes. */
    public static final long MINUTE_NS = 60_000_000_000L;

    private final String policyName;
    private final long maxPositionNotional;
    private final long maxOrderQty;
    private final long maxTraceNotional;
    private final int[] windowStartMinutes;
    private final int[] windowEndMinutes;
    private final int maxConsecutiveLosses;
    private final int shrinkAfterLossesPpm;
    private final int priceCollarPpm;

    SymbolLimits(
        final String policyName,
        final long maxPositionNotional,
        final long maxOrderQty,
        final long maxTraceNotional,
        final int[] windowStartMinutes,
        final int[] windowEndMinutes,
        final int maxConsecutiveLosses,
        final int shrinkAfterLossesPpm,
        final int priceCollarPpm)
    {
        this.policyName = policyName;
        this.maxPositionNotional = maxPositionNotional;
        this.maxOrderQty = maxOrderQty;
        this.maxTraceNotional = maxTraceNotional;
        this.windowStartMinutes = windowStartMinutes.clone();
        this.windowEndMinutes = windowEndMinutes.clone();
        this.maxConsecutiveLosses = maxConsecutiveLosses;
        this.shrinkAfterLossesPpm = shrinkAfterLossesPpm;
        this.priceCollarPpm = priceCollarPpm;
    }

    /** @return {@code "default"} or the override's symbol: the policy name carried by decisions and alerts. */
    public String policyName()
    {
        return policyName;
    }

    /** @return the largest absolute projected position notional, quote currency, scale 10^6. */
    public long maxPositionNotional()
    {
        return maxPositionNotional;
    }

    /** @return the largest quantity of one order, units, scale 10^6. */
    public long maxOrderQty()
    {
        return maxOrderQty;
    }

    /** @return the largest total sent notional of one trace id, scale 10^6; 0 when the rule is off. */
    public long maxTraceNotional()
    {
        return maxTraceNotional;
    }

    /** @return how many UTC trading windows there are (at least one). */
    public int tradingWindowCount()
    {
        return windowStartMinutes.length;
    }

    /** @return start of window {@code i}, UTC minute of the day, inclusive. */
    public int windowStartMinute(final int i)
    {
        return windowStartMinutes[i];
    }

    /** @return end of window {@code i}, UTC minute of the day, exclusive; 1440 for 24:00. */
    public int windowEndMinute(final int i)
    {
        return windowEndMinutes[i];
    }

    /**
     * @param timeOfDayNs nanoseconds since 00:00 UTC of the business timestamp's day, in [0, 86_400e9).
     * @return true when a window contains it: start inclusive, end exclusive, to the nanosecond.
     */
    public boolean isWithinTradingHours(final long timeOfDayNs)
    {
        for (int i = 0; i < windowStartMinutes.length; i++)
        {
            if (timeOfDayNs >= windowStartMinutes[i] * MINUTE_NS && timeOfDayNs < windowEndMinutes[i] * MINUTE_NS)
            {
                return true;
            }
        }
        return false;
    }

    /** @return the losing round trips in a row at which new risk-increasing orders are shrunk. */
    public int maxConsecutiveLosses()
    {
        return maxConsecutiveLosses;
    }

    /** @return the share of quantity removed by the loss-streak shrink, ppm (50 % = 500_000). */
    public int shrinkAfterLossesPpm()
    {
        return shrinkAfterLossesPpm;
    }

    /** @return the largest deviation of a LIMIT price from the reference price, ppm of the reference; 0 = off. */
    public int priceCollarPpm()
    {
        return priceCollarPpm;
    }

    /** @return the section as it would read in the file, with values in file units, for the start-up log. */
    public String describe()
    {
        final StringBuilder sb = new StringBuilder(policyName).append(" {max_position_notional: ")
            .append(decimal(maxPositionNotional))
            .append(", max_order_qty: ").append(decimal(maxOrderQty))
            .append(", max_trace_notional: ").append(0 == maxTraceNotional ? "off" : decimal(maxTraceNotional))
            .append(", trading_hours_utc: [");
        for (int i = 0; i < windowStartMinutes.length; i++)
        {
            sb.append(i > 0 ? ", " : "").append(hhmm(windowStartMinutes[i])).append('-').append(hhmm(windowEndMinutes[i]));
        }
        return sb.append("], max_consecutive_losses: ").append(maxConsecutiveLosses)
            .append(", shrink_after_losses_pct: ").append(decimal(shrinkAfterLossesPpm * 100L))
            .append(", price_collar_pct: ").append(0 == priceCollarPpm ? "off" : decimal(priceCollarPpm * 100L))
            .append('}').toString();
    }

    @Override
    public String toString()
    {
        return describe();
    }

    static String hhmm(final int minuteOfDay)
    {
        final int h = minuteOfDay / 60;
        final int m = minuteOfDay % 60;
        return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
    }

    static String decimal(final long fixed6)
    {
        return java.math.BigDecimal.valueOf(fixed6, ConfigSection.DECIMALS).stripTrailingZeros().toPlainString();
    }
}

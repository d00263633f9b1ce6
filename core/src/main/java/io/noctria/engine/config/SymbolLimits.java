package io.noctria.engine.config;

/**
 * The effective risk limits of one policy section: {@code default}, or a per-symbol override
 * already merged over the default (an override only replaces the keys it names).
 * <p>
 * Units: notionals are quote-currency amounts and quantities are units, both fixed point with
 * scale 10^6 like the wire contract; percentages are held as parts per million of the quantity
 * or price; trading windows as UTC minutes of the day, start inclusive and end exclusive.
 * Immutable.
 *
 * @param policyName           {@code "default"} or the override's symbol: the policy name carried by decisions and
 *                             alerts.
 * @param maxPositionNotional  the largest absolute projected position notional, quote currency, scale 10^6.
 * @param maxOrderQty          the largest quantity of one order, units, scale 10^6.
 * @param maxTraceNotional     the largest total sent notional of one trace id, scale 10^6; 0 when the rule is off.
 * @param windowStartMinutes   UTC trading window starts, minutes of the day, inclusive (at least one window).
 * @param windowEndMinutes     the matching ends, exclusive; 1440 for 24:00.
 * @param maxConsecutiveLosses the losing round trips in a row at which new risk-increasing orders are shrunk.
 * @param shrinkAfterLossesPpm the share of quantity removed by the loss-streak shrink, ppm (50 % = 500_000).
 * @param priceCollarPpm       the largest deviation of a LIMIT price from the reference price, ppm of the
 *                             reference; 0 = off.
 * @param venue                what the venue takes for this symbol: min qty, qty step, price tick, TIFs, order types,
 *                             replace ({@link VenueCapabilities#ANY} when the policy names none).
 */
public record SymbolLimits(
    String policyName,
    long maxPositionNotional,
    long maxOrderQty,
    long maxTraceNotional,
    int[] windowStartMinutes,
    int[] windowEndMinutes,
    int maxConsecutiveLosses,
    int shrinkAfterLossesPpm,
    int priceCollarPpm,
    VenueCapabilities venue)
{
    /** Nanoseconds in one minute: trading windows are whole minutes. */
    public static final long MINUTE_NS = 60_000_000_000L;

    /** Keeps its own copies of the windows: the record is immutable whatever the caller does with its arrays. */
    public SymbolLimits
    {
        windowStartMinutes = windowStartMinutes.clone();
        windowEndMinutes = windowEndMinutes.clone();
    }

    /** @return a copy of the window starts, UTC minutes of the day, inclusive. */
    @Override
    public int[] windowStartMinutes()
    {
        return windowStartMinutes.clone();
    }

    /** @return a copy of the window ends, UTC minutes of the day, exclusive; 1440 for 24:00. */
    @Override
    public int[] windowEndMinutes()
    {
        return windowEndMinutes.clone();
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

package io.noctria.engine.core;

import io.noctria.codecs.FixedPoint;
import io.noctria.codecs.sbe.AlertCode;
import io.noctria.engine.config.AutoPauseSettings;

/**
 * The runbook's three automatic pause rules, judged on journaled time only: the broker error rate
 * ({@code broker_api_errors_total / requests_total}) over a sliding window, slippage breaches
 * ({@code breaches} in {@code window_s}) and a losing streak over the policy. The core tells it about
 * every broker request (OrderSent, retries included), every SendFailed, every order that ended with
 * fills and every losing round trip; when a rule trips, {@link #tripped()} names it with a reason for
 * the core to pause trading (once; the core clears the trip).
 * <p>
 * <b>Clock.</b> {@code nowNs} is the running maximum of the journaled sequencing stamps the core
 * has seen (an OrderRequest's {@code ingressNs}, a broker report's {@code tsNs}), so replaying the
 * journal reaches the same verdicts, and a late-stamped input cannot reopen a past window.
 * <p>
 * <b>Error-rate window</b>: counts are kept in {@link AutoPauseSettings#SLICES} slices of
 * {@code window / SLICES} aligned to the epoch; the window at {@code now} is the slice holding
 * {@code now} and the {@code SLICES − 1} before it. The rule is judged when an error is counted:
 * it trips when the window holds at least {@code min_requests} requests and
 * {@code errors × 10^6 > max_ppm × requests} (strictly above the limit: exactly 1 % is within budget).
 * <p>
 * <b>Slippage</b>: the times of the last {@code breaches} breaches are kept in a ring; the rule trips
 * when it holds {@code breaches} of them and the oldest is within {@code (now − window, now]}.
 * <p>
 * Allocation free; single-threaded (the core's thread).
 */
final class AutoPauseMonitor
{
    private final AutoPauseSettings settings;
    private final long sliceNs;
    private final long[] sliceNumber = new long[AutoPauseSettings.SLICES];
    private final long[] sliceRequests = new long[AutoPauseSettings.SLICES];
    private final long[] sliceErrors = new long[AutoPauseSettings.SLICES];
    private final long[] breachNs;
    private final AsciiText reason = new AsciiText(EventPublisher.MAX_TEXT);

    private long nowNs;
    private int breachCount;
    private int breachHead;
    private AlertCode tripped;
    private long windowRequests;
    private long windowErrors;

    AutoPauseMonitor(final AutoPauseSettings settings)
    {
        this.settings = settings;
        this.sliceNs = settings.errorRateWindowNs() / AutoPauseSettings.SLICES;
        this.breachNs = new long[Math.max(1, settings.slippageBreaches())];
        java.util.Arrays.fill(sliceNumber, Long.MIN_VALUE);
    }

    /** Advances the clock to a journaled sequencing stamp; stamps ≤ 0 (unstamped) and older ones are ignored. */
    void advance(final long stampNs)
    {
        if (stampNs > nowNs)
        {
            nowNs = stampNs;
        }
    }

    /** @return the monitor's clock, ns since the epoch: the latest journaled stamp seen. */
    long nowNs()
    {
        return nowNs;
    }

    /** Counts one broker request (an OrderSent, first attempt or retry) at the current time. */
    void onRequest()
    {
        sliceRequests[slice()]++;
    }

    /** Counts one broker API error (a SendFailed) and judges the error rate. */
    void onError()
    {
        sliceErrors[slice()]++;
        final int limitPpm = settings.errorRateMaxPpm();
        if (0 == limitPpm)
        {
            return;
        }
        sumWindow();
        if (windowRequests >= settings.errorRateMinRequests() &&
            FixedPoint.compareProducts(windowErrors, 1_000_000L, limitPpm, windowRequests) > 0)
        {
            reason.reset().append("broker_api_errors_total / requests_total = ").append(windowErrors).append(" / ")
                .append(windowRequests).append(" over the last ").append(settings.errorRateWindowNs() / 1_000_000_000L)
                .append(" s exceeds auto_pause.broker_error_rate.max_pct ");
            appendPercent(limitPpm);
            trip(AlertCode.BROKER_ERROR_RATE);
        }
    }

    /**
     * An order ended (FILLED, or EXPIRED/CANCELED after fills) with this average price against its
     * limit/reference price: the slippage the KPIs report. Counts a breach and judges the rule.
     *
     * @param sideSign +1 BUY, −1 SELL.
     * @return true when the order's slippage was a breach.
     */
    boolean onOrderSlippage(final int sideSign, final long price, final long averageFillPrice)
    {
        final int breaches = settings.slippageBreaches();
        final long worse = sideSign > 0 ? averageFillPrice - price : price - averageFillPrice;
        if (0 == breaches || price <= 0 || worse <= 0 ||
            FixedPoint.compareProducts(worse, 1_000_000L, settings.slippageBreachPpm(), price) <= 0)
        {
            return false;
        }
        breachNs[breachHead] = nowNs;
        breachHead = (breachHead + 1) % breaches;
        if (breachCount < breaches)
        {
            breachCount++;
        }
        // With the ring full, breachHead now points at the oldest of the last `breaches` breaches.
        final long oldestNs = breachCount == breaches ? breachNs[breachHead % breaches] : Long.MIN_VALUE;
        if (breachCount == breaches && oldestNs > nowNs - settings.slippageWindowNs())
        {
            reason.reset().append(breaches).append(" orders with slippage above auto_pause.slippage.breach_pct ");
            appendPercent(settings.slippageBreachPpm());
            reason.append(" within ").append(settings.slippageWindowNs() / 1_000_000_000L).append(" s (last ")
                .appendFixed6(FixedPoint.mulDiv(worse, 100 * FixedPoint.SCALE, price)).append("%)");
            trip(AlertCode.SLIPPAGE_BREACH);
        }
        return true;
    }

    /**
     * A losing round trip took a symbol's streak to {@code streak}; trips when it is over the policy's
     * {@code max_consecutive_losses} (the runbook's "losing streak over policy").
     *
     * @param symbol NUL-padded symbol bytes, for the reason.
     */
    void onLoss(final byte[] symbol, final int streak, final int maxConsecutiveLosses)
    {
        if (settings.lossStreak() && streak > maxConsecutiveLosses)
        {
            reason.reset().append("losing streak ").append(streak).append(" on ").appendField(symbol, symbol.length)
                .append(" is over max_consecutive_losses ").append(maxConsecutiveLosses).append("; open an incident");
            trip(AlertCode.LOSS_STREAK_PAUSE);
        }
    }

    /** @return the rule that tripped since the last {@link #clearTrip()}, or null. */
    AlertCode tripped()
    {
        return tripped;
    }

    /** @return why the rule tripped, with its numbers. */
    AsciiText reason()
    {
        return reason;
    }

    void clearTrip()
    {
        tripped = null;
    }

    /** @return requests in the error-rate window at the current time (for tests and the reason). */
    long requestsInWindow()
    {
        sumWindow();
        return windowRequests;
    }

    /** @return errors in the error-rate window at the current time. */
    long errorsInWindow()
    {
        sumWindow();
        return windowErrors;
    }

    void hashInto(final StateHasher hasher)
    {
        hasher.putLong(nowNs);
        for (int i = 0; i < AutoPauseSettings.SLICES; i++)
        {
            hasher.putLong(sliceNumber[i]).putLong(sliceRequests[i]).putLong(sliceErrors[i]);
        }
        hasher.putInt(breachCount).putInt(breachHead);
        for (final long ns : breachNs)
        {
            hasher.putLong(ns);
        }
    }

    private void trip(final AlertCode code)
    {
        if (null == tripped)
        {
            tripped = code;
        }
    }

    private int slice()
    {
        final long number = Math.floorDiv(nowNs, sliceNs);
        final int slot = (int)Math.floorMod(number, (long)AutoPauseSettings.SLICES);
        if (sliceNumber[slot] != number)
        {
            sliceNumber[slot] = number;
            sliceRequests[slot] = 0;
            sliceErrors[slot] = 0;
        }
        return slot;
    }

    private void sumWindow()
    {
        final long current = Math.floorDiv(nowNs, sliceNs);
        long requests = 0;
        long errors = 0;
        for (int i = 0; i < AutoPauseSettings.SLICES; i++)
        {
            if (sliceNumber[i] > current - AutoPauseSettings.SLICES && sliceNumber[i] <= current)
            {
                requests += sliceRequests[i];
                errors += sliceErrors[i];
            }
        }
        windowRequests = requests;
        windowErrors = errors;
    }

    private void appendPercent(final int ppm)
    {
        reason.append(ppm / 10_000).append('.').appendPadded(ppm % 10_000, 4).append('%');
    }

    // Snapshot access (CoreSnapshot): the monitor's whole state, slot by slot.

    long sliceNumber(final int slot)
    {
        return sliceNumber[slot];
    }

    long sliceRequests(final int slot)
    {
        return sliceRequests[slot];
    }

    long sliceErrors(final int slot)
    {
        return sliceErrors[slot];
    }

    /** @return the slots of the slippage breach ring ({@code max(1, slippage.breaches)}). */
    int breachSlots()
    {
        return breachNs.length;
    }

    long breachNs(final int slot)
    {
        return breachNs[slot];
    }

    int breachCount()
    {
        return breachCount;
    }

    int breachHead()
    {
        return breachHead;
    }

    /** Puts back one error-rate slice a snapshot holds. */
    void restoreSlice(final int slot, final long number, final long requests, final long errors)
    {
        sliceNumber[slot] = number;
        sliceRequests[slot] = requests;
        sliceErrors[slot] = errors;
    }

    /** Puts back one slot of the breach ring a snapshot holds. */
    void restoreBreach(final int slot, final long ns)
    {
        breachNs[slot] = ns;
    }

    /** Puts back the clock, the ring's fill and a trip not acted on yet (null when none) with its reason. */
    void restore(final long clockNs, final int breaches, final int head, final AlertCode trip, final byte[] why,
        final int whyLength)
    {
        if (breaches < 0 || breaches > breachNs.length || head < 0 || head >= breachNs.length)
        {
            throw new IllegalArgumentException("breach ring of " + breachNs.length + " slots cannot hold count " +
                breaches + " at head " + head);
        }
        nowNs = clockNs;
        breachCount = breaches;
        breachHead = head;
        tripped = trip;
        reason.reset().appendBytes(why, 0, whyLength);
    }
}

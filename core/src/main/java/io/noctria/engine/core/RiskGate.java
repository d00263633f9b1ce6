package io.noctria.engine.core;

import io.noctria.codecs.FixedPoint;
import io.noctria.codecs.sbe.RiskRule;
import io.noctria.codecs.sbe.RiskVerdict;
import io.noctria.codecs.sbe.Severity;
import io.noctria.engine.config.SymbolLimits;
import io.noctria.engine.config.VenueCapabilities;

/**
 * The Noctus risk gate. Rules run in a fixed order (docs/risk.md): forbidden symbol, the venue's order
 * types, time in force and price tick, trading pause, trading hours, notional overflow, price collar, max
 * order qty (clamp), loss-streak shrink, max position notional (clamp to headroom, reject when none), max
 * notional per trace (clamp or reject), the venue's qty step (round down or reject) and minimum qty, zero
 * qty, order rate. The first reject ends the evaluation; clamps and shrinks
 * accumulate. Every rule that fired is kept, with its limit, observed value and quantities, so the
 * caller emits one RiskDecision (decided by the reject, else the last adjustment) and one Alert
 * per fired rule.
 * <p>
 * Reads state only; the caller commits a send (open qty, trace notional, rate window). Allocation
 * free: results live in fields and fixed arrays.
 */
final class RiskGate
{
    static final long DAY_NS = 86_400_000_000_000L;
    private static final int LIMIT = 2; // OrderType.LIMIT's wire value
    private static final int MAX_FIRED = 8;

    private final SymbolBook symbols;
    private final TraceBook traces;
    private final OrderRateWindow rate;

    private final RiskRule[] firedRule = new RiskRule[MAX_FIRED];
    private final RiskVerdict[] firedVerdict = new RiskVerdict[MAX_FIRED];
    private final Severity[] firedSeverity = new Severity[MAX_FIRED];
    private final long[] firedLimit = new long[MAX_FIRED];
    private final long[] firedObserved = new long[MAX_FIRED];
    private final long[] firedQtyBefore = new long[MAX_FIRED];
    private final long[] firedQtyAfter = new long[MAX_FIRED];
    private int firedCount;

    private RiskVerdict verdict = RiskVerdict.ALLOW;
    private RiskRule rule = RiskRule.NONE;
    private Severity severity = Severity.INFO;
    private long finalQty;
    private long limitValue;
    private long observedValue;
    private long orderNotional;

    RiskGate(final SymbolBook symbols, final TraceBook traces, final OrderRateWindow rate)
    {
        this.symbols = symbols;
        this.traces = traces;
        this.rate = rate;
    }

    /**
     * @param symbolId    the order's symbol in the symbol book.
     * @param sideSign    +1 BUY, -1 SELL.
     * @param qty         qty after the quality gate, scale 10^6, &gt; 0.
     * @param price       limit or reference price, scale 10^6, &gt; 0.
     * @param orderType   the wire value of the order's OrderType (LIMIT: the collar and the price tick apply).
     * @param timeInForce the wire value of the order's TimeInForce.
     * @param clientTsNs  business time: the request's ts.
     * @param traceId     the trace in the trace book, or -1 when it never sent.
     * @param paused      the global trading pause.
     * @param venueShape  false skips the venue's shape rules (order type, time in force, tick, step, minimum): a
     *                    replace is checked for its shape whole by its caller, and here only for the exposure it adds.
     */
    void evaluate(
        final int symbolId,
        final int sideSign,
        final long qty,
        final long price,
        final int orderType,
        final int timeInForce,
        final long clientTsNs,
        final int traceId,
        final boolean paused,
        final boolean venueShape)
    {
        firedCount = 0;
        orderNotional = 0;
        final SymbolLimits limits = symbols.limits(symbolId);
        rate.advanceTo(clientTsNs);
        final boolean reducing = symbols.isReducing(symbolId, sideSign, qty);

        if (symbols.isForbidden(symbolId))
        {
            reject(RiskRule.FORBIDDEN_SYMBOL, Severity.CRITICAL, 0, 0, qty);
            return;
        }
        final boolean limitOrder = LIMIT == orderType;
        final VenueCapabilities venue = venueShape ? limits.venue() : VenueCapabilities.ANY;
        if (!venue.takesOrderType(orderType))
        {
            reject(RiskRule.VENUE_ORDER_TYPE, Severity.WARNING, venue.orderTypeMask(), orderType, qty);
            return;
        }
        if (!venue.takesTimeInForce(timeInForce))
        {
            reject(RiskRule.VENUE_TIME_IN_FORCE, Severity.WARNING, venue.timeInForceMask(), timeInForce, qty);
            return;
        }
        if (limitOrder && venue.priceTick() > 0 && price % venue.priceTick() != 0)
        {
            reject(RiskRule.VENUE_PRICE_TICK, Severity.WARNING, venue.priceTick(), price, qty);
            return;
        }
        if (paused && !reducing)
        {
            reject(RiskRule.TRADING_PAUSED, Severity.WARNING, 0, 0, qty);
            return;
        }
        final long timeOfDayNs = Math.floorMod(clientTsNs, DAY_NS);
        if (!limits.isWithinTradingHours(timeOfDayNs))
        {
            reject(RiskRule.TRADING_HOURS, Severity.WARNING, 0, timeOfDayNs / SymbolLimits.MINUTE_NS, qty);
            return;
        }
        if (FixedPoint.OVERFLOW == FixedPoint.notional(qty, price))
        {
            reject(RiskRule.NOTIONAL_OVERFLOW, Severity.CRITICAL, Long.MAX_VALUE, qty, qty);
            return;
        }
        if (limitOrder && limits.priceCollarPpm() > 0 && isOutsideCollar(symbolId, price, limits.priceCollarPpm(), qty))
        {
            return;
        }

        long q = qty;
        if (q > limits.maxOrderQty())
        {
            fire(RiskRule.MAX_ORDER_QTY, RiskVerdict.CLAMP, Severity.WARNING, limits.maxOrderQty(), q, q,
                limits.maxOrderQty());
            q = limits.maxOrderQty();
        }
        final int streak = symbols.lossStreak(symbolId);
        if (!reducing && streak >= limits.maxConsecutiveLosses())
        {
            final long shrunk = FixedPoint.mulDivTowardZero(q, FixedPoint.SCALE - limits.shrinkAfterLossesPpm(), FixedPoint.SCALE);
            fire(RiskRule.LOSS_STREAK_SHRINK, RiskVerdict.SHRINK, Severity.WARNING, limits.maxConsecutiveLosses(), streak,
                q, shrunk);
            q = shrunk;
            if (0 == q)
            {
                reject(RiskRule.ZERO_QTY_AFTER_ADJUSTMENT, Severity.WARNING, 0, 0, 0);
                return;
            }
        }

        final long exposure = symbols.directionalExposure(symbolId, sideSign);
        final long maxAbsQty = saturate(FixedPoint.mulDivTowardZero(limits.maxPositionNotional(), FixedPoint.SCALE, price));
        final long headroom = exposure < 0 && maxAbsQty > Long.MAX_VALUE + exposure ? Long.MAX_VALUE : maxAbsQty - exposure;
        if (headroom <= 0 || q > headroom)
        {
            final long projected = saturate(FixedPoint.notional(Math.abs(FixedPoint.addSaturated(exposure, q)), price));
            if (headroom <= 0)
            {
                reject(RiskRule.MAX_POSITION_NOTIONAL, Severity.WARNING, limits.maxPositionNotional(), projected, q);
                return;
            }
            fire(RiskRule.MAX_POSITION_NOTIONAL, RiskVerdict.CLAMP, Severity.WARNING, limits.maxPositionNotional(),
                projected, q, headroom);
            q = headroom;
        }

        if (limits.maxTraceNotional() > 0)
        {
            final long sent = traces.sentNotional(traceId);
            final long notional = FixedPoint.notional(q, price);
            final long traceHeadroom = limits.maxTraceNotional() - sent;
            if (notional > traceHeadroom)
            {
                final long observed = FixedPoint.addSaturated(sent, notional);
                final long clamped = traceHeadroom <= 0 ? 0 : FixedPoint.mulDivTowardZero(traceHeadroom, FixedPoint.SCALE, price);
                if (0 == clamped)
                {
                    reject(RiskRule.MAX_TRACE_NOTIONAL, Severity.WARNING, limits.maxTraceNotional(), observed, q);
                    return;
                }
                fire(RiskRule.MAX_TRACE_NOTIONAL, RiskVerdict.CLAMP, Severity.WARNING, limits.maxTraceNotional(), observed,
                    q, clamped);
                q = clamped;
            }
        }

        if (venue.qtyStep() > 0 && q % venue.qtyStep() != 0)
        {
            if (!venue.roundQtyDown())
            {
                reject(RiskRule.VENUE_QTY_STEP, Severity.WARNING, venue.qtyStep(), q, q);
                return;
            }
            final long rounded = q - q % venue.qtyStep();
            if (0 == rounded)
            {
                reject(RiskRule.VENUE_MIN_QTY, Severity.WARNING, Math.max(venue.minQty(), venue.qtyStep()), q, q);
                return;
            }
            fire(RiskRule.VENUE_QTY_STEP, RiskVerdict.CLAMP, Severity.INFO, venue.qtyStep(), q, q, rounded);
            q = rounded;
        }
        if (q < venue.minQty())
        {
            reject(RiskRule.VENUE_MIN_QTY, Severity.WARNING, venue.minQty(), q, q);
            return;
        }

        if (rate.isFull())
        {
            reject(RiskRule.ORDER_RATE, Severity.WARNING, rate.limit(), rate.count() + 1L, q);
            return;
        }

        finalQty = q;
        orderNotional = FixedPoint.notional(q, price);
        if (0 == firedCount)
        {
            decide(RiskVerdict.ALLOW, RiskRule.NONE, 0, 0);
            severity = Severity.INFO;
        }
        else
        {
            final int last = firedCount - 1;
            decide(firedVerdict[last], firedRule[last], firedLimit[last], firedObserved[last]);
        }
    }

    RiskVerdict verdict()
    {
        return verdict;
    }

    RiskRule rule()
    {
        return rule;
    }

    /** @return the highest severity among the fired rules; INFO when none fired. */
    Severity severity()
    {
        return severity;
    }

    /** @return the permitted qty; 0 after a reject. */
    long finalQty()
    {
        return finalQty;
    }

    long limitValue()
    {
        return limitValue;
    }

    long observedValue()
    {
        return observedValue;
    }

    /** @return notional of the permitted order, scale 10^6; 0 after a reject. */
    long orderNotional()
    {
        return orderNotional;
    }

    int firedCount()
    {
        return firedCount;
    }

    RiskRule firedRule(final int i)
    {
        return firedRule[i];
    }

    Severity firedSeverity(final int i)
    {
        return firedSeverity[i];
    }

    /** Writes the operator-facing alert text of fired rule {@code i}, naming the policy key and the numbers. */
    void describe(final int i, final AsciiText out)
    {
        final long limit = firedLimit[i];
        final long observed = firedObserved[i];
        final long before = firedQtyBefore[i];
        final long after = firedQtyAfter[i];
        switch (firedRule[i])
        {
            case FORBIDDEN_SYMBOL:
                out.append("forbidden_symbols: the symbol is forbidden; qty ").appendFixed6(before).append(" rejected");
                break;
            case TRADING_PAUSED:
                out.append("global_trading_pause: trading is paused and the order increases risk; qty ")
                    .appendFixed6(before).append(" rejected");
                break;
            case TRADING_HOURS:
                out.append("trading_hours_utc: ").appendPadded(observed / 60, 2).append(':')
                    .appendPadded(observed % 60, 2).append(" UTC is outside every window; qty ").appendFixed6(before)
                    .append(" rejected");
                break;
            case NOTIONAL_OVERFLOW:
                out.append("qty ").appendFixed6(before).append(" x price overflows the notional range; rejected");
                break;
            case PRICE_COLLAR:
                out.append("price_collar_pct: price deviates ").append(observed).append(" ppm from the reference, limit ")
                    .append(limit).append(" ppm; qty ").appendFixed6(before).append(" rejected");
                break;
            case MAX_ORDER_QTY:
                out.append("max_order_qty ").appendFixed6(limit).append(": qty ").appendFixed6(before)
                    .append(" clamped to ").appendFixed6(after);
                break;
            case LOSS_STREAK_SHRINK:
                out.append("max_consecutive_losses ").append(limit).append(": loss streak ").append(observed)
                    .append(", shrink_after_losses_pct applied: qty ").appendFixed6(before).append(" shrunk to ")
                    .appendFixed6(after);
                break;
            case MAX_POSITION_NOTIONAL:
                appendLimit(out.append("max_position_notional "), limit, observed, before, after);
                break;
            case MAX_TRACE_NOTIONAL:
                appendLimit(out.append("max_trace_notional "), limit, observed, before, after);
                break;
            case ORDER_RATE:
                out.append("max_orders_per_second ").append(limit).append(": this order would be number ").append(observed)
                    .append(" in the last second; qty ").appendFixed6(before).append(" rejected");
                break;
            case ZERO_QTY_AFTER_ADJUSTMENT:
                out.append("qty became 0 after adjustments; rejected");
                break;
            case VENUE_ORDER_TYPE:
                out.append("venue.order_types: the venue does not take order type ").append(observed)
                    .append(" (1 MARKET, 2 LIMIT); qty ").appendFixed6(before).append(" rejected");
                break;
            case VENUE_TIME_IN_FORCE:
                out.append("venue.time_in_force: the venue does not take time in force ").append(observed)
                    .append(" (1 DAY, 2 GTC, 3 IOC, 4 FOK); qty ").appendFixed6(before).append(" rejected");
                break;
            case VENUE_PRICE_TICK:
                out.append("venue.price_tick ").appendFixed6(limit).append(": price ").appendFixed6(observed)
                    .append(" is not a whole number of ticks; qty ").appendFixed6(before).append(" rejected");
                break;
            case VENUE_QTY_STEP:
                out.append("venue.qty_step ").appendFixed6(limit).append(": qty ").appendFixed6(before);
                if (after > 0)
                {
                    out.append(" rounded down to ").appendFixed6(after);
                }
                else
                {
                    out.append(" is off the step and venue.qty_rounding is refuse; rejected");
                }
                break;
            case VENUE_MIN_QTY:
                out.append("venue.min_qty ").appendFixed6(limit).append(": qty ").appendFixed6(before)
                    .append(" is below the venue's minimum; rejected");
                break;
            default:
                out.append("rule fired");
                break;
        }
    }

    private static void appendLimit(final AsciiText out, final long limit, final long observed, final long before,
        final long after)
    {
        out.appendFixed6(limit).append(": projected ").appendFixed6(observed).append(", qty ").appendFixed6(before);
        if (after > 0)
        {
            out.append(" clamped to ").appendFixed6(after);
        }
        else
        {
            out.append(" rejected (no headroom)");
        }
    }

    private boolean isOutsideCollar(final int symbolId, final long price, final int collarPpm, final long qty)
    {
        final long reference = symbols.referencePrice(symbolId);
        if (reference <= 0)
        {
            return false;
        }
        final long deviation = Math.abs(price - reference);
        if (FixedPoint.compareProducts(deviation, FixedPoint.SCALE, collarPpm, reference) <= 0)
        {
            return false;
        }
        reject(RiskRule.PRICE_COLLAR, Severity.CRITICAL, collarPpm,
            saturate(FixedPoint.mulDiv(deviation, FixedPoint.SCALE, reference)), qty);
        return true;
    }

    private void fire(
        final RiskRule firedRuleValue,
        final RiskVerdict firedVerdictValue,
        final Severity firedSeverityValue,
        final long limit,
        final long observed,
        final long qtyBefore,
        final long qtyAfter)
    {
        final int i = firedCount++;
        firedRule[i] = firedRuleValue;
        firedVerdict[i] = firedVerdictValue;
        firedSeverity[i] = firedSeverityValue;
        firedLimit[i] = limit;
        firedObserved[i] = observed;
        firedQtyBefore[i] = qtyBefore;
        firedQtyAfter[i] = qtyAfter;
    }

    private void reject(final RiskRule rejectRule, final Severity rejectSeverity, final long limit, final long observed,
        final long qty)
    {
        fire(rejectRule, RiskVerdict.REJECT, rejectSeverity, limit, observed, qty, 0);
        finalQty = 0;
        decide(RiskVerdict.REJECT, rejectRule, limit, observed);
    }

    private void decide(final RiskVerdict decided, final RiskRule decidingRule, final long limit, final long observed)
    {
        verdict = decided;
        rule = decidingRule;
        limitValue = limit;
        observedValue = observed;
        Severity highest = Severity.INFO;
        for (int i = 0; i < firedCount; i++)
        {
            if (firedSeverity[i].value() > highest.value())
            {
                highest = firedSeverity[i];
            }
        }
        severity = highest;
    }

    private static long saturate(final long value)
    {
        return FixedPoint.OVERFLOW == value ? Long.MAX_VALUE : value;
    }
}

package io.noctria.engine.config;

import io.noctria.codecs.Decimals;
import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.TimeInForce;

import java.util.List;

/**
 * What the venue the engine routes to accepts for one symbol: the smallest quantity, the quantity step, the price
 * tick, the time-in-force values and order types it takes, and whether it takes a cancel/replace. The risk gate
 * checks an order against them before anything is sent (docs/risk.md, "Venue capabilities"), so the venue never
 * sees an order it would reject for its shape.
 * <p>
 * Configured in the risk policy under {@code venue:}, in {@code default} and per symbol in an override (an override
 * replaces only the keys it names): the policy file is what the journal's PolicyLoaded hash and a PolicyReload's
 * bytes pin, so replay decides with the capabilities the live engine had. Quantities and the tick are fixed point,
 * scale 10^6; 0 turns a check off. Immutable.
 *
 * @param minQty          the smallest quantity the venue takes; 0 = no minimum.
 * @param qtyStep         quantities must be whole multiples of this; 0 = any quantity.
 * @param priceTick       LIMIT prices must be whole multiples of this; 0 = any price.
 * @param timeInForceMask bit {@code 1 << TimeInForce.value()} set for every time in force the venue takes.
 * @param orderTypeMask   bit {@code 1 << OrderType.value()} set for every order type the venue takes.
 * @param replaceAllowed  whether the venue takes a cancel/replace of a working order.
 * @param roundQtyDown    true: a quantity off the step is rounded down to it (and refused if that leaves less than
 *                        the minimum); false: refused.
 */
public record VenueCapabilities(
    long minQty,
    long qtyStep,
    long priceTick,
    int timeInForceMask,
    int orderTypeMask,
    boolean replaceAllowed,
    boolean roundQtyDown)
{
    /** No venue section configured: every shape is accepted, replace included. */
    public static final VenueCapabilities ANY = new VenueCapabilities(0, 0, 0, maskOf(TimeInForce.values()),
        maskOf(OrderType.values()), true, true);

    static final String MIN_QTY = "min_qty";
    static final String QTY_STEP = "qty_step";
    static final String PRICE_TICK = "price_tick";
    static final String TIME_IN_FORCE = "time_in_force";
    static final String ORDER_TYPES = "order_types";
    static final String REPLACE = "replace";
    static final String QTY_ROUNDING = "qty_rounding";
    private static final String[] KEYS = { MIN_QTY, QTY_STEP, PRICE_TICK, TIME_IN_FORCE, ORDER_TYPES, REPLACE, QTY_ROUNDING };

    /** @return whether the venue takes this time in force (the wire value of {@link TimeInForce}). */
    public boolean takesTimeInForce(final int timeInForceValue)
    {
        return timeInForceValue > 0 && timeInForceValue < Integer.SIZE && 0 != (timeInForceMask & (1 << timeInForceValue));
    }

    /** @return whether the venue takes this order type (the wire value of {@link OrderType}). */
    public boolean takesOrderType(final int orderTypeValue)
    {
        return orderTypeValue > 0 && orderTypeValue < Integer.SIZE && 0 != (orderTypeMask & (1 << orderTypeValue));
    }

    /**
     * Reads a policy section's {@code venue:} mapping over its parent's capabilities.
     *
     * @param section the mapping (empty when the key is absent: the parent's capabilities unchanged).
     * @param parent  the default section's capabilities, or {@link #ANY} for the default section itself.
     */
    static VenueCapabilities parse(final ConfigSection section, final VenueCapabilities parent)
    {
        section.allowOnly(KEYS);
        final long minQty = section.fixed6(MIN_QTY, parent.minQty, 0, true, Long.MAX_VALUE,
            "must be a number of units, 0 or more");
        final long qtyStep = section.fixed6(QTY_STEP, parent.qtyStep, 0, true, Long.MAX_VALUE,
            "must be a number of units, 0 or more; 0 takes any quantity");
        final long priceTick = section.fixed6(PRICE_TICK, parent.priceTick, 0, true, Long.MAX_VALUE,
            "must be a price, 0 or more; 0 takes any price");
        final int tifMask = section.has(TIME_IN_FORCE) ?
            mask(section, TIME_IN_FORCE, TimeInForce.values(), TimeInForce.NULL_VAL) : parent.timeInForceMask;
        final int typeMask = section.has(ORDER_TYPES) ?
            mask(section, ORDER_TYPES, OrderType.values(), OrderType.NULL_VAL) : parent.orderTypeMask;
        final boolean replace = section.bool(REPLACE, parent.replaceAllowed);
        final String rounding = section.string(QTY_ROUNDING, parent.roundQtyDown ? "down" : "refuse",
            "must be down or refuse");
        if (!"down".equals(rounding) && !"refuse".equals(rounding))
        {
            throw section.invalid(QTY_ROUNDING, rounding, "must be down or refuse");
        }
        if (minQty > 0 && qtyStep > 0 && minQty % qtyStep != 0)
        {
            throw section.invalid(MIN_QTY, section.raw(MIN_QTY) == null ? Decimals.format(minQty) : section.raw(MIN_QTY),
                "must be a whole multiple of qty_step " + Decimals.format(qtyStep));
        }
        return new VenueCapabilities(minQty, qtyStep, priceTick, tifMask, typeMask, replace, "down".equals(rounding));
    }

    private static <E extends Enum<E>> int mask(final ConfigSection section, final String key, final E[] values,
        final E nullValue)
    {
        final StringBuilder names = new StringBuilder();
        for (final E value : values)
        {
            if (value != nullValue)
            {
                names.append(names.length() == 0 ? "" : ", ").append(value.name());
            }
        }
        final String allowed = "must be a non-empty list of " + names;
        final List<?> list = section.list(key, allowed);
        if (null == list || list.isEmpty())
        {
            throw section.invalid(key, list, allowed);
        }
        int mask = 0;
        for (final Object item : list)
        {
            E found = null;
            for (final E value : values)
            {
                if (value != nullValue && value.name().equals(item))
                {
                    found = value;
                }
            }
            if (null == found)
            {
                throw section.invalid(key, item, allowed);
            }
            mask |= 1 << wireValue(found);
        }
        return mask;
    }

    private static int wireValue(final Enum<?> value)
    {
        return value instanceof TimeInForce ? ((TimeInForce)value).value() : ((OrderType)value).value();
    }

    private static int maskOf(final Enum<?>[] values)
    {
        int mask = 0;
        for (final Enum<?> value : values)
        {
            if (!"NULL_VAL".equals(value.name()))
            {
                mask |= 1 << wireValue(value);
            }
        }
        return mask;
    }
}

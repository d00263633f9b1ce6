package io.noctria.engine.broker;

import io.noctria.codecs.sbe.VenueOrderState;

/**
 * The venue's answer to an order-status query by ClOrdID, used to reconcile in-doubt orders.
 * Quantities and prices are fixed point, scale 10^6, as in the SBE schema.
 *
 * @param state         the order's state at the venue; {@link VenueOrderState#UNKNOWN} when it has no such order.
 * @param brokerOrderId the venue's order id; 0 when unknown.
 * @param qty           the order quantity.
 * @param cumQty        quantity filled so far.
 * @param leavesQty     quantity still working: {@code qty - cumQty} while open, 0 once terminal.
 * @param avgPrice      quantity-weighted average fill price, rounded down; 0 when nothing filled.
 */
public record OrderStatus(
    VenueOrderState state,
    long brokerOrderId,
    long qty,
    long cumQty,
    long leavesQty,
    long avgPrice)
{
    /** The answer for a ClOrdID the venue does not know. */
    public static final OrderStatus UNKNOWN = new OrderStatus(VenueOrderState.UNKNOWN, 0, 0, 0, 0, 0);
}

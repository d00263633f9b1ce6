package io.noctria.engine.broker;

/**
 * An order's state as the venue knows it, answered to order-status queries (reconciliation).
 * Names follow FIX OrdStatus.
 */
public enum BrokerOrderState
{
    /** The venue has no order with this ClOrdID: it never arrived, or only failed transiently. */
    UNKNOWN(false),
    /** Received and recorded by the venue; the acknowledgement or rejection is still on its way. */
    PENDING_NEW(false),
    /** Acknowledged, nothing filled yet. */
    NEW(false),
    /** Acknowledged and filled in part. */
    PARTIALLY_FILLED(false),
    /** Completely filled. */
    FILLED(true),
    /** Refused by the venue. */
    REJECTED(true),
    /** Ended by its time in force with the filled part, if any, standing. */
    EXPIRED(true),
    /** Canceled on request with the filled part, if any, standing. */
    CANCELED(true);

    private final boolean terminal;

    BrokerOrderState(final boolean terminal)
    {
        this.terminal = terminal;
    }

    /** @return true when the venue will send no further report for the order. */
    public boolean isTerminal()
    {
        return terminal;
    }
}

package io.noctria.engine.core;

/**
 * The numbers of an outbox entry that the {@link OutboxRules} read and change ({@link OutboxFields}). Ordinals index
 * the heap holder's array only: the mirror places each field by its own explicit layout, never by ordinal.
 */
public enum OutboxField
{
    /** The state's stable SBE code ({@link io.noctria.codecs.sbe.EngineOrderState#value()}). */
    STATE,
    /** The latest broker-side report's code ({@link OutboxResponse#code()}), or {@link OutboxResponse#NONE_CODE}. */
    LAST_RESPONSE,
    /** The order's quantity. */
    QTY,
    /** The sum of the booked fills' quantities. */
    FILLED_QTY,
    /** High word of the exact fill notional (sum of qty × price, 128 bits, scale 10^12). */
    FILL_NOTIONAL_HIGH,
    /** Low word of the exact fill notional. */
    FILL_NOTIONAL_LOW,
    /** tsNs of the first OrderSent, or {@link OutboxOrder#NO_TIME}. */
    SENT_NS,
    /** The broker's order id from its latest report that carries one, or {@link OutboxOrder#NONE}. */
    BROKER_ORDER_ID,
    /** Journal index of the event that made the state terminal, -1 while it is not. */
    TERMINAL_INDEX,
    /** OrderSent events. */
    SENDS,
    /** SendFailed events. */
    SEND_FAILURES,
    /** DuplicateSuppressed events. */
    DUPLICATES_SUPPRESSED;

    /** Every field, in ordinal order. */
    static final OutboxField[] ALL = values();
}

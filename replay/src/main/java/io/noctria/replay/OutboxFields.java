package io.noctria.replay;

import io.noctria.codecs.sbe.EngineOrderState;

/**
 * The numbers of one outbox entry that {@link OutboxRules} reads and changes, whatever holds them: the replay's
 * heap {@link OutboxOrder} (an array indexed by these field numbers) or the outbox mirror's fixed map value (a
 * table of offsets). Writing the rules once against this is what keeps the two from drifting apart rule by rule.
 * Implementations are flyweights over one entry at a time; meanings and scales are those of {@link OutboxOrder}.
 */
public interface OutboxFields
{
    /** The state's stable SBE code ({@link EngineOrderState#value()}). */
    int STATE = 0;
    /** The latest broker-side report's code ({@link OutboxResponse#code()}), or {@link OutboxResponse#NONE_CODE}. */
    int LAST_RESPONSE = 1;
    /** The order's quantity. */
    int QTY = 2;
    /** The sum of the booked fills' quantities. */
    int FILLED_QTY = 3;
    /** High word of the exact fill notional (sum of qty × price, 128 bits, scale 10^12). */
    int FILL_NOTIONAL_HIGH = 4;
    /** Low word of the exact fill notional. */
    int FILL_NOTIONAL_LOW = 5;
    /** tsNs of the first OrderSent, or {@link OutboxOrder#NO_TIME}. */
    int SENT_NS = 6;
    /** The broker's order id from its latest report that carries one, or {@link OutboxOrder#NONE}. */
    int BROKER_ORDER_ID = 7;
    /** Journal index of the event that made the state terminal, -1 while it is not. */
    int TERMINAL_INDEX = 8;
    /** OrderSent events. */
    int SENDS = 9;
    /** SendFailed events. */
    int SEND_FAILURES = 10;
    /** DuplicateSuppressed events. */
    int DUPLICATES_SUPPRESSED = 11;
    /** How many fields there are. */
    int COUNT = 12;

    /** @return the value of {@code field}. */
    long get(int field);

    /** Sets {@code field} to {@code value}. */
    void set(int field, long value);

    /** @return the current state. */
    default EngineOrderState state()
    {
        return EngineOrderState.get((short)get(STATE));
    }

    /** @param state the new state. */
    default void state(final EngineOrderState state)
    {
        set(STATE, state.value());
    }

    /** Adds one to a count. */
    default void increment(final int field)
    {
        set(field, get(field) + 1);
    }
}

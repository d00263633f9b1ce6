package io.noctria.engine.core;

import io.noctria.codecs.sbe.EngineOrderState;

/**
 * The numbers of one outbox entry that {@link OutboxRules} reads and changes, whatever holds them: the replay's
 * heap {@link OutboxOrder} (an array indexed by {@link OutboxField}) or the outbox mirror's fixed map value (a
 * table of offsets). Writing the rules once against this is what keeps the two from drifting apart rule by rule.
 * Implementations are flyweights over one entry at a time; meanings and scales are those of {@link OutboxOrder}.
 */
public interface OutboxFields
{
    /** @return the value of {@code field}. */
    long get(OutboxField field);

    /** Sets {@code field} to {@code value}. */
    void set(OutboxField field, long value);

    /** @return the current state. */
    default EngineOrderState state()
    {
        return EngineOrderState.get((short)get(OutboxField.STATE));
    }

    /** @param state the new state. */
    default void state(final EngineOrderState state)
    {
        set(OutboxField.STATE, state.value());
    }

    /** Adds one to a count. */
    default void increment(final OutboxField field)
    {
        set(field, get(field) + 1);
    }
}

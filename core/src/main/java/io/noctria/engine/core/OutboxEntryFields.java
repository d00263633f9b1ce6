package io.noctria.engine.core;


/**
 * {@link OutboxFields} over the numbers of the {@link OutboxOrder} it last wrapped, so that {@link OutboxRules} can
 * change a heap entry while the entry itself stays read-only to its callers. One per projection; allocation-free.
 */
public final class OutboxEntryFields implements OutboxFields
{
    private long[] numbers;

    public OutboxEntryFields wrap(final OutboxOrder entry)
    {
        this.numbers = entry.numbers;
        return this;
    }

    @Override
    public long get(final OutboxField field)
    {
        return numbers[field.ordinal()];
    }

    @Override
    public void set(final OutboxField field, final long value)
    {
        numbers[field.ordinal()] = value;
    }
}

package io.noctria.engine.outbox;

import io.noctria.engine.core.OutboxField;
import io.noctria.engine.core.OutboxFields;
import org.agrona.MutableDirectBuffer;

import static io.noctria.engine.outbox.EntryLayout.ORDER;

/**
 * {@link OutboxFields} over the 256-byte map value it wraps ({@link EntryLayout}): each field maps to its explicit
 * offset and width in the value, so that the mirror applies the replay's {@link io.noctria.engine.core.OutboxRules} to
 * its entries in place and {@link OutboxRecord} reads them back by the same table. A flyweight: allocation-free.
 */
final class MirrorEntryFields implements OutboxFields
{
    private static final int[] OFFSET = new int[OutboxField.values().length];
    private static final int[] WIDTH = new int[OFFSET.length];

    static
    {
        // Codes are single unsigned bytes, counts ints, the rest longs: the layout's widths, not the field's meaning.
        place(OutboxField.STATE, EntryLayout.STATE, Byte.BYTES);
        place(OutboxField.LAST_RESPONSE, EntryLayout.LAST_RESPONSE, Byte.BYTES);
        place(OutboxField.QTY, EntryLayout.QTY, Long.BYTES);
        place(OutboxField.FILLED_QTY, EntryLayout.FILLED_QTY, Long.BYTES);
        place(OutboxField.FILL_NOTIONAL_HIGH, EntryLayout.FILL_NOTIONAL_HIGH, Long.BYTES);
        place(OutboxField.FILL_NOTIONAL_LOW, EntryLayout.FILL_NOTIONAL_LOW, Long.BYTES);
        place(OutboxField.SENT_NS, EntryLayout.SENT_NS, Long.BYTES);
        place(OutboxField.BROKER_ORDER_ID, EntryLayout.BROKER_ORDER_ID, Long.BYTES);
        place(OutboxField.TERMINAL_INDEX, EntryLayout.TERMINAL_INDEX, Long.BYTES);
        place(OutboxField.SENDS, EntryLayout.SENDS, Integer.BYTES);
        place(OutboxField.SEND_FAILURES, EntryLayout.SEND_FAILURES, Integer.BYTES);
        place(OutboxField.DUPLICATES_SUPPRESSED, EntryLayout.DUPLICATES_SUPPRESSED, Integer.BYTES);
    }

    private MutableDirectBuffer value;

    MirrorEntryFields wrap(final MutableDirectBuffer value)
    {
        this.value = value;
        return this;
    }

    @Override
    public long get(final OutboxField field)
    {
        final int at = OFFSET[field.ordinal()];
        switch (WIDTH[field.ordinal()])
        {
            case Byte.BYTES: return value.getByte(at) & 0xFF;
            case Integer.BYTES: return value.getInt(at, ORDER);
            default: return value.getLong(at, ORDER);
        }
    }

    @Override
    public void set(final OutboxField field, final long fieldValue)
    {
        final int at = OFFSET[field.ordinal()];
        switch (WIDTH[field.ordinal()])
        {
            case Byte.BYTES:
                value.putByte(at, (byte)fieldValue);
                break;
            case Integer.BYTES:
                value.putInt(at, (int)fieldValue, ORDER);
                break;
            default:
                value.putLong(at, fieldValue, ORDER);
                break;
        }
    }

    private static void place(final OutboxField field, final int offset, final int width)
    {
        OFFSET[field.ordinal()] = offset;
        WIDTH[field.ordinal()] = width;
    }
}

package io.noctria.engine.outbox;

import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;
import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.engine.core.OutboxEntry;
import io.noctria.engine.core.OutboxField;
import io.noctria.engine.core.OutboxOrder;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.HexFormat;

import static io.noctria.engine.outbox.EntryLayout.*;

/**
 * One idempotency key as the outbox mirror holds it: an immutable snapshot taken by a lookup. Same fields and
 * same meaning as the replay's {@link OutboxEntry} for the same journal, plus {@link #lastAppliedIndex()}.
 * <p>
 * Quantities and prices are fixed-point longs of scale 10^6; times are epoch nanoseconds, {@link #NO_TIME}
 * when the event has not been seen; {@link #NONE} for a broker order id or average price not known yet.
 */
public final class OutboxRecord extends OutboxOrder
{
    private static final HexFormat HEX = HexFormat.of();
    private static final OutboxField[] FIELDS = OutboxField.values();

    private final String idempotencyKey;
    private final long lastAppliedIndex;

    private OutboxRecord(final byte[] key, final UnsafeBuffer value)
    {
        this.idempotencyKey = HEX.formatHex(key);
        this.traceId = ascii(value, TRACE_ID, TRACE_ID_LENGTH);
        this.symbol = ascii(value, SYMBOL, SYMBOL_LENGTH);
        this.clOrdId = ascii(value, CL_ORD_ID, CL_ORD_ID_LENGTH);
        this.side = Side.get((short)(value.getByte(SIDE) & 0xFF));
        this.orderType = OrderType.get((short)(value.getByte(ORDER_TYPE) & 0xFF));
        this.timeInForce = TimeInForce.get((short)(value.getByte(TIME_IN_FORCE) & 0xFF));
        this.price = value.getLong(PRICE, ORDER);
        this.firstIndex = value.getLong(FIRST_INDEX, ORDER);
        this.inputIndex = value.getLong(INPUT_INDEX, ORDER);
        this.createdNs = value.getLong(CREATED_NS, ORDER);
        this.lastAppliedIndex = value.getLong(LAST_APPLIED_INDEX, ORDER);
        // What the rules change, read by the table they write through.
        final MirrorEntryFields fields = new MirrorEntryFields().wrap(value);
        for (final OutboxField field : FIELDS)
        {
            numbers[field.ordinal()] = fields.get(field);
        }
    }

    /**
     * Decodes an entry read from {@code file}.
     *
     * @throws OutboxMirrorException naming the file and key when the entry's bytes are not a valid entry.
     */
    static OutboxRecord decode(final byte[] key, final byte[] value, final Path file)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(value);
        final EngineOrderState state = EntryLayout.state(buffer.getByte(STATE));
        if (value.length != VALUE_SIZE || buffer.getByte(ENTRY_VERSION) != LAYOUT_VERSION || state == null)
        {
            throw new OutboxMirrorException(file, "outbox mirror file " + file + " holds a damaged entry for key " +
                HEX.formatHex(key) + " (" + value.length + " bytes, version " + buffer.getByte(ENTRY_VERSION) +
                ", state code " + buffer.getByte(STATE) + "); " + OutboxMirrorException.REBUILD, null);
        }
        try
        {
            return new OutboxRecord(key, buffer);
        }
        catch (final IllegalArgumentException ex)
        {
            // An enum code no message could have carried.
            throw new OutboxMirrorException(file, "outbox mirror file " + file + " holds a damaged entry for key " +
                HEX.formatHex(key) + " (" + ex.getMessage() + "); " + OutboxMirrorException.REBUILD, ex);
        }
    }

    /** @return the key as the platform writes it: lowercase hex of the 32-byte HMAC. */
    @Override
    public String idempotencyKey()
    {
        return idempotencyKey;
    }

    /** @return journal index of the last event applied to this key. */
    public long lastAppliedIndex()
    {
        return lastAppliedIndex;
    }

    @Override
    public String toString()
    {
        return "OutboxRecord{" + idempotencyKey + ", trace=" + traceId + ", " + symbol + " " + side + " " + state() +
            ", filled=" + filledQty() + ", sends=" + sends() + ", duplicates=" + duplicatesSuppressed() +
            ", lastApplied=" + lastAppliedIndex + "}";
    }

    /** NUL-padded US-ASCII up to the first NUL; a stray high byte shows as a replacement, as the formatter does. */
    private static String ascii(final UnsafeBuffer value, final int at, final int maxLength)
    {
        final StringBuilder text = new StringBuilder(maxLength);
        for (int i = 0; i < maxLength; i++)
        {
            final byte b = value.getByte(at + i);
            if (b == 0)
            {
                break;
            }
            text.append(b > 0 ? (char)b : '\uFFFD');
        }
        return text.toString();
    }
}

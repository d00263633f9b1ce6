package io.noctria.engine.outbox;

import io.noctria.codecs.FixedPoint;
import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;
import io.noctria.replay.OrderState;
import io.noctria.replay.OutboxEntry;
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
public final class OutboxRecord
{
    /** A time not seen yet: the same value as {@link OutboxEntry#NO_TIME}. */
    public static final long NO_TIME = OutboxEntry.NO_TIME;
    /** No broker order id yet, or no fill yet for the average price: the same value as {@link OutboxEntry#NONE}. */
    public static final long NONE = OutboxEntry.NONE;

    private static final HexFormat HEX = HexFormat.of();

    private final String idempotencyKey;
    private final String traceId;
    private final String symbol;
    private final String clOrdId;
    private final Side side;
    private final OrderType orderType;
    private final TimeInForce timeInForce;
    private final OrderState state;
    private final String lastResponse;
    private final long qty;
    private final long price;
    private final long firstIndex;
    private final long inputIndex;
    private final long createdNs;
    private final long sentNs;
    private final long filledQty;
    private final long avgFillPrice;
    private final long brokerOrderId;
    private final long terminalIndex;
    private final long lastAppliedIndex;
    private final int sends;
    private final int sendFailures;
    private final int duplicatesSuppressed;

    private OutboxRecord(final byte[] key, final UnsafeBuffer value, final OrderState state)
    {
        this.idempotencyKey = HEX.formatHex(key);
        this.traceId = ascii(value, TRACE_ID, TRACE_ID_LENGTH);
        this.symbol = ascii(value, SYMBOL, SYMBOL_LENGTH);
        this.clOrdId = ascii(value, CL_ORD_ID, CL_ORD_ID_LENGTH);
        this.side = Side.get((short)(value.getByte(SIDE) & 0xFF));
        this.orderType = OrderType.get((short)(value.getByte(ORDER_TYPE) & 0xFF));
        this.timeInForce = TimeInForce.get((short)(value.getByte(TIME_IN_FORCE) & 0xFF));
        this.state = state;
        this.lastResponse = responseName(value.getByte(LAST_RESPONSE));
        this.qty = value.getLong(QTY, ORDER);
        this.price = value.getLong(PRICE, ORDER);
        this.firstIndex = value.getLong(FIRST_INDEX, ORDER);
        this.inputIndex = value.getLong(INPUT_INDEX, ORDER);
        this.createdNs = value.getLong(CREATED_NS, ORDER);
        this.sentNs = value.getLong(SENT_NS, ORDER);
        this.filledQty = value.getLong(FILLED_QTY, ORDER);
        this.avgFillPrice = filledQty == 0 ? NONE :
            FixedPoint.divide128Exact(value.getLong(FILL_NOTIONAL_HIGH, ORDER), value.getLong(FILL_NOTIONAL_LOW, ORDER), filledQty);
        this.brokerOrderId = value.getLong(BROKER_ORDER_ID, ORDER);
        this.terminalIndex = value.getLong(TERMINAL_INDEX, ORDER);
        this.lastAppliedIndex = value.getLong(LAST_APPLIED_INDEX, ORDER);
        this.sends = value.getInt(SENDS, ORDER);
        this.sendFailures = value.getInt(SEND_FAILURES, ORDER);
        this.duplicatesSuppressed = value.getInt(DUPLICATES_SUPPRESSED, ORDER);
    }

    /**
     * Decodes an entry read from {@code file}.
     *
     * @throws OutboxMirrorException naming the file and key when the entry's bytes are not a valid entry.
     */
    static OutboxRecord decode(final byte[] key, final byte[] value, final Path file)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(value);
        final OrderState state = EntryLayout.state(buffer.getByte(STATE));
        if (value.length != VALUE_SIZE || buffer.getByte(ENTRY_VERSION) != LAYOUT_VERSION || state == null)
        {
            throw new OutboxMirrorException(file, "outbox mirror file " + file + " holds a damaged entry for key " +
                HEX.formatHex(key) + " (" + value.length + " bytes, version " + buffer.getByte(ENTRY_VERSION) +
                ", state code " + buffer.getByte(STATE) + "); " + OutboxMirrorException.REBUILD, null);
        }
        try
        {
            return new OutboxRecord(key, buffer, state);
        }
        catch (final IllegalArgumentException ex)
        {
            // An enum code no message could have carried.
            throw new OutboxMirrorException(file, "outbox mirror file " + file + " holds a damaged entry for key " +
                HEX.formatHex(key) + " (" + ex.getMessage() + "); " + OutboxMirrorException.REBUILD, ex);
        }
    }

    /** @return the key as the platform writes it: lowercase hex of the 32-byte HMAC. */
    public String idempotencyKey()
    {
        return idempotencyKey;
    }

    /** @return journal index of the key's first event (its OutboxRecorded). */
    public long firstIndex()
    {
        return firstIndex;
    }

    /** @return journal index of the OrderRequest that owns the key. */
    public long inputIndex()
    {
        return inputIndex;
    }

    /** @return the trace id of the request that owns the key. */
    public String traceId()
    {
        return traceId;
    }

    /** @return the instrument symbol. */
    public String symbol()
    {
        return symbol;
    }

    /** @return BUY or SELL. */
    public Side side()
    {
        return side;
    }

    /** @return the quantity recorded (after the gates' adjustments), scale 10^6. */
    public long qty()
    {
        return qty;
    }

    /** @return the limit price, or for MARKET the reference price, scale 10^6. */
    public long price()
    {
        return price;
    }

    /** @return MARKET or LIMIT. */
    public OrderType orderType()
    {
        return orderType;
    }

    /** @return the time in force. */
    public TimeInForce timeInForce()
    {
        return timeInForce;
    }

    /** @return the ClOrdID sent to the broker. */
    public String clOrdId()
    {
        return clOrdId;
    }

    /** @return the life-cycle state. */
    public OrderState state()
    {
        return state;
    }

    /** @return tsNs of the OutboxRecorded, or {@link #NO_TIME} when the entry started at an OrderSent. */
    public long createdNs()
    {
        return createdNs;
    }

    /** @return tsNs of the first OrderSent, or {@link #NO_TIME}. */
    public long sentNs()
    {
        return sentNs;
    }

    /** @return the sum of the fills' quantities, scale 10^6. */
    public long filledQty()
    {
        return filledQty;
    }

    /** @return the quantity-weighted average fill price (scale 10^6, rounded half away from zero), or {@link #NONE}. */
    public long avgFillPrice()
    {
        return avgFillPrice;
    }

    /** @return the broker's order id from its latest report that carries one, or {@link #NONE}. */
    public long brokerOrderId()
    {
        return brokerOrderId;
    }

    /** @return the message name of the latest broker-side report (BrokerAck, Fill, ...), or null when none. */
    public String lastResponse()
    {
        return lastResponse;
    }

    /** @return send attempts: OrderSent events for this key. */
    public int sends()
    {
        return sends;
    }

    /** @return re-sends: OrderSent events after the first. */
    public int retries()
    {
        return Math.max(0, sends - 1);
    }

    /** @return SendFailed events for this key. */
    public int sendFailures()
    {
        return sendFailures;
    }

    /** @return DuplicateSuppressed events naming this key. */
    public int duplicatesSuppressed()
    {
        return duplicatesSuppressed;
    }

    /** @return journal index of the event that made the state terminal, or -1 while it is not. */
    public long terminalIndex()
    {
        return terminalIndex;
    }

    /** @return journal index of the last event applied to this key. */
    public long lastAppliedIndex()
    {
        return lastAppliedIndex;
    }

    @Override
    public String toString()
    {
        return "OutboxRecord{" + idempotencyKey + ", trace=" + traceId + ", " + symbol + " " + side + " " + state +
            ", filled=" + filledQty + ", sends=" + sends + ", duplicates=" + duplicatesSuppressed +
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

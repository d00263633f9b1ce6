package io.noctria.engine.broker;

import io.noctria.engine.gateway.ClOrdIdHash;
import io.noctria.codecs.sbe.VenueOrderState;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The venue's memory of every order it has received, keyed by ClOrdID: what makes a resend of a
 * known ClOrdID a duplicate, and what answers order-status queries.
 * <p>
 * Records are dense ({@code brokerOrderId = record + 1}) and never removed, as a venue keeps its
 * ClOrdIDs for the session. Columns are primitive arrays; the ClOrdID index is open addressing
 * over a 64-bit hash of the 32 ClOrdID bytes, with equality checked on the bytes. Nothing
 * allocates until the pre-sized capacity is exceeded, when the arrays double.
 * <p>
 * The filled notional is kept exactly as an unsigned 128-bit sum of {@code qty * price} so the
 * average price needs no rounding until it is asked for.
 */
final class VenueOrderBook
{
    static final int CL_ORD_ID_LENGTH = 32;
    
    private final UnsafeBuffer clOrdIdView = new UnsafeBuffer(0, 0);
    private byte[] clOrdIds;
    private byte[] states;
    private long[] qtys;
    private long[] cumQtys;
    private long[] notionalHigh;
    private long[] notionalLow;
    private int[] openSlots;
    private int size;

    private long[] indexHashes;
    private int[] indexRecords;
    private int indexMask;

    VenueOrderBook(final int expectedOrders)
    {
        allocateRecords(expectedOrders);
        allocateIndex(tableSizeFor(expectedOrders));
    }

    /** @return the number of records. */
    int size()
    {
        return size;
    }

    /**
     * @param buffer holding 32 NUL-padded ClOrdID bytes at {@code offset}.
     * @return the record of that ClOrdID, or -1 when the venue never recorded it.
     */
    int find(final DirectBuffer buffer, final int offset)
    {
        final long hash = hash(buffer, offset);
        int index = (int)hash & indexMask;
        while (true)
        {
            final int stored = indexRecords[index];
            if (0 == stored)
            {
                return -1;
            }
            if (indexHashes[index] == hash && sameClOrdId(stored - 1, buffer, offset))
            {
                return stored - 1;
            }
            index = (index + 1) & indexMask;
        }
    }

    /**
     * Record a ClOrdID that {@link #find} does not know, in state {@link VenueOrderState#PENDING_NEW}.
     *
     * @return the new record.
     */
    int add(final DirectBuffer buffer, final int offset, final long qty, final int openSlot)
    {
        if (size == qtys.length)
        {
            growRecords();
        }
        if ((size + 1) * 2 > indexRecords.length)
        {
            growIndex();
        }
        final int record = size++;
        buffer.getBytes(offset, clOrdIds, record * CL_ORD_ID_LENGTH, CL_ORD_ID_LENGTH);
        states[record] = (byte)VenueOrderState.PENDING_NEW.value();
        qtys[record] = qty;
        cumQtys[record] = 0;
        notionalHigh[record] = 0;
        notionalLow[record] = 0;
        openSlots[record] = openSlot;
        insert(hash(buffer, offset), record);
        return record;
    }

    VenueOrderState state(final int record)
    {
        return VenueOrderState.get(states[record]);
    }

    void state(final int record, final VenueOrderState state)
    {
        states[record] = (byte)state.value();
    }

    long qty(final int record)
    {
        return qtys[record];
    }

    /** A replace changed the order's qty. */
    void qty(final int record, final long qty)
    {
        qtys[record] = qty;
    }

    long cumQty(final int record)
    {
        return cumQtys[record];
    }

    /** @return the in-flight slot carrying the order's next report, or -1 once terminal. */
    int openSlot(final int record)
    {
        return openSlots[record];
    }

    void openSlot(final int record, final int slot)
    {
        openSlots[record] = slot;
    }

    static long brokerOrderId(final int record)
    {
        return record + 1L;
    }

    /** Add a fill to the cumulative quantity and the exact filled notional. */
    void addFill(final int record, final long fillQty, final long fillPrice)
    {
        cumQtys[record] += fillQty;
        final long productLow = fillQty * fillPrice;
        final long productHigh = Math.multiplyHigh(fillQty, fillPrice);
        final long low = notionalLow[record] + productLow;
        final long carry = Long.compareUnsigned(low, productLow) < 0 ? 1 : 0;
        notionalLow[record] = low;
        notionalHigh[record] += productHigh + carry;
    }

    /** @return the average fill price rounded down, 0 when nothing filled. Allocates: a cold-path query. */
    long avgPrice(final int record)
    {
        final long cumQty = cumQtys[record];
        if (0 == cumQty)
        {
            return 0;
        }
        final BigInteger notional = BigInteger.valueOf(notionalHigh[record]).shiftLeft(64)
            .add(new BigInteger(Long.toUnsignedString(notionalLow[record])));
        return notional.divide(BigInteger.valueOf(cumQty)).longValueExact();
    }

    /** 64-bit hash of the 32 ClOrdID bytes. */
    static long hash(final DirectBuffer buffer, final int offset)
    {
        return ClOrdIdHash.hash(buffer, offset);
    }

    private boolean sameClOrdId(final int record, final DirectBuffer buffer, final int offset)
    {
        final int base = record * CL_ORD_ID_LENGTH;
        for (int i = 0; i < CL_ORD_ID_LENGTH; i += Long.BYTES)
        {
            if (clOrdIdView.getLong(base + i) != buffer.getLong(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    private void insert(final long hash, final int record)
    {
        int index = (int)hash & indexMask;
        while (0 != indexRecords[index])
        {
            index = (index + 1) & indexMask;
        }
        indexHashes[index] = hash;
        indexRecords[index] = record + 1;
    }

    private void allocateRecords(final int capacity)
    {
        clOrdIds = new byte[capacity * CL_ORD_ID_LENGTH];
        clOrdIdView.wrap(clOrdIds);
        states = new byte[capacity];
        qtys = new long[capacity];
        cumQtys = new long[capacity];
        notionalHigh = new long[capacity];
        notionalLow = new long[capacity];
        openSlots = new int[capacity];
    }

    private void growRecords()
    {
        final int capacity = qtys.length * 2;
        // multiplyExact: past 2^26 records the byte column cannot grow, which is a terminal fault, not a wrap.
        clOrdIds = Arrays.copyOf(clOrdIds, Math.multiplyExact(capacity, CL_ORD_ID_LENGTH));
        clOrdIdView.wrap(clOrdIds);
        states = Arrays.copyOf(states, capacity);
        qtys = Arrays.copyOf(qtys, capacity);
        cumQtys = Arrays.copyOf(cumQtys, capacity);
        notionalHigh = Arrays.copyOf(notionalHigh, capacity);
        notionalLow = Arrays.copyOf(notionalLow, capacity);
        openSlots = Arrays.copyOf(openSlots, capacity);
    }

    private void allocateIndex(final int tableSize)
    {
        indexHashes = new long[tableSize];
        indexRecords = new int[tableSize];
        indexMask = tableSize - 1;
    }

    private void growIndex()
    {
        final long[] oldHashes = indexHashes;
        final int[] oldRecords = indexRecords;
        allocateIndex(oldRecords.length * 2);
        for (int i = 0; i < oldRecords.length; i++)
        {
            if (0 != oldRecords[i])
            {
                insert(oldHashes[i], oldRecords[i] - 1);
            }
        }
    }

    /** A power of two holding {@code expected} keys at a load factor of at most one half. */
    private static int tableSizeFor(final int expected)
    {
        return Integer.highestOneBit(Math.max(expected, 2) * 2 - 1) << 1;
    }
}

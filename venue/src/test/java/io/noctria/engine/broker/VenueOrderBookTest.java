package io.noctria.engine.broker;

import io.noctria.codecs.sbe.VenueOrderState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class VenueOrderBookTest
{
    private final UnsafeBuffer clOrdId = new UnsafeBuffer(new byte[64]);

    private UnsafeBuffer clOrdId(final String text)
    {
        clOrdId.setMemory(0, 64, (byte)0);
        clOrdId.putBytes(8, text.getBytes(StandardCharsets.US_ASCII));
        return clOrdId;
    }

    @Test
    void shouldFindEveryRecordedClOrdIdAcrossGrowth()
    {
        final VenueOrderBook book = new VenueOrderBook(1);
        for (int i = 0; i < 10_000; i++)
        {
            final String id = "ORD-" + i;
            assertEquals(-1, book.find(clOrdId(id), 8), id);
            assertEquals(i, book.add(clOrdId(id), 8, i + 1L, i));
        }
        assertEquals(10_000, book.size());
        for (int i = 0; i < 10_000; i++)
        {
            final int record = book.find(clOrdId("ORD-" + i), 8);
            assertEquals(i, record);
            assertEquals(i + 1L, book.qty(record));
            assertEquals(i, book.openSlot(record));
            assertEquals(VenueOrderState.PENDING_NEW, book.state(record));
            assertEquals(i + 1L, VenueOrderBook.brokerOrderId(record));
        }
        assertEquals(-1, book.find(clOrdId("ORD-10000"), 8));
        assertEquals(-1, book.find(clOrdId("ORD-1 "), 8), "equality is on all 32 bytes");
    }

    @Test
    void shouldTellClOrdIdsApartEvenWhenTheirHashesCollideInTheTable()
    {
        // A table of 4 entries: 3 keys must share probe sequences, so equality decides.
        final VenueOrderBook book = new VenueOrderBook(2);
        book.add(clOrdId("A"), 8, 1, 0);
        book.add(clOrdId("B"), 8, 2, 1);
        book.add(clOrdId("C"), 8, 3, 2);
        assertEquals(0, book.find(clOrdId("A"), 8));
        assertEquals(1, book.find(clOrdId("B"), 8));
        assertEquals(2, book.find(clOrdId("C"), 8));
        assertEquals(-1, book.find(clOrdId("D"), 8));
    }

    @Test
    void shouldKeepTheExactAveragePriceOfLargeFills()
    {
        final VenueOrderBook book = new VenueOrderBook(4);
        final long qty = 4_000_000_000_000_000L;
        final int record = book.add(clOrdId("BIG"), 8, qty, 0);
        assertEquals(0, book.avgPrice(record), "nothing filled");
        // qty * price overflows a long many times over: the sum is kept in 128 bits.
        book.addFill(record, 1_000_000_000_000_000L, 9_000_000_000_000_000L);
        book.addFill(record, 3_000_000_000_000_000L, 8_000_000_000_000_001L);
        assertEquals(qty, book.cumQty(record));
        final BigInteger notional = BigInteger.valueOf(1_000_000_000_000_000L)
            .multiply(BigInteger.valueOf(9_000_000_000_000_000L))
            .add(BigInteger.valueOf(3_000_000_000_000_000L).multiply(BigInteger.valueOf(8_000_000_000_000_001L)));
        assertEquals(notional.divide(BigInteger.valueOf(qty)).longValueExact(), book.avgPrice(record));
        assertEquals(8_250_000_000_000_000L, book.avgPrice(record));
    }

    @Test
    void shouldRoundAveragePriceDown()
    {
        final VenueOrderBook book = new VenueOrderBook(4);
        final int record = book.add(clOrdId("ODD"), 8, 3, 0);
        book.addFill(record, 1, 100);
        book.addFill(record, 2, 101);
        assertEquals(100, book.avgPrice(record), "302 / 3 = 100.67 rounds down");
    }
}

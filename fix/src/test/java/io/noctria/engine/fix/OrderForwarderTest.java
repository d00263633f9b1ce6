package io.noctria.engine.fix;

import io.noctria.codecs.sbe.*;
import io.noctria.engine.gateway.VenueLinkCounters;
import io.noctria.engine.testing.Await;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import io.noctria.journal.JournalReader;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.Message;
import quickfix.SessionID;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The engine's cancel and replace out as FIX (docs/fix.md, "Tag mapping"): CancelSent → OrderCancelRequest (F),
 * ReplaceSent → OrderCancelReplaceRequest (G), where forwarding resumes when the session store's last message is
 * one of them, and what the forwarder's agent does when a message cannot be handed to the session.
 */
class OrderForwarderTest
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final String ORDER = "N00000000000000000000000000000a1";
    private static final String REPLACE = "R00000000000000000000000000000a1";
    private static final String CANCEL = "C00000000000000000000000000000a1";
    private static final long TS_NS = 1_767_693_600_123_456_789L;

    @TempDir
    Path dir;

    @Test
    void shouldSendACancelAsOrderCancelRequest() throws Exception
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        cancelSent(buffer, REPLACE);
        final CancelSentDecoder decoder = new CancelSentDecoder().wrap(buffer, HEADER, CancelSentDecoder.BLOCK_LENGTH,
            CancelSentDecoder.SCHEMA_VERSION);
        final Message f = OrderForwarder.orderCancelRequest(decoder);
        assertEquals("F", f.getHeader().getString(35));
        assertEquals(CANCEL, f.getString(11), "the cancel's own ClOrdID");
        assertEquals(REPLACE, f.getString(41), "the ClOrdID the venue knows the order by now");
        assertEquals('2', f.getChar(54));
        assertEquals("EURUSD", f.getString(55));
        assertEquals("2.5", f.getString(38), "the order's qty");
        assertEquals(OrderForwarder.time(TS_NS), f.getUtcTimeStamp(60));
        assertEquals(123_456_789, f.getUtcTimeStamp(60).getNano(), "nanoseconds kept");
    }

    @Test
    void shouldSendAReplaceAsOrderCancelReplaceRequestWithTheWholeNewOrder() throws Exception
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        replaceSent(buffer, OrderType.LIMIT);
        final ReplaceSentDecoder decoder = new ReplaceSentDecoder().wrap(buffer, HEADER,
            ReplaceSentDecoder.BLOCK_LENGTH, ReplaceSentDecoder.SCHEMA_VERSION);
        final Message g = OrderForwarder.orderCancelReplaceRequest(decoder);
        assertEquals("G", g.getHeader().getString(35));
        assertEquals(REPLACE, g.getString(11));
        assertEquals(ORDER, g.getString(41));
        assertEquals('1', g.getChar(21));
        assertEquals('2', g.getChar(54));
        assertEquals("EURUSD", g.getString(55));
        assertEquals('2', g.getChar(40));
        assertEquals("4", g.getString(38), "the new total qty");
        assertEquals("1.0875", g.getString(44), "the new price");
        assertFalse(g.isSetField(140));
        assertEquals('1', g.getChar(59), "GTC");
        assertEquals(OrderForwarder.time(TS_NS), g.getUtcTimeStamp(60));

        replaceSent(buffer, OrderType.MARKET);
        final Message market = OrderForwarder.orderCancelReplaceRequest(decoder);
        assertEquals('1', market.getChar(40));
        assertFalse(market.isSetField(44), "no Price on a MARKET order");
        assertEquals("1.0875", market.getString(140), "its reference price, as on D");
    }

    @Test
    void shouldResumeAfterTheStoresLastCancelOrReplaceAndKnowEveryClOrdIdOfTheOrder()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final long[] at = new long[4];
        try (Journal orders = Journal.open(dir.resolve("orders"), JournalConfig.defaults()))
        {
            at[0] = orders.append(buffer, 0, orderSent(buffer));
            at[1] = orders.append(buffer, 0, replaceSent(buffer, OrderType.LIMIT));
            at[2] = orders.append(buffer, 0, cancelSent(buffer, REPLACE));
            at[3] = orders.append(buffer, 0, orderSent(buffer));
        }
        final CancelSentDecoder cancel = new CancelSentDecoder();
        final ReplaceSentDecoder replace = new ReplaceSentDecoder();
        cancelSent(buffer, REPLACE);
        final String f = OrderForwarder.orderCancelRequest(cancel.wrap(buffer, HEADER, CancelSentDecoder.BLOCK_LENGTH,
            CancelSentDecoder.SCHEMA_VERSION)).toString();
        replaceSent(buffer, OrderType.LIMIT);
        final String g = OrderForwarder.orderCancelReplaceRequest(replace.wrap(buffer, HEADER,
            ReplaceSentDecoder.BLOCK_LENGTH, ReplaceSentDecoder.SCHEMA_VERSION)).toString();
        final String heartbeat = "8=FIX.4.4\u00019=5\u000135=0\u000110=000\u0001";

        assertEquals(at[2], resume(List.of(g, f, heartbeat)), "the last F: its CancelSent");
        assertEquals(at[1], resume(List.of(f, g)), "the last G: its ReplaceSent, the cancel after it is sent again");

        final Map<String, OrderContext> contexts = new ConcurrentHashMap<>();
        try (JournalReader reader = JournalReader.open(dir.resolve("orders")))
        {
            new OrderForwarder(reader, new SessionID("FIX.4.4", "NOCTRIA", "VENUE"), contexts).resume(List.of(g));
        }
        assertEquals(3, contexts.size(), "the order, its replace and its cancel");
        for (final String clOrdId : List.of(ORDER, REPLACE, CANCEL))
        {
            assertEquals(ORDER, contexts.get(clOrdId).clOrdId(), clOrdId + " names the order");
            assertEquals('2', contexts.get(clOrdId).side());
            assertEquals("EURUSD", contexts.get(clOrdId).symbol());
            assertEquals(0x5a, contexts.get(clOrdId).idempotencyKey()[31]);
            assertEquals("trace-a", new String(contexts.get(clOrdId).traceId(), 0, 7, StandardCharsets.US_ASCII));
            assertEquals(0, contexts.get(clOrdId).traceId()[7], "the trace id ends where the key starts");
        }
        assertEquals(1_087_500, contexts.get(REPLACE).price(), "a replace's ClOrdID keeps its new price");
        assertEquals(1_100_000, contexts.get(ORDER).price());
    }

    @Test
    void shouldRetryAnExcerptItCouldNotHandToTheSessionCountingEachFailureAndSkippingNothing()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final long order;
        try (Journal orders = Journal.open(dir.resolve("orders"), JournalConfig.defaults()))
        {
            order = orders.append(buffer, 0, orderSent(buffer));
        }
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final FixLinkCounters counters = new FixLinkCounters(VenueLinkCounters.standalone(errors::add));
        try (JournalReader reader = JournalReader.open(dir.resolve("orders")))
        {
            // No FIX session of this id exists: every attempt to hand the order over fails.
            final OrderForwarder forwarder = new OrderForwarder(reader, new SessionID("FIX.4.4", "NOBODY", "VENUE"),
                new ConcurrentHashMap<>(), counters);
            reader.toStart();
            final AgentRunner runner = new AgentRunner(new NoOpIdleStrategy(), forwarder::onError, null, forwarder);
            AgentRunner.startOnThread(runner);
            try
            {
                Await.await(() -> "a third failure: " + errors, 10_000, () -> errors.size() >= 3);
            }
            finally
            {
                runner.close();
            }
            assertEquals(0, counters.ordersForwarded.get());
            assertTrue(errors.stream().allMatch(e -> e instanceof NullPointerException), errors.toString());
            reader.assignToCurrentThread();
            assertEquals(order, reader.index(), "the order is the next excerpt still: rolled back, never skipped");
        }
    }

    private long resume(final List<String> stored)
    {
        try (JournalReader reader = JournalReader.open(dir.resolve("orders")))
        {
            final OrderForwarder forwarder = new OrderForwarder(reader, new SessionID("FIX.4.4", "NOCTRIA", "VENUE"),
                new ConcurrentHashMap<>());
            forwarder.resume(stored);
            return forwarder.resumedAfter();
        }
    }

    private static int orderSent(final UnsafeBuffer buffer)
    {
        final OrderSentEncoder sent = new OrderSentEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .tsNs(TS_NS).inputIndex(1).qty(2_500_000).price(1_100_000).attempt(1).side(Side.SELL)
            .orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC).symbol("EURUSD").traceId("trace-a")
            .clOrdId(ORDER).putIdempotencyKey(key(), 0, 32);
        return HEADER + sent.encodedLength();
    }

    private static int cancelSent(final UnsafeBuffer buffer, final String origClOrdId)
    {
        final CancelSentEncoder sent = new CancelSentEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .tsNs(TS_NS).inputIndex(3).qty(2_500_000).cumQty(500_000).side(Side.SELL).symbol("EURUSD").clOrdId(ORDER)
            .traceId("trace-a").putIdempotencyKey(key(), 0, 32).requestClOrdId(CANCEL).origClOrdId(origClOrdId)
            .putActionKey(new byte[32], 0, 32);
        return HEADER + sent.encodedLength();
    }

    private static int replaceSent(final UnsafeBuffer buffer, final OrderType type)
    {
        final ReplaceSentEncoder sent = new ReplaceSentEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).tsNs(TS_NS).inputIndex(2).qty(4_000_000)
            .price(1_087_500).origQty(2_500_000).origPrice(1_100_000).cumQty(500_000).side(Side.SELL).orderType(type)
            .timeInForce(TimeInForce.GTC).symbol("EURUSD").clOrdId(ORDER).traceId("trace-a")
            .putIdempotencyKey(key(), 0, 32).requestClOrdId(REPLACE).origClOrdId(ORDER)
            .putActionKey(new byte[32], 0, 32);
        return HEADER + sent.encodedLength();
    }

    private static byte[] key()
    {
        final byte[] key = new byte[32];
        key[31] = 0x5a;
        return key;
    }
}

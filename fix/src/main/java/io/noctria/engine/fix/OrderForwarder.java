package io.noctria.engine.fix;

import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.*;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import io.noctria.journal.Journal;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.UtcTimestampPrecision;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The gateway's outbound side, on its own thread: follows the venue link's {@code broker-orders} queue (written by the
 * engine's ingress thread after the order is journaled) and sends each {@code OrderSent} as a NewOrderSingle (D), each
 * {@code CancelSent} as an OrderCancelRequest (F), each {@code ReplaceSent} as an OrderCancelReplaceRequest (G) and
 * each {@code OrderStatusQuery} as an OrderStatusRequest (H). The FIX session stores every message before it writes
 * it to the socket and numbers it; a message sent while the session is down is kept and goes out on the
 * counterparty's resend request after the next logon, with PossDupFlag (43) = Y.
 * <p>
 * <b>Where it resumes.</b> The session's message store is the record of what was handed to FIX. At start-up the last
 * D, F, G or H it holds is looked up in {@code broker-orders} (by ClOrdID: the order's for D, the action's own
 * {@code requestClOrdId} for F and G; and OrdStatusReqID for H), and forwarding resumes after that excerpt: nothing
 * handed to FIX before a crash is handed again (which would be a second order, cancel or replace with the same
 * ClOrdID), and nothing the engine wrote after it is skipped. With an empty store (a first run), it resumes after the
 * excerpts that were already there when the gateway opened, as the engine's reconciliation asks the venue about any
 * order left in doubt. The same scan rebuilds the ClOrdID → {@link OrderContext} table, a cancel's and a replace's
 * ClOrdID included (each names its order), so reports naming any of them reach the order.
 */
final class OrderForwarder implements JournalConsumer, Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(OrderForwarder.class);
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final long RETRY_MS = 100;

    private final JournalReader orders;
    private final SessionID sessionId;
    private final Map<String, OrderContext> contexts;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderSentDecoder sent = new OrderSentDecoder();
    private final OrderStatusQueryDecoder query = new OrderStatusQueryDecoder();
    private final CancelSentDecoder cancel = new CancelSentDecoder();
    private final ReplaceSentDecoder replace = new ReplaceSentDecoder();
    private final FixLinkCounters counters;
    private long resumedAfter = Journal.NO_INDEX;
    private long failures;

    /** A forwarder counting into counters of its own (a test's). */
    OrderForwarder(final JournalReader orders, final SessionID sessionId, final Map<String, OrderContext> contexts)
    {
        this(orders, sessionId, contexts, FixLinkCounters.standalone());
    }

    /** @param counters where what is forwarded and the longest duty cycle are counted (on this agent's thread). */
    OrderForwarder(final JournalReader orders, final SessionID sessionId, final Map<String, OrderContext> contexts,
        final FixLinkCounters counters)
    {
        this.orders = orders;
        this.sessionId = sessionId;
        this.contexts = contexts;
        this.counters = counters;
    }

    /** @return the idle strategy of the thread running this agent: sends go out within 200 µs of the append. */
    static IdleStrategy idleStrategy()
    {
        return new BackoffIdleStrategy(200, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(200));
    }

    /**
     * Rebuilds the context table from the whole queue and positions after the last message the session's store says
     * was sent (or at the queue's end as opened when the store holds none).
     *
     * @param storedMessages the session store's outgoing messages, oldest first.
     */
    void resume(final List<String> storedMessages)
    {
        String lastClOrdId = null;
        String lastQueryId = null;
        String lastType = null;
        for (int i = storedMessages.size() - 1; i >= 0 && lastClOrdId == null; i--)
        {
            final String message = storedMessages.get(i);
            final String type = field(message, 35);
            if ("D".equals(type) || "H".equals(type) || "F".equals(type) || "G".equals(type))
            {
                lastClOrdId = field(message, 11);
                lastType = type;
                lastQueryId = field(message, 790);
            }
        }
        final Matcher matcher = new Matcher(lastClOrdId, lastType, lastQueryId);
        orders.toStart();
        while (orders.poll(matcher, 4096) > 0)
        {
            // one pass over the queue, as recovery reads the journal
        }
        final long endAtOpen = matcher.lastSeen;
        resumedAfter = lastClOrdId == null ? endAtOpen : matcher.index;
        if (lastClOrdId != null && matcher.index == Journal.NO_INDEX)
        {
            LOG.warn("the FIX store's last order {} is not in {}: forwarding starts at the queue's end", lastClOrdId,
                orders.directory());
            resumedAfter = endAtOpen;
        }
        if (resumedAfter == Journal.NO_INDEX)
        {
            orders.toStart();
        }
        else
        {
            orders.toIndex(resumedAfter);
            orders.poll(matcher, 1); // steps over the excerpt already sent (the matcher only looks)
        }
        LOG.info("FIX forwarding resumes after broker-orders excerpt {} ({} ClOrdIDs known)",
            resumedAfter == Journal.NO_INDEX ? "none" : Long.toHexString(resumedAfter), contexts.size());
    }

    /** @return the excerpt forwarding resumed after, {@link Journal#NO_INDEX} for the queue's start. */
    long resumedAfter()
    {
        return resumedAfter;
    }

    @Override
    public void onStart()
    {
        orders.assignToCurrentThread();
    }

    @Override
    public int doWork()
    {
        final long startNs = System.nanoTime();
        final int work = orders.poll(this, 64);
        if (work > 0)
        {
            counters.forwarderMaxCycleNs.proposeMaxOrdered(System.nanoTime() - startNs);
        }
        return work;
    }

    @Override
    public String roleName()
    {
        return "noctria-fix-forwarder";
    }

    /**
     * The agent runner's error handler: an exception while handing an excerpt to the session is counted and recorded
     * in the engine's error log, logged (the 1st, 2nd, 4th, 8th… time, not a line per retry), and the excerpt is tried
     * again after {@value #RETRY_MS} ms. The poll rolled it back, so nothing behind it goes first and nothing is
     * skipped; a retry cannot send it twice, as the session stores and sends a message, or throws before either.
     */
    void onError(final Throwable error)
    {
        failures++;
        counters.errors.onError(error);
        if (Long.bitCount(failures) == 1)
        {
            LOG.error("a broker-orders excerpt could not be handed to the FIX session ({} failures so far); retried " +
                "every {} ms", failures, RETRY_MS, error);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(RETRY_MS));
    }

    @Override
    public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        if (header.templateId() == OrderSentDecoder.TEMPLATE_ID)
        {
            sent.wrap(buffer, offset + HEADER, header.blockLength(), header.version());
            final OrderContext context = remember(sent);
            send(newOrderSingle(sent, context));
            counters.ordersForwarded.incrementOrdered();
        }
        else if (header.templateId() == OrderStatusQueryDecoder.TEMPLATE_ID)
        {
            query.wrap(buffer, offset + HEADER, header.blockLength(), header.version());
            send(orderStatusRequest(query));
            counters.queriesForwarded.incrementOrdered();
        }
        else if (header.templateId() == CancelSentDecoder.TEMPLATE_ID)
        {
            cancel.wrap(buffer, offset + HEADER, header.blockLength(), header.version());
            remember(cancel);
            send(orderCancelRequest(cancel));
            counters.cancelsForwarded.incrementOrdered();
        }
        else if (header.templateId() == ReplaceSentDecoder.TEMPLATE_ID)
        {
            replace.wrap(buffer, offset + HEADER, header.blockLength(), header.version());
            remember(replace);
            send(orderCancelReplaceRequest(replace));
            counters.replacesForwarded.incrementOrdered();
        }
        else
        {
            counters.notForwarded.incrementOrdered();
            LOG.warn("broker-orders excerpt {} holds template {}, which the FIX gateway does not send", index,
                header.templateId());
        }
    }

    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        counters.notForwarded.incrementOrdered();
        LOG.error("broker-orders excerpt {} is {} ({}): not sent", index, error, detail);
    }

    private void send(final Message message)
    {
        // False while the session is not logged on: the message is stored and numbered all the same, and is resent
        // (PossDupFlag=Y) when the venue asks for the gap after the next logon.
        if (!Session.lookupSession(sessionId).send(message))
        {
            LOG.debug("FIX session not logged on: {} kept for resend", FixFields.text(message.getHeader(), 35, "?"));
        }
    }

    private OrderContext remember(final OrderSentDecoder order)
    {
        final byte[] trace = new byte[OrderSentDecoder.traceIdLength()];
        order.getTraceId(trace, 0);
        final byte[] key = new byte[OrderSentDecoder.idempotencyKeyLength()];
        order.getIdempotencyKey(key, 0, key.length);
        final String clOrdId = order.clOrdId().trim();
        final OrderContext context = new OrderContext(clOrdId, trace, key, side(order.side()), order.symbol().trim(),
            order.price());
        contexts.put(clOrdId, context);
        return context;
    }

    /** A cancel's ClOrdID names its order: reports of the cancel (4, 6, 9) carry the order's identity. */
    private void remember(final CancelSentDecoder action)
    {
        rememberAction(action.requestClOrdId().trim(), action.clOrdId().trim(), action.buffer(),
            action.offset() + CancelSentDecoder.traceIdEncodingOffset(), side(action.side()), action.symbol().trim(),
            0);
    }

    /**
     * A replace's ClOrdID names its order: the venue's Replaced (5), and every report after it (fills, the end), name
     * the order by it.
     */
    private void remember(final ReplaceSentDecoder action)
    {
        rememberAction(action.requestClOrdId().trim(), action.clOrdId().trim(), action.buffer(),
            action.offset() + ReplaceSentDecoder.traceIdEncodingOffset(), side(action.side()), action.symbol().trim(),
            action.price());
    }

    /**
     * @param traceAt where the action's trace id starts in {@code buffer}; the order's key follows it, as in every
     *                action and report (the identity block, docs/messages.md).
     */
    private void rememberAction(final String requestClOrdId, final String orderClOrdId, final DirectBuffer buffer,
        final int traceAt, final char side, final String symbol, final long price)
    {
        final byte[] trace = new byte[OrderSentDecoder.traceIdLength()];
        buffer.getBytes(traceAt, trace);
        final byte[] key = new byte[OrderSentDecoder.idempotencyKeyLength()];
        buffer.getBytes(traceAt + trace.length, key);
        contexts.put(requestClOrdId, new OrderContext(orderClOrdId, trace, key, side, symbol, price));
    }

    private static char side(final Side side)
    {
        return side == Side.SELL ? '2' : '1';
    }

    static Message newOrderSingle(final OrderSentDecoder order, final OrderContext context)
    {
        final quickfix.fix44.NewOrderSingle message = new quickfix.fix44.NewOrderSingle();
        message.setString(11, order.clOrdId().trim());
        putOrder(message, context.symbol(), context.side(), order.tsNs(), order.qty());
        putTerms(message, order.orderType(), order.price(), order.timeInForce());
        return message;
    }

    /** Symbol (55), Side (54), TransactTime (60) and OrderQty (38): what D, F and G all carry. */
    private static void putOrder(final Message message, final String symbol, final char side, final long tsNs,
        final long qty)
    {
        message.setString(55, symbol);
        message.setChar(54, side);
        message.setUtcTimeStamp(60, time(tsNs), UtcTimestampPrecision.NANOS);
        message.setString(38, FixFields.decimal(qty));
    }

    /** HandlInst (21), OrdType (40), the price and TimeInForce (59): the terms D and G carry. */
    private static void putTerms(final Message message, final OrderType type, final long price, final TimeInForce tif)
    {
        message.setChar(21, '1');
        final boolean limit = type == OrderType.LIMIT;
        message.setChar(40, limit ? '2' : '1');
        // A LIMIT order's price is Price (44). A MARKET order's is the engine's reference price: FIX has no field
        // for it, so it rides in PrevClosePx (140), which venues ignore and fix-venue's simulator fills around.
        message.setString(limit ? 44 : 140, FixFields.decimal(price));
        message.setChar(59, timeInForce(tif));
    }

    /** OrderCancelRequest (F): the cancel's own ClOrdID, the ClOrdID the venue knows the order by (41). */
    static Message orderCancelRequest(final CancelSentDecoder action)
    {
        final quickfix.fix44.OrderCancelRequest message = new quickfix.fix44.OrderCancelRequest();
        message.setString(11, action.requestClOrdId().trim());
        message.setString(41, action.origClOrdId().trim());
        putOrder(message, action.symbol().trim(), side(action.side()), action.tsNs(), action.qty());
        return message;
    }

    /**
     * OrderCancelReplaceRequest (G): the replace's own ClOrdID, the ClOrdID the venue knows the order by (41), the new
     * total qty and price, and the order's unchanged side, type and time in force (FIX asks for the whole order).
     */
    static Message orderCancelReplaceRequest(final ReplaceSentDecoder action)
    {
        final quickfix.fix44.OrderCancelReplaceRequest message = new quickfix.fix44.OrderCancelReplaceRequest();
        message.setString(11, action.requestClOrdId().trim());
        message.setString(41, action.origClOrdId().trim());
        putOrder(message, action.symbol().trim(), side(action.side()), action.tsNs(), action.qty());
        putTerms(message, action.orderType(), action.price(), action.timeInForce());
        return message;
    }

    private Message orderStatusRequest(final OrderStatusQueryDecoder status)
    {
        final String clOrdId = status.clOrdId().trim();
        final OrderContext context = contexts.get(clOrdId);
        final quickfix.fix44.OrderStatusRequest message = new quickfix.fix44.OrderStatusRequest();
        message.setString(11, clOrdId);
        message.setString(790, Long.toString(status.queryId()));
        // Side and Symbol are required by FIX 4.4; a ClOrdID this gateway never sent is still asked about.
        message.setChar(54, context == null ? '1' : context.side());
        message.setString(55, context == null ? "UNKNOWN" : context.symbol());
        return message;
    }

    static char timeInForce(final TimeInForce tif)
    {
        switch (tif)
        {
            case GTC:
                return '1';
            case IOC:
                return '3';
            case FOK:
                return '4';
            default:
                return '0';
        }
    }

    static LocalDateTime time(final long epochNs)
    {
        return LocalDateTime.ofInstant(Instant.ofEpochSecond(0, epochNs), ZoneOffset.UTC);
    }

    /** @return the value of {@code tag} in a raw FIX message, null when absent. */
    static String field(final String message, final int tag)
    {
        // Every message starts with BeginString (8), so any other tag follows a SOH.
        final String start = "\u0001" + tag + "=";
        final int at = message.indexOf(start);
        if (at < 0)
        {
            return null;
        }
        final int from = at + start.length();
        final int end = message.indexOf('\u0001', from);
        return message.substring(from, end < 0 ? message.length() : end);
    }

    /** Rebuilds the context table and finds the last excerpt equal to the store's last sent message. */
    private final class Matcher implements JournalConsumer
    {
        private final String clOrdId;
        private final String type;
        private final String queryId;
        long index = Journal.NO_INDEX;
        long lastSeen = Journal.NO_INDEX;

        /** @param type the FIX MsgType (35) of the store's last D, F, G or H, null when it holds none. */
        Matcher(final String clOrdId, final String type, final String queryId)
        {
            this.clOrdId = clOrdId;
            this.type = type;
            this.queryId = queryId;
        }

        @Override
        public void onMessage(final long excerpt, final DirectBuffer buffer, final int offset, final int length)
        {
            lastSeen = excerpt;
            header.wrap(buffer, offset);
            if (header.templateId() == OrderSentDecoder.TEMPLATE_ID)
            {
                sent.wrap(buffer, offset + HEADER, header.blockLength(), header.version());
                remember(sent);
                if ("D".equals(type) && sent.clOrdId().trim().equals(clOrdId))
                {
                    index = excerpt;
                }
            }
            else if (header.templateId() == CancelSentDecoder.TEMPLATE_ID)
            {
                cancel.wrap(buffer, offset + HEADER, header.blockLength(), header.version());
                remember(cancel);
                if ("F".equals(type) && cancel.requestClOrdId().trim().equals(clOrdId))
                {
                    index = excerpt;
                }
            }
            else if (header.templateId() == ReplaceSentDecoder.TEMPLATE_ID)
            {
                replace.wrap(buffer, offset + HEADER, header.blockLength(), header.version());
                remember(replace);
                if ("G".equals(type) && replace.requestClOrdId().trim().equals(clOrdId))
                {
                    index = excerpt;
                }
            }
            else if (header.templateId() == OrderStatusQueryDecoder.TEMPLATE_ID && "H".equals(type))
            {
                query.wrap(buffer, offset + HEADER, header.blockLength(), header.version());
                if (query.clOrdId().trim().equals(clOrdId) && Long.toString(query.queryId()).equals(queryId))
                {
                    index = excerpt;
                }
            }
        }

        @Override
        public void onInvalid(final long excerpt, final RecordError error, final String detail)
        {
            lastSeen = excerpt;
        }
    }
}

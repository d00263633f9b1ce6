package io.noctria.engine.fix;

import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.*;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import io.noctria.journal.Journal;
import org.agrona.DirectBuffer;
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

/**
 * The gateway's outbound side, on its own thread: follows the venue link's {@code broker-orders} queue (written by the
 * engine's ingress thread after the order is journaled) and sends each {@code OrderSent} as a NewOrderSingle (D) and
 * each {@code OrderStatusQuery} as an OrderStatusRequest (H). The FIX session stores every message before it writes
 * it to the socket and numbers it; a message sent while the session is down is kept and goes out on the
 * counterparty's resend request after the next logon, with PossDupFlag (43) = Y.
 * <p>
 * <b>Where it resumes.</b> The session's message store is the record of what was handed to FIX. At start-up the last
 * D or H it holds is looked up in {@code broker-orders} (by ClOrdID, and OrdStatusReqID for H), and forwarding
 * resumes after that excerpt: nothing handed to FIX before a crash is handed again (which would be a second order
 * with the same ClOrdID), and nothing the engine wrote after it is skipped. With an empty store (a first run), it
 * resumes after the excerpts that were already there when the gateway opened, as the engine's reconciliation asks
 * the venue about any order left in doubt. The same scan rebuilds the ClOrdID → {@link OrderContext} table.
 */
final class OrderForwarder implements JournalConsumer, Runnable
{
    private static final Logger LOG = LoggerFactory.getLogger(OrderForwarder.class);
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;

    private final JournalReader orders;
    private final SessionID sessionId;
    private final Map<String, OrderContext> contexts;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderSentDecoder sent = new OrderSentDecoder();
    private final OrderStatusQueryDecoder query = new OrderStatusQueryDecoder();
    private final IdleStrategy idle = new BackoffIdleStrategy(200, 20, TimeUnit.MICROSECONDS.toNanos(1),
        TimeUnit.MICROSECONDS.toNanos(200));

    private volatile boolean running = true;
    private volatile long ordersForwarded;
    private volatile long queriesForwarded;
    private volatile long unexpected;
    private long resumedAfter = Journal.NO_INDEX;

    OrderForwarder(final JournalReader orders, final SessionID sessionId, final Map<String, OrderContext> contexts)
    {
        this.orders = orders;
        this.sessionId = sessionId;
        this.contexts = contexts;
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
        boolean lastIsQuery = false;
        for (int i = storedMessages.size() - 1; i >= 0 && lastClOrdId == null; i--)
        {
            final String message = storedMessages.get(i);
            final String type = field(message, 35);
            if ("D".equals(type) || "H".equals(type))
            {
                lastClOrdId = field(message, 11);
                lastIsQuery = "H".equals(type);
                lastQueryId = field(message, 790);
            }
        }
        final Matcher matcher = new Matcher(lastClOrdId, lastIsQuery, lastQueryId);
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
        LOG.info("FIX forwarding resumes after broker-orders excerpt {} ({} orders known by ClOrdID)",
            resumedAfter == Journal.NO_INDEX ? "none" : Long.toHexString(resumedAfter), contexts.size());
    }

    /** @return the excerpt forwarding resumed after, {@link Journal#NO_INDEX} for the queue's start. */
    long resumedAfter()
    {
        return resumedAfter;
    }

    long ordersForwarded()
    {
        return ordersForwarded;
    }

    long queriesForwarded()
    {
        return queriesForwarded;
    }

    long unexpected()
    {
        return unexpected;
    }

    void stop()
    {
        running = false;
    }

    @Override
    public void run()
    {
        orders.assignToCurrentThread();
        while (running)
        {
            idle.idle(orders.poll(this, 64));
        }
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
            ordersForwarded++;
        }
        else if (header.templateId() == OrderStatusQueryDecoder.TEMPLATE_ID)
        {
            query.wrap(buffer, offset + HEADER, header.blockLength(), header.version());
            send(orderStatusRequest(query));
            queriesForwarded++;
        }
        else
        {
            unexpected++;
            LOG.warn("broker-orders excerpt {} holds template {}, which the FIX gateway does not send", index,
                header.templateId());
        }
    }

    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        unexpected++;
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
        final String clOrdId = order.clOrdId().trim();
        final byte[] trace = new byte[OrderSentDecoder.traceIdLength()];
        order.getTraceId(trace, 0);
        final byte[] key = new byte[OrderSentDecoder.idempotencyKeyLength()];
        order.getIdempotencyKey(key, 0, key.length);
        final OrderContext context = new OrderContext(trace, key, order.side() == Side.SELL ? '2' : '1',
            order.symbol().trim());
        contexts.put(clOrdId, context);
        return context;
    }

    static Message newOrderSingle(final OrderSentDecoder order, final OrderContext context)
    {
        final quickfix.fix44.NewOrderSingle message = new quickfix.fix44.NewOrderSingle();
        message.setString(11, order.clOrdId().trim());
        message.setChar(21, '1');
        message.setString(55, context.symbol());
        message.setChar(54, context.side());
        message.setUtcTimeStamp(60, time(order.tsNs()), UtcTimestampPrecision.NANOS);
        message.setString(38, FixFields.decimal(order.qty()));
        final boolean limit = order.orderType() == OrderType.LIMIT;
        message.setChar(40, limit ? '2' : '1');
        // A LIMIT order's price is Price (44). A MARKET order's is the engine's reference price: FIX has no field
        // for it, so it rides in PrevClosePx (140), which venues ignore and fix-venue's simulator fills around.
        message.setString(limit ? 44 : 140, FixFields.decimal(order.price()));
        message.setChar(59, timeInForce(order.timeInForce()));
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
        private final boolean isQuery;
        private final String queryId;
        long index = Journal.NO_INDEX;
        long lastSeen = Journal.NO_INDEX;

        Matcher(final String clOrdId, final boolean isQuery, final String queryId)
        {
            this.clOrdId = clOrdId;
            this.isQuery = isQuery;
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
                if (!isQuery && sent.clOrdId().trim().equals(clOrdId))
                {
                    index = excerpt;
                }
            }
            else if (header.templateId() == OrderStatusQueryDecoder.TEMPLATE_ID && isQuery)
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

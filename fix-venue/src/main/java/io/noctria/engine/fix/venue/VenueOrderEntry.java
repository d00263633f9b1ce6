package io.noctria.engine.fix.venue;

import com.paritytrading.philadelphia.FIXMessage;
import com.paritytrading.philadelphia.FIXValue;
import io.noctria.codecs.sbe.CancelSentEncoder;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.codecs.sbe.OrderSentEncoder;
import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.ReplaceSentEncoder;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;
import io.noctria.engine.broker.SimulatedBroker;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.function.LongSupplier;

/**
 * The venue's order entry: the application messages of a logged-on session, turned into what the simulator takes
 * from broker-sim. A NewOrderSingle (D) becomes an {@code OrderSent}, an OrderCancelRequest (F) a {@code CancelSent},
 * an OrderCancelReplaceRequest (G) a {@code ReplaceSent}, an OrderStatusRequest (H) a status query; the simulator's
 * answers reach the session through {@link FixExecutionReports}. Every D, F and G is written to the
 * {@link OrdersReceived} record first.
 * <p>
 * A D, F or G with PossDupFlag (43) = Y for a ClOrdID the venue already took is a resend: counted and dropped. A D
 * for a ClOrdID an earlier life of the venue took (its order book died with it) is never a second order: dropped as a
 * resend, else refused (OrdRejReason 6). A value that does not parse or fit is refused with an
 * {@link IllegalArgumentException} naming the tag; the session answers it with a session-level Reject.
 * <p>
 * Runs on the venue's thread only.
 */
final class VenueOrderEntry
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final SimulatedBroker broker;
    private final FixExecutionReports reports;
    private final OrdersReceived received;
    private final LongSupplier clock;
    private final UnsafeBuffer orderBuffer = new UnsafeBuffer(new byte[512]);
    private final UnsafeBuffer clOrdIdBuffer = new UnsafeBuffer(new byte[32]);
    private final UnsafeBuffer actionBuffer = new UnsafeBuffer(new byte[512]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OrderSentEncoder orderSent = new OrderSentEncoder();
    private final CancelSentEncoder cancelSent = new CancelSentEncoder();
    private final ReplaceSentEncoder replaceSent = new ReplaceSentEncoder();
    private long ordersTaken;
    private long possDupsDropped;

    VenueOrderEntry(final SimulatedBroker broker, final FixExecutionReports reports, final OrdersReceived received,
        final LongSupplier clock)
    {
        this.broker = broker;
        this.reports = reports;
        this.received = received;
        this.clock = clock;
    }

    /** @return NewOrderSingles taken as orders (resends and refused duplicates not counted). */
    long ordersTaken()
    {
        return ordersTaken;
    }

    /** @return PossDupFlag resends of a ClOrdID already taken, dropped. */
    long possDupsDropped()
    {
        return possDupsDropped;
    }

    void onNewOrderSingle(final FIXMessage message)
    {
        final String clOrdId = FixValues.required(message, 11).toString();
        if (resent(clOrdId, message))
        {
            return;
        }
        final char side = FixValues.required(message, 54).charAt(0);
        if (!reports.knows(clOrdId) && received.takenBefore(clOrdId))
        {
            // Taken by an earlier life of the venue, whose order book died with it: never a second order.
            if (possDup(message))
            {
                possDupsDropped++;
                received.record(clOrdId, message.getMsgSeqNum(), true, "resend-dropped");
                return;
            }
            received.record(clOrdId, message.getMsgSeqNum(), false, "duplicate-refused");
            reports.refuseTakenBefore(clOrdId, side, FixValues.required(message, 55).toString(),
                FixValues.fixed6(38, FixValues.required(message, 38)), clock.getAsLong());
            return;
        }
        final char type = FixValues.required(message, 40).charAt(0);
        final long qty = FixValues.fixed6(38, FixValues.required(message, 38));
        final long price = price(message, type);
        final FIXValue symbol = FixValues.required(message, 55);
        orderSent.wrapAndApplyHeader(orderBuffer, 0, headerEncoder)
            .tsNs(clock.getAsLong()).inputIndex(-1).qty(qty).price(price).attempt(1)
            .side(side(side))
            .orderType(orderType(type))
            .timeInForce(timeInForce(message));
        FixValues.putAscii(orderBuffer, HEADER + OrderSentEncoder.symbolEncodingOffset(), 16, 55, symbol);
        orderSent.traceId("");
        FixValues.putAscii(orderBuffer, HEADER + OrderSentEncoder.clOrdIdEncodingOffset(), 32, 11, clOrdId);
        reports.taken(clOrdId, side, type, symbol.toString(), qty);
        ordersTaken++;
        received.record(clOrdId, message.getMsgSeqNum(), possDup(message), "taken");
        broker.send(orderBuffer, 0, HEADER + orderSent.encodedLength());
    }

    /**
     * OrderCancelRequest (F) or OrderCancelReplaceRequest (G) → the simulator's cancel or replace of the order
     * OrigClOrdID (41) names (an OrigClOrdID the venue never took goes as it is: the simulator answers UNKNOWN_ORDER).
     * A replace, Replaced or refused, and a refused cancel are answered from inside the call; a cancel that takes
     * effect is answered by the order's Canceled later.
     */
    void onAction(final FIXMessage message, final boolean replace)
    {
        final String requestClOrdId = FixValues.required(message, 11).toString();
        if (resent(requestClOrdId, message))
        {
            return;
        }
        final String origClOrdId = FixValues.required(message, 41).toString();
        final Side side = side(FixValues.required(message, 54).charAt(0));
        final FIXValue symbol = FixValues.required(message, 55);
        actionBuffer.setMemory(0, actionBuffer.capacity(), (byte)0);
        final int length = replace ? encodeReplace(message, side, symbol, requestClOrdId, origClOrdId) :
            encodeCancel(side, symbol, requestClOrdId, origClOrdId);
        reports.request(requestClOrdId, origClOrdId, !replace);
        received.record(requestClOrdId, message.getMsgSeqNum(), possDup(message), "taken");
        try
        {
            if (replace)
            {
                broker.replace(actionBuffer, 0, length);
            }
            else
            {
                broker.cancel(actionBuffer, 0, length);
            }
        }
        finally
        {
            reports.answered();
        }
    }

    /** OrderStatusRequest (H): its OrdStatusReqID (790) is the engine's query id, answered by ExecType I. */
    void onOrderStatusRequest(final FIXMessage message)
    {
        final FIXValue clOrdId = FixValues.required(message, 11);
        final FIXValue queryValue = FixValues.required(message, 790);
        final long queryId;
        try
        {
            queryId = Long.parseLong(queryValue.toString());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("tag 790 = \"" + queryValue + "\" is not a number: fix-venue answers " +
                "status requests of the engine's gateway, which numbers them");
        }
        final FIXValue side = message.valueOf(54);
        final FIXValue symbol = message.valueOf(55);
        FixValues.putAscii(clOrdIdBuffer, 0, 32, 11, clOrdId);
        reports.queried(queryId, side == null || side.length() == 0 ? '1' : side.charAt(0),
            symbol == null ? "UNKNOWN" : symbol.toString());
        broker.queryStatus(queryId, clOrdIdBuffer, 0);
    }

    private int encodeCancel(final Side side, final FIXValue symbol, final String requestClOrdId,
        final String origClOrdId)
    {
        cancelSent.wrapAndApplyHeader(actionBuffer, 0, headerEncoder)
            .tsNs(clock.getAsLong()).inputIndex(-1).qty(reports.qty(origClOrdId)).cumQty(0).side(side);
        identify(HEADER + CancelSentEncoder.symbolEncodingOffset(), symbol,
            HEADER + CancelSentEncoder.clOrdIdEncodingOffset(), HEADER + CancelSentEncoder.requestClOrdIdEncodingOffset(),
            requestClOrdId, HEADER + CancelSentEncoder.origClOrdIdEncodingOffset(), origClOrdId);
        return HEADER + cancelSent.encodedLength();
    }

    /** The new total OrderQty (38) and price, read as on a D. */
    private int encodeReplace(final FIXMessage message, final Side side, final FIXValue symbol,
        final String requestClOrdId, final String origClOrdId)
    {
        final char type = FixValues.required(message, 40).charAt(0);
        final long qty = FixValues.fixed6(38, FixValues.required(message, 38));
        replaceSent.wrapAndApplyHeader(actionBuffer, 0, headerEncoder)
            .tsNs(clock.getAsLong()).inputIndex(-1).qty(qty).price(price(message, type))
            .origQty(reports.qty(origClOrdId)).origPrice(0).cumQty(0).side(side).orderType(orderType(type))
            .timeInForce(timeInForce(message));
        identify(HEADER + ReplaceSentEncoder.symbolEncodingOffset(), symbol,
            HEADER + ReplaceSentEncoder.clOrdIdEncodingOffset(),
            HEADER + ReplaceSentEncoder.requestClOrdIdEncodingOffset(), requestClOrdId,
            HEADER + ReplaceSentEncoder.origClOrdIdEncodingOffset(), origClOrdId);
        return HEADER + replaceSent.encodedLength();
    }

    /**
     * Writes the action's symbol and ClOrdIDs: the order's own (the simulator's key; the OrigClOrdID as it is when
     * the venue never took it), the request's, the OrigClOrdID. Refuses (naming the tag) a value that does not fit.
     */
    private void identify(final int symbolAt, final FIXValue symbol, final int orderAt, final int requestAt,
        final String requestClOrdId, final int origAt, final String origClOrdId)
    {
        final String orderClOrdId = reports.orderClOrdId(origClOrdId);
        FixValues.putAscii(actionBuffer, symbolAt, 16, 55, symbol);
        FixValues.putAscii(actionBuffer, orderAt, 32, 41, orderClOrdId == null ? origClOrdId : orderClOrdId);
        FixValues.putAscii(actionBuffer, requestAt, 32, 11, requestClOrdId);
        FixValues.putAscii(actionBuffer, origAt, 32, 41, origClOrdId);
    }

    /** @return true (counted, recorded) when the message is a PossDupFlag resend of a ClOrdID already taken. */
    private boolean resent(final String clOrdId, final FIXMessage message)
    {
        if (possDup(message) && reports.knows(clOrdId))
        {
            possDupsDropped++;
            received.record(clOrdId, message.getMsgSeqNum(), true, "resend-dropped");
            return true;
        }
        return false;
    }

    /** A LIMIT order's Price (44); a MARKET order's reference price in PrevClosePx (140): the simulator fills around it. */
    private static long price(final FIXMessage message, final char type)
    {
        final int priceTag = type == '2' ? 44 : 140;
        final FIXValue priceValue = message.valueOf(priceTag);
        return priceValue == null ? 0 : FixValues.fixed6(priceTag, priceValue);
    }

    private static boolean possDup(final FIXMessage message)
    {
        final FIXValue possDupFlag = message.valueOf(43);
        return possDupFlag != null && possDupFlag.contentEquals('Y');
    }

    private static Side side(final char side)
    {
        return side == '2' ? Side.SELL : side == '1' ? Side.BUY : Side.NULL_VAL;
    }

    private static OrderType orderType(final char type)
    {
        return type == '2' ? OrderType.LIMIT : type == '1' ? OrderType.MARKET : OrderType.NULL_VAL;
    }

    /** TimeInForce (59); absent or empty is DAY (0), as FIX defines it. */
    private static TimeInForce timeInForce(final FIXMessage message)
    {
        final FIXValue tif = message.valueOf(59);
        switch (tif == null || tif.length() == 0 ? '0' : tif.charAt(0))
        {
            case '0':
                return TimeInForce.DAY;
            case '1':
                return TimeInForce.GTC;
            case '3':
                return TimeInForce.IOC;
            case '4':
                return TimeInForce.FOK;
            default:
                return TimeInForce.NULL_VAL;
        }
    }
}

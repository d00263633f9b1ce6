package io.noctria.codecs;

import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.codecs.sbe.VenueOrderState;

/**
 * The one order life cycle: NEW → SENT → ACKED → PARTIALLY_FILLED → FILLED, or REJECTED, EXPIRED, CANCELED,
 * over the schema's {@link EngineOrderState} (its stable codes are what the journal and the outbox mirror hold).
 * The engine's core decides with this table and the replay's projections fold the journal with it, so both reach
 * the same state from the same reports. {@link #next} answers null for a transition the state does not allow: the
 * caller raises an alert (the engine) or leaves the state as is (a projection, which sees the engine's alert).
 * <p>
 * Deliberate leniencies, since venues differ: a fill, expiry or cancel may arrive on SENT (the venue acknowledged
 * implicitly, as IOC orders often do); a rejection is only legal before the ack. A transient send failure keeps
 * SENT (the same ClOrdID is retried). Terminal states accept nothing. Allocation free.
 * <p>
 * Cancel and replace, as FIX 4.4 defines them: a working order (SENT, ACKED, PARTIALLY_FILLED, REPLACED) goes
 * PENDING_CANCEL or PENDING_REPLACE when the engine sends the request, and stays working there: a partial fill keeps
 * the pending state, a full fill ends it FILLED (a CancelReject TOO_LATE_TO_CANCEL follows and changes nothing), an
 * unsolicited Canceled or Expired ends it. Canceled ends a PENDING_CANCEL; Replaced moves a PENDING_REPLACE to
 * REPLACED (working on the new terms); a CancelReject returns either to the working state its fills imply
 * ({@link #cancelRejectEvent}): PARTIALLY_FILLED when anything is filled, else ACKED (the venue answered about the
 * order, so it knows it). One pending action at a time. A BrokerReject may still end a pending order (the action
 * was sent before the venue answered the order), and a Replaced implies the ack like a fill does.
 */
public final class OrderTransitions
{
    /** The engine hands the order to the venue (first attempt). */
    public static final int ON_SEND = 1;
    /** BrokerAck. */
    public static final int ON_ACK = 2;
    /** A fill that leaves quantity working. */
    public static final int ON_PARTIAL_FILL = 3;
    /** A fill that completes the order's quantity, whatever its fillType says. */
    public static final int ON_FULL_FILL = 4;
    /** BrokerReject (other than DUPLICATE_CLORDID, which changes nothing). */
    public static final int ON_REJECT = 5;
    /** Expired. */
    public static final int ON_EXPIRE = 6;
    /** Canceled. */
    public static final int ON_CANCEL = 7;
    /** SendFailed for the current attempt. */
    public static final int ON_SEND_FAILED = 8;
    /** CancelSent: the engine asks the venue to cancel a working order. */
    public static final int ON_CANCEL_SENT = 9;
    /** ReplaceSent: the engine asks the venue to replace a working order's qty and/or price. */
    public static final int ON_REPLACE_SENT = 10;
    /** Replaced: the venue took the replace. */
    public static final int ON_REPLACED = 11;
    /** CancelReject of a pending cancel or replace, nothing filled. */
    public static final int ON_CANCEL_REJECT_UNFILLED = 12;
    /** CancelReject of a pending cancel or replace, something filled. */
    public static final int ON_CANCEL_REJECT_FILLED = 13;

    private OrderTransitions()
    {
    }

    /** @return the state after {@code event}, or null when {@code state} does not allow it. */
    public static EngineOrderState next(final EngineOrderState state, final int event)
    {
        switch (state)
        {
            case NEW:
                return ON_SEND == event ? EngineOrderState.SENT : null;
            case SENT:
                switch (event)
                {
                    case ON_ACK: return EngineOrderState.ACKED;
                    case ON_REJECT: return EngineOrderState.REJECTED;
                    case ON_SEND_FAILED: return EngineOrderState.SENT;
                    default: return working(event);
                }
            case ACKED:
            case PARTIALLY_FILLED:
            case REPLACED:
                return working(event);
            case PENDING_CANCEL:
            case PENDING_REPLACE:
                switch (event)
                {
                    case ON_PARTIAL_FILL: return state;
                    case ON_FULL_FILL: return EngineOrderState.FILLED;
                    // Asked before the venue answered the order itself: its rejection answers the action too.
                    case ON_REJECT: return EngineOrderState.REJECTED;
                    case ON_EXPIRE: return EngineOrderState.EXPIRED;
                    case ON_CANCEL: return EngineOrderState.CANCELED;
                    case ON_REPLACED: return EngineOrderState.PENDING_REPLACE == state ? EngineOrderState.REPLACED : null;
                    case ON_CANCEL_REJECT_UNFILLED: return EngineOrderState.ACKED;
                    case ON_CANCEL_REJECT_FILLED: return EngineOrderState.PARTIALLY_FILLED;
                    default: return null;
                }
            default:
                return null;
        }
    }

    /** The events every working state (SENT, ACKED, PARTIALLY_FILLED, REPLACED) takes alike. */
    private static EngineOrderState working(final int event)
    {
        switch (event)
        {
            case ON_PARTIAL_FILL: return EngineOrderState.PARTIALLY_FILLED;
            case ON_FULL_FILL: return EngineOrderState.FILLED;
            case ON_EXPIRE: return EngineOrderState.EXPIRED;
            case ON_CANCEL: return EngineOrderState.CANCELED;
            case ON_CANCEL_SENT: return EngineOrderState.PENDING_CANCEL;
            case ON_REPLACE_SENT: return EngineOrderState.PENDING_REPLACE;
            default: return null;
        }
    }

    /** @return the event of a CancelReject on an order with {@code cumQty} filled. */
    public static int cancelRejectEvent(final long cumQty)
    {
        return cumQty > 0 ? ON_CANCEL_REJECT_FILLED : ON_CANCEL_REJECT_UNFILLED;
    }

    /** @return true when a Replaced to {@code qty} at {@code price} can apply to an order with {@code cumQty} filled. */
    public static boolean replaceFits(final long qty, final long price, final long cumQty)
    {
        return qty > cumQty && price > 0;
    }

    /** @return true while a cancel or replace of the order is out (one at a time). */
    public static boolean isPending(final EngineOrderState state)
    {
        return state == EngineOrderState.PENDING_CANCEL || state == EngineOrderState.PENDING_REPLACE;
    }

    /** @return the fill event of a fill of {@code fillQty} on an order with {@code leavesQty} unfilled. */
    public static int fillEvent(final long fillQty, final long leavesQty)
    {
        return fillQty == leavesQty ? ON_FULL_FILL : ON_PARTIAL_FILL;
    }

    /**
     * Whether a fill is booked (position, P&amp;L, the order's filled quantity): while the order may take it, or
     * after a CANCELED or EXPIRED it raced at the venue; never with bad numbers or beyond the unfilled quantity.
     * A fill on any other closed order (FILLED, REJECTED) or before the send changes nothing.
     *
     * @param state     the order's state before the fill.
     * @param fillQty   the fill's quantity (fixed point).
     * @param fillPrice the fill's price (fixed point).
     * @param leavesQty the order's unfilled quantity before the fill.
     */
    public static boolean booksFill(final EngineOrderState state, final long fillQty, final long fillPrice,
        final long leavesQty)
    {
        if (fillQty <= 0 || fillPrice <= 0 || fillQty > leavesQty)
        {
            return false;
        }
        return racedTheEnd(state) || null != next(state, fillEvent(fillQty, leavesQty));
    }

    /** @return true when a fill in {@code state} raced the order's end at the venue: booked, state kept. */
    public static boolean racedTheEnd(final EngineOrderState state)
    {
        return EngineOrderState.CANCELED == state || EngineOrderState.EXPIRED == state;
    }

    /**
     * @return true when a BrokerAck in {@code state} is the late ack of an order a fill or its end already implied
     * acknowledged: legal once, changes no state.
     */
    public static boolean impliedAck(final EngineOrderState state)
    {
        return EngineOrderState.PARTIALLY_FILLED == state || EngineOrderState.FILLED == state || racedTheEnd(state) ||
            isPending(state) || EngineOrderState.REPLACED == state;
    }

    /**
     * @return the state after the engine gives up sending: still SENT when the last error was a timeout (the venue
     * may hold the order: in doubt until reconciled), otherwise REJECTED locally (it never reached the venue).
     */
    public static EngineOrderState afterGivingUp(final boolean timedOut)
    {
        return timedOut ? EngineOrderState.SENT : EngineOrderState.REJECTED;
    }

    /** @return true when no report can change the state any more. */
    public static boolean isTerminal(final EngineOrderState state)
    {
        return state == EngineOrderState.FILLED || state == EngineOrderState.REJECTED ||
            state == EngineOrderState.EXPIRED || state == EngineOrderState.CANCELED;
    }

    /** @return true when the venue will send no further report for an order in {@code state} (FIX OrdStatus). */
    public static boolean isTerminal(final VenueOrderState state)
    {
        return state == VenueOrderState.FILLED || state == VenueOrderState.REJECTED ||
            state == VenueOrderState.EXPIRED || state == VenueOrderState.CANCELED;
    }

    /** @return true while the order may still fill: its leaves count as open exposure (pending actions too). */
    public static boolean isWorking(final EngineOrderState state)
    {
        return state == EngineOrderState.SENT || state == EngineOrderState.ACKED ||
            state == EngineOrderState.PARTIALLY_FILLED || state == EngineOrderState.REPLACED || isPending(state);
    }

    /** @return the event's name for alerts; constants only. */
    public static String eventName(final int event)
    {
        switch (event)
        {
            case ON_SEND: return "send";
            case ON_ACK: return "BrokerAck";
            case ON_PARTIAL_FILL: return "partial Fill";
            case ON_FULL_FILL: return "full Fill";
            case ON_REJECT: return "BrokerReject";
            case ON_EXPIRE: return "Expired";
            case ON_CANCEL: return "Canceled";
            case ON_SEND_FAILED: return "SendFailed";
            case ON_CANCEL_SENT: return "CancelSent";
            case ON_REPLACE_SENT: return "ReplaceSent";
            case ON_REPLACED: return "Replaced";
            case ON_CANCEL_REJECT_UNFILLED:
            case ON_CANCEL_REJECT_FILLED: return "CancelReject";
            default: return "unknown event";
        }
    }
}

package io.noctria.engine.core;

/**
 * The order life cycle: NEW → SENT → ACKED → PARTIALLY_FILLED → FILLED, or REJECTED, EXPIRED,
 * CANCELED. A pure transition table over byte states so outbox entries hold their state in a
 * primitive array; {@link #ILLEGAL} tells the caller to raise an alert and leave the state as is.
 * <p>
 * Deliberate leniencies, since venues differ: a fill, expiry or cancel may arrive on SENT (the
 * venue acknowledged implicitly, as IOC orders often do); a rejection is only legal before the
 * ack. A transient send failure keeps SENT (the same ClOrdID is retried). Terminal states accept
 * nothing.
 */
final class OrderStateMachine
{
    static final byte NEW = 1;
    static final byte SENT = 2;
    static final byte ACKED = 3;
    static final byte PARTIALLY_FILLED = 4;
    static final byte FILLED = 5;
    static final byte REJECTED = 6;
    static final byte EXPIRED = 7;
    static final byte CANCELED = 8;
    /** Result of a transition that the state does not allow. */
    static final byte ILLEGAL = -1;

    static final int ON_SEND = 1;
    static final int ON_ACK = 2;
    static final int ON_PARTIAL_FILL = 3;
    static final int ON_FULL_FILL = 4;
    static final int ON_REJECT = 5;
    static final int ON_EXPIRE = 6;
    static final int ON_CANCEL = 7;
    static final int ON_SEND_FAILED = 8;

    private OrderStateMachine()
    {
    }

    /** @return the state after {@code event}, or {@link #ILLEGAL}. */
    static byte next(final byte state, final int event)
    {
        switch (state)
        {
            case NEW:
                return ON_SEND == event ? SENT : ILLEGAL;
            case SENT:
                switch (event)
                {
                    case ON_ACK: return ACKED;
                    case ON_PARTIAL_FILL: return PARTIALLY_FILLED;
                    case ON_FULL_FILL: return FILLED;
                    case ON_REJECT: return REJECTED;
                    case ON_EXPIRE: return EXPIRED;
                    case ON_CANCEL: return CANCELED;
                    case ON_SEND_FAILED: return SENT;
                    default: return ILLEGAL;
                }
            case ACKED:
            case PARTIALLY_FILLED:
                switch (event)
                {
                    case ON_PARTIAL_FILL: return PARTIALLY_FILLED;
                    case ON_FULL_FILL: return FILLED;
                    case ON_EXPIRE: return EXPIRED;
                    case ON_CANCEL: return CANCELED;
                    default: return ILLEGAL;
                }
            default:
                return ILLEGAL;
        }
    }

    /** @return true when no report can change the state any more. */
    static boolean isTerminal(final byte state)
    {
        return state == FILLED || state == REJECTED || state == EXPIRED || state == CANCELED;
    }

    /** @return true while the order may still fill: its leaves count as open exposure. */
    static boolean isWorking(final byte state)
    {
        return state == SENT || state == ACKED || state == PARTIALLY_FILLED;
    }

    /** @return the state's name for alerts; constants only. */
    static String stateName(final byte state)
    {
        switch (state)
        {
            case NEW: return "NEW";
            case SENT: return "SENT";
            case ACKED: return "ACKED";
            case PARTIALLY_FILLED: return "PARTIALLY_FILLED";
            case FILLED: return "FILLED";
            case REJECTED: return "REJECTED";
            case EXPIRED: return "EXPIRED";
            case CANCELED: return "CANCELED";
            default: return "UNKNOWN";
        }
    }

    /** @return the event's name for alerts; constants only. */
    static String eventName(final int event)
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
            default: return "unknown event";
        }
    }
}

package io.noctria.replay;

/**
 * Life-cycle state of an outbox entry, as the journal shows it.
 * <p>
 * States only move forward: a late or repeated report never takes an order back (an ack after a fill leaves
 * it filled), and the terminal states never change once reached — except by reconciliation after a restart
 * ({@code OrderReconciled}), whose state is the engine's own and overrides the projection's.
 */
public enum OrderState
{
    /** OutboxRecorded: passed every gate, not yet handed to the broker. */
    RECORDED(false),
    /** OrderSent journaled (attempt 1 or a retry); no broker answer yet. */
    SENT(false),
    /** BrokerAck received. */
    ACKED(false),
    /** At least one PARTIAL fill, not yet complete. */
    PARTIALLY_FILLED(false),
    /** A FULL fill: the order is complete. */
    FILLED(true),
    /** BrokerReject. */
    REJECTED(true),
    /** Expired at the broker (time in force ran out), possibly after partial fills. */
    EXPIRED(true),
    /** Canceled at the broker, possibly after partial fills. */
    CANCELED(true),
    /**
     * A SendFailed marked finalAttempt: the engine gave up handing the order to the broker. Not in the
     * platform's broker life cycle, which starts at the broker; without it such an order would look SENT forever.
     */
    FAILED(true);

    private final boolean terminal;

    OrderState(final boolean terminal)
    {
        this.terminal = terminal;
    }

    /**
     * @return the projection's name for the engine's life-cycle state (journaled in {@code OrderReconciled});
     * {@code otherwise} for a value this version does not know.
     */
    public static OrderState ofEngine(final io.noctria.codecs.sbe.EngineOrderState state, final OrderState otherwise)
    {
        switch (state)
        {
            case NEW: return RECORDED;
            case SENT: return SENT;
            case ACKED: return ACKED;
            case PARTIALLY_FILLED: return PARTIALLY_FILLED;
            case FILLED: return FILLED;
            case REJECTED: return REJECTED;
            case EXPIRED: return EXPIRED;
            case CANCELED: return CANCELED;
            default: return otherwise;
        }
    }

    /** @return true when no further report changes the state. */
    public boolean isTerminal()
    {
        return terminal;
    }
}

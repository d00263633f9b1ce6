package io.noctria.replay;

import io.noctria.codecs.OrderTransitions;
import io.noctria.codecs.sbe.EngineOrderState;

/**
 * How an order request ended: at a gate inside the engine, or in one of the terminal states of the one order life
 * cycle ({@link OrderTransitions}), named as the engine names them ({@link #orderState()}).
 */
public enum FinalState
{
    /** Refused before any gate (InputRejected). */
    INPUT_REJECTED(null),
    /** Suppressed as a repeat of an idempotency key already in the outbox (DuplicateSuppressed). */
    DUPLICATE(null),
    /** The quality gate made it FLAT (QualityDecision FLAT). */
    QUALITY_FLAT(null),
    /** The risk gate rejected it (RiskDecision REJECT). */
    RISK_REJECTED(null),
    /** Completely filled (Fill FULL). */
    FILLED(EngineOrderState.FILLED),
    /** Rejected by the broker (BrokerReject), or locally when the engine gave up sending it without a timeout. */
    REJECTED(EngineOrderState.REJECTED),
    /** Expired at the broker. */
    EXPIRED(EngineOrderState.EXPIRED),
    /** Canceled at the broker. */
    CANCELED(EngineOrderState.CANCELED);

    private static final FinalState[] VALUES = values();

    private final EngineOrderState orderState;

    FinalState(final EngineOrderState orderState)
    {
        this.orderState = orderState;
    }

    /** @return the engine's terminal order state this is, or null for a refusal at a gate or at the input. */
    public EngineOrderState orderState()
    {
        return orderState;
    }

    /** @return the final state of an order that reached {@code state}, or null when it is not terminal. */
    public static FinalState of(final EngineOrderState state)
    {
        for (final FinalState finalState : VALUES)
        {
            if (finalState.orderState == state && state != null)
            {
                return finalState;
            }
        }
        return null;
    }
}

package io.noctria.replay;

/**
 * How an order request ended: at a gate inside the engine, or at the broker.
 */
public enum FinalState
{
    /** Refused before any gate (InputRejected). */
    INPUT_REJECTED,
    /** Suppressed as a repeat of an idempotency key already in the outbox (DuplicateSuppressed). */
    DUPLICATE,
    /** The quality gate made it FLAT (QualityDecision FLAT). */
    QUALITY_FLAT,
    /** The risk gate rejected it (RiskDecision REJECT). */
    RISK_REJECTED,
    /** Completely filled (Fill FULL). */
    FILLED,
    /** Rejected by the broker (BrokerReject). */
    REJECTED,
    /** Expired at the broker. */
    EXPIRED,
    /** Canceled at the broker. */
    CANCELED,
    /** The engine gave up sending it (SendFailed with finalAttempt). */
    FAILED
}

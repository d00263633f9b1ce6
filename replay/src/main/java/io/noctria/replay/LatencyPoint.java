package io.noctria.replay;

/**
 * The stamped points of an order request's life that the {@link LatencyStage}s run between (see there for which
 * event gives each).
 */
public enum LatencyPoint
{
    /** OrderRequest.ingressNs. */
    INGRESS,
    /** The decision at the gates. */
    DECISION,
    /** The first OrderSent. */
    SENT,
    /** The first BrokerAck. */
    ACK,
    /** The first Fill. */
    FILL,
    /** The event that gave the request its {@link FinalState}. */
    FINAL
}

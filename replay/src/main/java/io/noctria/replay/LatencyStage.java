package io.noctria.replay;

import java.util.Locale;

/**
 * The measured stages of an order request, from the stage timestamps journaled with the events.
 * <p>
 * The "decision" is the event that settled the request at the gates: the RiskDecision, or, for a request
 * that never reached the risk gate, the QualityDecision FLAT, DuplicateSuppressed or InputRejected that
 * stopped it. "Sent" is the first OrderSent; "ack" the first BrokerAck; "fill" the first Fill; "final" the
 * event that gave the request its {@link FinalState}. Measured from the first send, so a retry's back-off
 * shows in {@link #SENT_TO_ACK}, and ingress→decision + decision→sent + sent→ack + ack→fill add up to
 * ingress→first fill.
 */
public enum LatencyStage
{
    /** OrderRequest.ingressNs to the decision's tsNs. */
    INGRESS_TO_DECISION(LatencyPoint.INGRESS, LatencyPoint.DECISION),
    /** Decision to the first OrderSent. */
    DECISION_TO_SENT(LatencyPoint.DECISION, LatencyPoint.SENT),
    /** OrderRequest.ingressNs to the first OrderSent: the engine's order latency. */
    INGRESS_TO_SENT(LatencyPoint.INGRESS, LatencyPoint.SENT),
    /** First OrderSent to the first BrokerAck. */
    SENT_TO_ACK(LatencyPoint.SENT, LatencyPoint.ACK),
    /** First BrokerAck to the first Fill. */
    ACK_TO_FILL(LatencyPoint.ACK, LatencyPoint.FILL),
    /** OrderRequest.ingressNs to the event that gave the request its final state. */
    INGRESS_TO_FINAL(LatencyPoint.INGRESS, LatencyPoint.FINAL);

    /** The point the stage starts at. */
    final LatencyPoint from;
    /** The point the stage ends at: it is measured when the request reaches it. */
    final LatencyPoint to;
    private final String jsonName;

    LatencyStage(final LatencyPoint from, final LatencyPoint to)
    {
        this.from = from;
        this.to = to;
        // The report files name a stage as the constant does, in lower case: ingress_to_sent.
        this.jsonName = name().toLowerCase(Locale.ROOT);
    }

    /** @return the stage's name in the report files, e.g. {@code ingress_to_sent}. */
    public String jsonName()
    {
        return jsonName;
    }
}

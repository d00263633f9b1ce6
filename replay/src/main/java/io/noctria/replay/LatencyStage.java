package io.noctria.replay;

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
    INGRESS_TO_DECISION("ingress_to_decision", LatencyPoint.INGRESS, LatencyPoint.DECISION),
    /** Decision to the first OrderSent. */
    DECISION_TO_SENT("decision_to_sent", LatencyPoint.DECISION, LatencyPoint.SENT),
    /** OrderRequest.ingressNs to the first OrderSent: the engine's order latency. */
    INGRESS_TO_SENT("ingress_to_sent", LatencyPoint.INGRESS, LatencyPoint.SENT),
    /** First OrderSent to the first BrokerAck. */
    SENT_TO_ACK("sent_to_ack", LatencyPoint.SENT, LatencyPoint.ACK),
    /** First BrokerAck to the first Fill. */
    ACK_TO_FILL("ack_to_fill", LatencyPoint.ACK, LatencyPoint.FILL),
    /** OrderRequest.ingressNs to the event that gave the request its final state. */
    INGRESS_TO_FINAL("ingress_to_final", LatencyPoint.INGRESS, LatencyPoint.FINAL);

    private final String jsonName;
    private final LatencyPoint from;
    private final LatencyPoint to;

    LatencyStage(final String jsonName, final LatencyPoint from, final LatencyPoint to)
    {
        this.jsonName = jsonName;
        this.from = from;
        this.to = to;
    }

    /** @return the point the stage starts at. */
    public LatencyPoint from()
    {
        return from;
    }

    /** @return the point the stage ends at: it is measured when the request reaches it. */
    public LatencyPoint to()
    {
        return to;
    }

    /** @return the stage's name in the report files, e.g. {@code ingress_to_sent}. */
    public String jsonName()
    {
        return jsonName;
    }
}

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
    INGRESS_TO_DECISION("ingress_to_decision"),
    /** Decision to the first OrderSent. */
    DECISION_TO_SENT("decision_to_sent"),
    /** OrderRequest.ingressNs to the first OrderSent: the engine's order latency. */
    INGRESS_TO_SENT("ingress_to_sent"),
    /** First OrderSent to the first BrokerAck. */
    SENT_TO_ACK("sent_to_ack"),
    /** First BrokerAck to the first Fill. */
    ACK_TO_FILL("ack_to_fill"),
    /** OrderRequest.ingressNs to the event that gave the request its final state. */
    INGRESS_TO_FINAL("ingress_to_final");

    private final String jsonName;

    LatencyStage(final String jsonName)
    {
        this.jsonName = jsonName;
    }

    /** @return the stage's name in the report files, e.g. {@code ingress_to_sent}. */
    public String jsonName()
    {
        return jsonName;
    }
}

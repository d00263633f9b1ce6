package io.noctria.replay;

/**
 * The stage timestamps of one order request (one row of {@code obs_trace_latency}), taken from the events
 * the engine journaled for it, never from a reader's clock. Read-only to callers; {@link TraceLatency}
 * fills it in as events arrive.
 * <p>
 * Times are epoch nanoseconds, {@link #NOT_REACHED} until the stage happens.
 */
public final class RequestLatency
{
    /** A stage time (or duration) not reached (yet, or ever: a rejected request has no send). */
    public static final long NOT_REACHED = Long.MIN_VALUE;

    private final long inputIndex;
    private final long inboundIndex;
    private final String traceId;
    private final long ingressNs;
    private Hash32Key key;
    private boolean registered;
    private long decisionNs = NOT_REACHED;
    private long sentNs = NOT_REACHED;
    private long ackNs = NOT_REACHED;
    private long fillNs = NOT_REACHED;
    private long finalNs = NOT_REACHED;
    private FinalState finalState;

    RequestLatency(final long inputIndex, final long inboundIndex, final String traceId, final long ingressNs)
    {
        this.inputIndex = inputIndex;
        this.inboundIndex = inboundIndex;
        this.traceId = traceId;
        this.ingressNs = ingressNs;
    }

    /** @return journal index of the OrderRequest. */
    public long inputIndex()
    {
        return inputIndex;
    }

    /** @return the request's trace id. */
    public String traceId()
    {
        return traceId;
    }

    /**
     * @return the idempotency key (lowercase hex) from the engine's first event carrying it, or null (a request
     * refused at ingress has none). Allocates: for reports.
     */
    public String idempotencyKey()
    {
        return key == null ? null : key.hex();
    }

    /** @return OrderRequest.ingressNs. */
    public long ingressNs()
    {
        return ingressNs;
    }

    /** @return tsNs of the decision (see {@link LatencyStage}), or {@link #NOT_REACHED}. */
    public long decisionNs()
    {
        return decisionNs;
    }

    /** @return tsNs of the first OrderSent, or {@link #NOT_REACHED}. */
    public long sentNs()
    {
        return sentNs;
    }

    /** @return tsNs of the first BrokerAck, or {@link #NOT_REACHED}. */
    public long ackNs()
    {
        return ackNs;
    }

    /** @return tsNs of the first Fill, or {@link #NOT_REACHED}. */
    public long fillNs()
    {
        return fillNs;
    }

    /** @return tsNs of the event that ended the request, or {@link #NOT_REACHED} while it is open. */
    public long finalNs()
    {
        return finalNs;
    }

    /** @return how the request ended, or null while it is open. */
    public FinalState finalState()
    {
        return finalState;
    }

    /**
     * @return the stage's duration in nanoseconds, exact (negative if the two stamps came from clocks that
     * disagree), or {@link #NOT_REACHED} when either end is missing.
     */
    public long durationNs(final LatencyStage stage)
    {
        switch (stage)
        {
            case INGRESS_TO_DECISION: return between(ingressNs, decisionNs);
            case DECISION_TO_SENT: return between(decisionNs, sentNs);
            case INGRESS_TO_SENT: return between(ingressNs, sentNs);
            case SENT_TO_ACK: return between(sentNs, ackNs);
            case ACK_TO_FILL: return between(ackNs, fillNs);
            case INGRESS_TO_FINAL: return between(ingressNs, finalNs);
            default: throw new IllegalArgumentException("unknown stage " + stage);
        }
    }

    @Override
    public String toString()
    {
        return "RequestLatency{input=" + inputIndex + ", trace=" + traceId + ", " + finalState + "}";
    }

    long inboundIndex()
    {
        return inboundIndex;
    }

    Hash32Key key()
    {
        return key;
    }

    void key(final Hash32Key key)
    {
        this.key = key;
    }

    /** @return true once broker reports can find this request by its key. */
    boolean registered()
    {
        return registered;
    }

    void registered(final boolean registered)
    {
        this.registered = registered;
    }

    boolean decided()
    {
        return decisionNs != NOT_REACHED;
    }

    void decisionNs(final long tsNs)
    {
        decisionNs = tsNs;
    }

    void sentNs(final long tsNs)
    {
        sentNs = tsNs;
    }

    void ackNs(final long tsNs)
    {
        ackNs = tsNs;
    }

    void fillNs(final long tsNs)
    {
        fillNs = tsNs;
    }

    void finish(final long tsNs, final FinalState state)
    {
        finalNs = tsNs;
        finalState = state;
    }

    private static long between(final long startNs, final long endNs)
    {
        return startNs == NOT_REACHED || endNs == NOT_REACHED ? NOT_REACHED : endNs - startNs;
    }
}

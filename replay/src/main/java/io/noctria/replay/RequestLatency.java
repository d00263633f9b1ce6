package io.noctria.replay;

import io.noctria.engine.core.Hash32Key;
import java.util.Arrays;

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

    private static final int POINTS = LatencyPoint.values().length;

    private final long inputIndex;
    private final long inboundIndex;
    private final String traceId;
    private final long[] pointNs = new long[POINTS];
    private Hash32Key key;
    private boolean registered;
    private FinalState finalState;

    RequestLatency(final long inputIndex, final long inboundIndex, final String traceId, final long ingressNs)
    {
        this.inputIndex = inputIndex;
        this.inboundIndex = inboundIndex;
        this.traceId = traceId;
        Arrays.fill(pointNs, NOT_REACHED);
        pointNs[LatencyPoint.INGRESS.ordinal()] = ingressNs;
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
        return pointNs(LatencyPoint.INGRESS);
    }

    /** @return tsNs of the point (see {@link LatencyStage}), or {@link #NOT_REACHED}. */
    public long pointNs(final LatencyPoint point)
    {
        return pointNs[point.ordinal()];
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
        return between(pointNs(stage.from), pointNs(stage.to));
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

    /**
     * Stamps a point the first time the request reaches it; later stamps of the same point are ignored.
     *
     * @return true when this reached the point (its stages can be measured now).
     */
    boolean reach(final LatencyPoint point, final long tsNs)
    {
        if (pointNs[point.ordinal()] != NOT_REACHED)
        {
            return false;
        }
        pointNs[point.ordinal()] = tsNs;
        return true;
    }

    void finalState(final FinalState state)
    {
        finalState = state;
    }

    private static long between(final long startNs, final long endNs)
    {
        return startNs == NOT_REACHED || endNs == NOT_REACHED ? NOT_REACHED : endNs - startNs;
    }
}

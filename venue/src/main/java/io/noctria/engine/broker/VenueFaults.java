package io.noctria.engine.broker;

/**
 * Faults the simulated venue injects (issue 6, "broker faults"), the same for the embedded venue and
 * {@code noctria broker-sim}: every draw comes from the order's own seeded stream, the disconnect window
 * from the venue's arrival count, so a run repeats exactly. All off ({@link #NONE}) by default, and when off
 * no extra random number is drawn: the venue's report stream is byte for byte the one without this class.
 *
 * @param timeoutProbability        the venue does not answer in time: a SendFailed TIMEOUT {@code timeoutNs} after
 *                                  arrival (what a gateway's request timer reports); nothing recorded.
 * @param timeoutNs                 the request timeout, venue ns.
 * @param errorResponseProbability  an explicit error response: SendFailed SERVER_ERROR at the ack latency; nothing recorded.
 * @param disconnectAtOrder         venue arrival number (1-based, retries and duplicates count) at which the link
 *                                  drops; 0 = never.
 * @param disconnectOrders          how many arrivals from there fail at once with SendFailed DISCONNECTED.
 * @param slowAckProbability        the first answer (ack, reject or error) comes {@code slowAckNs} late.
 * @param slowAckNs                 extra latency of a slow answer, venue ns.
 * @param fillBeforeAckProbability  an accepted order's first fill is delivered before its ack (which follows it).
 * @param cancelProbability         the venue cancels an accepted order itself, {@code cancelLatencyNs} after the ack.
 * @param fillAfterCancelProbability a canceled order with something left gets one more fill (its leaves) a fill
 *                                  interval after its Canceled: a fill that raced the cancel.
 */
public record VenueFaults(
    double timeoutProbability,
    long timeoutNs,
    double errorResponseProbability,
    long disconnectAtOrder,
    int disconnectOrders,
    double slowAckProbability,
    long slowAckNs,
    double fillBeforeAckProbability,
    double cancelProbability,
    double fillAfterCancelProbability)
{
    /** No faults. */
    public static final VenueFaults NONE = new VenueFaults(0, 5_000_000L, 0, 0, 0, 0, 50_000_000L, 0, 0, 0);

    /** Validates every knob; the message names the knob, the bad value and what is allowed. */
    public VenueFaults
    {
        probability("timeoutProbability", timeoutProbability);
        probability("errorResponseProbability", errorResponseProbability);
        probability("slowAckProbability", slowAckProbability);
        probability("fillBeforeAckProbability", fillBeforeAckProbability);
        probability("cancelProbability", cancelProbability);
        probability("fillAfterCancelProbability", fillAfterCancelProbability);
        latency("timeoutNs", timeoutNs);
        latency("slowAckNs", slowAckNs);
        if (disconnectAtOrder < 0 || disconnectOrders < 0)
        {
            throw new IllegalArgumentException("disconnectAtOrder=" + disconnectAtOrder + ", disconnectOrders=" +
                disconnectOrders + " must be >= 0");
        }
    }

    /** @return true when arrival number {@code arrival} falls in the disconnect window. */
    boolean disconnected(final long arrival)
    {
        return disconnectAtOrder > 0 && arrival >= disconnectAtOrder && arrival - disconnectAtOrder < disconnectOrders;
    }

    private static void probability(final String name, final double value)
    {
        if (!(value >= 0.0 && value <= 1.0))
        {
            throw new IllegalArgumentException(name + "=" + value + " must be a probability in [0, 1]");
        }
    }

    private static void latency(final String name, final long valueNs)
    {
        if (valueNs < 0 || valueNs > SimulatedBrokerSettings.MAX_LATENCY_NS)
        {
            throw new IllegalArgumentException(name + "=" + valueNs + " must be in [0, " +
                SimulatedBrokerSettings.MAX_LATENCY_NS + "] nanoseconds");
        }
    }
}

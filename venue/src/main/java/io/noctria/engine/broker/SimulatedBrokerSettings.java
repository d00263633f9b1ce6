package io.noctria.engine.broker;

/**
 * The knobs of the {@link SimulatedBroker}, validated on construction.
 * <p>
 * Probabilities are plain ratios in [0, 1] (converted once to parts per million); latencies are
 * nanoseconds of simulated venue time. Each probability applies to the orders that reach its
 * stage, in this order: transient error (of every send), rejection (of sends the venue took),
 * expiry (of accepted IOC, FOK and DAY orders), partial filling (of accepted orders that do not
 * expire; FOK orders always fill at once), maker liquidity (of fills of resting LIMIT DAY/GTC orders).
 *
 * @param seed                      seeds every random draw; same seed and same calls give the same reports.
 * @param ackLatencyNs              venue arrival to acknowledgement, rejection or transient error.
 * @param ackJitterNs               extra latency drawn uniformly from [0, ackJitterNs] per order.
 * @param fillIntervalNs            acknowledgement to first fill, between fills, and last fill to expiry.
 * @param cancelLatencyNs           cancel request to the cancel taking effect at the venue.
 * @param rejectProbability         the venue rejects the order (INSUFFICIENT_LIQUIDITY) instead of acknowledging it.
 * @param partialFillProbability    the order fills in 2 to 4 partial fills rather than one full fill.
 * @param expireProbability         an IOC/DAY order expires after 1 to 3 partial fills; a FOK order unfilled.
 * @param transientErrorProbability the hand-off fails (TIMEOUT, SERVER_ERROR or THROTTLED) and the
 *                                  venue never records the order, so a retry with the same ClOrdID is accepted.
 * @param makerProbability          a fill of a resting LIMIT order adds liquidity; all other fills take it.
 * @param maxSlippageBps            fills are priced up to this many basis points worse than the order price.
 * @param expectedOrders            initial room for distinct ClOrdIDs remembered; grows (allocating) beyond.
 * @param inFlightCapacity          initial room for orders with reports still to come; grows (allocating) beyond.
 * @param faults                    injected venue faults ({@link VenueFaults#NONE} by default).
 */
public record SimulatedBrokerSettings(
    long seed,
    long ackLatencyNs,
    long ackJitterNs,
    long fillIntervalNs,
    long cancelLatencyNs,
    double rejectProbability,
    double partialFillProbability,
    double expireProbability,
    double transientErrorProbability,
    double makerProbability,
    int maxSlippageBps,
    int expectedOrders,
    int inFlightCapacity,
    VenueFaults faults)
{
    /** Default seed. */
    public static final long DEFAULT_SEED = 7101L;
    /** Default venue arrival to acknowledgement: 200 µs. */
    public static final long DEFAULT_ACK_LATENCY_NS = 200_000L;
    /** Default acknowledgement jitter: up to 100 µs more. */
    public static final long DEFAULT_ACK_JITTER_NS = 100_000L;
    /** Default spacing of fills: 300 µs. */
    public static final long DEFAULT_FILL_INTERVAL_NS = 300_000L;
    /** Default cancel latency: 100 µs. */
    public static final long DEFAULT_CANCEL_LATENCY_NS = 100_000L;
    /** Default rejection probability: 1 %. */
    public static final double DEFAULT_REJECT_PROBABILITY = 0.01;
    /** Default partial-fill probability: 20 %. */
    public static final double DEFAULT_PARTIAL_FILL_PROBABILITY = 0.20;
    /** Default expiry probability for IOC/FOK/DAY orders: 5 %. */
    public static final double DEFAULT_EXPIRE_PROBABILITY = 0.05;
    /** Default transient-error probability: 0.5 %, inside the platform's 1 % error budget. */
    public static final double DEFAULT_TRANSIENT_ERROR_PROBABILITY = 0.005;
    /** Default maker share of resting LIMIT fills: 30 %. */
    public static final double DEFAULT_MAKER_PROBABILITY = 0.30;
    /** Default worst slippage: 5 bps (0.05 %), well inside the platform's 0.30 % p90 target. */
    public static final int DEFAULT_MAX_SLIPPAGE_BPS = 5;
    /** Default initial ClOrdID memory. */
    public static final int DEFAULT_EXPECTED_ORDERS = 1 << 16;
    /** Default initial in-flight room. */
    public static final int DEFAULT_IN_FLIGHT_CAPACITY = 1 << 12;

    /** Basis points are capped below 100 % so that a sell never fills at or below zero. */
    public static final int MAX_SLIPPAGE_BPS_LIMIT = 9_999;
    /** Longest latency accepted: one day, so due times cannot overflow. */
    public static final long MAX_LATENCY_NS = 86_400_000_000_000L;
    /** Largest initial capacity accepted; arrays are indexed by int. */
    public static final int MAX_CAPACITY = 1 << 24;

    /** Validates every knob; the message names the knob, the bad value and what is allowed. */
    public SimulatedBrokerSettings
    {
        requireLatency("ackLatencyNs", ackLatencyNs);
        requireLatency("ackJitterNs", ackJitterNs);
        requireLatency("fillIntervalNs", fillIntervalNs);
        requireLatency("cancelLatencyNs", cancelLatencyNs);
        requireProbability("rejectProbability", rejectProbability);
        requireProbability("partialFillProbability", partialFillProbability);
        requireProbability("expireProbability", expireProbability);
        requireProbability("transientErrorProbability", transientErrorProbability);
        requireProbability("makerProbability", makerProbability);
        if (maxSlippageBps < 0 || maxSlippageBps > MAX_SLIPPAGE_BPS_LIMIT)
        {
            throw new IllegalArgumentException("maxSlippageBps=" + maxSlippageBps + " must be in [0, " +
                MAX_SLIPPAGE_BPS_LIMIT + "]");
        }
        requireCapacity("expectedOrders", expectedOrders);
        requireCapacity("inFlightCapacity", inFlightCapacity);
        if (null == faults)
        {
            throw new IllegalArgumentException("faults is required (VenueFaults.NONE for none)");
        }
    }

    /** The knobs without injected faults. */
    public SimulatedBrokerSettings(
        final long seed,
        final long ackLatencyNs,
        final long ackJitterNs,
        final long fillIntervalNs,
        final long cancelLatencyNs,
        final double rejectProbability,
        final double partialFillProbability,
        final double expireProbability,
        final double transientErrorProbability,
        final double makerProbability,
        final int maxSlippageBps,
        final int expectedOrders,
        final int inFlightCapacity)
    {
        this(seed, ackLatencyNs, ackJitterNs, fillIntervalNs, cancelLatencyNs, rejectProbability, partialFillProbability,
            expireProbability, transientErrorProbability, makerProbability, maxSlippageBps, expectedOrders,
            inFlightCapacity, VenueFaults.NONE);
    }

    /** @return these settings with injected faults. */
    public SimulatedBrokerSettings withFaults(final VenueFaults venueFaults)
    {
        return new SimulatedBrokerSettings(seed, ackLatencyNs, ackJitterNs, fillIntervalNs, cancelLatencyNs,
            rejectProbability, partialFillProbability, expireProbability, transientErrorProbability, makerProbability,
            maxSlippageBps, expectedOrders, inFlightCapacity, venueFaults);
    }

    /** @return the documented defaults with the default seed. */
    public static SimulatedBrokerSettings defaults()
    {
        return new SimulatedBrokerSettings(
            DEFAULT_SEED,
            DEFAULT_ACK_LATENCY_NS,
            DEFAULT_ACK_JITTER_NS,
            DEFAULT_FILL_INTERVAL_NS,
            DEFAULT_CANCEL_LATENCY_NS,
            DEFAULT_REJECT_PROBABILITY,
            DEFAULT_PARTIAL_FILL_PROBABILITY,
            DEFAULT_EXPIRE_PROBABILITY,
            DEFAULT_TRANSIENT_ERROR_PROBABILITY,
            DEFAULT_MAKER_PROBABILITY,
            DEFAULT_MAX_SLIPPAGE_BPS,
            DEFAULT_EXPECTED_ORDERS,
            DEFAULT_IN_FLIGHT_CAPACITY);
    }

    /** @return these settings with another seed (the demo's {@code --seed}). */
    public SimulatedBrokerSettings withSeed(final long seed)
    {
        return new SimulatedBrokerSettings(
            seed,
            ackLatencyNs,
            ackJitterNs,
            fillIntervalNs,
            cancelLatencyNs,
            rejectProbability,
            partialFillProbability,
            expireProbability,
            transientErrorProbability,
            makerProbability,
            maxSlippageBps,
            expectedOrders,
            inFlightCapacity,
            faults);
    }

    private static void requireLatency(final String name, final long valueNs)
    {
        if (valueNs < 0 || valueNs > MAX_LATENCY_NS)
        {
            throw new IllegalArgumentException(name + "=" + valueNs + " must be in [0, " + MAX_LATENCY_NS +
                "] nanoseconds");
        }
    }

    private static void requireProbability(final String name, final double value)
    {
        // The negated form also refuses NaN.
        if (!(value >= 0.0 && value <= 1.0))
        {
            throw new IllegalArgumentException(name + "=" + value + " must be a probability in [0, 1]");
        }
    }

    private static void requireCapacity(final String name, final int value)
    {
        if (value < 1 || value > MAX_CAPACITY)
        {
            throw new IllegalArgumentException(name + "=" + value + " must be in [1, " + MAX_CAPACITY + "]");
        }
    }
}

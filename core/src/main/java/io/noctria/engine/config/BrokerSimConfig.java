package io.noctria.engine.config;

/**
 * Knobs of the embedded simulated broker, from the {@code broker_sim:} section of
 * configs/engine.yml, named like the simulator's own settings so the host maps them one to one.
 * Probabilities are held exactly as parts per million (the file's decimal, e.g. 0.005 → 5_000)
 * and offered as doubles for a random draw; latencies are nanoseconds of venue time; every
 * outcome derives from {@link #seed()} so a run can be repeated. Immutable.
 *
 * @param seed              the seed of every simulated outcome (a CLI {@code --seed} may replace it).
 * @param ackLatencyNs      venue arrival to acknowledgement, rejection or transient error, ns.
 * @param ackJitterNs       extra acknowledgement latency drawn uniformly from [0, this], ns.
 * @param fillIntervalNs    acknowledgement to first fill, between fills and last fill to expiry, ns.
 * @param cancelLatencyNs   cancel request to the cancel taking effect at the venue, ns.
 * @param rejectPpm         probability that the venue rejects an order, ppm.
 * @param partialFillPpm    probability that an order fills in several parts, ppm.
 * @param expirePpm         probability that an IOC/FOK/DAY order expires with quantity left, ppm.
 * @param transientErrorPpm probability that one hand-off fails transiently (SendFailed), ppm.
 * @param makerPpm          share of resting LIMIT fills that add liquidity, ppm.
 * @param maxSlippageBps    the worst slippage of a fill price, basis points of the order price.
 * @param expectedOrders    initial room for distinct ClOrdIDs remembered by the venue.
 * @param inFlightCapacity  initial room for orders with reports still to come.
 * @param faults            the injected venue faults (all off by default).
 */
public record BrokerSimConfig(
    long seed,
    long ackLatencyNs,
    long ackJitterNs,
    long fillIntervalNs,
    long cancelLatencyNs,
    int rejectPpm,
    int partialFillPpm,
    int expirePpm,
    int transientErrorPpm,
    int makerPpm,
    int maxSlippageBps,
    int expectedOrders,
    int inFlightCapacity,
    BrokerFaultsConfig faults)
{
    private static final double PPM = 1_000_000.0;

    /** @return probability that the venue rejects an order, as a ratio. */
    public double rejectProbability()
    {
        return rejectPpm / PPM;
    }

    /** @return probability that an order fills in several parts, as a ratio. */
    public double partialFillProbability()
    {
        return partialFillPpm / PPM;
    }

    /** @return probability that an IOC/FOK/DAY order expires with quantity left, as a ratio. */
    public double expireProbability()
    {
        return expirePpm / PPM;
    }

    /** @return probability that one hand-off fails transiently (SendFailed), as a ratio. */
    public double transientErrorProbability()
    {
        return transientErrorPpm / PPM;
    }

    /** @return share of resting LIMIT fills that add liquidity, as a ratio. */
    public double makerProbability()
    {
        return makerPpm / PPM;
    }

    @Override
    public String toString()
    {
        return "broker_sim {seed: " + seed + ", ack_latency_us: " + ackLatencyNs / 1000 + ", ack_jitter_us: " +
            ackJitterNs / 1000 + ", fill_interval_us: " + fillIntervalNs / 1000 + ", cancel_latency_us: " +
            cancelLatencyNs / 1000 + ", reject_probability: " + SymbolLimits.decimal(rejectPpm) +
            ", partial_fill_probability: " + SymbolLimits.decimal(partialFillPpm) + ", expire_probability: " +
            SymbolLimits.decimal(expirePpm) + ", transient_error_probability: " + SymbolLimits.decimal(transientErrorPpm) +
            ", maker_probability: " + SymbolLimits.decimal(makerPpm) + ", max_slippage_bps: " + maxSlippageBps +
            ", expected_orders: " + expectedOrders + ", in_flight_capacity: " + inFlightCapacity + ", " + faults + "}";
    }
}

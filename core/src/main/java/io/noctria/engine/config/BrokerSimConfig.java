package io.noctria.engine.config;

/**
 * Knobs of the embedded simulated broker, from the {@code broker_sim:} section of
 * configs/engine.yml, named like the simulator's own settings so the host maps them one to one.
 * Probabilities are held exactly as parts per million (the file's decimal, e.g. 0.005 → 5_000)
 * and offered as doubles for a random draw; latencies are nanoseconds of venue time; every
 * outcome derives from {@link #seed()} so a run can be repeated. Immutable.
 */
public final class BrokerSimConfig
{
    private static final double PPM = 1_000_000.0;

    private final long seed;
    private final long ackLatencyNs;
    private final long ackJitterNs;
    private final long fillIntervalNs;
    private final long cancelLatencyNs;
    private final int rejectPpm;
    private final int partialFillPpm;
    private final int expirePpm;
    private final int transientErrorPpm;
    private final int makerPpm;
    private final int maxSlippageBps;
    private final int expectedOrders;
    private final int inFlightCapacity;
    private final BrokerFaultsConfig faults;

    BrokerSimConfig(
        final long seed,
        final long ackLatencyNs,
        final long ackJitterNs,
        final long fillIntervalNs,
        final long cancelLatencyNs,
        final int rejectPpm,
        final int partialFillPpm,
        final int expirePpm,
        final int transientErrorPpm,
        final int makerPpm,
        final int maxSlippageBps,
        final int expectedOrders,
        final int inFlightCapacity,
        final BrokerFaultsConfig faults)
    {
        this.faults = faults;
        this.seed = seed;
        this.ackLatencyNs = ackLatencyNs;
        this.ackJitterNs = ackJitterNs;
        this.fillIntervalNs = fillIntervalNs;
        this.cancelLatencyNs = cancelLatencyNs;
        this.rejectPpm = rejectPpm;
        this.partialFillPpm = partialFillPpm;
        this.expirePpm = expirePpm;
        this.transientErrorPpm = transientErrorPpm;
        this.makerPpm = makerPpm;
        this.maxSlippageBps = maxSlippageBps;
        this.expectedOrders = expectedOrders;
        this.inFlightCapacity = inFlightCapacity;
    }

    /** @return the seed of every simulated outcome (a CLI {@code --seed} may replace it). */
    public long seed()
    {
        return seed;
    }

    /** @return venue arrival to acknowledgement, rejection or transient error, ns. */
    public long ackLatencyNs()
    {
        return ackLatencyNs;
    }

    /** @return extra acknowledgement latency drawn uniformly from [0, this], ns. */
    public long ackJitterNs()
    {
        return ackJitterNs;
    }

    /** @return acknowledgement to first fill, between fills and last fill to expiry, ns. */
    public long fillIntervalNs()
    {
        return fillIntervalNs;
    }

    /** @return cancel request to the cancel taking effect at the venue, ns. */
    public long cancelLatencyNs()
    {
        return cancelLatencyNs;
    }

    /** @return probability that the venue rejects an order, ppm. */
    public int rejectPpm()
    {
        return rejectPpm;
    }

    /** @return probability that the venue rejects an order, as a ratio. */
    public double rejectProbability()
    {
        return rejectPpm / PPM;
    }

    /** @return probability that an order fills in several parts, ppm. */
    public int partialFillPpm()
    {
        return partialFillPpm;
    }

    /** @return probability that an order fills in several parts, as a ratio. */
    public double partialFillProbability()
    {
        return partialFillPpm / PPM;
    }

    /** @return probability that an IOC/FOK/DAY order expires with quantity left, ppm. */
    public int expirePpm()
    {
        return expirePpm;
    }

    /** @return probability that an IOC/FOK/DAY order expires with quantity left, as a ratio. */
    public double expireProbability()
    {
        return expirePpm / PPM;
    }

    /** @return probability that one hand-off fails transiently (SendFailed), ppm. */
    public int transientErrorPpm()
    {
        return transientErrorPpm;
    }

    /** @return probability that one hand-off fails transiently (SendFailed), as a ratio. */
    public double transientErrorProbability()
    {
        return transientErrorPpm / PPM;
    }

    /** @return share of resting LIMIT fills that add liquidity, ppm. */
    public int makerPpm()
    {
        return makerPpm;
    }

    /** @return share of resting LIMIT fills that add liquidity, as a ratio. */
    public double makerProbability()
    {
        return makerPpm / PPM;
    }

    /** @return the worst slippage of a fill price, basis points of the order price. */
    public int maxSlippageBps()
    {
        return maxSlippageBps;
    }

    /** @return initial room for distinct ClOrdIDs remembered by the venue. */
    public int expectedOrders()
    {
        return expectedOrders;
    }

    /** @return initial room for orders with reports still to come. */
    public int inFlightCapacity()
    {
        return inFlightCapacity;
    }

    /** @return the injected venue faults (all off by default). */
    public BrokerFaultsConfig faults()
    {
        return faults;
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

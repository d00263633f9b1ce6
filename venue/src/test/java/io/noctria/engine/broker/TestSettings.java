package io.noctria.engine.broker;

/** Mutable builder of {@link SimulatedBrokerSettings} for tests; starts from a quiet, predictable venue. */
final class TestSettings
{
    long seed = 42;
    long ackLatencyNs = 1_000;
    long ackJitterNs = 0;
    long fillIntervalNs = 500;
    long cancelLatencyNs = 200;
    double rejectProbability = 0;
    double partialFillProbability = 0;
    double expireProbability = 0;
    double transientErrorProbability = 0;
    double makerProbability = 0;
    int maxSlippageBps = 0;
    int expectedOrders = 64;
    int inFlightCapacity = 16;

    static TestSettings quiet()
    {
        return new TestSettings();
    }

    TestSettings seed(final long seed)
    {
        this.seed = seed;
        return this;
    }

    TestSettings reject(final double probability)
    {
        rejectProbability = probability;
        return this;
    }

    TestSettings partial(final double probability)
    {
        partialFillProbability = probability;
        return this;
    }

    TestSettings expire(final double probability)
    {
        expireProbability = probability;
        return this;
    }

    TestSettings error(final double probability)
    {
        transientErrorProbability = probability;
        return this;
    }

    TestSettings maker(final double probability)
    {
        makerProbability = probability;
        return this;
    }

    TestSettings slippageBps(final int bps)
    {
        maxSlippageBps = bps;
        return this;
    }

    TestSettings jitter(final long jitterNs)
    {
        ackJitterNs = jitterNs;
        return this;
    }

    TestSettings latencies(final long ackNs, final long fillIntervalNs, final long cancelNs)
    {
        this.ackLatencyNs = ackNs;
        this.fillIntervalNs = fillIntervalNs;
        this.cancelLatencyNs = cancelNs;
        return this;
    }

    TestSettings capacities(final int expectedOrders, final int inFlightCapacity)
    {
        this.expectedOrders = expectedOrders;
        this.inFlightCapacity = inFlightCapacity;
        return this;
    }

    SimulatedBrokerSettings build()
    {
        return new SimulatedBrokerSettings(seed, ackLatencyNs, ackJitterNs, fillIntervalNs, cancelLatencyNs,
            rejectProbability, partialFillProbability, expireProbability, transientErrorProbability,
            makerProbability, maxSlippageBps, expectedOrders, inFlightCapacity);
    }
}

package io.noctria.engine.broker;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SimulatedBrokerSettingsTest
{
    @Test
    void shouldProvideTheDocumentedDefaults()
    {
        final SimulatedBrokerSettings defaults = SimulatedBrokerSettings.defaults();
        assertEquals(SimulatedBrokerSettings.DEFAULT_SEED, defaults.seed());
        assertEquals(200_000, defaults.ackLatencyNs());
        assertEquals(0.01, defaults.rejectProbability());
        assertEquals(5, defaults.maxSlippageBps());
        final SimulatedBrokerSettings reseeded = defaults.withSeed(5);
        assertEquals(5, reseeded.seed());
        assertEquals(defaults, reseeded.withSeed(SimulatedBrokerSettings.DEFAULT_SEED));
    }

    @Test
    void shouldNameTheKnobAndTheBadValue()
    {
        assertMessage("rejectProbability=1.5 must be a probability in [0, 1]", () -> TestSettings.quiet().reject(1.5).build());
        assertMessage("transientErrorProbability=NaN", () -> TestSettings.quiet().error(Double.NaN).build());
        assertMessage("partialFillProbability=-0.1", () -> TestSettings.quiet().partial(-0.1).build());
        assertMessage("maxSlippageBps=10000 must be in [0, 9999]", () -> TestSettings.quiet().slippageBps(10_000).build());
        assertMessage("ackLatencyNs=-1 must be in [0, ", () -> TestSettings.quiet().latencies(-1, 0, 0).build());
        assertMessage("ackJitterNs=9223372036854775807", () -> TestSettings.quiet().jitter(Long.MAX_VALUE).build());
        assertMessage("expectedOrders=0 must be in [1, ", () -> TestSettings.quiet().capacities(0, 1).build());
        assertMessage("inFlightCapacity=0", () -> TestSettings.quiet().capacities(1, 0).build());
    }

    private static void assertMessage(final String expected, final org.junit.jupiter.api.function.Executable build)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, build);
        assertTrue(ex.getMessage().startsWith(expected), ex.getMessage());
    }
}

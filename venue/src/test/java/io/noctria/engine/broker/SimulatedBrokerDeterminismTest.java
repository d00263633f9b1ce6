package io.noctria.engine.broker;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SimulatedBrokerDeterminismTest
{
    private static final long FLOW_SEED = 20_240_601L;

    private static SimulatedBrokerSettings busyVenue(final long seed)
    {
        return new SimulatedBrokerSettings(seed, 200_000, 100_000, 300_000, 100_000,
            0.05, 0.3, 0.2, 0.05, 0.4, 30, 1 << 10, 1 << 6);
    }

    @Test
    void shouldProduceByteIdenticalReportStreamsForTheSameSeedAndCalls()
    {
        final BrokerScenario scenario = new BrokerScenario(FLOW_SEED, 3_000, 250_000, true);
        final RecordingSink first = scenario.run(busyVenue(7));
        final RecordingSink second = scenario.run(busyVenue(7));

        assertTrue(first.reports().size() > 6_000, "a busy stream: " + first.reports().size());
        assertArrayEquals(first.bytes(), second.bytes());
        long lastBrokerTsNs = Long.MIN_VALUE;
        for (final Report report : first.reports())
        {
            if (!report.is(Report.SEND_FAILED))
            {
                assertTrue(report.brokerTsNs() >= lastBrokerTsNs, "venue time went back at " + report);
                lastBrokerTsNs = report.brokerTsNs();
            }
        }
        for (final int template : new int[] { Report.ACK, Report.FILL, Report.REJECT, Report.EXPIRED,
            Report.CANCELED, Report.SEND_FAILED })
        {
            assertTrue(first.reports().stream().anyMatch(r -> r.is(template)), "stream has template " + template);
        }
    }

    @Test
    void shouldProduceDifferentStreamsForDifferentSeeds()
    {
        final BrokerScenario scenario = new BrokerScenario(FLOW_SEED, 1_000, 250_000, true);
        final RecordingSink seven = scenario.run(busyVenue(7));
        final RecordingSink eight = scenario.run(busyVenue(8));

        assertFalse(java.util.Arrays.equals(seven.bytes(), eight.bytes()));
        final long differentFates = seven.byOrder().entrySet().stream()
            .filter(order -> !order.getValue().equals(eight.byOrder().get(order.getKey())))
            .count();
        assertTrue(differentFates > 500, "most orders fare differently under another seed: " + differentFates);
    }

    @Test
    void shouldGiveEachOrderTheSameReportsWhateverThePollCadence()
    {
        final Map<Long, List<Report>> everyTick =
            new BrokerScenario(FLOW_SEED, 2_000, 1_000, false).run(busyVenue(3)).byOrder();
        final Map<Long, List<Report>> rarely =
            new BrokerScenario(FLOW_SEED, 2_000, 5_000_000, false).run(busyVenue(3)).byOrder();

        // Polls only decide when reports are handed over: contents, venue times and execIds stay put.
        assertEquals(everyTick.keySet(), rarely.keySet());
        for (final Map.Entry<Long, List<Report>> order : everyTick.entrySet())
        {
            assertEquals(order.getValue(), rarely.get(order.getKey()), "order " + order.getKey());
        }
    }
}

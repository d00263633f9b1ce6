package io.noctria.engine.broker;

import io.noctria.codecs.sbe.FillType;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Shared checks of one order's report sequence. */
final class BrokerAssertions
{
    private BrokerAssertions()
    {
    }

    /** Poll at each next due time until nothing is in flight; @return the reports delivered. */
    static int drain(final SimulatedBroker broker)
    {
        int delivered = 0;
        while (broker.inFlight() > 0)
        {
            delivered += broker.poll(broker.nextDueNs());
        }
        return delivered;
    }

    /**
     * Check an accepted order's reports: an ack first, then fills whose cumQty rises and matches
     * their sum with leavesQty = qty - cumQty, and exactly one final report, last; venue times never
     * go back; identity fields are the order's on every report and tsNs is left for the engine.
     *
     * @return the number of fills.
     */
    static int assertCausalLifeCycle(final long orderNumber, final List<Report> reports, final long qty)
    {
        final String where = "order " + orderNumber + " " + reports;
        assertFalse(reports.isEmpty(), where);
        final Report ack = reports.get(0);
        assertTrue(ack.is(Report.ACK), "first report must be the ack: " + where);
        long cumQty = 0;
        long lastBrokerTsNs = Long.MIN_VALUE;
        int fills = 0;
        for (int i = 0; i < reports.size(); i++)
        {
            final Report report = reports.get(i);
            assertEquals(0, report.tsNs(), "tsNs is the engine's to stamp: " + where);
            assertEquals(ack.brokerOrderId(), report.brokerOrderId(), where);
            assertEquals(OrderSentFixture.clOrdId(orderNumber), report.clOrdId(), where);
            assertEquals(OrderSentFixture.traceId(orderNumber), report.traceId(), where);
            assertEquals(orderNumber, report.orderNumber(), where);
            assertTrue(report.brokerTsNs() >= lastBrokerTsNs, "venue time went back: " + where);
            lastBrokerTsNs = report.brokerTsNs();
            final boolean last = i == reports.size() - 1;
            if (i > 0)
            {
                assertTrue(report.is(Report.FILL) || last, "only the last report may end the order: " + where);
            }
            if (report.is(Report.FILL))
            {
                fills++;
                assertTrue(report.fillQty() > 0, where);
                cumQty += report.fillQty();
                assertEquals(cumQty, report.cumQty(), "cumQty is the sum of fills: " + where);
                assertEquals(qty - cumQty, report.leavesQty(), "leavesQty = qty - cumQty: " + where);
                assertEquals(report.leavesQty() == 0 ? FillType.FULL : FillType.PARTIAL, report.fillType(), where);
                assertEquals(report.leavesQty() == 0, last, "a full fill ends the order: " + where);
            }
            else if (report.is(Report.EXPIRED) || report.is(Report.CANCELED))
            {
                assertTrue(last, where);
                assertEquals(cumQty, report.cumQty(), "final report carries cumQty: " + where);
                assertTrue(cumQty < qty, where);
            }
        }
        assertTrue(reports.get(reports.size() - 1).isFinal(), "the order must end: " + where);
        return fills;
    }
}

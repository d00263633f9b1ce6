package io.noctria.engine.broker;

import io.noctria.codecs.sbe.*;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The broker-sim's duty cycle over real queues, in this process: the same reports as the embedded venue,
 * a durable ClOrdID record across restarts, status answers.
 */
class BrokerSimAgentTest
{
    private static final long START_NS = 1_767_693_600_000_000_000L;
    private static final long STEP_NS = 40_000;

    @TempDir
    Path venueDir;

    private final OrderSentFixture fixture = new OrderSentFixture();

    @Test
    void shouldWriteByteForByteTheReportsOfTheEmbeddedVenueForTheSameSeedAndOrders()
    {
        final SimulatedBrokerSettings settings = noisy().seed(20261122).build();
        final int count = 300;

        // The embedded venue hosted as the engine's ingress does: per cycle, read the clock, hand over the orders
        // that arrived, deliver what is due.
        final VenueQueues.BytesSink embedded = new VenueQueues.BytesSink();
        final SimulatedBroker broker = new SimulatedBroker(settings, embedded);
        final VenueQueues.SteppingClock embeddedClock = new VenueQueues.SteppingClock(START_NS, STEP_NS);
        int next = 1;
        for (int cycle = 0; cycle < 10_000 && (next <= count || broker.inFlight() > 0); cycle++)
        {
            final long nowNs = embeddedClock.nanoTime();
            for (int i = 0; i < 64 && next <= count; i++)
            {
                fixture.tsNs(START_NS + next).send(broker, next++);
            }
            broker.poll(nowNs);
        }
        assertEquals(0, broker.inFlight());

        // The same orders through broker-orders to the broker-sim, driven by a clock with the same readings.
        appendOrders(1, count);
        try (BrokerSimAgent agent = BrokerSimAgent.open(venueDir, settings,
            new VenueQueues.SteppingClock(START_NS, STEP_NS)))
        {
            for (int cycle = 0; cycle < 10_000 && (agent.ordersTaken() < count || agent.inFlight() > 0); cycle++)
            {
                agent.doWork(true);
            }
            assertEquals(count, agent.ordersTaken());
            assertEquals(0, agent.inFlight());
        }
        final List<byte[]> written = VenueQueues.read(venueDir, DataDirectory.BROKER_REPORTS);
        assertEquals(embedded.reports.size(), written.size(), "same number of reports");
        final Map<Integer, Integer> kinds = new HashMap<>();
        for (int i = 0; i < written.size(); i++)
        {
            assertArrayEquals(embedded.reports.get(i), written.get(i), "report " + i + " byte for byte");
            kinds.merge(VenueQueues.templateId(written.get(i)), 1, Integer::sum);
        }
        // The seed exercised every fate, so the comparison covered every report type.
        for (final int kind : new int[] { Report.ACK, Report.FILL, Report.REJECT, Report.EXPIRED, Report.SEND_FAILED })
        {
            assertTrue(kinds.getOrDefault(kind, 0) > 0, "report kind " + kind + " in " + kinds);
        }
    }

    @Test
    void shouldNeverAcceptAClOrdIdTwiceAcrossItsOwnRestarts()
    {
        final SimulatedBrokerSettings settings = TestSettings.quiet().error(0.3).build();
        appendOrders(1, 20);
        final int recordedFirstRun;
        try (BrokerSimAgent agent = BrokerSimAgent.open(venueDir, settings, new VenueQueues.SteppingClock(START_NS, STEP_NS)))
        {
            runUntilQuiet(agent, 20);
            recordedFirstRun = agent.venueOrders();
            assertTrue(recordedFirstRun > 0 && recordedFirstRun < 20, "some orders failed transiently: " + recordedFirstRun);
        }

        // Restart: the venue rebuilds its memory from its ledger. Then every order arrives again, plus one new.
        appendOrders(1, 21);
        try (BrokerSimAgent agent = BrokerSimAgent.open(venueDir, settings, new VenueQueues.SteppingClock(START_NS, STEP_NS)))
        {
            assertEquals(20, agent.restoredArrivals());
            assertEquals(recordedFirstRun, agent.venueOrders());
            runUntilQuiet(agent, 21);
        }

        final List<byte[]> ledger = VenueQueues.read(venueDir, DataDirectory.BROKER_LEDGER);
        assertEquals(41, ledger.size(), "one ledger entry per order taken");
        final Set<String> recorded = new HashSet<>();
        final Set<String> recordedInFirstRun = new HashSet<>();
        for (int i = 0; i < ledger.size(); i++)
        {
            final VenueOrderReceivedDecoder entry = VenueQueues.ledgerEntry(ledger.get(i));
            if (entry.recorded() == BooleanType.TRUE)
            {
                final String clOrdId = entry.clOrdId();
                assertTrue(recorded.add(clOrdId), clOrdId + " recorded twice");
                if (i < 20)
                {
                    recordedInFirstRun.add(clOrdId);
                }
            }
        }

        // A resend of a ClOrdID recorded before the restart is refused as a duplicate (or fails transiently before
        // reaching the venue's book); no ClOrdID is ever acknowledged twice.
        int duplicates = 0;
        final Set<String> acked = new HashSet<>();
        for (final byte[] report : VenueQueues.read(venueDir, DataDirectory.BROKER_REPORTS))
        {
            final Report decoded = Report.decode(new org.agrona.concurrent.UnsafeBuffer(report), 0, report.length);
            if (decoded.is(Report.REJECT) && decoded.rejectReason() == BrokerRejectReason.DUPLICATE_CLORDID)
            {
                assertTrue(recordedInFirstRun.contains(decoded.clOrdId()), decoded.clOrdId());
                duplicates++;
            }
            if (decoded.is(Report.ACK))
            {
                assertTrue(acked.add(decoded.clOrdId()), decoded.clOrdId() + " acknowledged twice");
            }
        }
        assertTrue(duplicates > 0, "some resends reached the venue's book");
        assertEquals(recorded, acked, "quiet venue: every recorded ClOrdID acknowledged exactly once");
    }

    @Test
    void shouldAnswerStatusQueriesFromWhatItReportedAlsoAfterARestart()
    {
        final SimulatedBrokerSettings settings = TestSettings.quiet().partial(1.0).build();
        appendOrders(1, 3);
        try (BrokerSimAgent agent = BrokerSimAgent.open(venueDir, settings, new VenueQueues.SteppingClock(START_NS, STEP_NS)))
        {
            runUntilQuiet(agent, 3);
        }
        final List<byte[]> firstRun = VenueQueues.read(venueDir, DataDirectory.BROKER_REPORTS);
        long cumQty = 0;
        java.math.BigInteger notional = java.math.BigInteger.ZERO;
        for (final byte[] report : firstRun)
        {
            final Report decoded = Report.decode(new org.agrona.concurrent.UnsafeBuffer(report), 0, report.length);
            if (decoded.is(Report.FILL) && decoded.orderNumber() == 2)
            {
                cumQty += decoded.fillQty();
                notional = notional.add(java.math.BigInteger.valueOf(decoded.fillQty())
                    .multiply(java.math.BigInteger.valueOf(decoded.fillPrice())));
            }
        }

        try (Journal orders = Journal.open(new DataDirectory(venueDir).queue(DataDirectory.BROKER_ORDERS),
            JournalConfig.defaults());
            BrokerSimAgent agent = BrokerSimAgent.open(venueDir, settings, new VenueQueues.SteppingClock(START_NS, STEP_NS)))
        {
            appendQuery(orders, 77, OrderSentFixture.clOrdId(2));
            appendQuery(orders, 78, "NEVER-SENT");
            agent.doWork(true);
            assertEquals(2, agent.queriesAnswered());
        }
        final List<byte[]> all = VenueQueues.read(venueDir, DataDirectory.BROKER_REPORTS);
        assertEquals(firstRun.size() + 2, all.size());

        final OrderStatusReportDecoder known = VenueQueues.statusReport(all.get(firstRun.size()));
        assertEquals(77, known.queryId());
        assertEquals(OrderSentFixture.clOrdId(2), known.clOrdId());
        assertEquals(VenueOrderState.FILLED, known.state());
        assertEquals(2, known.brokerOrderId());
        assertEquals(fixture.currentQty(), known.qty());
        assertEquals(cumQty, known.cumQty());
        assertEquals(0, known.leavesQty());
        assertTrue(cumQty > 0);
        assertEquals(notional.divide(java.math.BigInteger.valueOf(cumQty)).longValueExact(), known.avgPrice(),
            "quantity-weighted average of the reported fills, rounded down");

        final OrderStatusReportDecoder unknown = VenueQueues.statusReport(all.get(firstRun.size() + 1));
        assertEquals(78, unknown.queryId());
        assertEquals("NEVER-SENT", unknown.clOrdId());
        assertEquals(VenueOrderState.UNKNOWN, unknown.state());
        assertEquals(0, unknown.brokerOrderId());
    }

    @Test
    void shouldRefuseASecondBrokerSimOnTheSameDirectory()
    {
        final SimulatedBrokerSettings settings = TestSettings.quiet().build();
        try (BrokerSimAgent agent = BrokerSimAgent.open(venueDir, settings, System::nanoTime))
        {
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> BrokerSimAgent.open(venueDir, settings, System::nanoTime));
            assertTrue(ex.getMessage().contains("already open for writing"), ex.getMessage());
        }
    }

    private static void runUntilQuiet(final BrokerSimAgent agent, final long orders)
    {
        for (int cycle = 0; cycle < 10_000 && (agent.ordersTaken() < orders || agent.inFlight() > 0); cycle++)
        {
            agent.doWork(true);
        }
        assertEquals(orders, agent.ordersTaken());
        assertEquals(0, agent.inFlight());
    }

    private void appendOrders(final long from, final long to)
    {
        try (Journal orders = Journal.open(new DataDirectory(venueDir).queue(DataDirectory.BROKER_ORDERS),
            JournalConfig.defaults()))
        {
            for (long n = from; n <= to; n++)
            {
                final int length = fixture.tsNs(START_NS + n).encode(n);
                orders.append(fixture.buffer(), 0, length);
            }
        }
    }

    private static void appendQuery(final Journal orders, final long queryId, final String clOrdId)
    {
        final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(new byte[128]);
        final OrderStatusQueryEncoder query = new OrderStatusQueryEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .tsNs(START_NS)
            .queryId(queryId)
            .clOrdId(clOrdId);
        orders.append(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + query.encodedLength());
    }

    /** Every fate happens often enough to show in a few hundred orders. */
    private static TestSettings noisy()
    {
        return TestSettings.quiet().error(0.05).reject(0.05).partial(0.3).expire(0.15).maker(0.3).slippageBps(5)
            .jitter(30_000).latencies(200_000, 300_000, 100_000);
    }

    @SuppressWarnings("unused")
    private static List<String> names(final List<byte[]> messages)
    {
        final List<String> names = new ArrayList<>();
        for (final byte[] message : messages)
        {
            names.add(io.noctria.codecs.Messages.name(VenueQueues.templateId(message)));
        }
        return names;
    }
}

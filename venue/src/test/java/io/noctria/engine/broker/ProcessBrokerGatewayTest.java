package io.noctria.engine.broker;

import io.noctria.engine.gateway.ProcessBrokerGateway;

import io.noctria.codecs.sbe.*;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The engine's side of the out-of-process venue: orders out through broker-orders, reports back from
 * broker-reports, in-flight accounting, status queries, and where reading resumes after a restart.
 */
class ProcessBrokerGatewayTest
{
    private static final long START_NS = 1_767_693_600_000_000_000L;

    @TempDir
    Path venueDir;

    private final OrderSentFixture fixture = new OrderSentFixture();
    private final SimulatedBrokerSettings settings = TestSettings.quiet().partial(0.5).build();

    @Test
    void shouldSendOrdersAndDeliverEveryReportUntilNothingIsInFlight()
    {
        final VenueQueues.BytesSink sink = new VenueQueues.BytesSink();
        try (ProcessBrokerGateway gateway = new ProcessBrokerGateway(venueDir, sink);
            BrokerSimAgent venue = openVenue())
        {
            sendOrders(gateway, 5);
            assertEquals(5, gateway.inFlight());
            exchange(gateway, venue, 5);
            assertEquals(0, gateway.inFlight(), "every order had its final report");
            assertEquals(5, gateway.ordersSent());
            assertEquals(venue.reportsWritten(), gateway.reportsDelivered());
            final List<byte[]> stream = VenueQueues.read(venueDir, DataDirectory.BROKER_REPORTS);
            assertEquals(stream.size(), sink.reports.size());
            for (int i = 0; i < stream.size(); i++)
            {
                assertArrayEquals(stream.get(i), sink.reports.get(i), "report " + i + " delivered as written");
            }
        }
        int finals = 0;
        for (final byte[] report : sink.reports)
        {
            if (Report.decode(new UnsafeBuffer(report), 0, report.length).isFinal())
            {
                finals++;
            }
        }
        assertEquals(5, finals);
    }

    @Test
    void shouldAnswerStatusQueriesAsReports()
    {
        final VenueQueues.BytesSink sink = new VenueQueues.BytesSink();
        try (ProcessBrokerGateway gateway = new ProcessBrokerGateway(venueDir, sink);
            BrokerSimAgent venue = openVenue())
        {
            trade(gateway, venue, 1);
            sink.reports.clear();

            gateway.queryStatus(9, VenueQueues.clOrdIdBytes(OrderSentFixture.clOrdId(1)), 0);
            gateway.queryStatus(10, VenueQueues.clOrdIdBytes("NOT-AT-THIS-VENUE"), 0);
            assertEquals(2, gateway.queriesSent());
            venue.doWork(true);
            gateway.poll(START_NS);
            assertEquals(0, gateway.inFlight(), "answers are not order reports");
        }
        assertEquals(2, sink.reports.size());
        final OrderStatusReportDecoder filled = VenueQueues.statusReport(sink.reports.get(0));
        assertEquals(9, filled.queryId());
        assertEquals(VenueOrderState.FILLED, filled.state());
        assertEquals(fixture.currentQty(), filled.cumQty());
        final OrderStatusReportDecoder unknown = VenueQueues.statusReport(sink.reports.get(1));
        assertEquals(10, unknown.queryId());
        assertEquals(VenueOrderState.UNKNOWN, unknown.state());
        assertEquals("NOT-AT-THIS-VENUE", unknown.clOrdId());
    }

    @Test
    void shouldResumeRightAfterTheLastJournaledReportSoNoneIsDeliveredTwiceOrSkipped()
    {
        tradeAndClose(6);
        final List<byte[]> stream = VenueQueues.read(venueDir, DataDirectory.BROKER_REPORTS);
        assertTrue(stream.size() >= 12, "acks and fills: " + stream.size());

        // The engine journaled the first four reports (stamping tsNs) and died before the rest were journaled.
        final byte[] lastJournaled = stream.get(3).clone();
        new UnsafeBuffer(lastJournaled).putLong(MessageHeaderDecoder.ENCODED_LENGTH, START_NS + 123_456,
            MessageHeaderDecoder.BYTE_ORDER);
        final VenueQueues.BytesSink resumed = new VenueQueues.BytesSink();
        try (ProcessBrokerGateway gateway = new ProcessBrokerGateway(venueDir, resumed))
        {
            gateway.resumeAfterJournaled(new UnsafeBuffer(lastJournaled), 0, lastJournaled.length);
            gateway.poll(START_NS);
            assertTrue(gateway.resumedAfterIndex() >= 0);
        }
        assertEquals(stream.size() - 4, resumed.reports.size());
        for (int i = 0; i < resumed.reports.size(); i++)
        {
            assertArrayEquals(stream.get(4 + i), resumed.reports.get(i), "report " + (4 + i));
        }

        // A journal without reports, or whose last report this venue never wrote: only what comes from now on.
        final VenueQueues.BytesSink fresh = new VenueQueues.BytesSink();
        try (ProcessBrokerGateway gateway = new ProcessBrokerGateway(venueDir, fresh))
        {
            gateway.resumeAfterJournaled(null, 0, 0);
            gateway.poll(START_NS);
            lastJournaled[lastJournaled.length - 1] ^= 1;
        }
        assertEquals(0, fresh.reports.size(), "an earlier life of the venue directory is not replayed");
        try (ProcessBrokerGateway gateway = new ProcessBrokerGateway(venueDir, fresh))
        {
            gateway.resumeAfterJournaled(new UnsafeBuffer(lastJournaled), 0, lastJournaled.length);
            gateway.poll(START_NS);
            assertEquals(Journal.NO_INDEX, gateway.resumedAfterIndex());
        }
        assertEquals(0, fresh.reports.size());
    }

    @Test
    void shouldCountAndPassOverExcerptsThatAreNotReports()
    {
        final VenueQueues.BytesSink sink = new VenueQueues.BytesSink();
        try (ProcessBrokerGateway gateway = new ProcessBrokerGateway(venueDir, sink);
            Journal reports = Journal.open(new DataDirectory(venueDir).queue(DataDirectory.BROKER_REPORTS),
                JournalConfig.defaults()))
        {
            final UnsafeBuffer garbage = new UnsafeBuffer(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 });
            reports.append(garbage, 0, 12);
            final int length = fixture.encode(1); // an OrderSent has no business in the report stream
            reports.append(fixture.buffer(), 0, length);
            gateway.poll(START_NS);
            assertEquals(2, gateway.invalidReports());
            assertEquals(0, sink.reports.size());
        }
    }

    @Test
    void shouldRefuseASecondEngineOnTheSameVenue()
    {
        try (ProcessBrokerGateway gateway = new ProcessBrokerGateway(venueDir, (b, o, l) -> { }))
        {
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> new ProcessBrokerGateway(venueDir, (b, o, l) -> { }));
            assertTrue(ex.getMessage().contains("broker-orders"), ex.getMessage());
        }
    }

    /** The venue agent on this test's directory, its clock stepping 1 µs per read from {@code START_NS}. */
    private BrokerSimAgent openVenue()
    {
        return BrokerSimAgent.open(venueDir, settings, new VenueQueues.SteppingClock(START_NS, 1_000));
    }

    /** Sends orders 1 to {@code count}, order n stamped {@code START_NS + n}. */
    private void sendOrders(final ProcessBrokerGateway gateway, final int count)
    {
        for (long n = 1; n <= count; n++)
        {
            fixture.tsNs(START_NS + n).send(gateway, n);
        }
    }

    /** Sends orders 1 to {@code count} and runs both sides until every one has its final report. */
    private void trade(final ProcessBrokerGateway gateway, final BrokerSimAgent venue, final int count)
    {
        sendOrders(gateway, count);
        exchange(gateway, venue, count);
    }

    /** A first life of engine and venue on this directory: {@code count} orders traded, then both closed. */
    private void tradeAndClose(final int count)
    {
        try (ProcessBrokerGateway gateway = new ProcessBrokerGateway(venueDir, new VenueQueues.BytesSink());
            BrokerSimAgent venue = openVenue())
        {
            trade(gateway, venue, count);
        }
    }

    private static void exchange(final ProcessBrokerGateway gateway, final BrokerSimAgent venue, final long orders)
    {
        for (int cycle = 0; cycle < 10_000 && (venue.ordersTaken() < orders || venue.inFlight() > 0 ||
            gateway.reportsDelivered() < venue.reportsWritten()); cycle++)
        {
            venue.doWork(true);
            gateway.poll(START_NS);
        }
        assertEquals(orders, venue.ordersTaken());
        assertEquals(0, venue.inFlight());
    }
}

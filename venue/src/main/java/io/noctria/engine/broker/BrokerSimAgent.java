package io.noctria.engine.broker;

import io.noctria.engine.gateway.BrokerReportSink;

import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.core.EpochNanoClock;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * The out-of-process venue's duty cycle ({@code noctria broker-sim}): a {@link SimulatedBroker} with the same
 * seeded behaviour as the embedded one, fed from the {@code broker-orders} queue and writing its reports to
 * {@code broker-reports}, with its own durable record of every order it took in {@code broker-ledger}.
 * <p>
 * <b>Duty cycle</b> (as the engine's ingress hosts the embedded venue): take the orders queued since the last
 * cycle and hand each to the venue, then read the clock once and deliver every report due by then. An
 * {@code OrderSent} is a new arrival; an {@code OrderStatusQuery} is answered at once with an
 * {@code OrderStatusReport}; a {@code CancelSent} or {@code ReplaceSent} is the venue's cancel or replace (answered
 * at once or by the order's later reports; not in the ledger: on a restart the Replaced in the report stream restores
 * the new qty); any other excerpt is counted ({@link #unexpectedOrders}) and passed over.
 * <p>
 * <b>Durable record.</b> For each arrival the venue decides its fate (transient error, duplicate, invalid,
 * recorded) inside {@link SimulatedBroker#send}, which emits nothing; the agent then appends a
 * {@code VenueOrderReceived} to {@code broker-ledger} (orders index, ClOrdID, qty, attempt, recorded or not)
 * before any report of that order can be written, since reports are only written by a later {@code poll} on
 * this same thread. On start the venue rebuilds itself from its own files: every ledger entry is an arrival
 * again (so the random streams of later orders are those of an uninterrupted run) and every recorded ClOrdID
 * is remembered, so a ClOrdID is never accepted twice as a new order across restarts: a resend is rejected
 * {@code DUPLICATE_CLORDID}, as by the embedded venue. Its own report stream is then folded in, so status
 * queries answer what was reported (acknowledged, filled so far, final). Reading {@code broker-orders}
 * resumes right after the last order in the ledger. A crash between deciding and the ledger append loses
 * nothing that was visible: the order is taken again after the restart.
 * <p>
 * <b>Known limit.</b> Orders still working when the process died have lost their pending reports: after the
 * restart the venue remembers them (a resend is a duplicate) in their last reported state, answers status
 * queries with it, but sends no further report for them. A clean stop ({@link #drain}) first delivers every
 * pending report, so this only follows a crash.
 * <p>
 * Single-threaded: built on one thread, then run by another (the first {@link #doWork} takes the thread-bound
 * Chronicle appenders and tailers), which also closes it. {@code broker-ledger} and
 * {@code broker-reports} are opened with exclusive writer locks, so a second broker-sim on the same directory
 * fails at start.
 */
public final class BrokerSimAgent implements JournalConsumer, BrokerReportSink, AutoCloseable
{
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int ORDER_BATCH = 64;

    private final SimulatedBroker venue;
    private final EpochNanoClock clock;
    private final Journal ledger;
    private final Journal reports;
    private final JournalReader orders;
    private final UnsafeBuffer ledgerBuffer = new UnsafeBuffer(new byte[128]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final VenueOrderReceivedEncoder received = new VenueOrderReceivedEncoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderSentDecoder orderSent = new OrderSentDecoder();
    private final OrderStatusQueryDecoder statusQuery = new OrderStatusQueryDecoder();

    private boolean threadClaimed;
    private final long restoredArrivals;
    private final long restoredReports;
    private long nowNs;
    private long ordersTaken;
    private long queriesAnswered;
    private long reportsWritten;
    private long unexpectedOrders;
    private long actionsTaken;

    private BrokerSimAgent(final Path venueDir, final SimulatedBrokerSettings settings, final EpochNanoClock clock)
    {
        this.clock = clock;
        this.venue = new SimulatedBroker(settings, this);
        final DataDirectory dir = new DataDirectory(venueDir);
        // The engine is the orders queue's single writer; this process only creates it if it does not exist yet.
        Journal.createIfMissing(dir.queue(DataDirectory.BROKER_ORDERS));
        this.ledger = Journal.open(dir.queue(DataDirectory.BROKER_LEDGER), JournalConfig.defaults());
        Journal reportsJournal = null;
        JournalReader ordersReader = null;
        try
        {
            reportsJournal = Journal.open(dir.queue(DataDirectory.BROKER_REPORTS), JournalConfig.defaults());
            final Restorer restorer = new Restorer();
            try (JournalReader ledgerReader = JournalReader.open(dir.queue(DataDirectory.BROKER_LEDGER)))
            {
                while (ledgerReader.poll(restorer.arrivals, 4096) > 0)
                {
                    // the whole ledger, once
                }
            }
            try (JournalReader reportReader = JournalReader.open(dir.queue(DataDirectory.BROKER_REPORTS)))
            {
                while (reportReader.poll(restorer.reports, 4096) > 0)
                {
                    // the whole report stream, once
                }
            }
            this.restoredArrivals = restorer.arrivalCount;
            this.restoredReports = restorer.reportCount;
            ordersReader = JournalReader.open(dir.queue(DataDirectory.BROKER_ORDERS));
            if (restorer.lastOrdersIndex == Journal.NO_INDEX)
            {
                ordersReader.toStart();
            }
            else if (ordersReader.toIndex(restorer.lastOrdersIndex))
            {
                ordersReader.poll(restorer.skip, 1);
            }
            else
            {
                throw new IllegalStateException("broker-ledger says order " + restorer.lastOrdersIndex +
                    " of " + dir.queue(DataDirectory.BROKER_ORDERS) + " was taken, but the queue has no such " +
                    "excerpt: was broker-orders replaced? Refusing to start on a record it cannot explain");
            }
        }
        catch (final RuntimeException ex)
        {
            if (ordersReader != null)
            {
                ordersReader.close();
            }
            if (reportsJournal != null)
            {
                reportsJournal.close();
            }
            ledger.close();
            throw ex;
        }
        this.reports = reportsJournal;
        this.orders = ordersReader;
    }

    /**
     * Opens the venue in {@code venueDir} (creating its queues when missing) and rebuilds it from its ledger
     * and report stream.
     *
     * @throws IllegalStateException when another broker-sim holds the directory, or the ledger names an
     *                               orders-queue excerpt that does not exist.
     */
    public static BrokerSimAgent open(final Path venueDir, final SimulatedBrokerSettings settings,
        final EpochNanoClock clock)
    {
        if (null == venueDir || null == settings || null == clock)
        {
            throw new NullPointerException("venueDir, settings and clock are required");
        }
        return new BrokerSimAgent(venueDir, settings, clock);
    }

    /**
     * One duty cycle.
     *
     * @param takeOrders false while draining for a stop: only pending reports are delivered.
     * @return the work done: orders and queries taken plus reports written; 0 when idle.
     */
    public int doWork(final boolean takeOrders)
    {
        if (!threadClaimed)
        {
            // Chronicle appenders and tailers are bound to one thread: the duty-cycle thread takes them.
            orders.assignToCurrentThread();
            reports.assignToCurrentThread();
            ledger.assignToCurrentThread();
            threadClaimed = true;
        }
        // One clock read per cycle: it stamps the ledger entries and then releases the reports due by then.
        nowNs = clock.nanoTime();
        int work = 0;
        if (takeOrders)
        {
            work += orders.poll(this, ORDER_BATCH);
        }
        work += venue.poll(nowNs);
        return work;
    }

    /**
     * Stop taking orders and deliver every pending report (they are due within the configured latencies),
     * waiting on {@code clock} for at most {@code timeoutNs} of it.
     *
     * @return true when nothing is left in flight.
     */
    public boolean drain(final long timeoutNs)
    {
        final long deadlineNs = clock.nanoTime() + timeoutNs;
        while (venue.inFlight() > 0 && clock.nanoTime() - deadlineNs < 0)
        {
            if (doWork(false) == 0)
            {
                Thread.onSpinWait();
            }
        }
        return venue.inFlight() == 0;
    }

    /** @return orders with reports still to write. */
    public int inFlight()
    {
        return venue.inFlight();
    }

    /** @return arrivals rebuilt from the ledger at start. */
    public long restoredArrivals()
    {
        return restoredArrivals;
    }

    /** @return reports of earlier runs folded into the venue's memory at start. */
    public long restoredReports()
    {
        return restoredReports;
    }

    /** @return distinct ClOrdIDs the venue remembers (earlier runs included). */
    public int venueOrders()
    {
        return venue.venueOrders();
    }

    /** @return orders taken from broker-orders by this run. */
    public long ordersTaken()
    {
        return ordersTaken;
    }

    /** @return status queries answered by this run. */
    public long queriesAnswered()
    {
        return queriesAnswered;
    }

    /** @return reports written to broker-reports by this run (status answers included). */
    public long reportsWritten()
    {
        return reportsWritten;
    }

    /** @return CancelSent and ReplaceSent taken from broker-orders (answered or scheduled by the venue). */
    public long actionsTaken()
    {
        return actionsTaken;
    }

    /** @return excerpts of broker-orders that were not an OrderSent, OrderStatusQuery, CancelSent or ReplaceSent. */
    public long unexpectedOrders()
    {
        return unexpectedOrders;
    }

    /** Pending reports are dropped (see {@link #drain}); closes the queues. Idempotent. */
    @Override
    public void close()
    {
        venue.close();
        try
        {
            orders.close();
        }
        finally
        {
            try
            {
                reports.close();
            }
            finally
            {
                ledger.close();
            }
        }
    }

    @Override
    public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        switch (header.templateId())
        {
            case OrderSentDecoder.TEMPLATE_ID:
                takeOrder(index, buffer, offset, length);
                break;
            case OrderStatusQueryDecoder.TEMPLATE_ID:
                statusQuery.wrap(buffer, offset + HEADER, header.blockLength(), header.version());
                venue.queryStatus(statusQuery.queryId(), buffer,
                    offset + HEADER + OrderStatusQueryDecoder.clOrdIdEncodingOffset());
                queriesAnswered++;
                break;
            case CancelSentDecoder.TEMPLATE_ID:
                venue.cancel(buffer, offset, length);
                actionsTaken++;
                break;
            case ReplaceSentDecoder.TEMPLATE_ID:
                venue.replace(buffer, offset, length);
                actionsTaken++;
                break;
            default:
                unexpectedOrders++;
                break;
        }
    }

    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        if (error == RecordError.DAMAGED || error == RecordError.UNFRAMED)
        {
            // Thrown from the poll: the excerpt stays unread, nothing of it reaches the venue.
            throw new DamagedOrderException(orders.directory().toString(), index, error, detail);
        }
        unexpectedOrders++;
    }

    /** Reports from the venue: appended to broker-reports as they are delivered. */
    @Override
    public void onReport(final DirectBuffer buffer, final int offset, final int length)
    {
        reports.append(buffer, offset, length);
        reportsWritten++;
    }

    private void takeOrder(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        venue.send(buffer, offset, length);
        orderSent.wrap(buffer, offset + HEADER, header.blockLength(), header.version());
        received.wrapAndApplyHeader(ledgerBuffer, 0, headerEncoder)
            .tsNs(nowNs)
            .ordersIndex(index)
            .qty(orderSent.qty())
            .attempt(orderSent.attempt())
            .recorded(venue.lastArrivalRecorded() ? BooleanType.TRUE : BooleanType.FALSE);
        ledgerBuffer.putBytes(HEADER + VenueOrderReceivedEncoder.clOrdIdEncodingOffset(), buffer,
            offset + HEADER + OrderSentDecoder.clOrdIdEncodingOffset(), VenueOrderReceivedEncoder.clOrdIdLength());
        ledger.append(ledgerBuffer, 0, HEADER + received.encodedLength());
        ordersTaken++;
    }

    /** Rebuilds the venue from its ledger, then from its report stream. */
    private final class Restorer
    {
        long arrivalCount;
        long reportCount;
        long lastOrdersIndex = Journal.NO_INDEX;

        final JournalConsumer arrivals = new JournalConsumer()
        {
            private final MessageHeaderDecoder entryHeader = new MessageHeaderDecoder();
            private final VenueOrderReceivedDecoder entry = new VenueOrderReceivedDecoder();

            @Override
            public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
            {
                entryHeader.wrap(buffer, offset);
                if (entryHeader.templateId() != VenueOrderReceivedDecoder.TEMPLATE_ID)
                {
                    throw new IllegalStateException("broker-ledger excerpt " + index + " is not a VenueOrderReceived");
                }
                entry.wrap(buffer, offset + HEADER, entryHeader.blockLength(), entryHeader.version());
                venue.restoreArrival(buffer, offset + HEADER + VenueOrderReceivedDecoder.clOrdIdEncodingOffset(),
                    entry.qty(), entry.recorded() == BooleanType.TRUE);
                lastOrdersIndex = entry.ordersIndex();
                arrivalCount++;
            }

            @Override
            public void onInvalid(final long index, final RecordError error, final String detail)
            {
                throw new IllegalStateException("broker-ledger excerpt " + index + " is not readable (" + error +
                    ": " + detail + "); refusing to start on a record it cannot explain");
            }
        };

        final JournalConsumer reports = new JournalConsumer()
        {
            @Override
            public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
            {
                venue.restoreReport(buffer, offset);
                reportCount++;
            }

            @Override
            public void onInvalid(final long index, final RecordError error, final String detail)
            {
                // Not ours to judge here: the engine counts unreadable reports when it reads them.
            }
        };

        final JournalConsumer skip = new JournalConsumer()
        {
            @Override
            public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
            {
            }

            @Override
            public void onInvalid(final long index, final RecordError error, final String detail)
            {
            }
        };
    }
}

package io.noctria.engine.broker;

import io.noctria.engine.gateway.BrokerReportSink;

import io.noctria.engine.gateway.BrokerGateway;

import io.noctria.codecs.OrderTransitions;
import io.noctria.codecs.sbe.*;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An embedded, seeded execution venue: acknowledges, rejects, fills with slippage, expires and
 * cancels orders, fails transiently, refuses ClOrdIDs it already has, and answers order-status
 * queries.
 * <p>
 * <b>Determinism.</b> Every random draw comes from a SplitMix64 stream private to the order, seeded
 * from the settings' seed and the order's arrival number; nothing reads a clock. Given the seed,
 * the sequence of {@link #send}/{@link #cancel} calls and the {@code nowNs} values passed to
 * {@link #poll} (interleaved the same way), the report stream is byte-identical.
 * <p>
 * <b>Venue time.</b> The venue clock is the largest {@code nowNs} seen by {@link #poll}. An order
 * arrives at {@code max(OrderSent.tsNs, venue clock)}; its first report (ack, reject or transient
 * error) is due {@code ackLatencyNs} plus a jitter in [0, {@code ackJitterNs}] later; fills follow
 * every {@code fillIntervalNs}; an expiry one interval after the last fill. Each report's
 * {@code brokerTsNs} is its due time, so report contents do not depend on how often the host polls.
 * Identifiers are dense and derived, not drawn: {@code brokerOrderId} is the venue's record number
 * (1, 2, …), a fill's {@code execId} is {@code brokerOrderId << 4 | step} where step is the
 * report's place in the order's life (unique per fill).
 * <p>
 * <b>Order fate</b>, decided on arrival (probabilities in {@link SimulatedBrokerSettings}): a
 * transient error ({@code SendFailed}, TIMEOUT/SERVER_ERROR/THROTTLED, not final) leaves no trace at
 * the venue, so the engine's retry with the same ClOrdID is a new arrival; otherwise a known ClOrdID
 * is rejected DUPLICATE_CLORDID, a malformed order INVALID_ORDER (neither is recorded); otherwise the
 * venue records the ClOrdID and rejects it (INSUFFICIENT_LIQUIDITY) or acknowledges it. An
 * acknowledged IOC/DAY order may expire after 1–3 partial fills, a FOK order unfilled; GTC orders
 * never expire. Other orders fill in 2–4 partial fills or one full fill (FOK always at once).
 * Each fill is priced {@code price ± slippage} against the order (buys at or above, sells at or
 * below), slippage drawn from [0, {@code maxSlippageBps}] in 1/100 bp steps, fixed point 10^6.
 * <p>
 * <b>Ordering.</b> One order has one pending report at a time; the next is scheduled only when the
 * previous is delivered, so an order's reports are causal (ack, fills with rising cumQty, final
 * report last). Reports due at the same time go out in arrival order, then life-cycle order.
 * <p>
 * <b>Allocation.</b> Steady state allocates nothing: in-flight orders live in pooled primitive
 * slots, pending reports in an indexed min-heap over them, ClOrdIDs in an open-addressing table
 * keyed by a hash of their bytes, and reports are encoded by reused flyweights into one buffer.
 * Capacities are pre-sized from the settings and double (allocating) only when exceeded.
 * {@link #status} allocates its answer: it is a reconciliation query, not a hot-path call.
 * <p>
 * <b>Parts.</b> This class takes orders in, decides their fate on arrival and drives the venue clock;
 * {@link ReportDelivery} carries out each due report and schedules the next; {@link VenueRestore} rebuilds the
 * book from an earlier run's reports.
 * <p>
 * <b>Threading.</b> Not thread-safe: {@link #send}, {@link #poll}, {@link #cancel} and
 * {@link #status} must be called from one thread (the broker-facing agent). The sink is called from
 * {@link #poll} after the venue's state is updated, so it may call {@link #send} or {@link #cancel}
 * but not {@link #poll}.
 */
public final class SimulatedBroker implements BrokerGateway
{
    private static final int PPM = 1_000_000;
    /** Slippage is drawn in hundredths of a basis point: 1 bp = 100 ppm of the price. */
    private static final int PPM_PER_BPS = 100;
    private static final BrokerErrorCode[] TRANSIENT_ERRORS =
        { BrokerErrorCode.TIMEOUT, BrokerErrorCode.SERVER_ERROR, BrokerErrorCode.THROTTLED };

    static final byte BUY = (byte)Side.BUY.value();
    private static final byte SELL = (byte)Side.SELL.value();
    private static final byte MARKET = (byte)OrderType.MARKET.value();
    static final byte LIMIT = (byte)OrderType.LIMIT.value();
    static final byte DAY = (byte)TimeInForce.DAY.value();
    static final byte GTC = (byte)TimeInForce.GTC.value();
    private static final byte IOC = (byte)TimeInForce.IOC.value();
    private static final byte FOK = (byte)TimeInForce.FOK.value();

    /** Fault flags per in-flight order (see {@link VenueFaults}). */
    static final int FAULT_FILL_BEFORE_ACK = 1;
    static final int FAULT_ACK_OWED = 2;
    static final int FAULT_FILL_AFTER_CANCEL = 4;
    static final int FAULT_LATE_FILL = 8;

    private static final int CL_ORD_ID_OFFSET =
        MessageHeaderDecoder.ENCODED_LENGTH + OrderSentDecoder.clOrdIdEncodingOffset();

    private final BrokerReportSink sink;
    private final long seed;
    private final long ackLatencyNs;
    private final long ackJitterBound;
    private final long cancelLatencyNs;
    private final int rejectPpm;
    private final int partialFillPpm;
    private final int expirePpm;
    private final int transientErrorPpm;
    private final VenueFaults faults;
    private final int timeoutPpm;
    private final int errorResponsePpm;
    private final int slowAckPpm;
    private final int fillBeforeAckPpm;
    private final int venueCancelPpm;
    private final int fillAfterCancelPpm;

    private final VenueOrderBook book;
    private final InFlightOrders orders;
    private final ReportSchedule schedule;
    private final ExecutionReportEncoder encoder = new ExecutionReportEncoder();
    private final ReportDelivery delivery;
    private final VenueRestore restore;
    private final VenueActions actions;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderSentDecoder orderSent = new OrderSentDecoder();
    private final UnsafeBuffer clOrdIdQuery = new UnsafeBuffer(new byte[VenueOrderBook.CL_ORD_ID_LENGTH]);

    private long venueNs;
    private long arrivals;
    private boolean lastArrivalRecorded;
    private boolean polling;
    private boolean closed;

    /**
     * @param settings the venue's behaviour and seed.
     * @param sink     receives every execution report, from {@link #poll}.
     */
    public SimulatedBroker(final SimulatedBrokerSettings settings, final BrokerReportSink sink)
    {
        if (null == settings || null == sink)
        {
            throw new NullPointerException("settings and sink are required");
        }
        this.sink = sink;
        seed = settings.seed();
        ackLatencyNs = settings.ackLatencyNs();
        ackJitterBound = settings.ackJitterNs() + 1;
        cancelLatencyNs = settings.cancelLatencyNs();
        rejectPpm = ppm(settings.rejectProbability());
        partialFillPpm = ppm(settings.partialFillProbability());
        expirePpm = ppm(settings.expireProbability());
        transientErrorPpm = ppm(settings.transientErrorProbability());
        faults = settings.faults();
        timeoutPpm = ppm(faults.timeoutProbability());
        errorResponsePpm = ppm(faults.errorResponseProbability());
        slowAckPpm = ppm(faults.slowAckProbability());
        fillBeforeAckPpm = ppm(faults.fillBeforeAckProbability());
        venueCancelPpm = ppm(faults.cancelProbability());
        fillAfterCancelPpm = ppm(faults.fillAfterCancelProbability());
        book = new VenueOrderBook(settings.expectedOrders());
        orders = new InFlightOrders(settings.inFlightCapacity());
        schedule = new ReportSchedule(orders.capacity());
        delivery = new ReportDelivery(book, orders, schedule, encoder, settings.fillIntervalNs(),
            settings.maxSlippageBps() * PPM_PER_BPS + 1, ppm(settings.makerProbability()));
        restore = new VenueRestore(book);
        actions = new VenueActions(book, orders, schedule, cancelLatencyNs, sink);
    }

    /**
     * Receive an order; its reports are scheduled and delivered by {@link #poll}. Never blocks.
     *
     * @throws IllegalArgumentException when the bytes are not an OrderSent message of the Noctria
     *                                  schema: the engine only hands over what it journaled, so this is a bug.
     * @throws IllegalStateException    after {@link #close()}.
     */
    @Override
    public void send(final DirectBuffer buffer, final int offset, final int length)
    {
        if (closed)
        {
            throw new IllegalStateException("simulated broker is closed");
        }
        wrapOrderSent(buffer, offset, length);
        final long arrival = ++arrivals;
        final int slot = orders.claim(arrival, SplitMix64.streamState(seed, arrival));
        schedule.ensureCapacity(orders.capacity());
        orders.load(slot, orderSent);

        final long arrivalNs = Math.max(orderSent.tsNs(), venueNs);
        long replyNs = arrivalNs + ackLatencyNs + orders.nextLong(slot, ackJitterBound);
        final int clOrdIdOffset = offset + CL_ORD_ID_OFFSET;
        // Fault draws happen only when their knob is on, so with every fault off the streams are unchanged.
        if (faults.disconnected(arrival))
        {
            // The link is down: the send fails at once and the venue never sees the order.
            orders.nextReport(slot, ReportKind.SEND_FAILED);
            orders.reason(slot, BrokerErrorCode.DISCONNECTED.value());
            replyNs = arrivalNs;
        }
        else if (timeoutPpm > 0 && orders.nextInt(slot, PPM) < timeoutPpm)
        {
            orders.nextReport(slot, ReportKind.SEND_FAILED);
            orders.reason(slot, BrokerErrorCode.TIMEOUT.value());
            replyNs = arrivalNs + faults.timeoutNs();
        }
        else if (errorResponsePpm > 0 && orders.nextInt(slot, PPM) < errorResponsePpm)
        {
            orders.nextReport(slot, ReportKind.SEND_FAILED);
            orders.reason(slot, BrokerErrorCode.SERVER_ERROR.value());
        }
        else if (orders.nextInt(slot, PPM) < transientErrorPpm)
        {
            // Lost before the venue saw it: nothing is recorded, so a retry is a first arrival.
            orders.nextReport(slot, ReportKind.SEND_FAILED);
            orders.reason(slot, TRANSIENT_ERRORS[orders.nextInt(slot, TRANSIENT_ERRORS.length)].value());
        }
        else if (book.find(buffer, clOrdIdOffset) >= 0)
        {
            orders.nextReport(slot, ReportKind.REJECT);
            orders.reason(slot, BrokerRejectReason.DUPLICATE_CLORDID.value());
        }
        else if (!isWellFormed(buffer, clOrdIdOffset, slot))
        {
            orders.nextReport(slot, ReportKind.REJECT);
            orders.reason(slot, BrokerRejectReason.INVALID_ORDER.value());
        }
        else
        {
            accept(slot, buffer, clOrdIdOffset);
        }
        lastArrivalRecorded = orders.record(slot) >= 0;
        if (slowAckPpm > 0 && orders.nextInt(slot, PPM) < slowAckPpm)
        {
            replyNs += faults.slowAckNs();
        }
        if (lastArrivalRecorded && ReportKind.ACK == orders.nextReport(slot))
        {
            injectLifeFaults(slot, replyNs);
        }
        schedule.schedule(slot, replyNs, orders.nextTiebreak(slot));
    }

    /**
     * @return true when the last {@link #send} made the venue record its ClOrdID (it will be acknowledged
     * or rejected by the venue); false after a transient error, a duplicate or an invalid order, which leave
     * no record. What a durable venue writes to its ledger for each arrival.
     */
    public boolean lastArrivalRecorded()
    {
        return lastArrivalRecorded;
    }

    /**
     * Answer an order-status query at once, from the calling thread: one {@code OrderStatusReport} with the
     * venue's view as of the reports delivered so far, stamped with the venue clock. Must not be called from
     * inside the report sink. Allocates only for the average price of a filled order (a cold-path query).
     */
    @Override
    public void queryStatus(final long queryId, final DirectBuffer clOrdId, final int clOrdIdOffset)
    {
        if (closed)
        {
            return;
        }
        if (polling)
        {
            throw new IllegalStateException("queryStatus must not be called from inside the report sink");
        }
        final int record = book.find(clOrdId, clOrdIdOffset);
        final int length;
        if (record < 0)
        {
            length = encoder.statusReport(venueNs, queryId, 0, 0, 0, 0, 0, VenueOrderState.UNKNOWN,
                clOrdId, clOrdIdOffset);
        }
        else
        {
            final VenueOrderState state = book.state(record);
            final long qty = book.qty(record);
            final long cumQty = book.cumQty(record);
            length = encoder.statusReport(venueNs, queryId, VenueOrderBook.brokerOrderId(record), qty, cumQty,
                OrderTransitions.isTerminal(state) ? 0 : qty - cumQty, book.avgPrice(record), state,
                clOrdId, clOrdIdOffset);
        }
        sink.onReport(encoder.buffer(), 0, length);
    }

    /**
     * Rebuild one arrival from a durable venue's ledger, before any {@link #send}: it counts as an arrival
     * (so later orders draw the same random streams as in an uninterrupted run) and, when {@code recorded},
     * the venue remembers the ClOrdID from now on, in state PENDING_NEW with no reports to come, until
     * {@link #restoreReport} replays what was reported for it.
     *
     * @param clOrdId       32 NUL-padded ClOrdID bytes at {@code clOrdIdOffset}.
     * @param qty           the order quantity.
     * @param recorded      whether the venue recorded the ClOrdID at that arrival.
     */
    public void restoreArrival(final DirectBuffer clOrdId, final int clOrdIdOffset, final long qty,
        final boolean recorded)
    {
        arrivals++;
        if (recorded && book.find(clOrdId, clOrdIdOffset) < 0)
        {
            book.add(clOrdId, clOrdIdOffset, qty, -1);
        }
    }

    /**
     * Replay a report this venue delivered in an earlier run (read back from its durable report stream) into
     * its memory of the order: acknowledged, filled so far, or terminal. Advances the venue clock to the
     * report's venue time. Reports of ClOrdIDs the venue did not record (duplicate or invalid rejects,
     * transient errors) and status answers change nothing.
     *
     * @param buffer holding the report, header included.
     * @param offset of the header.
     */
    public void restoreReport(final DirectBuffer buffer, final int offset)
    {
        final long brokerTsNs = restore.restore(buffer, offset);
        if (brokerTsNs > venueNs)
        {
            venueNs = brokerTsNs;
        }
    }

    /**
     * Advance the venue clock to {@code nowNs} (it never goes back) and deliver, in (due time,
     * arrival, life-cycle step) order, every report due by then.
     *
     * @return the number of reports delivered; 0 after {@link #close()}.
     * @throws IllegalStateException when called from inside the report sink.
     */
    @Override
    public int poll(final long nowNs)
    {
        if (closed)
        {
            return 0;
        }
        if (polling)
        {
            throw new IllegalStateException("poll is not re-entrant: the report sink must not call poll");
        }
        if (nowNs > venueNs)
        {
            venueNs = nowNs;
        }
        polling = true;
        int delivered = 0;
        try
        {
            while (!closed && schedule.size() > 0 && schedule.dueNs(schedule.first()) <= venueNs)
            {
                final int slot = schedule.first();
                final long dueNs = schedule.dueNs(slot);
                schedule.removeFirst();
                final int length = delivery.deliver(slot, dueNs);
                sink.onReport(encoder.buffer(), 0, length);
                delivered++;
            }
        }
        finally
        {
            polling = false;
        }
        return delivered;
    }

    /**
     * Ask the venue to cancel an open order, effective {@code cancelLatencyNs} after the venue clock.
     * A fill already due by then still happens first; if it completes the order there is no Canceled
     * (a fill racing the cancel, as at a real venue). A cancel before the ack is delivered is
     * applied after the ack, so the engine always sees ACKED before CANCELED.
     *
     * @param clOrdId the order's ClOrdID (ASCII, at most 32 characters).
     * @return true when the venue accepted the request: the order was open and not already being
     * canceled; false for an unknown, rejected or finished order, or a repeated request.
     */
    public boolean cancel(final CharSequence clOrdId)
    {
        if (closed || !loadClOrdIdQuery(clOrdId))
        {
            return false;
        }
        final int record = book.find(clOrdIdQuery, 0);
        return record >= 0 && VenueActions.CANCEL_ACCEPTED == actions.cancelRecord(record, venueNs);
    }

    /**
     * A journaled CancelSent: the order's cancel, as {@link #cancel} takes it. Refused (final already, unknown,
     * a cancel pending): a CancelReject delivered to the sink from inside this call; an order the venue is about to
     * reject gets no answer but that rejection.
     */
    @Override
    public void cancel(final DirectBuffer buffer, final int offset, final int length)
    {
        if (closed)
        {
            throw new IllegalStateException("simulated broker is closed");
        }
        actions.cancel(buffer, offset, length, venueNs);
    }

    /**
     * A journaled ReplaceSent: the venue takes the new qty and price at once (later fills use them) and answers
     * Replaced, or CancelReject when the order is final, unknown, being canceled or has too little left, from inside
     * this call.
     */
    @Override
    public void replace(final DirectBuffer buffer, final int offset, final int length)
    {
        if (closed)
        {
            throw new IllegalStateException("simulated broker is closed");
        }
        actions.replace(buffer, offset, length, venueNs);
    }

    /**
     * The venue's view of an order, as of the reports delivered so far: what reconciliation asks a
     * venue about an in-doubt order. Allocates the answer (a cold-path query).
     *
     * @param clOrdId the order's ClOrdID (ASCII, at most 32 characters).
     * @return the order's status, or {@link OrderStatus#UNKNOWN} when the venue never recorded it.
     */
    public OrderStatus status(final CharSequence clOrdId)
    {
        if (!loadClOrdIdQuery(clOrdId))
        {
            return OrderStatus.UNKNOWN;
        }
        final int record = book.find(clOrdIdQuery, 0);
        if (record < 0)
        {
            return OrderStatus.UNKNOWN;
        }
        final VenueOrderState state = book.state(record);
        final long qty = book.qty(record);
        final long cumQty = book.cumQty(record);
        return new OrderStatus(
            state,
            VenueOrderBook.brokerOrderId(record),
            qty,
            cumQty,
            OrderTransitions.isTerminal(state) ? 0 : qty - cumQty,
            book.avgPrice(record));
    }

    /** @return orders received by {@link #send}, retries and duplicates included. */
    public long ordersReceived()
    {
        return arrivals;
    }

    /** @return distinct ClOrdIDs the venue has recorded (accepted or rejected by it). */
    public int venueOrders()
    {
        return book.size();
    }

    /** @return orders with reports still to deliver; 0 once everything sent has reached a final report. */
    @Override
    public int inFlight()
    {
        return orders.inUse();
    }

    /** @return when the next report is due, or {@link Long#MAX_VALUE} when none is pending. */
    public long nextDueNs()
    {
        return schedule.size() > 0 ? schedule.dueNs(schedule.first()) : Long.MAX_VALUE;
    }

    /** Stop: pending reports are dropped, {@link #poll} delivers nothing and {@link #send} throws. */
    @Override
    public void close()
    {
        closed = true;
    }

    private void wrapOrderSent(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw new IllegalArgumentException("OrderSent expected: " + length + " bytes is shorter than the header");
        }
        header.wrap(buffer, offset);
        final int schemaId = header.schemaId();
        final int templateId = header.templateId();
        final int blockLength = header.blockLength();
        if (MessageHeaderDecoder.SCHEMA_ID != schemaId || OrderSentDecoder.TEMPLATE_ID != templateId)
        {
            throw new IllegalArgumentException("OrderSent expected (schema " + MessageHeaderDecoder.SCHEMA_ID +
                ", template " + OrderSentDecoder.TEMPLATE_ID + ") but got schema " + schemaId + ", template " +
                templateId);
        }
        if (blockLength < OrderSentDecoder.BLOCK_LENGTH ||
            MessageHeaderDecoder.ENCODED_LENGTH + blockLength > length)
        {
            throw new IllegalArgumentException("OrderSent block length " + blockLength + " in a " + length +
                "-byte message: needs at least " + OrderSentDecoder.BLOCK_LENGTH + " bytes after the header");
        }
        orderSent.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, blockLength, header.version());
    }

    /** What a venue checks on entry; the engine's own validation should make these rejects rare. */
    private boolean isWellFormed(final DirectBuffer buffer, final int clOrdIdOffset, final int slot)
    {
        final byte side = orders.side(slot);
        final byte orderType = orders.orderType(slot);
        final byte timeInForce = orders.timeInForce(slot);
        return 0 != buffer.getByte(clOrdIdOffset) &&
            orders.qty(slot) > 0 &&
            orders.price(slot) > 0 &&
            (BUY == side || SELL == side) &&
            (MARKET == orderType || LIMIT == orderType) &&
            (DAY == timeInForce || GTC == timeInForce || IOC == timeInForce || FOK == timeInForce);
    }

    private void accept(final int slot, final DirectBuffer buffer, final int clOrdIdOffset)
    {
        final int record = book.add(buffer, clOrdIdOffset, orders.qty(slot), slot);
        orders.record(slot, record);
        if (orders.nextInt(slot, PPM) < rejectPpm)
        {
            orders.nextReport(slot, ReportKind.REJECT);
            orders.reason(slot, BrokerRejectReason.INSUFFICIENT_LIQUIDITY.value());
            return;
        }
        orders.nextReport(slot, ReportKind.ACK);
        final long qty = orders.qty(slot);
        final byte timeInForce = orders.timeInForce(slot);
        if (GTC != timeInForce && orders.nextInt(slot, PPM) < expirePpm)
        {
            // FOK is all or nothing; IOC/DAY leave at least 10^-6 unfilled so the expiry has something to end.
            orders.expires(slot, true);
            orders.fillsLeft(slot, FOK == timeInForce ? 0 : (int)Math.min(1 + orders.nextInt(slot, 3), qty - 1));
        }
        else if (FOK != timeInForce && orders.nextInt(slot, PPM) < partialFillPpm)
        {
            orders.fillsLeft(slot, (int)Math.min(2 + orders.nextInt(slot, 3), qty));
        }
        else
        {
            orders.fillsLeft(slot, 1);
        }
    }

    /** Draws the faults of an accepted order's life: fill before ack, a venue cancel, a fill after the cancel. */
    private void injectLifeFaults(final int slot, final long ackNs)
    {
        if (fillBeforeAckPpm > 0 && orders.nextInt(slot, PPM) < fillBeforeAckPpm && orders.fillsLeft(slot) > 0)
        {
            orders.fault(slot, FAULT_FILL_BEFORE_ACK, true);
        }
        if (venueCancelPpm > 0 && orders.nextInt(slot, PPM) < venueCancelPpm)
        {
            orders.cancelAtNs(slot, ackNs + cancelLatencyNs);
        }
        if (fillAfterCancelPpm > 0 && orders.nextInt(slot, PPM) < fillAfterCancelPpm)
        {
            orders.fault(slot, FAULT_FILL_AFTER_CANCEL, true);
        }
    }

    private boolean loadClOrdIdQuery(final CharSequence clOrdId)
    {
        if (null == clOrdId)
        {
            return false;
        }
        final int length = clOrdId.length();
        if (0 == length || length > VenueOrderBook.CL_ORD_ID_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            final char c = clOrdId.charAt(i);
            if (0 == c || c > 127)
            {
                return false;
            }
            clOrdIdQuery.putByte(i, (byte)c);
        }
        clOrdIdQuery.setMemory(length, VenueOrderBook.CL_ORD_ID_LENGTH - length, (byte)0);
        return true;
    }

    private static int ppm(final double probability)
    {
        return (int)Math.round(probability * PPM);
    }
}

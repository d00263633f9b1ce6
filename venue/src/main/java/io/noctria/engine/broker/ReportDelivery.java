package io.noctria.engine.broker;

import io.noctria.codecs.sbe.*;

/**
 * The simulated venue's report side: delivers the report an in-flight order has due (ack, fill, expiry,
 * cancel, reject, transient error), applies it to the venue's book and schedules the order's next report.
 * {@link SimulatedBroker} decides an order's fate on arrival and drives the clock; this class carries it out.
 * Draws (partial fill sizes, slippage, liquidity) come from the order's own stream, in the order they always
 * came, so the report stream is unchanged by where the code lives.
 */
final class ReportDelivery
{
    private static final int PPM = 1_000_000;
    /** A partial fill takes 20 % to 60 % of what is left. */
    private static final int MIN_PARTIAL_PPM = 200_000;
    private static final int PARTIAL_PPM_RANGE = 400_001;

    private final VenueOrderBook book;
    private final InFlightOrders orders;
    private final ReportSchedule schedule;
    private final ExecutionReportEncoder encoder;
    private final long fillIntervalNs;
    private final int slippageBound;
    private final int makerPpm;

    ReportDelivery(final VenueOrderBook book, final InFlightOrders orders, final ReportSchedule schedule,
        final ExecutionReportEncoder encoder, final long fillIntervalNs, final int slippageBound, final int makerPpm)
    {
        this.book = book;
        this.orders = orders;
        this.schedule = schedule;
        this.encoder = encoder;
        this.fillIntervalNs = fillIntervalNs;
        this.slippageBound = slippageBound;
        this.makerPpm = makerPpm;
    }

    /**
     * Encode the report due for {@code slot} into the encoder's buffer and update the venue: the book's record,
     * the slot (freed or rescheduled). Called once the report is taken off the schedule, before the sink runs.
     *
     * @return the encoded length, header included.
     */
    int deliver(final int slot, final long dueNs)
    {
        switch (orders.nextReport(slot))
        {
            case ReportKind.ACK:
                if (orders.fault(slot, SimulatedBroker.FAULT_FILL_BEFORE_ACK))
                {
                    // Out of order: the first fill overtakes the ack, which is owed right after it.
                    orders.fault(slot, SimulatedBroker.FAULT_FILL_BEFORE_ACK, false);
                    orders.fault(slot, SimulatedBroker.FAULT_ACK_OWED, true);
                    return fill(slot, dueNs);
                }
                return acknowledge(slot, dueNs);
            case ReportKind.FILL:
                return fill(slot, dueNs);
            case ReportKind.EXPIRED:
                return end(slot, dueNs, false);
            case ReportKind.CANCELED:
                return end(slot, dueNs, true);
            case ReportKind.REJECT:
                return reject(slot, dueNs);
            case ReportKind.SEND_FAILED:
                return sendFailed(slot);
            default:
                throw new IllegalStateException("in-flight slot " + slot + " has no report kind " +
                    orders.nextReport(slot));
        }
    }

    // Each step below encodes its report first (the encoder copies from the slot), then updates the
    // venue and frees or reschedules the slot, all before the sink runs.

    private int acknowledge(final int slot, final long dueNs)
    {
        final int record = orders.record(slot);
        final int length = encoder.ack(dueNs, VenueOrderBook.brokerOrderId(record), orders, slot);
        if (orders.fault(slot, SimulatedBroker.FAULT_ACK_OWED))
        {
            // The late ack of an order a fill already reached: its state stays as the fill left it.
            orders.fault(slot, SimulatedBroker.FAULT_ACK_OWED, false);
            if (book.cumQty(record) == orders.qty(slot))
            {
                finish(slot, record);
                return length;
            }
        }
        else
        {
            book.state(record, VenueOrderState.NEW);
        }
        scheduleNext(slot, dueNs);
        return length;
    }

    private int fill(final int slot, final long dueNs)
    {
        final int record = orders.record(slot);
        final long qty = orders.qty(slot);
        final long leaves = qty - book.cumQty(record);
        final int fillsLeft = orders.fillsLeft(slot) - 1;
        orders.fillsLeft(slot, fillsLeft);
        // Units of 10^-6 that must stay unfilled: one per later fill, one more for an expiry.
        final long reserve = fillsLeft + (orders.expires(slot) ? 1 : 0);
        final long fillQty = 0 == reserve ? leaves : partialQty(slot, leaves, reserve);
        final long fillPrice = slippedPrice(slot);
        final Liquidity liquidity = liquidity(slot);

        book.addFill(record, fillQty, fillPrice);
        final long cumQty = book.cumQty(record);
        final long leavesQty = qty - cumQty;
        final long brokerOrderId = VenueOrderBook.brokerOrderId(record);
        // Derived from the order and the fill's step, not a delivery counter: the same fill keeps its
        // execId however the host's polls interleave it with other orders' reports.
        final long execId = brokerOrderId << 4 | orders.step(slot);
        final int length = encoder.fill(dueNs, brokerOrderId, execId, fillQty, fillPrice, cumQty, leavesQty,
            liquidity, orders, slot);
        if (orders.fault(slot, SimulatedBroker.FAULT_LATE_FILL))
        {
            // The fill that raced the cancel: the venue's record stays CANCELED, with the quantity it executed.
            finish(slot, record);
        }
        else if (orders.fault(slot, SimulatedBroker.FAULT_ACK_OWED))
        {
            book.state(record, 0 == leavesQty ? VenueOrderState.FILLED : VenueOrderState.PARTIALLY_FILLED);
            orders.nextReport(slot, ReportKind.ACK);
            schedule.schedule(slot, dueNs, orders.nextTiebreak(slot));
        }
        else if (0 == leavesQty)
        {
            book.state(record, VenueOrderState.FILLED);
            finish(slot, record);
        }
        else
        {
            book.state(record, VenueOrderState.PARTIALLY_FILLED);
            scheduleNext(slot, dueNs);
        }
        return length;
    }

    /** An expiry, or a cancel taking effect: the order's last report, unless a fill raced the cancel. */
    private int end(final int slot, final long dueNs, final boolean canceled)
    {
        final int record = orders.record(slot);
        final long brokerOrderId = VenueOrderBook.brokerOrderId(record);
        final long cumQty = book.cumQty(record);
        final int length = canceled ? encoder.canceled(dueNs, brokerOrderId, cumQty, orders, slot) :
            encoder.expired(dueNs, brokerOrderId, cumQty, orders, slot);
        book.state(record, canceled ? VenueOrderState.CANCELED : VenueOrderState.EXPIRED);
        if (canceled && orders.fault(slot, SimulatedBroker.FAULT_FILL_AFTER_CANCEL) && cumQty < orders.qty(slot))
        {
            // A fill already under way when the cancel took effect: it arrives after the Canceled, for the leaves.
            orders.fault(slot, SimulatedBroker.FAULT_LATE_FILL, true);
            orders.fillsLeft(slot, 1);
            orders.expires(slot, false);
            orders.nextReport(slot, ReportKind.FILL);
            schedule.schedule(slot, dueNs + fillIntervalNs, orders.nextTiebreak(slot));
            return length;
        }
        finish(slot, record);
        return length;
    }

    private int reject(final int slot, final long dueNs)
    {
        final int length = encoder.reject(dueNs, BrokerRejectReason.get(orders.reason(slot)), orders, slot);
        final int record = orders.record(slot);
        if (record >= 0)
        {
            book.state(record, VenueOrderState.REJECTED);
            finish(slot, record);
        }
        else
        {
            orders.release(slot);
        }
        return length;
    }

    private int sendFailed(final int slot)
    {
        final int length = encoder.sendFailed(BrokerErrorCode.get(orders.reason(slot)), orders, slot);
        orders.release(slot);
        return length;
    }

    private void finish(final int slot, final int record)
    {
        book.openSlot(record, -1);
        orders.release(slot);
    }

    /** Schedule what follows an ack or a partial fill: a pending cancel, the next fill, or the expiry. */
    private void scheduleNext(final int slot, final long afterNs)
    {
        final long cancelAtNs = orders.cancelAtNs(slot);
        final long dueNs;
        if (InFlightOrders.NO_CANCEL != cancelAtNs)
        {
            orders.nextReport(slot, ReportKind.CANCELED);
            dueNs = Math.max(cancelAtNs, afterNs);
        }
        else
        {
            orders.nextReport(slot, orders.fillsLeft(slot) > 0 ? ReportKind.FILL : ReportKind.EXPIRED);
            dueNs = afterNs + fillIntervalNs;
        }
        schedule.schedule(slot, dueNs, orders.nextTiebreak(slot));
    }

    private long partialQty(final int slot, final long leaves, final long reserve)
    {
        final long share = scaleByPpm(leaves, MIN_PARTIAL_PPM + orders.nextInt(slot, PARTIAL_PPM_RANGE));
        return Math.max(1, Math.min(leaves - reserve, share));
    }

    /** The order price moved against the order by a slippage in [0, maxSlippageBps], rounded toward the order price. */
    private long slippedPrice(final int slot)
    {
        final long price = orders.price(slot);
        final long slippage = scaleByPpm(price, orders.nextInt(slot, slippageBound));
        return SimulatedBroker.BUY == orders.side(slot) ? Math.addExact(price, slippage) : price - slippage;
    }

    /** Only a resting order can add liquidity: a LIMIT DAY/GTC order, with the maker probability. */
    private Liquidity liquidity(final int slot)
    {
        final byte timeInForce = orders.timeInForce(slot);
        final boolean canRest = SimulatedBroker.LIMIT == orders.orderType(slot) && (SimulatedBroker.DAY == timeInForce || SimulatedBroker.GTC == timeInForce);
        return canRest && orders.nextInt(slot, PPM) < makerPpm ? Liquidity.MAKER : Liquidity.TAKER;
    }

    /** {@code value * ppm / 10^6} rounded down, exact for any non-negative value and ppm up to 10^6. */
    static long scaleByPpm(final long value, final int ppm)
    {
        return (value / PPM) * ppm + (value % PPM) * ppm / PPM;
    }
}

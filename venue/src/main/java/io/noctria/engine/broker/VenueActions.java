package io.noctria.engine.broker;

import io.noctria.codecs.OrderTransitions;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.gateway.BrokerReportSink;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The simulated venue's side of cancel and replace (docs/messages.md, Actions): takes the engine's CancelSent and
 * ReplaceSent, finds the order by its ClOrdID (the identity block), applies the action to the venue's record and
 * answers what a FIX venue answers: a cancel takes effect later as the order's Canceled (scheduled like any report);
 * a replace takes effect at once and is answered Replaced; a refusal is a CancelReject (FIX CxlRejReason:
 * TOO_LATE_TO_CANCEL when the order is final, UNKNOWN_ORDER when the venue never recorded it, ALREADY_PENDING,
 * BROKER_OPTION). Immediate answers go to the sink from inside the call, as a status query's do. Nothing is drawn
 * at random: given the same calls at the same venue times, the same answers. Allocation-free; the venue's thread.
 */
final class VenueActions
{
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int CL_ORD_ID_LENGTH = VenueOrderBook.CL_ORD_ID_LENGTH;
    private static final byte[] TOO_LATE = "order already final at the venue".getBytes();
    private static final byte[] UNKNOWN = "no order under this ClOrdID at the venue".getBytes();
    private static final byte[] PENDING = "a cancel of the order is already pending".getBytes();
    private static final byte[] NOT_ENOUGH = "too little left to replace: new qty at or below what is filled or owed".getBytes();
    private static final byte[] NO_SLOT = "order restored from an earlier run: the venue sends it nothing more".getBytes();

    private final ReportSchedule schedule;
    private final long cancelLatencyNs;
    private final VenueOrderBook book;
    private final InFlightOrders orders;
    private final BrokerReportSink sink;
    private final ReplaceSentDecoder replaceSent = new ReplaceSentDecoder();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final CancelRejectEncoder cancelReject = new CancelRejectEncoder();
    private final ReplacedEncoder replaced = new ReplacedEncoder();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[512]);
    private final byte[] clOrdId = new byte[CL_ORD_ID_LENGTH];
    private final byte[] traceId = new byte[ReplacedEncoder.traceIdLength()];
    private final byte[] key = new byte[ReplacedEncoder.idempotencyKeyLength()];
    private final byte[] requestClOrdId = new byte[CL_ORD_ID_LENGTH];
    // What the action being answered is: set by locate for the answer.
    private CxlRejResponseTo responseTo;
    private long venueNs;

    VenueActions(final VenueOrderBook book, final InFlightOrders orders, final ReportSchedule schedule,
        final long cancelLatencyNs, final BrokerReportSink sink)
    {
        this.schedule = schedule;
        this.cancelLatencyNs = cancelLatencyNs;
        this.book = book;
        this.orders = orders;
        this.sink = sink;
    }

    /** {@link #cancelRecord}: the cancel takes effect. */
    static final int CANCEL_ACCEPTED = 0;
    /** {@link #cancelRecord}: the order is already final at the venue. */
    static final int CANCEL_TOO_LATE = 1;
    /** {@link #cancelRecord}: a cancel is already pending at the venue. */
    static final int CANCEL_PENDING = 2;
    /** {@link #cancelRecord}: the venue is about to reject the order itself; the rejection answers. */
    static final int CANCEL_REJECTING = 3;
    /** {@link #cancelRecord}: restored from an earlier run, no reports left to send for it. */
    static final int CANCEL_NO_SLOT = 4;

    /** Applies a cancel to the venue's record {@code record} (see SimulatedBroker#cancel); returns the outcome. */
    int cancelRecord(final int record, final long venueNs)
    {
        if (OrderTransitions.isTerminal(book.state(record)))
        {
            return CANCEL_TOO_LATE;
        }
        final int slot = book.openSlot(record);
        if (slot < 0)
        {
            return CANCEL_NO_SLOT;
        }
        final byte next = orders.nextReport(slot);
        if (ReportKind.REJECT == next)
        {
            return CANCEL_REJECTING;
        }
        if (ReportKind.CANCELED == next || InFlightOrders.NO_CANCEL != orders.cancelAtNs(slot))
        {
            return CANCEL_PENDING;
        }
        final long effectiveNs = venueNs + cancelLatencyNs;
        if ((ReportKind.FILL == next || ReportKind.EXPIRED == next) && schedule.dueNs(slot) > effectiveNs)
        {
            orders.nextReport(slot, ReportKind.CANCELED);
            schedule.schedule(slot, effectiveNs, orders.nextTiebreak(slot));
        }
        else
        {
            orders.cancelAtNs(slot, effectiveNs);
        }
        return CANCEL_ACCEPTED;
    }

    void cancel(final DirectBuffer buffer, final int offset, final int length, final long venueNs)
    {
        final int record = locate(buffer, offset, length, CancelSentDecoder.TEMPLATE_ID, CancelSentDecoder.BLOCK_LENGTH,
            CancelSentDecoder.clOrdIdEncodingOffset(), CancelSentDecoder.requestClOrdIdEncodingOffset(),
            CxlRejResponseTo.CANCEL, venueNs);
        if (record < 0)
        {
            return;
        }
        final long brokerOrderId = VenueOrderBook.brokerOrderId(record);
        switch (cancelRecord(record, venueNs))
        {
            case CANCEL_TOO_LATE:
                refuse(brokerOrderId, CxlRejReason.TOO_LATE_TO_CANCEL, TOO_LATE);
                break;
            case CANCEL_PENDING:
                refuse(brokerOrderId, CxlRejReason.ALREADY_PENDING, PENDING);
                break;
            case CANCEL_NO_SLOT:
                refuse(brokerOrderId, CxlRejReason.BROKER_OPTION, NO_SLOT);
                break;
            default:
                // Accepted (its Canceled follows, unless a fill completes the order first), or the venue's own
                // rejection of the order is due and answers the cancel too.
                break;
        }
    }

    void replace(final DirectBuffer buffer, final int offset, final int length, final long venueNs)
    {
        final int record = locate(buffer, offset, length, ReplaceSentDecoder.TEMPLATE_ID,
            ReplaceSentDecoder.BLOCK_LENGTH, ReplaceSentDecoder.clOrdIdEncodingOffset(),
            ReplaceSentDecoder.requestClOrdIdEncodingOffset(), CxlRejResponseTo.REPLACE, venueNs);
        if (record < 0)
        {
            return;
        }
        replaceSent.wrap(buffer, offset + HEADER, ReplaceSentDecoder.BLOCK_LENGTH, ReplaceSentDecoder.SCHEMA_VERSION);
        final long brokerOrderId = VenueOrderBook.brokerOrderId(record);
        final int slot = book.openSlot(record);
        if (OrderTransitions.isTerminal(book.state(record)))
        {
            refuse(brokerOrderId, CxlRejReason.TOO_LATE_TO_CANCEL, TOO_LATE);
            return;
        }
        if (slot < 0)
        {
            refuse(brokerOrderId, CxlRejReason.BROKER_OPTION, NO_SLOT);
            return;
        }
        final byte next = orders.nextReport(slot);
        if (ReportKind.REJECT == next)
        {
            return; // the venue's rejection of the order answers the replace too
        }
        if (ReportKind.CANCELED == next || InFlightOrders.NO_CANCEL != orders.cancelAtNs(slot))
        {
            refuse(brokerOrderId, CxlRejReason.ALREADY_PENDING, PENDING);
            return;
        }
        final long qty = replaceSent.qty();
        final long cumQty = book.cumQty(record);
        // Units of 10^-6 the later fills and an expiry must find unfilled (as ReportDelivery reserves them).
        final long owed = orders.fillsLeft(slot) + (orders.expires(slot) ? 1 : 0);
        if (qty - cumQty <= owed || replaceSent.price() <= 0)
        {
            refuse(brokerOrderId, CxlRejReason.BROKER_OPTION, NOT_ENOUGH);
            return;
        }
        orders.terms(slot, qty, replaceSent.price());
        book.qty(record, qty);
        replaced.wrapAndApplyHeader(out, 0, header)
            .tsNs(0)
            .brokerTsNs(venueNs)
            .brokerOrderId(brokerOrderId)
            .qty(qty)
            .price(replaceSent.price())
            .cumQty(cumQty)
            .putClOrdId(clOrdId, 0)
            .putTraceId(traceId, 0)
            .putIdempotencyKey(key, 0, key.length)
            .putRequestClOrdId(requestClOrdId, 0);
        sink.onReport(out, 0, HEADER + replaced.encodedLength());
    }

    /**
     * Checks the engine's message, copies its identity and the request's ClOrdID for the answer, and finds the
     * order's record; an order the venue never recorded is answered UNKNOWN_ORDER here.
     *
     * @return the record, or -1 when answered already.
     */
    private int locate(final DirectBuffer buffer, final int offset, final int length, final int templateId,
        final int blockLength, final int identityOffset, final int requestOffset, final CxlRejResponseTo answering,
        final long nowNs)
    {
        final int actual = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        if (actual != templateId || length < HEADER + blockLength)
        {
            throw new IllegalArgumentException(io.noctria.codecs.Messages.name(templateId) + " expected, got " + length +
                " bytes of template " + actual);
        }
        final int identity = offset + HEADER + identityOffset;
        identify(buffer, identity, offset + HEADER + requestOffset);
        responseTo = answering;
        venueNs = nowNs;
        final int record = book.find(buffer, identity);
        if (record < 0)
        {
            refuse(0, CxlRejReason.UNKNOWN_ORDER, UNKNOWN);
        }
        return record;
    }

    /** A CancelReject of the action {@link #locate} read, from inside the call. */
    private void refuse(final long brokerOrderId, final CxlRejReason reason, final byte[] text)
    {
        cancelReject.wrapAndApplyHeader(out, 0, header)
            .tsNs(0)
            .brokerTsNs(venueNs)
            .brokerOrderId(brokerOrderId)
            .reason(reason)
            .responseTo(responseTo)
            .putClOrdId(clOrdId, 0)
            .putTraceId(traceId, 0)
            .putIdempotencyKey(key, 0, key.length)
            .putRequestClOrdId(requestClOrdId, 0)
            .putText(text, 0, text.length);
        sink.onReport(out, 0, HEADER + cancelReject.encodedLength());
    }

    /** Copies the order's identity block (ClOrdID, trace id, key, in a row) and the request's ClOrdID. */
    private void identify(final DirectBuffer buffer, final int identity, final int request)
    {
        buffer.getBytes(identity, clOrdId);
        buffer.getBytes(identity + CL_ORD_ID_LENGTH, traceId);
        buffer.getBytes(identity + CL_ORD_ID_LENGTH + traceId.length, key);
        buffer.getBytes(request, requestClOrdId);
    }
}

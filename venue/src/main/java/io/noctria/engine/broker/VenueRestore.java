package io.noctria.engine.broker;

import io.noctria.codecs.sbe.*;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Replays the execution reports a durable venue delivered in an earlier run into its order book, so the
 * restarted {@link SimulatedBroker} remembers each order as acknowledged, filled so far or terminal. Kept
 * apart from the simulator because it is the recovery path: it reads reports, where the venue writes them.
 */
final class VenueRestore
{
    /** Returned for a message that carries no venue time the restore should adopt. */
    static final long NO_TIME = Long.MIN_VALUE;

    /** One schema, one byte order for every message. */
    private static final ByteOrder BYTE_ORDER = BrokerAckDecoder.BYTE_ORDER;
    private static final int NOT_A_REPORT = -1;
    /** By template id: where a report's ClOrdID and brokerTsNs sit in its body; {@link #NOT_A_REPORT} otherwise. */
    private static final int[] CL_ORD_ID_AT;
    private static final int[] BROKER_TS_AT;

    static
    {
        final int[][] reports = {
            { BrokerAckDecoder.TEMPLATE_ID, BrokerAckDecoder.clOrdIdEncodingOffset(),
                BrokerAckDecoder.brokerTsNsEncodingOffset() },
            { FillDecoder.TEMPLATE_ID, FillDecoder.clOrdIdEncodingOffset(), FillDecoder.brokerTsNsEncodingOffset() },
            { BrokerRejectDecoder.TEMPLATE_ID, BrokerRejectDecoder.clOrdIdEncodingOffset(),
                BrokerRejectDecoder.brokerTsNsEncodingOffset() },
            { ExpiredDecoder.TEMPLATE_ID, ExpiredDecoder.clOrdIdEncodingOffset(),
                ExpiredDecoder.brokerTsNsEncodingOffset() },
            { CanceledDecoder.TEMPLATE_ID, CanceledDecoder.clOrdIdEncodingOffset(),
                CanceledDecoder.brokerTsNsEncodingOffset() },
            { ReplacedDecoder.TEMPLATE_ID, ReplacedDecoder.clOrdIdEncodingOffset(),
                ReplacedDecoder.brokerTsNsEncodingOffset() },
            { CancelRejectDecoder.TEMPLATE_ID, CancelRejectDecoder.clOrdIdEncodingOffset(),
                CancelRejectDecoder.brokerTsNsEncodingOffset() } };
        int maxTemplateId = 0;
        for (final int[] report : reports)
        {
            maxTemplateId = Math.max(maxTemplateId, report[0]);
        }
        CL_ORD_ID_AT = new int[maxTemplateId + 1];
        BROKER_TS_AT = new int[maxTemplateId + 1];
        Arrays.fill(CL_ORD_ID_AT, NOT_A_REPORT);
        for (final int[] report : reports)
        {
            CL_ORD_ID_AT[report[0]] = report[1];
            BROKER_TS_AT[report[0]] = report[2];
        }
    }

    private final VenueOrderBook book;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    VenueRestore(final VenueOrderBook book)
    {
        this.book = book;
    }

    /**
     * Apply one earlier report to the book. Reports of ClOrdIDs the venue did not record (duplicate or invalid
     * rejects, transient errors) and status answers change nothing.
     *
     * @param buffer holding the report, header included.
     * @param offset of the header.
     * @return the report's venue time ({@code brokerTsNs}), which the venue clock advances to, or
     * {@link #NO_TIME} for a message that must not move it.
     */
    long restore(final DirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int templateId = header.templateId();
        if (templateId < 0 || templateId >= CL_ORD_ID_AT.length || NOT_A_REPORT == CL_ORD_ID_AT[templateId])
        {
            return NO_TIME;
        }
        if (BrokerRejectDecoder.TEMPLATE_ID == templateId)
        {
            final int reason = buffer.getShort(body + BrokerRejectDecoder.reasonEncodingOffset(), BYTE_ORDER) & 0xFFFF;
            if (reason == BrokerRejectReason.DUPLICATE_CLORDID.value() ||
                reason == BrokerRejectReason.INVALID_ORDER.value())
            {
                return NO_TIME; // refused on entry: never recorded, must not touch the original order's record
            }
        }
        final int clOrdIdOffset = body + CL_ORD_ID_AT[templateId];
        final long brokerTsNs = buffer.getLong(body + BROKER_TS_AT[templateId], BYTE_ORDER);
        final int record = book.find(buffer, clOrdIdOffset);
        if (record < 0)
        {
            return brokerTsNs;
        }
        switch (templateId)
        {
            case BrokerAckDecoder.TEMPLATE_ID:
                book.state(record, VenueOrderState.NEW);
                break;
            case FillDecoder.TEMPLATE_ID:
            {
                final long fillQty = buffer.getLong(body + FillDecoder.fillQtyEncodingOffset(), BYTE_ORDER);
                final long fillPrice = buffer.getLong(body + FillDecoder.fillPriceEncodingOffset(), BYTE_ORDER);
                final long leavesQty = buffer.getLong(body + FillDecoder.leavesQtyEncodingOffset(), BYTE_ORDER);
                book.addFill(record, fillQty, fillPrice);
                if (VenueOrderState.CANCELED != book.state(record))
                {
                    book.state(record, 0 == leavesQty ? VenueOrderState.FILLED : VenueOrderState.PARTIALLY_FILLED);
                }
                break;
            }
            case BrokerRejectDecoder.TEMPLATE_ID:
                book.state(record, VenueOrderState.REJECTED);
                break;
            case ExpiredDecoder.TEMPLATE_ID:
                book.state(record, VenueOrderState.EXPIRED);
                break;
            case ReplacedDecoder.TEMPLATE_ID:
                book.qty(record, buffer.getLong(body + ReplacedDecoder.qtyEncodingOffset(), BYTE_ORDER));
                break;
            case CancelRejectDecoder.TEMPLATE_ID:
                break; // the order's record is as it was
            default:
                book.state(record, VenueOrderState.CANCELED);
                break;
        }
        return brokerTsNs;
    }
}

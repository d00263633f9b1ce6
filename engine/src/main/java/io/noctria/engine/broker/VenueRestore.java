package io.noctria.engine.broker;

import io.noctria.codecs.sbe.*;
import org.agrona.DirectBuffer;

/**
 * Replays the execution reports a durable venue delivered in an earlier run into its order book, so the
 * restarted {@link SimulatedBroker} remembers each order as acknowledged, filled so far or terminal. Kept
 * apart from the simulator because it is the recovery path: it reads reports, where the venue writes them.
 */
final class VenueRestore
{
    /** Returned for a message that carries no venue time the restore should adopt. */
    static final long NO_TIME = Long.MIN_VALUE;

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
        final int clOrdIdOffset;
        final long brokerTsNs;
        switch (templateId)
        {
            case BrokerAckDecoder.TEMPLATE_ID:
                clOrdIdOffset = body + BrokerAckDecoder.clOrdIdEncodingOffset();
                brokerTsNs = buffer.getLong(body + BrokerAckDecoder.brokerTsNsEncodingOffset(), BrokerAckDecoder.BYTE_ORDER);
                break;
            case FillDecoder.TEMPLATE_ID:
                clOrdIdOffset = body + FillDecoder.clOrdIdEncodingOffset();
                brokerTsNs = buffer.getLong(body + FillDecoder.brokerTsNsEncodingOffset(), FillDecoder.BYTE_ORDER);
                break;
            case BrokerRejectDecoder.TEMPLATE_ID:
            {
                final int reason = buffer.getShort(body + BrokerRejectDecoder.reasonEncodingOffset(),
                    BrokerRejectDecoder.BYTE_ORDER) & 0xFFFF;
                if (reason == BrokerRejectReason.DUPLICATE_CLORDID.value() ||
                    reason == BrokerRejectReason.INVALID_ORDER.value())
                {
                    return NO_TIME; // refused on entry: never recorded, must not touch the original order's record
                }
                clOrdIdOffset = body + BrokerRejectDecoder.clOrdIdEncodingOffset();
                brokerTsNs = buffer.getLong(body + BrokerRejectDecoder.brokerTsNsEncodingOffset(),
                    BrokerRejectDecoder.BYTE_ORDER);
                break;
            }
            case ExpiredDecoder.TEMPLATE_ID:
                clOrdIdOffset = body + ExpiredDecoder.clOrdIdEncodingOffset();
                brokerTsNs = buffer.getLong(body + ExpiredDecoder.brokerTsNsEncodingOffset(), ExpiredDecoder.BYTE_ORDER);
                break;
            case CanceledDecoder.TEMPLATE_ID:
                clOrdIdOffset = body + CanceledDecoder.clOrdIdEncodingOffset();
                brokerTsNs = buffer.getLong(body + CanceledDecoder.brokerTsNsEncodingOffset(), CanceledDecoder.BYTE_ORDER);
                break;
            default:
                return NO_TIME;
        }
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
                final long fillQty = buffer.getLong(body + FillDecoder.fillQtyEncodingOffset(), FillDecoder.BYTE_ORDER);
                final long fillPrice = buffer.getLong(body + FillDecoder.fillPriceEncodingOffset(), FillDecoder.BYTE_ORDER);
                final long leavesQty = buffer.getLong(body + FillDecoder.leavesQtyEncodingOffset(), FillDecoder.BYTE_ORDER);
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
            default:
                book.state(record, VenueOrderState.CANCELED);
                break;
        }
        return brokerTsNs;
    }
}

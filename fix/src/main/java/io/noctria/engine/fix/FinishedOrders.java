package io.noctria.engine.fix;

import io.noctria.codecs.sbe.BrokerRejectEncoder;
import io.noctria.codecs.sbe.CanceledEncoder;
import io.noctria.codecs.sbe.ExpiredEncoder;
import io.noctria.codecs.sbe.FillEncoder;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import org.agrona.DirectBuffer;

import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The retention rule of the gateway's per-order tables (the ClOrdID table and the reports taken): the orders whose
 * final report (a fill that leaves nothing, a reject, an expiry, a cancel) the gateway has passed on, oldest first.
 * The newest {@code retained} of them are kept: a report that still matters for a finished order (a fill that raced
 * its cancel, a resend of a report after a crash) comes within a few reports of its end, not tens of thousands of
 * orders later. Older ones are dropped from both tables; a report naming one of them afterwards is refused as an
 * unknown ClOrdID (journaled, with a CRITICAL alert), never booked. Orders still working are never dropped.
 * <p>
 * Dropping is batched: once {@code retained + retained / 2} orders are held, the oldest half-batch goes in one pass
 * over the tables, so the cost per order stays constant. On the FIX session's thread only.
 */
final class FinishedOrders
{
    /** Finished orders kept by default: about 12 MB of tables at roughly 250 bytes per order. */
    static final int DEFAULT_RETAINED = 50_000;

    private final int retained;
    private final int threshold;
    private final Set<String> finished = new LinkedHashSet<>();
    private long dropped;

    FinishedOrders(final int retained)
    {
        if (retained < 1)
        {
            throw new IllegalArgumentException("finished orders retained must be at least 1: " + retained);
        }
        this.retained = retained;
        this.threshold = retained + Math.max(1, retained / 2);
    }

    /** Notes the report at {@code offset} (header included): when it ends its order, the order is finished. */
    void onReport(final DirectBuffer message, final int offset)
    {
        final String order = finalReportClOrdId(message, offset);
        if (null != order)
        {
            finished.add(order);
        }
    }

    /** @return the orders to drop now (the oldest beyond {@code retained}), forgotten here; empty most of the time. */
    Set<String> overflow()
    {
        if (finished.size() < threshold)
        {
            return Collections.emptySet();
        }
        final Set<String> drop = new HashSet<>();
        final Iterator<String> oldest = finished.iterator();
        for (int n = finished.size() - retained; n > 0; n--)
        {
            drop.add(oldest.next());
            oldest.remove();
        }
        dropped += drop.size();
        return drop;
    }

    /** @return finished orders held now. */
    int held()
    {
        return finished.size();
    }

    /** @return finished orders dropped from the tables so far. */
    long dropped()
    {
        return dropped;
    }

    /** @return the order's ClOrdID when the report ends the order's time at the venue, else null. */
    private static String finalReportClOrdId(final DirectBuffer message, final int offset)
    {
        final int template = message.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (template)
        {
            case FillEncoder.TEMPLATE_ID:
                return 0 == message.getLong(body + FillEncoder.leavesQtyEncodingOffset(), FillEncoder.BYTE_ORDER) ?
                    FixFields.ascii(message, body + FillEncoder.clOrdIdEncodingOffset(), 32) : null;
            case BrokerRejectEncoder.TEMPLATE_ID:
                return FixFields.ascii(message, body + BrokerRejectEncoder.clOrdIdEncodingOffset(), 32);
            case ExpiredEncoder.TEMPLATE_ID:
                return FixFields.ascii(message, body + ExpiredEncoder.clOrdIdEncodingOffset(), 32);
            case CanceledEncoder.TEMPLATE_ID:
                return FixFields.ascii(message, body + CanceledEncoder.clOrdIdEncodingOffset(), 32);
            default:
                return null;
        }
    }
}

package io.noctria.engine.gateway;

import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * The engine's link to a venue in another process ({@code noctria broker-sim}, a FIX gateway later),
 * through two Chronicle queues in the venue's directory: {@code broker-orders} (this gateway is its single
 * writer: {@code OrderSent} and {@code OrderStatusQuery}) and {@code broker-reports} (read-only here:
 * execution reports and {@code OrderStatusReport}, written by the venue).
 * <p>
 * <b>Resuming.</b> The report stream is durable and outlives both processes, so where this gateway starts
 * reading it decides whether a report is delivered twice or skipped. The journal decides: the host passes the
 * last report it journaled ({@link #resumeAfterJournaled}); the gateway finds the last excerpt of
 * {@code broker-reports} with the same bytes (the journaled copy differs only in {@code tsNs}, the engine's
 * sequencing stamp, which the venue writes as 0) and reads on from the excerpt after it, so reports written
 * while the engine was down are delivered and none is delivered twice. When the journal holds no report, or
 * its last one is not in this venue's stream (a new venue directory, a switch from the embedded venue), the
 * gateway starts at the stream's end as it was at start-up: reports of an earlier life of the venue directory
 * are never applied to this journal's orders; orders left in doubt are what reconciliation (status queries)
 * is for. The scan reads the stream once at start-up, like recovery reads the journal.
 * <p>
 * <b>In flight.</b> An order is in flight from {@link #send} until its final report (a full Fill, BrokerReject,
 * Expired, Canceled or SendFailed) is delivered, counted per ClOrdID (a 64-bit hash of its 32 bytes in a
 * primitive map; reports of orders sent by an earlier run do not count), so a clean stop waits for this run's
 * orders only.
 * <p>
 * <b>Threading and cost.</b> Built on the start-up thread; then {@link #send}, {@link #poll} and
 * {@link #queryStatus} belong to one thread (the ingress agent), which claims the thread-bound Chronicle
 * appender and tailer on its first call. {@code send} is one zero-copy append to a memory-mapped file and a
 * primitive-map update: no locks, no allocation in steady state. Reports are handed to the sink as views of
 * the mapped queue file, valid during the call. An excerpt of {@code broker-reports} that is not a readable
 * message is counted ({@link #invalidReports}) and passed over; a record of the venue's mistake stays in its
 * queue. A damaged frame there ({@code DAMAGED}, {@code UNFRAMED}) is different: it may be a lost fill, so
 * {@link #poll} throws, naming its index, and the engine halts.
 */
public final class ProcessBrokerGateway implements BrokerGateway, JournalConsumer
{
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int POLL_LIMIT = 256;
    private static final long NOT_OPEN = 0;

    private final BrokerReportSink sink;
    private final Journal orders;
    private final JournalReader reports;
    private final Path directory;
    private final Long2LongHashMap openByClOrdId = new Long2LongHashMap(4096, 0.5f, NOT_OPEN);
    private final UnsafeBuffer queryBuffer = new UnsafeBuffer(new byte[128]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OrderStatusQueryEncoder query = new OrderStatusQueryEncoder();

    private boolean threadClaimed;
    private boolean closed;
    private int inFlight;
    private long lastPollNs;
    private long ordersSent;
    private long queriesSent;
    private long reportsDelivered;
    private long invalidReports;
    private long resumedAfterIndex = Journal.NO_INDEX;

    /**
     * Opens the link in {@code venueDir}, creating both queues when missing (so either side may start
     * first), positioned at the current end of the report stream until {@link #resumeAfterJournaled}.
     *
     * @throws IllegalStateException when another engine already writes this venue's orders queue.
     */
    public ProcessBrokerGateway(final Path venueDir, final BrokerReportSink sink)
    {
        if (null == venueDir || null == sink)
        {
            throw new NullPointerException("venueDir and sink are required");
        }
        this.sink = sink;
        this.directory = venueDir;
        final DataDirectory dir = new DataDirectory(venueDir);
        // The venue is the reports queue's single writer; this process only creates it if it does not exist yet.
        Journal.createIfMissing(dir.queue(DataDirectory.BROKER_REPORTS));
        this.orders = Journal.open(dir.queue(DataDirectory.BROKER_ORDERS), JournalConfig.defaults());
        JournalReader reader = null;
        try
        {
            reader = JournalReader.open(dir.queue(DataDirectory.BROKER_REPORTS));
            reader.toEnd();
        }
        catch (final RuntimeException ex)
        {
            orders.close();
            throw ex;
        }
        this.reports = reader;
    }

    /** @return the venue directory holding the queues. */
    public Path directory()
    {
        return directory;
    }

    @Override
    public void resumeAfterJournaled(final DirectBuffer report, final int offset, final int length)
    {
        if (null == report || length <= HEADER + Long.BYTES)
        {
            return; // nothing journaled: stay at the end of the stream as it was at start-up
        }
        final LastMatch match = new LastMatch(report, offset, length);
        reports.toStart();
        while (reports.poll(match, 4096) > 0)
        {
            // scanning the whole stream once; the last equal excerpt wins
        }
        if (match.index != Journal.NO_INDEX && reports.toIndex(match.index))
        {
            reports.poll(SKIP_ONE, 1);
            resumedAfterIndex = match.index;
        }
        else
        {
            reports.toEnd();
        }
    }

    /**
     * @return the index in {@code broker-reports} of the last report the journal already holds, which reading
     * resumed after; {@link Journal#NO_INDEX} when reading started at the stream's end.
     */
    public long resumedAfterIndex()
    {
        return resumedAfterIndex;
    }

    /**
     * Append the order to {@code broker-orders}.
     *
     * @throws IllegalArgumentException when the bytes are not an OrderSent of the Noctria schema (a bug).
     * @throws IllegalStateException    after {@link #close()}.
     */
    @Override
    public void send(final DirectBuffer buffer, final int offset, final int length)
    {
        if (closed)
        {
            throw new IllegalStateException("broker gateway is closed");
        }
        if (length < HEADER + OrderSentDecoder.BLOCK_LENGTH ||
            (buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(), MessageHeaderDecoder.BYTE_ORDER)
                & 0xFFFF) != OrderSentDecoder.TEMPLATE_ID)
        {
            throw new IllegalArgumentException("OrderSent expected, got " + length + " bytes of template " +
                (buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
                    MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF));
        }
        claimThread();
        orders.append(buffer, offset, length);
        ordersSent++;
        final long key = ClOrdIdHash.hash(buffer, offset + HEADER + OrderSentDecoder.clOrdIdEncodingOffset());
        openByClOrdId.put(key, openByClOrdId.get(key) + 1);
        inFlight++;
    }

    /** Append the journaled CancelSent to {@code broker-orders}, after the orders before it; broker-sim answers. */
    @Override
    public void cancel(final DirectBuffer buffer, final int offset, final int length)
    {
        forward(buffer, offset, length, CancelSentDecoder.TEMPLATE_ID, CancelSentDecoder.BLOCK_LENGTH);
    }

    /** Append the journaled ReplaceSent to {@code broker-orders}; broker-sim answers Replaced or CancelReject. */
    @Override
    public void replace(final DirectBuffer buffer, final int offset, final int length)
    {
        forward(buffer, offset, length, ReplaceSentDecoder.TEMPLATE_ID, ReplaceSentDecoder.BLOCK_LENGTH);
    }

    private void forward(final DirectBuffer buffer, final int offset, final int length, final int templateId,
        final int blockLength)
    {
        if (closed)
        {
            throw new IllegalStateException("broker gateway is closed");
        }
        final int actual = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        if (length < HEADER + blockLength || actual != templateId)
        {
            throw new IllegalArgumentException(io.noctria.codecs.Messages.name(templateId) + " expected, got " +
                length + " bytes of template " + actual);
        }
        claimThread();
        orders.append(buffer, offset, length);
    }

    /**
     * Deliver the reports the venue has written since the last poll, in stream order, up to a batch.
     *
     * @param nowNs the host's clock; stamps the next status query.
     */
    @Override
    public int poll(final long nowNs)
    {
        if (closed)
        {
            return 0;
        }
        claimThread();
        lastPollNs = nowNs;
        return reports.poll(this, POLL_LIMIT);
    }

    /** Append an {@code OrderStatusQuery} to {@code broker-orders}; the venue answers on its report stream. */
    @Override
    public void queryStatus(final long queryId, final DirectBuffer clOrdId, final int clOrdIdOffset)
    {
        if (closed)
        {
            throw new IllegalStateException("broker gateway is closed");
        }
        claimThread();
        query.wrapAndApplyHeader(queryBuffer, 0, headerEncoder)
            .tsNs(lastPollNs)
            .queryId(queryId);
        queryBuffer.putBytes(HEADER + OrderStatusQueryEncoder.clOrdIdEncodingOffset(), clOrdId, clOrdIdOffset,
            OrderStatusQueryEncoder.clOrdIdLength());
        orders.append(queryBuffer, 0, HEADER + query.encodedLength());
        queriesSent++;
    }

    @Override
    public int inFlight()
    {
        return inFlight;
    }

    /** @return orders appended to {@code broker-orders} by this gateway. */
    public long ordersSent()
    {
        return ordersSent;
    }

    /** @return status queries appended to {@code broker-orders} by this gateway. */
    public long queriesSent()
    {
        return queriesSent;
    }

    /** @return reports handed to the sink. */
    public long reportsDelivered()
    {
        return reportsDelivered;
    }

    /** @return excerpts of {@code broker-reports} that were not readable messages, passed over. */
    public long invalidReports()
    {
        return invalidReports;
    }

    /** Closes both queues (from any thread once the polling thread has stopped); idempotent. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            reports.close();
        }
        finally
        {
            orders.close();
        }
    }

    @Override
    public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        if (!ExecutionCore.isBrokerReport(templateId))
        {
            // A readable message that is not a report has no business in this stream.
            invalidReports++;
            return;
        }
        final int clOrdIdOffset = finalReportClOrdIdOffset(templateId, buffer, offset + HEADER);
        if (clOrdIdOffset >= 0)
        {
            final long key = ClOrdIdHash.hash(buffer, clOrdIdOffset);
            final long open = openByClOrdId.get(key);
            if (open != NOT_OPEN)
            {
                if (open == 1)
                {
                    openByClOrdId.remove(key);
                }
                else
                {
                    openByClOrdId.put(key, open - 1);
                }
                inFlight--;
            }
        }
        reportsDelivered++;
        sink.onReport(buffer, offset, length);
    }

    /**
     * @return where the ClOrdID stands in a report that ends its order's time at the venue (a reject, an expiry, a
     * cancel, a send failure, a fill that leaves nothing), or -1 for one that leaves it working (an ack, a partial
     * fill, a status answer).
     */
    private static int finalReportClOrdIdOffset(final int templateId, final DirectBuffer buffer, final int body)
    {
        switch (templateId)
        {
            case FillDecoder.TEMPLATE_ID:
                return 0 == buffer.getLong(body + FillDecoder.leavesQtyEncodingOffset(), FillDecoder.BYTE_ORDER) ?
                    body + FillDecoder.clOrdIdEncodingOffset() : -1;
            case BrokerRejectDecoder.TEMPLATE_ID:
                return body + BrokerRejectDecoder.clOrdIdEncodingOffset();
            case ExpiredDecoder.TEMPLATE_ID:
                return body + ExpiredDecoder.clOrdIdEncodingOffset();
            case CanceledDecoder.TEMPLATE_ID:
                return body + CanceledDecoder.clOrdIdEncodingOffset();
            case SendFailedDecoder.TEMPLATE_ID:
                return body + SendFailedDecoder.clOrdIdEncodingOffset();
            default:
                return -1;
        }
    }

    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        if (error == RecordError.DAMAGED || error == RecordError.UNFRAMED)
        {
            // A damaged frame may be a fill or a reject: passing over it would lose a venue report silently, and a
            // position or an order's state would be wrong from then on. Stop the engine, naming the index.
            throw new IllegalStateException("broker-reports excerpt " + index + " (0x" + Long.toHexString(index) +
                ") in " + reports.directory() + " is " + error + " (" + detail + "): a venue report may be lost, so " +
                "the engine stops taking reports; see docs/operations-journal.md, \"A damaged journal\"");
        }
        invalidReports++;
    }

    @Override
    public String toString()
    {
        return "ProcessBrokerGateway{" + directory + ", sent=" + ordersSent + ", inFlight=" + inFlight +
            ", reports=" + reportsDelivered + "}";
    }

    /** Chronicle appenders and tailers are bound to one thread: the first caller after start-up takes them. */
    private void claimThread()
    {
        if (!threadClaimed)
        {
            orders.assignToCurrentThread();
            reports.assignToCurrentThread();
            threadClaimed = true;
        }
    }

    private static final JournalConsumer SKIP_ONE = new JournalConsumer()
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

    /** Finds the last excerpt equal to the journaled report, ignoring the first body field (tsNs). */
    private static final class LastMatch implements JournalConsumer
    {
        private final UnsafeBuffer wanted;
        private final int length;
        long index = Journal.NO_INDEX;

        LastMatch(final DirectBuffer report, final int offset, final int length)
        {
            final byte[] copy = new byte[length];
            report.getBytes(offset, copy);
            this.wanted = new UnsafeBuffer(copy);
            this.length = length;
            // The venue writes tsNs as 0; the engine stamps it when it sequences the report.
            wanted.putLong(HEADER, 0, MessageHeaderDecoder.BYTE_ORDER);
        }

        @Override
        public void onMessage(final long excerptIndex, final DirectBuffer buffer, final int offset, final int excerptLength)
        {
            if (excerptLength != length)
            {
                return;
            }
            for (int i = 0; i < length; i++)
            {
                final boolean tsNs = i >= HEADER && i < HEADER + Long.BYTES;
                if (!tsNs && buffer.getByte(offset + i) != wanted.getByte(i))
                {
                    return;
                }
            }
            index = excerptIndex;
        }

        @Override
        public void onInvalid(final long excerptIndex, final RecordError error, final String detail)
        {
        }
    }
}

package io.noctria.engine.broker;

import io.noctria.engine.gateway.BrokerReportSink;

import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.*;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers around a venue directory: read its queues back, decode status answers, a stepping clock. */
final class VenueQueues
{
    private VenueQueues()
    {
    }

    /** @return every excerpt of the named queue of {@code venueDir}, as bytes, in index order. */
    static List<byte[]> read(final Path venueDir, final String queue)
    {
        final List<byte[]> excerpts = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(new DataDirectory(venueDir).queue(queue)))
        {
            final JournalConsumer collect = new JournalConsumer()
            {
                @Override
                public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
                {
                    final byte[] copy = new byte[length];
                    buffer.getBytes(offset, copy);
                    excerpts.add(copy);
                }

                @Override
                public void onInvalid(final long index, final RecordError error, final String detail)
                {
                    throw new AssertionError("invalid excerpt " + index + " in " + queue + ": " + detail);
                }
            };
            while (reader.poll(collect, 1024) > 0)
            {
                // all of it
            }
        }
        return excerpts;
    }

    static int templateId(final byte[] message)
    {
        return new MessageHeaderDecoder().wrap(new UnsafeBuffer(message), 0).templateId();
    }

    static OrderStatusReportDecoder statusReport(final byte[] message)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(message);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        if (header.templateId() != OrderStatusReportDecoder.TEMPLATE_ID)
        {
            throw new AssertionError("not an OrderStatusReport: template " + header.templateId());
        }
        return new OrderStatusReportDecoder().wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
            header.version());
    }

    static VenueOrderReceivedDecoder ledgerEntry(final byte[] message)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(message);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        return new VenueOrderReceivedDecoder().wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
            header.version());
    }

    /** The 32 NUL-padded bytes of a ClOrdID, as the schema carries it. */
    static UnsafeBuffer clOrdIdBytes(final String clOrdId)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[VenueOrderBook.CL_ORD_ID_LENGTH]);
        for (int i = 0; i < clOrdId.length(); i++)
        {
            buffer.putByte(i, (byte)clOrdId.charAt(i));
        }
        return buffer;
    }

    /** A clock that advances by a fixed step on every read: two instances give the same sequence. */
    static final class SteppingClock implements io.noctria.engine.core.EpochNanoClock
    {
        private final long stepNs;
        private long nowNs;

        SteppingClock(final long startNs, final long stepNs)
        {
            this.nowNs = startNs;
            this.stepNs = stepNs;
        }

        @Override
        public long nanoTime()
        {
            nowNs += stepNs;
            return nowNs;
        }
    }

    /** Keeps every report as bytes. */
    static final class BytesSink implements BrokerReportSink
    {
        final List<byte[]> reports = new ArrayList<>();

        @Override
        public void onReport(final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            reports.add(copy);
        }
    }
}

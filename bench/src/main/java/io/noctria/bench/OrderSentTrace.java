package io.noctria.bench;

import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Which bench request a journaled OrderSent answers, read back from its trace id ({@code bench-<12 digits>},
 * {@link RequestWriter}): the broker side of every harness phase finds a request's intended send time this way,
 * so the hand-off carries the engine's own bytes and nothing extra for the measurement. Allocation free; one
 * instance per broker-side thread.
 */
final class OrderSentTrace
{
    /** What {@link #requestOf} says of an order no request caused directly. */
    static final long NO_REQUEST = -1;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderSentDecoder orderSent = new OrderSentDecoder();
    private final UnsafeBuffer trace = new UnsafeBuffer(new byte[64]);

    /**
     * @return the request number of a first-attempt OrderSent; {@link #NO_REQUEST} for a retry (attempt &gt; 1,
     * sent after a SendFailed report) or for any other message (the engine hands over ReconcileRequested too, but
     * only after a restart, which no harness phase does).
     */
    long requestOf(final DirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset);
        if (header.templateId() != OrderSentDecoder.TEMPLATE_ID)
        {
            return NO_REQUEST;
        }
        orderSent.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        if (orderSent.attempt() != 1)
        {
            return NO_REQUEST;
        }
        orderSent.getTraceId(trace.byteArray(), 0);
        return parseDigits(trace, RequestWriter.TRACE_PREFIX_LENGTH);
    }

    /** Reads {@link RequestWriter#TRACE_DIGITS} decimal digits at {@code at}. */
    static long parseDigits(final DirectBuffer text, final int at)
    {
        long value = 0;
        for (int i = at; i < at + RequestWriter.TRACE_DIGITS; i++)
        {
            value = value * 10 + (text.getByte(i) - '0');
        }
        return value;
    }
}

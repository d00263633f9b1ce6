package io.noctria.bench;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The business thread → broker side hand-off, as the engine's {@code OrderHandoff}: an Agrona
 * one-to-one ring buffer sized at twice a Disruptor ring's worth of orders. One difference: the
 * message type id carries a tag, {@link #tagOf} the request number, so the broker side can find
 * the request's intended send time without parsing the order (the engine always writes type 1).
 */
final class OrderHandoffRing
{
    /** Tag of an order that no measured request caused (a retry after SendFailed). */
    static final int UNTAGGED = 1;

    private final OneToOneRingBuffer ring;

    OrderHandoffRing(final int ringSize)
    {
        final int capacity = Integer.highestOneBit(Math.max(2 * ringSize * 512, 64 * 1024));
        ring = new OneToOneRingBuffer(new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(capacity + RingBufferDescriptor.TRAILER_LENGTH, 64)));
    }

    static int tagOf(final long request)
    {
        return request >= 0 ? (int)(request + 2) : UNTAGGED;
    }

    static long requestOf(final int tag)
    {
        return tag >= 2 ? tag - 2L : -1L;
    }

    /** Business thread: enqueue, waiting (without allocating) while the consumer catches up. */
    void offer(final int tag, final DirectBuffer buffer, final int offset, final int length, final IdleStrategy idle)
    {
        idle.reset();
        while (!ring.write(tag, buffer, offset, length))
        {
            idle.idle();
        }
    }

    int drain(final MessageHandler handler)
    {
        return ring.read(handler, Integer.MAX_VALUE);
    }

    boolean isEmpty()
    {
        return ring.size() == 0;
    }
}

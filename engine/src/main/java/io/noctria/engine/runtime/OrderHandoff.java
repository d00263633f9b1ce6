package io.noctria.engine.runtime;

import com.lmax.disruptor.RingBuffer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Carries journaled OrderSent messages from the business thread to the broker-facing agent.
 * <p>
 * Single producer (the business thread, after the journal append) and single consumer (the
 * ingress/broker agent). The consumer drains it even while it waits for ring capacity, so the
 * two threads can never wait on each other.
 * <p>
 * Public so that the latency harness ({@code bench}) hands orders over exactly as the engine does.
 */
public final class OrderHandoff
{
    private static final int MSG_TYPE_ORDER = 1;

    private final OneToOneRingBuffer ring;
    private final DirectArena memory;

    /**
     * @param capacityBytes bytes of orders the hand-off holds at least (rounded down to a power of two, at least
     *                      64 KiB); the memory is direct and stays allocated until {@link #release()}.
     */
    public OrderHandoff(final int capacityBytes)
    {
        final int capacity = Integer.highestOneBit(Math.max(capacityBytes, 64 * 1024));
        memory = new DirectArena(capacity + RingBufferDescriptor.TRAILER_LENGTH);
        ring = new OneToOneRingBuffer(memory.take(capacity + RingBufferDescriptor.TRAILER_LENGTH));
    }

    /** Frees the hand-off's memory; only when neither the business thread nor the broker side can touch it. */
    public void release()
    {
        memory.release();
    }

    /** Business thread: enqueue, waiting (without allocating) while the consumer catches up. */
    public void offer(final DirectBuffer buffer, final int offset, final int length, final IdleStrategy idle)
    {
        idle.reset();
        while (!ring.write(MSG_TYPE_ORDER, buffer, offset, length))
        {
            idle.idle();
        }
    }

    /** Consumer: hand up to {@code limit} orders to the handler. */
    public int drain(final MessageHandler handler, final int limit)
    {
        return ring.read(handler, limit);
    }

    /**
     * Consumer: claims the next slot of {@code inputRing}, the ring the business thread takes its inputs from. While
     * that ring is full the hand-off is drained to {@code handler}, so the business thread, which may be waiting in
     * {@link #offer}, goes on and frees slots: the two threads never wait on each other. {@code mayDrain} is false
     * from inside the broker gateway's own poll, which {@code handler} must not re-enter; the hand-off holds twice
     * the ring's worth of orders, so the business thread cannot fill it meanwhile.
     *
     * @return the claimed sequence, to publish once the slot is written.
     */
    public long claimInputSlot(final RingBuffer<?> inputRing, final MessageHandler handler, final boolean mayDrain,
        final IdleStrategy idle)
    {
        if (!inputRing.hasAvailableCapacity(1))
        {
            idle.reset();
            while (!inputRing.hasAvailableCapacity(1))
            {
                if (!mayDrain || ring.read(handler, Integer.MAX_VALUE) == 0)
                {
                    idle.idle();
                }
            }
        }
        return inputRing.next();
    }

    /** @return bytes waiting in the hand-off (any thread; a snapshot). */
    int size()
    {
        return ring.size();
    }

    /** @return true when nothing waits in the hand-off (any thread; a snapshot). */
    public boolean isEmpty()
    {
        return ring.size() == 0;
    }
}

package io.noctria.engine.runtime;

import io.noctria.engine.gateway.BrokerGateway;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Holds resends (same ClOrdID, attempt n ≥ 2) until their backoff has passed:
 * {@code backoff << (n - 2)}. Pre-allocated; retries are rare, so a linear scan is fine. When full,
 * a retry is sent at once rather than dropped.
 */
final class RetryDelay
{
    private static final int SLOT_BYTES = 1024;

    private final UnsafeBuffer slots;
    private final long[] dueNs;
    private final int[] lengths;
    private final long backoffNs;
    private int count;

    RetryDelay(final int capacity, final long backoffNs)
    {
        this.slots = new UnsafeBuffer(new byte[capacity * SLOT_BYTES]);
        this.dueNs = new long[capacity];
        this.lengths = new int[capacity];
        this.backoffNs = backoffNs;
    }

    /** @return false when it cannot be held (full or too large): the caller sends it now. */
    boolean defer(final org.agrona.DirectBuffer buffer, final int offset, final int length, final int attempt,
        final long nowNs)
    {
        if (count == dueNs.length || length > SLOT_BYTES || backoffNs <= 0)
        {
            return false;
        }
        final int slot = count++;
        slots.putBytes(slot * SLOT_BYTES, buffer, offset, length);
        lengths[slot] = length;
        dueNs[slot] = nowNs + (backoffNs << Math.min(attempt - 2, 20));
        return true;
    }

    /** Sends every held retry that is due, oldest first. */
    int sendDue(final long nowNs, final BrokerGateway gateway)
    {
        int sent = 0;
        int i = 0;
        while (i < count)
        {
            if (dueNs[i] - nowNs <= 0)
            {
                gateway.send(slots, i * SLOT_BYTES, lengths[i]);
                removeAt(i);
                sent++;
            }
            else
            {
                i++;
            }
        }
        return sent;
    }

    /** Sends every deferred retry now, in the order they were deferred, backoff or not. */
    int sendAll(final BrokerGateway gateway)
    {
        final int sent = count;
        for (int i = 0; i < count; i++)
        {
            gateway.send(slots, i * SLOT_BYTES, lengths[i]);
        }
        count = 0;
        return sent;
    }

    boolean isEmpty()
    {
        return count == 0;
    }

    private void removeAt(final int index)
    {
        final int last = count - 1;
        for (int i = index; i < last; i++)
        {
            slots.putBytes(i * SLOT_BYTES, slots, (i + 1) * SLOT_BYTES, lengths[i + 1]);
            lengths[i] = lengths[i + 1];
            dueNs[i] = dueNs[i + 1];
        }
        count = last;
    }
}

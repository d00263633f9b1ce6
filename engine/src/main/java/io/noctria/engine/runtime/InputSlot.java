package io.noctria.engine.runtime;

import io.noctria.codecs.sbe.InputRejectReason;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One pre-allocated slot of the Disruptor ring: the SBE bytes of one input (an OrderRequest or
 * Control from the inbound queue, or a broker report), or the description of an inbound excerpt
 * that could not be read. Slots are reused; nothing is allocated per input on the valid path.
 */
final class InputSlot
{
    /** Largest input accepted into the ring; a longer inbound excerpt is rejected as malformed. */
    static final int CAPACITY = 4096;

    static final byte MESSAGE = 1;
    static final byte INVALID = 2;

    final UnsafeBuffer buffer;
    byte kind;
    int length;
    /** Index in the inbound queue, or -1 for broker reports. */
    long inboundIndex;
    long ingressNs;
    InputRejectReason rejectReason;
    /** Only set on the (rare) invalid path. */
    String rejectDetail;

    /** @param buffer {@link #CAPACITY} bytes of direct memory for this slot. */
    InputSlot(final UnsafeBuffer buffer)
    {
        this.buffer = buffer;
    }
}

package io.noctria.bench;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One pre-allocated slot of the harness's Disruptor ring: the SBE bytes of one input, like the
 * engine's {@code InputSlot} (4 KiB, direct, 64-byte aligned), plus the request number the harness
 * needs to find the request's intended send time again at the broker hand-off.
 */
final class BenchSlot
{
    static final int CAPACITY = 4096;

    final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(CAPACITY, 64));
    int length;
    /** Request number (≥ 0) of an order request; -1 for a broker report. */
    long request;
}

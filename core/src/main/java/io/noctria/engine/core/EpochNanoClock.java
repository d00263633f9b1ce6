package io.noctria.engine.core;

/**
 * Epoch-nanosecond time source. The core uses it only to stamp {@code tsNs} of the events it
 * emits (observational stage timestamps for the latency and timeline views); no decision reads
 * it, so replaying the journal with another clock reaches the same decisions.
 */
@FunctionalInterface
public interface EpochNanoClock
{
    /** @return nanoseconds since 1970-01-01T00:00Z. */
    long nanoTime();
}

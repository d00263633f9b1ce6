package io.noctria.engine.broker;

import io.noctria.codecs.RecordError;

/**
 * The venue met a damaged frame in {@code broker-orders} (its checksum or structure does not match its bytes, or it
 * has no frame header): it may be an order, and a venue must never act on an order it cannot read whole, nor pass
 * over one it may owe a report for. The venue stops; the message names the queue and the index.
 */
public final class DamagedOrderException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    private final long index;

    DamagedOrderException(final String queue, final long index, final RecordError error, final String detail)
    {
        super(queue + " excerpt " + index + " (0x" + Long.toHexString(index) + ") is " + error + " (" + detail +
            "): the venue takes no order it cannot read whole and stops here; see docs/operations-journal.md, " +
            "\"A damaged journal\"");
        this.index = index;
    }

    /** @return the index of the damaged excerpt. */
    public long index()
    {
        return index;
    }
}

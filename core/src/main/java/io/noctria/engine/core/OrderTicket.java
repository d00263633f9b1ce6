package io.noctria.engine.core;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * The fields of the order request being processed, copied out of the SBE flyweight once by
 * {@link OrderRequestValidator} so the gates read plain primitives and byte arrays. One reused
 * instance per core: a mutable holder, like a flyweight, never shared across threads.
 */
final class OrderTicket
{
    static final int SYMBOL_LENGTH = 16;
    static final int TRACE_LENGTH = 64;
    static final int STRATEGY_LENGTH = 32;

    final byte[] symbol = new byte[SYMBOL_LENGTH];
    final byte[] traceId = new byte[TRACE_LENGTH];
    final byte[] strategy = new byte[STRATEGY_LENGTH];
    final byte[] suppliedKey = new byte[IdempotencyKeys.KEY_LENGTH];
    final byte[] suppliedTag = new byte[IdempotencyKeys.TAG_LENGTH];
    final long[] traceWords = new long[TraceBook.WORDS];

    long inboundIndex;
    long ingressNs;
    long clientTsNs;
    long qty;
    long price;
    int missingRatioPpm;
    long dataLagMs;
    short sideRaw;
    short orderTypeRaw;
    short timeInForceRaw;
    boolean keyPresent;
    /** True when the request carries an authTag: acting version 2 or later and not all zero. */
    boolean authPresent;
    int strategyLength;
    int symbolLength;
    int traceLength;
    boolean traceReadable;

    private final UnsafeBuffer symbolView = new UnsafeBuffer(symbol);
    private final UnsafeBuffer traceView = new UnsafeBuffer(traceId);

    /** +1 for BUY, -1 for SELL. */
    int sideSign()
    {
        return 1 == sideRaw ? 1 : -1;
    }

    long symbolWord0()
    {
        return symbolView.getLong(0, ByteOrder.LITTLE_ENDIAN);
    }

    long symbolWord1()
    {
        return symbolView.getLong(8, ByteOrder.LITTLE_ENDIAN);
    }

    /** Fills {@link #traceWords} from the NUL-padded trace id. */
    void loadTraceWords()
    {
        for (int w = 0; w < TraceBook.WORDS; w++)
        {
            traceWords[w] = traceView.getLong(w * 8, ByteOrder.LITTLE_ENDIAN);
        }
    }
}

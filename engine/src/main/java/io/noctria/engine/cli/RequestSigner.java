package io.noctria.engine.cli;

import io.noctria.codecs.sbe.BooleanType;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderRequestDecoder;
import io.noctria.codecs.sbe.OrderRequestEncoder;
import io.noctria.codecs.sbe.Side;
import io.noctria.engine.core.IdempotencyKeys;
import org.agrona.MutableDirectBuffer;

/**
 * {@code submit --sign}: gives an encoded OrderRequest the platform's idempotency key, HMAC-SHA256 under the
 * secret, exactly as the engine computes it, so a file of keyless requests passes an engine that requires
 * keys. A request that already carries a key is checked instead: a key that is not the HMAC is refused here,
 * with its line, rather than by the engine. The secret is held by {@link IdempotencyKeys} and never printed.
 */
final class RequestSigner
{
    private final IdempotencyKeys keys;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderRequestDecoder request = new OrderRequestDecoder();
    private final OrderRequestEncoder encoder = new OrderRequestEncoder();
    private final byte[] symbol = new byte[OrderRequestDecoder.symbolLength()];
    private final byte[] trace = new byte[OrderRequestDecoder.traceIdLength()];
    private final byte[] key = new byte[IdempotencyKeys.KEY_LENGTH];
    private final byte[] supplied = new byte[IdempotencyKeys.KEY_LENGTH];

    RequestSigner(final byte[] secret)
    {
        this.keys = new IdempotencyKeys(secret);
    }

    /**
     * Signs (or checks) the request encoded at {@code offset}.
     *
     * @return null when the request now carries the right key; otherwise why its own key is wrong.
     */
    String sign(final MutableDirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        request.wrap(buffer, body, header.blockLength(), header.version());
        final int symbolLength = ascii(request.getSymbol(symbol, 0), symbol);
        final int traceLength = ascii(request.getTraceId(trace, 0), trace);
        final Side side = request.side();
        keys.compute(symbol, symbolLength, side, request.qty(), request.clientTsNs(), trace, traceLength, key, 0);
        if (request.keyPresent() == BooleanType.TRUE)
        {
            request.getIdempotencyKey(supplied, 0, supplied.length);
            return java.util.Arrays.equals(supplied, key) ? null :
                "idempotency_key does not match HMAC-SHA256 of symbol|side|qty_6dp|ts_floor_minute|trace_id under " +
                RunCommand.SECRET_ENV;
        }
        encoder.wrap(buffer, body).keyPresent(BooleanType.TRUE).putIdempotencyKey(key, 0, key.length);
        return null;
    }

    /** Length of a fixed-length char field: up to its first NUL. */
    private static int ascii(final int length, final byte[] bytes)
    {
        for (int i = 0; i < length; i++)
        {
            if (bytes[i] == 0)
            {
                return i;
            }
        }
        return length;
    }
}

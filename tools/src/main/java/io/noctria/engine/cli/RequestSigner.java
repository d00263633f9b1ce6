package io.noctria.engine.cli;

import io.noctria.codecs.sbe.CancelRequestDecoder;
import io.noctria.codecs.sbe.BooleanType;
import io.noctria.codecs.sbe.InputRejectReason;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderRequestDecoder;
import io.noctria.codecs.sbe.OrderRequestEncoder;
import io.noctria.codecs.sbe.ReplaceRequestDecoder;
import io.noctria.engine.core.IdempotencyKeys;
import org.agrona.MutableDirectBuffer;

import java.util.Arrays;

/**
 * {@code submit --sign}: gives an encoded OrderRequest the platform's idempotency key and the engine's
 * authentication tag, both HMAC-SHA256 under the secret exactly as the engine computes them, so a file of bare
 * requests passes an engine that requires keys and tags. What a line already carries is checked instead of
 * trusted: a key that is not the HMAC, or a tag that is not the HMAC of the request as the line gave it, is
 * refused here, with its line, rather than by the engine. The secret is held by {@link IdempotencyKeys} and never
 * printed.
 */
final class RequestSigner
{
    private final IdempotencyKeys keys;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderRequestDecoder request = new OrderRequestDecoder();
    private final OrderRequestEncoder encoder = new OrderRequestEncoder();
    private final byte[] symbol = new byte[OrderRequestDecoder.symbolLength()];
    private final byte[] trace = new byte[OrderRequestDecoder.traceIdLength()];
    private final byte[] strategy = new byte[OrderRequestDecoder.strategyLength()];
    private final byte[] key = new byte[IdempotencyKeys.KEY_LENGTH];
    private final byte[] supplied = new byte[IdempotencyKeys.KEY_LENGTH];
    private final byte[] tag = new byte[IdempotencyKeys.TAG_LENGTH];
    private final byte[] suppliedTag = new byte[IdempotencyKeys.TAG_LENGTH];
    private InputRejectReason reason;

    RequestSigner(final byte[] secret)
    {
        this.keys = new IdempotencyKeys(secret);
    }

    /**
     * Signs (or checks) the request encoded at {@code offset}: a missing key is added, then the tag is computed
     * over the request as it now stands (key included) and written.
     *
     * @return null when the request now carries the right key and tag; otherwise why what it carried is wrong
     * ({@link #reason()} says which).
     */
    String sign(final MutableDirectBuffer buffer, final int offset)
    {
        reason = null;
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (CancelRequestDecoder.TEMPLATE_ID == header.templateId() ||
            ReplaceRequestDecoder.TEMPLATE_ID == header.templateId())
        {
            return signAction(buffer, body, ReplaceRequestDecoder.TEMPLATE_ID == header.templateId());
        }
        request.wrap(buffer, body, header.blockLength(), header.version());
        final int symbolLength = ascii(request.getSymbol(symbol, 0), symbol);
        final int traceLength = ascii(request.getTraceId(trace, 0), trace);
        final int strategyLength = ascii(request.getStrategy(strategy, 0), strategy);
        if (IdempotencyKeys.hasSeparator(trace, traceLength) || IdempotencyKeys.hasSeparator(strategy, strategyLength))
        {
            reason = InputRejectReason.AUTH_TAG_MISMATCH;
            return "trace_id and strategy must not contain '|' to be authenticated (it separates the fields of the " +
                "signed text)";
        }
        keys.compute(symbol, symbolLength, request.side(), request.qty(), request.clientTsNs(), trace, traceLength,
            key, 0);
        final boolean keyPresent = request.keyPresent() == BooleanType.TRUE;
        if (keyPresent)
        {
            request.getIdempotencyKey(supplied, 0, supplied.length);
            if (!Arrays.equals(supplied, key))
            {
                reason = InputRejectReason.IDEMPOTENCY_KEY_MISMATCH;
                return "idempotency_key does not match HMAC-SHA256 of symbol|side|qty_6dp|ts_floor_minute|trace_id " +
                    "under " + RunCommand.SECRET_ENV;
            }
        }
        Arrays.fill(suppliedTag, (byte)0);
        request.getAuthTag(suppliedTag, 0, suppliedTag.length);
        if (!allZero(suppliedTag))
        {
            tag(symbolLength, traceLength, strategyLength, keyPresent ? supplied : null);
            if (!Arrays.equals(suppliedTag, tag))
            {
                // Never print the expected tag: it would authenticate whatever the line says.
                reason = InputRejectReason.AUTH_TAG_MISMATCH;
                return "auth does not match HMAC-SHA256 of the request's " + IdempotencyKeys.AUTH_PREFIX +
                    " text under " + RunCommand.SECRET_ENV;
            }
        }
        encoder.wrap(buffer, body);
        if (!keyPresent)
        {
            encoder.keyPresent(BooleanType.TRUE).putIdempotencyKey(key, 0, key.length);
        }
        tag(symbolLength, traceLength, strategyLength, key);
        encoder.putAuthTag(tag, 0, tag.length);
        return null;
    }

    /** A cancel or replace: its tag over the noctria-cancel-v1 / noctria-replace-v1 text (its own key is given). */
    private String signAction(final MutableDirectBuffer buffer, final int body, final boolean replace)
    {
        final byte[] actionKey = new byte[IdempotencyKeys.KEY_LENGTH];
        final byte[] origKey = new byte[IdempotencyKeys.KEY_LENGTH];
        final long qty;
        final long price;
        final long tsNs;
        final int tagAt;
        if (replace)
        {
            final ReplaceRequestDecoder d = new ReplaceRequestDecoder().wrap(buffer, body,
                ReplaceRequestDecoder.BLOCK_LENGTH, ReplaceRequestDecoder.SCHEMA_VERSION);
            d.getIdempotencyKey(actionKey, 0, 32);
            d.getOrigIdempotencyKey(origKey, 0, 32);
            d.getAuthTag(suppliedTag, 0, 32);
            qty = d.qty();
            price = d.price();
            tsNs = d.clientTsNs();
            tagAt = body + ReplaceRequestDecoder.authTagEncodingOffset();
            d.getTraceId(trace, 0);
            d.getStrategy(strategy, 0);
        }
        else
        {
            final CancelRequestDecoder d = new CancelRequestDecoder().wrap(buffer, body,
                CancelRequestDecoder.BLOCK_LENGTH, CancelRequestDecoder.SCHEMA_VERSION);
            d.getIdempotencyKey(actionKey, 0, 32);
            d.getOrigIdempotencyKey(origKey, 0, 32);
            d.getAuthTag(suppliedTag, 0, 32);
            qty = 0;
            price = 0;
            tsNs = d.clientTsNs();
            tagAt = body + CancelRequestDecoder.authTagEncodingOffset();
            d.getTraceId(trace, 0);
            d.getStrategy(strategy, 0);
        }
        final int traceLength = ascii(trace.length, trace);
        final int strategyLength = ascii(strategy.length, strategy);
        if (IdempotencyKeys.hasSeparator(trace, traceLength) || IdempotencyKeys.hasSeparator(strategy, strategyLength))
        {
            reason = InputRejectReason.AUTH_TAG_MISMATCH;
            return "trace_id and strategy must not contain '|' to be authenticated";
        }
        keys.actionTag(replace, actionKey, origKey, qty, price, tsNs, trace, traceLength, strategy, strategyLength,
            tag, 0);
        if (!allZero(suppliedTag) && !Arrays.equals(suppliedTag, tag))
        {
            reason = InputRejectReason.AUTH_TAG_MISMATCH;
            return "auth does not match HMAC-SHA256 of the request's " +
                (replace ? IdempotencyKeys.REPLACE_PREFIX : IdempotencyKeys.CANCEL_PREFIX) + " text under " +
                RunCommand.SECRET_ENV;
        }
        buffer.putBytes(tagAt, tag);
        return null;
    }

    /** @return the reject reason of the last {@link #sign} that returned an error. */
    InputRejectReason reason()
    {
        return reason;
    }

    private void tag(final int symbolLength, final int traceLength, final int strategyLength, final byte[] carriedKey)
    {
        keys.authTag(symbol, symbolLength, request.side(), request.qty(), request.price(), request.orderType(),
            request.timeInForce(), request.clientTsNs(), trace, traceLength, strategy, strategyLength, carriedKey,
            request.missingRatio(), request.dataLagMs(), tag, 0);
    }

    private static boolean allZero(final byte[] bytes)
    {
        for (final byte b : bytes)
        {
            if (b != 0)
            {
                return false;
            }
        }
        return true;
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

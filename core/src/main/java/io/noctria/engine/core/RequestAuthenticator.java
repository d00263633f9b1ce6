package io.noctria.engine.core;

import io.noctria.codecs.sbe.InputRejectReason;
import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;
import io.noctria.engine.config.EngineConfig;

/**
 * The trust step of an order request, after input validation and before anything reads its fields as true:
 * the authTag (always verified when carried; its absence refused when {@code idempotency.require_auth}), then the
 * idempotency key (computed; verified when supplied; its absence refused when {@code idempotency.require_key}).
 * It publishes the InputRejected itself. Kept apart from {@link ExecutionCore} because it is the one place that
 * handles the secret's output: no message here ever names an expected key or tag.
 * <p>
 * Allocation-free; single-threaded (the core's writer); deterministic (HMAC over journaled fields).
 */
final class RequestAuthenticator
{
    private final IdempotencyKeys keys;
    private final EventPublisher publisher;
    /** Read for {@code idempotency.require_auth} and {@code require_key}. */
    private final EngineConfig config;
    private final byte[] requestTag = new byte[IdempotencyKeys.TAG_LENGTH];

    RequestAuthenticator(final IdempotencyKeys keys, final EventPublisher publisher, final EngineConfig config)
    {
        this.keys = keys;
        this.publisher = publisher;
        this.config = config;
    }

    /**
     * Authenticates a validated request and computes its idempotency key.
     *
     * @param ticket the validated request.
     * @param side   its side.
     * @param text   scratch for a rejection's detail, empty on entry.
     * @param key    receives the request's idempotency key (32 bytes) when admitted.
     * @return true when the request may go on; false when it was refused (InputRejected published).
     */
    boolean admit(final OrderTicket ticket, final Side side, final AsciiText text, final byte[] key)
    {
        // Authenticate before any field is trusted, the key included: the key only dedupes (it covers five
        // fields and is read back from the journal by anyone who can tail it), the tag covers them all.
        if (!authenticated(ticket, side, text))
        {
            return false;
        }
        if (!ticket.keyPresent && config.requireIdempotencyKey())
        {
            text.append("idempotency_key is required (idempotency.require_key: true)");
            publisher.inputRejected(ticket.inboundIndex, InputRejectReason.IDEMPOTENCY_KEY_REQUIRED, ticket.traceId, text);
            return false;
        }
        keys.compute(ticket.symbol, ticket.symbolLength, side, ticket.qty, ticket.clientTsNs, ticket.traceId,
            ticket.traceLength, key, 0);
        if (ticket.keyPresent && !IdempotencyKeys.equalBytes(ticket.suppliedKey, key, IdempotencyKeys.KEY_LENGTH))
        {
            // Never name the expected key or the secret: either would let a caller forge keys.
            text.append("idempotency_key does not match HMAC-SHA256 of symbol|side|qty_6dp|ts_floor_minute|trace_id ")
                .append("under the engine's secret");
            publisher.inputRejected(ticket.inboundIndex, InputRejectReason.IDEMPOTENCY_KEY_MISMATCH, ticket.traceId,
                text);
            return false;
        }
        return true;
    }

    /**
     * Verifies the request's authTag (always, when it carries one) or refuses its absence when
     * {@code idempotency.require_auth}; publishes the InputRejected itself.
     *
     * @return true when the request may go on.
     */
    private boolean authenticated(final OrderTicket ticket, final Side side, final AsciiText text)
    {
        if (!ticket.authPresent)
        {
            if (!config.requireAuth())
            {
                return true;
            }
            text.append("authTag is required (idempotency.require_auth: true): HMAC-SHA256 of the request's ")
                .append(IdempotencyKeys.AUTH_PREFIX).append(" text under the engine's secret; submit --sign adds it");
            publisher.inputRejected(ticket.inboundIndex, InputRejectReason.AUTH_TAG_MISSING, ticket.traceId, text);
            return false;
        }
        if (IdempotencyKeys.hasSeparator(ticket.traceId, ticket.traceLength) ||
            IdempotencyKeys.hasSeparator(ticket.strategy, ticket.strategyLength))
        {
            text.append("trace_id and strategy of an authenticated request must not contain '|', the separator of ")
                .append("the canonical text (the tag could not tell the two fields apart)");
            publisher.inputRejected(ticket.inboundIndex, InputRejectReason.AUTH_TAG_MISMATCH, ticket.traceId, text);
            return false;
        }
        keys.authTag(ticket.symbol, ticket.symbolLength, side, ticket.qty, ticket.price,
            OrderType.get(ticket.orderTypeRaw), TimeInForce.get(ticket.timeInForceRaw), ticket.clientTsNs,
            ticket.traceId, ticket.traceLength, ticket.strategy, ticket.strategyLength,
            ticket.keyPresent ? ticket.suppliedKey : null, ticket.missingRatioPpm, ticket.dataLagMs, requestTag, 0);
        if (!IdempotencyKeys.equalBytes(ticket.suppliedTag, requestTag, IdempotencyKeys.TAG_LENGTH))
        {
            // Never name the expected tag: it would be a valid tag for whatever the caller sent.
            text.append("authTag does not match HMAC-SHA256 of the request's ").append(IdempotencyKeys.AUTH_PREFIX)
                .append(" text under the engine's secret: some field was changed, or the tag was not made with it");
            publisher.inputRejected(ticket.inboundIndex, InputRejectReason.AUTH_TAG_MISMATCH, ticket.traceId, text);
            return false;
        }
        return true;
    }
}

package io.noctria.engine.core;

import io.noctria.codecs.OrderTransitions;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.VenueCapabilities;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Actions on orders already in the outbox (docs/messages.md, Actions): a CancelRequest or ReplaceRequest naming its
 * order by idempotency key, and the cancels of a CancelAll or a halting pause. Each request is checked like an order
 * request (fields, time, authTag), deduped on its own key (the same key twice: one send), then either refused with an
 * {@code ActionRefused} that says why, or sent: the order goes PENDING_CANCEL or PENDING_REPLACE by the one life
 * cycle ({@link OrderTransitions}) and a CancelSent or ReplaceSent is journaled for the host to hand to the venue.
 * <p>
 * A replace that adds exposure (qty up, or a limit price more aggressive) goes through the {@link RiskGate} first and
 * only an ALLOW lets it out: a replace is never clamped into something the producer did not ask for. The added qty
 * is reserved as open exposure while the replace is pending and settled when the venue answers ({@link #replaced},
 * {@link #actionEnded}). The venue's answers themselves (Replaced, CancelReject) are {@link OrderLifecycle}'s.
 * <p>
 * Bounded: the action keys live in a table of {@code outbox.capacity} keys that is never evicted; a full table
 * refuses new actions (OUTBOX_FULL). Single-threaded (the core's writer), deterministic, allocation-free.
 */
final class OrderActions
{
    private static final int KEY_LENGTH = IdempotencyKeys.KEY_LENGTH;
    private static final int CL_ORD_ID_LENGTH = IdempotencyKeys.CL_ORD_ID_LENGTH;
    private static final byte CANCEL_ALL = 'A';
    private static final byte[] NO_KEY = new byte[KEY_LENGTH];

    private final Outbox outbox;
    private final SymbolBook symbols;
    private final TraceBook traces;
    private final RiskGate riskGate;
    private final EventPublisher publisher;
    private final IdempotencyKeys keys;
    private final boolean requireAuth;
    private final long maxClockSkewNs;

    // The action table: every sent action's key, with the journal index of its request.
    private final DenseKeys actionKeys;
    private final long[] actionInputIndex;
    private final long[] probe = new long[Outbox.KEY_WORDS];

    // Per outbox entry, by its id: the pending replace's terms and the exposure it reserved, the action pending, and
    // the action whose ClOrdID the venue now knows the order by (its last Replaced), -1 for the order's own.
    private final long[] pendingQty;
    private final long[] pendingPrice;
    private final long[] reservedQty;
    private final int[] pendingAction;
    private final int[] venueAction;

    private final AsciiText text = new AsciiText(EventPublisher.MAX_TEXT);
    private final byte[] actionKey = new byte[KEY_LENGTH];
    private final UnsafeBuffer actionKeyView = new UnsafeBuffer(actionKey);
    private final byte[] origKey = new byte[KEY_LENGTH];
    private final UnsafeBuffer origKeyView = new UnsafeBuffer(origKey);
    private final byte[] trace = new byte[OrderTicket.TRACE_LENGTH];
    private final byte[] strategy = new byte[OrderTicket.STRATEGY_LENGTH];
    private final byte[] suppliedTag = new byte[IdempotencyKeys.TAG_LENGTH];
    private final byte[] expectedTag = new byte[IdempotencyKeys.TAG_LENGTH];
    private final byte[] orderSymbol = new byte[OrderTicket.SYMBOL_LENGTH];
    private final byte[] orderTrace = new byte[OrderTicket.TRACE_LENGTH];
    private final byte[] orderKey = new byte[KEY_LENGTH];
    private final byte[] venueKey = new byte[KEY_LENGTH];
    private final byte[] clOrdId = new byte[CL_ORD_ID_LENGTH];
    private final byte[] requestClOrdId = new byte[CL_ORD_ID_LENGTH];
    private final byte[] origClOrdId = new byte[CL_ORD_ID_LENGTH];
    // The inbound index of the request being decided, for a refusal after its checks.
    private long inboundIndex;

    OrderActions(
        final EngineConfig config,
        final Outbox outbox,
        final SymbolBook symbols,
        final TraceBook traces,
        final RiskGate riskGate,
        final EventPublisher publisher,
        final IdempotencyKeys keys)
    {
        this.outbox = outbox;
        this.symbols = symbols;
        this.traces = traces;
        this.riskGate = riskGate;
        this.publisher = publisher;
        this.keys = keys;
        this.requireAuth = config.requireAuth();
        this.maxClockSkewNs = config.maxClockSkewNs();
        final int capacity = config.outboxCapacity();
        actionKeys = new DenseKeys(Outbox.KEY_WORDS, capacity);
        actionInputIndex = new long[capacity];
        pendingQty = new long[capacity];
        pendingPrice = new long[capacity];
        reservedQty = new long[capacity];
        pendingAction = new int[capacity];
        venueAction = new int[capacity];
        java.util.Arrays.fill(pendingAction, -1);
        java.util.Arrays.fill(venueAction, -1);
    }

    /** A new order took outbox entry {@code id} (maybe reused after an eviction): no action on it yet. */
    void onOrderAdded(final int id)
    {
        pendingQty[id] = 0;
        pendingPrice[id] = 0;
        reservedQty[id] = 0;
        pendingAction[id] = -1;
        venueAction[id] = -1;
    }

    /** @return true once any keyed action was sent: state a snapshot of layout 1 cannot hold (CoreSnapshot). */
    boolean anyKeyed()
    {
        return actionKeys.size() > 0;
    }

    void onCancelRequest(final long inputIndex, final CancelRequestDecoder request)
    {
        request.getTraceId(trace, 0);
        request.getStrategy(strategy, 0);
        request.getIdempotencyKey(actionKey, 0, KEY_LENGTH);
        request.getOrigIdempotencyKey(origKey, 0, KEY_LENGTH);
        request.getAuthTag(suppliedTag, 0, KEY_LENGTH);
        if (admitted(request.inboundIndex(), request.ingressNs(), request.clientTsNs(), false, 0, 0))
        {
            act(inputIndex, false, 0, 0, 0, false);
        }
    }

    void onReplaceRequest(final long inputIndex, final ReplaceRequestDecoder request, final boolean paused)
    {
        request.getTraceId(trace, 0);
        request.getStrategy(strategy, 0);
        request.getIdempotencyKey(actionKey, 0, KEY_LENGTH);
        request.getOrigIdempotencyKey(origKey, 0, KEY_LENGTH);
        request.getAuthTag(suppliedTag, 0, KEY_LENGTH);
        if (admitted(request.inboundIndex(), request.ingressNs(), request.clientTsNs(), true, request.qty(),
            request.price()))
        {
            act(inputIndex, true, request.qty(), request.price(), request.clientTsNs(), paused);
        }
    }

    /**
     * Sends a cancel for every working order with nothing pending (of {@code symbolId}, or all when -1), in outbox
     * id order: a CancelAll's or a halting pause's. Their ClOrdIDs are {@code A} + the input's journal index (16 hex
     * digits) + the order key's first 15 hex digits, unique per order and input.
     *
     * @return how many cancels were sent.
     */
    int cancelWorking(final long inputIndex, final int symbolId)
    {
        int sent = 0;
        final int limit = outbox.idLimit();
        for (int id = 0; id < limit; id++)
        {
            if (!outbox.isLive(id) || symbolId >= 0 && outbox.symbolId(id) != symbolId)
            {
                continue;
            }
            final EngineOrderState next = OrderTransitions.next(outbox.state(id), OrderTransitions.ON_CANCEL_SENT);
            if (null == next)
            {
                continue;
            }
            identify(id);
            requestClOrdId[0] = CANCEL_ALL;
            for (int i = 0; i < 16; i++)
            {
                requestClOrdId[1 + i] = hexDigit((int)(inputIndex >>> (60 - 4 * i)) & 0xF);
            }
            System.arraycopy(clOrdId, 1, requestClOrdId, 17, CL_ORD_ID_LENGTH - 17);
            outbox.state(id, next);
            pendingAction[id] = -1;
            publisher.cancelSent(inputIndex, outbox, id, orderSymbol, orderTrace, clOrdId, orderKey, requestClOrdId,
                origClOrdId, NO_KEY);
            sent++;
        }
        return sent;
    }

    /** Replaced, applied by the life cycle: the order works on {@code qty} at {@code price} under the replace's ClOrdID. */
    void replaced(final int id, final long qty, final long price)
    {
        final int symbolId = outbox.symbolId(id);
        final int sign = outbox.sideSign(id);
        unreserve(id);
        final long delta = qty - outbox.qty(id);
        if (delta > 0)
        {
            symbols.addOpen(symbolId, sign, delta);
        }
        else if (delta < 0)
        {
            symbols.releaseOpen(symbolId, sign, -delta);
        }
        outbox.terms(id, qty, price);
        venueAction[id] = pendingAction[id];
        clearPending(id);
    }

    /** The pending action ended otherwise (CancelReject, Canceled, a fill that completed the order...). */
    void actionEnded(final int id)
    {
        unreserve(id);
        clearPending(id);
    }

    /** Fills {@code dst} with the ClOrdID the venue knows order {@code id} by now (FIX OrigClOrdID). */
    void venueClOrdId(final int id, final byte[] dst)
    {
        final int action = venueAction[id];
        if (action < 0)
        {
            outbox.keyBytes(id, venueKey);
            IdempotencyKeys.deriveClOrdId(venueKey, 0, dst, 0);
        }
        else
        {
            actionKeys.unpack(action, venueKey);
            IdempotencyKeys.deriveClOrdId(IdempotencyKeys.REPLACE, venueKey, 0, dst, 0);
        }
    }

    /**
     * Hashes the action table and every live entry's action columns; nothing at all before the first keyed action,
     * so the state hash of a journal without actions is what it was before actions existed.
     */
    void hashInto(final StateHasher hasher)
    {
        if (0 == actionKeys.size())
        {
            return;
        }
        hasher.putInt(actionKeys.size());
        final int actions = actionKeys.idLimit();
        for (int a = 0; a < actions; a++)
        {
            actionKeys.hashInto(hasher, a).putLong(actionInputIndex[a]);
        }
        final int limit = outbox.idLimit();
        for (int id = 0; id < limit; id++)
        {
            if (outbox.isLive(id))
            {
                hasher.putLong(pendingQty[id]).putLong(pendingPrice[id]).putLong(reservedQty[id])
                    .putInt(pendingAction[id]).putInt(venueAction[id]);
            }
        }
    }

    private void act(final long inputIndex, final boolean replace, final long qty, final long price,
        final long clientTsNs, final boolean paused)
    {
        probe[0] = actionKeyView.getLong(0, ByteOrder.LITTLE_ENDIAN);
        probe[1] = actionKeyView.getLong(8, ByteOrder.LITTLE_ENDIAN);
        probe[2] = actionKeyView.getLong(16, ByteOrder.LITTLE_ENDIAN);
        probe[3] = actionKeyView.getLong(24, ByteOrder.LITTLE_ENDIAN);
        final int id = outbox.find(origKeyView.getLong(0, ByteOrder.LITTLE_ENDIAN),
            origKeyView.getLong(8, ByteOrder.LITTLE_ENDIAN), origKeyView.getLong(16, ByteOrder.LITTLE_ENDIAN),
            origKeyView.getLong(24, ByteOrder.LITTLE_ENDIAN));
        final EngineOrderState state = id < 0 ? null : outbox.state(id);
        final int existing = actionKeys.find(probe, 0);
        if (existing >= 0)
        {
            refuse(inputIndex, ActionRefusedReason.DUPLICATE, state, actionInputIndex[existing], replace);
            return;
        }
        if (id < 0)
        {
            refuse(inputIndex, ActionRefusedReason.UNKNOWN_ORDER, null, -1, replace);
            return;
        }
        final int event = replace ? OrderTransitions.ON_REPLACE_SENT : OrderTransitions.ON_CANCEL_SENT;
        final EngineOrderState next = OrderTransitions.next(state, event);
        if (null == next)
        {
            refuse(inputIndex, OrderTransitions.isTerminal(state) ? ActionRefusedReason.ORDER_FINAL :
                OrderTransitions.isPending(state) ? ActionRefusedReason.ACTION_PENDING : ActionRefusedReason.NOT_WORKING,
                state, -1, replace);
            return;
        }
        // A replace's qty or price of 0 keeps the order's own (the request names only what changes).
        final long newQty = replace && 0 == qty ? outbox.qty(id) : qty;
        final long newPrice = replace && 0 == price ? outbox.price(id) : price;
        if (replace && !replaceAllowed(inputIndex, id, newQty, newPrice, clientTsNs, paused))
        {
            return;
        }
        if (actionKeys.isFull())
        {
            text.reset().append("action table full: ").append(actionInputIndex.length)
                .append(" cancels and replaces (outbox.capacity); new actions are refused");
            publisher.inputRejected(inboundIndex, InputRejectReason.OUTBOX_FULL, trace, text);
            publisher.alert(inputIndex, AlertCode.TABLE_FULL, Severity.CRITICAL, RiskRule.NONE, null, trace, text);
            return;
        }
        final int action = actionKeys.add(probe, 0);
        actionInputIndex[action] = inputIndex;
        identify(id);
        IdempotencyKeys.deriveClOrdId(replace ? IdempotencyKeys.REPLACE : IdempotencyKeys.CANCEL, actionKey, 0,
            requestClOrdId, 0);
        pendingAction[id] = action;
        if (replace)
        {
            final long up = newQty - outbox.qty(id);
            if (up > 0)
            {
                symbols.addOpen(outbox.symbolId(id), outbox.sideSign(id), up);
                reservedQty[id] = up;
            }
            pendingQty[id] = newQty;
            pendingPrice[id] = newPrice;
            outbox.state(id, next);
            publisher.replaceSent(inputIndex, outbox, id, newQty, newPrice, orderSymbol, orderTrace, clOrdId, orderKey,
                requestClOrdId, origClOrdId, actionKey);
        }
        else
        {
            outbox.state(id, next);
            publisher.cancelSent(inputIndex, outbox, id, orderSymbol, orderTrace, clOrdId, orderKey, requestClOrdId,
                origClOrdId, actionKey);
        }
    }

    /**
     * The replace's own checks, then the risk gate when it adds exposure: more qty (the added qty is evaluated), or
     * a limit price more aggressive (the unfilled qty is evaluated at the new price, counted again on top of its own
     * open exposure: conservative).
     */
    private boolean replaceAllowed(final long inputIndex, final int id, final long qty, final long price,
        final long clientTsNs, final boolean paused)
    {
        final EngineOrderState state = outbox.state(id);
        final long oldQty = outbox.qty(id);
        final long oldPrice = outbox.price(id);
        final boolean limit = OrderType.LIMIT.value() == outbox.orderType(id);
        if (!limit && price != oldPrice)
        {
            refuse(inputIndex, ActionRefusedReason.REPLACE_NOT_ALLOWED, state, -1, true);
            return false;
        }
        if (qty <= outbox.cumQty(id))
        {
            refuse(inputIndex, ActionRefusedReason.REPLACE_BELOW_FILLED, state, -1, true);
            return false;
        }
        if (qty == oldQty && price == oldPrice)
        {
            refuse(inputIndex, ActionRefusedReason.REPLACE_NO_CHANGE, state, -1, true);
            return false;
        }
        final int symbolId = outbox.symbolId(id);
        final VenueCapabilities venue = symbols.limits(symbolId).venue();
        if (!venue.replaceAllowed())
        {
            refuse(inputIndex, ActionRefusedReason.REPLACE_NOT_ALLOWED, state, -1, true);
            return false;
        }
        // The venue's shape, on the replace whole (never rounded: a replace is sent as asked or not at all).
        final RiskRule shape = venue.qtyStep() > 0 && qty % venue.qtyStep() != 0 ? RiskRule.VENUE_QTY_STEP :
            qty < venue.minQty() ? RiskRule.VENUE_MIN_QTY :
            limit && venue.priceTick() > 0 && price % venue.priceTick() != 0 ? RiskRule.VENUE_PRICE_TICK : RiskRule.NONE;
        if (RiskRule.NONE != shape)
        {
            publisher.actionRefused(inputIndex, ActionRefusedReason.RISK_REJECTED, state, shape,
                RiskRule.VENUE_PRICE_TICK == shape ? venue.priceTick() : RiskRule.VENUE_QTY_STEP == shape ?
                venue.qtyStep() : venue.minQty(), RiskRule.VENUE_PRICE_TICK == shape ? price : qty, -1, true, trace,
                actionKey, origKey);
            return false;
        }
        final int sign = outbox.sideSign(id);
        final boolean qtyUp = qty > oldQty;
        final boolean priceThrough = limit && (sign > 0 ? price > oldPrice : price < oldPrice);
        if (!qtyUp && !priceThrough)
        {
            return true;
        }
        riskGate.evaluate(symbolId, sign, qtyUp ? qty - oldQty : qty - outbox.cumQty(id), price, outbox.orderType(id),
            outbox.timeInForce(id), clientTsNs, outbox.traceId(id), paused, false);
        if (RiskVerdict.ALLOW == riskGate.verdict())
        {
            return true;
        }
        for (int i = 0; i < riskGate.firedCount(); i++)
        {
            riskGate.describe(i, text.reset());
            text.append(" (replace refused: a replace is sent whole or not at all)");
            publisher.alert(inputIndex, AlertCode.RISK_RULE, riskGate.firedSeverity(i), riskGate.firedRule(i),
                symbols.policyName(symbolId), trace, text);
        }
        publisher.actionRefused(inputIndex, ActionRefusedReason.RISK_REJECTED, state, riskGate.rule(),
            riskGate.limitValue(), riskGate.observedValue(), -1, true, trace, actionKey, origKey);
        return false;
    }

    /**
     * Checks a cancel or replace request before anything reads it as true, like an order request: trace id and
     * strategy, both keys present, ts within {@code clock.max_skew_ms} of ingress, qty and price of a replace, and
     * the authTag (always verified when carried, its absence refused with {@code idempotency.require_auth}).
     * Publishes the InputRejected itself.
     */
    private boolean admitted(final long inboundIndex, final long ingressNs, final long clientTsNs, final boolean replace,
        final long qty, final long price)
    {
        text.reset();
        this.inboundIndex = inboundIndex;
        final int traceLength = OrderRequestValidator.fieldLength(trace, 0x20, false);
        final int strategyLength = OrderRequestValidator.fieldLength(strategy, 0x20, false);
        final InputRejectReason reason;
        if (traceLength <= 0)
        {
            text.append("trace_id must be 1 to 64 printable ASCII characters");
            reason = InputRejectReason.INVALID_TRACE_ID;
        }
        else if (strategyLength < 0)
        {
            text.append("strategy must be printable ASCII, at most 32 characters");
            reason = InputRejectReason.INVALID_STRATEGY;
        }
        else if (isZero(actionKey))
        {
            text.append(replace ? "replace" : "cancel").append(" needs its own idempotency_key (it dedupes the request)");
            reason = InputRejectReason.IDEMPOTENCY_KEY_REQUIRED;
        }
        else if (isZero(origKey))
        {
            text.append("orig_idempotency_key is required: the key of the order to ").append(replace ? "replace" : "cancel");
            reason = InputRejectReason.MISSING_FIELD;
        }
        else if (replace && (qty < 0 || 0 == qty && 0 == price))
        {
            text.append("qty ").appendFixed6(qty).append(qty < 0 ? " must be 0 (keep) or above" :
                " and price both 0: a replace needs a new qty or price");
            reason = InputRejectReason.INVALID_QTY;
        }
        else if (replace && price < 0)
        {
            text.append("price ").appendFixed6(price).append(" must be 0 (keep) or above");
            reason = InputRejectReason.INVALID_PRICE;
        }
        else
        {
            final InputRejectReason late = timeProblem(ingressNs, clientTsNs);
            reason = null != late ? late : authProblem(replace, qty, price, clientTsNs, traceLength, strategyLength);
        }
        if (null == reason)
        {
            return true;
        }
        publisher.inputRejected(inboundIndex, reason, traceLength > 0 ? trace : null, text);
        return false;
    }

    private InputRejectReason timeProblem(final long ingressNs, final long clientTsNs)
    {
        if (clientTsNs <= 0)
        {
            text.reset().append("ts ").append(clientTsNs).append(" ns must be after 1970-01-01T00:00Z");
            return InputRejectReason.INVALID_TIMESTAMP;
        }
        final long skewNs = ingressNs - clientTsNs;
        if (0 == maxClockSkewNs || ingressNs <= 0 || Math.abs(skewNs) <= maxClockSkewNs)
        {
            return null;
        }
        text.reset().append("ts is ").append(Math.abs(skewNs) / 1_000_000).append(skewNs > 0 ? " ms before" : " ms after")
            .append(" ingress; max_skew_ms is ").append(maxClockSkewNs / 1_000_000);
        return skewNs > 0 ? InputRejectReason.TIMESTAMP_TOO_OLD : InputRejectReason.TIMESTAMP_IN_FUTURE;
    }

    private InputRejectReason authProblem(final boolean replace, final long qty, final long price, final long clientTsNs,
        final int traceLength, final int strategyLength)
    {
        if (isZero(suppliedTag))
        {
            if (!requireAuth)
            {
                return null;
            }
            text.append("authTag is required (idempotency.require_auth: true): HMAC-SHA256 of the request's ")
                .append(replace ? IdempotencyKeys.REPLACE_PREFIX : IdempotencyKeys.CANCEL_PREFIX)
                .append(" text under the engine's secret; submit --sign adds it");
            return InputRejectReason.AUTH_TAG_MISSING;
        }
        if (IdempotencyKeys.hasSeparator(trace, traceLength) || IdempotencyKeys.hasSeparator(strategy, strategyLength))
        {
            text.append("trace_id and strategy of an authenticated request must not contain '|'");
            return InputRejectReason.AUTH_TAG_MISMATCH;
        }
        keys.actionTag(replace, actionKey, origKey, qty, price, clientTsNs, trace, traceLength, strategy, strategyLength,
            expectedTag, 0);
        if (IdempotencyKeys.equalBytes(suppliedTag, expectedTag, IdempotencyKeys.TAG_LENGTH))
        {
            return null;
        }
        // Never name the expected tag: it would be a valid tag for whatever the caller sent.
        text.append("authTag does not match HMAC-SHA256 of the request's ")
            .append(replace ? IdempotencyKeys.REPLACE_PREFIX : IdempotencyKeys.CANCEL_PREFIX)
            .append(" text under the engine's secret");
        return InputRejectReason.AUTH_TAG_MISMATCH;
    }

    private void refuse(final long inputIndex, final ActionRefusedReason reason, final EngineOrderState state,
        final long firstInputIndex, final boolean replace)
    {
        publisher.actionRefused(inputIndex, reason, state, RiskRule.NONE, 0, 0, firstInputIndex, replace, trace,
            actionKey, origKey);
    }

    /** Loads order {@code id}'s symbol, trace, key, ClOrdID and the ClOrdID the venue knows it by. */
    private void identify(final int id)
    {
        symbols.symbolBytes(outbox.symbolId(id), orderSymbol);
        traces.traceBytes(outbox.traceId(id), orderTrace);
        outbox.keyBytes(id, orderKey);
        IdempotencyKeys.deriveClOrdId(orderKey, 0, clOrdId, 0);
        venueClOrdId(id, origClOrdId);
    }

    private void unreserve(final int id)
    {
        if (reservedQty[id] > 0)
        {
            symbols.releaseOpen(outbox.symbolId(id), outbox.sideSign(id), reservedQty[id]);
            reservedQty[id] = 0;
        }
    }

    private void clearPending(final int id)
    {
        pendingQty[id] = 0;
        pendingPrice[id] = 0;
        pendingAction[id] = -1;
    }

    private static boolean isZero(final byte[] bytes)
    {
        int any = 0;
        for (final byte b : bytes)
        {
            any |= b;
        }
        return 0 == any;
    }

    private static byte hexDigit(final int nibble)
    {
        return (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
    }
}

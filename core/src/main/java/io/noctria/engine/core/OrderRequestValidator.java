package io.noctria.engine.core;

import io.noctria.codecs.sbe.InputRejectReason;
import io.noctria.codecs.sbe.OrderRequestDecoder;

/**
 * First stage of every order request: copies its fields into an {@link OrderTicket} and refuses
 * anything a gate could misread, with a reason code and a detail naming the bad value. Enums are
 * read raw so an unknown or NULL value is a reject, not an exception. Trace id is checked first
 * so later rejections can carry it. Allocation free.
 */
final class OrderRequestValidator
{
    private static final int MAX_MISSING_RATIO_PPM = 1_000_000;

    private final long maxClockSkewNs;

    /** @param maxClockSkewNs largest accepted |clientTsNs − ingressNs|; 0 turns the check off. */
    OrderRequestValidator(final long maxClockSkewNs)
    {
        this.maxClockSkewNs = maxClockSkewNs;
    }

    /**
     * @return null when the request is valid and {@code ticket} holds it; otherwise the reason, with
     * the detail written to {@code detail}.
     */
    InputRejectReason validate(final OrderRequestDecoder request, final OrderTicket ticket, final AsciiText detail)
    {
        ticket.traceReadable = false;
        ticket.inboundIndex = request.inboundIndex();
        ticket.ingressNs = request.ingressNs();
        ticket.clientTsNs = request.clientTsNs();
        ticket.qty = request.qty();
        ticket.price = request.price();
        ticket.missingRatioPpm = request.missingRatio();
        ticket.dataLagMs = request.dataLagMs();
        ticket.sideRaw = request.sideRaw();
        ticket.orderTypeRaw = request.orderTypeRaw();
        ticket.timeInForceRaw = request.timeInForceRaw();
        request.getTraceId(ticket.traceId, 0);
        request.getSymbol(ticket.symbol, 0);
        request.getStrategy(ticket.strategy, 0);

        ticket.traceLength = fieldLength(ticket.traceId, 0x20, false);
        if (ticket.traceLength <= 0)
        {
            detail.append("trace_id must be 1 to 64 printable ASCII characters, NUL padded");
            return InputRejectReason.INVALID_TRACE_ID;
        }
        ticket.traceReadable = true;
        ticket.symbolLength = fieldLength(ticket.symbol, 0x21, true);
        if (ticket.symbolLength <= 0)
        {
            detail.append("symbol must be 1 to 16 printable ASCII characters without space or '|', NUL padded");
            return InputRejectReason.INVALID_SYMBOL;
        }
        ticket.strategyLength = fieldLength(ticket.strategy, 0x20, false);
        if (ticket.strategyLength < 0)
        {
            detail.append("strategy must be printable ASCII, NUL padded");
            return InputRejectReason.INVALID_STRATEGY;
        }
        if (ticket.sideRaw != 1 && ticket.sideRaw != 2)
        {
            detail.append("side ").append(ticket.sideRaw).append(" is not BUY(1) or SELL(2)");
            return InputRejectReason.INVALID_SIDE;
        }
        if (ticket.orderTypeRaw != 1 && ticket.orderTypeRaw != 2)
        {
            detail.append("order type ").append(ticket.orderTypeRaw).append(" is not MARKET(1) or LIMIT(2)");
            return InputRejectReason.INVALID_ORDER_TYPE;
        }
        if (ticket.timeInForceRaw < 1 || ticket.timeInForceRaw > 4)
        {
            detail.append("time in force ").append(ticket.timeInForceRaw).append(" is not DAY(1), GTC(2), IOC(3) or FOK(4)");
            return InputRejectReason.INVALID_TIF;
        }
        if (ticket.qty <= 0)
        {
            detail.append("qty ").appendFixed6(ticket.qty).append(" must be > 0");
            return InputRejectReason.INVALID_QTY;
        }
        if (ticket.price <= 0)
        {
            detail.append("price ").appendFixed6(ticket.price)
                .append(" must be > 0 (MARKET orders carry the reference price)");
            return InputRejectReason.INVALID_PRICE;
        }
        final InputRejectReason timeReason = validateTime(ticket, detail);
        if (null != timeReason)
        {
            return timeReason;
        }
        if (ticket.missingRatioPpm < 0 || ticket.missingRatioPpm > MAX_MISSING_RATIO_PPM)
        {
            detail.append("missing_ratio ").append(ticket.missingRatioPpm).append(" ppm must be in [0, 1000000]");
            return InputRejectReason.INVALID_QUALITY_INPUT;
        }
        if (ticket.dataLagMs < 0)
        {
            detail.append("data_lag_ms ").append(ticket.dataLagMs).append(" must be >= 0");
            return InputRejectReason.INVALID_QUALITY_INPUT;
        }
        final short keyPresent = request.keyPresentRaw();
        if (keyPresent != 0 && keyPresent != 1)
        {
            detail.append("keyPresent ").append(keyPresent).append(" is not FALSE(0) or TRUE(1)");
            return InputRejectReason.IDEMPOTENCY_KEY_MALFORMED;
        }
        ticket.keyPresent = 1 == keyPresent;
        request.getIdempotencyKey(ticket.suppliedKey, 0, IdempotencyKeys.KEY_LENGTH);
        readAuthTag(request, ticket);
        ticket.loadTraceWords();
        return null;
    }

    /**
     * A tag is absent when the request's acting version predates it (a v1 decoder view would show 0xFF bytes,
     * SBE's null), when its block is too short to hold it, or when it is all zero (what producers write for none).
     */
    private static void readAuthTag(final OrderRequestDecoder request, final OrderTicket ticket)
    {
        ticket.authPresent = false;
        final int actingBlockLength = request.limit() - request.offset();
        if (request.actingVersion() < OrderRequestDecoder.authTagSinceVersion() ||
            actingBlockLength < OrderRequestDecoder.authTagEncodingOffset() + IdempotencyKeys.TAG_LENGTH)
        {
            return;
        }
        request.getAuthTag(ticket.suppliedTag, 0, IdempotencyKeys.TAG_LENGTH);
        int any = 0;
        for (int i = 0; i < IdempotencyKeys.TAG_LENGTH; i++)
        {
            any |= ticket.suppliedTag[i];
        }
        ticket.authPresent = 0 != any;
    }

    private InputRejectReason validateTime(final OrderTicket ticket, final AsciiText detail)
    {
        if (ticket.clientTsNs <= 0)
        {
            detail.append("ts ").append(ticket.clientTsNs).append(" ns must be after 1970-01-01T00:00Z");
            return InputRejectReason.INVALID_TIMESTAMP;
        }
        if (0 == maxClockSkewNs)
        {
            return null;
        }
        if (ticket.ingressNs <= 0)
        {
            detail.append("ingressNs ").append(ticket.ingressNs).append(" was not stamped; the clock-skew check needs it");
            return InputRejectReason.INVALID_TIMESTAMP;
        }
        final long skewNs = ticket.ingressNs - ticket.clientTsNs;
        if (skewNs > maxClockSkewNs)
        {
            detail.append("ts is ").append(skewNs / 1_000_000).append(" ms before ingress; max_skew_ms is ")
                .append(maxClockSkewNs / 1_000_000);
            return InputRejectReason.TIMESTAMP_TOO_OLD;
        }
        if (-skewNs > maxClockSkewNs)
        {
            detail.append("ts is ").append(-skewNs / 1_000_000).append(" ms after ingress; max_skew_ms is ")
                .append(maxClockSkewNs / 1_000_000);
            return InputRejectReason.TIMESTAMP_IN_FUTURE;
        }
        return null;
    }

    /**
     * @return the length up to the first NUL when every byte before it is printable ASCII in
     * [{@code lowest}, 0x7E] (and not '|' when {@code noPipe}) and every byte after it is NUL;
     * -1 otherwise.
     */
    static int fieldLength(final byte[] field, final int lowest, final boolean noPipe)
    {
        int length = 0;
        while (length < field.length && field[length] != 0)
        {
            final int c = field[length];
            if (c < lowest || c > 0x7E || noPipe && c == '|')
            {
                return -1;
            }
            length++;
        }
        for (int i = length; i < field.length; i++)
        {
            if (field[i] != 0)
            {
                return -1;
            }
        }
        return length;
    }
}

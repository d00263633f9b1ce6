package io.noctria.engine.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.noctria.codecs.Decimals;
import io.noctria.codecs.sbe.*;
import org.agrona.MutableDirectBuffer;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * Parses one order request in the platform's JSON form and encodes it as an SBE OrderRequest.
 * <p>
 * Strict: unknown fields, duplicate fields, wrong types, out-of-range values and trailing content
 * are errors, each naming the field and the bad value. Field names are the platform's:
 * {@code symbol, side, qty, price, order_type, tif, trace_id, strategy, ts, idempotency_key,
 * missing_ratio, data_lag_ms, auth}. Defaults: order_type MARKET, tif DAY, strategy "", missing_ratio 0,
 * data_lag_ms 0; idempotency_key may be absent (contract v1.1: older producers). {@code auth} is the request's
 * authentication tag, 64 lowercase hex characters (HMAC-SHA256 of the canonical text described in
 * {@link io.noctria.engine.core.IdempotencyKeys}); absent or null, the SBE authTag is all zero.
 * <p>
 * {@code action} (issue 13): {@code "new"} (the default) is the order request above; {@code "cancel"} and
 * {@code "replace"} act on the order whose key is {@code orig_idempotency_key} and take {@code trace_id}, {@code ts},
 * {@code strategy}, their own {@code idempotency_key} (required: it dedupes the action) and {@code auth} (HMAC-SHA256
 * of the noctria-cancel-v1 / noctria-replace-v1 text, {@link io.noctria.engine.core.IdempotencyKeys#actionTag});
 * a replace also takes the new {@code qty} and/or {@code price} (one absent keeps the order's). Any other field with
 * an action is an error naming it. Encoded as CancelRequest or ReplaceRequest.
 * <p>
 * Off the hot path (a producer tool), so it favours clear errors over speed.
 */
final class OrderRequestJson
{
    /**
     * Largest qty or price accepted, 10^9 units each: far beyond any real order, so a typo or a unit mix-up is
     * an error here rather than a clamp in the risk gate. (Their product can still exceed the notional range;
     * the risk gate rejects that as NOTIONAL_OVERFLOW.)
     */
    static final long MAX_QTY = 1_000_000_000L * Decimals.SCALE;
    static final long MAX_PRICE = 1_000_000_000L * Decimals.SCALE;

    /** What each enum field accepts, in the order the error lists them (not NULL_VAL). */
    private static final Side[] SIDES = { Side.BUY, Side.SELL };
    private static final OrderType[] ORDER_TYPES = { OrderType.MARKET, OrderType.LIMIT };
    private static final TimeInForce[] TIFS = { TimeInForce.DAY, TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK };

    private static final JsonFactory JSON = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(4096).build())
        .build();

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final OrderRequestEncoder encoder = new OrderRequestEncoder();
    private final CancelRequestEncoder cancelEncoder = new CancelRequestEncoder();
    private final ReplaceRequestEncoder replaceEncoder = new ReplaceRequestEncoder();
    private final byte[] origKey = new byte[32];
    private final byte[] key = new byte[32];
    private final byte[] auth = new byte[32];

    /** A line that is not a valid order request; the message names the field and value. */
    static final class InvalidRequest extends Exception
    {
        private static final long serialVersionUID = 1L;
        private final InputRejectReason reason;

        InvalidRequest(final InputRejectReason reason, final String message)
        {
            super(message, null, false, false);
            this.reason = reason;
        }

        InputRejectReason reason()
        {
            return reason;
        }
    }

    /**
     * @return the encoded length (header included) written at {@code buffer[offset]}.
     */
    int encode(final String line, final MutableDirectBuffer buffer, final int offset) throws InvalidRequest
    {
        String symbol = null;
        Side side = null;
        Long qty = null;
        Long price = null;
        OrderType orderType = OrderType.MARKET;
        TimeInForce tif = TimeInForce.DAY;
        String traceId = null;
        String strategy = "";
        Long tsNs = null;
        boolean keyPresent = false;
        boolean authPresent = false;
        int missingRatioPpm = 0;
        long dataLagMs = 0;
        String action = "new";
        boolean origKeyPresent = false;
        final java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        InvalidRequest firstError = null;

        try (JsonParser parser = JSON.createParser(line))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                throw new InvalidRequest(InputRejectReason.MALFORMED, "expected a JSON object");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME)
            {
                final String field = parser.currentName();
                final JsonToken value = parser.nextToken();
                try
                {
                    if (!seen.add(field))
                    {
                        throw new InvalidRequest(InputRejectReason.MALFORMED, "field '" + field + "' appears twice");
                    }
                    switch (field)
                    {
                        case "symbol":
                            symbol = asciiField(field, text(parser, value, field), 16, InputRejectReason.INVALID_SYMBOL);
                            if (!symbol.matches("[A-Za-z0-9._/:-]+"))
                            {
                                throw new InvalidRequest(InputRejectReason.INVALID_SYMBOL,
                                    "symbol '" + symbol + "' has characters outside A-Z a-z 0-9 . _ / : -");
                            }
                            break;
                        case "side":
                            side = side(text(parser, value, field));
                            break;
                        case "qty":
                            qty = decimal(parser, value, field, MAX_QTY, InputRejectReason.INVALID_QTY);
                            break;
                        case "price":
                            price = decimal(parser, value, field, MAX_PRICE, InputRejectReason.INVALID_PRICE);
                            break;
                        case "order_type":
                            orderType = orderType(text(parser, value, field));
                            break;
                        case "tif":
                            tif = tif(text(parser, value, field));
                            break;
                        case "trace_id":
                            traceId = asciiField(field, text(parser, value, field), 64, InputRejectReason.INVALID_TRACE_ID);
                            break;
                        case "strategy":
                            strategy = value == JsonToken.VALUE_NULL ? "" :
                                asciiField(field, text(parser, value, field), 32, InputRejectReason.INVALID_STRATEGY);
                            break;
                        case "ts":
                            tsNs = timestamp(text(parser, value, field));
                            break;
                        case "idempotency_key":
                            if (value != JsonToken.VALUE_NULL)
                            {
                                hex("idempotency_key", text(parser, value, field), key,
                                    InputRejectReason.IDEMPOTENCY_KEY_MALFORMED);
                                keyPresent = true;
                            }
                            break;
                        case "auth":
                            if (value != JsonToken.VALUE_NULL)
                            {
                                hex("auth", text(parser, value, field), auth, InputRejectReason.AUTH_TAG_MISMATCH);
                                authPresent = true;
                            }
                            break;
                        case "missing_ratio":
                            missingRatioPpm = ratio(parser, value, field);
                            break;
                        case "data_lag_ms":
                            dataLagMs = lag(parser, value, field);
                            break;
                        case "action":
                            action = text(parser, value, field);
                            if (!action.equals("new") && !action.equals("cancel") && !action.equals("replace"))
                            {
                                throw new InvalidRequest(InputRejectReason.MALFORMED,
                                    "action '" + abbreviate(action) + "' is not new, cancel or replace");
                            }
                            break;
                        case "orig_idempotency_key":
                            hex("orig_idempotency_key", text(parser, value, field), origKey,
                                InputRejectReason.IDEMPOTENCY_KEY_MALFORMED);
                            origKeyPresent = true;
                            break;
                        default:
                            throw new InvalidRequest(InputRejectReason.MALFORMED, "unknown field '" + field + "'");
                    }
                }
                catch (final InvalidRequest ex)
                {
                    // Reported only once the whole line has parsed: a syntax error further on is the real
                    // problem and must win (0x10 reads as the number 0 followed by garbage, not as qty 0).
                    if (null == firstError)
                    {
                        firstError = ex;
                    }
                    parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT)
            {
                throw new InvalidRequest(InputRejectReason.MALFORMED, "expected a field name or '}'");
            }
            if (parser.nextToken() != null)
            {
                throw new InvalidRequest(InputRejectReason.MALFORMED, "unexpected content after the JSON object");
            }
            if (null != firstError)
            {
                throw firstError;
            }
        }
        catch (final JsonParseException ex)
        {
            throw new InvalidRequest(InputRejectReason.MALFORMED, "malformed JSON: " + ex.getOriginalMessage());
        }
        catch (final IOException ex)
        {
            throw new InvalidRequest(InputRejectReason.MALFORMED, "unreadable JSON: " + ex.getMessage());
        }

        if (!action.equals("new"))
        {
            return encodeAction(action.equals("replace"), seen, origKeyPresent, keyPresent, authPresent, qty, price,
                traceId, strategy, tsNs, buffer, offset);
        }
        if (origKeyPresent)
        {
            throw new InvalidRequest(InputRejectReason.MALFORMED,
                "field 'orig_idempotency_key' is only for action cancel or replace");
        }
        require(symbol, "symbol");
        require(side, "side");
        require(qty, "qty");
        require(price, "price");
        require(traceId, "trace_id");
        require(tsNs, "ts");

        encoder.wrapAndApplyHeader(buffer, offset, header)
            .inboundIndex(-1)
            .ingressNs(0)
            .clientTsNs(tsNs)
            .qty(qty)
            .price(price)
            .missingRatio(missingRatioPpm)
            .dataLagMs(dataLagMs)
            .side(side)
            .orderType(orderType)
            .timeInForce(tif)
            .keyPresent(keyPresent ? BooleanType.TRUE : BooleanType.FALSE)
            .symbol(symbol)
            .traceId(traceId)
            .strategy(strategy);
        if (keyPresent)
        {
            encoder.putIdempotencyKey(key, 0, key.length);
        }
        else
        {
            for (int i = 0; i < 32; i++)
            {
                encoder.idempotencyKey(i, (short)0);
            }
        }
        if (authPresent)
        {
            encoder.putAuthTag(auth, 0, auth.length);
        }
        else
        {
            for (int i = 0; i < 32; i++)
            {
                encoder.authTag(i, (short)0);
            }
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    /** A CancelRequest or ReplaceRequest: the fields an action takes, and nothing else. */
    private int encodeAction(final boolean replace, final java.util.Set<String> seen, final boolean origKeyPresent,
        final boolean keyPresent, final boolean authPresent, final Long qty, final Long price, final String traceId,
        final String strategy, final Long tsNs, final MutableDirectBuffer buffer, final int offset)
        throws InvalidRequest
    {
        final String name = replace ? "replace" : "cancel";
        for (final String field : seen)
        {
            switch (field)
            {
                case "action", "orig_idempotency_key", "idempotency_key", "auth", "trace_id", "strategy", "ts":
                    break;
                case "qty", "price":
                    if (replace)
                    {
                        break;
                    }
                    // fall through: a cancel has no terms
                default:
                    throw new InvalidRequest(InputRejectReason.MALFORMED, "field '" + field + "' is not allowed with " +
                        "action " + name + " (it takes orig_idempotency_key, idempotency_key, trace_id, ts, strategy, " +
                        "auth" + (replace ? ", qty, price)" : ")"));
            }
        }
        if (!origKeyPresent)
        {
            throw new InvalidRequest(InputRejectReason.MISSING_FIELD, "missing required field 'orig_idempotency_key' " +
                "(the key of the order to " + name + ")");
        }
        if (!keyPresent)
        {
            throw new InvalidRequest(InputRejectReason.IDEMPOTENCY_KEY_REQUIRED, "missing required field " +
                "'idempotency_key': a " + name + " needs its own key (the same key twice is acted on once)");
        }
        if (replace && null == qty && null == price)
        {
            throw new InvalidRequest(InputRejectReason.MISSING_FIELD, "a replace needs a new 'qty' or 'price' (or both)");
        }
        require(traceId, "trace_id");
        require(tsNs, "ts");
        if (!authPresent)
        {
            java.util.Arrays.fill(auth, (byte)0);
        }
        if (replace)
        {
            replaceEncoder.wrapAndApplyHeader(buffer, offset, header).inboundIndex(-1).ingressNs(0).clientTsNs(tsNs)
                .qty(null == qty ? 0 : qty).price(null == price ? 0 : price).traceId(traceId).strategy(strategy)
                .putIdempotencyKey(key, 0, 32).putOrigIdempotencyKey(origKey, 0, 32).putAuthTag(auth, 0, 32);
            return MessageHeaderEncoder.ENCODED_LENGTH + replaceEncoder.encodedLength();
        }
        cancelEncoder.wrapAndApplyHeader(buffer, offset, header).inboundIndex(-1).ingressNs(0).clientTsNs(tsNs)
            .traceId(traceId).strategy(strategy).putIdempotencyKey(key, 0, 32).putOrigIdempotencyKey(origKey, 0, 32)
            .putAuthTag(auth, 0, 32);
        return MessageHeaderEncoder.ENCODED_LENGTH + cancelEncoder.encodedLength();
    }

    private static void require(final Object value, final String field)
        throws InvalidRequest
    {
        if (value == null)
        {
            throw new InvalidRequest(InputRejectReason.MISSING_FIELD, "missing required field '" + field + "'");
        }
    }

    private static String text(final JsonParser parser, final JsonToken value, final String field)
        throws IOException, InvalidRequest
    {
        if (value != JsonToken.VALUE_STRING)
        {
            throw new InvalidRequest(InputRejectReason.MALFORMED,
                "field '" + field + "' must be a string, was " + describe(parser, value));
        }
        return parser.getText();
    }

    private static String asciiField(final String field, final String text, final int maxLength,
        final InputRejectReason reason) throws InvalidRequest
    {
        if (text.isEmpty())
        {
            throw new InvalidRequest(reason, "field '" + field + "' is empty");
        }
        if (text.length() > maxLength)
        {
            throw new InvalidRequest(reason, "field '" + field + "' is " + text.length() +
                " characters long, the limit is " + maxLength);
        }
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < 0x21 || c > 0x7E)
            {
                throw new InvalidRequest(reason, "field '" + field + "' has a non-printable or non-ASCII character " +
                    String.format("U+%04X", (int)c) + " at position " + i);
            }
        }
        return text;
    }

    private static Side side(final String text) throws InvalidRequest
    {
        return oneOf("side", text, SIDES, InputRejectReason.INVALID_SIDE);
    }

    private static OrderType orderType(final String text) throws InvalidRequest
    {
        return oneOf("order_type", text, ORDER_TYPES, InputRejectReason.INVALID_ORDER_TYPE);
    }

    private static TimeInForce tif(final String text) throws InvalidRequest
    {
        return oneOf("tif", text, TIFS, InputRejectReason.INVALID_TIF);
    }

    /**
     * @return the value named {@code text}, in upper or lower case (not mixed): the names the request format
     * documents. Otherwise the request is invalid for {@code reason}, listing what is allowed.
     */
    private static <E extends Enum<E>> E oneOf(final String field, final String text, final E[] values,
        final InputRejectReason reason) throws InvalidRequest
    {
        for (final E value : values)
        {
            if (value.name().equals(text) || value.name().toLowerCase(Locale.ROOT).equals(text))
            {
                return value;
            }
        }
        final StringBuilder allowed = new StringBuilder();
        for (int i = 0; i < values.length; i++)
        {
            allowed.append(0 == i ? "" : i == values.length - 1 ? " or " : ", ").append(values[i].name());
        }
        throw new InvalidRequest(reason, field + " '" + abbreviate(text) + "' is not " + allowed);
    }

    private static long decimal(final JsonParser parser, final JsonToken value, final String field, final long max,
        final InputRejectReason reason) throws IOException, InvalidRequest
    {
        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT && value != JsonToken.VALUE_STRING)
        {
            throw new InvalidRequest(reason, "field '" + field + "' must be a number, was " + describe(parser, value));
        }
        final String text = parser.getText();
        final long fixed;
        try
        {
            fixed = Decimals.parse(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InvalidRequest(reason, "field '" + field + "': " + ex.getMessage());
        }
        if (fixed <= 0)
        {
            throw new InvalidRequest(reason, "field '" + field + "' must be > 0, was " + abbreviate(text));
        }
        if (fixed > max)
        {
            throw new InvalidRequest(reason, "field '" + field + "' " + abbreviate(text) + " exceeds the limit " +
                Decimals.format(max));
        }
        return fixed;
    }

    private static int ratio(final JsonParser parser, final JsonToken value, final String field)
        throws IOException, InvalidRequest
    {
        final long fixed = decimalOrZero(parser, value, field);
        if (fixed < 0 || fixed > Decimals.SCALE)
        {
            throw new InvalidRequest(InputRejectReason.INVALID_QUALITY_INPUT,
                "field '" + field + "' must be between 0 and 1, was " + abbreviate(parser.getText()));
        }
        return (int)fixed;
    }

    private static long lag(final JsonParser parser, final JsonToken value, final String field)
        throws IOException, InvalidRequest
    {
        if (value != JsonToken.VALUE_NUMBER_INT)
        {
            throw new InvalidRequest(InputRejectReason.INVALID_QUALITY_INPUT,
                "field '" + field + "' must be a whole number of milliseconds, was " + describe(parser, value));
        }
        final long lag;
        try
        {
            lag = parser.getLongValue();
        }
        catch (final IOException ex)
        {
            throw new InvalidRequest(InputRejectReason.INVALID_QUALITY_INPUT,
                "field '" + field + "' is out of range: " + abbreviate(parser.getText()));
        }
        if (lag < 0)
        {
            throw new InvalidRequest(InputRejectReason.INVALID_QUALITY_INPUT,
                "field '" + field + "' must be >= 0, was " + lag);
        }
        return lag;
    }

    private static long decimalOrZero(final JsonParser parser, final JsonToken value, final String field)
        throws IOException, InvalidRequest
    {
        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT)
        {
            throw new InvalidRequest(InputRejectReason.INVALID_QUALITY_INPUT,
                "field '" + field + "' must be a number, was " + describe(parser, value));
        }
        try
        {
            return Decimals.parse(parser.getText());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InvalidRequest(InputRejectReason.INVALID_QUALITY_INPUT, "field '" + field + "': " + ex.getMessage());
        }
    }

    private static long timestamp(final String text) throws InvalidRequest
    {
        final long tsNs;
        try
        {
            final Instant instant = text.endsWith("Z") ? Instant.parse(text) : OffsetDateTime.parse(text).toInstant();
            tsNs = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        }
        catch (final DateTimeException ex)
        {
            throw new InvalidRequest(InputRejectReason.INVALID_TIMESTAMP,
                "ts '" + abbreviate(text) + "' is not an ISO-8601 time with a zone (e.g. 2026-11-22T04:20:00Z)");
        }
        catch (final ArithmeticException ex)
        {
            throw outOfRange(text);
        }
        if (tsNs <= 0)
        {
            // The engine always rejects these (INVALID_TIMESTAMP): say so here, with the line number.
            throw outOfRange(text);
        }
        return tsNs;
    }

    private static InvalidRequest outOfRange(final String text)
    {
        return new InvalidRequest(InputRejectReason.INVALID_TIMESTAMP, "ts '" + abbreviate(text) +
            "' is outside the engine's time range (after 1970-01-01T00:00:00Z, up to 2262-04-11T23:47:16Z: " +
            "nanoseconds since the epoch in 64 bits)");
    }

    private static void hex(final String field, final String text, final byte[] dst, final InputRejectReason reason)
        throws InvalidRequest
    {
        if (text.length() != 64)
        {
            throw new InvalidRequest(reason,
                field + " must be 64 lowercase hex characters, was " + text.length() + " characters");
        }
        for (int i = 0; i < 32; i++)
        {
            final int hi = hexDigit(text.charAt(2 * i));
            final int lo = hexDigit(text.charAt(2 * i + 1));
            if (hi < 0 || lo < 0)
            {
                throw new InvalidRequest(reason,
                    field + " must be lowercase hex; bad character at position " + (hi < 0 ? 2 * i : 2 * i + 1));
            }
            dst[i] = (byte)((hi << 4) | lo);
        }
    }

    private static int hexDigit(final char c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }
        return -1;
    }

    private static String describe(final JsonParser parser, final JsonToken token) throws IOException
    {
        if (token == null)
        {
            return "nothing";
        }
        switch (token)
        {
            case VALUE_STRING: return "the string \"" + abbreviate(parser.getText()) + "\"";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return "the number " + abbreviate(parser.getText());
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            case START_OBJECT: return "an object";
            case START_ARRAY: return "an array";
            default: return token.toString();
        }
    }

    private static String abbreviate(final String text)
    {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}

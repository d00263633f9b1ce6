package io.noctria.engine.badinput;

import io.noctria.codecs.MessageSamples;
import io.noctria.codecs.Messages;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.core.IdempotencyKeys;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static io.noctria.codecs.sbe.InputRejectReason.*;

/**
 * The SBE half of the bad-input matrix: excerpts a buggy or hostile producer could append to
 * {@code data/inbound} through the journal API, bypassing {@code submit}. Framing faults (garbage,
 * truncation, foreign schema, unknown or non-input templates, over-size) are refused by ingress;
 * readable inputs with bad field values are refused by the core. Field offsets come from the
 * generated encoders, so the cases follow the schema.
 */
public final class InboundCases
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final String NOT_INPUT = "is not an input message (expected OrderRequest, Control, PolicyReload, " +
        "CancelRequest, ReplaceRequest or CancelAll)";

    private InboundCases()
    {
    }

    /** A valid order request: trace {@code trace}, BUY 1 USDJPY at 150, ts {@link MatrixEngine#START_NS}. */
    public static byte[] goodRequest(final String trace)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[HEADER + OrderRequestEncoder.BLOCK_LENGTH]);
        new OrderRequestEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .inboundIndex(-1)
            .ingressNs(0)
            .clientTsNs(MatrixEngine.START_NS)
            .qty(1_000_000L)
            .price(150_000_000L)
            .missingRatio(0)
            .dataLagMs(0)
            .side(Side.BUY)
            .orderType(OrderType.MARKET)
            .timeInForce(TimeInForce.DAY)
            .keyPresent(BooleanType.FALSE)
            .symbol("USDJPY")
            .traceId(trace)
            .strategy("matrix");
        sign(buffer);
        return buffer.byteArray();
    }

    /**
     * Writes the authTag an authenticated producer computes with {@link MatrixEngine#SECRET} for the request's
     * fields as they now stand (key included when present). Only for readable requests: enums must be valid.
     */
    static void sign(final MutableDirectBuffer buffer)
    {
        final OrderRequestDecoder r = new OrderRequestDecoder().wrap(buffer, HEADER, OrderRequestEncoder.BLOCK_LENGTH,
            OrderRequestEncoder.SCHEMA_VERSION);
        final String key = r.keyPresent() == BooleanType.TRUE ? IdempotencyKeys.toHex(rawKey(r)) : null;
        final String tag = new IdempotencyKeys(MatrixEngine.SECRET.getBytes(StandardCharsets.US_ASCII)).authTagHex(
            r.symbol(), r.side(), r.qty(), r.price(), r.orderType(), r.timeInForce(), r.clientTsNs(), r.traceId(),
            r.strategy(), key, r.missingRatio(), r.dataLagMs());
        buffer.putBytes(HEADER + OrderRequestEncoder.authTagEncodingOffset(), hex(tag));
    }

    private static byte[] rawKey(final OrderRequestDecoder r)
    {
        final byte[] key = new byte[32];
        r.getIdempotencyKey(key, 0, 32);
        return key;
    }

    /** Every case, in a fixed order. */
    public static List<InboundCase> all()
    {
        final List<InboundCase> cases = new ArrayList<>();
        framing(cases);
        nonInputTemplates(cases);
        requestFields(cases);
        keys(cases);
        authTags(cases);
        controls(cases);
        return cases;
    }

    private static void framing(final List<InboundCase> cases)
    {
        for (final int length : new int[]{ 1, 3, 7 })
        {
            cases.add(reject("garbage-" + length + "-bytes", filled(length, 0x5A), TRUNCATED,
                "excerpt of " + length + " bytes is shorter than the 8-byte SBE header"));
        }
        cases.add(reject("zeros-208-bytes", filled(208, 0), UNKNOWN_SCHEMA, "schema id 0 is not the Noctria schema 7101"));
        cases.add(reject("ones-300-bytes", filled(300, 0xFF), UNKNOWN_SCHEMA, "schema id 65535 is not the Noctria schema"));
        final SplittableRandom random = new SplittableRandom(7101);
        for (final int length : new int[]{ 64, 208, 1000, 4000 })
        {
            final byte[] noise = new byte[length];
            for (int i = 0; i < length; i++)
            {
                noise[i] = (byte)random.nextInt(256);
            }
            noise[4] = 0x12; // schema id 0x3412: random, but never the Noctria schema
            noise[5] = 0x34;
            cases.add(reject("random-noise-" + length, noise, UNKNOWN_SCHEMA, "schema id 13330 is not the Noctria schema"));
        }
        cases.add(reject("json-text-in-inbound",
            "{\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":1}".getBytes(StandardCharsets.UTF_8), UNKNOWN_SCHEMA,
            "is not the Noctria schema"));
        cases.add(reject("fix-text-in-inbound", "8=FIX.4.4\u00019=65\u000135=D\u000155=USDJPY\u000154=1\u0001"
            .getBytes(StandardCharsets.US_ASCII), UNKNOWN_SCHEMA, "is not the Noctria schema"));

        for (final int length : new int[]{ 4, 8, 9, 50, 100, 150, 207 })
        {
            final byte[] cut = Arrays.copyOf(goodRequest("sbe-cut-" + length), length);
            cases.add(reject("order-request-cut-to-" + length, cut, TRUNCATED, length < HEADER ?
                "shorter than the 8-byte SBE header" :
                "OrderRequest needs a " + OrderRequestEncoder.BLOCK_LENGTH + "-byte block but only " + (length - HEADER) +
                " bytes follow the header"));
        }
        cases.add(reject("order-request-claims-longer-block", header(goodRequest("sbe-long-claim"), 300, -1, -1, -1),
            TRUNCATED, "OrderRequest needs a 300-byte block but only " + OrderRequestEncoder.BLOCK_LENGTH +
            " bytes follow the header"));
        for (final int schemaId : new int[]{ 0, 1, 7100, 7102, 65535 })
        {
            cases.add(reject("schema-id-" + schemaId, header(goodRequest("sbe-schema-" + schemaId), -1, -1, schemaId, -1),
                UNKNOWN_SCHEMA, "schema id " + schemaId + " is not the Noctria schema 7101"));
        }
        for (final int templateId : new int[]{ 0, 8, 9, 99, 999, 65535 })
        {
            cases.add(reject("template-id-" + templateId,
                header(goodRequest("sbe-template-" + templateId), -1, templateId, -1, -1), UNKNOWN_TEMPLATE,
                "template id " + templateId + " is not a message of schema 7101"));
        }
        cases.add(reject("version-0", header(goodRequest("sbe-v0"), -1, -1, -1, 0), UNSUPPORTED_VERSION,
            "version 0 of OrderRequest is older than the first schema version 1"));
        for (final int blockLength : new int[]{ 0, 100, 199 })
        {
            cases.add(reject("block-length-" + blockLength, header(goodRequest("sbe-block-" + blockLength), blockLength,
                -1, -1, -1), UNSUPPORTED_VERSION, "OrderRequest block length " + blockLength +
                " is shorter than the 200 bytes of version 1"));
        }

        final UnsafeBuffer newer = new UnsafeBuffer(new byte[8192]);
        final int bigLength = MessageSamples.encodeNewerVersion(OrderRequestEncoder.TEMPLATE_ID, newer, 0, 9, 256);
        final byte[] big = new byte[5000];
        newer.getBytes(0, big, 0, bigLength);
        final UnsafeBuffer bigView = new UnsafeBuffer(big);
        bigView.putShort(0, (short)(big.length - HEADER), MessageHeaderEncoder.BYTE_ORDER);
        cases.add(reject("future-version-over-4k", big, MALFORMED,
            "excerpt of 5000 bytes exceeds the 4096-byte input limit"));
        final byte[] futureCut = Arrays.copyOf(newer.byteArray(), bigLength - 100);
        cases.add(reject("future-version-truncated", futureCut, TRUNCATED,
            "OrderRequest needs a " + (OrderRequestEncoder.BLOCK_LENGTH + 256) + "-byte block but only " +
            (OrderRequestEncoder.BLOCK_LENGTH + 156) + " bytes follow the header"));
        final byte[] futureBadSide = Arrays.copyOf(newer.byteArray(), bigLength);
        final UnsafeBuffer futureView = new UnsafeBuffer(futureBadSide);
        futureView.putByte(HEADER + OrderRequestEncoder.sideEncodingOffset(), (byte)9);
        futureView.putBytes(HEADER + OrderRequestEncoder.traceIdEncodingOffset(), padded("sbe-future-bad-side", 64));
        cases.add(reject("future-version-bad-side", futureBadSide, INVALID_SIDE, "side 9 is not BUY(1) or SELL(2)"));

        cases.add(reject("control-cut-in-block", Arrays.copyOf(control("ops", "x", 1), HEADER + 30), TRUNCATED,
            "Control needs a " + ControlEncoder.BLOCK_LENGTH + "-byte block but only 30 bytes follow the header"));
        cases.add(reject("control-cut-in-length", Arrays.copyOf(control("ops", "x", 1),
            HEADER + ControlEncoder.BLOCK_LENGTH + 2), TRUNCATED, "Control.reason length header at byte " +
            (HEADER + ControlEncoder.BLOCK_LENGTH) + " runs past the end of the " + (HEADER + ControlEncoder.BLOCK_LENGTH + 2) +
            "-byte excerpt"));
        final byte[] reasonCut = control("ops", "a reason that is cut short", 1);
        cases.add(reject("control-cut-in-reason", Arrays.copyOf(reasonCut, reasonCut.length - 5), TRUNCATED,
            "Control.reason of 26 bytes runs past the end"));
        for (final long length : new long[]{ 0x4000_0001L, 0x8000_0000L, 0xFFFF_FFFFL })
        {
            final byte[] bytes = control("ops", "x", 1);
            new UnsafeBuffer(bytes).putInt(HEADER + ControlEncoder.BLOCK_LENGTH, (int)length,
                MessageHeaderEncoder.BYTE_ORDER);
            cases.add(reject("control-reason-length-" + Long.toHexString(length), bytes, MALFORMED,
                "Control.reason length " + length + " exceeds the schema maximum 1073741824"));
        }
        cases.add(reject("control-reason-over-4k", control("ops", "r".repeat(5000), 1), MALFORMED,
            "exceeds the 4096-byte input limit"));
    }

    private static void nonInputTemplates(final List<InboundCase> cases)
    {
        for (final int templateId : MessageSamples.templateIds())
        {
            if (templateId == OrderRequestEncoder.TEMPLATE_ID || templateId == ControlEncoder.TEMPLATE_ID ||
                templateId == io.noctria.codecs.sbe.PolicyReloadEncoder.TEMPLATE_ID ||
                templateId == io.noctria.codecs.sbe.CancelRequestEncoder.TEMPLATE_ID ||
                templateId == io.noctria.codecs.sbe.ReplaceRequestEncoder.TEMPLATE_ID ||
                templateId == io.noctria.codecs.sbe.CancelAllEncoder.TEMPLATE_ID)
            {
                continue;
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MessageSamples.MAX_ENCODED_LENGTH]);
            final int length = MessageSamples.encode(templateId, buffer, 0);
            final String name = Messages.name(templateId);
            // A broker report or an engine event forged into inbound must never act (e.g. a Fill moving a position).
            cases.add(reject("forged-" + Messages.schemaName(templateId), Arrays.copyOf(buffer.byteArray(), length),
                UNKNOWN_TEMPLATE, name + " " + NOT_INPUT));
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MessageSamples.MAX_ENCODED_LENGTH + 64]);
        final int length = MessageSamples.encodeNewerVersion(FillEncoder.TEMPLATE_ID, buffer, 0, 5, 32);
        cases.add(reject("forged-Fill-newer-version", Arrays.copyOf(buffer.byteArray(), length), UNKNOWN_TEMPLATE,
            "Fill " + NOT_INPUT));
    }

    private static void requestFields(final List<InboundCase> cases)
    {
        final int qty = OrderRequestEncoder.qtyEncodingOffset();
        final int price = OrderRequestEncoder.priceEncodingOffset();
        for (final long value : new long[]{ 0, -1, -1_000_000, Long.MIN_VALUE })
        {
            cases.add(field("qty-" + value, (b, o) -> b.putLong(o + qty, value, OrderRequestEncoder.BYTE_ORDER),
                INVALID_QTY, "must be > 0"));
        }
        for (final long value : new long[]{ 0, -1, -150_000_000L, Long.MIN_VALUE })
        {
            cases.add(field("price-" + value, (b, o) -> b.putLong(o + price, value, OrderRequestEncoder.BYTE_ORDER),
                INVALID_PRICE, "must be > 0 (MARKET orders carry the reference price)"));
        }
        // Huge but positive: readable, so the documented outcome is the risk gate's NOTIONAL_OVERFLOW reject.
        cases.add(risk("qty-long-max", (b, o) -> b.putLong(o + qty, Long.MAX_VALUE, OrderRequestEncoder.BYTE_ORDER),
            RiskRule.NOTIONAL_OVERFLOW, "overflows the notional range"));
        cases.add(risk("price-long-max", (b, o) ->
        {
            // 1 unit at Long.MAX_VALUE is exactly representable; 2 units are not.
            b.putLong(o + qty, 2_000_000L, OrderRequestEncoder.BYTE_ORDER);
            b.putLong(o + price, Long.MAX_VALUE, OrderRequestEncoder.BYTE_ORDER);
        }, RiskRule.NOTIONAL_OVERFLOW, "overflows the notional range"));
        cases.add(risk("qty-and-price-huge", (b, o) ->
        {
            b.putLong(o + qty, 1L << 42, OrderRequestEncoder.BYTE_ORDER);
            b.putLong(o + price, 1L << 42, OrderRequestEncoder.BYTE_ORDER);
        }, RiskRule.NOTIONAL_OVERFLOW, "overflows the notional range"));

        for (final int side : new int[]{ 0, 3, 127, 255 })
        {
            cases.add(field("side-" + side, (b, o) -> b.putByte(o + OrderRequestEncoder.sideEncodingOffset(), (byte)side),
                INVALID_SIDE, "side " + side + " is not BUY(1) or SELL(2)"));
        }
        for (final int type : new int[]{ 0, 3, 255 })
        {
            cases.add(field("order-type-" + type, (b, o) -> b.putByte(o + OrderRequestEncoder.orderTypeEncodingOffset(),
                (byte)type), INVALID_ORDER_TYPE, "order type " + type + " is not MARKET(1) or LIMIT(2)"));
        }
        for (final int tif : new int[]{ 0, 5, 255 })
        {
            cases.add(field("tif-" + tif, (b, o) -> b.putByte(o + OrderRequestEncoder.timeInForceEncodingOffset(),
                (byte)tif), INVALID_TIF, "time in force " + tif + " is not DAY(1), GTC(2), IOC(3) or FOK(4)"));
        }

        final String symbolRule = "symbol must be 1 to 16 printable ASCII characters without space or '|', NUL padded";
        final Object[][] symbols = {
            { "empty", new byte[0] }, { "space", ascii("USD JPY") }, { "pipe", ascii("USD|JPY") },
            { "utf8-accent", "USDJP\u00dd".getBytes(StandardCharsets.UTF_8) }, { "latin1-byte", new byte[]{ 'U', (byte)0xE9 } },
            { "del", ascii("USD\u007fJPY") }, { "control-byte", ascii("\u0001USDJPY") }, { "tab", ascii("USD\tJPY") },
            { "nul-then-text", new byte[]{ 'U', 'S', 0, 'D' } }, { "high-bytes", filled(16, 0x80) },
            { "katakana", "\u30e6\u30fc\u30ed".getBytes(StandardCharsets.UTF_8) },
        };
        for (final Object[] symbol : symbols)
        {
            final byte[] value = (byte[])symbol[1];
            cases.add(field("symbol-" + symbol[0], (b, o) -> b.putBytes(o + OrderRequestEncoder.symbolEncodingOffset(),
                padded(value, 16)), INVALID_SYMBOL, symbolRule));
        }

        final String traceRule = "trace_id must be 1 to 64 printable ASCII characters, NUL padded";
        final Object[][] traces = {
            { "empty", new byte[0] }, { "utf8", "tr\u00e4ce".getBytes(StandardCharsets.UTF_8) },
            { "control-byte", ascii("trace\u0007") }, { "nul-then-text", new byte[]{ 't', 0, 'x' } },
            { "all-0xff", filled(64, 0xFF) },
        };
        for (final Object[] trace : traces)
        {
            final byte[] value = (byte[])trace[1];
            cases.add(field("trace-" + trace[0], (b, o) -> b.putBytes(o + OrderRequestEncoder.traceIdEncodingOffset(),
                padded(value, 64)), INVALID_TRACE_ID, traceRule));
        }
        final Object[][] strategies = {
            { "utf8", "strat\u00e9gie".getBytes(StandardCharsets.UTF_8) }, { "control-byte", ascii("mo\nmo") },
            { "nul-then-text", new byte[]{ 'm', 0, 'x' } },
        };
        for (final Object[] strategy : strategies)
        {
            final byte[] value = (byte[])strategy[1];
            cases.add(field("strategy-" + strategy[0], (b, o) -> b.putBytes(
                o + OrderRequestEncoder.strategyEncodingOffset(), padded(value, 32)), INVALID_STRATEGY,
                "strategy must be printable ASCII, NUL padded"));
        }

        final int ts = OrderRequestEncoder.clientTsNsEncodingOffset();
        for (final long value : new long[]{ 0, -1, Long.MIN_VALUE })
        {
            cases.add(field("ts-" + value, (b, o) -> b.putLong(o + ts, value, OrderRequestEncoder.BYTE_ORDER),
                INVALID_TIMESTAMP, "ts " + value + " ns must be after 1970-01-01T00:00Z"));
        }
        final String skew = "; max_skew_ms is " + MatrixEngine.MAX_SKEW_MS;
        final long hourNs = 3_600_000_000_000L;
        final Object[][] times = {
            { "ts-one-ns", 1L, TIMESTAMP_TOO_OLD, "before ingress" + skew },
            { "ts-hour-old", MatrixEngine.START_NS - hourNs, TIMESTAMP_TOO_OLD, "before ingress" + skew },
            { "ts-year-2001", MatrixEngine.epochNs("2001-09-09T01:46:40Z"), TIMESTAMP_TOO_OLD, "before ingress" + skew },
            { "ts-hour-ahead", MatrixEngine.START_NS + hourNs, TIMESTAMP_IN_FUTURE, "after ingress" + skew },
            { "ts-year-2200", MatrixEngine.epochNs("2200-01-01T00:00:00Z"), TIMESTAMP_IN_FUTURE, "after ingress" + skew },
            { "ts-long-max", Long.MAX_VALUE, TIMESTAMP_IN_FUTURE, "after ingress" + skew },
        };
        for (final Object[] time : times)
        {
            final long value = (Long)time[1];
            cases.add(field((String)time[0], (b, o) -> b.putLong(o + ts, value, OrderRequestEncoder.BYTE_ORDER),
                (InputRejectReason)time[2], (String)time[3]));
        }

        final int ratio = OrderRequestEncoder.missingRatioEncodingOffset();
        for (final int value : new int[]{ -1, 1_000_001, Integer.MIN_VALUE, Integer.MAX_VALUE })
        {
            cases.add(field("missing-ratio-" + value, (b, o) -> b.putInt(o + ratio, value, OrderRequestEncoder.BYTE_ORDER),
                INVALID_QUALITY_INPUT, "missing_ratio " + value + " ppm must be in [0, 1000000]"));
        }
        final int lag = OrderRequestEncoder.dataLagMsEncodingOffset();
        for (final long value : new long[]{ -1, Long.MIN_VALUE })
        {
            cases.add(field("data-lag-" + value, (b, o) -> b.putLong(o + lag, value, OrderRequestEncoder.BYTE_ORDER),
                INVALID_QUALITY_INPUT, "data_lag_ms " + value + " must be >= 0"));
        }
    }

    private static void keys(final List<InboundCase> cases)
    {
        final int present = OrderRequestEncoder.keyPresentEncodingOffset();
        final int key = OrderRequestEncoder.idempotencyKeyEncodingOffset();
        for (final int value : new int[]{ 2, 255 })
        {
            cases.add(field("key-present-" + value, (b, o) -> b.putByte(o + present, (byte)value),
                IDEMPOTENCY_KEY_MALFORMED, "keyPresent " + value + " is not FALSE(0) or TRUE(1)"));
        }
        final String mismatch = "idempotency_key does not match HMAC-SHA256 of symbol|side|qty_6dp|ts_floor_minute|trace_id";
        final IdempotencyKeys secretKeys = new IdempotencyKeys(MatrixEngine.SECRET.getBytes(StandardCharsets.US_ASCII));
        final IdempotencyKeys otherKeys = new IdempotencyKeys("not-the-engine-secret".getBytes(StandardCharsets.US_ASCII));
        final Object[][] forged = {
            { "zeros", new byte[32] },
            { "pattern", filled(32, 0xAB) },
            { "other-trace", hex(secretKeys.computeHex("USDJPY", Side.BUY, 1_000_000L, MatrixEngine.START_NS, "good-1")) },
            { "other-secret", hex(otherKeys.computeHex("USDJPY", Side.BUY, 1_000_000L, MatrixEngine.START_NS,
                "sbe-key-other-secret")) },
            { "other-qty", hex(secretKeys.computeHex("USDJPY", Side.BUY, 2_000_000L, MatrixEngine.START_NS,
                "sbe-key-other-qty")) },
            { "other-minute", hex(secretKeys.computeHex("USDJPY", Side.BUY, 1_000_000L, MatrixEngine.START_NS + 60_000_000_000L,
                "sbe-key-other-minute")) },
            { "one-bit-flipped", flipFirstBit(hex(secretKeys.computeHex("USDJPY", Side.BUY, 1_000_000L, MatrixEngine.START_NS,
                "sbe-key-one-bit-flipped"))) },
            { "hex-text-not-raw", "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII) },
        };
        for (final Object[] k : forged)
        {
            final byte[] value = (byte[])k[1];
            // Tagged over the forged key: authentic, so it is the key check that refuses it.
            cases.add(field("key-" + k[0], (b, o) ->
            {
                b.putByte(o + present, (byte)1);
                b.putBytes(o + key, value);
                sign(b);
            }, IDEMPOTENCY_KEY_MISMATCH, mismatch));
        }
    }

    /** authTag (schema v2): missing when the engine requires it (require_auth, run's default), or not the HMAC. */
    private static void authTags(final List<InboundCase> cases)
    {
        final int tag = OrderRequestEncoder.authTagEncodingOffset();
        final String missing = "authTag is required (idempotency.require_auth: true)";
        cases.add(field("auth-tag-zero", (b, o) -> b.putBytes(o + tag, new byte[32]), AUTH_TAG_MISSING, missing));
        // A version-1 producer: its 200-byte block has no tag (a v1 view of one would read SBE's null, 0xFF bytes).
        cases.add(reject("auth-tag-version-1", header(Arrays.copyOf(goodRequest("sbe-auth-tag-version-1"), HEADER + 200),
            200, -1, -1, 1), AUTH_TAG_MISSING, missing));
        cases.add(reject("auth-tag-version-1-all-ff", header(mutated("auth-tag-version-1-all-ff",
            (b, o) -> b.putBytes(o + tag, filled(32, 0xFF))), -1, -1, -1, 1), AUTH_TAG_MISSING, missing));
        final String mismatch = "authTag does not match HMAC-SHA256 of the request's noctria-auth-v1 text";
        final int price = OrderRequestEncoder.priceEncodingOffset();
        final Object[][] altered = {
            { "pattern", (Mutation)(b, o) -> b.putBytes(o + tag, filled(32, 0xAB)) },
            { "all-ff", (Mutation)(b, o) -> b.putBytes(o + tag, filled(32, 0xFF)) },
            { "one-bit-flipped", (Mutation)(b, o) -> b.putByte(o + tag, (byte)(b.getByte(o + tag) ^ 1)) },
            { "price-changed-after-tagging", (Mutation)(b, o) -> b.putLong(o + price, 999_999_000_000L,
                OrderRequestEncoder.BYTE_ORDER) },
            { "market-to-limit-after-tagging", (Mutation)(b, o) ->
                b.putByte(o + OrderRequestEncoder.orderTypeEncodingOffset(), (byte)2) },
            { "ts-moved-after-tagging", (Mutation)(b, o) -> b.putLong(o + OrderRequestEncoder.clientTsNsEncodingOffset(),
                MatrixEngine.START_NS + 54_000_000_000L, OrderRequestEncoder.BYTE_ORDER) },
            { "other-secret", (Mutation)(b, o) -> b.putBytes(o + tag, hex(new IdempotencyKeys(
                "not-the-engine-secret-but-32-bytes-long".getBytes(StandardCharsets.US_ASCII)).authTagHex("USDJPY",
                Side.BUY, 1_000_000L, 150_000_000L, OrderType.MARKET, TimeInForce.DAY, MatrixEngine.START_NS,
                "sbe-auth-other-secret", "matrix", null, 0, 0))) },
        };
        for (final Object[] a : altered)
        {
            cases.add(field("auth-" + a[0], (Mutation)a[1], AUTH_TAG_MISMATCH, mismatch));
        }
        cases.add(reject("auth-tag-pipe-in-strategy", signedWith(goodRequest("sbe-auth-pipe"),
            OrderRequestEncoder.strategyEncodingOffset(), padded("a|b", 32)), AUTH_TAG_MISMATCH, "must not contain '|'"));
    }

    private static byte[] signedWith(final byte[] bytes, final int offset, final byte[] value)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        buffer.putBytes(HEADER + offset, value);
        sign(buffer);
        return bytes;
    }

    private static void controls(final List<InboundCase> cases)
    {
        for (final int action : new int[]{ 0, 4, 255 })
        {
            // Signed by the trusted operator, so the action itself is what is refused.
            cases.add(reject("control-action-" + action, signed(control(MatrixEngine.OPERATOR, "matrix", action),
                MatrixEngine.OPERATOR_KEY), INVALID_CONTROL,
                "action " + action + " is not PAUSE_ON(1), PAUSE_OFF(2) or POLICY_RELOAD(3)"));
        }
        // The trust boundary: a well-formed control acts only when the engine's trusted operator signed it, now.
        cases.add(reject("control-unsigned", control(MatrixEngine.OPERATOR, "no signature", 2), CONTROL_UNSIGNED,
            "is not signed"));
        cases.add(reject("control-unknown-operator", signed(control("risk-officer", "a stranger", 2),
            io.noctria.engine.runtime.OperatorKeys.generate()), CONTROL_UNKNOWN_OPERATOR,
            "operator risk-officer is not among the 1 trusted operator(s)"));
        cases.add(reject("control-signed-by-another-key", signed(control(MatrixEngine.OPERATOR, "forged", 2),
            io.noctria.engine.runtime.OperatorKeys.generate()), CONTROL_BAD_SIGNATURE,
            "signature does not verify under the public key of operator matrix-ops"));
        final byte[] tampered = signed(control(MatrixEngine.OPERATOR, "pause on", 1), MatrixEngine.OPERATOR_KEY);
        new UnsafeBuffer(tampered).putByte(HEADER + ControlEncoder.actionEncodingOffset(), (byte)2); // now PAUSE_OFF
        cases.add(reject("control-action-changed-after-signing", tampered, CONTROL_BAD_SIGNATURE, "does not verify"));
        final byte[] stale = control(MatrixEngine.OPERATOR, "yesterday", 2);
        new UnsafeBuffer(stale).putLong(HEADER + ControlEncoder.submittedNsEncodingOffset(),
            MatrixEngine.START_NS - 86_400_000_000_000L, MessageHeaderEncoder.BYTE_ORDER);
        cases.add(reject("control-stale", signed(stale, MatrixEngine.OPERATOR_KEY), CONTROL_STALE,
            "controls.max_age_ms is 60000"));
        cases.add(reject("policy-reload-unsigned", policyReload("default:\n  forbidden_symbols: []\n"), CONTROL_UNSIGNED,
            "is not signed"));
        final String operatorRule = "operator must be 1 to 32 printable ASCII characters, NUL padded";
        cases.add(reject("control-operator-empty", control("", "matrix", 1), INVALID_CONTROL, operatorRule));
        final byte[] utf8Operator = control("ops", "matrix", 1);
        new UnsafeBuffer(utf8Operator).putBytes(HEADER + ControlEncoder.operatorNameEncodingOffset(),
            padded("\u00f6ps".getBytes(StandardCharsets.UTF_8), 32));
        cases.add(reject("control-operator-utf8", utf8Operator, INVALID_CONTROL, operatorRule));
        cases.add(reject("control-operator-control-byte", control("o\u0001ps", "matrix", 1), INVALID_CONTROL, operatorRule));
        cases.add(reject("control-reason-over-1k", control("ops", "r".repeat(2000), 1), INVALID_CONTROL,
            "reason of 2000 bytes exceeds 1024"));
    }

    /** An order request with one field spoiled by {@code mutation}, refused by the core with {@code reason}. */
    private static InboundCase field(final String name, final Mutation mutation, final InputRejectReason reason,
        final String fragment)
    {
        return reject(name, mutated(name, mutation), reason, fragment);
    }

    private static InboundCase risk(final String name, final Mutation mutation, final RiskRule rule, final String fragment)
    {
        // Readable and authentic (tagged after the change): the documented outcome is the risk gate's.
        final byte[] bytes = mutated(name, mutation);
        sign(new UnsafeBuffer(bytes));
        return new InboundCase(name, bytes, null, rule, fragment);
    }

    private static byte[] mutated(final String name, final Mutation mutation)
    {
        final byte[] bytes = goodRequest("sbe-" + name);
        mutation.apply(new UnsafeBuffer(bytes), HEADER);
        return bytes;
    }

    private static InboundCase reject(final String name, final byte[] bytes, final InputRejectReason reason,
        final String fragment)
    {
        return new InboundCase(name, bytes, reason, null, fragment);
    }

    /** Signs an encoded control in place with {@code key} and returns it. */
    private static byte[] signed(final byte[] control, final java.security.KeyPair key)
    {
        io.noctria.engine.core.ControlSignatures.sign(key.getPrivate(), new UnsafeBuffer(control), 0, control.length);
        return control;
    }

    /** An unsigned PolicyReload carrying {@code yaml}. */
    private static byte[] policyReload(final String yaml)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final PolicyReloadEncoder reload = new PolicyReloadEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .inboundIndex(-1).ingressNs(0).submittedNs(MatrixEngine.START_NS).operatorName(MatrixEngine.OPERATOR)
            .reason("permissive").source("permissive.yml").policy(yaml);
        return Arrays.copyOf(buffer.byteArray(), HEADER + reload.encodedLength());
    }

    /** A Control with a raw action byte, unsigned; valid controls are never used here (they would change the state). */
    private static byte[] control(final String operator, final String reason, final int action)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[HEADER + ControlEncoder.BLOCK_LENGTH + 4 + reason.length()]);
        new ControlEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .inboundIndex(-1)
            .ingressNs(0)
            .submittedNs(MatrixEngine.START_NS)
            .action(ControlAction.PAUSE_ON)
            .operatorName(operator)
            .reason(reason);
        buffer.putByte(HEADER + ControlEncoder.actionEncodingOffset(), (byte)action);
        return buffer.byteArray();
    }

    /** Overwrites header fields; -1 leaves one as it is. */
    private static byte[] header(final byte[] bytes, final int blockLength, final int templateId, final int schemaId,
        final int version)
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder().wrap(new UnsafeBuffer(bytes), 0);
        if (blockLength >= 0)
        {
            header.blockLength(blockLength);
        }
        if (templateId >= 0)
        {
            header.templateId(templateId);
        }
        if (schemaId >= 0)
        {
            header.schemaId(schemaId);
        }
        if (version >= 0)
        {
            header.version(version);
        }
        return bytes;
    }

    private static byte[] filled(final int length, final int value)
    {
        final byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte)value);
        return bytes;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] padded(final String text, final int length)
    {
        return padded(ascii(text), length);
    }

    private static byte[] padded(final byte[] value, final int length)
    {
        return Arrays.copyOf(value, length);
    }

    private static byte[] hex(final String hex)
    {
        return java.util.HexFormat.of().parseHex(hex);
    }

    private static byte[] flipFirstBit(final byte[] key)
    {
        key[0] ^= 1;
        return key;
    }

    /** Spoils one field of an encoded request; {@code body} is the offset of the block. */
    private interface Mutation
    {
        void apply(MutableDirectBuffer buffer, int body);
    }
}

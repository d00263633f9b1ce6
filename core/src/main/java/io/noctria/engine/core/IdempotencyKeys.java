package io.noctria.engine.core;

import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The platform's idempotency key: HMAC-SHA256 with a secret over
 * {@code symbol|side|qty_6dp|ts_floor_minute|trace_id}, where side is {@code BUY}/{@code SELL},
 * qty is the 10^6 fixed point written with exactly six decimals, and ts_floor_minute is the
 * request's {@code ts} floored to the minute and written {@code YYYY-MM-DDTHH:MMZ} (UTC). The
 * platform's key is the lowercase hex of the 32 raw bytes.
 * <p>
 * HMAC (RFC 2104) is computed over a reused {@link MessageDigest} with the padded key blocks
 * precomputed, because {@code javax.crypto.Mac.doFinal} allocates its result on every call. The
 * message is encoded straight into a reused byte array ({@link CanonicalText}): {@link #compute} allocates nothing.
 * <p>
 * The same secret also authenticates whole requests: {@link #authTag} is HMAC-SHA256 over the request's
 * canonical text (every field it carries, the key included), the tag that travels beside the key
 * ({@code OrderRequest.authTag}, JSON {@code auth}). The key stays the dedupe key exactly as the platform defines
 * it; the tag is what stops a request from being altered or made up without the secret. The canonical text,
 * ASCII, fields separated by {@code |}:
 * <pre>
 * noctria-auth-v1|SYMBOL|SIDE|QTY_6DP|PRICE_6DP|ORDER_TYPE|TIF|TS_EPOCH_NS|TRACE_ID|STRATEGY|KEY_HEX|MISSING_RATIO_6DP|DATA_LAG_MS
 * </pre>
 * SIDE is {@code BUY}/{@code SELL}, ORDER_TYPE {@code MARKET}/{@code LIMIT}, TIF {@code DAY}/{@code GTC}/
 * {@code IOC}/{@code FOK}; QTY, PRICE and MISSING_RATIO are the 10^6 fixed-point values written with exactly six
 * decimals ({@code 1000.000000}, {@code 0.050000}: the missing ratio's ppm are its micro-units); TS_EPOCH_NS is the
 * request's ts in integer nanoseconds since the epoch; TRACE_ID and STRATEGY are the text as carried (STRATEGY
 * may be empty); KEY_HEX is the carried idempotency key in 64 lowercase hex characters, empty when the request
 * carries none; DATA_LAG_MS is a decimal integer. The tag is the 32 raw bytes (64 lowercase hex in JSON). Because
 * TRACE_ID and STRATEGY are adjacent free text, a {@code |} inside either would make two requests share one text;
 * the engine therefore refuses to accept a tag over such fields ({@link #hasSeparator}).
 * <p>
 * The secret is not retained: only the two padded key blocks derived from it are, and
 * {@link #toString()} reveals neither. Not thread-safe: one instance per thread.
 */
public final class IdempotencyKeys
{
    /** Length of a raw key: one SHA-256 output. */
    public static final int KEY_LENGTH = 32;
    /** Length of a ClOrdID: the schema's ClOrdId field. */
    public static final int CL_ORD_ID_LENGTH = 32;
    /** Length of a raw request authentication tag: one HMAC-SHA256 output. */
    public static final int TAG_LENGTH = 32;
    /**
     * Shortest secret the CLI accepts, bytes: HMAC-SHA256's full strength needs 256 bits of key, and anything
     * shorter is guessable offline from one captured key or tag.
     */
    public static final int MIN_SECRET_LENGTH = 32;
    /** First field of the canonical text: names the encoding, so a later version cannot collide with it. */
    public static final String AUTH_PREFIX = "noctria-auth-v1";
    /** First field of a CancelRequest's canonical text: {@code noctria-cancel-v1|KEY_HEX|ORIG_KEY_HEX|TS_EPOCH_NS|TRACE_ID|STRATEGY}. */
    public static final String CANCEL_PREFIX = "noctria-cancel-v1";
    /**
     * First field of a ReplaceRequest's canonical text:
     * {@code noctria-replace-v1|KEY_HEX|ORIG_KEY_HEX|QTY_6DP|PRICE_6DP|TS_EPOCH_NS|TRACE_ID|STRATEGY}.
     */
    public static final String REPLACE_PREFIX = "noctria-replace-v1";
    /** First character of a new order's ClOrdID. */
    public static final byte NEW_ORDER = 'N';
    /** First character of a CancelRequest's ClOrdID. */
    public static final byte CANCEL = 'C';
    /** First character of a ReplaceRequest's ClOrdID. */
    public static final byte REPLACE = 'R';

    private static final int BLOCK = 64;
    private static final byte[] AUTH_PREFIX_BYTES = CanonicalText.ascii(AUTH_PREFIX);
    private static final byte[] CANCEL_PREFIX_BYTES = CanonicalText.ascii(CANCEL_PREFIX);
    private static final byte[] REPLACE_PREFIX_BYTES = CanonicalText.ascii(REPLACE_PREFIX);
    private static final byte[] BUY = CanonicalText.ascii("BUY");
    private static final byte[] SELL = CanonicalText.ascii("SELL");
    private static final byte[] LIMIT = CanonicalText.ascii("LIMIT");
    private static final byte[] MARKET = CanonicalText.ascii("MARKET");
    private static final byte[] DAY = CanonicalText.ascii("DAY");
    private static final byte[] GTC = CanonicalText.ascii("GTC");
    private static final byte[] IOC = CanonicalText.ascii("IOC");
    private static final byte[] FOK = CanonicalText.ascii("FOK");

    private final MessageDigest sha256;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] innerHash = new byte[KEY_LENGTH];
    /** Capacities as before the text had its own writer: a longer text is cut, so these are part of the contract. */
    private final CanonicalText message = new CanonicalText(256);
    private final CanonicalText authMessage = new CanonicalText(512);

    /**
     * @param secret the HMAC secret (the CLI reads {@code NOCTRIA_IDEMPOTENCY_SECRET}); not retained,
     *               the caller may wipe it afterwards.
     * @throws IllegalArgumentException when the secret is empty.
     */
    public IdempotencyKeys(final byte[] secret)
    {
        if (null == secret || 0 == secret.length)
        {
            throw new IllegalArgumentException("idempotency secret must not be empty");
        }
        sha256 = newSha256();
        final byte[] key = secret.length > BLOCK ? sha256.digest(secret) : secret.clone();
        for (int i = 0; i < BLOCK; i++)
        {
            final byte k = i < key.length ? key[i] : 0;
            innerPad[i] = (byte)(k ^ 0x36);
            outerPad[i] = (byte)(k ^ 0x5c);
        }
        Arrays.fill(key, (byte)0);
    }

    /**
     * Computes a raw 32-byte key without allocating.
     *
     * @param symbol       ASCII symbol bytes (e.g. a NUL-padded SBE field).
     * @param symbolLength symbol length in bytes.
     * @param side         BUY or SELL.
     * @param qty          quantity, fixed point scale 10^6.
     * @param tsNs         the request's ts, epoch ns (1970 to 2262).
     * @param traceId      ASCII trace id bytes.
     * @param traceLength  trace id length in bytes.
     * @param dst          receives the key.
     * @param dstOffset    where in {@code dst}.
     */
    public void compute(
        final byte[] symbol,
        final int symbolLength,
        final Side side,
        final long qty,
        final long tsNs,
        final byte[] traceId,
        final int traceLength,
        final byte[] dst,
        final int dstOffset)
    {
        message.reset()
            .put(symbol, 0, symbolLength).put('|')
            .put(Side.BUY == side ? BUY : SELL).put('|')
            .putFixed6(qty).put('|')
            .putFloorMinute(tsNs).put('|')
            .put(traceId, 0, traceLength);
        hmac(message, dst, dstOffset);
    }

    /**
     * Computes a request's raw 32-byte authentication tag without allocating: HMAC-SHA256 under the secret
     * over the canonical text described in the class comment.
     *
     * @param symbol         ASCII symbol bytes.
     * @param symbolLength   symbol length in bytes.
     * @param side           BUY or SELL.
     * @param qty            quantity, fixed point 10^6.
     * @param price          limit or reference price, fixed point 10^6.
     * @param orderType      MARKET or LIMIT.
     * @param timeInForce    DAY, GTC, IOC or FOK.
     * @param tsNs           the request's ts, epoch ns.
     * @param traceId        ASCII trace id bytes.
     * @param traceLength    trace id length in bytes.
     * @param strategy       ASCII strategy bytes.
     * @param strategyLength strategy length in bytes (0 when empty).
     * @param key            the raw idempotency key the request carries, or null when it carries none.
     * @param missingRatio   missing ratio, ppm (fixed point 10^6).
     * @param dataLagMs      data lag, ms.
     * @param dst            receives the tag.
     * @param dstOffset      where in {@code dst}.
     */
    public void authTag(
        final byte[] symbol,
        final int symbolLength,
        final Side side,
        final long qty,
        final long price,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final long tsNs,
        final byte[] traceId,
        final int traceLength,
        final byte[] strategy,
        final int strategyLength,
        final byte[] key,
        final long missingRatio,
        final long dataLagMs,
        final byte[] dst,
        final int dstOffset)
    {
        authMessage.reset()
            .put(AUTH_PREFIX_BYTES).put('|')
            .put(symbol, 0, symbolLength).put('|')
            .put(Side.BUY == side ? BUY : SELL).put('|')
            .putFixed6(qty).put('|')
            .putFixed6(price).put('|')
            .put(OrderType.LIMIT == orderType ? LIMIT : MARKET).put('|')
            .put(timeInForceName(timeInForce)).put('|')
            .put(tsNs).put('|')
            .put(traceId, 0, traceLength).put('|')
            .put(strategy, 0, strategyLength).put('|');
        if (null != key)
        {
            authMessage.putHex32(key);
        }
        authMessage.put('|').putFixed6(missingRatio).put('|').put(dataLagMs);
        hmac(authMessage, dst, dstOffset);
    }

    /**
     * Computes the authentication tag of a CancelRequest ({@code qty} and {@code price} 0, {@link #CANCEL_PREFIX}) or a
     * ReplaceRequest ({@link #REPLACE_PREFIX}) without allocating: HMAC-SHA256 under the secret over the canonical
     * text those prefixes name.
     */
    public void actionTag(
        final boolean replace,
        final byte[] key,
        final byte[] origKey,
        final long qty,
        final long price,
        final long tsNs,
        final byte[] traceId,
        final int traceLength,
        final byte[] strategy,
        final int strategyLength,
        final byte[] dst,
        final int dstOffset)
    {
        authMessage.reset().put(replace ? REPLACE_PREFIX_BYTES : CANCEL_PREFIX_BYTES).put('|')
            .putHex32(key).put('|').putHex32(origKey).put('|');
        if (replace)
        {
            authMessage.putFixed6(qty).put('|').putFixed6(price).put('|');
        }
        authMessage.put(tsNs).put('|').put(traceId, 0, traceLength).put('|').put(strategy, 0, strategyLength);
        hmac(authMessage, dst, dstOffset);
    }

    /** {@link #actionTag} as lowercase hex, for tools (the CLI's {@code submit --sign}). Allocates. */
    public String actionTagHex(final boolean replace, final byte[] key, final byte[] origKey, final long qty,
        final long price, final long tsNs, final String traceId, final String strategy)
    {
        final byte[] trace = traceId.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final byte[] strategyBytes = strategy.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final byte[] tag = new byte[TAG_LENGTH];
        actionTag(replace, key, origKey, qty, price, tsNs, trace, trace.length, strategyBytes, strategyBytes.length,
            tag, 0);
        return toHex(tag);
    }

    /**
     * @return true when {@code length} bytes of free text contain the canonical text's separator {@code |}: such a
     * trace id or strategy cannot be authenticated unambiguously (moving the separator between the two adjacent
     * fields would keep the text, and so the tag).
     */
    public static boolean hasSeparator(final byte[] text, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if ('|' == text[i])
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Convenience for tools and tests: the lowercase hex tag of a request. Allocates.
     *
     * @param key the carried key's 64 lowercase hex characters, or null when the request carries none.
     * @return 64 lowercase hex characters.
     */
    public String authTagHex(final String symbol, final Side side, final long qty, final long price,
        final OrderType orderType, final TimeInForce timeInForce, final long tsNs, final String traceId,
        final String strategy, final String key, final long missingRatio, final long dataLagMs)
    {
        final byte[] symbolBytes = symbol.getBytes(StandardCharsets.US_ASCII);
        final byte[] traceBytes = traceId.getBytes(StandardCharsets.US_ASCII);
        final byte[] strategyBytes = strategy.getBytes(StandardCharsets.US_ASCII);
        final byte[] tag = new byte[TAG_LENGTH];
        authTag(symbolBytes, symbolBytes.length, side, qty, price, orderType, timeInForce, tsNs, traceBytes,
            traceBytes.length, strategyBytes, strategyBytes.length, null == key ? null : fromHex(key), missingRatio,
            dataLagMs, tag, 0);
        return toHex(tag);
    }

    /** @return the raw bytes of lowercase or uppercase hex. Allocates. */
    public static byte[] fromHex(final String hex)
    {
        if (0 != (hex.length() & 1))
        {
            throw new IllegalArgumentException("hex of odd length " + hex.length());
        }
        final byte[] raw = new byte[hex.length() / 2];
        for (int i = 0; i < raw.length; i++)
        {
            final int hi = Character.digit(hex.charAt(2 * i), 16);
            final int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0)
            {
                throw new IllegalArgumentException("not hex at position " + (hi < 0 ? 2 * i : 2 * i + 1));
            }
            raw[i] = (byte)((hi << 4) | lo);
        }
        return raw;
    }

    /**
     * Convenience for tools and tests: the platform's lowercase hex key. Allocates.
     *
     * @return 64 lowercase hex characters.
     */
    public String computeHex(final String symbol, final Side side, final long qty, final long tsNs, final String traceId)
    {
        final byte[] symbolBytes = symbol.getBytes(StandardCharsets.US_ASCII);
        final byte[] traceBytes = traceId.getBytes(StandardCharsets.US_ASCII);
        final byte[] key = new byte[KEY_LENGTH];
        compute(symbolBytes, symbolBytes.length, side, qty, tsNs, traceBytes, traceBytes.length, key, 0);
        return toHex(key);
    }

    /** @return lowercase hex of a raw key. Allocates. */
    public static String toHex(final byte[] key)
    {
        final byte[] hex = new byte[key.length * 2];
        toHex(key, 0, key.length, hex, 0);
        return new String(hex, StandardCharsets.US_ASCII);
    }

    /** Writes lowercase hex of {@code length} raw bytes into {@code dst}; allocation free. */
    public static void toHex(final byte[] src, final int srcOffset, final int length, final byte[] dst, final int dstOffset)
    {
        for (int i = 0; i < length; i++)
        {
            final int b = src[srcOffset + i] & 0xFF;
            dst[dstOffset + 2 * i] = hexDigit(b >>> 4);
            dst[dstOffset + 2 * i + 1] = hexDigit(b & 0xF);
        }
    }

    /**
     * The ClOrdID sent to the broker for a key: {@code "N"} followed by the first 31 lowercase hex
     * characters of the key, 32 ASCII characters in all. Derived, never stored, so a resend after
     * a crash carries the same ClOrdID and the venue recognises the order. Allocation free.
     *
     * @param key       raw 32-byte key.
     * @param keyOffset where the key starts.
     * @param dst       receives 32 ASCII bytes.
     * @param dstOffset where in {@code dst}.
     */
    public static void deriveClOrdId(final byte[] key, final int keyOffset, final byte[] dst, final int dstOffset)
    {
        deriveClOrdId(NEW_ORDER, key, keyOffset, dst, dstOffset);
    }

    /**
     * The ClOrdID of a request of kind {@code prefix} ({@link #NEW_ORDER}, {@link #CANCEL}, {@link #REPLACE}): the
     * prefix, then the first 31 lowercase hex digits of its raw key. Allocation-free.
     */
    public static void deriveClOrdId(final byte prefix, final byte[] key, final int keyOffset, final byte[] dst,
        final int dstOffset)
    {
        dst[dstOffset] = prefix;
        for (int i = 0; i < CL_ORD_ID_LENGTH - 1; i++)
        {
            final int b = key[keyOffset + (i >> 1)] & 0xFF;
            dst[dstOffset + i + 1] = hexDigit((i & 1) == 0 ? b >>> 4 : b & 0xF);
        }
    }

    /**
     * The ClOrdID of the raw key at {@code buffer[index]}, as text ({@link #deriveClOrdId}): for the projections and
     * tools, which read keys from the journal. Allocates.
     */
    public static String clOrdId(final org.agrona.DirectBuffer buffer, final int index)
    {
        final byte[] key = new byte[KEY_LENGTH];
        buffer.getBytes(index, key);
        final byte[] clOrdId = new byte[CL_ORD_ID_LENGTH];
        deriveClOrdId(key, 0, clOrdId, 0);
        return new String(clOrdId, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The exact HMAC input of the last {@link #compute}, for tests. Allocates. */
    String lastMessage()
    {
        return message.toString();
    }

    /**
     * Compares in time independent of where the arrays differ, so a caller cannot learn a secret-derived value
     * byte by byte from how long a refusal takes.
     *
     * @return true when the first {@code length} bytes of {@code a} and {@code b} are equal.
     */
    static boolean equalBytes(final byte[] a, final byte[] b, final int length)
    {
        int difference = 0;
        for (int i = 0; i < length; i++)
        {
            difference |= a[i] ^ b[i];
        }
        return 0 == difference;
    }

    /** The exact canonical text of the last {@link #authTag}, for tests. Allocates. */
    String lastAuthMessage()
    {
        return authMessage.toString();
    }

    @Override
    public String toString()
    {
        return "IdempotencyKeys{HMAC-SHA256 over symbol|side|qty_6dp|ts_floor_minute|trace_id and " + AUTH_PREFIX +
            " request text, secret=<redacted>}";
    }

    private void hmac(final CanonicalText text, final byte[] dst, final int dstOffset)
    {
        sha256.reset();
        sha256.update(innerPad, 0, BLOCK);
        text.hashInto(sha256);
        digestInto(innerHash, 0);
        sha256.update(outerPad, 0, BLOCK);
        sha256.update(innerHash, 0, KEY_LENGTH);
        digestInto(dst, dstOffset);
    }

    private static byte[] timeInForceName(final TimeInForce timeInForce)
    {
        switch (timeInForce)
        {
            case GTC: return GTC;
            case IOC: return IOC;
            case FOK: return FOK;
            default: return DAY;
        }
    }

    private void digestInto(final byte[] dst, final int offset)
    {
        try
        {
            sha256.digest(dst, offset, KEY_LENGTH);
        }
        catch (final DigestException ex)
        {
            throw new IllegalStateException("SHA-256 output does not fit 32 bytes at offset " + offset, ex);
        }
    }

    private static byte hexDigit(final int nibble)
    {
        return (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
    }

    private static MessageDigest newSha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 is mandatory in every Java runtime", ex);
        }
    }
}

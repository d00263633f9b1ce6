package io.noctria.engine.core;

import io.noctria.codecs.CivilDate;
import io.noctria.codecs.sbe.Side;

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
 * message is formatted by hand into a reused buffer: {@link #compute} allocates nothing.
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

    private static final int BLOCK = 64;
    private static final long NANOS_PER_MINUTE = 60_000_000_000L;
    private static final int MINUTES_PER_DAY = 1440;

    private final MessageDigest sha256;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] innerHash = new byte[KEY_LENGTH];
    private final AsciiText message = new AsciiText(256);

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
        formatMessage(symbol, symbolLength, side, qty, tsNs, traceId, traceLength);
        sha256.reset();
        sha256.update(innerPad, 0, BLOCK);
        sha256.update(message.bytes(), 0, message.length());
        digestInto(innerHash, 0);
        sha256.update(outerPad, 0, BLOCK);
        sha256.update(innerHash, 0, KEY_LENGTH);
        digestInto(dst, dstOffset);
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
        dst[dstOffset] = 'N';
        for (int i = 0; i < CL_ORD_ID_LENGTH - 1; i++)
        {
            final int b = key[keyOffset + (i >> 1)] & 0xFF;
            dst[dstOffset + i + 1] = hexDigit((i & 1) == 0 ? b >>> 4 : b & 0xF);
        }
    }

    /** The exact HMAC input of the last {@link #compute}, for tests. Allocates. */
    String lastMessage()
    {
        return message.toString();
    }

    @Override
    public String toString()
    {
        return "IdempotencyKeys{HMAC-SHA256 over symbol|side|qty_6dp|ts_floor_minute|trace_id, secret=<redacted>}";
    }

    private void formatMessage(
        final byte[] symbol,
        final int symbolLength,
        final Side side,
        final long qty,
        final long tsNs,
        final byte[] traceId,
        final int traceLength)
    {
        message.reset()
            .appendBytes(symbol, 0, symbolLength).append('|')
            .append(Side.BUY == side ? "BUY" : "SELL").append('|')
            .appendFixed6(qty).append('|');
        appendFloorMinute(tsNs);
        message.append('|').appendBytes(traceId, 0, traceLength);
    }

    /** The request's minute as {@code YYYY-MM-DDTHH:MMZ}, UTC. */
    private void appendFloorMinute(final long tsNs)
    {
        final long epochMinute = Math.floorDiv(tsNs, NANOS_PER_MINUTE);
        final long date = CivilDate.fromEpochDay(Math.floorDiv(epochMinute, MINUTES_PER_DAY));
        final long minuteOfDay = Math.floorMod(epochMinute, MINUTES_PER_DAY);
        message.appendPadded(CivilDate.year(date), 4).append('-').appendPadded(CivilDate.month(date), 2).append('-')
            .appendPadded(CivilDate.day(date), 2)
            .append('T').appendPadded(minuteOfDay / 60, 2).append(':').appendPadded(minuteOfDay % 60, 2).append('Z');
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

package io.noctria.bench;

import io.noctria.codecs.sbe.BooleanType;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.codecs.sbe.OrderRequestDecoder;
import io.noctria.codecs.sbe.OrderRequestEncoder;
import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;
import io.noctria.engine.core.IdempotencyKeys;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Encodes the bench's order flow: request {@code n} is a 1-unit MARKET IOC order on one of three
 * symbols (round robin), alternating BUY/SELL per symbol, with the unique trace id
 * {@code bench-<n, 12 digits>} and no supplied key (the engine computes it), so every request has
 * its own idempotency key and passes the bench policy. Allocation free; not thread-safe.
 */
final class RequestWriter
{
    static final int TRACE_PREFIX_LENGTH = 6;
    static final int TRACE_DIGITS = 12;

    private static final byte[][] SYMBOLS = { field("USDJPY", 16), field("EURJPY", 16), field("GBPJPY", 16) };
    private static final long[] PRICES = { 150 * BenchFixtures.M, 162 * BenchFixtures.M, 190 * BenchFixtures.M };
    private static final byte[] STRATEGY = field("bench", 32);
    private static final byte[] NO_KEY = new byte[32];

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final OrderRequestEncoder request = new OrderRequestEncoder();
    private final byte[] traceId = field("bench-", 64);

    /**
     * @param buffer     receives the message (header included) at {@code offset}.
     * @param n          request number: selects symbol, side and trace id; also the inbound index.
     * @param clientTsNs the request's ts (business time), epoch ns.
     * @param ingressNs  the ingress stamp, epoch ns (0 = not stamped).
     * @return the encoded length, header included.
     */
    int write(final MutableDirectBuffer buffer, final int offset, final long n, final long clientTsNs,
        final long ingressNs)
    {
        final int symbol = (int)(n % 3);
        writeDigits(traceId, TRACE_PREFIX_LENGTH, n);
        request.wrapAndApplyHeader(buffer, offset, header)
            .inboundIndex(n)
            .ingressNs(ingressNs)
            .clientTsNs(clientTsNs)
            .qty(BenchFixtures.M)
            .price(PRICES[symbol])
            .missingRatio(0)
            .dataLagMs(0)
            .side((n & 1) == 0 ? Side.BUY : Side.SELL)
            .orderType(OrderType.MARKET)
            .timeInForce(TimeInForce.IOC)
            .keyPresent(BooleanType.FALSE)
            .putSymbol(SYMBOLS[symbol], 0)
            .putTraceId(traceId, 0)
            .putStrategy(STRATEGY, 0)
            .putIdempotencyKey(NO_KEY, 0, NO_KEY.length)
            .putAuthTag(NO_KEY, 0, NO_KEY.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + request.encodedLength();
    }

    /**
     * As {@link #write}, then authenticates the request: its authTag is HMAC-SHA256 under {@code keys}' secret
     * of the canonical text, as an authenticated producer sends it (the engine's tag path). Allocation free.
     *
     * @param tag scratch for the tag, {@link IdempotencyKeys#TAG_LENGTH} bytes.
     */
    int writeTagged(final MutableDirectBuffer buffer, final int offset, final long n, final long clientTsNs,
        final long ingressNs, final IdempotencyKeys keys, final byte[] tag)
    {
        final int length = write(buffer, offset, n, clientTsNs, ingressNs);
        final int symbol = (int)(n % 3);
        keys.authTag(SYMBOLS[symbol], 6, (n & 1) == 0 ? Side.BUY : Side.SELL, BenchFixtures.M, PRICES[symbol],
            OrderType.MARKET, TimeInForce.IOC, clientTsNs, traceId, TRACE_PREFIX_LENGTH + TRACE_DIGITS, STRATEGY, 5,
            null, 0, 0, tag, 0);
        request.putAuthTag(tag, 0, tag.length);
        return length;
    }

    /** @return {@code decoder} wrapped on a request written at offset 0, with the block length and version written. */
    static OrderRequestDecoder wrap(final OrderRequestDecoder decoder, final DirectBuffer buffer)
    {
        return decoder.wrap(buffer, MessageHeaderEncoder.ENCODED_LENGTH, OrderRequestEncoder.BLOCK_LENGTH,
            OrderRequestEncoder.SCHEMA_VERSION);
    }

    /** Writes {@code value} as {@link #TRACE_DIGITS} zero-padded decimal digits at {@code at}. */
    static void writeDigits(final byte[] dst, final int at, final long value)
    {
        long v = value;
        for (int i = at + TRACE_DIGITS - 1; i >= at; i--)
        {
            dst[i] = (byte)('0' + (v % 10));
            v /= 10;
        }
    }

    /** Same as {@link #writeDigits(byte[], int, long)} into a buffer. */
    static void writeDigits(final MutableDirectBuffer dst, final int at, final long value)
    {
        long v = value;
        for (int i = at + TRACE_DIGITS - 1; i >= at; i--)
        {
            dst.putByte(i, (byte)('0' + (v % 10)));
            v /= 10;
        }
    }

    static byte[] field(final String value, final int length)
    {
        final byte[] bytes = new byte[length];
        final byte[] ascii = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, bytes, 0, Math.min(ascii.length, length));
        return bytes;
    }
}

package io.noctria.engine.broker;

import io.noctria.engine.gateway.BrokerGateway;

import io.noctria.codecs.sbe.*;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Encodes OrderSent messages as the engine hands them to the gateway, without allocating, so the
 * allocation test can drive the broker with it. Order number {@code n} gets ClOrdID
 * {@code SIM<16 digits>}, trace id {@code trace-<16 digits>} and an idempotency key whose first
 * eight bytes are {@code n} (little endian).
 */
final class OrderSentFixture
{
    static final int CL_ORD_ID_DIGITS = 16;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final OrderSentEncoder encoder = new OrderSentEncoder();
    private final byte[] clOrdId = new byte[OrderSentEncoder.clOrdIdLength()];
    private final byte[] traceId = new byte[OrderSentEncoder.traceIdLength()];
    private final byte[] key = new byte[OrderSentEncoder.idempotencyKeyLength()];
    private final UnsafeBuffer keyView = new UnsafeBuffer(key);

    private Side side = Side.BUY;
    private OrderType orderType = OrderType.LIMIT;
    private TimeInForce timeInForce = TimeInForce.DAY;
    private long qty = 1_000_000_000L;
    private long price = 150_250_000L;
    private long tsNs = 1_000_000L;
    private int attempt = 1;

    long currentQty()
    {
        return qty;
    }

    DirectBuffer buffer()
    {
        return buffer;
    }

    OrderSentFixture side(final Side side)
    {
        this.side = side;
        return this;
    }

    OrderSentFixture orderType(final OrderType orderType)
    {
        this.orderType = orderType;
        return this;
    }

    OrderSentFixture timeInForce(final TimeInForce timeInForce)
    {
        this.timeInForce = timeInForce;
        return this;
    }

    OrderSentFixture qty(final long qty)
    {
        this.qty = qty;
        return this;
    }

    OrderSentFixture price(final long price)
    {
        this.price = price;
        return this;
    }

    OrderSentFixture tsNs(final long tsNs)
    {
        this.tsNs = tsNs;
        return this;
    }

    OrderSentFixture attempt(final int attempt)
    {
        this.attempt = attempt;
        return this;
    }

    /** Encode order number {@code n} with the current terms at offset 0; @return the length. */
    int encode(final long n)
    {
        clOrdId[0] = 'S';
        clOrdId[1] = 'I';
        clOrdId[2] = 'M';
        putDigits(clOrdId, 3, n);
        final byte[] prefix = TRACE_PREFIX;
        System.arraycopy(prefix, 0, traceId, 0, prefix.length);
        putDigits(traceId, prefix.length, n);
        keyView.putLong(0, n, ByteOrder.LITTLE_ENDIAN);
        for (int i = Long.BYTES; i < key.length; i++)
        {
            key[i] = (byte)(0xA0 + i);
        }
        encoder.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tsNs)
            .inputIndex(n)
            .qty(qty)
            .price(price)
            .attempt(attempt)
            .side(side)
            .orderType(orderType)
            .timeInForce(timeInForce)
            .symbol("USDJPY")
            .putTraceId(traceId, 0)
            .putClOrdId(clOrdId, 0)
            .putIdempotencyKey(key, 0, key.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    /**
     * Orders 1 and 2, GTC of 10 units, sent at {@code t0} and polled to {@code t0} + 1.5 µs: on a venue with
     * {@code latencies(1_000, 500, ...)} and only partial fills, both are then acked and partly filled, still working.
     */
    void sendTwoWorking(final SimulatedBroker broker, final long t0)
    {
        timeInForce(TimeInForce.GTC).qty(10_000_000).tsNs(t0);
        send(broker, 1);
        send(broker, 2);
        broker.poll(t0 + 1_000);
        broker.poll(t0 + 1_500);
    }

    /** Encode and send order number {@code n}. */
    void send(final BrokerGateway gateway, final long n)
    {
        final int length = encode(n);
        gateway.send(buffer, 0, length);
    }

    static String clOrdId(final long n)
    {
        return String.format("SIM%016d", n);
    }

    static String traceId(final long n)
    {
        return String.format("trace-%016d", n);
    }

    private static final byte[] TRACE_PREFIX = { 't', 'r', 'a', 'c', 'e', '-' };

    private static void putDigits(final byte[] dst, final int start, final long n)
    {
        long value = n;
        for (int i = CL_ORD_ID_DIGITS - 1; i >= 0; i--)
        {
            dst[start + i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }
}

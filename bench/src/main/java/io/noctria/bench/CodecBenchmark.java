package io.noctria.bench;

import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.codecs.sbe.OrderRequestDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.codecs.sbe.OrderSentEncoder;
import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * SBE encode and decode of the two messages on the order path: the inbound {@code OrderRequest}
 * (every field, with the byte[] accessors the hot path uses) and the outbound {@code OrderSent}.
 * Buffers are direct and 64-byte aligned, like the ring slots. Expect ≈ 0 B/op.
 */
public class CodecBenchmark extends HotPathBenchmark
{
    private final UnsafeBuffer requestBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(512, 64));
    private final UnsafeBuffer sentBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(512, 64));
    private final RequestWriter requestWriter = new RequestWriter();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final OrderRequestDecoder requestDecoder = new OrderRequestDecoder();
    private final OrderSentEncoder sentEncoder = new OrderSentEncoder();
    private final OrderSentDecoder sentDecoder = new OrderSentDecoder();
    private final byte[] symbol = RequestWriter.field("USDJPY", 16);
    private final byte[] traceId = RequestWriter.field("bench-000000000042", 64);
    private final byte[] clOrdId = RequestWriter.field("N0123456789abcdef0123456789abcde", 32);
    private final byte[] key = new byte[32];
    private final byte[] symbolOut = new byte[16];
    private final byte[] traceOut = new byte[64];
    private final byte[] strategyOut = new byte[32];
    private final byte[] clOrdIdOut = new byte[32];
    private final byte[] keyOut = new byte[32];
    private long n;

    @Setup
    public void setUp()
    {
        requestWriter.write(requestBuffer, 0, 42, RecordedFlow.BASE_TS_NS, RecordedFlow.BASE_TS_NS + 1_000);
        encodeOrderSent();
    }

    /** Full OrderRequest: header, 11 scalar fields, 3 fixed-length text fields, key. */
    @Benchmark
    public int encodeOrderRequest()
    {
        return requestWriter.write(requestBuffer, 0, ++n, RecordedFlow.BASE_TS_NS, RecordedFlow.BASE_TS_NS + 1_000);
    }

    /** Header check, wrap with the acting block length and version, read every field. */
    @Benchmark
    public void decodeOrderRequest(final Blackhole bh)
    {
        headerDecoder.wrap(requestBuffer, 0);
        final OrderRequestDecoder d = requestDecoder.wrap(requestBuffer, MessageHeaderDecoder.ENCODED_LENGTH,
            headerDecoder.blockLength(), headerDecoder.version());
        bh.consume(d.inboundIndex() + d.ingressNs() + d.clientTsNs() + d.qty() + d.price() + d.missingRatio() +
            d.dataLagMs() + d.sideRaw() + d.orderTypeRaw() + d.timeInForceRaw() + d.keyPresentRaw());
        d.getSymbol(symbolOut, 0);
        d.getTraceId(traceOut, 0);
        d.getStrategy(strategyOut, 0);
        d.getIdempotencyKey(keyOut, 0, 32);
        bh.consume(symbolOut);
        bh.consume(traceOut);
    }

    /** Full OrderSent as the core's EventPublisher writes it. */
    @Benchmark
    public int encodeOrderSent()
    {
        sentEncoder.wrapAndApplyHeader(sentBuffer, 0, headerEncoder)
            .tsNs(RecordedFlow.BASE_TS_NS + n)
            .inputIndex(++n)
            .qty(BenchFixtures.M)
            .price(150 * BenchFixtures.M)
            .attempt(1)
            .side(Side.BUY)
            .orderType(OrderType.MARKET)
            .timeInForce(TimeInForce.IOC)
            .putSymbol(symbol, 0)
            .putTraceId(traceId, 0)
            .putClOrdId(clOrdId, 0)
            .putIdempotencyKey(key, 0, 32);
        return MessageHeaderEncoder.ENCODED_LENGTH + sentEncoder.encodedLength();
    }

    @Benchmark
    public void decodeOrderSent(final Blackhole bh)
    {
        headerDecoder.wrap(sentBuffer, 0);
        final OrderSentDecoder d = sentDecoder.wrap(sentBuffer, MessageHeaderDecoder.ENCODED_LENGTH,
            headerDecoder.blockLength(), headerDecoder.version());
        bh.consume(d.tsNs() + d.inputIndex() + d.qty() + d.price() + d.attempt() + d.sideRaw() + d.orderTypeRaw() +
            d.timeInForceRaw());
        d.getSymbol(symbolOut, 0);
        d.getTraceId(traceOut, 0);
        d.getClOrdId(clOrdIdOut, 0);
        d.getIdempotencyKey(keyOut, 0, 32);
        bh.consume(clOrdIdOut);
        bh.consume(traceOut);
    }
}

package io.noctria.bench;

import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;
import io.noctria.engine.core.IdempotencyKeys;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The idempotency key: HMAC-SHA256 over {@code symbol|side|qty_6dp|ts_floor_minute|trace_id}
 * ({@link IdempotencyKeys#compute}), i.e. message formatting plus four SHA-256 compressions.
 * The ts moves every call so the minute-floor formatting is not constant-folded. Expect ≈ 0 B/op.
 * {@code authTag} is the request's authentication tag ({@link IdempotencyKeys#authTag}): the longer
 * {@code noctria-auth-v1|...} canonical text of every field plus its HMAC-SHA256, once per request on each side
 * outside demo mode.
 */
public class IdempotencyKeyBenchmark extends HotPathBenchmark
{
    private final IdempotencyKeys keys = new IdempotencyKeys(BenchFixtures.SECRET);
    private final byte[] symbol = RequestWriter.field("USDJPY", 16);
    private final byte[] traceId = RequestWriter.field("bench-000000000042", 64);
    private final byte[] key = new byte[IdempotencyKeys.KEY_LENGTH];
    private final byte[] strategy = RequestWriter.field("bench-strategy", 32);
    private final byte[] tag = new byte[IdempotencyKeys.TAG_LENGTH];
    private long n;

    @Benchmark
    public byte compute()
    {
        final long i = ++n;
        keys.compute(symbol, 6, (i & 1) == 0 ? Side.BUY : Side.SELL, BenchFixtures.M + (i & 1023),
            RecordedFlow.BASE_TS_NS + i * 1_000_000L, traceId, 18, key, 0);
        return key[0];
    }

    @Benchmark
    public byte authTag()
    {
        final long i = ++n;
        key[1] = (byte)i;
        keys.authTag(symbol, 6, (i & 1) == 0 ? Side.BUY : Side.SELL, BenchFixtures.M + (i & 1023),
            150_123_000L + (i & 255), OrderType.LIMIT, TimeInForce.DAY, RecordedFlow.BASE_TS_NS + i * 1_000_000L,
            traceId, 18, strategy, 14, key, 50_000L, i & 127, tag, 0);
        return tag[0];
    }

    /** The ClOrdID derived from a key (hex of 31 nibbles): runs once per sent order. */
    @Benchmark
    public byte deriveClOrdId()
    {
        key[0] = (byte)++n;
        IdempotencyKeys.deriveClOrdId(key, 0, traceId, 0);
        return traceId[31];
    }
}

package io.noctria.bench;

import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderRequestDecoder;
import io.noctria.codecs.sbe.OrderRequestEncoder;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.core.EpochNanoClock;
import io.noctria.engine.core.EventSink;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.engine.core.IdempotencyKeys;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One full {@link ExecutionCore#onOrderRequest} step, with events going to a sink that only counts
 * them (no journal): what the business thread spends per request besides the journal appends.
 * <ul>
 *   <li>{@code allowedOrder}: a new unique request (new trace id, new key) passes input validation,
 *   HMAC key, duplicate check, quality gate, every risk rule, outbox insert, ClOrdID derivation and
 *   emits QualityDecision, RiskDecision, OutboxRecorded, OrderSent. Includes encoding the request
 *   ({@code CodecBenchmark.encodeOrderRequest}, subtract it for the core alone).</li>
 *   <li>{@code taggedAllowedOrder}: as {@code allowedOrder} with the request authenticated as outside demo mode
 *   (require_auth, freshness bound on): the producer's tag is computed (included, like the encoding) and the core
 *   verifies it, one more HMAC-SHA256 each side.</li>
 *   <li>{@code duplicateOrder}: the same request again: HMAC, outbox hit, DuplicateSuppressed.</li>
 *   <li>{@code forbiddenSymbolReject}: a USDRUB request: gates run, the risk gate rejects
 *   (FORBIDDEN_SYMBOL) and an Alert with a formatted message is emitted.</li>
 * </ul>
 * Every allowed order stays in the outbox, so the outbox and trace table are pre-sized for the whole
 * trial ({@link #OUTBOX_CAPACITY} orders, ≈ 1.7 GB) in a trial-level setup: a table that grew inside
 * an iteration would allocate, and -prof gc brackets iteration-level setups too. The step refuses
 * to run past that capacity rather than measure a resize.
 */
@Fork(value = 2, jvmArgsAppend = { "-Xms4g", "-Xmx4g" })
public class ExecutionCoreBenchmark extends HotPathBenchmark
{
    /** Orders the trial may send: 8 s at ≥ 1 µs per step stays below it. */
    static final int OUTBOX_CAPACITY = 1 << 23;

    /** Counts events; a sink the JIT cannot remove. */
    static final class CountingSink implements EventSink
    {
        long events;
        long bytes;

        @Override
        public void onEvent(final DirectBuffer buffer, final int offset, final int length)
        {
            events++;
            bytes += length;
        }
    }

    abstract static class CoreState
    {
        final CountingSink sink = new CountingSink();
        final OffsetEpochNanoClock epochClock = new OffsetEpochNanoClock();
        final EpochNanoClock clock = epochClock::nanoTime;
        final UnsafeBuffer request = new UnsafeBuffer(BufferUtil.allocateDirectAligned(512, 64));
        final OrderRequestDecoder decoder = new OrderRequestDecoder();
        final RequestWriter writer = new RequestWriter();
        ExecutionCore core;
        long inputIndex;
        private long next;

        ExecutionCore newCore(final EngineConfig config)
        {
            return BenchFixtures.core(config, sink, clock);
        }

        OrderRequestDecoder wrapRequest()
        {
            return RequestWriter.wrap(decoder, request);
        }

        /** @return the number of the next new order; refuses to run past the outbox's pre-size. */
        long nextOrder()
        {
            final long n = next++;
            if (n >= OUTBOX_CAPACITY - 1)
            {
                throw new IllegalStateException("outbox pre-size of " + OUTBOX_CAPACITY +
                    " orders reached: shorten the run or raise OUTBOX_CAPACITY (a resize would be measured)");
            }
            return n;
        }
    }

    @State(Scope.Thread)
    public static class AllowedState extends CoreState
    {
        @Setup(Level.Trial)
        public void setUp()
        {
            core = newCore(BenchFixtures.coreConfig(OUTBOX_CAPACITY));
        }
    }

    @State(Scope.Thread)
    public static class TaggedState extends CoreState
    {
        final IdempotencyKeys producer = new IdempotencyKeys(BenchFixtures.SECRET);
        final byte[] tag = new byte[IdempotencyKeys.TAG_LENGTH];

        @Setup(Level.Trial)
        public void setUp()
        {
            core = newCore(BenchFixtures.authenticatedConfig(OUTBOX_CAPACITY));
        }
    }

    @State(Scope.Thread)
    public static class RepeatState extends CoreState
    {
        final UnsafeBuffer forbidden = new UnsafeBuffer(BufferUtil.allocateDirectAligned(512, 64));

        @Setup(Level.Trial)
        public void setUp()
        {
            core = newCore(BenchFixtures.coreConfig(1024));
            final long ts = epochClock.nanoTime();
            writer.write(request, 0, 7, ts, ts);
            core.onOrderRequest(++inputIndex, wrapRequest());
            if (core.outboxSize() != 1)
            {
                throw new IllegalStateException("the first request was not sent: check bench/risk_policy.yml");
            }
            writer.write(forbidden, 0, 8, ts, ts);
            forbidden.putBytes(MessageHeaderDecoder.ENCODED_LENGTH + OrderRequestEncoder.symbolEncodingOffset(),
                RequestWriter.field("USDRUB", 16));
        }
    }

    @Benchmark
    public long taggedAllowedOrder(final TaggedState s)
    {
        final long n = s.nextOrder();
        final long ts = s.epochClock.nanoTime();
        s.writer.writeTagged(s.request, 0, n, ts, ts, s.producer, s.tag);
        s.core.onOrderRequest(++s.inputIndex, s.wrapRequest());
        return s.sink.events;
    }

    @Benchmark
    public long allowedOrder(final AllowedState s)
    {
        final long n = s.nextOrder();
        final long ts = s.epochClock.nanoTime();
        s.writer.write(s.request, 0, n, ts, ts);
        s.core.onOrderRequest(++s.inputIndex, s.wrapRequest());
        return s.sink.events;
    }

    @Benchmark
    public long duplicateOrder(final RepeatState s)
    {
        s.core.onOrderRequest(++s.inputIndex, s.wrapRequest());
        return s.sink.events;
    }

    @Benchmark
    public long forbiddenSymbolReject(final RepeatState s)
    {
        s.core.onOrderRequest(++s.inputIndex, RequestWriter.wrap(s.decoder, s.forbidden));
        return s.sink.events;
    }
}

package io.noctria.bench;

import io.noctria.codecs.MessageValidator;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderRequestDecoder;
import io.noctria.codecs.sbe.OrderRequestEncoder;
import io.noctria.codecs.sbe.Side;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.engine.core.IdempotencyKeys;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import io.noctria.replay.Projections;
import org.agrona.BufferUtil;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Exact steady-state allocation per operation of each hot-path piece, from the calling thread's
 * allocated-bytes counter ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}): run
 * an operation {@code warm-up} times, then {@code measured} times, and divide the counter's growth
 * by the measured count. Complements JMH {@code -prof gc} (which also counts setup and JMH's own
 * allocation) when a B/op figure must be pinned to one call. Tables are pre-sized so that a
 * resize is never measured.
 * <p>
 * {@code java @configs/jvm.options -cp bench/target/benchmarks.jar io.noctria.bench.AllocationProbe [measuredOps]}
 * <p>
 * To find <em>which</em> call allocates when a figure is not 0, run the same class with
 * {@code -XX:-UseTLAB} under JFR with {@code bench/scripts/alloc-stacks.jfc}, which records a stack
 * for every allocation ({@code jdk.ObjectAllocationOutsideTLAB}); see that file.
 */
public final class AllocationProbe
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private AllocationProbe()
    {
    }

    public static void main(final String[] args)
    {
        final int measured = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        final int warmUp = Math.max(100_000, measured);
        try (ScratchDirectory root = ScratchDirectory.create("alloc-probe-"))
        {
            run(measured, warmUp, root.path());
        }
    }

    private static void run(final int measured, final int warmUp, final Path root)
    {
        System.out.printf("%-44s %14s %12s%n", "operation", "bytes/op", "ops");

        final RequestWriter writer = new RequestWriter();
        final UnsafeBuffer request = new UnsafeBuffer(BufferUtil.allocateDirectAligned(512, 64));
        final long ts = RecordedFlow.BASE_TS_NS;
        probe("SBE encode OrderRequest", warmUp, measured, n -> writer.write(request, 0, n, ts, ts));

        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final OrderRequestDecoder decoder = new OrderRequestDecoder();
        final byte[] trace = new byte[64];
        probe("SBE decode OrderRequest (all fields)", warmUp, measured, n ->
        {
            header.wrap(request, 0);
            decoder.wrap(request, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            decoder.getTraceId(trace, 0);
            sink += decoder.qty() + decoder.clientTsNs();
        });

        final MessageValidator validator = new MessageValidator();
        final int requestLength = writer.write(request, 0, 1, ts, ts);
        probe("MessageValidator.validate (OrderRequest)", warmUp, measured,
            n -> sink += validator.validate(request, 0, requestLength) ? 1 : 0);

        final IdempotencyKeys keys = new IdempotencyKeys(BenchFixtures.SECRET);
        final byte[] symbol = RequestWriter.field("USDJPY", 16);
        final byte[] key = new byte[32];
        probe("IdempotencyKeys.compute", warmUp, measured, n ->
            keys.compute(symbol, 6, (n & 1) == 0 ? Side.BUY : Side.SELL, BenchFixtures.M, ts + n * 1_000_000_000L,
                trace, 18, key, 0));

        final ExecutionCoreBenchmark.CountingSink events = new ExecutionCoreBenchmark.CountingSink();
        final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
        final ExecutionCore core = BenchFixtures.core(BenchFixtures.coreConfig(warmUp + measured + 16), events,
            clock::nanoTime);
        probe("ExecutionCore.onOrderRequest (allowed)", warmUp, measured, n ->
        {
            final long now = clock.nanoTime();
            writer.write(request, 0, n, now, now);
            core.onOrderRequest(n, RequestWriter.wrap(decoder, request));
        });
        // The tag path: every request authenticated, as outside demo mode (require_auth true, freshness bound on).
        final ExecutionCore authCore = BenchFixtures.core(BenchFixtures.authenticatedConfig(warmUp + measured + 16),
            events, clock::nanoTime);
        final IdempotencyKeys producerKeys = new IdempotencyKeys(BenchFixtures.SECRET);
        final byte[] tag = new byte[IdempotencyKeys.TAG_LENGTH];
        probe("ExecutionCore.onOrderRequest (tagged, allowed)", warmUp, measured, n ->
        {
            final long at = clock.nanoTime();
            writer.writeTagged(request, 0, n, at, at, producerKeys, tag);
            authCore.onOrderRequest(n, RequestWriter.wrap(decoder, request));
        });
        final long now = clock.nanoTime();
        writer.writeTagged(request, 0, 5, now, now, producerKeys, tag);
        request.putLong(MessageHeaderDecoder.ENCODED_LENGTH + OrderRequestEncoder.priceEncodingOffset(),
            999_999 * BenchFixtures.M);
        probe("ExecutionCore.onOrderRequest (tag mismatch)", warmUp, measured,
            n -> authCore.onOrderRequest(n, RequestWriter.wrap(decoder, request)));
        writer.write(request, 0, 3, now, now);
        probe("ExecutionCore.onOrderRequest (duplicate)", warmUp, measured,
            n -> core.onOrderRequest(n, RequestWriter.wrap(decoder, request)));
        request.putBytes(MessageHeaderDecoder.ENCODED_LENGTH + OrderRequestEncoder.symbolEncodingOffset(),
            RequestWriter.field("USDRUB", 16));
        probe("ExecutionCore.onOrderRequest (forbidden)", warmUp, measured,
            n -> core.onOrderRequest(n, RequestWriter.wrap(decoder, request)));

        final UnsafeBuffer heap = new UnsafeBuffer(new byte[JournalAppendBenchmark.MESSAGE_LENGTH]);
        final UnsafeBuffer direct = new UnsafeBuffer(BufferUtil.allocateDirectAligned(256, 64));
        JournalAppendBenchmark.fill(heap);
        JournalAppendBenchmark.fill(direct);
        try (Journal journal = Journal.open(root.resolve("journal"), JournalConfig.defaults()))
        {
            journal.assignToCurrentThread();
            probe("Journal.append 200 B (heap buffer)", warmUp, measured,
                n -> journal.append(heap, 0, JournalAppendBenchmark.MESSAGE_LENGTH));
            probe("Journal.append 200 B (direct buffer)", warmUp, measured,
                n -> journal.append(direct, 0, JournalAppendBenchmark.MESSAGE_LENGTH));
        }

        final RecordedFlow flow = RecordedFlow.record(20_000);
        final int half = flow.size() / 2;
        final Projections projections = new Projections();
        for (int i = 0; i < half; i++)
        {
            projections.onMessage(i, flow.buffer(), flow.offset(i), flow.length(i));
        }
        final long before = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = half; i < flow.size(); i++)
        {
            projections.onMessage(i, flow.buffer(), flow.offset(i), flow.length(i));
        }
        final long bytes = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        System.out.printf("%-44s %14.3f %12d   (by design: not a logic-thread fold)%n",
            "Projections.onMessage (second half of flow)", (double)bytes / (flow.size() - half), flow.size() - half);

        final SyncPipeline pipeline = new SyncPipeline(root.resolve("pipeline"), warmUp + measured + 16);
        probe("Pipeline step: journal+core+events+handoff+broker", warmUp, measured, pipeline::step);
        pipeline.close();
        System.out.println("(sink " + sink + ")");
    }

    static long sink;

    private static void probe(final String name, final int warmUp, final int measured, final LongConsumer op)
    {
        long n = 0;
        for (int i = 0; i < warmUp; i++)
        {
            op.accept(n++);
        }
        final long tid = Thread.currentThread().getId();
        final long before = THREADS.getThreadAllocatedBytes(tid);
        for (int i = 0; i < measured; i++)
        {
            op.accept(n++);
        }
        final long bytes = THREADS.getThreadAllocatedBytes(tid) - before;
        System.out.printf("%-44s %14.3f %12d%n", name, (double)bytes / measured, measured);
    }
}

package io.noctria.bench;

import io.noctria.codecs.sbe.OrderRequestDecoder;
import io.noctria.engine.core.ExecutionCore;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The {@code ExecutionCoreBenchmark.allowedOrder} step in a plain loop for a given number of
 * seconds, for a profiler to attach to (JMH's harness would dominate a sampled profile):
 * <pre>
 * java @configs/jvm.options -Xmx4g -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
 *   -XX:StartFlightRecording=filename=core.jfr,settings=profile \
 *   -cp bench/target/benchmarks.jar io.noctria.bench.CoreLoop 10
 * jfr print --events jdk.ExecutionSample core.jfr
 * </pre>
 */
public final class CoreLoop
{
    private CoreLoop()
    {
    }

    public static void main(final String[] args)
    {
        final long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
        final ExecutionCoreBenchmark.CountingSink sink = new ExecutionCoreBenchmark.CountingSink();
        final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
        final ExecutionCore core = BenchFixtures.core(BenchFixtures.coreConfig(ExecutionCoreBenchmark.OUTBOX_CAPACITY),
            sink, clock::nanoTime);
        final RequestWriter writer = new RequestWriter();
        final UnsafeBuffer request = new UnsafeBuffer(new byte[512]);
        final OrderRequestDecoder decoder = new OrderRequestDecoder();
        final long startNs = System.nanoTime();
        final long endNs = startNs + seconds * 1_000_000_000L;
        long n = 0;
        while (System.nanoTime() < endNs && n < ExecutionCoreBenchmark.OUTBOX_CAPACITY - 1000)
        {
            for (int i = 0; i < 1000; i++, n++)
            {
                final long now = clock.nanoTime();
                writer.write(request, 0, n, now, now);
                core.onOrderRequest(n, RequestWriter.wrap(decoder, request));
            }
        }
        final double elapsedNs = System.nanoTime() - startNs;
        System.out.printf("%,d allowed orders, %.0f ns/order, %,d events%n", n, elapsedNs / n, sink.events);
    }
}

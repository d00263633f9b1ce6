package io.noctria.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Thread CPU time per call of some JMH benchmark methods, called in a plain loop: a second opinion for before/after
 * comparisons on a shared machine, where JMH's wall-clock scores also count the time the thread waited for a CPU.
 * CPU time leaves that out (not the cache and TLB effects of sharing), so its spread under load is far smaller.
 * <pre>
 * java @configs/jvm.options -Xms4g -Xmx4g -Dproject.build.directory=bench/target/runtime \
 *   -cp bench/target/benchmarks.jar io.noctria.bench.CpuTimeProbe [rounds] [callsPerRound]
 * </pre>
 * Each benchmark: {@code callsPerRound} warm-up calls, then {@code rounds} rounds of {@code callsPerRound} calls;
 * prints one line per benchmark with the median, min and max over rounds of CPU ns per call. It only calls public
 * benchmark methods, so the class can be compiled once and run against an older benchmarks.jar
 * ({@code -cp probe-classes:old-benchmarks.jar}) to compare two commits.
 */
public final class CpuTimeProbe
{
    private CpuTimeProbe()
    {
    }

    public static void main(final String[] args)
    {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        final int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        final IdempotencyKeyBenchmark keys = new IdempotencyKeyBenchmark();
        final RiskArithmeticBenchmark arithmetic = new RiskArithmeticBenchmark();
        final ExecutionCoreBenchmark core = new ExecutionCoreBenchmark();
        final ExecutionCoreBenchmark.AllowedState allowed = new ExecutionCoreBenchmark.AllowedState();
        allowed.setUp();
        final ExecutionCoreBenchmark.TaggedState tagged = new ExecutionCoreBenchmark.TaggedState();
        tagged.setUp();
        long sink = 0;
        sink += measure("IdempotencyKeyBenchmark.compute", rounds, calls, keys::compute);
        sink += measure("IdempotencyKeyBenchmark.authTag", rounds, calls, keys::authTag);
        sink += measure("RiskArithmeticBenchmark.headroomUnits", rounds, calls, arithmetic::headroomUnits);
        sink += measure("RiskArithmeticBenchmark.largeNotional", rounds, calls, arithmetic::largeNotional);
        sink += measure("ExecutionCoreBenchmark.allowedOrder", rounds, calls, () -> core.allowedOrder(allowed));
        sink += measure("ExecutionCoreBenchmark.taggedAllowedOrder", rounds, calls, () -> core.taggedAllowedOrder(tagged));
        System.out.println("# sink " + sink);
    }

    private static long measure(final String name, final int rounds, final int calls, final LongSupplier call)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < calls; i++)
        {
            sink += call.getAsLong();
        }
        final double[] nsPerCall = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            final long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++)
            {
                sink += call.getAsLong();
            }
            nsPerCall[r] = (threads.getCurrentThreadCpuTime() - start) / (double)calls;
        }
        final double[] sorted = nsPerCall.clone();
        Arrays.sort(sorted);
        System.out.printf("%-45s cpu ns/call median %9.1f  min %9.1f  max %9.1f%n", name, sorted[rounds / 2], sorted[0],
            sorted[rounds - 1]);
        return sink;
    }
}

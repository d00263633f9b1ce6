package io.noctria.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One request's whole per-request work, sampled (SampleTime: a distribution, not just a mean):
 * journal the input, the full core step (quality, risk, idempotency HMAC, outbox), journal its four
 * events, hand the OrderSent off, the simulated broker takes it, and the reports that are due are
 * journaled and applied by the core. All on one thread ({@link SyncPipeline}), so this is the
 * pipeline's CPU cost without the ring's thread hand-offs; the latency harness measures those.
 * <p>
 * One pipeline per fork (a fresh journal under {@code -Dnoctria.bench.dir}, deleted afterwards) with
 * the outbox pre-sized for the whole fork, so -prof gc sees the steady state and not the set-up.
 */
@BenchmarkMode(Mode.SampleTime)
@Fork(value = 2, jvmArgsAppend = { "-Xms3g", "-Xmx3g" })
public class PipelineRoundTripBenchmark extends HotPathBenchmark
{
    /** Room for a fork's orders: 8 iterations of 1 s at ≥ 2.5 µs per trip stay below 4 M (else the outbox doubles, visibly). */
    private static final int EXPECTED_ORDERS = 1 << 22;

    private ScratchDirectory dir;
    private SyncPipeline pipeline;
    private long request;

    @Setup(Level.Trial)
    public void open()
    {
        dir = ScratchDirectory.create("round-trip-");
        pipeline = new SyncPipeline(dir.path(), EXPECTED_ORDERS);
    }

    @TearDown(Level.Trial)
    public void close()
    {
        pipeline.close();
        dir.close();
    }

    @Benchmark
    public void requestToBrokerAndReports()
    {
        pipeline.step(request++);
    }
}

package io.noctria.bench;

import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import io.noctria.replay.Projections;
import io.noctria.replay.ReplayResult;
import io.noctria.replay.Replayer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Replay speed. One operation = folding the whole recorded sequence into fresh projections; the
 * {@code messages} counter reports journal messages per second.
 * <ul>
 *   <li>{@code projectionsFold}: {@link Projections#onMessage} over the sequence held in memory:
 *   the fold alone.</li>
 *   <li>{@code replayerFromJournal}: {@link Replayer#replay()} of the same sequence written to a
 *   Chronicle queue: open, read, validate every excerpt, fold. What a rebuild costs.</li>
 * </ul>
 * The sequence is {@link #REQUESTS} bench requests run through a real core and simulated broker
 * ({@link RecordedFlow}): each request, its four events and its broker reports (≈ 8 messages per
 * request; the count is printed at setup). Projections allocate per order and copy events into the
 * timeline by design (they do not run on the engine's logic thread), so gc.alloc.rate.norm here
 * (bytes per fold; divide by the message count) is information, not a hot-path defect.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
@State(Scope.Benchmark)
public class ReplayBenchmark
{
    static final int REQUESTS = 10_000;

    private RecordedFlow flow;
    private ScratchDirectory dir;

    /** Journal messages folded, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Messages
    {
        public long messages;
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        flow = RecordedFlow.record(REQUESTS);
        dir = ScratchDirectory.create("replay-");
        try (Journal journal = Journal.open(dir.journal(), JournalConfig.defaults()))
        {
            for (int i = 0; i < flow.size(); i++)
            {
                journal.append(flow.buffer(), flow.offset(i), flow.length(i));
            }
        }
        System.out.println("# ReplayBenchmark: " + REQUESTS + " requests -> " + flow.size() + " journal messages per op");
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        dir.close();
    }

    @Benchmark
    public Projections projectionsFold(final Messages counter)
    {
        final Projections projections = new Projections();
        final int n = flow.size();
        for (int i = 0; i < n; i++)
        {
            projections.onMessage(i, flow.buffer(), flow.offset(i), flow.length(i));
        }
        counter.messages += n;
        return projections;
    }

    @Benchmark
    public ReplayResult replayerFromJournal(final Messages counter)
    {
        final ReplayResult result = new Replayer(dir.journal()).replay();
        counter.messages += result.projections().excerpts();
        return result;
    }
}

package io.noctria.bench;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The JMH settings the hot-path benchmarks share, in one place: average time in ns, 3 × 1 s warm-up and
 * 5 × 1 s measured per fork, 2 forks of a fixed 512 MB heap, one instance per thread. JMH inherits class-level
 * annotations (JMH sample 24, "Inheritance"), and a subclass's own annotation replaces the inherited one: a
 * benchmark that needs a larger heap or another mode says only that.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
@State(Scope.Thread)
public abstract class HotPathBenchmark
{
}

package io.noctria.bench;

import io.noctria.codecs.FixedPoint;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The fixed-point arithmetic the risk gate runs per order ({@code RiskGate} is package-private, so its pieces are
 * measured here through {@link FixedPoint}):
 * <ul>
 *   <li>{@code headroomUnits}: the units that fit under the position-notional limit,
 *   {@code mulDivTowardZero(maxPositionNotional, 10^6, price)}, with the bench policy's limit (10^12 JPY, so the
 *   product is about 10^24 and does not fit 63 bits);</li>
 *   <li>{@code smallHeadroomUnits}: the same with configs/risk_policy.yml's 100,000 JPY (the product fits 63 bits);</li>
 *   <li>{@code largeNotional}: qty × price / 10^6 for a product past 63 bits (10^6 units at 150).</li>
 * </ul>
 * The price moves every call so nothing is constant-folded.
 */
public class RiskArithmeticBenchmark extends HotPathBenchmark
{
    private static final long BENCH_LIMIT = 1_000_000_000_000L * BenchFixtures.M;
    private static final long CONFIG_LIMIT = 100_000L * BenchFixtures.M;
    private long n;

    @Benchmark
    public long headroomUnits()
    {
        return FixedPoint.mulDivTowardZero(BENCH_LIMIT, FixedPoint.SCALE, 150_000_000L + (++n & 1023));
    }

    @Benchmark
    public long smallHeadroomUnits()
    {
        return FixedPoint.mulDivTowardZero(CONFIG_LIMIT, FixedPoint.SCALE, 150_000_000L + (++n & 1023));
    }

    @Benchmark
    public long largeNotional()
    {
        return FixedPoint.notional(1_000_000L * BenchFixtures.M + (++n & 1023), 150_123_456L);
    }
}

package io.noctria.bench;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PercentileChartTest
{
    @Test
    void shouldReadTheRowsAndMaxOfAnHdrHistogramPercentileDistribution()
    {
        final PercentileChart.Series series = PercentileChart.parse("engine", hgrm(uniform()), Paths.get("x.hgrm"));

        assertEquals(0.0, series.percentiles()[0], 1e-9);
        assertEquals(100.0, series.percentiles()[series.percentiles().length - 1], 1e-9);
        // Recorded in ns, written in µs (scale 1000): 1..10,000 µs uniform.
        assertEquals(5000, PercentileChart.valueAt(series, 50.0), 50);
        assertEquals(9900, PercentileChart.valueAt(series, 99.0), 100);
        assertEquals(10_000, series.max(), 10);
    }

    @Test
    void shouldPlotEachSeriesMonotonicallyOnLogAxesWithLegendAndDecadeLabels()
    {
        final PercentileChart.Series fast = PercentileChart.parse("baseline", hgrm(uniform()), Paths.get("a.hgrm"));
        final Histogram slowHistogram = new Histogram(3);
        for (int i = 1; i <= 10_000; i++)
        {
            slowHistogram.recordValue(i * 10_000L);
        }
        final PercentileChart.Series slow = PercentileChart.parse("engine", hgrm(slowHistogram), Paths.get("b.hgrm"));

        final String svg = PercentileChart.svg("t <1>", "sub", List.of(fast, slow));

        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assertTrue(svg.contains("t &lt;1&gt;"), "title escaped");
        assertTrue(svg.contains(">baseline<") && svg.contains(">engine<"), "legend");
        assertTrue(svg.contains(">1 ms<") && svg.contains(">100 ms<") && svg.contains(">99.9%<"), "axis labels");
        final Matcher lines = Pattern.compile("<polyline[^>]*points=\"([^\"]+)\"").matcher(svg);
        final double[][] lastPoint = new double[2][];
        for (int s = 0; s < 2; s++)
        {
            assertTrue(lines.find(), "series " + s + " drawn");
            double previousX = -1;
            double previousY = Double.MAX_VALUE;
            for (final String point : lines.group(1).split(" "))
            {
                final double[] xy = Arrays.stream(point.split(",")).mapToDouble(Double::parseDouble).toArray();
                assertTrue(xy[0] >= previousX, "x grows with the percentile");
                assertTrue(xy[1] <= previousY, "latency never falls with the percentile (y grows downwards)");
                previousX = xy[0];
                previousY = xy[1];
                lastPoint[s] = xy;
            }
        }
        assertTrue(lastPoint[1][1] < lastPoint[0][1], "the 10x slower series is drawn higher");
        assertEquals(svg, PercentileChart.svg("t <1>", "sub", List.of(fast, slow)), "same input, same bytes");
    }

    @Test
    void shouldLabelNinesAndDecades()
    {
        assertEquals("0%", PercentileChart.percentileLabel(0));
        assertEquals("90%", PercentileChart.percentileLabel(1));
        assertEquals("99%", PercentileChart.percentileLabel(2));
        assertEquals("99.99%", PercentileChart.percentileLabel(4));
        assertEquals("100 ns", PercentileChart.latencyLabel(-1));
        assertEquals("10 µs", PercentileChart.latencyLabel(1));
        assertEquals("10 ms", PercentileChart.latencyLabel(4));
        assertEquals(3.0, PercentileChart.nines(99.9), 1e-9);
    }

    private static Histogram uniform()
    {
        final Histogram histogram = new Histogram(3);
        for (int i = 1; i <= 10_000; i++)
        {
            histogram.recordValue(i * 1_000L);
        }
        return histogram;
    }

    private static List<String> hgrm(final Histogram histogram)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        histogram.outputPercentileDistribution(new PrintStream(bytes, true, StandardCharsets.US_ASCII), 1000.0);
        return Arrays.asList(bytes.toString(StandardCharsets.US_ASCII).split("\n"));
    }
}

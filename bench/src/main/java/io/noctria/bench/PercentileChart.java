package io.noctria.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws HdrHistogram percentile distributions ({@code .hgrm} files, as written by
 * {@code Histogram.outputPercentileDistribution} and {@code bench --hgrm}) as one SVG chart in the
 * style of the HdrHistogram plotter: latency on a log scale against "percentile" on the
 * {@code 1/(1-p)} scale, so the tail gets the room it deserves.
 * <p>
 * {@code PercentileChart --out FILE.svg [--title T] [--subtitle S] LABEL=FILE.hgrm ...}. The output
 * depends only on the inputs (fixed number formatting, no timestamps), so regenerating a committed
 * chart from committed data gives the same bytes.
 */
public final class PercentileChart
{
    private static final int WIDTH = 960;
    private static final int HEIGHT = 560;
    private static final int LEFT = 90;
    private static final int RIGHT = 220;
    private static final int TOP = 70;
    private static final int BOTTOM = 60;
    private static final String[] COLOURS = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf", "#bcbd22" };

    /** One distribution: its label and its points (percentile 0..100, value). */
    record Series(String label, double[] percentiles, double[] values, double max)
    {
    }

    private PercentileChart()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        Path out = null;
        String title = "Latency by percentile";
        String subtitle = "";
        final List<Series> series = new ArrayList<>();
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--out" -> out = Paths.get(args[++i]);
                case "--title" -> title = args[++i];
                case "--subtitle" -> subtitle = args[++i];
                default ->
                {
                    final int eq = args[i].indexOf('=');
                    if (eq <= 0)
                    {
                        usage("not LABEL=FILE.hgrm: " + args[i]);
                    }
                    final Path file = Paths.get(args[i].substring(eq + 1));
                    series.add(parse(args[i].substring(0, eq), Files.readAllLines(file, StandardCharsets.US_ASCII), file));
                }
            }
        }
        if (out == null || series.isEmpty())
        {
            usage("need --out and at least one LABEL=FILE.hgrm");
        }
        Files.writeString(out, svg(title, subtitle, series), StandardCharsets.UTF_8);
        System.err.println("chart: wrote " + out);
    }

    private static void usage(final String problem)
    {
        System.err.println("PercentileChart: " + problem);
        System.err.println("usage: PercentileChart --out FILE.svg [--title T] [--subtitle S] LABEL=FILE.hgrm ...");
        System.exit(2);
    }

    /**
     * Reads the rows of an {@code .hgrm} file: {@code Value Percentile TotalCount 1/(1-Percentile)};
     * header, comment and summary lines are skipped.
     */
    static Series parse(final String label, final List<String> lines, final Path source)
    {
        final List<double[]> rows = new ArrayList<>();
        double max = Double.NaN;
        for (final String line : lines)
        {
            final String trimmed = line.trim();
            if (trimmed.startsWith("#[Max"))
            {
                max = Double.parseDouble(trimmed.substring(trimmed.indexOf('=') + 1, trimmed.indexOf(',')).trim());
            }
            if (trimmed.isEmpty() || trimmed.startsWith("#") || !Character.isDigit(trimmed.charAt(0)))
            {
                continue;
            }
            final String[] fields = trimmed.split("\\s+");
            if (fields.length < 3)
            {
                continue;
            }
            rows.add(new double[]{ Double.parseDouble(fields[1]) * 100.0, Double.parseDouble(fields[0]) });
        }
        if (rows.isEmpty())
        {
            throw new IllegalArgumentException(source + ": no percentile rows (not an .hgrm file?)");
        }
        final double[] percentiles = new double[rows.size()];
        final double[] values = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++)
        {
            percentiles[i] = rows.get(i)[0];
            values[i] = rows.get(i)[1];
        }
        return new Series(label, percentiles, values, Double.isNaN(max) ? values[values.length - 1] : max);
    }

    /** x position of a percentile: log10(1 / (1 - p)), capped where the histogram runs out of samples. */
    static double nines(final double percentile)
    {
        final double p = Math.min(percentile / 100.0, 1.0 - 1e-7);
        return Math.log10(1.0 / (1.0 - p));
    }

    static String svg(final String title, final String subtitle, final List<Series> series)
    {
        double maxNines = 2;
        double minValue = Double.MAX_VALUE;
        double maxValue = 0;
        for (final Series s : series)
        {
            for (int i = 0; i < s.percentiles.length; i++)
            {
                if (s.percentiles[i] < 100.0)
                {
                    maxNines = Math.max(maxNines, nines(s.percentiles[i]));
                }
                if (s.values[i] > 0)
                {
                    minValue = Math.min(minValue, s.values[i]);
                }
                maxValue = Math.max(maxValue, s.values[i]);
            }
        }
        final int xDecades = (int)Math.ceil(maxNines - 1e-9);
        final int yLow = (int)Math.floor(Math.log10(Math.max(minValue, 1e-3)));
        final int yHigh = Math.max(yLow + 1, (int)Math.ceil(Math.log10(Math.max(maxValue, 1e-3))));
        final double plotW = WIDTH - LEFT - RIGHT;
        final double plotH = HEIGHT - TOP - BOTTOM;

        final StringBuilder b = new StringBuilder(16_384);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
            .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
            .append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        b.append("<text x=\"").append(LEFT).append("\" y=\"28\" font-size=\"17\" font-weight=\"bold\">").append(escape(title))
            .append("</text>\n");
        b.append("<text x=\"").append(LEFT).append("\" y=\"48\" fill=\"#555\">").append(escape(subtitle)).append("</text>\n");

        // Grid and axes: one line per decade of latency and per "nine" of percentile.
        for (int d = yLow; d <= yHigh; d++)
        {
            final double y = TOP + plotH - (d - yLow) / (double)(yHigh - yLow) * plotH;
            b.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(fmt(y)).append("\" x2=\"").append(fmt(LEFT + plotW))
                .append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#ddd\"/>\n");
            b.append("<text x=\"").append(LEFT - 8).append("\" y=\"").append(fmt(y + 4)).append("\" text-anchor=\"end\">")
                .append(latencyLabel(d)).append("</text>\n");
        }
        for (int n = 0; n <= xDecades; n++)
        {
            final double x = LEFT + n / (double)xDecades * plotW;
            b.append("<line x1=\"").append(fmt(x)).append("\" y1=\"").append(TOP).append("\" x2=\"").append(fmt(x))
                .append("\" y2=\"").append(fmt(TOP + plotH)).append("\" stroke=\"#ddd\"/>\n");
            b.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(fmt(TOP + plotH + 18))
                .append("\" text-anchor=\"middle\">").append(percentileLabel(n)).append("</text>\n");
        }
        b.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(fmt(plotW))
            .append("\" height=\"").append(fmt(plotH)).append("\" fill=\"none\" stroke=\"#333\"/>\n");
        b.append("<text x=\"").append(fmt(LEFT + plotW / 2)).append("\" y=\"").append(HEIGHT - 16)
            .append("\" text-anchor=\"middle\">percentile</text>\n");
        b.append("<text transform=\"translate(22,").append(fmt(TOP + plotH / 2))
            .append(") rotate(-90)\" text-anchor=\"middle\">latency (log scale)</text>\n");

        for (int s = 0; s < series.size(); s++)
        {
            final Series one = series.get(s);
            final String colour = COLOURS[s % COLOURS.length];
            b.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" points=\"");
            for (int i = 0; i < one.percentiles.length; i++)
            {
                final double x = LEFT + Math.min(nines(one.percentiles[i]), xDecades) / xDecades * plotW;
                final double v = Math.max(one.values[i], Math.pow(10, yLow));
                final double y = TOP + plotH - (Math.log10(v) - yLow) / (yHigh - yLow) * plotH;
                b.append(fmt(x)).append(',').append(fmt(y)).append(' ');
            }
            b.setLength(b.length() - 1);
            b.append("\"/>\n");
            final double ly = TOP + 10 + s * 34;
            final double lx = LEFT + plotW + 16;
            b.append("<line x1=\"").append(fmt(lx)).append("\" y1=\"").append(fmt(ly)).append("\" x2=\"").append(fmt(lx + 24))
                .append("\" y2=\"").append(fmt(ly)).append("\" stroke=\"").append(colour).append("\" stroke-width=\"3\"/>\n");
            b.append("<text x=\"").append(fmt(lx + 30)).append("\" y=\"").append(fmt(ly + 4)).append("\">")
                .append(escape(one.label)).append("</text>\n");
            b.append("<text x=\"").append(fmt(lx + 30)).append("\" y=\"").append(fmt(ly + 18)).append("\" fill=\"#555\">")
                .append("p99 ").append(latencyText(valueAt(one, 99.0))).append(", max ").append(latencyText(one.max))
                .append("</text>\n");
        }
        b.append("</svg>\n");
        return b.toString();
    }

    /** The value at the first row whose percentile is at least {@code percentile}. */
    static double valueAt(final Series series, final double percentile)
    {
        for (int i = 0; i < series.percentiles.length; i++)
        {
            if (series.percentiles[i] >= percentile)
            {
                return series.values[i];
            }
        }
        return series.values[series.values.length - 1];
    }

    /** Axis label of a power of ten of microseconds. */
    static String latencyLabel(final int decade)
    {
        if (decade < 0)
        {
            return Math.round(Math.pow(10, decade + 3)) + " ns";
        }
        if (decade < 3)
        {
            return (long)Math.pow(10, decade) + " µs";
        }
        if (decade < 6)
        {
            return (long)Math.pow(10, decade - 3) + " ms";
        }
        return (long)Math.pow(10, decade - 6) + " s";
    }

    static String latencyText(final double us)
    {
        if (us >= 1000)
        {
            return String.format(Locale.ROOT, "%.1f ms", us / 1000);
        }
        return String.format(Locale.ROOT, "%.0f µs", us);
    }

    /** "0%", "90%", "99%", "99.9%", ... for 0, 1, 2, 3 nines. */
    static String percentileLabel(final int nines)
    {
        switch (nines)
        {
            case 0:
                return "0%";
            case 1:
                return "90%";
            case 2:
                return "99%";
            default:
                return "99." + "9".repeat(nines - 2) + "%";
        }
    }

    private static String fmt(final double v)
    {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

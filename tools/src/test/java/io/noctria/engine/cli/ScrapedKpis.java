package io.noctria.engine.cli;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Prometheus text scrape as series → value ({@code noctria_alerts_total{code="QUALITY",severity="INFO"} → 3.0}),
 * and the check that its KPI metrics say what a {@code kpis.json} of the same journal says.
 */
final class ScrapedKpis
{
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?) (\\S+)$");
    private static final String BY_RULE = "risk.by_rule.";

    private final Map<String, Double> series = new LinkedHashMap<>();
    private final String text;

    ScrapedKpis(final String text)
    {
        this.text = text;
        for (final String line : text.split("\n"))
        {
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final Matcher matcher = SAMPLE.matcher(line);
            assertTrue(matcher.matches(), "not a sample line: " + line);
            series.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
        }
    }

    /** @return the value of one series, which must be present. */
    double value(final String name)
    {
        final Double value = series.get(name);
        assertNotNull(value, name + " in\n" + text);
        return value;
    }

    /** @return every series (name with labels) scraped. */
    Map<String, Double> series()
    {
        return series;
    }

    /** Asserts every KPI count of {@code kpis} (kpis.json, flattened) equals the scraped metric that carries it. */
    void assertAgreesWith(final Map<String, String> kpis)
    {
        same(kpis, "broker.errors", "broker_api_errors_total");
        same(kpis, "broker.requests", "broker_api_requests_total");
        same(kpis, "duplicates_suppressed", "noctria_duplicates_suppressed_total");
        same(kpis, "risk.allowed", "noctria_risk_decisions_total{verdict=\"ALLOW\"}");
        same(kpis, "risk.clamped", "noctria_risk_decisions_total{verdict=\"CLAMP\"}");
        same(kpis, "risk.shrunk", "noctria_risk_decisions_total{verdict=\"SHRINK\"}");
        same(kpis, "risk.rejected", "noctria_risk_decisions_total{verdict=\"REJECT\"}");
        int rules = 0;
        for (final String key : kpis.keySet())
        {
            if (key.startsWith(BY_RULE))
            {
                rules++;
                same(kpis, key, "noctria_risk_rule_decisions_total{rule=\"" + key.substring(BY_RULE.length()) + "\"}");
            }
        }
        assertTrue(rules > 0, "risk.by_rule in " + kpis);
        same(kpis, "quality.ok", "noctria_quality_decisions_total{verdict=\"OK\"}");
        same(kpis, "quality.scale", "noctria_quality_decisions_total{verdict=\"SCALE\"}");
        same(kpis, "quality.flat", "noctria_quality_decisions_total{verdict=\"FLAT\"}");
        for (final String stage : new String[] { "ingress_to_sent", "sent_to_ack", "ack_to_fill", "ingress_to_final" })
        {
            same(kpis, "latency_us." + stage + ".count",
                "do_order_latency_seconds_count{stage=\"" + stage + "\"}");
            assertEquals(value("do_order_latency_seconds_count{stage=\"" + stage + "\"}"),
                value("do_order_latency_seconds_bucket{stage=\"" + stage + "\",le=\"+Inf\"}"), stage);
        }
        for (final String severity : new String[] { "INFO", "WARNING", "CRITICAL" })
        {
            double sum = 0;
            for (final Map.Entry<String, Double> entry : series.entrySet())
            {
                if (entry.getKey().startsWith("noctria_alerts_total{") &&
                    entry.getKey().contains("severity=\"" + severity + "\""))
                {
                    sum += entry.getValue();
                }
            }
            assertEquals(Double.parseDouble(kpis.get("alerts." + severity)), sum, "alerts." + severity + " in\n" + text);
        }
        assertSlippageAgrees(kpis.get("slippage_pct.p90"));
    }

    /** kpis.json's p90 (nearest rank) lies in the histogram bucket where the cumulative count first reaches 90 %. */
    private void assertSlippageAgrees(final String p90)
    {
        final double count = value("do_slippage_pct_count");
        if (p90 == null || "null".equals(p90))
        {
            assertEquals(0.0, count, "no slippage in kpis.json, none scraped");
            return;
        }
        assertTrue(count > 0, "kpis.json has a slippage p90 of " + p90 + ", the scrape has no order: " + text);
        final long rank = (long)Math.ceil(count * 0.9);
        final BigDecimal value = new BigDecimal(p90);
        double below = Double.NEGATIVE_INFINITY;
        for (final double bound : KpiMetrics.SLIPPAGE_BUCKETS_PCT)
        {
            final String le = Double.isInfinite(bound) ? "+Inf" : formatBound(bound);
            final double cumulative = value("do_slippage_pct_bucket{le=\"" + le + "\"}");
            if (cumulative >= rank)
            {
                assertTrue((Double.isInfinite(bound) || value.compareTo(BigDecimal.valueOf(bound)) <= 0) &&
                    (Double.isInfinite(below) || value.compareTo(BigDecimal.valueOf(below)) > 0),
                    "p90 " + p90 + " outside the bucket (" + below + ", " + bound + "] that holds rank " + rank);
                return;
            }
            below = bound;
        }
    }

    private static String formatBound(final double bound)
    {
        return bound == Math.rint(bound) ? String.valueOf(bound) : BigDecimal.valueOf(bound).toPlainString();
    }

    private void same(final Map<String, String> kpis, final String key, final String metric)
    {
        final String expected = kpis.get(key);
        assertNotNull(expected, key + " in kpis.json " + kpis);
        assertEquals(Double.parseDouble(expected), value(metric), metric + " against kpis.json " + key);
    }
}

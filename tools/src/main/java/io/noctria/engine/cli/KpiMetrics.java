package io.noctria.engine.cli;

import io.noctria.codecs.FixedPoint;
import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.RiskRule;
import io.noctria.codecs.sbe.Severity;
import io.noctria.journal.JournalConsumer;
import io.noctria.replay.Kpis;
import io.noctria.replay.LatencyStage;
import io.noctria.replay.Projections;
import io.noctria.replay.TraceLatency;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;

import java.util.List;

/**
 * The platform's KPIs as Prometheus metrics, from the very fold {@code replay} writes {@code kpis.json} with: a
 * {@link Projections} fed every journal frame the metrics thread reads, so a scrape and a replay of the same journal
 * count the same requests, decisions, broker errors, alerts, latencies and slippage. Runs on the metrics thread only;
 * the business thread never sees it.
 * <p>
 * Latency buckets are read from the projection's HdrHistograms (3 significant digits, as kpis.json's percentiles);
 * the count and the sum are exact. Slippage buckets and sum are exact: each ended order's value is bucketed once.
 * The fold keeps the outbox's entries (one per order) and no timeline or latency row.
 */
final class KpiMetrics implements JournalConsumer
{
    /** Longer than a TraceId (64 characters): no message matches, so the fold keeps no timeline and no row. */
    private static final String NO_TRACE = "~".repeat(65);
    /** The stages of kpis.json's latency_us, as the {@code stage} label (ingress_to_sent, ...). */
    static final LatencyStage[] STAGES = {
        LatencyStage.INGRESS_TO_SENT, LatencyStage.SENT_TO_ACK, LatencyStage.ACK_TO_FILL, LatencyStage.INGRESS_TO_FINAL };
    /** Upper bounds in seconds; 0.4 is the OKR's p95 of order latency. */
    static final double[] LATENCY_BUCKETS_SECONDS = {
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.4, 0.5, 1, 2.5, 5, 10,
        Double.POSITIVE_INFINITY };
    /** Upper bounds in percent (0.3 = 0.30 %, the OKR's p90 of slippage); at or below 0 is at or better than price. */
    static final double[] SLIPPAGE_BUCKETS_PCT = {
        -0.1, 0, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, Double.POSITIVE_INFINITY };
    private static final long[] SLIPPAGE_BOUNDS_FIXED = new long[SLIPPAGE_BUCKETS_PCT.length - 1];
    private static final Severity[] SEVERITIES = { Severity.INFO, Severity.WARNING, Severity.CRITICAL };
    private static final double NS_PER_SECOND = 1e9;

    static
    {
        for (int i = 0; i < SLIPPAGE_BOUNDS_FIXED.length; i++)
        {
            SLIPPAGE_BOUNDS_FIXED[i] = Math.round(SLIPPAGE_BUCKETS_PCT[i] * FixedPoint.SCALE);
        }
    }

    private final Projections projections = new Projections(NO_TRACE);
    private final long[] slippageCounts = new long[SLIPPAGE_BUCKETS_PCT.length];
    private long slippageSumFixed;
    private int slippageBucketed;

    @Override
    public void onFrame(final long index, final int messages)
    {
        projections.onFrame(index, messages);
    }

    @Override
    public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        projections.onMessage(index, buffer, offset, length);
    }

    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        projections.onInvalid(index, error, detail);
    }

    /** @return the KPIs folded so far (read on the metrics thread). */
    Kpis kpis()
    {
        return projections.kpis();
    }

    /** Adds the KPI metrics as of the frames folded so far. */
    void addTo(final List<MetricSnapshot> metrics)
    {
        final Kpis kpis = projections.kpis();
        metrics.add(latency(kpis.latency()));
        metrics.add(slippage(kpis));
        metrics.add(counter("broker_api_errors", "Broker API errors: SendFailed events, retries included " +
            "(kpis.json broker.errors)", kpis.brokerErrors()));
        metrics.add(counter("broker_api_requests", "Broker API requests: OrderSent events, retries included " +
            "(kpis.json broker.requests)", kpis.brokerRequests()));
        metrics.add(counter("noctria_duplicates_suppressed", "Requests suppressed as duplicates of an earlier key",
            kpis.duplicatesSuppressed()));
        metrics.add(labelled("noctria_risk_decisions", "Risk gate decisions by verdict", "verdict",
            new String[] { "ALLOW", "CLAMP", "SHRINK", "REJECT" },
            new long[] { kpis.riskAllowed(), kpis.riskClamped(), kpis.riskShrunk(), kpis.riskRejected() }));
        final CounterSnapshot.Builder rules = CounterSnapshot.builder().name("noctria_risk_rule_decisions")
            .help("Risk gate decisions a rule decided (changed or refused the order), by rule");
        for (final RiskRule rule : RiskRule.values())
        {
            if (rule != RiskRule.NONE && rule != RiskRule.NULL_VAL)
            {
                rules.dataPoint(point(Labels.of("rule", rule.name()), kpis.riskByRule(rule)));
            }
        }
        metrics.add(rules.build());
        metrics.add(labelled("noctria_quality_decisions", "Quality gate decisions by verdict", "verdict",
            new String[] { "OK", "SCALE", "FLAT" },
            new long[] { kpis.qualityOk(), kpis.qualityScale(), kpis.qualityFlat() }));
        final CounterSnapshot.Builder alerts = CounterSnapshot.builder().name("noctria_alerts")
            .help("Alerts journaled, by severity and code");
        for (final Severity severity : SEVERITIES)
        {
            for (final AlertCode code : AlertCode.values())
            {
                if (code != AlertCode.NULL_VAL)
                {
                    alerts.dataPoint(point(Labels.of("code", code.name(), "severity", severity.name()),
                        kpis.alerts(severity, code)));
                }
            }
        }
        metrics.add(alerts.build());
    }

    private static MetricSnapshot latency(final TraceLatency latency)
    {
        final HistogramSnapshot.Builder builder = HistogramSnapshot.builder().name("do_order_latency_seconds")
            .help("Order request latency by stage, from the stamps journaled with the events (kpis.json latency_us)");
        final int buckets = LATENCY_BUCKETS_SECONDS.length;
        for (final LatencyStage stage : STAGES)
        {
            final Histogram histogram = latency.histogram(stage);
            final long total = histogram.getTotalCount();
            final long[] counts = new long[buckets];
            long below = 0;
            for (int i = 0; i < buckets - 1; i++)
            {
                final long upTo = Math.min(total,
                    histogram.getCountBetweenValues(0, (long)(LATENCY_BUCKETS_SECONDS[i] * NS_PER_SECOND)));
                counts[i] = upTo - below;
                below = upTo;
            }
            counts[buckets - 1] = total - below;
            builder.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .labels(Labels.of("stage", stage.jsonName()))
                .classicHistogramBuckets(ClassicHistogramBuckets.of(LATENCY_BUCKETS_SECONDS, counts))
                .sum(latency.sumNs(stage) / NS_PER_SECOND).build());
        }
        return builder.build();
    }

    private MetricSnapshot slippage(final Kpis kpis)
    {
        // Bucket each order's value once, as it ends: a scrape costs the new orders only.
        for (; slippageBucketed < kpis.slippageCount(); slippageBucketed++)
        {
            final long value = kpis.slippagePctAt(slippageBucketed);
            slippageSumFixed += value;
            int bucket = 0;
            while (bucket < SLIPPAGE_BOUNDS_FIXED.length && value > SLIPPAGE_BOUNDS_FIXED[bucket])
            {
                bucket++;
            }
            slippageCounts[bucket]++;
        }
        return HistogramSnapshot.builder().name("do_slippage_pct")
            .help("Slippage of each order that ended with a fill, in percent of its price (positive is worse; " +
                "kpis.json slippage_pct)")
            .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(SLIPPAGE_BUCKETS_PCT, slippageCounts.clone()))
                .sum((double)slippageSumFixed / FixedPoint.SCALE).build())
            .build();
    }

    private static CounterSnapshot labelled(final String name, final String help, final String label,
        final String[] values, final long[] counts)
    {
        final CounterSnapshot.Builder builder = CounterSnapshot.builder().name(name).help(help);
        for (int i = 0; i < values.length; i++)
        {
            builder.dataPoint(point(Labels.of(label, values[i]), counts[i]));
        }
        return builder.build();
    }

    static CounterSnapshot counter(final String name, final String help, final long value)
    {
        return CounterSnapshot.builder().name(name).help(help).dataPoint(point(Labels.EMPTY, value)).build();
    }

    private static CounterSnapshot.CounterDataPointSnapshot point(final Labels labels, final long value)
    {
        return CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}

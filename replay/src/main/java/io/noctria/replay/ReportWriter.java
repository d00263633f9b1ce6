package io.noctria.replay;

import io.noctria.engine.core.OutboxEntry;
import io.noctria.codecs.MessageFormatter;
import io.noctria.codecs.MessageTimes;
import io.noctria.codecs.sbe.RiskRule;
import io.noctria.codecs.sbe.Severity;
import io.noctria.journal.OwnerOnlyFiles;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a replay's report files into a directory: {@value #KPIS}, {@value #OUTBOX}, {@value #TIMELINE},
 * {@value #TRACE_LATENCY} and {@value #LATENCY_HGRM} (the file contract is in docs/replay.md).
 * <p>
 * Byte-stable: the bytes depend only on the folded journal, never on when, where or by whom the report was
 * written: keys in a fixed order, maps sorted by key, numbers as exact decimals (fixed-point, never a
 * {@code double}'s text), UTF-8, {@code \n} line ends, no write time, no path. A live engine's report and a
 * replay's of the same journal are therefore identical.
 */
public final class ReportWriter
{
    /** KPIs, one pretty-printed JSON object. */
    public static final String KPIS = "kpis.json";
    /** One JSON line per idempotency key, in first journal index order. */
    public static final String OUTBOX = "outbox.jsonl";
    /** One JSON line per event, in journal order. */
    public static final String TIMELINE = "timeline.jsonl";
    /** One JSON line per order request, in journal order. */
    public static final String TRACE_LATENCY = "trace_latency.jsonl";
    /** HdrHistogram percentile distribution of ingress→sent, in microseconds. */
    public static final String LATENCY_HGRM = "latency.hgrm";

    /** The platform's local time zone for postmortems: Asia/Tokyo, UTC+9 all year (no DST since 1951). */
    private static final long JST_OFFSET_NS = 9L * 3_600 * 1_000_000_000L;
    private static final String JST_SUFFIX = "+09:00";
    private static final LatencyStage[] KPI_STAGES = {
        LatencyStage.INGRESS_TO_SENT, LatencyStage.SENT_TO_ACK, LatencyStage.ACK_TO_FILL, LatencyStage.INGRESS_TO_FINAL };
    private static final LatencyStage[] STAGES = LatencyStage.values();
    private static final String[] PERCENTILE_NAMES = { "p50", "p90", "p95", "p99", "p999" };
    private static final double[] PERCENTILES = { 50.0, 90.0, 95.0, 99.0, 99.9 };
    private static final RiskRule[] RULES_BY_NAME = rulesByName();
    private static final Severity[] SEVERITIES_BY_NAME = severitiesByName();
    private static final double MICROS_PER_NANO_RATIO = 1000.0;
    private static final int PERCENTILE_TICKS_PER_HALF_DISTANCE = 5;

    private ReportWriter()
    {
    }

    /**
     * Writes the five report files into {@code dir}, creating it if needed and replacing files of the same names.
     *
     * @param result what a replay (or a live engine) folded.
     * @param dir    the report directory.
     * @throws IOException when a file cannot be written.
     */
    public static void write(final ReplayResult result, final Path dir) throws IOException
    {
        // Reports hold every idempotency key and order: owner-only whatever the umask (OwnerOnlyFiles).
        OwnerOnlyFiles.createReportDirectory(dir);
        final StringBuilder text = new StringBuilder(4096);

        appendKpis(result, text);
        OwnerOnlyFiles.writeString(dir.resolve(KPIS), text);

        final Projections projections = result.projections();
        final List<OutboxEntry> entries = projections.outbox().entries();
        writeLines(dir.resolve(OUTBOX), entries.size(), text, (i, line) -> appendOutboxLine(entries.get(i), line));

        final TraceTimeline timeline = projections.timeline();
        final MessageFormatter formatter = new MessageFormatter();
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        writeLines(dir.resolve(TIMELINE), timeline.size(), text,
            (i, line) -> appendTimelineLine(timeline, i, formatter, view, line));

        final List<RequestLatency> rows = projections.latency().rows();
        writeLines(dir.resolve(TRACE_LATENCY), rows.size(), text, (i, line) -> appendLatencyLine(rows.get(i), line));

        OwnerOnlyFiles.write(dir.resolve(LATENCY_HGRM), latencyHgrm(projections.latency().histogram(LatencyStage.INGRESS_TO_SENT)));
    }

    /** Appends line {@code i} of a JSON-lines file to {@code line} (cleared before each). */
    @FunctionalInterface
    private interface LineAppender
    {
        void append(int i, StringBuilder line);
    }

    /** Writes {@code count} lines, each built into {@code text}, to an owner-only {@code file}. */
    private static void writeLines(final Path file, final int count, final StringBuilder text,
        final LineAppender lines) throws IOException
    {
        try (Writer writer = OwnerOnlyFiles.newBufferedWriter(file))
        {
            for (int i = 0; i < count; i++)
            {
                text.setLength(0);
                lines.append(i, text);
                writer.append(text).append('\n');
            }
        }
    }

    /**
     * Appends the bytes of kpis.json: one pretty-printed object, ending with a newline (for tools that print it).
     *
     * @param result what a replay folded.
     * @param out    where to append.
     */
    public static void appendKpis(final ReplayResult result, final StringBuilder out)
    {
        final Projections projections = result.projections();
        final Kpis kpis = projections.kpis();
        final TraceLatency latency = projections.latency();
        final JsonWriter json = new JsonWriter(out, true);
        json.beginObject()
            .field("orders_received", kpis.ordersReceived())
            .field("orders_sent", kpis.ordersSent())
            .field("duplicates_suppressed", kpis.duplicatesSuppressed())
            .field("inputs_rejected", kpis.inputsRejected());

        json.name("risk").beginObject()
            .field("allowed", kpis.riskAllowed())
            .field("clamped", kpis.riskClamped())
            .field("scaled", kpis.riskScaled())
            .field("shrunk", kpis.riskShrunk())
            .field("rejected", kpis.riskRejected());
        json.name("by_rule").beginObject();
        for (final RiskRule rule : RULES_BY_NAME)
        {
            json.field(rule.name(), kpis.riskByRule(rule));
        }
        json.endObject().endObject();

        json.name("quality").beginObject()
            .field("ok", kpis.qualityOk())
            .field("scale", kpis.qualityScale())
            .field("flat", kpis.qualityFlat())
            .endObject();

        json.name("broker").beginObject()
            .field("requests", kpis.brokerRequests())
            .field("errors", kpis.brokerErrors())
            .name("error_rate").decimal(kpis.brokerErrorRate(), -1)
            .field("acks", kpis.acks())
            .field("fills", kpis.fills())
            .field("partial_fills", kpis.partialFills())
            .field("rejects", kpis.rejects())
            .field("expired", kpis.expired())
            .field("canceled", kpis.canceled())
            .endObject();

        json.name("latency_us").beginObject();
        for (final LatencyStage stage : KPI_STAGES)
        {
            final long count = latency.count(stage);
            json.name(stage.jsonName()).beginObject().field("count", count);
            for (int i = 0; i < PERCENTILE_NAMES.length; i++)
            {
                json.name(PERCENTILE_NAMES[i]);
                if (count == 0)
                {
                    json.nullValue();
                }
                else
                {
                    json.micros(latency.percentileNs(stage, PERCENTILES[i]));
                }
            }
            json.name("max");
            if (count == 0)
            {
                json.nullValue();
            }
            else
            {
                json.micros(latency.maxNs(stage));
            }
            json.endObject();
        }
        json.endObject();

        json.name("slippage_pct").beginObject()
            .name("p50").decimal(kpis.slippagePct(500), Long.MIN_VALUE)
            .name("p90").decimal(kpis.slippagePct(900), Long.MIN_VALUE)
            .name("max").decimal(kpis.slippagePct(1000), Long.MIN_VALUE)
            .endObject();

        json.name("pnl").beginObject()
            .name("realized").decimal(kpis.realizedPnl())
            .name("win_rate").decimal(kpis.winRate(), -1)
            .name("max_drawdown").decimal(kpis.maxDrawdown())
            .endObject();

        json.name("alerts").beginObject();
        for (final Severity severity : SEVERITIES_BY_NAME)
        {
            json.field(severity.name(), kpis.alerts(severity));
        }
        json.endObject();

        json.name("invalid_excerpts").beginObject()
            .field("count", projections.invalidCount());
        json.name("records").beginArray();
        final List<InvalidExcerpt> invalid = projections.invalidExcerpts();
        for (int i = 0, n = invalid.size(); i < n; i++)
        {
            final InvalidExcerpt excerpt = invalid.get(i);
            json.beginObject()
                .field("index", excerpt.index())
                .field("error", excerpt.error().name())
                .field("detail", excerpt.detail())
                .endObject();
        }
        json.endArray().endObject();

        json.name("journal").beginObject();
        if (projections.excerpts() == 0)
        {
            json.name("first_index").nullValue().name("last_index").nullValue();
        }
        else
        {
            json.field("first_index", projections.firstIndex()).field("last_index", projections.lastIndex());
        }
        json.field("excerpts", projections.excerpts()).endObject();

        json.endObject();
        out.append('\n');
    }

    /** Appends one outbox.jsonl line (without the newline). */
    static void appendOutboxLine(final OutboxEntry entry, final StringBuilder out)
    {
        new JsonWriter(out, false).beginObject()
            .field("idempotency_key", entry.idempotencyKey())
            .field("trace_id", entry.traceId())
            .field("first_index", entry.firstIndex())
            .field("input_index", entry.inputIndex())
            .field("symbol", entry.symbol())
            .field("side", entry.side().name())
            .name("qty").decimal(entry.qty())
            .name("price").decimal(entry.price())
            .field("order_type", entry.orderType().name())
            .field("time_in_force", entry.timeInForce().name())
            .field("state", entry.state().name())
            .name("created_at").utc(entry.createdNs(), OutboxEntry.NO_TIME)
            .name("sent_at").utc(entry.sentNs(), OutboxEntry.NO_TIME)
            .field("cl_ord_id", entry.clOrdId())
            .name("broker_order_id").value(entry.brokerOrderId(), OutboxEntry.NONE)
            .field("broker_response", entry.lastResponse())
            .name("filled_qty").decimal(entry.filledQty())
            .name("avg_fill_price").decimal(entry.avgFillPrice(), OutboxEntry.NONE)
            .field("retries", entry.retries())
            .field("send_failures", entry.sendFailures())
            .field("duplicates_suppressed", entry.duplicatesSuppressed())
            .endObject();
    }

    /**
     * Appends one trace_latency.jsonl line (without the newline).
     *
     * @param row one request's stage times.
     * @param out where to append.
     */
    public static void appendLatencyLine(final RequestLatency row, final StringBuilder out)
    {
        final JsonWriter json = new JsonWriter(out, false).beginObject()
            .field("input_index", row.inputIndex())
            .field("trace_id", row.traceId())
            .field("idempotency_key", row.idempotencyKey())
            .field("final_state", row.finalState() == null ? null : row.finalState().name())
            .name("ingress_utc").utc(row.ingressNs());
        for (final LatencyStage stage : STAGES)
        {
            json.name(stage.jsonName() + "_us").micros(row.durationNs(stage), RequestLatency.NOT_REACHED);
        }
        json.endObject();
    }

    /**
     * Appends one timeline.jsonl line (without the newline): index, trace_id, type, ts_utc, ts_jst, then the
     * message's own fields by schema name; an invalid excerpt gives its error and detail instead.
     *
     * @param timeline  the folded timeline.
     * @param position  the event's position in it, 0 to {@code size() - 1}.
     * @param formatter renders the message's fields; reusable from line to line.
     * @param view      scratch view pointed at the event's bytes; reusable from line to line.
     * @param out       where to append.
     */
    public static void appendTimelineLine(
        final TraceTimeline timeline, final int position, final MessageFormatter formatter, final UnsafeBuffer view,
        final StringBuilder out)
    {
        final long timeNs = timeline.timeNs(position);
        out.append("{\"index\":").append(timeline.index(position)).append(",\"trace_id\":");
        MessageFormatter.appendJsonString(out, timeline.traceId(position));
        out.append(",\"type\":");
        MessageFormatter.appendJsonString(out, timeline.type(position));
        out.append(",\"ts_utc\":");
        if (timeNs == MessageTimes.UNKNOWN)
        {
            out.append("null,\"ts_jst\":null");
        }
        else
        {
            out.append('"');
            MessageTimes.appendIso8601Utc(out, timeNs);
            out.append("\",\"ts_jst\":\"");
            appendJst(out, timeNs);
            out.append('"');
        }
        out.append(',');
        final int length = timeline.wrap(position, view);
        if (length == TraceTimeline.INVALID)
        {
            final InvalidExcerpt invalid = timeline.invalid(position);
            out.append("\"error\":");
            MessageFormatter.appendJsonString(out, invalid.error().name());
            out.append(",\"detail\":");
            MessageFormatter.appendJsonString(out, invalid.detail());
        }
        else
        {
            formatter.appendJsonFields(view, 0, length, out);
        }
        out.append('}');
    }

    /** @return the histogram's percentile distribution in microseconds, as HdrHistogram's plotter reads it. */
    static byte[] latencyHgrm(final Histogram histogramNs)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (PrintStream stream = new PrintStream(bytes, false, StandardCharsets.UTF_8))
        {
            histogramNs.outputPercentileDistribution(stream, PERCENTILE_TICKS_PER_HALF_DISTANCE, MICROS_PER_NANO_RATIO);
        }
        return bytes.toByteArray();
    }

    /**
     * Appends {@code 2026-11-22T13:20:03.123456789+09:00}: the same instant in Japan Standard Time.
     *
     * @param out     where to append.
     * @param epochNs nanoseconds since 1970-01-01T00:00Z.
     */
    public static void appendJst(final StringBuilder out, final long epochNs)
    {
        MessageTimes.appendIso8601Utc(out, epochNs + JST_OFFSET_NS);
        out.setLength(out.length() - 1);
        out.append(JST_SUFFIX);
    }

    private static RiskRule[] rulesByName()
    {
        final List<RiskRule> rules = new ArrayList<>();
        for (final RiskRule rule : RiskRule.values())
        {
            if (rule != RiskRule.NONE && rule != RiskRule.NULL_VAL)
            {
                rules.add(rule);
            }
        }
        rules.sort(Comparator.comparing(RiskRule::name));
        return rules.toArray(new RiskRule[0]);
    }

    private static Severity[] severitiesByName()
    {
        final List<Severity> severities = new ArrayList<>();
        for (final Severity severity : Severity.values())
        {
            if (severity != Severity.NULL_VAL)
            {
                severities.add(severity);
            }
        }
        severities.sort(Comparator.comparing(Severity::name));
        return severities.toArray(new Severity[0]);
    }
}

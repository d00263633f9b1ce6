package io.noctria.engine.cli;

import io.noctria.codecs.MessageFormatter;
import io.noctria.codecs.sbe.Severity;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.runtime.JournalRefusedException;
import io.noctria.engine.runtime.SnapshotReplay;
import io.noctria.replay.FinalState;
import io.noctria.replay.LatencyStage;
import io.noctria.replay.Projections;
import io.noctria.replay.ReplayResult;
import io.noctria.replay.ReportWriter;
import io.noctria.replay.RequestLatency;
import io.noctria.replay.TraceTimeline;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code noctria replay}: rebuilds the outbox, trace timelines, stage latency and KPIs from the journal, read-only,
 * through the same {@link io.noctria.replay.Replayer} and {@link ReportWriter} as {@code run --report}.
 * <p>
 * With {@code --out} it writes the report files and prints a one-line summary. Without, it prints to stdout: one
 * trace's timeline and latency ({@code --trace-id}), or the KPI summary; {@code --format json} prints the same
 * records as the report files ({@code timeline.jsonl} then {@code trace_latency.jsonl} lines, or the
 * {@code kpis.json} object). Exit code {@value CommandFailure#QUEUE_DAMAGED_EXIT} when the journal is damaged (each
 * damaged index named on stderr), 3 when the window holds other invalid excerpts (each reported on stderr).
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
        "Rebuild outbox, trace timelines, stage latency and KPIs from the journal (read-only; a journal the engine",
        "is still writing is read up to the end seen). Same code and bytes as `run --report`.",
        "--out DIR writes kpis.json, outbox.jsonl, timeline.jsonl, trace_latency.jsonl, latency.hgrm;",
        "otherwise prints one trace (--trace-id) or the KPI summary. Exit code 5 when the journal is damaged (each",
        "damaged index named on stderr), 3 when other invalid excerpts were found.",
        "--from-snapshot [FILE] restores a snapshot, re-decides the journal after it (each event must equal the",
        "journal's; exit 6 names the first index that differs) and reports the journal after it." })
final class ReplayCommand extends NoctriaSubcommand
{
    /** Output format without {@code --out}. */
    enum Format
    {
        TEXT, JSON
    }

    private static final LatencyStage[] STAGES = LatencyStage.values();
    /** Exit status of {@code --from-snapshot} when a re-decided event differs from the journaled one. */
    static final int NOT_DETERMINISTIC_EXIT = 6;

    @Option(names = "--from", paramLabel = "ISO",
        description = "Window start, inclusive, by message time (binary search, no scan), e.g. 2026-11-22T04:20:00Z.")
    String from;

    @Option(names = "--to", paramLabel = "ISO", description = "Window end, exclusive, by message time.")
    String to;

    @Option(names = "--trace-id", paramLabel = "ID",
        description = "One trace: its timeline and per-request latency (KPIs still cover the whole window).")
    String traceId;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "text",
        description = "text or json, for stdout output (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the report files here instead of printing.")
    Path out;

    @Option(names = "--from-snapshot", paramLabel = "FILE", arity = "0..1", fallbackValue = "",
        description = {"Start from a snapshot (FILE, or the newest of --data-dir that verifies), re-decide every " +
            "frame after it and check each event equals the journal's (tsNs aside), then report the journal after " +
            "it. Exit 6 naming the first differing index; exit 1 when no snapshot can be used."})
    String fromSnapshot;

    /** With --from-snapshot: the settings the run decided with. */
    @Mixin
    EngineSettingsOptions settings;

    @Option(names = "--demo", paramLabel = "N",
        description = "With --from-snapshot: the journal is a `run --demo N` day; re-decide with its settings.")
    Integer demo;

    @Mixin
    NoProgressOption progress;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter stderr = spec.commandLine().getErr();
        final ReplayRun run = new ReplayRun("replay", parent.dataDir, stderr)
            .withTraceId(traceId)
            .withProgress(progress.enabled());
        if (fromSnapshot != null)
        {
            final SnapshotReplay checked = checkFromSnapshot(stderr);
            stdout.println(String.format(Locale.ROOT, "from snapshot %s (journal index %d): re-decided %,d " +
                "input(s) in %,d frame(s) after it, %,d event(s) equal to the journal's (tsNs aside)",
                checked.snapshotFile(), checked.snapshotIndex(), checked.inputs(), checked.framesChecked(),
                checked.eventsChecked()));
            stdout.flush();
            run.withAfterIndex(checked.snapshotIndex());
        }
        if (from != null)
        {
            run.withFrom(TimeArgument.parseEpochNanos("--from", from));
        }
        if (to != null)
        {
            run.withTo(TimeArgument.parseEpochNanos("--to", to));
        }
        final ReplayResult result = run.run();
        final Projections projections = result.projections();

        if (out != null)
        {
            ReportWriter.write(result, out);
            stdout.println(String.format(Locale.ROOT,
                "replayed %s, %s: orders received %,d, sent %,d, fills %,d, alerts %,d, invalid excerpts %,d -> %s",
                ReplaySummary.window(result), ReplaySummary.journalRange(result), projections.kpis().ordersReceived(),
                projections.kpis().ordersSent(), projections.kpis().fills(), alerts(result), projections.invalidCount(),
                out.toAbsolutePath().normalize()));
        }
        else if (traceId != null)
        {
            if (format == Format.JSON)
            {
                printTraceJson(result, stdout);
            }
            else
            {
                printTraceText(result, stdout);
            }
        }
        else if (format == Format.JSON)
        {
            final StringBuilder kpis = new StringBuilder(4096);
            ReportWriter.appendKpis(result, kpis);
            stdout.print(kpis);
        }
        else
        {
            new ReplaySummary(result).print(stdout);
        }
        stdout.flush();
        return run.exitCode(projections.invalidCount() > 0 ? 3 : 0);
    }

    /**
     * Restores the snapshot, re-decides the journal after it and checks every event; exits 1 when no snapshot can be
     * used (each refusal named), {@value #NOT_DETERMINISTIC_EXIT} at the first frame whose events differ.
     */
    private SnapshotReplay checkFromSnapshot(final PrintWriter stderr)
    {
        if (from != null || to != null)
        {
            throw new CommandFailure("--from-snapshot starts the window at the snapshot: drop --from and --to", 2);
        }
        final Path file = fromSnapshot.isEmpty() ? null : Path.of(fromSnapshot);
        final EngineConfig engineConfig = settings.engineConfig(demo, stderr);
        final RiskPolicy riskPolicy = settings.riskPolicy();
        final byte[] secret = RunCommand.secret(demo != null, "nothing was replayed", stderr);
        final SnapshotReplay checked;
        try
        {
            checked = SnapshotReplay.check(parent.dataDir, file, engineConfig, riskPolicy, secret);
        }
        catch (final JournalRefusedException ex)
        {
            throw new CommandFailure("--from-snapshot: " + ex.getMessage().replace('\n', ' '), 1);
        }
        finally
        {
            java.util.Arrays.fill(secret, (byte)0);
        }
        for (final String refused : checked.refusals())
        {
            stderr.println("noctria replay: " + refused);
        }
        if (checked.mismatchIndex() >= 0)
        {
            throw new CommandFailure("--from-snapshot: journal index " + checked.mismatchIndex() + " (0x" +
                Long.toHexString(checked.mismatchIndex()) + "): re-decided from snapshot " + checked.snapshotFile() +
                ", " + checked.mismatch() + "; this build or these settings (--config, --policy, --demo, the " +
                "secret) do not decide as the run did. Inspect it with `noctria tail --from-index " +
                checked.mismatchIndex() + "`", NOT_DETERMINISTIC_EXIT);
        }
        return checked;
    }

    /** The trace's timeline.jsonl lines, then its trace_latency.jsonl lines: the report files' bytes. */
    static void printTraceJson(final ReplayResult result, final PrintWriter stdout)
    {
        final TraceTimeline timeline = result.projections().timeline();
        final MessageFormatter formatter = new MessageFormatter();
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        final StringBuilder line = new StringBuilder(512);
        for (int i = 0, n = timeline.size(); i < n; i++)
        {
            line.setLength(0);
            ReportWriter.appendTimelineLine(timeline, i, formatter, view, line);
            stdout.append(line).append('\n');
        }
        final List<RequestLatency> rows = result.projections().latency().rows();
        for (int i = 0, n = rows.size(); i < n; i++)
        {
            line.setLength(0);
            ReportWriter.appendLatencyLine(rows.get(i), line);
            stdout.append(line).append('\n');
        }
    }

    /** A header, one readable line per event, then each request's stage latency. */
    static void printTraceText(final ReplayResult result, final PrintWriter stdout)
    {
        final TraceTimeline timeline = result.projections().timeline();
        final List<RequestLatency> rows = result.projections().latency().rows();
        stdout.println(String.format(Locale.ROOT, "trace %s: %,d events, %,d request(s) in %s", result.projections().traceIdFilter(),
            timeline.size(), rows.size(), ReplaySummary.window(result)));
        final TimelineText text = new TimelineText();
        for (int i = 0, n = timeline.size(); i < n; i++)
        {
            stdout.println(text.line(timeline, i));
        }
        for (final RequestLatency row : rows)
        {
            final FinalState state = row.finalState();
            final String key = row.idempotencyKey();
            stdout.println("latency of request " + row.inputIndex() + ": key " + (key == null ? "-" : key) +
                ", final " + (state == null ? "open (not final in the window)" : state.name()) + ", ingress " +
                TimeText.utc(row.ingressNs()) + " (" + TimeText.jst(row.ingressNs()) + ")");
            for (final LatencyStage stage : STAGES)
            {
                final long ns = row.durationNs(stage);
                stdout.println(String.format(Locale.ROOT, "  %-20s %s", ReplaySummary.stageLabel(stage),
                    ns == RequestLatency.NOT_REACHED ? "-" : TimeText.micros(ns)));
            }
        }
        if (result.projections().invalidCount() > 0)
        {
            stdout.println(String.format(Locale.ROOT, "invalid excerpts in the window: %,d (listed on stderr)",
                result.projections().invalidCount()));
        }
    }

    private static long alerts(final ReplayResult result)
    {
        long alerts = 0;
        for (final Severity severity : Severity.values())
        {
            alerts += result.projections().kpis().alerts(severity);
        }
        return alerts;
    }
}

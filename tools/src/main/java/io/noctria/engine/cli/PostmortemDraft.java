package io.noctria.engine.cli;

import io.noctria.codecs.Decimals;
import io.noctria.codecs.sbe.Severity;
import io.noctria.replay.FinalState;
import io.noctria.replay.InvalidExcerpt;
import io.noctria.replay.Kpis;
import io.noctria.replay.LatencyStage;
import io.noctria.engine.core.OutboxEntry;
import io.noctria.replay.ReplayResult;
import io.noctria.replay.RequestLatency;
import io.noctria.replay.TraceLatency;
import io.noctria.replay.TraceTimeline;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders a postmortem draft in the platform's template (Summary, Timeline, Impact, Root cause, Detection &amp;
 * response, Actions, Follow-ups, Evidence, Lessons) as Markdown, pre-filled from a replayed window. Sections a
 * person must write carry {@value #HUMAN}. The text depends only on the journal window and the arguments:
 * no generation time, no host, no absolute path the user did not give.
 * <p>
 * This class lays the sections out; {@link PostmortemFacts} collects what the journal says and
 * {@link PostmortemFindings} what follows from it (signals, breached targets, pause history).
 */
final class PostmortemDraft
{
    /** Marks what the journal cannot know. */
    static final String HUMAN = "**HUMAN INPUT NEEDED**";
    /** The template's sections, in order. */
    static final String[] SECTIONS = {
        "Summary", "Timeline", "Impact", "Root cause", "Detection & response", "Actions", "Follow-ups", "Evidence",
        "Lessons" };

    private static final int MAX_TRACE_LINES = 200;
    private static final int MAX_INVALID_LISTED = 20;
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:+=@%,-]+");

    /** What the user asked for, as given (paths are printed as typed, so the draft does not depend on the cwd). */
    record Request(String dataDir, long fromNs, long toNs, String traceId, String outFile, String evidenceDir,
        boolean evidenceWritten, int maxTimeline)
    {
    }

    private final ReplayResult result;
    private final PostmortemFacts facts;
    private final ConfigInForce before;
    private final Request request;
    private final PostmortemFindings findings;
    private final StringBuilder md = new StringBuilder(32 * 1024);
    private int timelineShown;
    private int timelineElided;

    PostmortemDraft(final ReplayResult result, final PostmortemFacts facts, final ConfigInForce before,
        final Request request)
    {
        this.result = result;
        this.facts = facts;
        this.before = before;
        this.request = request;
        this.findings = new PostmortemFindings(result, facts);
    }

    /** @return the draft's Markdown. */
    String render()
    {
        md.setLength(0);
        header();
        summary();
        timeline();
        impact();
        rootCause();
        detectionAndResponse();
        actions();
        followUps();
        evidence();
        lessons();
        return md.toString();
    }

    /** @return timeline entries shown (after {@link #render}). */
    int timelineShown()
    {
        return timelineShown;
    }

    /** @return timeline entries elided by the cap (after {@link #render}). */
    int timelineElided()
    {
        return timelineElided;
    }

    private void header()
    {
        md.append("# Postmortem (draft): ").append(TimeText.utc(request.fromNs())).append(" to ")
            .append(TimeText.utc(request.toNs())).append("\n\n");
        md.append("> Draft pre-filled from the journal by `noctria postmortem`. Blameless: describe conditions and ")
            .append("decisions, not people.\n> Times are UTC (authoritative) with JST (UTC+09:00) alongside. ")
            .append("Everything not marked ").append(HUMAN).append(" is computed\n> from the journal and ")
            .append("reproducible with the commands under Evidence.\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| Window (UTC) | ").append(TimeText.utc(request.fromNs())).append(" to ")
            .append(TimeText.utc(request.toNs())).append(" (end exclusive) |\n");
        md.append("| Window (JST) | ").append(TimeText.jst(request.fromNs())).append(" to ")
            .append(TimeText.jst(request.toNs())).append(" |\n");
        md.append("| Trace | ").append(request.traceId() == null ? "all" : "`" + cell(request.traceId()) + "`").append(" |\n");
        md.append("| Severity | ").append(HUMAN).append(" (SEV-1: Do layer stopped or orders sent repeatedly; ")
            .append("SEV-2: order latency p95 > 2 s sustained; see the signals in Summary) |\n");
        md.append("| Status | Draft |\n");
        md.append("| Authors | ").append(HUMAN).append(" |\n\n");
    }

    private void summary()
    {
        final Kpis k = result.projections().kpis();
        section("Summary");
        md.append("From the journal:\n\n");
        md.append(String.format(Locale.ROOT, "- Window replayed: %s.%n", ReplaySummary.journalRange(result)));
        md.append(String.format(Locale.ROOT,
            "- Orders: %,d received, %,d sent to the broker, %,d fills; rejects: %,d by risk, %,d by the broker, " +
            "%,d inputs refused.%n", k.ordersReceived(), k.ordersSent(), k.fills(), k.riskRejected(), k.rejects(),
            k.inputsRejected()));
        md.append(String.format(Locale.ROOT, "- Engine: %d start(s), %d stop(s)%s.%n", count("EngineStarted"),
            count("EngineStopped"), facts.fatalStops > 0 ? ", **" + facts.fatalStops + " FATAL**" : ", none FATAL"));
        md.append("- Trading pause: ").append(findings.pauseSummary()).append(".\n");
        md.append(String.format(Locale.ROOT, "- Alerts: CRITICAL %,d, WARNING %,d, INFO %,d; reject bursts: %d.%n",
            k.alerts(Severity.CRITICAL), k.alerts(Severity.WARNING), k.alerts(Severity.INFO), facts.rejectBursts));
        md.append(String.format(Locale.ROOT, "- Realised PnL %s (max drawdown %s, win rate %s over %,d round trips).%n",
            Decimals.format(k.realizedPnl()), Decimals.format(k.maxDrawdown()), ReplaySummary.percent(k.winRate()),
            k.roundTrips()));
        md.append("- Severity signals: SEV-1 (Do layer stopped): ").append(facts.fatalStops > 0 ?
            "**yes**, EngineStopped FATAL in the window" : "no FATAL stop in the window");
        md.append("; orders sent more than once: ").append(findings.resentSummary());
        md.append("; SEV-2 (p95 > 2 s): ").append(findings.sev2Summary()).append(".\n");
        if (result.projections().invalidCount() > 0)
        {
            md.append(String.format(Locale.ROOT, "- **%,d invalid journal excerpt(s)** in the window (see Evidence).%n",
                result.projections().invalidCount()));
        }
        md.append('\n');
        human("what happened and its business impact, in two or three sentences; the severity.");
    }

    private void timeline()
    {
        section("Timeline");
        final List<PostmortemFacts.Entry> entries = facts.entries;
        final List<PostmortemFacts.Entry> shown = PostmortemFindings.capped(entries, request.maxTimeline());
        timelineShown = shown.size();
        timelineElided = entries.size() - shown.size();
        md.append(String.format(Locale.ROOT,
            "Notable events in journal order: engine starts and stops, policy loads, trading pause changes, operator " +
            "controls, every CRITICAL alert, operational alerts, reject bursts (>= %d rejects each within %s of the " +
            "previous) and invalid excerpts. %,d of %,d shown.%n%n", PostmortemFacts.BURST_MIN_REJECTS,
            TimeText.duration(PostmortemFacts.BURST_GAP_NS), shown.size(), entries.size()));
        entryTable(shown, "No notable event in the window.\n\n", "", "Event");
        if (timelineElided > 0)
        {
            md.append("Elided by the cap of ").append(request.maxTimeline()).append(" (`--max-timeline`): ")
                .append(PostmortemFindings.elidedCounts(entries, shown)).append(". Every event: `")
                .append(command("replay", "--out", request.evidenceDir())).append("` then `timeline.jsonl`.\n\n");
        }
        if (request.traceId() != null)
        {
            traceSection();
        }
        human("add what the journal cannot know: when people noticed, calls and decisions, external events " +
            "(broker status, market news), with times in UTC.");
    }

    private void traceSection()
    {
        md.append("### Trace `").append(cell(request.traceId())).append("`\n\n");
        final TraceTimeline timeline = result.projections().timeline();
        final TimelineText text = new TimelineText();
        final List<String> lines = new ArrayList<>();
        int events = 0;
        for (int i = 0, n = timeline.size(); i < n; i++)
        {
            if (request.traceId().equals(timeline.traceId(i)))
            {
                events++;
                if (lines.size() < MAX_TRACE_LINES)
                {
                    lines.add(text.line(timeline, i));
                }
            }
        }
        if (events == 0)
        {
            md.append("No event of this trace in the window.\n\n");
            return;
        }
        md.append(String.format(Locale.ROOT, "Every event of the trace in journal order (%,d events; index, UTC, JST, " +
            "type, key fields):%n%n", events));
        md.append("```text\n");
        for (final String line : lines)
        {
            md.append(line).append('\n');
        }
        if (events > lines.size())
        {
            md.append(String.format(Locale.ROOT, "... %,d more events: `%s`%n", events - lines.size(),
                command("replay", "--trace-id", request.traceId())));
        }
        md.append("```\n\n");
        md.append("Stage latency per request of the trace:\n\n");
        md.append("| Request (journal index) | Final state | Ingress (UTC) | ingress->decision | decision->sent | " +
            "sent->ack | ack->fill | ingress->final |\n|---|---|---|---|---|---|---|---|\n");
        for (final RequestLatency row : result.projections().latency().rows())
        {
            if (!request.traceId().equals(row.traceId()))
            {
                continue;
            }
            final FinalState state = row.finalState();
            md.append("| ").append(row.inputIndex()).append(" | ").append(state == null ? "open" : state.name())
                .append(" | ").append(TimeText.utc(row.ingressNs()));
            for (final LatencyStage stage : new LatencyStage[] { LatencyStage.INGRESS_TO_DECISION,
                LatencyStage.DECISION_TO_SENT, LatencyStage.SENT_TO_ACK, LatencyStage.ACK_TO_FILL,
                LatencyStage.INGRESS_TO_FINAL })
            {
                final long ns = row.durationNs(stage);
                md.append(" | ").append(ns == RequestLatency.NOT_REACHED ? "-" : TimeText.micros(ns));
            }
            md.append(" |\n");
        }
        md.append('\n');
    }

    private void impact()
    {
        final Kpis k = result.projections().kpis();
        final TraceLatency latency = result.projections().latency();
        section("Impact");
        md.append("KPIs of the window (definitions: docs/replay.md, the same as `kpis.json`). Orders recorded before ")
            .append("the window have their broker reports counted as unmatched and are left out of PnL and slippage; ")
            .append("PnL starts flat at the window's start.\n\n");
        md.append("| KPI | Value | Platform target |\n|---|---|---|\n");
        row("Orders received", String.format(Locale.ROOT, "%,d", k.ordersReceived()), "");
        row("Orders sent (broker requests incl. retries)", String.format(Locale.ROOT, "%,d (%,d)", k.ordersSent(),
            k.brokerRequests()), "");
        row("Duplicates suppressed", String.format(Locale.ROOT, "%,d", k.duplicatesSuppressed()), "");
        row("Fills (partial)", String.format(Locale.ROOT, "%,d (%,d)", k.fills(), k.partialFills()), "");
        row("Rejects: risk / broker / inputs refused", String.format(Locale.ROOT, "%,d / %,d / %,d", k.riskRejected(),
            k.rejects(), k.inputsRejected()), "");
        row("Risk: allow / clamp / shrink / reject", String.format(Locale.ROOT, "%,d / %,d / %,d / %,d",
            k.riskAllowed(), k.riskClamped(), k.riskShrunk(), k.riskRejected()), "");
        row("Risk decisions by rule", ReplaySummary.byRule(k), "");
        row("Quality: ok / scale / flat", String.format(Locale.ROOT, "%,d / %,d / %,d", k.qualityOk(), k.qualityScale(),
            k.qualityFlat()), "");
        row("Expired / canceled", String.format(Locale.ROOT, "%,d / %,d", k.expired(), k.canceled()), "");
        row("Broker error rate (errors / requests)", String.format(Locale.ROOT, "%s (%,d / %,d)",
            ReplaySummary.percent(k.brokerErrorRate()), k.brokerErrors(), k.brokerRequests()),
            "<= 1 %: " + status(k.brokerErrorRate() >= 0,
                k.brokerErrorRate() <= PostmortemFindings.TARGET_ERROR_RATE));
        for (final LatencyStage stage : new LatencyStage[] { LatencyStage.INGRESS_TO_SENT, LatencyStage.SENT_TO_ACK,
            LatencyStage.ACK_TO_FILL, LatencyStage.INGRESS_TO_FINAL })
        {
            final long count = latency.count(stage);
            final String value = count == 0 ? "- (no sample)" : String.format(Locale.ROOT,
                "%s / %s / %s (max %s, %,d samples)", TimeText.millis(latency.percentileNs(stage, 50.0)),
                TimeText.millis(latency.percentileNs(stage, 95.0)), TimeText.millis(latency.percentileNs(stage, 99.0)),
                TimeText.millis(latency.maxNs(stage)), count);
            final String target = stage == LatencyStage.INGRESS_TO_SENT ? "p95 <= 0.40 s: " +
                status(count > 0, latency.percentileNs(stage, 95.0) <= PostmortemFindings.TARGET_LATENCY_P95_NS) :
                "";
            row("Latency " + ReplaySummary.stageLabel(stage) + " p50 / p95 / p99", value, target);
        }
        final boolean slipped = k.slippageCount() > 0;
        row("Slippage p50 / p90 / max", slipped ? String.format(Locale.ROOT, "%s%% / %s%% / %s%% (%,d orders)",
            Decimals.format(k.slippagePct(500)), Decimals.format(k.slippagePct(900)),
            Decimals.format(k.slippagePct(1000)), k.slippageCount()) : "- (no order ended with a fill)",
            "p90 <= 0.30 %: " +
                status(slipped, slipped && k.slippagePct(900) <= PostmortemFindings.TARGET_SLIPPAGE_P90_PCT));
        row("Realised PnL (quote currency)", Decimals.format(k.realizedPnl()), "");
        row("Win rate (closed round trips)", String.format(Locale.ROOT, "%s (%,d)", ReplaySummary.percent(k.winRate()),
            k.roundTrips()), "");
        row("Max drawdown", Decimals.format(k.maxDrawdown()), "");
        row("Broker reports of orders recorded before the window", String.format(Locale.ROOT,
            "%,d (fills not attributed: %,d)", result.projections().outbox().unmatchedReports(), k.unattributedFills()), "");
        md.append('\n');
        human("who and what was affected outside the engine (strategies, accounts, money at risk), and for how long.");
    }

    private void rootCause()
    {
        section("Root cause");
        human("the causal chain (ask \"why?\" until the answer is a condition or a decision we can change), " +
            "blameless. Contributing factors, and why the safeguards did or did not stop it.");
        md.append("Pointers from the journal:\n\n");
        md.append("- First CRITICAL alert: ").append(findings.firstCritical()).append(".\n");
        md.append("- Configuration or policy changes in the window: ").append(facts.configEvents.isEmpty() ? "none" :
            facts.configEvents.size() + " (see Evidence)").append(".\n");
        md.append("- Engine stops in the window: ").append(facts.engineStops.isEmpty() ? "none" :
            findings.stopsList()).append(".\n\n");
    }

    private void detectionAndResponse()
    {
        section("Detection & response");
        md.append("### Alerts\n\n");
        md.append("| Severity | Count | By code |\n|---|---|---|\n");
        for (final String severity : new String[] { "CRITICAL", "WARNING", "INFO" })
        {
            final Map<String, Long> byCode = facts.alertsBySeverityAndCode.get(severity);
            final StringBuilder codes = new StringBuilder();
            if (byCode != null)
            {
                for (final Map.Entry<String, Long> code : byCode.entrySet())
                {
                    codes.append(codes.length() == 0 ? "" : ", ").append(code.getKey()).append(' ')
                        .append(String.format(Locale.ROOT, "%,d", code.getValue()));
                }
            }
            md.append("| ").append(severity.equals("CRITICAL") ? "**CRITICAL**" : severity).append(" | ")
                .append(String.format(Locale.ROOT, "%,d", facts.alerts(severity))).append(" | ")
                .append(codes.length() == 0 ? "-" : codes).append(" |\n");
        }
        md.append('\n');
        md.append("First CRITICAL alert: ").append(findings.firstCritical()).append(".\n\n");

        md.append("### Trading pause (kill switch)\n\n");
        if (facts.pauses.isEmpty())
        {
            md.append("Trading was not paused or resumed in the window.\n\n");
        }
        else
        {
            md.append("| UTC | JST | Change | Source | Operator | Reason | Journal index |\n")
                .append("|---|---|---|---|---|---|---|\n");
            for (final PostmortemFacts.PauseChange pause : facts.pauses)
            {
                md.append("| ").append(TimeText.utc(pause.timeNs())).append(" | ").append(TimeText.jst(pause.timeNs()))
                    .append(" | ").append(pause.paused() ? "**PAUSE ON**" : "**PAUSE OFF**").append(" | ")
                    .append(pause.source()).append(" | ").append(cell(pause.operator().isEmpty() ? "-" : pause.operator()))
                    .append(" | ").append(cell(pause.reason())).append(" | ").append(pause.index()).append(" |\n");
            }
            md.append('\n');
            md.append("- Time to pause: ").append(findings.timeToPause()).append(".\n");
            for (final String interval : findings.pausedIntervals())
            {
                md.append("- ").append(interval).append(".\n");
            }
            md.append('\n');
        }
        human("how the problem was detected (alert, dashboard, a person) and when; time to detect, to pause and to " +
            "recover; what helped and what slowed the response.");
    }

    private void actions()
    {
        section("Actions");
        entryTable(facts.controls, "No operator control was journaled in the window.\n\n",
            "Operator controls journaled in the window:\n\n", "Control");
        human("actions taken outside the engine (broker calls, restarts, config or policy changes, positions " +
            "closed), with times in UTC and who decided.");
    }

    private void followUps()
    {
        section("Follow-ups");
        md.append("Signals in the data worth a follow-up:\n\n");
        final List<String> signals = findings.signals();
        if (signals.isEmpty())
        {
            md.append("- none: no platform target breached, no FATAL stop, no invalid excerpt in the window.\n");
        }
        for (final String signal : signals)
        {
            md.append("- ").append(signal).append('\n');
        }
        md.append('\n');
        md.append("| # | Follow-up | Owner | Due | Ticket |\n|---|---|---|---|---|\n");
        md.append("| 1 | ").append(HUMAN).append(" | | | |\n\n");
    }

    private void evidence()
    {
        section("Evidence");
        md.append("### Configuration in force\n\n");
        md.append("| Since (UTC) | Event | Journal index | Config sha256 | Policy sha256 | Detail |\n")
            .append("|---|---|---|---|---|---|\n");
        boolean any = false;
        if (before.engine() != null)
        {
            configRow(before.engine(), "before the window: ");
            any = true;
        }
        if (before.policy() != null)
        {
            configRow(before.policy(), "before the window: ");
            any = true;
        }
        for (final PostmortemFacts.ConfigEvent event : facts.configEvents)
        {
            configRow(event, "");
            any = true;
        }
        if (!any)
        {
            md.append("| - | no EngineStarted or PolicyLoaded in or before the window | | | | |\n");
        }
        md.append('\n');

        md.append("### Journal\n\n");
        md.append("- Data directory: `").append(request.dataDir()).append("` (journal read read-only).\n");
        md.append("- Window: [").append(TimeText.utc(request.fromNs())).append(", ").append(TimeText.utc(request.toNs()))
            .append(") by message time (ingress stamp of inputs, tsNs of events).\n");
        md.append("- Journal: ").append(ReplaySummary.journalRange(result)).append(".\n");
        md.append(String.format(Locale.ROOT, "- Invalid excerpts: %,d", result.projections().invalidCount()));
        final List<InvalidExcerpt> invalid = result.projections().invalidExcerpts();
        if (!invalid.isEmpty())
        {
            md.append(" (");
            for (int i = 0; i < Math.min(MAX_INVALID_LISTED, invalid.size()); i++)
            {
                md.append(i == 0 ? "" : "; ").append(invalid.get(i).index()).append(' ').append(invalid.get(i).error());
            }
            md.append(invalid.size() > MAX_INVALID_LISTED ? "; ..." : "").append(')');
        }
        md.append(".\n");
        if (request.evidenceWritten())
        {
            md.append("- Report files of the window (kpis.json, outbox.jsonl, timeline.jsonl, trace_latency.jsonl, ")
                .append("latency.hgrm) written with this draft to `").append(request.evidenceDir()).append("`.\n");
        }
        md.append('\n');
        md.append("| Message type | Count |\n|---|---|\n");
        for (final Map.Entry<String, Long> count : facts.messageCounts.entrySet())
        {
            md.append("| ").append(count.getKey()).append(" | ")
                .append(String.format(Locale.ROOT, "%,d", count.getValue())).append(" |\n");
        }
        md.append('\n');

        md.append("### Reproduce\n\n```sh\n");
        md.append(command("replay", "--out", request.evidenceDir())).append('\n');
        md.append(command("replay")).append('\n');
        if (request.traceId() != null)
        {
            md.append(command("replay", "--trace-id", request.traceId())).append('\n');
        }
        md.append("noctria --data-dir ").append(shell(request.dataDir())).append(" tail --from-time ")
            .append(TimeText.utc(request.fromNs())).append(" --format json\n");
        if (request.traceId() == null)
        {
            md.append(command("postmortem", "--out", request.outFile())).append('\n');
        }
        else
        {
            md.append(command("postmortem", "--trace-id", request.traceId(), "--out", request.outFile())).append('\n');
        }
        md.append("```\n\n");
        human("other evidence: dashboards, broker statements, chat logs, recent deployments and config changes.");
    }

    private void lessons()
    {
        section("Lessons");
        human("what went well, what went wrong, where we got lucky.");
    }

    private void section(final String name)
    {
        md.append("## ").append(name).append("\n\n");
    }

    private void human(final String what)
    {
        md.append("> ").append(HUMAN).append(": ").append(what).append("\n\n");
    }

    private void row(final String kpi, final String value, final String target)
    {
        md.append("| ").append(cell(kpi)).append(" | ").append(cell(value)).append(" | ").append(cell(target))
            .append(" |\n");
    }

    /** One timeline or control entry: {@code | UTC | JST | text | journal index |}. */
    /**
     * A table of journal entries (time, what, journal index) after {@code intro}, or {@code none} alone when there
     * are none; {@code column} names what the entries are.
     */
    private void entryTable(final List<PostmortemFacts.Entry> entries, final String none, final String intro,
        final String column)
    {
        if (entries.isEmpty())
        {
            md.append(none);
            return;
        }
        md.append(intro).append("| UTC | JST | ").append(column).append(" | Journal index |\n|---|---|---|---|\n");
        for (final PostmortemFacts.Entry entry : entries)
        {
            entryRow(entry);
        }
        md.append('\n');
    }

    private void entryRow(final PostmortemFacts.Entry entry)
    {
        md.append("| ").append(TimeText.utc(entry.timeNs())).append(" | ").append(TimeText.jst(entry.timeNs()))
            .append(" | ").append(cell(entry.text())).append(" | ").append(entry.index()).append(" |\n");
    }

    private void configRow(final PostmortemFacts.ConfigEvent event, final String prefix)
    {
        md.append("| ").append(prefix).append(TimeText.utc(event.timeNs())).append(" | ").append(event.type())
            .append(" | ").append(event.index()).append(" | ")
            .append(event.configHash() == null ? "-" : "`" + event.configHash() + "`").append(" | `")
            .append(event.policyHash()).append("` | ").append(cell(event.detail())).append(" |\n");
    }

    private String command(final String name, final String... extra)
    {
        final StringBuilder text = new StringBuilder("noctria --data-dir ").append(shell(request.dataDir())).append(' ')
            .append(name).append(" --from ").append(TimeText.utc(request.fromNs())).append(" --to ")
            .append(TimeText.utc(request.toNs()));
        for (final String arg : extra)
        {
            text.append(' ').append(shell(arg));
        }
        return text.toString();
    }

    private long count(final String type)
    {
        final Long count = facts.messageCounts.get(type);
        return count == null ? 0 : count;
    }

    private static String status(final boolean measured, final boolean within)
    {
        return !measured ? "no data" : within ? "met" : "**BREACHED**";
    }

    /** @return text safe inside a Markdown table cell: one line, pipes escaped. */
    private static String cell(final String text)
    {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    /** @return the argument as typed, single-quoted for the shell when it needs it. */
    private static String shell(final String arg)
    {
        return SHELL_SAFE.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}

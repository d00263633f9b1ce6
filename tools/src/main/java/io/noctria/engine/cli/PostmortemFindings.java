package io.noctria.engine.cli;

import io.noctria.codecs.Decimals;
import io.noctria.replay.Kpis;
import io.noctria.replay.LatencyStage;
import io.noctria.engine.core.OutboxEntry;
import io.noctria.replay.ReplayResult;
import io.noctria.replay.TraceLatency;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a postmortem concludes from a replayed window before a person reads it: the pause history, resent orders,
 * the severity signals, breached platform targets and which timeline entries fit the cap. Each answer is one
 * line of text that {@link PostmortemDraft} places in its sections; the draft only lays them out.
 */
final class PostmortemFindings
{
    /** The platform's production targets (domain brief): p95 order latency, p90 slippage, broker error rate. */
    static final long TARGET_LATENCY_P95_NS = 400_000_000L;
    static final long TARGET_SLIPPAGE_P90_PCT = 300_000L;
    static final long TARGET_ERROR_RATE = 10_000L;
    /** SEV-2: order latency p95 above 2 s. */
    static final long SEV2_LATENCY_P95_NS = 2_000_000_000L;

    private final ReplayResult result;
    private final PostmortemFacts facts;

    PostmortemFindings(final ReplayResult result, final PostmortemFacts facts)
    {
        this.result = result;
        this.facts = facts;
    }

    /** @return when the first CRITICAL alert came and its journal index, or that there was none. */
    String firstCritical()
    {
        return facts.firstCriticalIndex < 0 ? "none in the window" : TimeText.utc(facts.firstCriticalNs) + " (" +
            TimeText.jst(facts.firstCriticalNs) + "), journal index " + facts.firstCriticalIndex;
    }

    String pauseSummary()
    {
        if (facts.pauses.isEmpty())
        {
            return "not paused or resumed in the window";
        }
        final StringBuilder text = new StringBuilder();
        for (final PostmortemFacts.PauseChange pause : facts.pauses)
        {
            text.append(text.length() == 0 ? "" : "; ").append(pause.paused() ? "ON" : "OFF").append(" at ")
                .append(TimeText.utc(pause.timeNs())).append(" by ").append(pause.operator().isEmpty() ? pause.source() :
                pause.operator()).append(" (").append(pause.reason()).append(')');
        }
        return text.toString();
    }

    String resentSummary()
    {
        long keys = 0;
        long maxSends = 0;
        for (final OutboxEntry entry : result.projections().outbox().entries())
        {
            if (entry.sends() > 1)
            {
                keys++;
                maxSends = Math.max(maxSends, entry.sends());
            }
        }
        return keys == 0 ? "none" : String.format(Locale.ROOT,
            "%,d key(s), at most %d sends, each a retry with the same ClOrdID after a SendFailed (check if unexpected)",
            keys, maxSends);
    }

    String sev2Summary()
    {
        final TraceLatency latency = result.projections().latency();
        if (latency.count(LatencyStage.INGRESS_TO_SENT) == 0)
        {
            return "no order sent";
        }
        final long p95 = latency.percentileNs(LatencyStage.INGRESS_TO_SENT, 95.0);
        return "ingress->sent p95 " + TimeText.millis(p95) + (p95 > SEV2_LATENCY_P95_NS ? " (**above 2 s**)" : " (below 2 s)");
    }

    String timeToPause()
    {
        PostmortemFacts.PauseChange firstOn = null;
        for (final PostmortemFacts.PauseChange pause : facts.pauses)
        {
            if (pause.paused())
            {
                firstOn = pause;
                break;
            }
        }
        if (firstOn == null)
        {
            return "no pause ON in the window";
        }
        if (facts.firstCriticalIndex < 0 || facts.firstCriticalIndex > firstOn.index())
        {
            return "no CRITICAL alert before the first pause ON (" + TimeText.utc(firstOn.timeNs()) + ")";
        }
        return "first CRITICAL alert at " + TimeText.utc(facts.firstCriticalNs) + " to pause ON at " +
            TimeText.utc(firstOn.timeNs()) + ": " + TimeText.duration(firstOn.timeNs() - facts.firstCriticalNs);
    }

    List<String> pausedIntervals()
    {
        final List<String> intervals = new ArrayList<>();
        PostmortemFacts.PauseChange on = null;
        for (final PostmortemFacts.PauseChange pause : facts.pauses)
        {
            if (pause.paused() && on == null)
            {
                on = pause;
            }
            else if (!pause.paused() && on != null)
            {
                intervals.add("Paused " + TimeText.utc(on.timeNs()) + " to " + TimeText.utc(pause.timeNs()) + ": " +
                    TimeText.duration(pause.timeNs() - on.timeNs()) + " (on by " + who(on) + ", off by " + who(pause) + ")");
                on = null;
            }
            else if (!pause.paused())
            {
                intervals.add("Resumed at " + TimeText.utc(pause.timeNs()) + " by " + who(pause) +
                    ": paused since before the window");
            }
        }
        if (on != null)
        {
            intervals.add("**Still paused at the window's end** (on since " + TimeText.utc(on.timeNs()) + " by " +
                who(on) + ")");
        }
        return intervals;
    }

    private static String who(final PostmortemFacts.PauseChange pause)
    {
        return pause.operator().isEmpty() ? pause.source() : pause.operator() + " (" + pause.source() + ")";
    }

    String stopsList()
    {
        final StringBuilder text = new StringBuilder();
        for (final PostmortemFacts.Entry stop : facts.engineStops)
        {
            text.append(text.length() == 0 ? "" : "; ").append(TimeText.utc(stop.timeNs())).append(' ')
                .append(stop.text().replace("**", ""));
        }
        return text.toString();
    }

    List<String> signals()
    {
        final Kpis k = result.projections().kpis();
        final TraceLatency latency = result.projections().latency();
        final List<String> signals = new ArrayList<>();
        if (facts.fatalStops > 0)
        {
            signals.add("The engine stopped FATAL " + facts.fatalStops + " time(s): " + stopsList());
        }
        if (k.brokerErrorRate() > TARGET_ERROR_RATE)
        {
            signals.add("Broker error rate " + ReplaySummary.percent(k.brokerErrorRate()) + " is above the 1 % target");
        }
        if (latency.count(LatencyStage.INGRESS_TO_SENT) > 0 &&
            latency.percentileNs(LatencyStage.INGRESS_TO_SENT, 95.0) > TARGET_LATENCY_P95_NS)
        {
            signals.add("Order latency ingress->sent p95 " + TimeText.millis(latency.percentileNs(LatencyStage.INGRESS_TO_SENT, 95.0)) +
                " is above the 0.40 s target");
        }
        if (k.slippageCount() > 0 && k.slippagePct(900) > TARGET_SLIPPAGE_P90_PCT)
        {
            signals.add("Slippage p90 " + Decimals.format(k.slippagePct(900)) + "% is above the 0.30 % target");
        }
        if (result.projections().invalidCount() > 0)
        {
            signals.add(String.format(Locale.ROOT, "%,d invalid journal excerpt(s): find how they were written",
                result.projections().invalidCount()));
        }
        return signals;
    }

    /** Keeps the most important entries within the cap (by kind, then journal order), shown in journal order. */
    static List<PostmortemFacts.Entry> capped(final List<PostmortemFacts.Entry> entries, final int cap)
    {
        if (entries.size() <= cap)
        {
            return entries;
        }
        final List<PostmortemFacts.Entry> byImportance = new ArrayList<>(entries);
        byImportance.sort((a, b) -> a.kind() != b.kind() ? a.kind().compareTo(b.kind()) : Long.compare(a.index(), b.index()));
        final List<PostmortemFacts.Entry> kept = new ArrayList<>(byImportance.subList(0, cap));
        kept.sort((a, b) -> Long.compare(a.index(), b.index()));
        return kept;
    }

    static String elidedCounts(final List<PostmortemFacts.Entry> all, final List<PostmortemFacts.Entry> shown)
    {
        final Map<PostmortemFacts.Kind, Integer> counts = new EnumMap<>(PostmortemFacts.Kind.class);
        for (final PostmortemFacts.Entry entry : all)
        {
            counts.merge(entry.kind(), 1, Integer::sum);
        }
        for (final PostmortemFacts.Entry entry : shown)
        {
            counts.merge(entry.kind(), -1, Integer::sum);
        }
        final StringBuilder text = new StringBuilder();
        for (final Map.Entry<PostmortemFacts.Kind, Integer> count : counts.entrySet())
        {
            if (count.getValue() > 0)
            {
                text.append(text.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,d", count.getValue()))
                    .append(' ').append(count.getKey().label());
            }
        }
        return text.toString();
    }
}

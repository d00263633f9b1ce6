package io.noctria.engine.cli;

import io.noctria.codecs.Decimals;
import io.noctria.codecs.sbe.RiskRule;
import io.noctria.codecs.sbe.Severity;
import io.noctria.replay.Kpis;
import io.noctria.replay.LatencyStage;
import io.noctria.replay.Projections;
import io.noctria.replay.ReplayResult;
import io.noctria.replay.TraceLatency;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The KPI summary {@code noctria replay} prints without {@code --out}: the window, the journal range, then the
 * same numbers as {@code kpis.json} (and as {@code run}'s summary) laid out for reading. Depends only on the
 * replay result, so the same journal and window print the same text.
 */
final class ReplaySummary
{
    private static final LatencyStage[] STAGES = {
        LatencyStage.INGRESS_TO_SENT, LatencyStage.SENT_TO_ACK, LatencyStage.ACK_TO_FILL, LatencyStage.INGRESS_TO_FINAL };

    private final ReplayResult result;

    ReplaySummary(final ReplayResult result)
    {
        this.result = result;
    }

    void print(final PrintWriter out)
    {
        final Kpis k = result.projections().kpis();
        out.println("== Noctria replay ==");
        out.println("window                  " + window(result));
        out.println("journal                 " + journalRange(result));
        out.printf(Locale.ROOT, "orders received         %,d%n", k.ordersReceived());
        out.printf(Locale.ROOT, "inputs rejected         %,d%n", k.inputsRejected());
        out.printf(Locale.ROOT, "duplicates suppressed   %,d%n", k.duplicatesSuppressed());
        out.printf(Locale.ROOT, "quality gate            ok %,d | scale %,d | flat %,d%n", k.qualityOk(), k.qualityScale(),
            k.qualityFlat());
        out.printf(Locale.ROOT, "risk gate               allow %,d | clamp %,d | shrink %,d | reject %,d | scaled %,d%n",
            k.riskAllowed(), k.riskClamped(), k.riskShrunk(), k.riskRejected(), k.riskScaled());
        out.println("  by rule               " + byRule(k));
        out.printf(Locale.ROOT, "orders sent             %,d   (broker requests incl. retries %,d, errors %,d, error rate %s)%n",
            k.ordersSent(), k.brokerRequests(), k.brokerErrors(), percent(k.brokerErrorRate()));
        out.printf(Locale.ROOT, "broker                  acks %,d | fills %,d (partial %,d) | rejects %,d | expired %,d | canceled %,d%n",
            k.acks(), k.fills(), k.partialFills(), k.rejects(), k.expired(), k.canceled());
        out.printf(Locale.ROOT, "alerts                  info %,d | warning %,d | critical %,d%n",
            k.alerts(Severity.INFO), k.alerts(Severity.WARNING), k.alerts(Severity.CRITICAL));
        out.printf(Locale.ROOT, "realised PnL            %s (round trips %,d, win rate %s, max drawdown %s)%n",
            Decimals.format(k.realizedPnl()), k.roundTrips(), percent(k.winRate()), Decimals.format(k.maxDrawdown()));
        out.println("slippage                " + slippage(k));
        final TraceLatency latency = result.projections().latency();
        out.println("latency (us)            count | p50 | p90 | p95 | p99 | p99.9 | max");
        for (final LatencyStage stage : STAGES)
        {
            out.printf(Locale.ROOT, "  %-21s %s%n", stageLabel(stage), latencyLine(latency, stage));
        }
        out.printf(Locale.ROOT, "invalid excerpts        %,d%n", result.projections().invalidCount());
    }

    /** @return {@code [from, to)} in UTC with JST alongside, or that it is the whole journal. */
    static String window(final ReplayResult result)
    {
        if (result.afterIndex() >= 0)
        {
            return "journal after index " + result.afterIndex();
        }
        if (result.fromNs() == ReplayResult.OPEN && result.toNs() == ReplayResult.OPEN)
        {
            return "whole journal";
        }
        return "[" + bound(result.fromNs(), "start") + ", " + bound(result.toNs(), "end") + ")";
    }

    /** @return {@code index A..B (hex), N excerpts}. */
    static String journalRange(final ReplayResult result)
    {
        final Projections projections = result.projections();
        if (projections.excerpts() == 0)
        {
            return "no excerpts in the window";
        }
        return String.format(Locale.ROOT, "index %d..%d (0x%x..0x%x), %,d excerpts", projections.firstIndex(),
            projections.lastIndex(), projections.firstIndex(), projections.lastIndex(), projections.excerpts());
    }

    /** @return e.g. {@code ingress->sent}. */
    static String stageLabel(final LatencyStage stage)
    {
        return stage.jsonName().replace("_to_", "->");
    }

    /** A fixed-point ratio (scale 10^6) as a percentage, or "-" when undefined. */
    static String percent(final long ratio)
    {
        return ratio < 0 ? "-" : Decimals.format(ratio * 100) + "%";
    }

    static String byRule(final Kpis k)
    {
        return byRule(k, false);
    }

    /** @return {@code RULE n, ...} for the rules that decided anything (names in lower case if asked), or "-". */
    static String byRule(final Kpis k, final boolean lowerCase)
    {
        final StringBuilder rules = new StringBuilder();
        for (final RiskRule rule : RiskRule.values())
        {
            if (rule == RiskRule.NULL_VAL || rule == RiskRule.NONE)
            {
                continue;
            }
            final long count = k.riskByRule(rule);
            if (count > 0)
            {
                rules.append(rules.length() == 0 ? "" : ", ").append(lowerCase ? rule.name().toLowerCase(Locale.ROOT) : rule.name())
                    .append(' ').append(String.format(Locale.ROOT, "%,d", count));
            }
        }
        return rules.length() == 0 ? "-" : rules.toString();
    }

    static String slippage(final Kpis k)
    {
        if (k.slippageCount() == 0)
        {
            return "- (no order ended with a fill)";
        }
        return String.format(Locale.ROOT, "p50 %s%% | p90 %s%% | max %s%%   (%,d orders)",
            Decimals.format(k.slippagePct(500)), Decimals.format(k.slippagePct(900)),
            Decimals.format(k.slippagePct(1000)), k.slippageCount());
    }

    private static String latencyLine(final TraceLatency latency, final LatencyStage stage)
    {
        final long count = latency.count(stage);
        if (count == 0)
        {
            return "0 | - | - | - | - | - | -";
        }
        return String.format(Locale.ROOT, "%,d | %s | %s | %s | %s | %s | %s", count,
            us(latency.percentileNs(stage, 50.0)), us(latency.percentileNs(stage, 90.0)),
            us(latency.percentileNs(stage, 95.0)), us(latency.percentileNs(stage, 99.0)),
            us(latency.percentileNs(stage, 99.9)), us(latency.maxNs(stage)));
    }

    private static String us(final long ns)
    {
        return String.format(Locale.ROOT, "%d.%03d", ns / 1_000, ns % 1_000);
    }

    private static String bound(final long ns, final String open)
    {
        return ns == ReplayResult.OPEN ? open : TimeText.utc(ns) + " (" + TimeText.jst(ns) + ")";
    }
}

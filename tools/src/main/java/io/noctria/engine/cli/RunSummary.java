package io.noctria.engine.cli;

import io.noctria.codecs.Decimals;
import io.noctria.codecs.sbe.Severity;
import io.noctria.replay.Kpis;
import io.noctria.replay.LatencyStage;
import io.noctria.replay.ReplayResult;
import io.noctria.replay.TraceLatency;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The end-of-run summary for a trader: what came in, what the gates did, what the broker did, how
 * fast. Computed by the replay projections over this run's part of the journal, the same code
 * {@code noctria replay} runs.
 *
 * @param result            the replay of this run's part of the journal.
 * @param requestsGenerated order requests the demo generated.
 * @param engineElapsedNs   time the engine took, wall clock.
 * @param totalElapsedNs    the same with the generation of the requests.
 */
record RunSummary(ReplayResult result, long requestsGenerated, long engineElapsedNs, long totalElapsedNs)
{
    void print(final PrintWriter out)
    {
        final Kpis k = result.projections().kpis();
        final TraceLatency latency = k.latency();
        out.println("== Noctria demo run ==");
        out.printf(Locale.ROOT, "requests generated      %,d%n", requestsGenerated);
        out.printf(Locale.ROOT, "orders received         %,d%n", k.ordersReceived());
        out.printf(Locale.ROOT, "inputs rejected         %,d   (malformed or invalid input, with reason codes)%n", k.inputsRejected());
        out.printf(Locale.ROOT, "duplicates suppressed   %,d   (same idempotency key: never re-sent)%n", k.duplicatesSuppressed());
        out.printf(Locale.ROOT, "quality gate            ok %,d | scale %,d | flat %,d%n", k.qualityOk(), k.qualityScale(), k.qualityFlat());
        out.printf(Locale.ROOT, "risk gate               allow %,d | clamp %,d | shrink %,d | reject %,d%n",
            k.riskAllowed(), k.riskClamped(), k.riskShrunk(), k.riskRejected());
        out.println("  by rule               " + ReplaySummary.byRule(k, true));
        out.printf(Locale.ROOT, "orders sent             %,d   (broker requests incl. retries %,d, errors %,d, error rate %s)%n",
            k.ordersSent(), k.brokerRequests(), k.brokerErrors(), ReplaySummary.percent(k.brokerErrorRate()));
        out.printf(Locale.ROOT, "broker                  acks %,d | fills %,d (partial %,d) | rejects %,d | expired %,d | canceled %,d%n",
            k.acks(), k.fills(), k.partialFills(), k.rejects(), k.expired(), k.canceled());
        out.printf(Locale.ROOT, "alerts                  info %,d | warning %,d | critical %,d%n",
            k.alerts(Severity.INFO), k.alerts(Severity.WARNING), k.alerts(Severity.CRITICAL));
        out.printf(Locale.ROOT, "realised PnL            %s (round trips %,d, win rate %s, max drawdown %s)%n",
            Decimals.format(k.realizedPnl()), k.roundTrips(), ReplaySummary.percent(k.winRate()), Decimals.format(k.maxDrawdown()));
        if (k.slippageCount() > 0)
        {
            out.printf(Locale.ROOT, "slippage                p50 %s%% | p90 %s%% | max %s%%%n",
                Decimals.format(k.slippagePct(500)), Decimals.format(k.slippagePct(900)), Decimals.format(k.slippagePct(1000)));
        }
        if (latency.count(LatencyStage.INGRESS_TO_SENT) > 0)
        {
            out.printf(Locale.ROOT, "ingress->sent latency   p50 %s | p99 %s | p99.9 %s | max %s   (%,d orders)%n",
                micros(latency.percentileNs(LatencyStage.INGRESS_TO_SENT, 50.0)),
                micros(latency.percentileNs(LatencyStage.INGRESS_TO_SENT, 99.0)),
                micros(latency.percentileNs(LatencyStage.INGRESS_TO_SENT, 99.9)),
                micros(latency.maxNs(LatencyStage.INGRESS_TO_SENT)),
                latency.count(LatencyStage.INGRESS_TO_SENT));
        }
        final double seconds = engineElapsedNs / 1e9;
        out.printf(Locale.ROOT, "elapsed                 %.3f s in the engine (%.3f s with generation), %,.0f inputs/s%n",
            seconds, totalElapsedNs / 1e9, seconds > 0 ? k.ordersReceived() / seconds : 0.0);
        if (result.projections().invalidCount() > 0)
        {
            out.printf(Locale.ROOT, "journal                 %,d invalid excerpt(s) - see `noctria tail`%n", result.projections().invalidCount());
        }
    }

    private static String micros(final long ns)
    {
        return String.format(Locale.ROOT, "%.1f us", ns / 1000.0);
    }
}

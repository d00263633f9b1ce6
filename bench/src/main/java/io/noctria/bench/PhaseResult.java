package io.noctria.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one harness phase (or of several rounds of it, merged): the latency distribution
 * (intended send time → broker hand-off, measured window only) and how well the pipeline kept up.
 *
 * @param name         the phase's label in the output (JSON key, .hgrm file).
 * @param rate         intended requests per second.
 * @param seconds      measured seconds (all rounds').
 * @param latency      intended send time → broker hand-off of each measured request, ns.
 * @param injectLag    how late requests were injected (injection time − intended time), ns.
 * @param requests     requests whose intended time fell in the measured window.
 * @param requestsDone of those, requests the business thread finished (all of them unless the run timed out).
 * @param achievedRate requests done per second of the measured window.
 * @param completed    every measured request was done before the deadline.
 * @param reports      broker reports that went through the ring.
 * @param retries      orders no measured request caused directly (sends after a SendFailed).
 * @param usage        what the window cost the JVM and the machine (+ drain).
 */
record PhaseResult(
    String name,
    long rate,
    int seconds,
    Histogram latency,
    Histogram injectLag,
    long requests,
    long requestsDone,
    double achievedRate,
    boolean completed,
    long reports,
    long retries,
    WindowUsage usage)
{
    /** Rounds of one phase merged: histograms added, counts summed, rates and CPU shares averaged. */
    static PhaseResult merge(final List<PhaseResult> rounds)
    {
        final PhaseResult first = rounds.get(0);
        if (rounds.size() == 1)
        {
            return first;
        }
        final Histogram latency = first.latency.copy();
        final Histogram injectLag = first.injectLag.copy();
        final List<WindowUsage> usages = new ArrayList<>();
        boolean completed = true;
        for (final PhaseResult round : rounds)
        {
            if (round != first)
            {
                latency.add(round.latency);
                injectLag.add(round.injectLag);
            }
            completed &= round.completed;
            usages.add(round.usage);
        }
        return new PhaseResult(first.name, first.rate, first.seconds * rounds.size(), latency, injectLag,
            Rounds.sum(rounds, PhaseResult::requests), Rounds.sum(rounds, PhaseResult::requestsDone),
            Rounds.mean(rounds, PhaseResult::achievedRate), completed, Rounds.sum(rounds, PhaseResult::reports),
            Rounds.sum(rounds, PhaseResult::retries), WindowUsage.merge(usages));
    }

    /** @return measured requests whose OrderSent reached the broker side (the histogram's count). */
    long count()
    {
        return latency.getTotalCount();
    }

    double percentileUs(final double percentile)
    {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxUs()
    {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0;
    }

    /** Heap bytes both pipeline threads allocated per measured request (NaN when unknown). */
    double allocBytesPerRequest()
    {
        return usage.logicAllocBytes() < 0 || usage.ingressAllocBytes() < 0 || requestsDone == 0 ? Double.NaN :
            (double)(usage.logicAllocBytes() + usage.ingressAllocBytes()) / requestsDone;
    }

    double injectLagP99Us()
    {
        return injectLag.getTotalCount() == 0 ? Double.NaN : injectLag.getValueAtPercentile(99.0) / 1000.0;
    }

    /** Achieved at least {@code fraction} of the target rate and finished in time. */
    boolean keptUp(final double fraction)
    {
        return completed && achievedRate >= fraction * rate;
    }

    void writeJson(final JsonGenerator json) throws IOException
    {
        json.writeStartObject();
        json.writeNumberField("count", count());
        number(json, "p50_us", percentileUs(50.0));
        number(json, "p90_us", percentileUs(90.0));
        number(json, "p99_us", percentileUs(99.0));
        number(json, "p999_us", percentileUs(99.9));
        number(json, "p9999_us", percentileUs(99.99));
        number(json, "max_us", maxUs());
        json.writeNumberField("achieved_rate", Math.round(achievedRate));
        json.writeNumberField("requests", requests);
        json.writeNumberField("not_sent", requests - count());
        json.writeBooleanField("completed", completed);
        number(json, "inject_lag_p99_us", injectLagP99Us());
        json.writeNumberField("broker_reports", reports);
        json.writeNumberField("send_retries", retries);
        json.writeNumberField("gc_count", usage.gcCount());
        json.writeNumberField("gc_ms", usage.gcTimeMs());
        number(json, "logic_thread_cpu", usage.logicCpu());
        number(json, "ingress_thread_cpu", usage.ingressCpu());
        number(json, "other_processes_cpu", usage.otherCpu());
        json.writeNumberField("logic_thread_alloc_bytes", usage.logicAllocBytes());
        json.writeNumberField("ingress_thread_alloc_bytes", usage.ingressAllocBytes());
        json.writeNumberField("logic_thread_page_faults", usage.logicPageFaults());
        json.writeNumberField("logic_thread_system_ms", usage.logicSystemMs());
        number(json, "alloc_bytes_per_request", allocBytesPerRequest());
        json.writeEndObject();
    }

    void printText(final PrintStream out)
    {
        out.printf("%-11s rate %,9d/s  count %,10d  p50 %9.1f  p90 %9.1f  p99 %9.1f  p99.9 %9.1f  p99.99 %9.1f  " +
                "max %10.1f us  achieved %,9.0f/s%s  inject-lag p99 %.1f us  gc %d (%d ms)  cpu logic %.0f%% " +
                "ingress %.0f%%  other procs %.0f%%  alloc %.3f B/request%n",
            name, rate, count(), percentileUs(50), percentileUs(90), percentileUs(99), percentileUs(99.9),
            percentileUs(99.99), maxUs(), achievedRate, completed ? "" : " (INCOMPLETE)", injectLagP99Us(),
            usage.gcCount(), usage.gcTimeMs(), 100 * usage.logicCpu(), 100 * usage.ingressCpu(), 100 * usage.otherCpu(),
            allocBytesPerRequest());
    }

    static void number(final JsonGenerator json, final String name, final double value) throws IOException
    {
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            json.writeNullField(name);
        }
        else
        {
            json.writeNumberField(name, Math.round(value * 1000.0) / 1000.0);
        }
    }
}

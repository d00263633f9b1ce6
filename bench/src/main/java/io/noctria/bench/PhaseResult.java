package io.noctria.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * The outcome of one harness phase (or of several rounds of it, merged): the latency distribution
 * (intended send time → broker hand-off, measured window only) and how well the pipeline kept up.
 */
final class PhaseResult
{
    final String name;
    final long rate;
    final int seconds;
    final Histogram latency;
    final Histogram injectLag;
    /** Requests whose intended time fell in the measured window. */
    final long requests;
    /** Of those, requests the business thread finished (all of them unless the run timed out). */
    final long requestsDone;
    /** Measured requests whose OrderSent reached the broker side (the histogram's count). */
    final long count;
    final double achievedRate;
    final boolean completed;
    final long gcCount;
    final long gcTimeMs;
    final long reports;
    final long retries;
    /** Share of one core the business thread used during the measured window (+ drain). */
    final double logicCpu;
    /** Share of one core the ingress/broker thread used. */
    final double ingressCpu;
    /** Share of all cores used by other processes meanwhile (shared machine). */
    final double otherCpu;
    /** Heap bytes the business thread allocated during the measured window (+ drain). */
    final long logicAllocBytes;
    /** Heap bytes the ingress/broker thread allocated meanwhile. */
    final long ingressAllocBytes;

    PhaseResult(
        final String name,
        final long rate,
        final int seconds,
        final Histogram latency,
        final Histogram injectLag,
        final long requests,
        final long requestsDone,
        final double achievedRate,
        final boolean completed,
        final long gcCount,
        final long gcTimeMs,
        final long reports,
        final long retries,
        final double logicCpu,
        final double ingressCpu,
        final double otherCpu,
        final long logicAllocBytes,
        final long ingressAllocBytes)
    {
        this.name = name;
        this.rate = rate;
        this.seconds = seconds;
        this.latency = latency;
        this.injectLag = injectLag;
        this.requests = requests;
        this.requestsDone = requestsDone;
        this.count = latency.getTotalCount();
        this.achievedRate = achievedRate;
        this.completed = completed;
        this.gcCount = gcCount;
        this.gcTimeMs = gcTimeMs;
        this.reports = reports;
        this.retries = retries;
        this.logicCpu = logicCpu;
        this.ingressCpu = ingressCpu;
        this.otherCpu = otherCpu;
        this.logicAllocBytes = logicAllocBytes;
        this.ingressAllocBytes = ingressAllocBytes;
    }

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
        long requests = first.requests;
        long done = first.requestsDone;
        double achieved = first.achievedRate;
        boolean completed = first.completed;
        long gcCount = first.gcCount;
        long gcTime = first.gcTimeMs;
        long reports = first.reports;
        long retries = first.retries;
        double logic = first.logicCpu;
        double ingress = first.ingressCpu;
        double other = first.otherCpu;
        long logicAlloc = first.logicAllocBytes;
        long ingressAlloc = first.ingressAllocBytes;
        for (int i = 1; i < rounds.size(); i++)
        {
            final PhaseResult r = rounds.get(i);
            latency.add(r.latency);
            injectLag.add(r.injectLag);
            requests += r.requests;
            done += r.requestsDone;
            achieved += r.achievedRate;
            completed &= r.completed;
            gcCount += r.gcCount;
            gcTime += r.gcTimeMs;
            reports += r.reports;
            retries += r.retries;
            logic += r.logicCpu;
            ingress += r.ingressCpu;
            other += r.otherCpu;
            logicAlloc += r.logicAllocBytes;
            ingressAlloc += r.ingressAllocBytes;
        }
        final int n = rounds.size();
        return new PhaseResult(first.name, first.rate, first.seconds * n, latency, injectLag, requests, done,
            achieved / n, completed, gcCount, gcTime, reports, retries, logic / n, ingress / n, other / n, logicAlloc,
            ingressAlloc);
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
        return logicAllocBytes < 0 || ingressAllocBytes < 0 || requestsDone == 0 ? Double.NaN :
            (double)(logicAllocBytes + ingressAllocBytes) / requestsDone;
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
        json.writeNumberField("count", count);
        number(json, "p50_us", percentileUs(50.0));
        number(json, "p90_us", percentileUs(90.0));
        number(json, "p99_us", percentileUs(99.0));
        number(json, "p999_us", percentileUs(99.9));
        number(json, "p9999_us", percentileUs(99.99));
        number(json, "max_us", maxUs());
        json.writeNumberField("achieved_rate", Math.round(achievedRate));
        json.writeNumberField("requests", requests);
        json.writeNumberField("not_sent", requests - count);
        json.writeBooleanField("completed", completed);
        number(json, "inject_lag_p99_us", injectLagP99Us());
        json.writeNumberField("broker_reports", reports);
        json.writeNumberField("send_retries", retries);
        json.writeNumberField("gc_count", gcCount);
        json.writeNumberField("gc_ms", gcTimeMs);
        number(json, "logic_thread_cpu", logicCpu);
        number(json, "ingress_thread_cpu", ingressCpu);
        number(json, "other_processes_cpu", otherCpu);
        json.writeNumberField("logic_thread_alloc_bytes", logicAllocBytes);
        json.writeNumberField("ingress_thread_alloc_bytes", ingressAllocBytes);
        number(json, "alloc_bytes_per_request", allocBytesPerRequest());
        json.writeEndObject();
    }

    void printText(final PrintStream out)
    {
        out.printf("%-11s rate %,9d/s  count %,10d  p50 %9.1f  p90 %9.1f  p99 %9.1f  p99.9 %9.1f  p99.99 %9.1f  " +
                "max %10.1f us  achieved %,9.0f/s%s  inject-lag p99 %.1f us  gc %d (%d ms)  cpu logic %.0f%% " +
                "ingress %.0f%%  other procs %.0f%%  alloc %.3f B/request%n",
            name, rate, count, percentileUs(50), percentileUs(90), percentileUs(99), percentileUs(99.9),
            percentileUs(99.99), maxUs(), achievedRate, completed ? "" : " (INCOMPLETE)", injectLagP99Us(), gcCount,
            gcTimeMs, 100 * logicCpu, 100 * ingressCpu, 100 * otherCpu, allocBytesPerRequest());
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

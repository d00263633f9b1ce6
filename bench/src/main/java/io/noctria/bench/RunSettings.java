package io.noctria.bench;

import io.noctria.engine.config.WaitKind;

import java.nio.file.Path;

/**
 * What one harness phase runs with.
 *
 * @param rate          intended requests per second.
 * @param seconds       measured seconds.
 * @param warmupSeconds seconds at the same rate before the measured window (same run, not recorded).
 * @param ringSize      Disruptor slots (power of two).
 * @param ringWait      how the business thread waits on the ring.
 * @param ingressIdle   how the ingress/broker thread idles between duty cycles.
 * @param dataDir       where the phase's journal is created (and deleted afterwards unless keepData).
 * @param keepData      keep the journals for inspection.
 */
record RunSettings(
    long rate,
    int seconds,
    int warmupSeconds,
    int ringSize,
    WaitKind ringWait,
    WaitKind ingressIdle,
    Path dataDir,
    boolean keepData)
{
    long firstMeasured()
    {
        return rate * warmupSeconds;
    }

    long totalRequests()
    {
        return rate * (warmupSeconds + (long)seconds);
    }

    RunSettings withRate(final long newRate)
    {
        return new RunSettings(newRate, seconds, warmupSeconds, ringSize, ringWait, ingressIdle, dataDir, keepData);
    }
}

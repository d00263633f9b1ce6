package io.noctria.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * What a phase's measured window cost the JVM and the machine: collections, CPU and heap allocation of the two
 * pipeline threads, and the CPU other processes took meanwhile. Taken as the difference of two {@link Sample}s,
 * the same way for the reassembled pipeline and for the real engine.
 *
 * @param gcCount           collections during the window.
 * @param gcTimeMs          time the collectors reported for them.
 * @param logicCpu          share of one core the business thread used.
 * @param ingressCpu        share of one core the ingress/broker thread used.
 * @param otherCpu          share of all cores used by other processes (shared machine); NaN when unknown.
 * @param logicAllocBytes   heap bytes the business thread allocated; negative when unknown.
 * @param ingressAllocBytes heap bytes the ingress/broker thread allocated; negative when unknown.
 */
record WindowUsage(
    long gcCount,
    long gcTimeMs,
    double logicCpu,
    double ingressCpu,
    double otherCpu,
    long logicAllocBytes,
    long ingressAllocBytes)
{
    /** Rounds merged: counts and bytes added, CPU shares averaged. */
    static WindowUsage merge(final List<WindowUsage> rounds)
    {
        return new WindowUsage(Rounds.sum(rounds, WindowUsage::gcCount), Rounds.sum(rounds, WindowUsage::gcTimeMs),
            Rounds.mean(rounds, WindowUsage::logicCpu), Rounds.mean(rounds, WindowUsage::ingressCpu),
            Rounds.mean(rounds, WindowUsage::otherCpu), Rounds.sum(rounds, WindowUsage::logicAllocBytes),
            Rounds.sum(rounds, WindowUsage::ingressAllocBytes));
    }

    /** @return the usage from {@code start} to now, for the same two threads. */
    static WindowUsage since(final Sample start)
    {
        final Sample end = Sample.take(start.logic, start.ingress);
        final double wall = end.wallNs - start.wallNs;
        return new WindowUsage(end.gcCount - start.gcCount, end.gcTimeMs - start.gcTimeMs,
            (end.logicCpuNs - start.logicCpuNs) / wall, (end.ingressCpuNs - start.ingressCpuNs) / wall,
            end.load.otherCpuSince(start.load), end.logicAllocBytes - start.logicAllocBytes,
            end.ingressAllocBytes - start.ingressAllocBytes);
    }

    /**
     * The counters at one instant. The threads must be live when it is taken (a dead thread has no CPU time);
     * a null thread reads as 0 CPU and unknown allocation.
     */
    record Sample(
        Thread logic,
        Thread ingress,
        long gcCount,
        long gcTimeMs,
        long logicCpuNs,
        long ingressCpuNs,
        long logicAllocBytes,
        long ingressAllocBytes,
        long wallNs,
        MachineLoad load)
    {
        static Sample take(final Thread logic, final Thread ingress)
        {
            return new Sample(logic, ingress, totalGcCount(), totalGcTimeMs(), cpuNs(logic), cpuNs(ingress),
                allocatedBytes(logic), allocatedBytes(ingress), System.nanoTime(), MachineLoad.sample());
        }
    }

    /** CPU time of a live thread, or 0 when unsupported. */
    private static long cpuNs(final Thread thread)
    {
        final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (thread == null || !threads.isThreadCpuTimeSupported())
        {
            return 0;
        }
        return Math.max(0, threads.getThreadCpuTime(thread.getId()));
    }

    /** Bytes a live thread has allocated on the heap so far (HotSpot's per-thread counter), or -1 when unsupported. */
    private static long allocatedBytes(final Thread thread)
    {
        final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (thread == null || !(threads instanceof com.sun.management.ThreadMXBean))
        {
            return -1;
        }
        return ((com.sun.management.ThreadMXBean)threads).getThreadAllocatedBytes(thread.getId());
    }

    private static long totalGcCount()
    {
        long count = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    private static long totalGcTimeMs()
    {
        long time = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            time += Math.max(0, gc.getCollectionTime());
        }
        return time;
    }
}

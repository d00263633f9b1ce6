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
 * @param logicSystemMs     kernel CPU time the business thread used, ms (the cost of its page faults among others);
 *                          negative when unknown.
 * @param logicPageFaults   page faults (minor and major) the business thread took (Linux
 *                          {@code /proc/self/task/<tid>/stat}): first touches of the memory-mapped journal, which the
 *                          journal pretoucher takes instead; negative when unknown.
 */
record WindowUsage(
    long gcCount,
    long gcTimeMs,
    double logicCpu,
    double ingressCpu,
    double otherCpu,
    long logicAllocBytes,
    long ingressAllocBytes,
    long logicPageFaults,
    long logicSystemMs)
{
    /** Rounds merged: counts and bytes added, CPU shares averaged. */
    static WindowUsage merge(final List<WindowUsage> rounds)
    {
        return new WindowUsage(Rounds.sum(rounds, WindowUsage::gcCount), Rounds.sum(rounds, WindowUsage::gcTimeMs),
            Rounds.mean(rounds, WindowUsage::logicCpu), Rounds.mean(rounds, WindowUsage::ingressCpu),
            Rounds.mean(rounds, WindowUsage::otherCpu), Rounds.sum(rounds, WindowUsage::logicAllocBytes),
            Rounds.sum(rounds, WindowUsage::ingressAllocBytes), Rounds.sum(rounds, WindowUsage::logicPageFaults),
            Rounds.sum(rounds, WindowUsage::logicSystemMs));
    }

    /** @return the usage from {@code start} to now, for the same two threads. */
    static WindowUsage since(final Sample start)
    {
        final Sample end = Sample.take(start.logic, start.ingress);
        final double wall = end.wallNs - start.wallNs;
        return new WindowUsage(end.gcCount - start.gcCount, end.gcTimeMs - start.gcTimeMs,
            (end.logicCpuNs - start.logicCpuNs) / wall, (end.ingressCpuNs - start.ingressCpuNs) / wall,
            end.load.otherCpuSince(start.load), end.logicAllocBytes - start.logicAllocBytes,
            end.ingressAllocBytes - start.ingressAllocBytes,
            end.logicPageFaults < 0 || start.logicPageFaults < 0 ? -1 : end.logicPageFaults - start.logicPageFaults,
            end.logicSystemMs < 0 || start.logicSystemMs < 0 ? -1 : end.logicSystemMs - start.logicSystemMs);
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
        long logicPageFaults,
        long logicSystemMs,
        long wallNs,
        MachineLoad load)
    {
        static Sample take(final Thread logic, final Thread ingress)
        {
            final long[] task = taskStat(logic);
            return new Sample(logic, ingress, totalGcCount(), totalGcTimeMs(), cpuNs(logic), cpuNs(ingress),
                allocatedBytes(logic), allocatedBytes(ingress), task[0], task[1], System.nanoTime(),
                MachineLoad.sample());
        }
    }

    /**
     * Minor plus major page faults a live thread has taken and its kernel CPU time (ms, from clock ticks of 10 ms),
     * read from {@code /proc/self/task/<tid>/stat} of the task whose name ({@code comm}, 15 characters at most) is
     * the thread's; -1 each when unknown (not Linux, no such task, or two tasks of that name).
     */
    static long[] taskStat(final Thread thread)
    {
        final long[] unknown = { -1, -1 };
        if (thread == null)
        {
            return unknown;
        }
        final String name = thread.getName().length() > 15 ? thread.getName().substring(0, 15) : thread.getName();
        long[] found = null;
        try (java.nio.file.DirectoryStream<java.nio.file.Path> tasks =
            java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc/self/task")))
        {
            for (final java.nio.file.Path task : tasks)
            {
                if (!name.equals(java.nio.file.Files.readString(task.resolve("comm")).strip()))
                {
                    continue;
                }
                if (found != null)
                {
                    return unknown; // ambiguous
                }
                final String stat = java.nio.file.Files.readString(task.resolve("stat"));
                // After "(comm)": state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime
                final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                found = new long[] { Long.parseLong(fields[7]) + Long.parseLong(fields[9]),
                    Long.parseLong(fields[12]) * 10 };
            }
        }
        catch (final java.io.IOException | RuntimeException ex)
        {
            return unknown;
        }
        return found == null ? unknown : found;
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

package io.noctria.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * How much of the machine something other than this process used over an interval: busy CPU from
 * {@code /proc/stat} minus this process's CPU time, as a share of all cores. On a shared machine
 * this says whether a measurement overlapped someone else's build. Linux only; NaN elsewhere.
 *
 * @param busyJiffies  busy CPU of the whole machine, in 1/100 s; -1 when unknown.
 * @param processCpuNs CPU time of this process; -1 when unknown.
 * @param wallNs       when the sample was taken (System.nanoTime).
 */
record MachineLoad(long busyJiffies, long processCpuNs, long wallNs)
{
    private static final double NS_PER_JIFFY = 1e9 / 100.0;

    static MachineLoad sample()
    {
        return new MachineLoad(readBusyJiffies(), readProcessCpuNs(), System.nanoTime());
    }

    /** @return share (0..1) of all cores used by other processes since {@code start}; NaN when unknown. */
    double otherCpuSince(final MachineLoad start)
    {
        if (busyJiffies < 0 || start.busyJiffies < 0 || processCpuNs < 0 || start.processCpuNs < 0)
        {
            return Double.NaN;
        }
        final double busyNs = (busyJiffies - start.busyJiffies) * NS_PER_JIFFY;
        final double ownNs = processCpuNs - start.processCpuNs;
        final double capacityNs = (double)(wallNs - start.wallNs) * Runtime.getRuntime().availableProcessors();
        return capacityNs <= 0 ? Double.NaN : Math.max(0.0, (busyNs - ownNs) / capacityNs);
    }

    private static long readBusyJiffies()
    {
        try
        {
            final String cpu = Files.readAllLines(Paths.get("/proc/stat")).get(0);
            final String[] f = cpu.trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...: busy = all but idle and iowait.
            long busy = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++)
            {
                if (i != 4 && i != 5)
                {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    private static long readProcessCpuNs()
    {
        final java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean)
        {
            return ((com.sun.management.OperatingSystemMXBean)os).getProcessCpuTime();
        }
        return -1;
    }
}

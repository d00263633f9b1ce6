package io.noctria.journal;

import io.noctria.codecs.MessageTimes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.NavigableSet;

/**
 * Where to start reading a queue, found without reading it through: the cycles that have files, and the first
 * excerpt at or after a message time by binary search (over cycles by the time of each one's first excerpt, then
 * over sequence numbers within the one cycle that can hold the target: O(log cycles + log excerpts-per-cycle)
 * excerpts read). Runs on the {@link JournalReader}'s probe tailer, so a seek never moves the reading position;
 * on the reader's polling thread.
 */
final class QueueSeek
{
    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    private final ExcerptTailer probe;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private long reads;

    QueueSeek(final SingleChronicleQueue queue, final ExcerptTailer probe)
    {
        this.queue = queue;
        this.rollCycle = queue.rollCycle();
        this.probe = probe;
    }

    /** @return excerpts read by seeks so far: the test's proof of O(log n). */
    long reads()
    {
        return reads;
    }

    /**
     * @return the index of the first excerpt whose time is at or after {@code epochNs} (times assumed not to
     * decrease along the queue; an excerpt without a readable time sorts with the next one that has one), or
     * {@link Journal#NO_INDEX} when there is none yet. Leaves the probe tailer anywhere.
     */
    long firstIndexAtOrAfter(final long epochNs)
    {
        final long[] cycles = cycles();
        int low = 0;
        int high = cycles.length - 1;
        int before = -1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            if (timeFromCycle(cycles, mid) < epochNs)
            {
                before = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        if (before < 0)
        {
            return firstIndexFrom(cycles, 0);
        }

        final int cycle = (int)cycles[before];
        final long count = probe.excerptsInCycle(cycle);
        long lowSeq = 0;
        long highSeq = count;
        while (lowSeq < highSeq)
        {
            final long mid = (lowSeq + highSeq) >>> 1;
            if (timeFrom(rollCycle.toIndex(cycle, mid)) < epochNs)
            {
                lowSeq = mid + 1;
            }
            else
            {
                highSeq = mid;
            }
        }
        return lowSeq < count ? rollCycle.toIndex(cycle, lowSeq) : firstIndexFrom(cycles, before + 1);
    }

    /** Time of the first timed excerpt from the start of {@code cycles[from]} on; MAX_VALUE when none. */
    private long timeFromCycle(final long[] cycles, final int from)
    {
        for (int i = from; i < cycles.length; i++)
        {
            // A cycle file can exist without excerpts: then the next cycle's first excerpt decides.
            if (probe.moveToIndex(rollCycle.toIndex((int)cycles[i], 0)))
            {
                return nextKnownTime();
            }
        }
        return Long.MAX_VALUE;
    }

    /** Time of the first timed excerpt at or after {@code index}; MAX_VALUE when none. */
    private long timeFrom(final long index)
    {
        return probe.moveToIndex(index) ? nextKnownTime() : Long.MAX_VALUE;
    }

    private long nextKnownTime()
    {
        while (true)
        {
            try (DocumentContext dc = probe.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return Long.MAX_VALUE;
                }
                reads++;
                final int length = JournalReader.wrap(view, dc.wire().bytes());
                final long time = MessageTimes.timeOf(view, 0, length);
                if (time != MessageTimes.UNKNOWN)
                {
                    return time;
                }
            }
        }
    }

    private long firstIndexFrom(final long[] cycles, final int from)
    {
        for (int i = from; i < cycles.length; i++)
        {
            final long index = rollCycle.toIndex((int)cycles[i], 0);
            if (probe.moveToIndex(index))
            {
                return index;
            }
        }
        return Journal.NO_INDEX;
    }

    /** The cycles that have files now, ascending. Allocates: for seeks, not for polling. */
    long[] cycles()
    {
        final int first = queue.firstCycle();
        final int last = queue.lastCycle();
        if (first > last)
        {
            return new long[0];
        }
        final NavigableSet<Long> cycles = queue.listCyclesBetween(first, last);
        final long[] result = new long[cycles.size()];
        int i = 0;
        for (final Long cycle : cycles)
        {
            result[i++] = cycle;
        }
        return result;
    }
}

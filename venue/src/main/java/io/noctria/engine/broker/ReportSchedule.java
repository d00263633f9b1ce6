package io.noctria.engine.broker;

import java.util.Arrays;

/**
 * The reports waiting for their due time: an indexed binary min-heap of in-flight slots ordered by
 * (due time, tiebreak), in primitive arrays.
 * <p>
 * Each slot is scheduled at most once, because an order's next report is only scheduled when its
 * previous one is delivered: that alone keeps one order's reports in causal order. The position
 * index lets a cancel move an order's pending report without searching.
 */
final class ReportSchedule
{
    private static final int NOT_SCHEDULED = -1;

    private int[] heap;
    private int[] positions;
    private long[] dueNs;
    private long[] tiebreaks;
    private int size;

    ReportSchedule(final int slotCapacity)
    {
        heap = new int[slotCapacity];
        positions = new int[slotCapacity];
        Arrays.fill(positions, NOT_SCHEDULED);
        dueNs = new long[slotCapacity];
        tiebreaks = new long[slotCapacity];
    }

    /** Make room for slots numbered below {@code slotCapacity}. */
    void ensureCapacity(final int slotCapacity)
    {
        final int oldCapacity = positions.length;
        if (slotCapacity > oldCapacity)
        {
            heap = Arrays.copyOf(heap, slotCapacity);
            positions = Arrays.copyOf(positions, slotCapacity);
            Arrays.fill(positions, oldCapacity, slotCapacity, NOT_SCHEDULED);
            dueNs = Arrays.copyOf(dueNs, slotCapacity);
            tiebreaks = Arrays.copyOf(tiebreaks, slotCapacity);
        }
    }

    int size()
    {
        return size;
    }

    boolean isScheduled(final int slot)
    {
        return positions[slot] != NOT_SCHEDULED;
    }

    /** @return the due time of a scheduled slot. */
    long dueNs(final int slot)
    {
        return dueNs[slot];
    }

    /** Schedule a slot, or move it when it is already scheduled. */
    void schedule(final int slot, final long atNs, final long tiebreak)
    {
        dueNs[slot] = atNs;
        tiebreaks[slot] = tiebreak;
        final int position = positions[slot];
        if (NOT_SCHEDULED == position)
        {
            place(size, slot);
            siftUp(size++);
        }
        else
        {
            siftUp(position);
            siftDown(positions[slot]);
        }
    }

    /** @return the slot due first; only when {@link #size()} is positive. */
    int first()
    {
        return heap[0];
    }

    /** Remove and return the slot due first; only when {@link #size()} is positive. */
    int removeFirst()
    {
        final int first = heap[0];
        positions[first] = NOT_SCHEDULED;
        final int last = heap[--size];
        if (size > 0)
        {
            place(0, last);
            siftDown(0);
        }
        return first;
    }

    private boolean before(final int slotA, final int slotB)
    {
        final long dueA = dueNs[slotA];
        final long dueB = dueNs[slotB];
        return dueA < dueB || (dueA == dueB && tiebreaks[slotA] < tiebreaks[slotB]);
    }

    private void siftUp(final int start)
    {
        int position = start;
        final int slot = heap[position];
        while (position > 0)
        {
            final int parentPosition = (position - 1) >>> 1;
            final int parent = heap[parentPosition];
            if (!before(slot, parent))
            {
                break;
            }
            place(position, parent);
            position = parentPosition;
        }
        place(position, slot);
    }

    private void siftDown(final int start)
    {
        int position = start;
        final int slot = heap[position];
        final int half = size >>> 1;
        while (position < half)
        {
            int childPosition = 2 * position + 1;
            int child = heap[childPosition];
            final int rightPosition = childPosition + 1;
            if (rightPosition < size && before(heap[rightPosition], child))
            {
                childPosition = rightPosition;
                child = heap[childPosition];
            }
            if (!before(child, slot))
            {
                break;
            }
            place(position, child);
            position = childPosition;
        }
        place(position, slot);
    }

    /** Puts {@code slot} at heap {@code position} and remembers where it is, so a reschedule finds it in O(1). */
    private void place(final int position, final int slot)
    {
        heap[position] = slot;
        positions[slot] = position;
    }
}

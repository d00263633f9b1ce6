package io.noctria.journal;

import java.util.Arrays;

/**
 * Where each message of a frame starts and how long it is, in frame order: kept by {@link JournalFrame} as it
 * builds a frame and by {@link FrameVerifier} as it walks one. Grows only for a frame with more messages than any
 * before it. One thread.
 */
public final class FrameMessages
{
    private int[] offsets = new int[16];
    private int[] lengths = new int[16];
    private int count;

    void clear()
    {
        count = 0;
    }

    void add(final int offset, final int length)
    {
        if (count == offsets.length)
        {
            offsets = Arrays.copyOf(offsets, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        offsets[count] = offset;
        lengths[count] = length;
        count++;
    }

    /** @return how many messages. */
    public int count()
    {
        return count;
    }

    /** @return where message {@code i} starts. */
    public int offset(final int i)
    {
        return offsets[i];
    }

    /** @return the length of message {@code i}, its header included. */
    public int length(final int i)
    {
        return lengths[i];
    }
}

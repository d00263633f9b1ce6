package io.noctria.engine.core;

/**
 * The order rate limit: at most {@code limit} orders sent in any one-second window, all symbols
 * together. Times are business time (request ts), made monotonic by taking the running maximum so
 * a late-stamped request from a slow producer cannot reopen a window already passed. The window
 * ending at {@code now} is {@code (now − 1 s, now]}. A ring of the last {@code limit} send times,
 * allocated only when the policy changes the limit.
 */
final class OrderRateWindow
{
    static final long WINDOW_NS = 1_000_000_000L;

    private long[] sendTimesNs = new long[0];
    private int head;
    private int count;
    private int limit;
    private long nowNs = Long.MIN_VALUE;

    OrderRateWindow(final int limit)
    {
        resize(limit);
    }

    /** @return the configured limit; 0 means the rule is off. */
    int limit()
    {
        return limit;
    }

    /** @return orders sent inside the current window. */
    int count()
    {
        return count;
    }

    long nowNs()
    {
        return nowNs;
    }

    /** Moves business time forward (never back) and drops sends that left the window. */
    void advanceTo(final long tsNs)
    {
        if (tsNs > nowNs)
        {
            nowNs = tsNs;
        }
        while (count > 0 && sendTimesNs[head] <= nowNs - WINDOW_NS)
        {
            head = next(head);
            count--;
        }
    }

    /** @return true when the rule is on and one more send now would exceed it. */
    boolean isFull()
    {
        return limit > 0 && count >= limit;
    }

    /** Records a send at the current business time; call only when not {@link #isFull()}. */
    void recordSend()
    {
        if (limit > 0)
        {
            sendTimesNs[(head + count) % limit] = nowNs;
            count++;
        }
    }

    /** Applies a new limit, keeping the most recent sends that still fit. */
    void resize(final int newLimit)
    {
        if (newLimit == limit)
        {
            return;
        }
        final long[] resized = new long[newLimit];
        final int keep = Math.min(count, newLimit);
        for (int i = 0; i < keep; i++)
        {
            resized[i] = sendTimesNs[(head + count - keep + i) % limit];
        }
        sendTimesNs = resized;
        head = 0;
        count = keep;
        limit = newLimit;
    }

    void hashInto(final StateHasher hasher)
    {
        hasher.putInt(limit).putLong(nowNs).putInt(count);
        for (int i = 0; i < count; i++)
        {
            hasher.putLong(sendTimesNs[(head + i) % limit]);
        }
    }

    private int next(final int position)
    {
        return position + 1 == limit ? 0 : position + 1;
    }

    /** @return the i-th send time in the window, oldest first ({@code i < count()}); for snapshots. */
    long sendTimeNs(final int i)
    {
        return sendTimesNs[(head + i) % limit];
    }

    /** Puts back a window a snapshot holds: its limit, clock and send times, oldest first. */
    void restore(final int newLimit, final long clockNs, final long[] sends, final int sendCount)
    {
        if (newLimit < 0 || sendCount > newLimit || (newLimit == 0 && sendCount > 0))
        {
            throw new IllegalArgumentException("rate window of limit " + newLimit + " cannot hold " + sendCount + " sends");
        }
        sendTimesNs = new long[newLimit];
        System.arraycopy(sends, 0, sendTimesNs, 0, sendCount);
        head = 0;
        count = sendCount;
        limit = newLimit;
        nowNs = clockNs;
    }
}

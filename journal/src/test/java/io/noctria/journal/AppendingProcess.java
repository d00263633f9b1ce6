package io.noctria.journal;

import org.agrona.ExpandableDirectByteBuffer;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * Child process of {@link JournalMultiProcessTest}: appends {@code count} OrderRequests to the journal
 * in {@code dir}, one every {@code pauseMicros}; request {@code i} has inboundIndex {@code i} and the
 * wall-clock append time as clientTsNs (the reader measures visibility latency from it).
 */
final class AppendingProcess
{
    private AppendingProcess()
    {
    }

    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final int count = Integer.parseInt(args[1]);
        final long pauseNs = Long.parseLong(args[2]) * 1_000;
        final TestMessages messages = new TestMessages();
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(512);
        long last = Journal.NO_INDEX;
        try (Journal journal = Journal.open(dir, JournalConfig.defaults()))
        {
            for (int i = 0; i < count; i++)
            {
                final Instant now = Instant.now();
                final long nowNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
                last = journal.append(buffer, 0, messages.inboundOrderRequest(buffer, 0, i, nowNs));
                LockSupport.parkNanos(pauseNs);
            }
        }
        System.out.println("appended=" + count + " lastIndex=" + last);
    }
}

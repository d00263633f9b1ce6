package io.noctria.engine.cli;

import io.noctria.codecs.MessageSamples;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Paths;
import java.util.concurrent.locks.LockSupport;

/**
 * Child-process main for tests: appends {@code count} sample messages to a queue, pausing between them.
 * Args: queueDir count pauseMicros
 */
public final class AppendingProducer
{
    private AppendingProducer()
    {
    }

    public static void main(final String[] args)
    {
        final int count = Integer.parseInt(args[1]);
        final long pauseNs = Long.parseLong(args[2]) * 1000L;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MessageSamples.MAX_ENCODED_LENGTH]);
        final int[] templateIds = MessageSamples.templateIds();
        try (Journal journal = Journal.open(Paths.get(args[0]), JournalConfig.defaults()))
        {
            for (int i = 0; i < count; i++)
            {
                final int length = MessageSamples.encode(templateIds[i % templateIds.length], buffer, 0);
                journal.append(buffer, 0, length);
                LockSupport.parkNanos(pauseNs);
            }
        }
    }
}

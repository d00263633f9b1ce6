package io.noctria.journal;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;

/**
 * Writes arbitrary bytes as excerpts with Chronicle directly, bypassing {@link Journal}: how the tests
 * put garbage where a reader must cope with it.
 */
final class RawQueue implements AutoCloseable
{
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;

    RawQueue(final Path dir, final RollCycle rollCycle, final TimeProvider clock)
    {
        queue = SingleChronicleQueueBuilder.binary(dir).rollCycle(rollCycle).timeProvider(clock).build();
        appender = queue.createAppender();
    }

    long append(final byte[] bytes)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(bytes);
        }
        return appender.lastIndexAppended();
    }

    @Override
    public void close()
    {
        appender.close();
        queue.close();
    }
}

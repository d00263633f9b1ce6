package io.noctria.journal;

import io.noctria.codecs.RecordError;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/** Keeps a copy of every callback, in order, for assertions. */
final class RecordingConsumer implements JournalConsumer
{
    /** One callback: {@code error == null} for onMessage. */
    record Entry(long index, byte[] bytes, RecordError error, String detail)
    {
        boolean valid()
        {
            return error == null;
        }
    }

    final List<Entry> entries = new ArrayList<>();

    @Override
    public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        entries.add(new Entry(index, TestMessages.bytes(buffer, offset, length), null, null));
    }

    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        entries.add(new Entry(index, null, error, detail));
    }

    List<Long> indexes()
    {
        final List<Long> indexes = new ArrayList<>();
        for (final Entry entry : entries)
        {
            indexes.add(entry.index());
        }
        return indexes;
    }

    /** Polls until the reader reports it has caught up. */
    static RecordingConsumer drain(final JournalReader reader)
    {
        final RecordingConsumer consumer = new RecordingConsumer();
        do
        {
            reader.poll(consumer, 64);
        }
        while (!reader.caughtUp());
        return consumer;
    }
}

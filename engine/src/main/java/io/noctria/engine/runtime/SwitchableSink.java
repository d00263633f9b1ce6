package io.noctria.engine.runtime;

import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.engine.core.EventSink;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.IntArrayList;

/**
 * The core's sink: discards events while the core is rebuilt from the journal (they are already
 * journaled), then forwards to the live sink. Switched once, before the business thread starts.
 * <p>
 * While discarding it keeps a copy of the events of the latest input ({@link #markInput} starts a new one): a
 * crash between an input's journal append and the append of its last event leaves the journal without the rest,
 * and recovery journals them from this copy (see {@link Recovery#tornEvents}).
 */
final class SwitchableSink implements EventSink
{
    private final ExpandableArrayBuffer capture = new ExpandableArrayBuffer(4096);
    private final IntArrayList offsets = new IntArrayList();
    private final IntArrayList lengths = new IntArrayList();
    private int captureEnd;
    private EventSink target;
    private long discarded;

    @Override
    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        if (target == null)
        {
            discarded++;
            capture.putBytes(captureEnd, buffer, offset, length);
            offsets.addInt(captureEnd);
            lengths.addInt(length);
            captureEnd += length;
            return;
        }
        target.onEvent(buffer, offset, length);
    }

    /** Recovery is about to run the next journaled input: forget the previous input's events. */
    void markInput()
    {
        offsets.clear();
        lengths.clear();
        captureEnd = 0;
    }

    /** @return how many events the latest input produced while discarding. */
    int capturedCount()
    {
        return offsets.size();
    }

    /** @return the template id of the i-th captured event. */
    int capturedTemplateId(final int i)
    {
        return capture.getShort(offsets.getInt(i) + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
    }

    /** Sends the captured events from {@code from} on to the live sink (after {@link #goLive}). */
    void replayCaptured(final int from)
    {
        for (int i = from; i < offsets.size(); i++)
        {
            target.onEvent(capture, offsets.getInt(i), lengths.getInt(i));
        }
    }

    void goLive(final EventSink live)
    {
        target = live;
    }

    long discarded()
    {
        return discarded;
    }
}

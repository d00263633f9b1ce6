package io.noctria.engine.runtime;

import io.noctria.codecs.Messages;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.engine.core.EventSink;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * The determinism check of {@code replay --from-snapshot}: the sink of a core re-deciding the journal, holding the
 * events it emits for the frame being re-decided, and the judge of each event journaled in that frame against the
 * re-decided one at the same place. Equal means byte for byte except {@code tsNs} (the first field of every event,
 * eight bytes after the header): it is the observational stamp of the clock that ran, never an input to a decision.
 * The first difference is kept (index, event number, what differs) and the check stops there.
 */
final class FrameEventCheck implements EventSink
{
    private static final int STAMP_AT = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int STAMP_LENGTH = Long.BYTES;

    private final ExpandableArrayBuffer emitted = new ExpandableArrayBuffer(4096);
    private int[] offsets = new int[16];
    private int[] lengths = new int[16];
    private int count;
    private int end;
    private int matched;
    private long frameIndex = -1;
    private long framesChecked;
    private long eventsChecked;
    private long mismatchIndex = -1;
    private String mismatch;

    @Override
    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        if (count == offsets.length)
        {
            offsets = java.util.Arrays.copyOf(offsets, count * 2);
            lengths = java.util.Arrays.copyOf(lengths, count * 2);
        }
        emitted.putBytes(end, buffer, offset, length);
        offsets[count] = end;
        lengths[count] = length;
        end += length;
        count++;
    }

    /** A frame starts: the previous one must have been matched to its last event. */
    void beginFrame(final long index)
    {
        endFrame();
        frameIndex = index;
        count = 0;
        end = 0;
        matched = 0;
    }

    /** The journal's next event of the current frame, compared with the re-decided one at its place. */
    void journaled(final DirectBuffer buffer, final int offset, final int length)
    {
        if (null != mismatch)
        {
            return;
        }
        if (matched >= count)
        {
            differ("the journal holds event " + (matched + 1) + " (" + templateName(buffer, offset) + ") but " +
                "re-deciding the input emitted only " + count);
            return;
        }
        final int at = offsets[matched];
        final int emittedLength = lengths[matched];
        final int differsAt = firstDifference(buffer, offset, length, at, emittedLength);
        if (differsAt >= 0)
        {
            differ("event " + (matched + 1) + " differs: journaled " + templateName(buffer, offset) + " of " + length +
                " bytes, re-decided " + templateName(emitted, at) + " of " + emittedLength + " bytes, first " +
                "difference at byte " + differsAt);
            return;
        }
        matched++;
        eventsChecked++;
    }

    /** The current frame ended: every re-decided event must have had its journaled twin. */
    void endFrame()
    {
        if (frameIndex < 0 || null != mismatch)
        {
            return;
        }
        if (matched < count)
        {
            differ("re-deciding the input emitted " + count + " events but the journal holds " + matched +
                "; the first missing is " + templateName(emitted, offsets[matched]));
            return;
        }
        framesChecked++;
        frameIndex = -1;
    }

    long framesChecked()
    {
        return framesChecked;
    }

    long eventsChecked()
    {
        return eventsChecked;
    }

    /** @return the journal index of the first frame whose events differ, or -1. */
    long mismatchIndex()
    {
        return mismatchIndex;
    }

    /** @return what differs there, or null. */
    String mismatch()
    {
        return mismatch;
    }

    private int firstDifference(final DirectBuffer journaled, final int offset, final int length, final int at,
        final int emittedLength)
    {
        final int common = Math.min(length, emittedLength);
        for (int i = 0; i < common; i++)
        {
            if ((i < STAMP_AT || i >= STAMP_AT + STAMP_LENGTH) && journaled.getByte(offset + i) != emitted.getByte(at + i))
            {
                return i;
            }
        }
        return length == emittedLength ? -1 : common;
    }

    private void differ(final String what)
    {
        mismatchIndex = frameIndex;
        mismatch = what;
    }

    private static String templateName(final DirectBuffer buffer, final int offset)
    {
        return Messages.name(buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF);
    }
}

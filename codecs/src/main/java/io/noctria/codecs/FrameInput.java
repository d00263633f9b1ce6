package io.noctria.codecs;

import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderRequestDecoder;
import io.noctria.codecs.sbe.RequestKeyedDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What the events of a frame refer to: the trace id, symbol and idempotency key of the frame's OrderRequest
 * (journal schema 3, docs/messages.md "Frames"). Since schema 3 the events of an OrderRequest's frame
 * (QualityDecision, RiskDecision, OutboxRecorded, DuplicateSuppressed) no longer copy them; a reader feeds every
 * message to this class in journal order and asks it where a message's trace id or key is, the message's own
 * field or the input's.
 * <p>
 * The key of a request that carried none (keyPresent FALSE, demo runs) is the one the engine computed, journaled
 * in the frame's RequestKeyed event before any event that refers to it. Messages of older journals carry their
 * own fields, so the same calls read every journal. A flyweight: {@link #traceAt}/{@link #keyAt} leave the
 * answer in {@link #buffer()} and {@link #index()}, valid until the next call. Allocation free; one thread.
 */
public final class FrameInput
{
    private static final int TRACE_AT = 0;
    private static final int KEY_AT = TRACE_AT + MessageFields.TRACE_ID_LENGTH;
    private static final int SYMBOL_AT = KEY_AT + MessageFields.KEY_LENGTH;
    private static final int SYMBOL_LENGTH = OrderRequestDecoder.symbolLength();

    private final UnsafeBuffer input = new UnsafeBuffer(new byte[SYMBOL_AT + SYMBOL_LENGTH]);
    private int frameRemaining;
    private boolean frameStart;
    private boolean request;
    private boolean keyKnown;
    private DirectBuffer buffer;
    private int index;
    private EventUpgrade upgrade;
    private DirectBuffer foldBuffer;
    private int foldOffset;

    /**
     * The one step a reader takes for every message before it folds it: the message is the next of the frame the
     * last {@link #onFrame} announced, or an excerpt of its own (a format-1 journal); then, for a schema-2 event,
     * its schema-3 form ({@link EventUpgrade}). The message to fold is then at {@link #foldBuffer()},
     * {@link #foldOffset()}.
     *
     * @return the length of the message to fold, header included.
     */
    public int next(final DirectBuffer buffer, final int offset, final int length)
    {
        if (frameRemaining > 0)
        {
            frameRemaining--;
            onMessage(buffer, offset);
        }
        else
        {
            onUnframed();
        }
        final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        if (EventUpgrade.isSchema2Event(templateId))
        {
            if (null == upgrade)
            {
                upgrade = new EventUpgrade(); // only old journals hold schema-2 events
            }
            final int upgradedLength = upgrade.upgrade(buffer, offset, this);
            foldBuffer = upgrade.buffer();
            foldOffset = 0;
            return upgradedLength;
        }
        foldBuffer = buffer;
        foldOffset = offset;
        return length;
    }

    /** @return the buffer of the message the last {@link #next} gave to fold. */
    public DirectBuffer foldBuffer()
    {
        return foldBuffer;
    }

    /** @return where that message starts in {@link #foldBuffer()}. */
    public int foldOffset()
    {
        return foldOffset;
    }

    /** @return true when the next message belongs to the frame the last {@link #onFrame} announced. */
    public boolean inFrame()
    {
        return frameRemaining > 0;
    }

    /** @return true when the message {@link #next} last took completed its excerpt (a frame's last, or unframed). */
    public boolean endsExcerpt()
    {
        return 0 == frameRemaining;
    }

    /** An excerpt that is not a readable frame: no message follows, nothing to refer to. */
    public void onInvalid()
    {
        frameRemaining = 0;
        onUnframed();
    }

    /** A frame of {@code messages} messages starts: its next message is its input (or a host record). */
    public void onFrame(final int messages)
    {
        frameRemaining = messages;
        frameStart = true;
        request = false;
        keyKnown = false;
    }

    /** A message of a frame, in journal order: remembers the frame's request and the key it was given. */
    private void onMessage(final DirectBuffer buffer, final int offset)
    {
        final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (frameStart)
        {
            frameStart = false;
            request = OrderRequestDecoder.TEMPLATE_ID == templateId;
            if (request)
            {
                input.putBytes(TRACE_AT, buffer, body + OrderRequestDecoder.traceIdEncodingOffset(),
                    MessageFields.TRACE_ID_LENGTH);
                input.putBytes(SYMBOL_AT, buffer, body + OrderRequestDecoder.symbolEncodingOffset(), SYMBOL_LENGTH);
                keyKnown = 1 == buffer.getByte(body + OrderRequestDecoder.keyPresentEncodingOffset());
                if (keyKnown)
                {
                    input.putBytes(KEY_AT, buffer, body + OrderRequestDecoder.idempotencyKeyEncodingOffset(),
                        MessageFields.KEY_LENGTH);
                }
            }
        }
        else if (request && RequestKeyedDecoder.TEMPLATE_ID == templateId)
        {
            input.putBytes(KEY_AT, buffer, body + RequestKeyedDecoder.idempotencyKeyEncodingOffset(),
                MessageFields.KEY_LENGTH);
            keyKnown = true;
        }
    }

    /**
     * What a schema-2 event copied from its request (trace id, key, symbol) becomes what the frame refers to, so
     * that its schema-3 form ({@link EventUpgrade}) resolves as a new one would; in a format-1 journal, where
     * events are excerpts of their own, this is the only way they name their request.
     *
     * @param keyIndex    where the key is in {@code buffer}; -1 when the event carried none.
     * @param symbolIndex where the 16-byte symbol is; -1 when the event carried none (it reads as empty).
     */
    public void adopt(final DirectBuffer buffer, final int traceIndex, final int keyIndex, final int symbolIndex)
    {
        frameStart = false;
        request = true;
        input.putBytes(TRACE_AT, buffer, traceIndex, MessageFields.TRACE_ID_LENGTH);
        keyKnown = keyIndex >= 0;
        if (keyKnown)
        {
            input.putBytes(KEY_AT, buffer, keyIndex, MessageFields.KEY_LENGTH);
        }
        if (symbolIndex >= 0)
        {
            input.putBytes(SYMBOL_AT, buffer, symbolIndex, SYMBOL_LENGTH);
        }
        else
        {
            input.setMemory(SYMBOL_AT, SYMBOL_LENGTH, (byte)0);
        }
    }

    /** Outside any frame (a format-1 excerpt): nothing to refer to. */
    private void onUnframed()
    {
        frameStart = false;
        request = false;
        keyKnown = false;
    }

    /**
     * Where the trace id of a message is: its own field, or its frame's request's.
     *
     * @param body where the message's block starts (after its header).
     * @return false when it has none.
     */
    public boolean traceAt(final int templateId, final DirectBuffer message, final int body)
    {
        final int own = MessageFields.traceIdOffset(templateId);
        if (own >= 0)
        {
            return answer(message, body + own);
        }
        return request && MessageFields.refersToInput(templateId) && answer(input, TRACE_AT);
    }

    /**
     * Where the idempotency key of a message is: its own field, or its frame's request's.
     *
     * @param body where the message's block starts (after its header).
     * @return false when it has none.
     */
    public boolean keyAt(final int templateId, final DirectBuffer message, final int body)
    {
        final int own = MessageFields.keyOffset(templateId);
        if (own >= 0)
        {
            return answer(message, body + own);
        }
        return request && keyKnown && MessageFields.refersToInput(templateId) && answer(input, KEY_AT);
    }

    /** @return true when the current frame's input is an OrderRequest (its symbol is {@link #symbolIndex()}). */
    public boolean isRequest()
    {
        return request;
    }

    /** @return the buffer of the last answer. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return where in {@link #buffer()} the last answer's field starts. */
    public int index()
    {
        return index;
    }

    /** @return the buffer holding the frame's request's fields ({@link #symbolIndex()}). */
    public DirectBuffer inputBuffer()
    {
        return input;
    }

    /** @return where the frame's request's 16-byte NUL-padded symbol is in {@link #inputBuffer()}. */
    public static int symbolIndex()
    {
        return SYMBOL_AT;
    }

    private boolean answer(final DirectBuffer buffer, final int index)
    {
        this.buffer = buffer;
        this.index = index;
        return true;
    }
}

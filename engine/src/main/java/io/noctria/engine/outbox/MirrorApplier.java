package io.noctria.engine.outbox;

import io.noctria.codecs.FrameInput;
import io.noctria.codecs.MessageTimes;
import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.*;
import io.noctria.journal.MessageBodyConsumer;
import io.noctria.engine.core.IdempotencyKeys;
import io.noctria.engine.core.OutboxOrder;
import io.noctria.engine.core.OutboxRules;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static io.noctria.engine.outbox.EntryLayout.*;

/**
 * Applies journal excerpts, in index order, to the mirror's map entries: the very {@link OutboxRules} that
 * {@code io.noctria.replay.OutboxProjection} applies to its heap entries, here on 256-byte values (through
 * {@link MirrorEntryFields}), so the mirror reaches the engine's state; the tests hold the two to the same results
 * on the same journals.
 * <p>
 * Each event is a read-modify-write of one entry under its segment's update lock (one hash lookup), so a
 * lookup in this or another process sees the entry before or after the event, never half of it. Applying
 * is idempotent: an entry records the position (journal index, and the event's place in that index's frame) of
 * the last event applied to it, and an event at or before that position is skipped. That is what lets the checkpoint lag the entries (it is written once per
 * batch, and may be older still after a crash) without any event counting twice.
 * <p>
 * One thread at a time. Applying an event allocates nothing in this class.
 */
final class MirrorApplier implements MessageBodyConsumer
{
    private final OutboxMapFile file;
    private final ChronicleMap<byte[], byte[]> map;
    private final FrameInput frameInput = new FrameInput();
    private final OutboxRecordedDecoder recorded = new OutboxRecordedDecoder();
    private final OrderSentDecoder sent = new OrderSentDecoder();
    private final OutboxRules rules = new OutboxRules();
    // The key of a SendFailed that answered DECISION_NEXT: the next message may give its send up.
    private final byte[] failedKey = new byte[KEY_SIZE];
    private final byte[] key = new byte[KEY_SIZE];
    private final byte[] valueBytes = new byte[VALUE_SIZE];
    private final UnsafeBuffer value = new UnsafeBuffer(valueBytes);
    private final MirrorEntryFields fields = new MirrorEntryFields().wrap(value);
    private final byte[] metaBytes = new byte[VALUE_SIZE];
    private final UnsafeBuffer meta = new UnsafeBuffer(metaBytes);

    private long lastIndex;
    // Which message of the frame at lastIndex is being applied: (index, ordinal) orders events across frames.
    private int ordinal;
    private long lastTime;
    private int lastLength;
    // The last excerpt applied whole (every message of its frame): what a checkpoint records. A failure in the
    // middle of a frame leaves the checkpoint before that frame, whose applied events the (index, ordinal) guard
    // skips when it is read again.
    private long wholeIndex;
    private long wholeTime;
    private int wholeLength;
    private long checkpointedIndex;
    private long excerptsRead;
    private long eventsApplied;
    private long eventsSkipped;
    private long unmatchedReports;

    MirrorApplier(final OutboxMapFile file)
    {
        this.file = file;
        this.map = file.map();
        file.readMeta(metaBytes);
        lastIndex = meta.getLong(META_CHECKPOINT_INDEX, ORDER);
        lastTime = meta.getLong(META_CHECKPOINT_TIME, ORDER);
        lastLength = meta.getInt(META_CHECKPOINT_LENGTH, ORDER);
        wholeIndex = lastIndex;
        wholeTime = lastTime;
        wholeLength = lastLength;
        checkpointedIndex = lastIndex;
    }

    @Override
    public void onFrame(final long index, final int messages)
    {
        frameInput.onFrame(messages);
    }

    /**
     * Applies the message (an event of schema 2 as its schema-3 form, {@link io.noctria.codecs.EventUpgrade}), then moves the
     * position past it.
     */
    @Override
    public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        ordinal = index == lastIndex ? ordinal + 1 : 0;
        final int foldedLength = frameInput.next(buffer, offset, length);
        MessageBodyConsumer.super.onMessage(index, frameInput.foldBuffer(), frameInput.foldOffset(), foldedLength);
        advance(index, MessageTimes.timeOf(buffer, offset, length), length);
        if (frameInput.endsExcerpt())
        {
            wholeExcerpt(); // the frame's last message, or a format-1 excerpt
        }
    }

    @Override
    public void onMessage(
        final long index, final int templateId, final DirectBuffer buffer, final int body, final int blockLength,
        final int version)
    {
        if (rules.givesUp(templateId, buffer, body, blockLength, version))
        {
            update(index, failedKey, AlertDecoder.TEMPLATE_ID, buffer, body, blockLength, version);
        }
        else if ((OutboxRecordedDecoder.TEMPLATE_ID == templateId || OrderSentDecoder.TEMPLATE_ID == templateId ||
            OutboxRules.isReport(templateId)) && frameInput.keyAt(templateId, buffer, body))
        {
            frameInput.buffer().getBytes(frameInput.index(), key);
            update(index, key, templateId, buffer, body, blockLength, version);
        }
    }

    /** An unreadable excerpt carries no order; it still moves the checkpoint, so it is not read again. */
    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        if (error == RecordError.DAMAGED || error == RecordError.UNFRAMED)
        {
            // A frame that is not whole may hide outbox events: never step over it. Thrown, the excerpt stays
            // unread and the checkpoint stays before it; the mirror stops following, naming the index.
            throw new OutboxMirrorException(file.file(), "journal excerpt " + index + " (0x" + Long.toHexString(index) +
                ") is " + error + " (" + detail + "); the outbox mirror stops before it, its lookups answer as of the " +
                "index before. See docs/operations-journal.md, \"A damaged journal\"", null);
        }
        // Not a frame of this journal's format (a format-1 journal's unreadable message): nothing to apply.
        frameInput.onInvalid();
        advance(index, MessageTimes.UNKNOWN, -1);
        wholeExcerpt();
    }

    /**
     * Persists the position (index and fingerprint of the last excerpt applied whole) when it moved. Once per
     * batch, and when following fails: the entries are already written, so a checkpoint is never ahead of them, and
     * never inside a frame (a restart reads from the frame after it, and must find the fingerprint it recorded).
     */
    void checkpoint()
    {
        if (wholeIndex == checkpointedIndex)
        {
            return;
        }
        meta.putLong(META_CHECKPOINT_INDEX, wholeIndex, ORDER);
        meta.putLong(META_CHECKPOINT_TIME, wholeTime, ORDER);
        meta.putInt(META_CHECKPOINT_LENGTH, wholeLength, ORDER);
        file.writeMeta(metaBytes);
        checkpointedIndex = wholeIndex;
    }

    /** @return journal index of the last excerpt applied, maybe in part (in this run or, until the first, the checkpoint's). */
    long lastIndex()
    {
        return lastIndex;
    }

    /** @return journal index of the last excerpt applied whole: where a checkpoint puts the mirror. */
    long wholeIndex()
    {
        return wholeIndex;
    }

    /** @return time ({@link MessageTimes}) of the checkpoint's excerpt (its last message's): part of its fingerprint. */
    long checkpointTime()
    {
        return wholeTime;
    }

    /** @return length of that message, -1 when the excerpt was invalid: part of its fingerprint. */
    int checkpointLength()
    {
        return wholeLength;
    }

    long excerptsRead()
    {
        return excerptsRead;
    }

    long eventsApplied()
    {
        return eventsApplied;
    }

    long eventsSkipped()
    {
        return eventsSkipped;
    }

    long unmatchedReports()
    {
        return unmatchedReports;
    }

    private void advance(final long index, final long time, final int length)
    {
        lastIndex = index;
        lastTime = time;
        lastLength = length;
        excerptsRead++;
    }

    private void wholeExcerpt()
    {
        wholeIndex = lastIndex;
        wholeTime = lastTime;
        wholeLength = lastLength;
    }

    /**
     * Applies one event to the entry of {@code entryKey}: an OutboxRecorded or OrderSent (which may start the
     * entry), a report, or ({@code templateId} Alert) the engine giving up the send that {@link #failedKey} failed.
     */
    private void update(
        final long index, final byte[] entryKey, final int templateId, final DirectBuffer buffer, final int body,
        final int blockLength, final int version)
    {
        if (isMetaKey(entryKey))
        {
            unmatchedReports++;
            return;
        }
        try (ExternalMapQueryContext<byte[], byte[], ?> query = map.queryContext(entryKey))
        {
            query.updateLock().lock();
            final MapEntry<byte[], byte[]> entry = query.entry();
            if (entry == null)
            {
                if (start(index, templateId, buffer, body, blockLength, version))
                {
                    query.absentEntry().doInsert(query.wrapValueAsData(valueBytes));
                    eventsApplied++;
                }
                else if (AlertDecoder.TEMPLATE_ID != templateId)
                {
                    // The projection counts these too: a report for a key the journal never recorded.
                    unmatchedReports++;
                }
                return;
            }
            readValue(entry);
            final long appliedIndex = value.getLong(LAST_APPLIED_INDEX, ORDER);
            if (appliedIndex > index || appliedIndex == index && value.getInt(LAST_APPLIED_ORDINAL, ORDER) >= ordinal)
            {
                eventsSkipped++;
                return;
            }
            if (OutboxRecordedDecoder.TEMPLATE_ID == templateId)
            {
                // A second record of the key (a journal of two engines): the projection keeps the first, and so
                // does the mirror.
                return;
            }
            apply(index, entryKey, templateId, buffer, body, blockLength, version);
            value.putLong(LAST_APPLIED_INDEX, index, ORDER);
            value.putInt(LAST_APPLIED_ORDINAL, ordinal, ORDER);
            entry.doReplaceValue(query.wrapValueAsData(valueBytes));
            eventsApplied++;
        }
    }

    /**
     * Starts an entry in {@link #value} from an OutboxRecorded, or from an OrderSent with no OutboxRecorded before
     * it (a journal that starts mid-order: OrderSent carries the whole order, so the entry starts from it, as in the
     * projection).
     *
     * @return false when the event cannot start an entry (a report).
     */
    private boolean start(
        final long index, final int templateId, final DirectBuffer buffer, final int body, final int blockLength,
        final int version)
    {
        if (OutboxRecordedDecoder.TEMPLATE_ID == templateId)
        {
            final OutboxRecordedDecoder event = recorded.wrap(buffer, body, blockLength, version);
            newEntry(index, event.inputIndex(), event.tsNs(), event.qty(), event.price(), event.sideRaw(),
                event.orderTypeRaw(), event.timeInForceRaw());
            // The symbol, trace id and key are the frame's request's; the ClOrdID is derived from the key.
            copyText(frameInput.inputBuffer(), FrameInput.symbolIndex(), SYMBOL, SYMBOL_LENGTH);
            frameInput.traceAt(templateId, buffer, body);
            copyText(frameInput.buffer(), frameInput.index(), TRACE_ID, TRACE_ID_LENGTH);
            IdempotencyKeys.deriveClOrdId(key, 0, valueBytes, CL_ORD_ID);
            return true;
        }
        if (OrderSentDecoder.TEMPLATE_ID == templateId)
        {
            final OrderSentDecoder event = sent.wrap(buffer, body, blockLength, version);
            newEntry(index, event.inputIndex(), OutboxOrder.NO_TIME, event.qty(), event.price(), event.sideRaw(),
                event.orderTypeRaw(), event.timeInForceRaw());
            copyText(buffer, body + OrderSentDecoder.symbolEncodingOffset(), SYMBOL, SYMBOL_LENGTH);
            copyText(buffer, body + OrderSentDecoder.traceIdEncodingOffset(), TRACE_ID, TRACE_ID_LENGTH);
            copyText(buffer, body + OrderSentDecoder.clOrdIdEncodingOffset(), CL_ORD_ID, CL_ORD_ID_LENGTH);
            OutboxRules.onSent(fields, event.tsNs());
            return true;
        }
        return false;
    }

    /** Applies an OrderSent, a report or a give-up to the existing entry in {@link #value}, by the rules. */
    private void apply(
        final long index, final byte[] entryKey, final int templateId, final DirectBuffer buffer, final int body,
        final int blockLength, final int version)
    {
        if (OrderSentDecoder.TEMPLATE_ID == templateId)
        {
            OutboxRules.onSent(fields, sent.wrap(buffer, body, blockLength, version).tsNs());
        }
        else if (AlertDecoder.TEMPLATE_ID == templateId)
        {
            rules.giveUp(fields, index);
        }
        else if (OutboxRules.DECISION_NEXT ==
            rules.applyReport(fields, index, templateId, buffer, body, blockLength, version))
        {
            System.arraycopy(entryKey, 0, failedKey, 0, KEY_SIZE);
        }
    }

    private void newEntry(
        final long index, final long inputIndex, final long createdNs, final long qty, final long price,
        final short side, final short orderType, final short timeInForce)
    {
        value.setMemory(0, VALUE_SIZE, (byte)0);
        value.putByte(ENTRY_VERSION, (byte)LAYOUT_VERSION);
        value.putByte(STATE, stateCode(EngineOrderState.NEW));
        value.putByte(SIDE, (byte)side);
        value.putByte(ORDER_TYPE, (byte)orderType);
        value.putByte(TIME_IN_FORCE, (byte)timeInForce);
                value.putLong(QTY, qty, ORDER);
        value.putLong(PRICE, price, ORDER);
        value.putLong(FIRST_INDEX, index, ORDER);
        value.putLong(INPUT_INDEX, inputIndex, ORDER);
        value.putLong(CREATED_NS, createdNs, ORDER);
        value.putLong(SENT_NS, OutboxOrder.NO_TIME, ORDER);
        value.putLong(BROKER_ORDER_ID, OutboxOrder.NONE, ORDER);
        value.putLong(TERMINAL_INDEX, -1, ORDER);
        value.putLong(LAST_APPLIED_INDEX, index, ORDER);
        value.putInt(LAST_APPLIED_ORDINAL, ordinal, ORDER);
    }

    private void copyText(final DirectBuffer source, final int sourceIndex, final int at, final int length)
    {
        value.putBytes(at, source, sourceIndex, length);
    }

    private void readValue(final MapEntry<byte[], byte[]> entry)
    {
        // Chronicle reuses an array of the right length: the entry is copied, never allocated.
        final byte[] read = entry.value().getUsing(valueBytes);
        if (read != valueBytes)
        {
            if (read.length != VALUE_SIZE)
            {
                throw OutboxMirrorException.layout(file.file(), "an entry has " + read.length + " bytes");
            }
            System.arraycopy(read, 0, valueBytes, 0, VALUE_SIZE);
        }
    }
}

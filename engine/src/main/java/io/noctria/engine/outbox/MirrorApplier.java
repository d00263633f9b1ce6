package io.noctria.engine.outbox;

import io.noctria.codecs.FixedPoint;
import io.noctria.codecs.MessageTimes;
import io.noctria.codecs.OrderTransitions;
import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.*;
import io.noctria.journal.JournalConsumer;
import io.noctria.replay.OutboxEntry;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static io.noctria.engine.outbox.EntryLayout.*;

/**
 * Applies journal excerpts, in index order, to the mirror's map entries: the rules of
 * {@link io.noctria.replay.OutboxProjection} / {@link OutboxEntry}, kept on 256-byte values instead of objects.
 * Both take every state change from the one life-cycle table ({@link OrderTransitions}, the engine's own), so
 * the mirror reaches the engine's state; the tests hold the two to the same results on the same journals.
 * <p>
 * Each event is a read-modify-write of one entry under its segment's update lock (one hash lookup), so a
 * lookup in this or another process sees the entry before or after the event, never half of it. Applying
 * is idempotent: an entry records the journal index of the last event applied to it, and an event at or
 * below that index is skipped. That is what lets the checkpoint lag the entries (it is written once per
 * batch, and may be older still after a crash) without any event counting twice.
 * <p>
 * One thread at a time. Applying an event allocates nothing in this class.
 */
final class MirrorApplier implements JournalConsumer
{
    private final OutboxMapFile file;
    private final ChronicleMap<byte[], byte[]> map;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OutboxRecordedDecoder recorded = new OutboxRecordedDecoder();
    private final OrderSentDecoder sent = new OrderSentDecoder();
    private final BrokerAckDecoder ack = new BrokerAckDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final ExpiredDecoder expired = new ExpiredDecoder();
    private final CanceledDecoder canceled = new CanceledDecoder();
    private final SendFailedDecoder sendFailed = new SendFailedDecoder();
    private final BrokerRejectDecoder reject = new BrokerRejectDecoder();
    private final AlertDecoder alert = new AlertDecoder();
    private final byte[] failedKey = new byte[KEY_SIZE];
    // A SendFailed the engine took without the final flag (key in failedKey): the next message is its decision.
    private boolean failedSendPending;
    private boolean failedSendTimedOut;
    private final OrderReconciledDecoder reconciled = new OrderReconciledDecoder();
    private final byte[] key = new byte[KEY_SIZE];
    private final byte[] valueBytes = new byte[VALUE_SIZE];
    private final UnsafeBuffer value = new UnsafeBuffer(valueBytes);
    private final byte[] metaBytes = new byte[VALUE_SIZE];
    private final UnsafeBuffer meta = new UnsafeBuffer(metaBytes);

    private long lastIndex;
    private long lastTime;
    private int lastLength;
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
        checkpointedIndex = lastIndex;
    }

    @Override
    public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        final boolean failedSend = failedSendPending;
        failedSendPending = false;
        switch (templateId)
        {
            case OutboxRecordedDecoder.TEMPLATE_ID:
                onRecorded(index, recorded.wrap(buffer, body, blockLength, version));
                break;
            case OrderSentDecoder.TEMPLATE_ID:
                onSent(index, sent.wrap(buffer, body, blockLength, version));
                break;
            case BrokerAckDecoder.TEMPLATE_ID:
            case FillDecoder.TEMPLATE_ID:
            case BrokerRejectDecoder.TEMPLATE_ID:
            case ExpiredDecoder.TEMPLATE_ID:
            case CanceledDecoder.TEMPLATE_ID:
            case SendFailedDecoder.TEMPLATE_ID:
            case DuplicateSuppressedDecoder.TEMPLATE_ID:
            case OrderReconciledDecoder.TEMPLATE_ID:
                onReport(index, templateId, buffer, body, blockLength, version);
                break;
            case AlertDecoder.TEMPLATE_ID:
                if (failedSend && AlertCode.SEND_FAILED.value() == alert.wrap(buffer, body, blockLength, version).codeRaw())
                {
                    onGaveUp(index);
                }
                break;
            default:
                break;
        }
        advance(index, MessageTimes.timeOf(buffer, offset, length), length);
    }

    /** An unreadable excerpt carries no order; it still moves the checkpoint, so it is not read again. */
    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        advance(index, MessageTimes.UNKNOWN, -1);
    }

    /**
     * Persists the position (index and fingerprint of the last excerpt applied) when it moved. Once per batch:
     * the entries are already written, so a checkpoint is never ahead of them.
     */
    void checkpoint()
    {
        if (lastIndex == checkpointedIndex)
        {
            return;
        }
        meta.putLong(META_CHECKPOINT_INDEX, lastIndex, ORDER);
        meta.putLong(META_CHECKPOINT_TIME, lastTime, ORDER);
        meta.putInt(META_CHECKPOINT_LENGTH, lastLength, ORDER);
        file.writeMeta(metaBytes);
        checkpointedIndex = lastIndex;
    }

    /** @return journal index of the last excerpt applied (in this run or, until the first, the checkpoint's). */
    long lastIndex()
    {
        return lastIndex;
    }

    /** @return time ({@link MessageTimes}) of that excerpt: part of its fingerprint. */
    long lastTime()
    {
        return lastTime;
    }

    /** @return length of that excerpt, -1 when it was invalid: part of its fingerprint. */
    int lastLength()
    {
        return lastLength;
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

    private void onRecorded(final long index, final OutboxRecordedDecoder event)
    {
        final int body = event.offset();
        event.buffer().getBytes(body + OutboxRecordedDecoder.idempotencyKeyEncodingOffset(), key);
        if (isMetaKey(key))
        {
            unmatchedReports++;
            return;
        }
        try (ExternalMapQueryContext<byte[], byte[], ?> query = map.queryContext(key))
        {
            query.updateLock().lock();
            final MapEntry<byte[], byte[]> entry = query.entry();
            if (entry != null)
            {
                // Either this very record, applied before the checkpoint, or a second record of the key (a
                // journal of two engines): the projection keeps the first, and so does the mirror.
                readValue(entry);
                if (value.getLong(LAST_APPLIED_INDEX, ORDER) >= index)
                {
                    eventsSkipped++;
                }
                return;
            }
            newEntry(index, event.inputIndex(), event.tsNs(), event.qty(), event.price(), event.sideRaw(),
                event.orderTypeRaw(), event.timeInForceRaw());
            copyText(event.buffer(), body + OutboxRecordedDecoder.symbolEncodingOffset(), SYMBOL, SYMBOL_LENGTH);
            copyText(event.buffer(), body + OutboxRecordedDecoder.traceIdEncodingOffset(), TRACE_ID, TRACE_ID_LENGTH);
            copyText(event.buffer(), body + OutboxRecordedDecoder.clOrdIdEncodingOffset(), CL_ORD_ID, CL_ORD_ID_LENGTH);
            query.absentEntry().doInsert(query.wrapValueAsData(valueBytes));
            eventsApplied++;
        }
    }

    private void onSent(final long index, final OrderSentDecoder event)
    {
        final int body = event.offset();
        event.buffer().getBytes(body + OrderSentDecoder.idempotencyKeyEncodingOffset(), key);
        if (isMetaKey(key))
        {
            unmatchedReports++;
            return;
        }
        try (ExternalMapQueryContext<byte[], byte[], ?> query = map.queryContext(key))
        {
            query.updateLock().lock();
            final MapEntry<byte[], byte[]> entry = query.entry();
            if (entry == null)
            {
                // No OutboxRecorded before it (a journal that starts mid-order): OrderSent carries the whole
                // order, so the entry starts from it, as in the projection.
                newEntry(index, event.inputIndex(), OutboxEntry.NO_TIME, event.qty(), event.price(), event.sideRaw(),
                    event.orderTypeRaw(), event.timeInForceRaw());
                copyText(event.buffer(), body + OrderSentDecoder.symbolEncodingOffset(), SYMBOL, SYMBOL_LENGTH);
                copyText(event.buffer(), body + OrderSentDecoder.traceIdEncodingOffset(), TRACE_ID, TRACE_ID_LENGTH);
                copyText(event.buffer(), body + OrderSentDecoder.clOrdIdEncodingOffset(), CL_ORD_ID, CL_ORD_ID_LENGTH);
                applySent(event.tsNs());
                query.absentEntry().doInsert(query.wrapValueAsData(valueBytes));
                eventsApplied++;
                return;
            }
            readValue(entry);
            if (value.getLong(LAST_APPLIED_INDEX, ORDER) >= index)
            {
                eventsSkipped++;
                return;
            }
            applySent(event.tsNs());
            value.putLong(LAST_APPLIED_INDEX, index, ORDER);
            entry.doReplaceValue(query.wrapValueAsData(valueBytes));
            eventsApplied++;
        }
    }

    /** The engine's SEND_FAILED alert right after the SendFailed in {@link #failedKey}: it gave up sending. */
    private void onGaveUp(final long index)
    {
        try (ExternalMapQueryContext<byte[], byte[], ?> query = map.queryContext(failedKey))
        {
            query.updateLock().lock();
            final MapEntry<byte[], byte[]> entry = query.entry();
            if (entry == null)
            {
                return;
            }
            readValue(entry);
            if (value.getLong(LAST_APPLIED_INDEX, ORDER) >= index)
            {
                eventsSkipped++;
                return;
            }
            giveUp(index, failedSendTimedOut);
            value.putLong(LAST_APPLIED_INDEX, index, ORDER);
            entry.doReplaceValue(query.wrapValueAsData(valueBytes));
            eventsApplied++;
        }
    }

    private void onReport(
        final long index, final int templateId, final DirectBuffer buffer, final int body, final int blockLength,
        final int version)
    {
        buffer.getBytes(body + keyOffset(templateId), key);
        if (isMetaKey(key))
        {
            unmatchedReports++;
            return;
        }
        try (ExternalMapQueryContext<byte[], byte[], ?> query = map.queryContext(key))
        {
            query.updateLock().lock();
            final MapEntry<byte[], byte[]> entry = query.entry();
            if (entry == null)
            {
                // The projection counts these too: a report for a key the journal never recorded.
                unmatchedReports++;
                return;
            }
            readValue(entry);
            if (value.getLong(LAST_APPLIED_INDEX, ORDER) >= index)
            {
                eventsSkipped++;
                return;
            }
            applyReport(index, templateId, buffer, body, blockLength, version);
            value.putLong(LAST_APPLIED_INDEX, index, ORDER);
            entry.doReplaceValue(query.wrapValueAsData(valueBytes));
            eventsApplied++;
        }
    }

    private void applyReport(
        final long index, final int templateId, final DirectBuffer buffer, final int body, final int blockLength,
        final int version)
    {
        switch (templateId)
        {
            case BrokerAckDecoder.TEMPLATE_ID:
            {
                respond(RESPONSE_BROKER_ACK);
                value.putLong(BROKER_ORDER_ID, ack.wrap(buffer, body, blockLength, version).brokerOrderId(), ORDER);
                move(-1, OrderTransitions.ON_ACK);
                break;
            }
            case FillDecoder.TEMPLATE_ID:
                fill.wrap(buffer, body, blockLength, version);
                applyFill(index, fill.brokerOrderId(), fill.fillQty(), fill.fillPrice());
                break;
            case BrokerRejectDecoder.TEMPLATE_ID:
                respond(RESPONSE_BROKER_REJECT);
                if (BrokerRejectReason.DUPLICATE_CLORDID.value() != reject.wrap(buffer, body, blockLength, version).reasonRaw())
                {
                    move(index, OrderTransitions.ON_REJECT);
                }
                break;
            case ExpiredDecoder.TEMPLATE_ID:
                value.putLong(BROKER_ORDER_ID, expired.wrap(buffer, body, blockLength, version).brokerOrderId(), ORDER);
                respond(RESPONSE_EXPIRED);
                move(index, OrderTransitions.ON_EXPIRE);
                break;
            case CanceledDecoder.TEMPLATE_ID:
                value.putLong(BROKER_ORDER_ID, canceled.wrap(buffer, body, blockLength, version).brokerOrderId(), ORDER);
                respond(RESPONSE_CANCELED);
                move(index, OrderTransitions.ON_CANCEL);
                break;
            case SendFailedDecoder.TEMPLATE_ID:
                sendFailed.wrap(buffer, body, blockLength, version);
                respond(RESPONSE_SEND_FAILED);
                value.putInt(SEND_FAILURES, value.getInt(SEND_FAILURES, ORDER) + 1, ORDER);
                if (sendFailed.attempt() == value.getInt(SENDS, ORDER) &&
                    null != OrderTransitions.next(stateOf(), OrderTransitions.ON_SEND_FAILED))
                {
                    final boolean timedOut = BrokerErrorCode.TIMEOUT.value() == sendFailed.errorCodeRaw();
                    if (BooleanType.TRUE.value() == sendFailed.finalAttemptRaw())
                    {
                        giveUp(index, timedOut);
                    }
                    else
                    {
                        // As OutboxProjection: the engine's decision (retry or give up) is the next message.
                        System.arraycopy(key, 0, failedKey, 0, KEY_SIZE);
                        failedSendPending = true;
                        failedSendTimedOut = timedOut;
                    }
                }
                break;
            case DuplicateSuppressedDecoder.TEMPLATE_ID:
                value.putInt(DUPLICATES_SUPPRESSED, value.getInt(DUPLICATES_SUPPRESSED, ORDER) + 1, ORDER);
                break;
            case OrderReconciledDecoder.TEMPLATE_ID:
            {
                // As OutboxProjection: the engine's state after the outcome is authoritative; quantity the venue
                // filled unreported counts as one execution.
                reconciled.wrap(buffer, body, blockLength, version);
                respond(RESPONSE_ORDER_RECONCILED);
                if (reconciled.brokerOrderId() != 0)
                {
                    value.putLong(BROKER_ORDER_ID, reconciled.brokerOrderId(), ORDER);
                }
                if (reconciled.adoptedQty() > 0)
                {
                    addExecution(reconciled.adoptedQty(), reconciled.adoptedPrice());
                }
                final EngineOrderState after = reconciled.engineState();
                if (after != stateOf() && after != EngineOrderState.NULL_VAL)
                {
                    value.putByte(STATE, stateCode(after));
                    value.putLong(TERMINAL_INDEX, OrderTransitions.isTerminal(after) ? index : -1, ORDER);
                }
                break;
            }
            default:
                throw new IllegalStateException("not a report: template " + templateId);
        }
    }

    private void applySent(final long tsNs)
    {
        value.putInt(SENDS, value.getInt(SENDS, ORDER) + 1, ORDER);
        if (value.getLong(SENT_NS, ORDER) == OutboxEntry.NO_TIME)
        {
            value.putLong(SENT_NS, tsNs, ORDER);
        }
        move(-1, OrderTransitions.ON_SEND);
    }

    /** As {@link OutboxEntry}: booked by the engine's rule ({@link OrderTransitions#booksFill}), or ignored. */
    private void applyFill(final long index, final long brokerOrderId, final long fillQty, final long fillPrice)
    {
        respond(RESPONSE_FILL);
        value.putLong(BROKER_ORDER_ID, brokerOrderId, ORDER);
        final EngineOrderState state = stateOf();
        final long leaves = value.getLong(QTY, ORDER) - value.getLong(FILLED_QTY, ORDER);
        if (!OrderTransitions.booksFill(state, fillQty, fillPrice, leaves))
        {
            return;
        }
        addExecution(fillQty, fillPrice);
        if (!OrderTransitions.racedTheEnd(state))
        {
            move(index, OrderTransitions.fillEvent(fillQty, leaves));
        }
    }

    private EngineOrderState stateOf()
    {
        return EntryLayout.state(value.getByte(STATE));
    }

    /** By the one life-cycle table; a transition the state does not allow changes nothing, as in the engine. */
    private void move(final long index, final int event)
    {
        final EngineOrderState next = OrderTransitions.next(stateOf(), event);
        if (next != null)
        {
            value.putByte(STATE, stateCode(next));
            if (OrderTransitions.isTerminal(next))
            {
                value.putLong(TERMINAL_INDEX, index, ORDER);
            }
        }
    }

    /** The engine gave up sending: in doubt (SENT) after a timeout, otherwise REJECTED locally. */
    private void giveUp(final long index, final boolean timedOut)
    {
        final EngineOrderState after = OrderTransitions.afterGivingUp(timedOut);
        value.putByte(STATE, stateCode(after));
        if (OrderTransitions.isTerminal(after))
        {
            value.putLong(TERMINAL_INDEX, index, ORDER);
        }
    }

    private void addExecution(final long qty, final long price)
    {
        value.putLong(FILLED_QTY, value.getLong(FILLED_QTY, ORDER) + qty, ORDER);
        final long notionalLow = value.getLong(FILL_NOTIONAL_LOW, ORDER);
        value.putLong(FILL_NOTIONAL_HIGH,
            FixedPoint.addProductHigh(value.getLong(FILL_NOTIONAL_HIGH, ORDER), notionalLow, qty, price), ORDER);
        value.putLong(FILL_NOTIONAL_LOW, FixedPoint.addProductLow(notionalLow, qty, price), ORDER);
    }

    private void respond(final byte response)
    {
        value.putByte(LAST_RESPONSE, response);
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
        value.putByte(LAST_RESPONSE, RESPONSE_NONE);
        value.putLong(QTY, qty, ORDER);
        value.putLong(PRICE, price, ORDER);
        value.putLong(FIRST_INDEX, index, ORDER);
        value.putLong(INPUT_INDEX, inputIndex, ORDER);
        value.putLong(CREATED_NS, createdNs, ORDER);
        value.putLong(SENT_NS, OutboxEntry.NO_TIME, ORDER);
        value.putLong(BROKER_ORDER_ID, OutboxEntry.NONE, ORDER);
        value.putLong(TERMINAL_INDEX, -1, ORDER);
        value.putLong(LAST_APPLIED_INDEX, index, ORDER);
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

    /** Body-relative offset of the idempotency key in the reports this applier handles (version-1 offsets). */
    private static int keyOffset(final int templateId)
    {
        switch (templateId)
        {
            case BrokerAckDecoder.TEMPLATE_ID: return BrokerAckDecoder.idempotencyKeyEncodingOffset();
            case FillDecoder.TEMPLATE_ID: return FillDecoder.idempotencyKeyEncodingOffset();
            case BrokerRejectDecoder.TEMPLATE_ID: return BrokerRejectDecoder.idempotencyKeyEncodingOffset();
            case ExpiredDecoder.TEMPLATE_ID: return ExpiredDecoder.idempotencyKeyEncodingOffset();
            case CanceledDecoder.TEMPLATE_ID: return CanceledDecoder.idempotencyKeyEncodingOffset();
            case SendFailedDecoder.TEMPLATE_ID: return SendFailedDecoder.idempotencyKeyEncodingOffset();
            case DuplicateSuppressedDecoder.TEMPLATE_ID: return DuplicateSuppressedDecoder.idempotencyKeyEncodingOffset();
            case OrderReconciledDecoder.TEMPLATE_ID: return OrderReconciledDecoder.idempotencyKeyEncodingOffset();
            default: throw new IllegalStateException("not a report: template " + templateId);
        }
    }
}

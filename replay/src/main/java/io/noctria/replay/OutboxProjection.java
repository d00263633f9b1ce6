package io.noctria.replay;

import io.noctria.codecs.OrderTransitions;
import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.*;
import io.noctria.journal.JournalConsumer;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The outbox rebuilt from the journal: one {@link OutboxEntry} per idempotency key, with its order, state,
 * broker answers, fills, retries and suppressed duplicates.
 * <p>
 * A fold over journal messages in index order: feed each one to {@link #onMessage}, from a
 * {@link io.noctria.journal.JournalReader} (replay) or as the engine journals it (live); the same messages
 * give the same entries. An entry starts at its OutboxRecorded, or at its first OrderSent when a replay window
 * begins between the two (OrderSent carries every order field). Broker reports and duplicates for a key with
 * no entry (recorded before the window) are counted in {@link #unmatchedReports()}.
 * <p>
 * States follow the engine's one life cycle ({@link OrderTransitions}) applied to the same journaled inputs, so an
 * entry reaches exactly the engine's state: a report the engine refused changes nothing here either, a fill on a
 * closed order is not booked (except one that raced a cancel or expiry), and a send the engine gave up on is
 * REJECTED, or SENT in doubt after a timeout. Where the engine's decision depends on its configuration (the attempt
 * limit), the projection reads the decision the engine journaled right after the input: a retry's OrderSent or a
 * SEND_FAILED alert.
 * <p>
 * Single-threaded. Lookups allocate nothing; each new key allocates its entry.
 */
public final class OutboxProjection implements JournalConsumer
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OutboxRecordedDecoder outboxRecorded = new OutboxRecordedDecoder();
    private final OrderSentDecoder orderSent = new OrderSentDecoder();
    private final OrderReconciledDecoder orderReconciled = new OrderReconciledDecoder();
    private final BrokerAckDecoder brokerAck = new BrokerAckDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final ExpiredDecoder expired = new ExpiredDecoder();
    private final CanceledDecoder canceled = new CanceledDecoder();
    private final SendFailedDecoder sendFailed = new SendFailedDecoder();
    private final BrokerRejectDecoder brokerReject = new BrokerRejectDecoder();
    private final AlertDecoder alert = new AlertDecoder();
    private final Hash32Key probe = new Hash32Key();
    // Lookup only: output order comes from the list, never from the map.
    private final Map<Hash32Key, OutboxEntry> byKey = new HashMap<>();
    private final List<OutboxEntry> entries = new ArrayList<>();
    private final List<OutboxEntry> entriesView = Collections.unmodifiableList(entries);
    private long lastIndex = -1;
    private long unmatchedReports;
    private long bookedFillIndex = -1;
    // A SendFailed the engine took without the final flag: its decision (retry or give up) is the next message.
    private OutboxEntry failedSend;
    private boolean failedSendTimedOut;

    /**
     * Folds one journal message in. Messages that do not concern the outbox are ignored.
     *
     * @param index  journal index of the message.
     * @param buffer holding the message.
     * @param offset of its SBE header.
     * @param length of the message, header included.
     */
    @Override
    public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        lastIndex = index;
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        final OutboxEntry failed = failedSend;
        failedSend = null;
        switch (templateId)
        {
            case OutboxRecordedDecoder.TEMPLATE_ID:
                onOutboxRecorded(index, outboxRecorded.wrap(buffer, body, blockLength, version));
                break;
            case OrderSentDecoder.TEMPLATE_ID:
                onOrderSent(index, orderSent.wrap(buffer, body, blockLength, version));
                break;
            case BrokerAckDecoder.TEMPLATE_ID:
            {
                final OutboxEntry entry = find(buffer, body, templateId);
                if (entry != null)
                {
                    entry.onAck(brokerAck.wrap(buffer, body, blockLength, version).brokerOrderId(), "BrokerAck");
                }
                break;
            }
            case FillDecoder.TEMPLATE_ID:
            {
                final OutboxEntry entry = find(buffer, body, templateId);
                if (entry != null)
                {
                    fill.wrap(buffer, body, blockLength, version);
                    if (entry.onFill(index, fill.brokerOrderId(), fill.fillQty(), fill.fillPrice(), "Fill"))
                    {
                        bookedFillIndex = index;
                    }
                }
                break;
            }
            case BrokerRejectDecoder.TEMPLATE_ID:
            {
                final OutboxEntry entry = find(buffer, body, templateId);
                if (entry != null)
                {
                    entry.onReject(index, BrokerRejectReason.DUPLICATE_CLORDID.value() ==
                        brokerReject.wrap(buffer, body, blockLength, version).reasonRaw(), "BrokerReject");
                }
                break;
            }
            case ExpiredDecoder.TEMPLATE_ID:
            {
                final OutboxEntry entry = find(buffer, body, templateId);
                if (entry != null)
                {
                    entry.onEnd(index, expired.wrap(buffer, body, blockLength, version).brokerOrderId(),
                        OrderTransitions.ON_EXPIRE, "Expired");
                }
                break;
            }
            case CanceledDecoder.TEMPLATE_ID:
            {
                final OutboxEntry entry = find(buffer, body, templateId);
                if (entry != null)
                {
                    entry.onEnd(index, canceled.wrap(buffer, body, blockLength, version).brokerOrderId(),
                        OrderTransitions.ON_CANCEL, "Canceled");
                }
                break;
            }
            case SendFailedDecoder.TEMPLATE_ID:
            {
                final OutboxEntry entry = find(buffer, body, templateId);
                if (entry != null)
                {
                    sendFailed.wrap(buffer, body, blockLength, version);
                    if (entry.onSendFailed(sendFailed.attempt(), "SendFailed"))
                    {
                        final boolean timedOut = BrokerErrorCode.TIMEOUT.value() == sendFailed.errorCodeRaw();
                        if (BooleanType.TRUE.value() == sendFailed.finalAttemptRaw())
                        {
                            entry.giveUp(index, timedOut);
                        }
                        else
                        {
                            // The engine retries (an OrderSent follows) or, at its attempt limit, gives up with a
                            // SEND_FAILED alert: the next message says which.
                            failedSend = entry;
                            failedSendTimedOut = timedOut;
                        }
                    }
                }
                break;
            }
            case OrderReconciledDecoder.TEMPLATE_ID:
            {
                final OutboxEntry entry = find(buffer, body, templateId);
                if (entry != null)
                {
                    orderReconciled.wrap(buffer, body, blockLength, version);
                    entry.onReconciled(index, orderReconciled.engineState(),
                        orderReconciled.adoptedQty(), orderReconciled.adoptedPrice(), orderReconciled.brokerOrderId());
                }
                break;
            }
            case DuplicateSuppressedDecoder.TEMPLATE_ID:
            {
                final OutboxEntry entry = find(buffer, body, templateId);
                if (entry != null)
                {
                    entry.onDuplicate();
                }
                break;
            }
            case AlertDecoder.TEMPLATE_ID:
                if (failed != null && AlertCode.SEND_FAILED.value() ==
                    alert.wrap(buffer, body, blockLength, version).codeRaw())
                {
                    failed.giveUp(index, failedSendTimedOut);
                }
                break;
            default:
                break;
        }
    }

    /**
     * @return true when the Fill at {@code index} (the message just folded) was booked on its order by the
     * engine's rule; false for a fill the engine ignored (closed order, over-fill), which the KPIs must not count.
     */
    boolean bookedFill(final long index)
    {
        return bookedFillIndex == index;
    }

    /** Invalid excerpts carry no order: nothing to fold (the {@link Projections} count them). */
    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        lastIndex = index;
    }

    /** @return every entry, in order of first journal index (the order keys first appeared). */
    public List<OutboxEntry> entries()
    {
        return entriesView;
    }

    /** @return the entry of a key given as lowercase hex, or null. Scans: for tools and tests. */
    public OutboxEntry entry(final String idempotencyKeyHex)
    {
        for (int i = 0, n = entries.size(); i < n; i++)
        {
            final OutboxEntry entry = entries.get(i);
            if (entry.idempotencyKey().equals(idempotencyKeyHex))
            {
                return entry;
            }
        }
        return null;
    }

    /** @return how many keys the outbox holds. */
    public int size()
    {
        return entries.size();
    }

    /** @return broker reports and duplicates naming a key without an entry (recorded before the replay window). */
    public long unmatchedReports()
    {
        return unmatchedReports;
    }

    /** @return journal index of the last excerpt folded in, or -1. */
    public long lastIndex()
    {
        return lastIndex;
    }

    /**
     * @return the entry of the key carried by the message whose body starts at {@code body}, or null when the
     * message carries no key or the key has no entry. Allocation-free. For {@link Kpis}.
     */
    OutboxEntry entryFor(final DirectBuffer buffer, final int body, final int templateId)
    {
        final int keyOffset = Fields.keyOffset(templateId);
        return keyOffset < 0 ? null : byKey.get(probe.set(buffer, body + keyOffset));
    }

    private OutboxEntry find(final DirectBuffer buffer, final int body, final int templateId)
    {
        final OutboxEntry entry = entryFor(buffer, body, templateId);
        if (entry == null)
        {
            unmatchedReports++;
        }
        return entry;
    }

    private void onOutboxRecorded(final long index, final OutboxRecordedDecoder recorded)
    {
        final Hash32Key key = probe.set(recorded.buffer(),
            recorded.offset() + OutboxRecordedDecoder.idempotencyKeyEncodingOffset());
        if (byKey.containsKey(key))
        {
            // The engine records a key once; a second record would be a journal of two engines. Keep the first.
            return;
        }
        final Hash32Key stored = key.copy();
        add(stored, new OutboxEntry(stored, index, recorded.inputIndex(), recorded.traceId(),
            recorded.symbol(), recorded.side(), recorded.qty(), recorded.price(), recorded.orderType(),
            recorded.timeInForce(), recorded.clOrdId(), recorded.tsNs(), EngineOrderState.NEW));
    }

    private void onOrderSent(final long index, final OrderSentDecoder sent)
    {
        final Hash32Key key = probe.set(sent.buffer(), sent.offset() + OrderSentDecoder.idempotencyKeyEncodingOffset());
        OutboxEntry entry = byKey.get(key);
        if (entry == null)
        {
            // The window began after the OutboxRecorded: OrderSent carries the whole order, so start from it.
            final Hash32Key stored = key.copy();
            entry = new OutboxEntry(stored, index, sent.inputIndex(), sent.traceId(), sent.symbol(),
                sent.side(), sent.qty(), sent.price(), sent.orderType(), sent.timeInForce(), sent.clOrdId(),
                OutboxEntry.NO_TIME, EngineOrderState.NEW);
            add(stored, entry);
        }
        entry.onSent(sent.tsNs());
    }

    private void add(final Hash32Key key, final OutboxEntry entry)
    {
        byKey.put(key, entry);
        entries.add(entry);
    }
}

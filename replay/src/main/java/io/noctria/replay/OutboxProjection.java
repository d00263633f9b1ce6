package io.noctria.replay;

import io.noctria.engine.core.OutboxEntryFields;

import io.noctria.engine.core.OutboxRules;
import io.noctria.engine.core.OutboxEntry;
import io.noctria.engine.core.Hash32Key;
import io.noctria.engine.core.IdempotencyKeys;
import io.noctria.codecs.FrameInput;
import io.noctria.journal.MessageBodyConsumer;
import io.noctria.codecs.MessageFields;
import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.*;
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
 * Entries change by the {@link OutboxRules}, the same code the engine's outbox mirror applies to its map, so both
 * reach the engine's state for the same journal.
 * <p>
 * Single-threaded. Lookups allocate nothing; each new key allocates its entry.
 */
public final class OutboxProjection implements MessageBodyConsumer
{
    private final FrameInput frameInput;
    private final OutboxRecordedDecoder outboxRecorded = new OutboxRecordedDecoder();
    private final OrderSentDecoder orderSent = new OrderSentDecoder();
    private final OutboxRules rules = new OutboxRules();
    private final OutboxEntryFields fields = new OutboxEntryFields();
    private final Hash32Key probe = new Hash32Key();
    // Lookup only: output order comes from the list, never from the map.
    private final Map<Hash32Key, OutboxEntry> byKey = new HashMap<>();
    private final List<OutboxEntry> entries = new ArrayList<>();
    private final List<OutboxEntry> entriesView = Collections.unmodifiableList(entries);
    private long lastIndex = -1;
    private long unmatchedReports;
    private long bookedFillIndex = -1;
    // The entry of a SendFailed the engine took without the final flag: its decision is the next message.
    private OutboxEntry failedSend;

    /** @param frameInput what the events of the frame being folded refer to, fed by the caller. */
    public OutboxProjection(final FrameInput frameInput)
    {
        this.frameInput = frameInput;
    }

    /**
     * Folds one journal message in. Messages that do not concern the outbox are ignored.
     *
     * @param index       journal index of the message.
     * @param templateId  its template.
     * @param buffer      holding the message.
     * @param body        where its body starts.
     * @param blockLength its acting block length.
     * @param version     its acting schema version.
     */
    @Override
    public void onMessage(
        final long index, final int templateId, final DirectBuffer buffer, final int body, final int blockLength,
        final int version)
    {
        lastIndex = index;
        if (rules.givesUp(templateId, buffer, body, blockLength, version))
        {
            rules.giveUp(fields.wrap(failedSend), index);
        }
        else if (OutboxRecordedDecoder.TEMPLATE_ID == templateId)
        {
            onOutboxRecorded(index, outboxRecorded.wrap(buffer, body, blockLength, version));
        }
        else if (OrderSentDecoder.TEMPLATE_ID == templateId)
        {
            onOrderSent(index, orderSent.wrap(buffer, body, blockLength, version));
        }
        else if (OutboxRules.isReport(templateId))
        {
            final OutboxEntry entry = find(buffer, body, templateId);
            if (entry != null)
            {
                final int outcome = rules.applyReport(fields.wrap(entry), index, templateId, buffer, body,
                    blockLength, version);
                if (OutboxRules.FILL_BOOKED == outcome)
                {
                    bookedFillIndex = index;
                }
                failedSend = OutboxRules.DECISION_NEXT == outcome ? entry : null;
            }
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
        return frameInput.keyAt(templateId, buffer, body) ?
            byKey.get(probe.set(frameInput.buffer(), frameInput.index())) : null;
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
        if (!frameInput.keyAt(OutboxRecordedDecoder.TEMPLATE_ID, recorded.buffer(), recorded.offset()))
        {
            // Not after an OrderRequest: no journal this engine writes holds one; nothing to record it under.
            return;
        }
        final Hash32Key key = probe.set(frameInput.buffer(), frameInput.index());
        if (byKey.containsKey(key))
        {
            // The engine records a key once; a second record would be a journal of two engines. Keep the first.
            return;
        }
        final Hash32Key stored = key.copy();
        final String clOrdId = IdempotencyKeys.clOrdId(frameInput.buffer(), frameInput.index());
        frameInput.traceAt(OutboxRecordedDecoder.TEMPLATE_ID, recorded.buffer(), recorded.offset());
        final String traceId = MessageFields.ascii(frameInput.buffer(), frameInput.index(),
            MessageFields.TRACE_ID_LENGTH);
        final String symbol = MessageFields.ascii(frameInput.inputBuffer(), FrameInput.symbolIndex(),
            OrderRequestDecoder.symbolLength());
        add(stored, new OutboxEntry(stored, index, recorded.inputIndex(), traceId, symbol, recorded.side(),
            recorded.qty(), recorded.price(), recorded.orderType(), recorded.timeInForce(), clOrdId,
            recorded.tsNs()));
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
                OutboxEntry.NO_TIME);
            add(stored, entry);
        }
        OutboxRules.onSent(fields.wrap(entry), sent.tsNs());
    }

    private void add(final Hash32Key key, final OutboxEntry entry)
    {
        byKey.put(key, entry);
        entries.add(entry);
    }
}

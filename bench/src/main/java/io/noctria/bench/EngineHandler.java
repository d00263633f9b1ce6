package io.noctria.bench;

import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.core.EpochNanoClock;
import io.noctria.engine.core.EventSink;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.engine.core.IdempotencyKeys;
import io.noctria.journal.Journal;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * The engine's business step, assembled from its public pieces the way
 * {@code io.noctria.engine.runtime.ExecutionHandler} and {@code JournalingEventSink} assemble them:
 * journal the input, run it through the {@link ExecutionCore}, journal every event in order, and
 * hand an OrderSent to the broker side only after its journal append.
 */
final class EngineHandler extends PipelineHandler
{
    private final ExecutionCore core;
    private long currentRequest = -1;
    private long eventsJournaled;

    EngineHandler(
        final Journal journal,
        final OrderHandoffRing handoff,
        final IdleStrategy handoffIdle,
        final EngineConfig config,
        final RiskPolicy policy,
        final EpochNanoClock clock)
    {
        super(journal, handoff, handoffIdle);
        core = new ExecutionCore(config, policy, new IdempotencyKeys(BenchFixtures.SECRET), new JournalingSink(), clock);
    }

    @Override
    void process(final BenchSlot slot)
    {
        currentRequest = slot.request;
        final long index = journal.append(slot.buffer, 0, slot.length);
        core.onInput(index, slot.buffer, 0);
    }

    ExecutionCore core()
    {
        return core;
    }

    long eventsJournaled()
    {
        return eventsJournaled;
    }

    /** As the engine's JournalingEventSink: append, then hand OrderSent over. */
    private final class JournalingSink implements EventSink
    {
        @Override
        public void onEvent(final DirectBuffer buffer, final int offset, final int length)
        {
            journal.append(buffer, offset, length);
            eventsJournaled++;
            final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
                MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
            if (templateId == OrderSentDecoder.TEMPLATE_ID)
            {
                handoff.offer(OrderHandoffRing.tagOf(currentRequest), buffer, offset, length, handoffIdle);
            }
        }
    }
}

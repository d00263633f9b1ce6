package io.noctria.bench;

import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.core.EpochNanoClock;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.engine.runtime.JournalingEventSink;
import io.noctria.engine.runtime.OrderHandoff;
import io.noctria.journal.Journal;
import org.agrona.concurrent.IdleStrategy;

/**
 * The engine's business step, as {@code io.noctria.engine.runtime.ExecutionHandler} runs it: journal the input,
 * then run it through the {@link ExecutionCore}, whose events go to the engine's own {@link JournalingEventSink}
 * (journal every event in order, hand an OrderSent to the broker side only after its journal append).
 */
final class EngineHandler extends PipelineHandler
{
    private final ExecutionCore core;

    EngineHandler(
        final Journal journal,
        final OrderHandoff handoff,
        final IdleStrategy handoffIdle,
        final EngineConfig config,
        final EpochNanoClock clock)
    {
        super(journal, handoff, handoffIdle);
        core = BenchFixtures.core(config, new JournalingEventSink(journal, handoff, handoffIdle), clock);
    }

    @Override
    void process(final BenchSlot slot)
    {
        final long index = journal.append(slot.buffer, 0, slot.length);
        core.onInput(index, slot.buffer, 0);
    }
}

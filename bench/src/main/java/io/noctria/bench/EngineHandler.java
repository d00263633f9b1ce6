package io.noctria.bench;

import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.core.EpochNanoClock;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.engine.runtime.JournalingEventSink;
import io.noctria.engine.runtime.OrderHandoff;
import io.noctria.journal.Journal;
import org.agrona.concurrent.IdleStrategy;

/**
 * The engine's business step, as {@code io.noctria.engine.runtime.ExecutionHandler} runs it: the engine's own
 * {@link JournalingEventSink} runs the input through the {@link ExecutionCore} and journals it with all of its
 * events as one frame, then hands an OrderSent to the broker side.
 */
final class EngineHandler extends PipelineHandler
{
    private final ExecutionCore core;
    private final JournalingEventSink frames;

    EngineHandler(
        final Journal journal,
        final OrderHandoff handoff,
        final IdleStrategy handoffIdle,
        final EngineConfig config,
        final EpochNanoClock clock)
    {
        super(journal, handoff, handoffIdle);
        frames = new JournalingEventSink(journal, handoff, handoffIdle);
        core = BenchFixtures.core(config, frames, clock);
    }

    @Override
    void process(final BenchSlot slot)
    {
        frames.sequence(slot.buffer, 0, slot.length, core);
    }
}

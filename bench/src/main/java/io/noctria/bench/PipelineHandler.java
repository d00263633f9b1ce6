package io.noctria.bench;

import com.lmax.disruptor.EventHandler;
import io.noctria.engine.runtime.OrderHandoff;
import io.noctria.journal.Journal;
import org.agrona.concurrent.IdleStrategy;

/**
 * The harness's business thread (the ring's single consumer). Both variants journal every input
 * first, as the engine's {@code ExecutionHandler} does; they differ in what follows: the real core
 * ({@link EngineHandler}) or no logic at all ({@link BaselineHandler}).
 */
abstract class PipelineHandler implements EventHandler<BenchSlot>
{
    final Journal journal;
    final OrderHandoff handoff;
    final IdleStrategy handoffIdle;
    private volatile long requestsDone;
    private long requestsDoneLocal;

    PipelineHandler(final Journal journal, final OrderHandoff handoff, final IdleStrategy handoffIdle)
    {
        this.journal = journal;
        this.handoff = handoff;
        this.handoffIdle = handoffIdle;
    }

    @Override
    public final void onStart()
    {
        journal.assignToCurrentThread();
    }

    @Override
    public final void onEvent(final BenchSlot slot, final long sequence, final boolean endOfBatch)
    {
        process(slot);
        if (slot.request >= 0)
        {
            // One volatile store per input, like the engine's `processed` counter.
            requestsDone = ++requestsDoneLocal;
        }
    }

    abstract void process(BenchSlot slot);

    /** @return order requests fully processed (read by the harness's main thread). */
    final long requestsDone()
    {
        return requestsDone;
    }
}

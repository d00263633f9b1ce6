package io.noctria.engine.runtime;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.noctria.engine.config.WaitKind;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * Maps the configured {@link WaitKind}s to Disruptor wait strategies (business thread) and Agrona
 * idle strategies (ingress agent). Public so that tools measuring the engine's layout (the latency
 * harness) wait exactly as the engine does.
 */
public final class WaitStrategies
{
    private WaitStrategies()
    {
    }

    /** @return the business thread's wait on the ring for {@code kind}. */
    public static WaitStrategy ringWait(final WaitKind kind)
    {
        switch (kind)
        {
            case BUSY_SPIN: return new BusySpinWaitStrategy();
            case YIELDING: return new YieldingWaitStrategy();
            case SLEEPING:
            case BACKOFF: return new SleepingWaitStrategy();
            default: return new BlockingWaitStrategy();
        }
    }

    /** @return the ingress thread's idle strategy for {@code kind}. */
    public static IdleStrategy idle(final WaitKind kind)
    {
        switch (kind)
        {
            case BUSY_SPIN: return new BusySpinIdleStrategy();
            case YIELDING: return new YieldingIdleStrategy();
            case SLEEPING: return new SleepingIdleStrategy(100_000L);
            default: return new BackoffIdleStrategy(100, 10, 1_000L, 200_000L);
        }
    }
}

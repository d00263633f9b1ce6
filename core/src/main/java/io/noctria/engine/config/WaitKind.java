package io.noctria.engine.config;

/**
 * How a pipeline thread waits for work, as named in {@code configs/engine.yml}. The pipeline host
 * maps each to its Disruptor wait strategy or ingress idle strategy.
 */
public enum WaitKind
{
    /** Park on a lock/condition: no CPU while idle, wake-up costs microseconds. Kind to a 2-core box. */
    BLOCKING,
    /** Spin a little, then {@code Thread.yield()}: low latency, burns a core while idle. */
    YIELDING,
    /** Spin without pause: lowest latency, needs a dedicated core per waiting thread. */
    BUSY_SPIN,
    /** Spin, yield, then park for short sleeps: low idle CPU, latency of the sleep when idle. */
    SLEEPING,
    /** Spin, yield, then park with growing sleeps (Agrona BackoffIdleStrategy): for queue pollers only. */
    BACKOFF;

    /** @return the spelling used in configs/engine.yml ({@link ConfigSection#configName}). */
    public String configName()
    {
        return ConfigSection.configName(this);
    }
}

package io.noctria.engine.config;

/**
 * How a pipeline thread waits for work, as named in {@code configs/engine.yml}. The pipeline host
 * maps each to its Disruptor wait strategy or ingress idle strategy.
 */
public enum WaitKind
{
    /** Park on a lock/condition: no CPU while idle, wake-up costs microseconds. Kind to a 2-core box. */
    BLOCKING("blocking"),
    /** Spin a little, then {@code Thread.yield()}: low latency, burns a core while idle. */
    YIELDING("yielding"),
    /** Spin without pause: lowest latency, needs a dedicated core per waiting thread. */
    BUSY_SPIN("busy-spin"),
    /** Spin, yield, then park for short sleeps: low idle CPU, latency of the sleep when idle. */
    SLEEPING("sleeping"),
    /** Spin, yield, then park with growing sleeps (Agrona BackoffIdleStrategy): for queue pollers only. */
    BACKOFF("backoff");

    private final String configName;

    WaitKind(final String configName)
    {
        this.configName = configName;
    }

    /** @return the spelling used in configs/engine.yml. */
    public String configName()
    {
        return configName;
    }

    static WaitKind fromConfigName(final String name)
    {
        for (final WaitKind kind : values())
        {
            if (kind.configName.equals(name))
            {
                return kind;
            }
        }
        return null;
    }
}

package io.noctria.engine.config;

/**
 * Where the engine's venue runs, as named by {@code broker.mode} in {@code configs/engine.yml}.
 */
public enum BrokerMode
{
    /** The simulated broker inside the engine process, polled by the ingress thread. */
    EMBEDDED,
    /** A venue in another process ({@code noctria broker-sim}), reached through the queues in {@code broker.dir}. */
    PROCESS,
    /** A FIX 4.4 venue reached over TCP by the engine's FIX gateway (module fix; settings in {@link FixLinkConfig}). */
    FIX;

    /** @return the spelling used in configs/engine.yml ({@link ConfigSection#configName}). */
    public String configName()
    {
        return ConfigSection.configName(this);
    }
}

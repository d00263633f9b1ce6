package io.noctria.engine.config;

/**
 * A configuration file that cannot be used: missing, unreadable, not YAML, an unknown key, or a
 * value out of range. The message names the file, the key, the bad value and what is allowed,
 * e.g. {@code configs/risk_policy.yml: overrides.USDJPY.max_position_notional: -5 is invalid
 * (must be a positive number)}, so an operator can fix the file without reading code.
 * <p>
 * Thrown only while loading at start-up or on an explicit reload: a bad file stops the load,
 * never the running engine.
 */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message the complete operator-facing message: file, key, value and what is allowed.
     */
    public ConfigException(final String message)
    {
        super(message);
    }

    /**
     * @param message the complete operator-facing message.
     * @param cause   the I/O or parser failure behind it.
     */
    public ConfigException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}

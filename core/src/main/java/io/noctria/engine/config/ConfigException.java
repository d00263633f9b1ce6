package io.noctria.engine.config;

/**
 * A configuration file that cannot be used: missing, unreadable, not YAML, an unknown key, or a
 * value out of range. The message names the file, the key, the bad value and what is allowed,
 * e.g. {@code configs/risk_policy.yml: overrides.USDJPY.max_position_notional: -5 is invalid
 * (must be a positive number)}, so an operator can fix the file without reading code.
 * <p>
 * Thrown only while loading at start-up or on an explicit reload: a bad file stops the load,
 * never the running engine.
 * <p>
 * The message is at most {@link #MAX_MESSAGE_LENGTH} characters: it reaches stderr, logs and the journal (a
 * refused PolicyReload's alert), and the file it describes may come from anyone who can write to the inbound
 * queue, so a hostile file must not be able to make the report of its own refusal large.
 */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** Longest message, in characters, that any configuration error carries. */
    public static final int MAX_MESSAGE_LENGTH = 512;

    /** Marks where a message or an echoed value was cut short. */
    public static final String ELLIPSIS = "\u2026";

    /**
     * @param message the complete operator-facing message: file, key, value and what is allowed.
     */
    public ConfigException(final String message)
    {
        super(clip(message, MAX_MESSAGE_LENGTH));
    }

    /**
     * @param message the complete operator-facing message.
     * @param cause   the I/O or parser failure behind it.
     */
    public ConfigException(final String message, final Throwable cause)
    {
        super(clip(message, MAX_MESSAGE_LENGTH), cause);
    }

    /**
     * @param text     any text, possibly null.
     * @param maxChars the most characters to keep, including the ellipsis that marks a cut.
     * @return {@code text} itself when it fits, else its start followed by {@link #ELLIPSIS}.
     */
    public static String clip(final String text, final int maxChars)
    {
        if (null == text || text.length() <= maxChars)
        {
            return text;
        }
        int end = maxChars - ELLIPSIS.length();
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1)))
        {
            end--; // never split a surrogate pair
        }
        return text.substring(0, Math.max(0, end)) + ELLIPSIS;
    }
}

package io.noctria.engine.badinput;

import java.nio.charset.StandardCharsets;

/**
 * One bad JSON-lines input for {@code noctria submit}.
 *
 * @param name     unique, readable name.
 * @param stage    {@code submit}: submit refuses the line; {@code engine}: submit appends it and the engine refuses it.
 * @param expected the InputRejectReason name, or {@code risk:RULE} for a RiskDecision REJECT by that rule.
 * @param fragment text the error detail must contain.
 * @param bytes    the line's bytes, without the line ending.
 */
public record JsonCase(String name, String stage, String expected, String fragment, byte[] bytes)
{
    /** Cases refused by submit itself. */
    public static final String SUBMIT = "submit";
    /** Cases submit appends and the engine refuses. */
    public static final String ENGINE = "engine";

    public boolean refusedBySubmit()
    {
        return SUBMIT.equals(stage);
    }

    /** @return the input as text for messages (invalid UTF-8 shown as U+FFFD), abbreviated. */
    public String preview()
    {
        final String text = new String(bytes, StandardCharsets.UTF_8);
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }

    @Override
    public String toString()
    {
        return name;
    }
}

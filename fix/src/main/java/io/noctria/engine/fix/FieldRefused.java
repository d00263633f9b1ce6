package io.noctria.engine.fix;

/**
 * A field of the venue's message that the gateway cannot take (not a decimal, not an integer, a code without a
 * meaning in the schema), naming its tag and value so the refusal journaled for it can name them too.
 */
public final class FieldRefused extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final int tag;
    private final String value;

    /** @param why what the value should have been, e.g. "is not an integer". */
    public FieldRefused(final int tag, final String value, final String why)
    {
        super("tag " + tag + " = \"" + value + "\" " + why);
        this.tag = tag;
        this.value = value;
    }

    /** @return the FIX tag refused. */
    public int tag()
    {
        return tag;
    }

    /** @return the value as received (may be null when the field was absent). */
    public String value()
    {
        return value;
    }
}

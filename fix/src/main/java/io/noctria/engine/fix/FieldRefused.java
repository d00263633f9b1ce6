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
    private final String why;

    /** @param why what the value should have been, e.g. "is not an integer". */
    public FieldRefused(final int tag, final String value, final String why)
    {
        super("tag " + tag + " = \"" + value + "\" " + why);
        this.tag = tag;
        this.value = value;
        this.why = why;
    }

    /** @return what the value should have been, without tag and value (e.g. "is not an integer"). */
    public String why()
    {
        return why;
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

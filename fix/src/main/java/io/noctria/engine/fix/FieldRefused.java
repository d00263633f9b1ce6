package io.noctria.engine.fix;

/**
 * A field of the venue's message that the gateway cannot take (not a decimal, not an integer, a code without a
 * meaning in the schema), naming its tag and value so the refusal journaled for it can name them too.
 */
final class FieldRefused extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    /** The FIX tag refused. */
    final int tag;
    /** The value as received (null when the field was absent). */
    final String value;
    /** What the value should have been, without tag and value, e.g. "is not an integer". */
    final String why;

    FieldRefused(final int tag, final String value, final String why)
    {
        super("tag " + tag + " = \"" + value + "\" " + why);
        this.tag = tag;
        this.value = value;
        this.why = why;
    }
}

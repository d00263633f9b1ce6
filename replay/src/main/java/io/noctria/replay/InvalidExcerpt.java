package io.noctria.replay;

import io.noctria.codecs.RecordError;

/**
 * A journal excerpt that could not be read as a Noctria message: kept with its index so a report names it
 * rather than silently skipping it.
 */
public final class InvalidExcerpt
{
    private final long index;
    private final RecordError error;
    private final String detail;

    /**
     * @param index  journal index of the excerpt.
     * @param error  what is wrong with it.
     * @param detail the reader's explanation.
     */
    public InvalidExcerpt(final long index, final RecordError error, final String detail)
    {
        this.index = index;
        this.error = error;
        this.detail = detail;
    }

    /** @return journal index of the excerpt. */
    public long index()
    {
        return index;
    }

    /** @return what is wrong with it. */
    public RecordError error()
    {
        return error;
    }

    /** @return the reader's explanation, naming the offending values. */
    public String detail()
    {
        return detail;
    }

    @Override
    public String toString()
    {
        return index + " " + error + ": " + detail;
    }
}

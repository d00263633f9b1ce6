package io.noctria.replay;

import io.noctria.codecs.RecordError;

/**
 * A journal excerpt that could not be read as a Noctria message: kept with its index so a report names it
 * rather than silently skipping it.
 *
 * @param index  journal index of the excerpt.
 * @param error  what is wrong with it.
 * @param detail the reader's explanation, naming the offending values.
 */
public record InvalidExcerpt(long index, RecordError error, String detail)
{
    @Override
    public String toString()
    {
        return index + " " + error + ": " + detail;
    }
}

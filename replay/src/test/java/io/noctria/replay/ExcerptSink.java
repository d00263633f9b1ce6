package io.noctria.replay;

/** Where a test scenario writes its excerpts: a real journal, or straight into a consumer. */
@FunctionalInterface
interface ExcerptSink
{
    /** @return the journal index the excerpt got. */
    long append(byte[] excerpt);
}

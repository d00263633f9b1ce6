package io.noctria.codecs;

/**
 * Why an excerpt could not be read as a Noctria message.
 */
public enum RecordError
{
    /** Shorter than an SBE message header, or than the header's block length or a var-data length claims. */
    TRUNCATED,
    /** The header's schema id is not the Noctria schema's. */
    UNKNOWN_SCHEMA,
    /** The template id is not a message of the schema. */
    UNKNOWN_TEMPLATE,
    /** The header's version or block length cannot be decoded by this build (e.g. older than the first version). */
    UNSUPPORTED_VERSION,
    /** The message body cannot be decoded (e.g. a var-data length above the schema's maximum). */
    MALFORMED,
    /**
     * A frame (journal format 2) whose checksum or structure does not match its bytes: they changed after they were
     * written (a failing disk, a bad copy, an edit), or the queue's own excerpt header is unreadable.
     */
    DAMAGED,
    /** An excerpt without a frame header in a queue whose excerpts are framed (journal format 2). */
    UNFRAMED
}

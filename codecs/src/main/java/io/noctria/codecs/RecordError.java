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
    MALFORMED
}

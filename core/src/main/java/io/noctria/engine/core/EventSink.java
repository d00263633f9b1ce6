package io.noctria.engine.core;

import org.agrona.DirectBuffer;

/**
 * Receives every event the {@link ExecutionCore} produces, in production order, as one complete
 * SBE message (header included). The host journals it and, for {@code OrderSent}, hands it to the
 * broker gateway only after the journal append.
 * <p>
 * The bytes live in the core's reusable buffer: they are valid during the call only, so copy
 * them (the journal append does) before returning.
 */
@FunctionalInterface
public interface EventSink
{
    /**
     * @param buffer holding the message.
     * @param offset of the message header.
     * @param length of the message, header included.
     */
    void onEvent(DirectBuffer buffer, int offset, int length);
}

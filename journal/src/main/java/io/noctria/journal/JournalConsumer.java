package io.noctria.journal;

import io.noctria.codecs.RecordError;
import org.agrona.DirectBuffer;

/**
 * Receives the excerpts of a journal (or any Noctria queue) in index order.
 * <p>
 * An excerpt is a frame (journal format 2: an input and its events, checksummed) whose messages arrive one by one
 * with the frame's index, after {@link #onFrame}; or, in a queue written before frames, one message.
 * <p>
 * Every excerpt reaches exactly one of the two callbacks: a readable SBE message of the Noctria
 * schema goes to {@link #onMessage}; anything else (wrong schema id, unknown template, truncated,
 * unsupported version) goes to {@link #onInvalid} with its index, so a reader never crashes on
 * and never silently skips a bad excerpt.
 * <p>
 * The buffer is only valid for the duration of the call: copy what must outlive it.
 */
public interface JournalConsumer
{
    /**
     * A valid message: {@code buffer[offset, offset + length)} starts with the SBE message header.
     *
     * @param index  Chronicle Queue index of the excerpt.
     * @param buffer the excerpt's bytes.
     * @param offset where the message header starts.
     * @param length message length in bytes, header included.
     */
    void onMessage(long index, DirectBuffer buffer, int offset, int length);

    /**
     * A whole, verified frame (journal format 2) is about to be delivered: its {@code messages} messages follow as
     * {@link #onMessage} calls that all carry the frame's {@code index}, the first being the input (or host record)
     * and the rest its events, in the order they were produced. Not called for excerpts of a format-1 queue.
     *
     * @param index    Chronicle Queue index of the frame.
     * @param messages how many messages it holds (at least one).
     */
    default void onFrame(final long index, final int messages)
    {
    }

    /**
     * An excerpt that is not a readable message of the Noctria schema, or a frame that is not whole
     * ({@link RecordError#DAMAGED}, {@link RecordError#UNFRAMED}): none of its messages is delivered.
     *
     * @param index  Chronicle Queue index of the excerpt.
     * @param error  what is wrong with it.
     * @param detail a human-readable explanation naming the offending values.
     */
    void onInvalid(long index, RecordError error, String detail);
}

package io.noctria.journal;

import io.noctria.codecs.sbe.FrameHeaderEncoder;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * One excerpt of journal format 2 being built: a {@code FrameHeader} message, then the first message (an input, or
 * a host record such as EngineStopped), then the events it produced, each a whole SBE message with its own header
 * (docs/messages.md, "Frames"). {@link #seal} writes the header with the message count, the length and the CRC32C
 * of every byte after the checksum field, so a reader can tell a frame that is whole from one that changed.
 * <p>
 * The staging buffer is off-heap and grows only when a frame is larger than any before it: steady-state building
 * allocates nothing. One thread.
 */
public final class JournalFrame
{
    /** The frame layout version written in every header. */
    public static final short FRAME_VERSION = 1;
    /** Bytes of the frame header message (SBE header included): where the first message starts. */
    public static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + FrameHeaderEncoder.BLOCK_LENGTH;
    /**
     * The schema version written in the frame header's own message header, whatever the schema's current version:
     * the 8 bytes before the checksum are not covered by it, so a reader checks each of them exactly (block length,
     * template, schema, this version), and only a new frame layout changes it (with {@link #FRAME_VERSION}).
     */
    public static final int HEADER_SCHEMA_VERSION = 2;
    /** First byte the checksum covers: everything after the checksum field itself. */
    static final int CHECKED_FROM = MessageHeaderEncoder.ENCODED_LENGTH + FrameHeaderEncoder.crc32cEncodingOffset() +
        FrameHeaderEncoder.crc32cEncodingLength();

    private final ExpandableDirectByteBuffer buffer;
    private final MessageHeaderEncoder messageHeader = new MessageHeaderEncoder();
    private final FrameHeaderEncoder header = new FrameHeaderEncoder();
    private final FrameChecksum checksum = new FrameChecksum();
    private final FrameMessages messages = new FrameMessages();
    private int limit = HEADER_LENGTH;

    /** @param initialCapacity staging bytes to start with; grows to the largest frame built. */
    public JournalFrame(final int initialCapacity)
    {
        buffer = new ExpandableDirectByteBuffer(Math.max(initialCapacity, HEADER_LENGTH + 64));
    }

    /** Starts a new frame, forgetting the previous one. */
    public JournalFrame reset()
    {
        limit = HEADER_LENGTH;
        messages.clear();
        return this;
    }

    /**
     * Appends one whole SBE message (header included).
     *
     * @return where the copy starts in {@link #buffer()} (valid until the next {@link #reset} or growth).
     */
    public int add(final DirectBuffer message, final int offset, final int length)
    {
        final int at = limit;
        buffer.putBytes(at, message, offset, length);
        limit = at + length;
        messages.add(at, length);
        return at;
    }

    /** @return the messages added since {@link #reset}: where each starts in {@link #buffer()} and its length. */
    public FrameMessages messages()
    {
        return messages;
    }

    /**
     * Writes the frame header over the first {@link #HEADER_LENGTH} bytes.
     *
     * @return the frame's length: the excerpt to append is {@code buffer()[0, length)}.
     * @throws IllegalStateException when the frame holds no message.
     */
    public int seal()
    {
        if (messages.count() == 0)
        {
            throw new IllegalStateException("a frame holds at least one message");
        }
        header.wrapAndApplyHeader(buffer, 0, messageHeader);
        messageHeader.version(HEADER_SCHEMA_VERSION);
        header.crc32c(0)
            .frameVersion(FRAME_VERSION)
            .eventCount(messages.count() - 1)
            .length(limit - HEADER_LENGTH);
        header.crc32c(checksum.compute(buffer, CHECKED_FROM, limit - CHECKED_FROM) & 0xFFFF_FFFFL);
        return limit;
    }

    /** @return the staging buffer holding the frame. */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /** @return the frame's length so far (header included). */
    public int length()
    {
        return limit;
    }
}

package io.noctria.journal;

import io.noctria.codecs.MessageValidator;
import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.FrameHeaderDecoder;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import org.agrona.DirectBuffer;

/**
 * Checks that an excerpt is a whole frame of journal format 2 ({@link JournalFrame}) and finds its messages:
 * the header's block, the length it states, the CRC32C of every byte after the checksum field, the frame version,
 * then each message in turn (a readable message of the schema whose length the {@link MessageValidator} derives
 * from its block and var-data fields) and their count. The checksum is checked before any field it covers is
 * believed, so a flipped bit anywhere after it reads as {@link RecordError#DAMAGED}, not as a different value.
 * <p>
 * Allocation-free for valid frames (the message table grows only for a frame with more messages than any before).
 * One thread.
 */
final class FrameVerifier
{
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;

    private final MessageValidator validator = new MessageValidator();
    private final FrameChecksum checksum = new FrameChecksum();
    private final FrameMessages messages = new FrameMessages();
    private RecordError error;
    private String detail = "";

    /** @return true when {@code buffer[offset, offset + length)} starts with the header of a Noctria frame. */
    static boolean isFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= HEADER &&
            (buffer.getShort(offset + MessageHeaderDecoder.schemaIdEncodingOffset(), MessageHeaderDecoder.BYTE_ORDER)
                & 0xFFFF) == MessageHeaderDecoder.SCHEMA_ID &&
            (buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(), MessageHeaderDecoder.BYTE_ORDER)
                & 0xFFFF) == FrameHeaderDecoder.TEMPLATE_ID;
    }

    /**
     * @param buffer holding the excerpt, which starts with a frame header ({@link #isFrame}).
     * @param length the excerpt's length.
     * @return true when the frame is whole: then {@link #count()}, {@link #offset} and {@link #length} locate its
     * messages; otherwise {@link #error()} and {@link #detail()} say what is wrong.
     */
    boolean verify(final DirectBuffer buffer, final int length)
    {
        messages.clear();
        error = null;
        detail = "";
        final int blockLength = buffer.getShort(MessageHeaderDecoder.blockLengthEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final int headerEnd = HEADER + blockLength;
        final int headerVersion = buffer.getShort(MessageHeaderDecoder.versionEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        if (headerVersion != JournalFrame.HEADER_SCHEMA_VERSION)
        {
            // Not covered by the checksum, so checked exactly: a newer layout and a flipped bit look alike.
            return fail(headerVersion > JournalFrame.HEADER_SCHEMA_VERSION ? RecordError.UNSUPPORTED_VERSION :
                RecordError.DAMAGED, "frame header version " + headerVersion + " is not " +
                JournalFrame.HEADER_SCHEMA_VERSION + ", the version of frame layout " + JournalFrame.FRAME_VERSION +
                " (written by a newer Noctria, or damaged)");
        }
        if (blockLength != FrameHeaderDecoder.BLOCK_LENGTH || headerEnd > length)
        {
            return fail(RecordError.DAMAGED, "frame header block length " + blockLength + " is not the " +
                FrameHeaderDecoder.BLOCK_LENGTH + " bytes of frame layout 1 (or overruns the " + length +
                "-byte excerpt)");
        }
        final long stored = buffer.getInt(HEADER + FrameHeaderDecoder.crc32cEncodingOffset(),
            FrameHeaderDecoder.BYTE_ORDER) & 0xFFFF_FFFFL;
        final long computed = checksum.compute(buffer, JournalFrame.CHECKED_FROM, length - JournalFrame.CHECKED_FROM)
            & 0xFFFF_FFFFL;
        if (stored != computed)
        {
            return fail(RecordError.DAMAGED, "frame checksum mismatch: the header says CRC32C 0x" +
                Long.toHexString(stored) + " but the " + length + " bytes hold 0x" + Long.toHexString(computed) +
                " (the excerpt changed after it was written)");
        }
        final long frameLength = buffer.getInt(HEADER + FrameHeaderDecoder.lengthEncodingOffset(),
            FrameHeaderDecoder.BYTE_ORDER) & 0xFFFF_FFFFL;
        if (frameLength != length - headerEnd)
        {
            return fail(RecordError.DAMAGED, "frame header says " + frameLength + " bytes follow it but the excerpt " +
                "holds " + (length - headerEnd));
        }
        final int frameVersion = buffer.getByte(HEADER + FrameHeaderDecoder.frameVersionEncodingOffset()) & 0xFF;
        if (frameVersion != JournalFrame.FRAME_VERSION)
        {
            return fail(RecordError.UNSUPPORTED_VERSION, "frame version " + frameVersion + " is not the version " +
                JournalFrame.FRAME_VERSION + " this build reads (written by a newer Noctria?)");
        }
        final long expected = (buffer.getInt(HEADER + FrameHeaderDecoder.eventCountEncodingOffset(),
            FrameHeaderDecoder.BYTE_ORDER) & 0xFFFF_FFFFL) + 1;
        int at = headerEnd;
        while (at < length)
        {
            if (!validator.validate(buffer, at, length - at))
            {
                // The first message's detail stands alone (the index names its frame); a later one says which.
                return fail(validator.error(), messages.count() == 0 ? validator.detail() :
                    "message " + messages.count() + " of the frame (byte " + at + "): " + validator.detail());
            }
            messages.add(at, validator.messageLength());
            at += validator.messageLength();
        }
        if (messages.count() != expected)
        {
            return fail(RecordError.DAMAGED, "frame header counts " + expected + " messages but the frame holds " +
                messages.count());
        }
        return true;
    }

    /** @return messages in the last verified frame. */
    int count()
    {
        return messages.count();
    }

    /** @return where message {@code i} of the last verified frame starts. */
    int offset(final int i)
    {
        return messages.offset(i);
    }

    /** @return the length of message {@code i} of the last verified frame. */
    int length(final int i)
    {
        return messages.length(i);
    }

    RecordError error()
    {
        return error;
    }

    String detail()
    {
        return detail;
    }

    private boolean fail(final RecordError error, final String detail)
    {
        this.error = error;
        this.detail = detail;
        messages.clear();
        return false;
    }
}

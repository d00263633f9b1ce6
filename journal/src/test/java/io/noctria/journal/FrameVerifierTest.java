package io.noctria.journal;

import io.noctria.codecs.RecordError;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A frame is believed whole or not at all: its messages are found exactly, and every single-bit change anywhere in
 * it (header included) is refused, never read as other values.
 */
class FrameVerifierTest
{
    private final TestMessages messages = new TestMessages();

    @Test
    void shouldFindEveryMessageOfAWholeFrame()
    {
        final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(1024);
        final JournalFrame frame = new JournalFrame(64);
        final int[] lengths = new int[3];
        lengths[0] = messages.orderRequest(scratch, 0, 7, 1_000_000);
        frame.reset().add(scratch, 0, lengths[0]);
        lengths[1] = messages.control(scratch, 0, 5, "a reason of some length");
        frame.add(scratch, 0, lengths[1]);
        lengths[2] = messages.fill(scratch, 0, 9, 3);
        frame.add(scratch, 0, lengths[2]);
        final int length = frame.seal();
        assertEquals(JournalFrame.HEADER_LENGTH + lengths[0] + lengths[1] + lengths[2], length);

        final FrameVerifier verifier = new FrameVerifier();
        final UnsafeBuffer bytes = copy(frame, length);
        assertTrue(FrameVerifier.isFrame(bytes, 0, length));
        assertTrue(verifier.verify(bytes, length), verifier.detail());
        assertEquals(3, verifier.count());
        int at = JournalFrame.HEADER_LENGTH;
        for (int i = 0; i < 3; i++)
        {
            assertEquals(at, verifier.offset(i));
            assertEquals(lengths[i], verifier.length(i));
            at += lengths[i];
        }
    }

    @Test
    void shouldRefuseEverySingleBitFlipAnywhereInTheFrame()
    {
        final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(1024);
        final JournalFrame frame = new JournalFrame(64);
        frame.reset().add(scratch, 0, messages.orderRequest(scratch, 0, 7, 1_000_000));
        frame.add(scratch, 0, messages.control(scratch, 0, 5, "pause for the close"));
        final int length = frame.seal();
        final FrameVerifier verifier = new FrameVerifier();
        for (int position = 0; position < length; position++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                final UnsafeBuffer bytes = copy(frame, length);
                bytes.putByte(position, (byte)(bytes.getByte(position) ^ (1 << bit)));
                final String where = "bit " + bit + " of byte " + position + " of " + length;
                if (FrameVerifier.isFrame(bytes, 0, length))
                {
                    assertFalse(verifier.verify(bytes, length), where);
                    final RecordError error = verifier.error();
                    assertNotNull(error, where);
                    assertTrue(error == RecordError.DAMAGED || error == RecordError.UNSUPPORTED_VERSION, where + ": " +
                        error + " " + verifier.detail());
                }
                else
                {
                    // Template or schema id changed: the reader reports UNFRAMED in a framed queue.
                    assertTrue(position < JournalFrame.HEADER_LENGTH, where);
                }
            }
        }
    }

    @Test
    void shouldGiveTheSameChecksumOnTheHeapAndOffHeap()
    {
        final byte[] data = new byte[10_000];
        for (int i = 0; i < data.length; i++)
        {
            data[i] = (byte)(i * 31 + 7);
        }
        final UnsafeBuffer heap = new UnsafeBuffer(data);
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(data.length));
        direct.putBytes(0, data);
        final java.util.zip.CRC32C reference = new java.util.zip.CRC32C();
        reference.update(data, 3, 9_000);
        final FrameChecksum checksum = new FrameChecksum();
        assertEquals((int)reference.getValue(), checksum.compute(heap, 3, 9_000));
        assertEquals((int)reference.getValue(), checksum.compute(direct, 3, 9_000));
    }

    private static UnsafeBuffer copy(final JournalFrame frame, final int length)
    {
        final byte[] bytes = new byte[length];
        frame.buffer().getBytes(0, bytes);
        return new UnsafeBuffer(bytes);
    }
}

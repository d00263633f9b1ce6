package io.noctria.journal;

import org.agrona.DirectBuffer;

import java.util.zip.CRC32C;

/**
 * CRC32C (Castagnoli) of a frame's bytes, as {@link JournalFrame} writes it and {@link FrameVerifier} checks it.
 * <p>
 * Off-heap bytes (a memory-mapped excerpt, a direct staging buffer) are summed in place with Agrona's
 * {@code Crc32c}, the JDK's intrinsic on a raw address, when the JVM lets Agrona reach it
 * ({@code --add-opens java.base/java.util.zip}, in configs/jvm.options); otherwise, and for heap arrays, the JDK's
 * {@link CRC32C} over the array or over a reusable scratch copy. Both give the same value. Allocation-free after
 * construction. One instance per thread.
 */
final class FrameChecksum
{
    private static final org.agrona.checksum.Checksum OFF_HEAP = offHeap();
    private static final int SCRATCH = 4096;

    private final CRC32C crc = new CRC32C();
    private final byte[] scratch = new byte[SCRATCH];

    /** @return the CRC32C of {@code buffer[offset, offset + length)}. */
    int compute(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] array = buffer.byteArray();
        if (array == null && OFF_HEAP != null)
        {
            return OFF_HEAP.compute(buffer.addressOffset(), offset, length);
        }
        crc.reset();
        if (array != null)
        {
            crc.update(array, (int)(buffer.addressOffset() - org.agrona.BufferUtil.ARRAY_BASE_OFFSET) + offset, length);
        }
        else
        {
            for (int done = 0; done < length; done += SCRATCH)
            {
                final int chunk = Math.min(SCRATCH, length - done);
                buffer.getBytes(offset + done, scratch, 0, chunk);
                crc.update(scratch, 0, chunk);
            }
        }
        return (int)crc.getValue();
    }

    private static org.agrona.checksum.Checksum offHeap()
    {
        try
        {
            final org.agrona.checksum.Checksum checksum = org.agrona.checksum.Crc32c.INSTANCE;
            final long address = org.agrona.BufferUtil.address(java.nio.ByteBuffer.allocateDirect(8));
            checksum.compute(address, 0, 8);
            return checksum;
        }
        catch (final Throwable unavailable)
        {
            // The JVM runs without --add-opens java.base/java.util.zip: the scratch-copy path gives the same sums.
            return null;
        }
    }
}

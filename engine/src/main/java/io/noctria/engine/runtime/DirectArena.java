package io.noctria.engine.runtime;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * One block of direct memory, carved into cache-line aligned views and released explicitly.
 * <p>
 * An engine's ring slots and order hand-off take ≈ 40 MB of direct memory. Direct buffers are
 * otherwise returned only when a garbage collection happens to find them, which a steady-state
 * engine (that allocates nothing) may not trigger for a long time: an application that stops and
 * starts engines in one JVM could run out of direct memory. {@link #release} frees the block at once;
 * the owner must guarantee no view is used afterwards (the engine releases after both of its threads
 * have ended).
 */
final class DirectArena
{
    private static final int ALIGNMENT = 64;

    private final ByteBuffer block;
    private final int limit;
    private int next;
    private boolean released;

    DirectArena(final long capacityBytes)
    {
        if (capacityBytes + ALIGNMENT > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("arena of " + capacityBytes + " bytes is too large");
        }
        // A whole allocation (not a slice) so that its cleaner can be invoked; aligned by offset instead.
        block = ByteBuffer.allocateDirect((int)capacityBytes + ALIGNMENT);
        final long address = BufferUtil.address(block);
        next = (int)((ALIGNMENT - (address & (ALIGNMENT - 1))) & (ALIGNMENT - 1));
        limit = (int)capacityBytes + next;
    }

    /** @return a 64-byte aligned view of the next {@code length} bytes. */
    UnsafeBuffer take(final int length)
    {
        if (next + length > limit)
        {
            throw new IllegalStateException("arena exhausted: " + length + " bytes wanted, " + (limit - next) + " left");
        }
        final UnsafeBuffer view = new UnsafeBuffer(block, next, length);
        next += (length + ALIGNMENT - 1) & -ALIGNMENT;
        return view;
    }

    /** Frees the block. Idempotent. No view may be touched afterwards. */
    void release()
    {
        if (!released)
        {
            released = true;
            BufferUtil.free(block);
        }
    }

    /** @return bytes needed for {@code count} views of {@code length} bytes each. */
    static long bytesFor(final int count, final int length)
    {
        return (long)count * ((length + ALIGNMENT - 1) & -ALIGNMENT);
    }
}

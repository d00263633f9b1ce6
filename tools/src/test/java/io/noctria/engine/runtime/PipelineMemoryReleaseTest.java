package io.noctria.engine.runtime;

import io.noctria.codecs.sbe.StopReason;
import io.noctria.engine.badinput.MatrixEngine;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An engine gives its ring and hand-off memory back when it stops, not when a garbage collection
 * happens to run: an application (or a test suite) that starts and stops engines in one JVM must not
 * run out of direct memory.
 */
class PipelineMemoryReleaseTest
{
    private static final long RING_AND_HANDOFF = DirectArena.bytesFor(8192, InputSlot.CAPACITY) + 8L * 1024 * 1024;

    @TempDir
    Path work;

    @Test
    void shouldFreeTheRingAndHandOffMemoryAtStop() throws Exception
    {
        final long before = directMemoryUsed();
        final Engine engine = MatrixEngine.start(work.resolve("data"));
        final long running = directMemoryUsed();
        assertTrue(running - before >= RING_AND_HANDOFF, "the default ring and hand-off are direct: " +
            (running - before) + " bytes");
        engine.stop(StopReason.SHUTDOWN, TimeUnit.SECONDS.toNanos(20));
        final long after = directMemoryUsed();
        assertTrue(running - after >= RING_AND_HANDOFF, "freed at stop, no GC needed: " + (running - after) + " bytes");
    }

    @Test
    void shouldAlignViewsToCacheLinesAndRefuseToOverrun()
    {
        final DirectArena arena = new DirectArena(DirectArena.bytesFor(3, 100));
        for (int i = 0; i < 3; i++)
        {
            final UnsafeBuffer view = arena.take(100);
            assertEquals(0, view.addressOffset() & 63, "view " + i + " starts on a cache line");
            assertEquals(100, view.capacity());
        }
        assertThrows(IllegalStateException.class, () -> arena.take(1));
        arena.release();
        arena.release();
    }

    private static long directMemoryUsed()
    {
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            if ("direct".equals(pool.getName()))
            {
                return pool.getMemoryUsed();
            }
        }
        throw new AssertionError("no direct buffer pool");
    }
}

package io.noctria.engine.testing;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits in tests for a condition (a journal position, a file, a process state) with a deadline,
 * never for a fixed time: the test goes on as soon as the condition holds and fails with what it
 * waited for when the deadline passes (Aeron's {@code Tests.await}). Checks are a few milliseconds
 * apart, so cheap conditions only; a condition that replays a journal should read from a position.
 */
public final class Await
{
    private static final long PAUSE_NS = TimeUnit.MILLISECONDS.toNanos(5);

    private Await()
    {
    }

    /**
     * @param what      what is awaited, for the failure message.
     * @param timeoutMs the deadline, from now.
     * @param condition checked until it holds.
     * @throws AssertionError if the deadline passes first.
     */
    public static void await(final String what, final long timeoutMs, final BooleanSupplier condition)
    {
        await(() -> what, timeoutMs, condition);
    }

    /**
     * @param what      computed on failure only: what was awaited and what was seen instead.
     * @param timeoutMs the deadline, from now.
     * @param condition checked until it holds.
     * @throws AssertionError if the deadline passes first.
     */
    public static void await(final Supplier<String> what, final long timeoutMs, final BooleanSupplier condition)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what.get());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(PAUSE_NS);
            if (Thread.interrupted())
            {
                throw new AssertionError("interrupted while waiting for " + what.get());
            }
        }
    }
}

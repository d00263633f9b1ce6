package io.noctria.engine.testing;

import io.noctria.engine.runtime.EngineCounter;
import io.noctria.engine.runtime.EngineCounters;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting on an engine from a test, as Aeron's {@code Tests.awaitValue}: on its counters file, until a condition
 * holds or a deadline passes; never a fixed sleep, never a replay of the whole journal per poll.
 */
public final class Tests
{
    private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private Tests()
    {
    }

    /** @return a deadline {@code timeout} from now, in {@link System#nanoTime()} terms. */
    public static long deadline(final long timeout, final TimeUnit unit)
    {
        return System.nanoTime() + unit.toNanos(timeout);
    }

    /**
     * Opens {@code dataDir/cnc.dat} once the engine with this pid has created it (a file left by an earlier run, or
     * one still being laid out, is not taken); {@code pid} &lt; 0 takes any complete file.
     *
     * @throws AssertionError at the deadline, with the last reason the file could not be opened.
     */
    public static EngineCounters openCounters(final Path dataDir, final long pid, final long deadlineNs)
    {
        String last = "no attempt";
        while (true)
        {
            try
            {
                final EngineCounters counters = EngineCounters.open(dataDir);
                if (pid < 0 || counters.pid() == pid)
                {
                    return counters;
                }
                last = counters.path() + " is from pid " + counters.pid() + ", not " + pid;
                counters.close();
            }
            catch (final IllegalStateException ex)
            {
                last = ex.getMessage();
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("no counters file for pid " + pid + " in " + dataDir + ": " + last);
            }
            LockSupport.parkNanos(POLL_NS);
        }
    }

    /**
     * Waits until {@code counter}'s value satisfies {@code condition}.
     *
     * @param what what the condition means, for the failure message.
     * @return the value that satisfied it.
     * @throws AssertionError at the deadline, naming the counter, its last value and the file.
     */
    public static long awaitCounter(final EngineCounters counters, final EngineCounter counter,
        final LongPredicate condition, final long deadlineNs, final String what)
    {
        while (true)
        {
            final long value = counters.value(counter);
            if (condition.test(value))
            {
                return value;
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("timed out waiting for " + what + ": counter " + counter + " (" +
                    counter.label() + ") is " + value + " in " + counters.path());
            }
            LockSupport.parkNanos(POLL_NS);
        }
    }

    /**
     * Reads the journal with {@code read} until what it returns satisfies {@code condition}, again only each time
     * {@link EngineCounter#JOURNAL_POSITION} has moved: for a condition no counter states (a late report, an alert,
     * an audit), without re-reading a journal that has not changed.
     *
     * @return the read that satisfied the condition.
     * @throws AssertionError at the deadline, with the position and what the last read returned.
     */
    public static <T> T awaitJournal(final EngineCounters counters, final Supplier<T> read,
        final Predicate<T> condition, final long deadlineNs, final String what)
    {
        long position = Long.MIN_VALUE;
        T last = null;
        while (true)
        {
            final long now = counters.value(EngineCounter.JOURNAL_POSITION);
            if (now != position)
            {
                position = now;
                last = read.get();
                if (condition.test(last))
                {
                    return last;
                }
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                final String lastRead = String.valueOf(last);
                throw new AssertionError("timed out waiting for " + what + " at journal position " + position +
                    " in " + counters.path() + "; last read: " +
                    (lastRead.length() <= 2_000 ? lastRead : lastRead.substring(0, 2_000) + "..."));
            }
            LockSupport.parkNanos(POLL_NS);
        }
    }

    /** {@link #awaitCounter} for a counter reaching exactly {@code value}. */
    public static long awaitCounter(final EngineCounters counters, final EngineCounter counter, final long value,
        final long deadlineNs)
    {
        return awaitCounter(counters, counter, v -> v == value, deadlineNs, counter + " == " + value);
    }

    /** Opens the counters file of the engine process {@code pid} and waits until it says the engine runs. */
    public static EngineCounters awaitRunning(final Path dataDir, final long pid, final long deadlineNs)
    {
        final EngineCounters counters = openCounters(dataDir, pid, deadlineNs);
        try
        {
            awaitCounter(counters, EngineCounter.ENGINE_STATE, 1, deadlineNs);
            return counters;
        }
        catch (final AssertionError ex)
        {
            counters.close();
            throw ex;
        }
    }

    /**
     * Waits until an ingress duty cycle that started after this call ends with nothing waiting for, due for a retry
     * at or in flight at the broker, and every broker report it published is processed: every order decided before
     * the call then has its final report in the journal (the drain condition of {@code Engine.stop}, from another
     * process). Call it after a counter showed the orders decided (e.g. {@link EngineCounter#ORDER_REQUESTS}).
     */
    public static void awaitBrokerQuiet(final EngineCounters counters, final long deadlineNs)
    {
        final long cycle = counters.value(EngineCounter.INGRESS_CYCLE);
        awaitCounter(counters, EngineCounter.INGRESS_QUIESCENT_CYCLE, v -> v > cycle, deadlineNs,
            "a quiescent ingress duty cycle after cycle " + cycle);
        final long published = counters.value(EngineCounter.REPORTS_PUBLISHED);
        awaitCounter(counters, EngineCounter.BROKER_REPORTS, v -> v >= published, deadlineNs,
            published + " broker reports processed");
    }
}

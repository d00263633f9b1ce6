package io.noctria.engine.testing;

import io.noctria.engine.cli.NoctriaCli;
import io.noctria.engine.runtime.EngineCounter;
import io.noctria.engine.runtime.EngineCounters;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code noctria run} child JVM and its counters file, the one way process tests start an engine and wait on
 * it: started, it is awaited until its own {@code cnc.dat} says it runs (recovery over, SIGTERM now drains); every
 * wait is on a counter with a deadline, with the child's log in the failure. A counter wait fails at once if the
 * child has exited; a journal wait ({@link #awaitJournal}) at its deadline. {@link #close()} kills a child a
 * failed test left running.
 */
public final class EngineProcess implements AutoCloseable
{
    private static final long TIMEOUT_S = 60;
    /** The line {@code run} logs once its metrics port listens; a JSON log escapes the slashes. */
    private static final Pattern METRICS_ON = Pattern.compile("metrics on http:(?:\\\\?/){2}[^:]+:(\\d+)");

    private final String name;
    private final Path log;
    private final Process process;
    private EngineCounters counters;
    private int exitCode = -1;

    private EngineProcess(final String name, final Path log, final Process process)
    {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code noctria run --data-dir dataDir options...} in {@code jvm}, its output in {@code <name>.log},
     * and waits until it runs.
     */
    public static EngineProcess run(final ChildJvm jvm, final String name, final Path dataDir, final String... options)
        throws Exception
    {
        final List<String> args = new ArrayList<>(List.of("run", "--data-dir", dataDir.toString()));
        args.addAll(List.of(options));
        final EngineProcess engine = new EngineProcess(name, jvm.logFile(name),
            jvm.log(name).start(NoctriaCli.class, args));
        try
        {
            engine.counters = Tests.awaitRunning(dataDir, engine.process.pid(),
                Tests.deadline(TIMEOUT_S, TimeUnit.SECONDS));
        }
        catch (final AssertionError ex)
        {
            engine.close();
            throw new AssertionError(ex.getMessage() + "\n" + engine.log(), ex);
        }
        return engine;
    }

    /** @return this run's counters (open until {@link #stop()}). */
    public EngineCounters counters()
    {
        return counters;
    }

    /** Waits until {@code counter} is exactly {@code value}. */
    public long await(final EngineCounter counter, final long value)
    {
        return await(counter, v -> v == value, counter + " == " + value);
    }

    /**
     * Waits until {@code counter}'s value satisfies {@code condition} ({@code what} says what it means); fails at
     * once if the child exits first.
     */
    public long await(final EngineCounter counter, final LongPredicate condition, final String what)
    {
        try
        {
            final long value = Tests.awaitCounter(counters, counter, v -> condition.test(v) || !process.isAlive(),
                Tests.deadline(TIMEOUT_S, TimeUnit.SECONDS), what);
            if (!condition.test(value))
            {
                throw new AssertionError(name + " exited (" + process.exitValue() + ") while waiting for " + what +
                    ": counter " + counter + " is " + value);
            }
            return value;
        }
        catch (final AssertionError ex)
        {
            throw withLog(ex);
        }
    }

    /** {@link Tests#awaitJournal} on this run's journal position. */
    public <T> T awaitJournal(final Supplier<T> read, final Predicate<T> condition, final String what)
    {
        try
        {
            return Tests.awaitJournal(counters, read, condition, Tests.deadline(TIMEOUT_S, TimeUnit.SECONDS), what);
        }
        catch (final AssertionError ex)
        {
            throw withLog(ex);
        }
    }

    /** {@link Tests#awaitBrokerQuiet}: every order decided so far has its final report in the journal. */
    public void awaitBrokerQuiet()
    {
        try
        {
            Tests.awaitBrokerQuiet(counters, Tests.deadline(TIMEOUT_S, TimeUnit.SECONDS));
        }
        catch (final AssertionError ex)
        {
            throw withLog(ex);
        }
    }

    /**
     * @return the port this run logged "metrics on http://HOST:PORT/metrics" with ({@code --metrics-port 0}).
     * @throws AssertionError with the log when it logged none.
     */
    public int metricsPort()
    {
        final String log = log();
        final Matcher matcher = METRICS_ON.matcher(log);
        if (!matcher.find())
        {
            throw new AssertionError(name + " logged no metrics port\n" + log);
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** @return the answer to GET {@code path} (e.g. {@code /readyz}) on this run's metrics port, within 10 s. */
    public HttpResponse<String> getMetrics(final String path)
    {
        final int port = metricsPort();
        try
        {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (final Exception ex)
        {
            throw new AssertionError("GET " + path + " on " + name + "'s metrics port " + port + ": " + ex, ex);
        }
    }

    public boolean isAlive()
    {
        return process.isAlive();
    }

    /** @return the child's output so far. */
    public String log()
    {
        try
        {
            return name + " log:\n" + ChildJvm.readLog(log);
        }
        catch (final java.io.IOException ex)
        {
            return name + " log unreadable: " + ex;
        }
    }

    /** SIGTERM, then the exit (a drain); closes the counters. @return the exit status. */
    public int stop() throws Exception
    {
        if (exitCode < 0)
        {
            try
            {
                exitCode = ChildJvm.terminate(process, name, log);
            }
            finally
            {
                closeCounters();
            }
        }
        return exitCode;
    }

    /**
     * Waits up to 60 s for the child to exit on its own (a halt), closing the counters.
     *
     * @return the exit status.
     * @throws AssertionError with the log if it still runs then (it is killed).
     */
    public int awaitExit() throws Exception
    {
        closeCounters();
        if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(name + " did not exit on its own within " + TIMEOUT_S + " s\n" + log());
        }
        exitCode = process.exitValue();
        return exitCode;
    }

    /** SIGKILL (kill -9): no drain, no clean stop; waits for the exit and closes the counters. */
    public void kill() throws Exception
    {
        try
        {
            process.destroyForcibly().waitFor(TIMEOUT_S, TimeUnit.SECONDS);
            exitCode = process.exitValue();
        }
        finally
        {
            closeCounters();
        }
    }

    /** Stops the child if a test left it running (a failed assertion); a no-op after {@link #stop()}. */
    @Override
    public void close() throws Exception
    {
        if (process.isAlive())
        {
            stop();
        }
        closeCounters();
    }

    private AssertionError withLog(final AssertionError ex)
    {
        return new AssertionError(ex.getMessage() + "\n" + log() + "\n" + threadDump(), ex);
    }

    /**
     * @return the engine's threads as {@code jcmd PID Thread.print} prints them, for a wait that timed out (what was
     * each thread doing, the FIX library's included); a line saying why when there is none.
     */
    public String threadDump()
    {
        if (!process.isAlive())
        {
            return "(no thread dump: " + name + " has exited)";
        }
        try
        {
            final Path out = java.nio.file.Files.createTempFile("noctria-thread-dump", ".txt");
            try
            {
                final String jcmdPath = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
                final Process jcmd = new ProcessBuilder(jcmdPath, Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!jcmd.waitFor(20, TimeUnit.SECONDS))
                {
                    jcmd.destroyForcibly();
                    return "(no thread dump: jcmd did not answer within 20 s)";
                }
                return "thread dump of " + name + ":\n" + java.nio.file.Files.readString(out);
            }
            finally
            {
                java.nio.file.Files.deleteIfExists(out);
            }
        }
        catch (final Exception ex)
        {
            return "(no thread dump: " + ex + ")";
        }
    }

    private void closeCounters()
    {
        if (counters != null)
        {
            counters.close();
            counters = null;
        }
    }
}

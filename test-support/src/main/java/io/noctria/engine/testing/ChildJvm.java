package io.noctria.engine.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Starts a test's main class in a child JVM the way {@code bin/noctria} starts the engine: the project's JVM
 * flags (configs/jvm.options, plus configs/jvm-23plus.options on JDK 23+), this JVM's class path, Chronicle's and
 * JNA's scratch files kept under a directory of the test's (the shipped tools build the same start with
 * {@code io.noctria.engine.cli.JavaCommand}, which this module, below them all, cannot use). For tests whose claim is about processes: another
 * process appending to or tailing a queue, SIGKILL in the middle of a write, SIGTERM, a JVM's exit status.
 * <p>
 * Configure, then start:
 * <pre>{@code
 * try (ChildJvm.Running child = ChildJvm.in(tmp.resolve("writer")).heap("128m").launch(Writer.class, args))
 * {
 *     assertEquals(0, child.awaitExit(60, TimeUnit.SECONDS), child.output());
 * }
 * }</pre>
 * {@link #launch} gives a handle that kills the child when closed and shows its output in failure messages;
 * {@link #start} gives the bare {@link Process} for tests that manage it themselves (with {@link #terminate} and
 * {@link #readLog}). Output always goes to files, never to a pipe: a full pipe would stall the child. Defaults:
 * the work directory is the child's working directory, where its log and scratch files go; 256 MiB of heap;
 * stdout and stderr together in {@code <work directory>/<main class>.log}.
 * <p>
 * One general helper for every module's process tests (the engine's tests keep their own copy until a shared
 * test-support module takes this one).
 */
public final class ChildJvm
{
    private final Path workDir;
    private Path scratchDir;
    private String heap = "256m";
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Set<String> removedEnvironment = new LinkedHashSet<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private File stdout;
    private File stderr;
    private final List<String> shellLimits = new ArrayList<>();

    private ChildJvm(final Path workDir)
    {
        this.workDir = workDir;
        this.scratchDir = workDir;
    }

    /**
     * @param workDir the child's working directory, where its log and (unless {@link #scratch} says otherwise)
     *                Chronicle's scratch files go; created when missing.
     * @return a child to configure, then start.
     */
    public static ChildJvm in(final Path workDir)
    {
        return new ChildJvm(workDir);
    }

    /** @return the repository's configs/ directory (tests run with their module as working directory). */
    public static Path configs()
    {
        return Paths.get("").toAbsolutePath().getParent().resolve("configs");
    }

    /**
     * @param maxHeap the child's {@code -Xmx}, e.g. {@code 128m}.
     * @return this.
     */
    public ChildJvm heap(final String maxHeap)
    {
        this.heap = maxHeap;
        return this;
    }

    /**
     * @param dir where Chronicle ({@code project.build.directory}) and JNA ({@code jna.tmpdir}) put their scratch
     *            files; the work directory by default.
     * @return this.
     */
    public ChildJvm scratch(final Path dir)
    {
        this.scratchDir = dir;
        return this;
    }

    /**
     * @param option an extra JVM option, e.g. {@code -XX:TieredStopAtLevel=1} for short-lived children; given after
     *               the project's flags, so a {@code -D} here wins over a default.
     * @return this.
     */
    public ChildJvm jvmOption(final String option)
    {
        jvmOptions.add(option);
        return this;
    }

    /**
     * Starts the JVM through {@code sh -c 'umask MASK && exec java ...'}, so every file it creates without
     * explicit permissions gets the mode that umask allows (e.g. {@code 000}: rw-rw-rw- files, rwxrwxrwx
     * directories).
     *
     * @param mask 3 or 4 octal digits.
     * @return this.
     */
    public ChildJvm umask(final String mask)
    {
        if (!mask.matches("[0-7]{3,4}"))
        {
            throw new IllegalArgumentException("umask must be 3 or 4 octal digits: " + mask);
        }
        shellLimits.add("umask " + mask);
        return this;
    }

    /**
     * Starts the JVM through {@code sh -c 'ulimit -f BLOCKS && exec java ...'}: a write that would grow a file past
     * {@code kib} KiB fails with EFBIG ("File too large"), as a genuine I/O error of that file would.
     */
    public ChildJvm fileSizeLimitKib(final long kib)
    {
        if (kib <= 0)
        {
            throw new IllegalArgumentException("file size limit must be positive: " + kib);
        }
        shellLimits.add("ulimit -f " + kib * 2); // POSIX sh counts 512-byte blocks (bash outside POSIX mode: KiB)
        return this;
    }

    /**
     * @param name  an environment variable of the child.
     * @param value its value.
     * @return this.
     */
    public ChildJvm env(final String name, final String value)
    {
        removedEnvironment.remove(name);
        environment.put(name, value);
        return this;
    }

    /**
     * @param name an environment variable this JVM has that the child must not inherit.
     * @return this.
     */
    public ChildJvm withoutEnv(final String name)
    {
        environment.remove(name);
        removedEnvironment.add(name);
        return this;
    }

    /**
     * @param name standard output and error go together into {@code <work directory>/<name>.log}.
     * @return this.
     */
    public ChildJvm log(final String name)
    {
        this.stdout = workDir.resolve(name + ".log").toFile();
        this.stderr = null;
        return this;
    }

    /**
     * @param out where standard output goes (its directory is created when missing).
     * @param err where standard error goes (likewise).
     * @return this.
     */
    public ChildJvm output(final Path out, final Path err)
    {
        this.stdout = out.toFile();
        this.stderr = err.toFile();
        return this;
    }

    /**
     * SIGTERM, then waits up to 60 s for the exit (SIGKILL and an AssertionError with {@code log} after that).
     *
     * @param process the child.
     * @param name    what to call it in the failure message.
     * @param log     its log, shown on failure.
     * @return the exit status.
     */
    public static int terminate(final Process process, final String name, final Path log) throws Exception
    {
        process.destroy(); // SIGTERM
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(name + " did not stop within 60 s of SIGTERM\n" + readLog(log));
        }
        return process.exitValue();
    }

    /**
     * Runs {@code mainClass} with {@code args} to its end, its stdout and stderr in {@code workDir/<name>.out} and
     * {@code <name>.err}.
     *
     * @return the exit status and the output.
     * @throws AssertionError with the output when it has not exited within 60 s (it is killed then).
     */
    public CommandResult execute(final String name, final Class<?> mainClass, final String... args) throws Exception
    {
        final Path out = workDir.resolve(name + ".out");
        final Path err = workDir.resolve(name + ".err");
        output(out, err);
        final Process process = start(mainClass, args);
        final boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited)
        {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        final CommandResult result = new CommandResult(exited ? process.exitValue() : -1, readLog(out), readLog(err));
        if (!exited)
        {
            throw new AssertionError(name + " (" + String.join(" ", args) + ") did not exit within 60 s\n" + result);
        }
        return result;
    }

    /** @return {@code workDir/<name>.log}, where {@link #log(String)} sends a child's output. */
    Path logFile(final String name)
    {
        return workDir.resolve(name + ".log");
    }

    /** {@link #terminate(Process, String, Path)} for a child this started with {@link #log(String) log(name)}. */
    public int terminate(final Process process, final String name) throws Exception
    {
        return terminate(process, name, logFile(name));
    }

    /** @return the text of the log of the child this started with {@link #log(String) log(name)}, or "(no log)". */
    public String logOf(final String name) throws IOException
    {
        return readLog(logFile(name));
    }

    /**
     * @param log a child's log file.
     * @return the log's text, or "(no log)".
     */
    public static String readLog(final Path log) throws IOException
    {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    /**
     * @param mainClass the class whose {@code main} the child runs.
     * @param args      its arguments.
     * @return the running child, for a test that manages it itself.
     */
    public Process start(final Class<?> mainClass, final String... args) throws IOException
    {
        return start(mainClass, List.of(args));
    }

    /**
     * @param mainClass the class whose {@code main} the child runs.
     * @param args      its arguments.
     * @return the running child, for a test that manages it itself.
     */
    public Process start(final Class<?> mainClass, final List<String> args) throws IOException
    {
        return processBuilder(mainClass, args).start();
    }

    /**
     * @param mainClass the class whose {@code main} the child runs.
     * @param args      its arguments.
     * @return a handle that shows the child's output in failures and kills it, if still running, when closed.
     */
    public Running launch(final Class<?> mainClass, final List<String> args) throws IOException
    {
        final ProcessBuilder builder = processBuilder(mainClass, args);
        return new Running(builder.start(), builder.redirectOutput().file().toPath(),
            builder.redirectErrorStream() ? null : builder.redirectError().file().toPath());
    }

    private ProcessBuilder processBuilder(final Class<?> mainClass, final List<String> args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@" + configs().resolve("jvm.options"));
        if (Runtime.version().feature() >= 23)
        {
            command.add("@" + configs().resolve("jvm-23plus.options"));
        }
        command.add("-Dproject.build.directory=" + scratchDir);
        command.add("-Djna.tmpdir=" + scratchDir);
        command.add("-Xmx" + heap);
        // Short-lived children on a 2-core machine: the C2 compiler and parallel GC threads cost more CPU than
        // they save in a run of seconds, and the suite starts dozens of children. Nothing a child test claims
        // depends on peak compiled speed (latency is measured by the bench module, never here).
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        if (!shellLimits.isEmpty())
        {
            // sh -c SCRIPT ARG0 ARGS...: $0 is the java binary, "$@" the rest, passed through unquoted and unsplit.
            command.addAll(0, List.of("sh", "-c", String.join(" && ", shellLimits) + " && exec \"$0\" \"$@\""));
        }
        Files.createDirectories(workDir);
        final ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeAll(removedEnvironment);
        builder.environment().putAll(environment);
        final File out = stdout != null ? stdout : workDir.resolve(mainClass.getSimpleName() + ".log").toFile();
        Files.createDirectories(out.toPath().toAbsolutePath().getParent());
        if (stderr == null)
        {
            builder.redirectErrorStream(true).redirectOutput(out);
        }
        else
        {
            Files.createDirectories(stderr.toPath().toAbsolutePath().getParent());
            builder.redirectOutput(out).redirectError(stderr);
        }
        return builder;
    }

    /**
     * A started child: its output for failure messages, its exit, and a kill on close.
     *
     * @param process    the child process.
     * @param stdoutFile where its standard output goes (with standard error when {@code stderrFile} is null).
     * @param stderrFile where its standard error goes, or null.
     */
    public record Running(Process process, Path stdoutFile, Path stderrFile) implements AutoCloseable
    {
        /** @return true while the child runs. */
        public boolean isAlive()
        {
            return process.isAlive();
        }

        /**
         * @param timeout how long to wait.
         * @param unit    its unit.
         * @return the exit code; an AssertionError with the output when the child has not exited by then.
         */
        public int awaitExit(final long timeout, final TimeUnit unit) throws InterruptedException
        {
            if (!process.waitFor(timeout, unit))
            {
                throw new AssertionError("child did not exit within " + timeout + " " + unit + "\n" + output());
            }
            return process.exitValue();
        }

        /** @return what the child wrote to standard output (with standard error when they share a log). */
        public String stdout() throws IOException
        {
            return Files.readString(stdoutFile);
        }

        /** @return everything the child wrote, for failure messages; never throws. */
        public String output()
        {
            try
            {
                return stderrFile == null ? readLog(stdoutFile) :
                    "--- stdout\n" + readLog(stdoutFile) + "--- stderr\n" + readLog(stderrFile);
            }
            catch (final IOException ex)
            {
                return "(output unreadable: " + ex + ")";
            }
        }

        /** SIGKILL, as a crash would: no shutdown hooks, no close. Waits until the process is gone. */
        public void kill() throws InterruptedException
        {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                throw new AssertionError("child survived SIGKILL for 30 s");
            }
        }

        /** Kills the child if it is still running and waits for it to go. */
        @Override
        public void close()
        {
            if (process.isAlive())
            {
                process.destroyForcibly();
                try
                {
                    process.waitFor(30, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}

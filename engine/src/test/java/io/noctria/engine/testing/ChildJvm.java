package io.noctria.engine.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a child JVM the way {@code bin/noctria} starts the engine: the project's JVM flags
 * (configs/jvm.options, plus configs/jvm-23plus.options on JDK 23+), Chronicle's scratch directories
 * kept under the test's work directory, this test's class path. For tests whose claim is about
 * processes (SIGTERM, SIGKILL, another process tailing a queue, a JVM's exit status).
 */
public final class ChildJvm
{
    private final Path workDir;
    private String heap = "256m";
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private File stdout;
    private File stderr;
    private final List<String> shellLimits = new ArrayList<>();

    private ChildJvm(final Path workDir)
    {
        this.workDir = workDir;
    }

    /** @param workDir the child's working directory, where its logs and Chronicle's scratch files go. */
    public static ChildJvm in(final Path workDir)
    {
        return new ChildJvm(workDir);
    }

    /** The repository's configs/ directory (tests run with the module as working directory). */
    public static Path configs()
    {
        return Paths.get("").toAbsolutePath().getParent().resolve("configs");
    }

    public ChildJvm heap(final String maxHeap)
    {
        this.heap = maxHeap;
        return this;
    }

    /** An extra JVM option, e.g. {@code -XX:TieredStopAtLevel=1} for short-lived children. */
    public ChildJvm jvmOption(final String option)
    {
        jvmOptions.add(option);
        return this;
    }

    /**
     * Starts the JVM through {@code sh -c 'umask MASK && exec java ...'}, so every file it creates without explicit
     * permissions gets the mode that umask allows (e.g. {@code 000}: rw-rw-rw- files, rwxrwxrwx directories).
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

    public ChildJvm env(final String name, final String value)
    {
        environment.put(name, value);
        return this;
    }

    /** Standard output and error together into {@code workDir/<name>.log}. */
    public ChildJvm log(final String name)
    {
        this.stdout = workDir.resolve(name + ".log").toFile();
        this.stderr = null;
        return this;
    }

    /** Standard output and error into separate files. */
    public ChildJvm output(final Path out, final Path err)
    {
        this.stdout = out.toFile();
        this.stderr = err.toFile();
        return this;
    }

    /**
     * SIGTERM, then waits up to 60 s for the exit (SIGKILL and an AssertionError with {@code log} after that).
     *
     * @return the exit status.
     */
    public static int terminate(final Process process, final String name, final Path log) throws Exception
    {
        process.destroy(); // SIGTERM
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
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
    public Cli.Result execute(final String name, final Class<?> mainClass, final String... args) throws Exception
    {
        final Path out = workDir.resolve(name + ".out");
        final Path err = workDir.resolve(name + ".err");
        output(out, err);
        final Process process = start(mainClass, args);
        final boolean exited = process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        if (!exited)
        {
            process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        final Cli.Result result = new Cli.Result(exited ? process.exitValue() : -1, readLog(out), readLog(err));
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

    /** @return the log's text, or "(no log)". */
    public static String readLog(final Path log) throws IOException
    {
        return java.nio.file.Files.exists(log) ? java.nio.file.Files.readString(log) : "(no log)";
    }

    /** Runs {@code mainClass} with {@code args}. */
    public Process start(final Class<?> mainClass, final String... args) throws IOException
    {
        return start(mainClass, List.of(args));
    }

    /** Runs {@code mainClass} with {@code args}. */
    public Process start(final Class<?> mainClass, final List<String> args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@" + configs().resolve("jvm.options"));
        if (Runtime.version().feature() >= 23)
        {
            command.add("@" + configs().resolve("jvm-23plus.options"));
        }
        command.add("-Dproject.build.directory=" + workDir);
        command.add("-Djna.tmpdir=" + workDir);
        command.add("-Xmx" + heap);
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
        final ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().putAll(environment);
        final File out = stdout != null ? stdout : workDir.resolve(mainClass.getSimpleName() + ".log").toFile();
        if (stderr == null)
        {
            builder.redirectErrorStream(true).redirectOutput(out);
        }
        else
        {
            builder.redirectOutput(out).redirectError(stderr);
        }
        return builder.start();
    }
}

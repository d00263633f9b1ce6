package io.noctria.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts a test main class in a child JVM with the project's JVM flags and this JVM's class path, the
 * way {@code bin/noctria} starts the engine. Output goes to files (a full pipe would stall the child).
 */
final class ChildJvm implements AutoCloseable
{
    /** Surefire runs in the module directory; the flags live in the project's configs/. */
    private static final Path CONFIGS = Path.of("..", "configs").toAbsolutePath().normalize();

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildJvm(final Process process, final Path stdout, final Path stderr)
    {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * @param logs      where the child's stdout and stderr files go.
     * @param configure adjusts the builder (environment, working directory) before start.
     */
    static ChildJvm start(
        final Class<?> mainClass,
        final List<String> jvmArgs,
        final List<String> args,
        final Path logs,
        final Consumer<ProcessBuilder> configure) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@" + CONFIGS.resolve("jvm.options"));
        if (Runtime.version().feature() >= 23)
        {
            command.add("@" + CONFIGS.resolve("jvm-23plus.options"));
        }
        command.add("-Xmx128m");
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);

        Files.createDirectories(logs);
        final Path stdout = logs.resolve(mainClass.getSimpleName() + ".out");
        final Path stderr = logs.resolve(mainClass.getSimpleName() + ".err");
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
        configure.accept(builder);
        return new ChildJvm(builder.start(), stdout, stderr);
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /** @return the exit code, or fails when the child has not exited within the timeout. */
    int awaitExit(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        if (!process.waitFor(timeout, unit))
        {
            throw new AssertionError("child did not exit within " + timeout + " " + unit + "\n" + output());
        }
        return process.exitValue();
    }

    String stdout() throws IOException
    {
        return Files.readString(stdout);
    }

    String output()
    {
        try
        {
            return "--- stdout\n" + Files.readString(stdout) + "--- stderr\n" + Files.readString(stderr);
        }
        catch (final IOException ex)
        {
            return "(output unreadable: " + ex + ")";
        }
    }

    /** SIGKILL, as a crash would: no shutdown hooks, no close. Waits until the process is gone. */
    void kill() throws InterruptedException
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

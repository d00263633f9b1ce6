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
    private File stdout;
    private File stderr;

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
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
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

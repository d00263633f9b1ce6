package io.noctria.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code noctria bench ...}: the fixed-rate latency harness of the {@code bench} module
 * ({@code io.noctria.bench.LatencyHarness} in {@code bench/target/benchmarks.jar}).
 * <p>
 * The harness depends on the engine, so the engine cannot link it; this command runs it in a child
 * JVM with the project's JVM flags (configs/jvm.options), which also keeps the harness's heap, JIT
 * and GC log apart from the launcher's. {@code bin/noctria} builds the jar when it is missing or
 * stale. Every argument after {@code bench} is the harness's ({@code bin/noctria bench --help}).
 */
@Command(
    name = "bench",
    description = {
        "Latency harness: fixed-rate, coordinated-omission-free injection through the pipeline,",
        "with a same-run no-logic baseline (e.g. --rate 100000 --seconds 10 --json).",
        "Runs bench/target/benchmarks.jar; 'bench --help' lists its options." })
final class BenchCommand extends NoctriaSubcommand
{
    static final String HARNESS_CLASS = "io.noctria.bench.LatencyHarness";

    @Unmatched
    List<String> harnessArgs = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        final Path home = Paths.get(System.getProperty("noctria.home", ".")).toAbsolutePath().normalize();
        final Path jar = home.resolve("bench/target/benchmarks.jar");
        if (!Files.isRegularFile(jar))
        {
            throw new CommandFailure("no " + jar + ": build it with 'mvn -B -DskipTests -pl bench -am package' " +
                "(bin/noctria bench does this on first use)", 2);
        }
        Files.createDirectories(home.resolve("bench/target/runtime"));
        final List<String> command = command(home, jar);
        final Process harness = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Thread errCopy = new Thread(() -> copyLines(harness.getErrorStream(), err), "noctria-bench-stderr");
        errCopy.setDaemon(true);
        errCopy.start();
        copyLines(harness.getInputStream(), out);
        final int status = harness.waitFor();
        errCopy.join();
        return status;
    }

    List<String> command(final Path home, final Path jar)
    {
        final Path runtime = home.resolve("bench/target/runtime");
        final List<String> command = JavaCommand.withProjectFlags(home);
        command.add("-Dproject.build.directory=" + runtime);
        command.add("-Djna.tmpdir=" + runtime);
        command.add("-cp");
        command.add(jar.toString());
        command.add(HARNESS_CLASS);
        // The global --data-dir (before or after 'bench') names where the harness's journals go;
        // without it the harness uses a temporary directory, never the engine's ./data.
        if (dataDirGiven())
        {
            command.add("--data-dir");
            command.add(parent.dataDir.toString());
        }
        command.addAll(harnessArgs);
        return command;
    }

    private boolean dataDirGiven()
    {
        return spec.commandLine().getParseResult().hasMatchedOption("--data-dir") ||
            spec.parent().commandLine().getParseResult().hasMatchedOption("--data-dir");
    }

    private static void copyLines(final InputStream from, final PrintWriter to)
    {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8)))
        {
            for (String line = reader.readLine(); line != null; line = reader.readLine())
            {
                to.println(line);
                to.flush();
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}

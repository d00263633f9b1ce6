package io.noctria.engine.testing;

import io.noctria.engine.cli.NoctriaCli;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared header of a process test: a fresh work directory per test, the child JVM settings every child of the
 * test shares (heap, the idempotency secret, extra environment), {@code broker-sim} venues and {@code run} engines
 * started by name, operator keys; after each test it stops whatever the test left running (a failed assertion) and
 * deletes the work directory. Register it in the test class:
 * <pre>
 * &#64;RegisterExtension
 * final ChildProcesses processes = ChildProcesses.withSecret(SECRET);
 *
 * &#64;ProcessTest
 * void shouldTradeThroughTheVenue() throws Exception
 * {
 *     final ChildProcesses.Venue venue = processes.venue("broker-sim", processes.dir("venue"), config, 13);
 *     try (EngineProcess engine = processes.engine("engine", processes.dir("engine"), "--config", config.toString()))
 *     {
 *         ...
 *     }
 *     assertEquals(0, venue.stop(), venue.log());
 * }
 * </pre>
 * {@link #jvm()} gives a child JVM with the same settings for any other child (a {@code submit}, a FIX venue).
 */
public final class ChildProcesses implements BeforeEachCallback, AfterEachCallback
{
    private final String secret;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<AutoCloseable> running = new ArrayList<>();
    private String heap = "384m";
    private Path work;

    private ChildProcesses(final String secret)
    {
        this.secret = secret;
    }

    /** @return children started with {@code NOCTRIA_IDEMPOTENCY_SECRET=secret} and 384 MiB of heap. */
    public static ChildProcesses withSecret(final String secret)
    {
        return new ChildProcesses(secret);
    }

    /** @return this, its children's {@code -Xmx} set to {@code maxHeap}. */
    public ChildProcesses heap(final String maxHeap)
    {
        this.heap = maxHeap;
        return this;
    }

    /** @return this, every child started with {@code name=value} in its environment too. */
    public ChildProcesses env(final String name, final String value)
    {
        environment.put(name, value);
        return this;
    }

    @Override
    public void beforeEach(final ExtensionContext context) throws IOException
    {
        work = Files.createTempDirectory(context.getRequiredTestClass().getSimpleName() + "-");
    }

    @Override
    public void afterEach(final ExtensionContext context) throws Exception
    {
        Exception first = null;
        for (int i = running.size() - 1; i >= 0; i--)
        {
            try
            {
                running.get(i).close();
            }
            catch (final Exception ex)
            {
                if (first == null)
                {
                    first = ex;
                }
                else
                {
                    first.addSuppressed(ex);
                }
            }
        }
        running.clear();
        if (work != null && Files.exists(work))
        {
            Directories.deleteTree(work);
        }
        if (first != null)
        {
            throw first;
        }
    }

    /** @return the test's work directory, where the children's logs go. */
    public Path work()
    {
        return work;
    }

    /** @return {@code name} resolved in the work directory (not created). */
    public Path dir(final String name)
    {
        return work.resolve(name);
    }

    /** @return a child JVM in the work directory with this fixture's heap, secret and environment. */
    public ChildJvm jvm()
    {
        final ChildJvm jvm = ChildJvm.in(work).heap(heap).env("NOCTRIA_IDEMPOTENCY_SECRET", secret);
        environment.forEach(jvm::env);
        return jvm;
    }

    /**
     * Starts {@code noctria run --data-dir dataDir options...} as {@link EngineProcess#run} does, its log
     * {@code <name>.log}; stopped after the test if the test did not stop it.
     */
    public EngineProcess engine(final String name, final Path dataDir, final String... options) throws Exception
    {
        final EngineProcess engine = EngineProcess.run(jvm(), name, dataDir, options);
        running.add(engine);
        return engine;
    }

    /**
     * Starts {@code noctria run --data-dir dataDir --config config --policy configs/risk_policy.yml options...} (the
     * checked-in risk policy) as {@link #engine(String, Path, String...)} does.
     */
    public EngineProcess engine(final String name, final Path dataDir, final Path config, final String... options)
        throws Exception
    {
        final List<String> args = new ArrayList<>(List.of("--config", config.toString(), "--policy",
            ChildJvm.configs().resolve("risk_policy.yml").toString()));
        args.addAll(List.of(options));
        return engine(name, dataDir, args.toArray(String[]::new));
    }

    /**
     * Starts {@code noctria broker-sim --data-dir venueDir --config config --seed seed}, its log {@code <name>.log};
     * stopped after the test if the test did not stop it.
     */
    public Venue venue(final String name, final Path venueDir, final Path config, final long seed) throws IOException
    {
        final ChildJvm jvm = jvm();
        final Venue venue = new Venue(name, jvm, jvm.log(name).start(NoctriaCli.class, "broker-sim", "--data-dir",
            venueDir.toString(), "--config", config.toString(), "--seed", Long.toString(seed)));
        running.add(venue);
        return venue;
    }

    /**
     * Starts {@code noctria fix-venue --data-dir venueDir --port port options...}, its log {@code <name>.log}; stopped
     * after the test if the test did not stop it.
     */
    public Venue fixVenue(final String name, final Path venueDir, final int port, final String... options)
        throws IOException
    {
        final List<String> args = new ArrayList<>(List.of("fix-venue", "--data-dir", venueDir.toString(), "--port",
            Integer.toString(port)));
        args.addAll(List.of(options));
        final ChildJvm jvm = jvm();
        final Venue venue = new Venue(name, jvm, jvm.log(name).start(NoctriaCli.class, args));
        running.add(venue);
        return venue;
    }

    /** @return a TCP port free on loopback now, for a FIX venue to listen on. */
    public static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    /**
     * {@code noctria keygen --operator operator} into {@code keys/}, and its public key into {@code operators/}
     * (rwx------, as {@code run --operators} requires), in the work directory.
     */
    public OperatorKeys operator(final String operator) throws IOException
    {
        final Path keys = dir("keys");
        final Path operators = dir("operators");
        final CommandResult keygen = Cli.execute("keygen", "--operator", operator, "--out", keys.toString());
        if (keygen.code() != 0)
        {
            throw new AssertionError("keygen --operator " + operator + ": " + keygen);
        }
        if (!Files.isDirectory(operators))
        {
            Files.createDirectory(operators,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.copy(keys.resolve(operator + ".pub"), operators.resolve(operator + ".pub"));
        return new OperatorKeys(keys.resolve(operator + ".key"), operators);
    }

    /**
     * An operator's private key ({@code --key} of {@code pause}, {@code cancel-all}...) and the directory of trusted
     * public keys an engine is started with ({@code run --operators}).
     */
    public record OperatorKeys(Path key, Path operators)
    {
    }

    /**
     * A venue child process ({@code broker-sim} or {@code fix-venue}), its log {@code <name>.log} in {@code jvm}'s
     * work directory.
     */
    public record Venue(String name, ChildJvm jvm, Process process) implements AutoCloseable
    {
        /** SIGTERM, then the exit; a no-op but for the status once it has exited. @return the exit status. */
        public int stop() throws Exception
        {
            return process.isAlive() ? jvm.terminate(process, name) : process.exitValue();
        }

        /** @return the venue's output so far, for failure messages. */
        public String log() throws IOException
        {
            return name + " log:\n" + jvm.logOf(name);
        }

        @Override
        public void close() throws Exception
        {
            stop();
        }
    }
}

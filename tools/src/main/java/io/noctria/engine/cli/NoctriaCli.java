package io.noctria.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The {@code noctria} command: one command table for every subcommand, parsing and help.
 * <p>
 * Data goes to stdout, errors to stderr; the exit code is non-zero on failure. {@code System.exit}
 * is called only from {@link #main}, so tests run commands in-process through {@link #execute}.
 */
@Command(
    name = "noctria",
    mixinStandardHelpOptions = true,
    versionProvider = NoctriaCli.Version.class,
    description = "Noctria execution engine: single-writer order pipeline journaled to Chronicle Queue.",
    subcommands = { RunCommand.class, SubmitCommand.class, PauseCommand.class, CancelCommand.class, CancelAllCommand.class, TailCommand.class, JournalStatsCommand.class, OutboxCommand.class, ReplayCommand.class, ExportCommand.class,
        PostmortemCommand.class, ReloadPolicyCommand.class, StatusCommand.class, KeygenCommand.class, BenchCommand.class, BrokerSimCommand.class, FixVenueCommand.class,
        CommandLine.HelpCommand.class })
public final class NoctriaCli
{

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
        description = "Data directory holding the queues (default: ${DEFAULT-VALUE}).", defaultValue = "data")
    Path dataDir = Paths.get("data");

    /**
     * Runs a command line with the given output streams and returns its exit code.
     */
    public static int execute(final PrintWriter out, final PrintWriter err, final String... args)
    {
        final CommandLine commandLine = new CommandLine(new NoctriaCli())
            .setOut(out)
            .setErr(err)
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler((ex, cl, parseResult) ->
            {
                cl.getErr().println("noctria " + cl.getCommandName() + ": " + messageOf(ex));
                cl.getErr().flush();
                return ex instanceof CommandFailure ? ((CommandFailure)ex).exitCode() : 1;
            });
        final int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    public static void main(final String[] args)
    {
        final PrintWriter out = new PrintWriter(System.out, false);
        final PrintWriter err = new PrintWriter(System.err, true);
        System.exit(execute(out, err, args));
    }

    private static String messageOf(final Exception ex)
    {
        final String message = ex.getMessage();
        return message == null || message.isEmpty() ? ex.toString() : message;
    }

    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            return new String[]{ "noctria " + io.noctria.engine.runtime.Engine.VERSION + " (Java " + System.getProperty("java.version") + ")" };
        }
    }
}

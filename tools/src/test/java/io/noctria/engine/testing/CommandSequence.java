package io.noctria.engine.testing;

import io.noctria.engine.cli.NoctriaCli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A child JVM's main that runs several {@code noctria} commands one after another, as a shell script of separate
 * {@code noctria} runs would, but in one JVM: for a process test whose claim is about the process the commands run
 * in (its umask, its environment, a real JVM's stderr), not about each command having a JVM of its own. The
 * arguments are the commands' arguments, one command from the next separated by {@value #THEN}; the output goes to
 * this JVM's stdout and stderr, and after each command a line {@link #exited} to both, so that a test can tell the
 * commands' output apart ({@link #parts}). Every command runs; the JVM exits with the first non-zero status, else 0.
 */
public final class CommandSequence
{
    /** The argument between two commands. */
    public static final String THEN = ";";
    private static final String EXITED = "--- noctria command exited ";

    private CommandSequence()
    {
    }

    /** @return the arguments for {@link #main}: each command's arguments, separated by {@value #THEN}. */
    public static List<String> of(final List<List<String>> commands)
    {
        final List<String> args = new ArrayList<>();
        for (final List<String> command : commands)
        {
            if (!args.isEmpty())
            {
                args.add(THEN);
            }
            args.addAll(command);
        }
        return args;
    }

    /** @return the line printed after a command that exited with {@code code}. */
    public static String exited(final int code)
    {
        return EXITED + code;
    }

    /**
     * @param output the JVM's stdout or stderr.
     * @return each command's part of it, in order, with the exit status its closing line gave.
     */
    public static List<CommandResult> parts(final String output)
    {
        final List<CommandResult> parts = new ArrayList<>();
        final StringBuilder part = new StringBuilder();
        for (final String line : output.split("\n", -1))
        {
            if (line.startsWith(EXITED))
            {
                parts.add(new CommandResult(Integer.parseInt(line.substring(EXITED.length()).trim()), "",
                    part.toString()));
                part.setLength(0);
            }
            else
            {
                part.append(line).append('\n');
            }
        }
        return parts;
    }

    public static void main(final String[] args)
    {
        final PrintWriter out = new PrintWriter(System.out, true);
        final PrintWriter err = new PrintWriter(System.err, true);
        int status = 0;
        int from = 0;
        while (from <= args.length)
        {
            int to = from;
            while (to < args.length && !THEN.equals(args[to]))
            {
                to++;
            }
            final int code = NoctriaCli.execute(out, err, Arrays.copyOfRange(args, from, to));
            out.println(exited(code));
            err.println(exited(code));
            status = status == 0 ? code : status;
            from = to + 1;
        }
        System.exit(status);
    }
}

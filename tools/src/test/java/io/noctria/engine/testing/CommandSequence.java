package io.noctria.engine.testing;

import io.noctria.engine.cli.NoctriaCli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A child JVM's main that runs several {@code noctria} commands one after another, as a shell script of separate
 * {@code noctria} runs would, but in one JVM: for a process test whose claim is about the process the commands run
 * in (its umask, its environment), not about each command having a JVM of its own. The arguments are the commands'
 * arguments, one command from the next separated by {@value #THEN}; the output goes to this JVM's stdout and stderr.
 * It stops at the first command that exits non-zero, with that status (the commands before it ran), else exits 0.
 */
public final class CommandSequence
{
    /** The argument between two commands. */
    public static final String THEN = ";";

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

    public static void main(final String[] args)
    {
        final PrintWriter out = new PrintWriter(System.out, true);
        final PrintWriter err = new PrintWriter(System.err, true);
        int from = 0;
        while (from <= args.length)
        {
            int to = from;
            while (to < args.length && !THEN.equals(args[to]))
            {
                to++;
            }
            final String[] command = Arrays.copyOfRange(args, from, to);
            final int code = NoctriaCli.execute(out, err, command);
            out.flush();
            err.flush();
            if (code != 0)
            {
                err.println("noctria " + String.join(" ", command) + " -> " + code);
                err.flush();
                System.exit(code);
            }
            from = to + 1;
        }
        System.exit(0);
    }
}

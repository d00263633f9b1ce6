package io.noctria.engine.testing;

import io.noctria.engine.cli.NoctriaCli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs a {@code noctria} command in-process, as process tests drive a child engine from outside. */
public final class Cli
{
    private Cli()
    {
    }

    /** @return the exit status and the output of {@code noctria args}, run in this JVM. */
    public static CommandResult execute(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = NoctriaCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new CommandResult(code, out.toString(), err.toString());
    }

    /** @return the exit status; a non-zero one prints the command and its output to stderr. */
    public static int run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = NoctriaCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        if (code != 0)
        {
            System.err.println(String.join(" ", args) + " -> " + code + "\n" + out + err);
        }
        return code;
    }
}

package io.noctria.engine.testing;

/**
 * How a command ended, in-process ({@code Cli.execute}) or in a child JVM ({@link ChildJvm#execute}).
 *
 * @param code its exit status (-1: killed after its deadline).
 * @param out  its standard output.
 * @param err  its standard error.
 */
public record CommandResult(int code, String out, String err)
{
    @Override
    public String toString()
    {
        return "exit " + code + "\n" + out + err;
    }
}

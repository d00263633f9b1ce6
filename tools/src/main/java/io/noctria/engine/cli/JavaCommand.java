package io.noctria.engine.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The start of a command line that runs a JVM as {@code bin/noctria} does: this JVM's {@code java} with the
 * project's JVM flags, {@code configs/jvm.options} and, on JDK 23 and later, {@code configs/jvm-23plus.options}
 * (flags that JDK 17 refuses). Test children build theirs in test-support's {@code ChildJvm}, which the shipped
 * tools cannot depend on.
 */
public final class JavaCommand
{
    private JavaCommand()
    {
    }

    /**
     * @param home the project's root, which holds {@code configs/}.
     * @return a new, mutable list: the {@code java} binary and the argument files; options and the class follow.
     */
    public static List<String> withProjectFlags(final Path home)
    {
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@" + home.resolve("configs/jvm.options"));
        if (Runtime.version().feature() >= 23)
        {
            command.add("@" + home.resolve("configs/jvm-23plus.options"));
        }
        return command;
    }
}

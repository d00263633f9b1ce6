package io.noctria.engine.cli;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a child JVM with this test's classpath and the project's JVM flags (configs/jvm.options).
 */
final class ChildJvm
{
    private ChildJvm()
    {
    }

    static Process start(final Path workDir, final Class<?> mainClass, final String... args) throws Exception
    {
        final Path configs = Paths.get("").toAbsolutePath().getParent().resolve("configs");
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@" + configs.resolve("jvm.options"));
        if (Runtime.version().feature() >= 23)
        {
            command.add("@" + configs.resolve("jvm-23plus.options"));
        }
        command.add("-Dproject.build.directory=" + workDir);
        command.add("-Djna.tmpdir=" + workDir);
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(new File(workDir.toFile(), mainClass.getSimpleName() + ".log"))
            .start();
    }
}

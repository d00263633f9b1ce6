package io.noctria.engine.testing;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A class-data archive (the JDK's dynamic AppCDS) that {@link ChildJvm}'s children share: a child that maps the
 * classes an earlier child loaded starts about twice as fast (measured: an engine running after 2.2-2.5 s instead of
 * 4.0-5.4 s), and a module's process tests start dozens of them. Nothing a test claims depends on it: a child that
 * cannot use the archive loads its classes as usual.
 * <p>
 * A module asks for it by naming a warm-up in the system property {@value #WARMUP_PROPERTY}: a main class that
 * exercises what its children will load, run once per build and JDK with {@code -XX:ArchiveClassesAtExit} (its
 * arguments: a scratch directory and the repository's configs/ directory). The archive goes under
 * {@code target/child-class-archive/}; a file lock makes the test JVMs of one module (Surefire forks) make it once.
 * The JDK archives classes from jars only, and makes no archive at all while a directory with files is on the class
 * path, so children get this JVM's class path with each directory (the modules' {@code target/classes} and
 * {@code test-classes}) packed into a jar there, named by the directory's content.
 */
public final class ChildClassArchive
{
    /** The system property naming the warm-up's main class; unset: no archive. */
    public static final String WARMUP_PROPERTY = "noctria.test.childArchive.warmup";

    private static Path archive;
    private static boolean tried;
    private static String packedClassPath;

    private ChildClassArchive()
    {
    }

    /**
     * @return the class path children get: this JVM's, unless the module names a warm-up; then the same entries with
     * each directory packed into a jar (the JDK archives classes from jars only), made once per build and content.
     */
    static synchronized String classPath()
    {
        final String own = System.getProperty("java.class.path");
        if (System.getProperty(WARMUP_PROPERTY, "").isBlank())
        {
            return own;
        }
        if (packedClassPath == null)
        {
            try
            {
                final List<String> entries = new ArrayList<>();
                for (final String entry : own.split(File.pathSeparator))
                {
                    final Path path = Paths.get(entry);
                    entries.add(Files.isDirectory(path) ? packed(path).toString() : entry);
                }
                packedClassPath = String.join(File.pathSeparator, entries);
            }
            catch (final IOException ex)
            {
                System.out.println("child JVMs get the class path as it is (directories not packed): " + ex);
                packedClassPath = own;
            }
        }
        return packedClassPath;
    }

    /**
     * @return the archive children start from, made by the warm-up on the first call of the build; null when the
     * module names no warm-up or the warm-up made none (the reason is printed once).
     */
    static synchronized Path shared()
    {
        if (tried)
        {
            return archive;
        }
        tried = true;
        final String warmup = System.getProperty(WARMUP_PROPERTY, "");
        if (warmup.isBlank())
        {
            return null;
        }
        // The class path first: packing it takes the lock that making the archive holds.
        final String classPath = classPath();
        final Path dir = Paths.get("target", "child-class-archive").toAbsolutePath();
        final Path file = dir.resolve("java-" + Runtime.version() + "-" + Integer.toHexString(classPath.hashCode()) +
            ".jsa");
        try
        {
            Files.createDirectories(dir);
            try (FileChannel lockFile = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
                FileLock ignored = lockFile.lock())
            {
                if (!Files.exists(file))
                {
                    make(warmup, dir, file);
                }
            }
        }
        catch (final IOException | InterruptedException ex)
        {
            System.out.println("child JVMs start without a class-data archive: " + ex);
        }
        archive = Files.exists(file) ? file : null;
        return archive;
    }

    private static void make(final String warmup, final Path dir, final Path file)
        throws IOException, InterruptedException
    {
        final Path scratch = Files.createTempDirectory(dir, "warmup");
        final Path partial = dir.resolve(file.getFileName() + ".partial");
        final Path log = dir.resolve("warmup.log");
        final long startNs = System.nanoTime();
        final Process process = ChildJvm.in(scratch).heap("512m").log("warmup")
            .jvmOption("-XX:ArchiveClassesAtExit=" + partial)
            .start(warmupClass(warmup), scratch.toString(), ChildJvm.configs().toString());
        final boolean exited = process.waitFor(120, TimeUnit.SECONDS);
        if (!exited)
        {
            process.destroyForcibly().waitFor();
        }
        Files.copy(scratch.resolve("warmup.log"), log, StandardCopyOption.REPLACE_EXISTING);
        if (exited && process.exitValue() == 0 && Files.exists(partial))
        {
            // The class path the archive maps for, beside it: a child started by hand with it uses the archive too.
            Files.writeString(dir.resolve(file.getFileName() + ".classpath"), classPath());
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            System.out.printf("child JVMs start from %s (%d MiB, made by %s in %d ms)%n", file,
                Files.size(file) >> 20, warmup, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
        }
        else
        {
            System.out.println("child JVMs start without a class-data archive: the warm-up " + warmup +
                (exited ? " exited " + process.exitValue() : " did not exit within 120 s") + "; see " + log);
        }
        Directories.deleteTree(scratch);
    }

    /** @return a jar of {@code dir}'s files, made under the archive directory unless one of the same content is there. */
    private static Path packed(final Path dir) throws IOException
    {
        final List<Path> files;
        try (java.util.stream.Stream<Path> walk = Files.walk(dir))
        {
            files = walk.filter(Files::isRegularFile).sorted().collect(java.util.stream.Collectors.toList());
        }
        long fingerprint = dir.toAbsolutePath().hashCode();
        for (final Path file : files)
        {
            fingerprint = 31 * fingerprint + dir.relativize(file).toString().hashCode();
            fingerprint = 31 * fingerprint + Files.size(file);
            fingerprint = 31 * fingerprint + Files.getLastModifiedTime(file).toMillis();
        }
        final Path archiveDir = Paths.get("target", "child-class-archive").toAbsolutePath();
        Files.createDirectories(archiveDir);
        final String name = dir.getParent().getParent().getFileName() + "-" + dir.getFileName() + "-" +
            Long.toHexString(fingerprint) + ".jar";
        final Path jar = archiveDir.resolve(name);
        try (FileChannel lockFile = FileChannel.open(archiveDir.resolve("lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
            FileLock ignored = lockFile.lock())
        {
            if (!Files.exists(jar))
            {
                final Path partial = archiveDir.resolve(name + ".partial");
                try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(partial)))
                {
                    final java.util.Set<String> directories = new java.util.HashSet<>();
                    for (final Path file : files)
                    {
                        final String entry = dir.relativize(file).toString().replace(File.separatorChar, '/');
                        // Directory entries too, so that a lookup of a package or resource directory finds it.
                        for (int slash = entry.indexOf('/'); slash >= 0; slash = entry.indexOf('/', slash + 1))
                        {
                            final String parent = entry.substring(0, slash + 1);
                            if (directories.add(parent))
                            {
                                out.putNextEntry(new java.util.jar.JarEntry(parent));
                                out.closeEntry();
                            }
                        }
                        out.putNextEntry(new java.util.jar.JarEntry(entry));
                        Files.copy(file, out);
                        out.closeEntry();
                    }
                }
                Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return jar;
    }

    private static Class<?> warmupClass(final String name) throws IOException
    {
        try
        {
            return Class.forName(name);
        }
        catch (final ClassNotFoundException ex)
        {
            throw new IOException(WARMUP_PROPERTY + " names " + name + ", which is not on the class path", ex);
        }
    }
}

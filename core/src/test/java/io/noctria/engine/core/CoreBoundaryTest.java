package io.noctria.engine.core;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The build's half of "the core is a plain state machine" (the enforcer rule in core/pom.xml bans the
 * dependencies): no compiled class of this module refers to a thread, a lock, an executor, Disruptor, Chronicle, a
 * logger, or reads the wall clock or a random source. Read from the class files' constant pools, so a reference in
 * any method, field or lambda counts, whatever the source looks like.
 */
final class CoreBoundaryTest
{
    /** Class-name prefixes the core may not name. */
    private static final List<String> FORBIDDEN_TYPES = List.of(
        "java/lang/Thread", "java/lang/Runnable", "java/util/concurrent/", "java/util/Random",
        "java/util/Timer", "java/lang/ProcessBuilder", "java/time/Clock",
        "com/lmax/", "net/openhft/", "org/slf4j/", "ch/qos/logback/", "io/noctria/journal/");

    /** Methods (owner.name) that read time or randomness outside the journaled inputs. */
    private static final List<String> FORBIDDEN_METHODS = List.of(
        "java/lang/System.currentTimeMillis", "java/lang/System.nanoTime", "java/lang/Math.random",
        "java/time/Instant.now", "java/time/LocalDate.now", "java/time/LocalDateTime.now",
        "java/time/ZonedDateTime.now", "java/time/OffsetDateTime.now", "java/lang/Object.wait",
        "java/lang/Object.notify", "java/lang/Object.notifyAll");

    @Test
    void coreClassesNameNoThreadClockRandomOrInfrastructure() throws Exception
    {
        final Path classes = classesRoot();
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(classes))
        {
            files = walk.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
        assertTrue(files.size() > 20, "expected the core's classes under " + classes + ", found " + files.size());

        final TreeSet<String> violations = new TreeSet<>();
        for (final Path file : files)
        {
            final ConstantPool pool;
            try (InputStream in = Files.newInputStream(file))
            {
                pool = ConstantPool.read(new DataInputStream(in));
            }
            final String name = classes.relativize(file).toString();
            for (final String type : pool.classNames)
            {
                for (final String forbidden : FORBIDDEN_TYPES)
                {
                    if (type.replaceFirst("^\\[+L", "").startsWith(forbidden))
                    {
                        violations.add(name + " names " + type);
                    }
                }
            }
            for (final String method : pool.methodRefs)
            {
                if (FORBIDDEN_METHODS.contains(method))
                {
                    violations.add(name + " calls " + method);
                }
            }
        }
        assertEquals("", String.join("\n", violations), "the core must stay a plain state machine");
    }

    @Test
    void theScanSeesWhatItLooksFor() throws Exception
    {
        // This test class itself names java/util/stream and java/nio/file: the reader must find such names,
        // or the check above could pass by reading nothing.
        final Path self = Paths.get(CoreBoundaryTest.class.getResource("CoreBoundaryTest.class").toURI());
        try (InputStream in = Files.newInputStream(self))
        {
            final ConstantPool pool = ConstantPool.read(new DataInputStream(in));
            assertTrue(pool.classNames.contains("java/nio/file/Files"), pool.classNames.toString());
            assertTrue(pool.methodRefs.contains("java/nio/file/Files.walk"), pool.methodRefs.toString());
        }
    }

    private static Path classesRoot() throws URISyntaxException
    {
        // target/classes of this module: where ExecutionCore was loaded from.
        final Path core = Paths.get(ExecutionCore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(core), "run from the module build (target/classes), found " + core);
        return core;
    }

    /** The class and method references of one class file (JVMS 4.4), nothing else. */
    private static final class ConstantPool
    {
        final List<String> classNames = new ArrayList<>();
        final List<String> methodRefs = new ArrayList<>();

        static ConstantPool read(final DataInputStream in) throws IOException
        {
            if (in.readInt() != 0xCAFEBABE)
            {
                throw new IOException("not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            final int count = in.readUnsignedShort();
            final String[] utf8 = new String[count];
            final int[] classNameIndex = new int[count];
            final int[][] memberRef = new int[count][];
            final int[][] nameAndType = new int[count][];
            for (int i = 1; i < count; i++)
            {
                final int tag = in.readUnsignedByte();
                switch (tag)
                {
                    case 1 -> utf8[i] = in.readUTF();
                    case 3, 4 -> in.readInt();
                    case 5, 6 ->
                    {
                        in.readLong();
                        i++;
                    }
                    case 7 -> classNameIndex[i] = in.readUnsignedShort();
                    case 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 9, 10, 11 -> memberRef[i] = new int[]{in.readUnsignedShort(), in.readUnsignedShort(), tag};
                    case 12 -> nameAndType[i] = new int[]{in.readUnsignedShort(), in.readUnsignedShort()};
                    case 15 ->
                    {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    case 17, 18 ->
                    {
                        in.readUnsignedShort();
                        in.readUnsignedShort();
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
                }
            }
            final ConstantPool pool = new ConstantPool();
            for (int i = 1; i < count; i++)
            {
                if (classNameIndex[i] != 0)
                {
                    pool.classNames.add(utf8[classNameIndex[i]]);
                }
            }
            for (int i = 1; i < count; i++)
            {
                if (memberRef[i] != null && memberRef[i][2] != 9)
                {
                    final String owner = utf8[classNameIndex[memberRef[i][0]]];
                    final String name = utf8[nameAndType[memberRef[i][1]][0]];
                    pool.methodRefs.add(owner + "." + name);
                }
            }
            return pool;
        }
    }
}

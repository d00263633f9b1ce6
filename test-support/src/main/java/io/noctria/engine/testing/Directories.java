package io.noctria.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Directory trees a test makes and removes (a data directory's queue, a test's work directory). */
public final class Directories
{
    private Directories()
    {
    }

    /** Deletes {@code dir} and everything below it, deepest first. */
    public static void deleteTree(final Path dir) throws IOException
    {
        final List<Path> deepestFirst;
        try (Stream<Path> walk = Files.walk(dir))
        {
            deepestFirst = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
        }
        for (final Path path : deepestFirst)
        {
            Files.delete(path);
        }
    }
}

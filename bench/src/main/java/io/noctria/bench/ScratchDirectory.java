package io.noctria.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A fresh directory for one benchmark's journals, under the bench root ({@code -Dnoctria.bench.dir}, default
 * {@code java.io.tmpdir}), deleted with everything in it on {@link #close()}: the set-up and tear-down the JMH
 * benchmarks and the allocation probe share, so that no run leaves a journal behind. Start-up code; allocates.
 */
final class ScratchDirectory implements AutoCloseable
{
    /** System property naming the directory under which scratch directories are created. */
    static final String ROOT_PROPERTY = "noctria.bench.dir";

    private final Path path;

    private ScratchDirectory(final Path path)
    {
        this.path = path;
    }

    /** @param prefix start of the directory's name, saying which benchmark it belongs to. */
    static ScratchDirectory create(final String prefix)
    {
        final Path root = Paths.get(System.getProperty(ROOT_PROPERTY, System.getProperty("java.io.tmpdir")));
        try
        {
            return new ScratchDirectory(Files.createTempDirectory(Files.createDirectories(root), prefix));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a '" + prefix + "' directory under " + root +
                " (-D" + ROOT_PROPERTY + ")", ex);
        }
    }

    Path path()
    {
        return path;
    }

    /** @return where a journal goes in this directory. */
    Path journal()
    {
        return path.resolve("journal");
    }

    @Override
    public void close()
    {
        BenchFixtures.deleteRecursively(path);
    }
}

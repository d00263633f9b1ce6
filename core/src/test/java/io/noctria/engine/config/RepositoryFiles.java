package io.noctria.engine.config;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the repository's own config files and this module's test resources for tests. */
final class RepositoryFiles
{
    private RepositoryFiles()
    {
    }

    /** @return {@code relative} resolved against the nearest ancestor of the working directory that has it. */
    static Path repoFile(final String relative)
    {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent())
        {
            final Path candidate = dir.resolve(relative);
            if (Files.exists(candidate))
            {
                return candidate;
            }
        }
        throw new IllegalStateException(relative + " not found above " + Paths.get("").toAbsolutePath());
    }

    static Path resource(final String name)
    {
        try
        {
            return Paths.get(RepositoryFiles.class.getResource(name).toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}

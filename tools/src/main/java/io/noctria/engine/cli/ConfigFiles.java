package io.noctria.engine.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Resolves a config path: as given when it exists (or is absolute), else relative to the install
 * directory ({@code -Dnoctria.home}, set by bin/noctria), so the defaults work from any directory.
 */
final class ConfigFiles
{
    private ConfigFiles()
    {
    }

    static Path resolve(final Path path)
    {
        if (path.isAbsolute() || Files.exists(path))
        {
            return path;
        }
        final String home = System.getProperty("noctria.home");
        if (home != null)
        {
            final Path candidate = Paths.get(home).resolve(path);
            if (Files.exists(candidate))
            {
                return candidate;
            }
        }
        return path;
    }
}

package io.noctria.engine.cli;

import io.noctria.engine.config.ConfigException;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Resolves a config path: as given when it exists (or is absolute), else relative to the install
 * directory ({@code -Dnoctria.home}, set by bin/noctria), so the defaults work from any directory; and loads the
 * engine settings and risk policy a command names, a bad file being exit 2 with the loader's message (file, key,
 * value).
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

    /** @return the engine settings of {@code path} (resolved as {@link #resolve}), validated; exit 2 when bad. */
    static EngineConfig engineConfig(final Path path)
    {
        try
        {
            return EngineConfig.load(resolve(path));
        }
        catch (final ConfigException ex)
        {
            throw new CommandFailure(ex.getMessage(), 2);
        }
    }

    /** @return the risk policy of {@code path} (resolved as {@link #resolve}), validated; exit 2 when bad. */
    static RiskPolicy riskPolicy(final Path path)
    {
        try
        {
            return RiskPolicy.load(resolve(path));
        }
        catch (final ConfigException ex)
        {
            throw new CommandFailure(ex.getMessage(), 2);
        }
    }
}

package io.noctria.engine.export;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * Where {@code noctria export} writes: a DuckDB file, or a Postgres database named by a URL.
 * <p>
 * A Postgres URL is {@code postgresql://[user[:password]@]host[:port]/database[?param=value...]}, with or without
 * {@code jdbc:} in front. The password comes from the URL (user info or {@code password=}), else from the environment
 * ({@value #PASSWORD_ENV}, then libpq's {@code PGPASSWORD}); it is handed to the driver only, never part of
 * {@link #toString()} or any message.
 */
public final class ObsDatabase
{
    /** Environment variable holding the Postgres password when the URL has none. */
    public static final String PASSWORD_ENV = "NOCTRIA_EXPORT_PGPASSWORD";

    private final ObsDialect dialect;
    private final String jdbcUrl;
    private final Properties properties;
    private final String shownAs;

    private ObsDatabase(final ObsDialect dialect, final String jdbcUrl, final Properties properties, final String shownAs)
    {
        this.dialect = dialect;
        this.jdbcUrl = jdbcUrl;
        this.properties = properties;
        this.shownAs = shownAs;
    }

    /** @return a DuckDB database in {@code file}, created on first use. */
    public static ObsDatabase duckdb(final Path file)
    {
        final Path absolute = file.toAbsolutePath().normalize();
        return new ObsDatabase(ObsDialect.DUCKDB, "jdbc:duckdb:" + absolute, new Properties(), "duckdb " + absolute);
    }

    /**
     * @param url the database URL (see the class comment).
     * @param env the environment, for the password when the URL has none.
     * @return the Postgres database the URL names.
     * @throws IllegalArgumentException naming what is wrong with the URL (never quoting a password).
     */
    public static ObsDatabase postgres(final String url, final Map<String, String> env)
    {
        final String text = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        final URI uri;
        try
        {
            uri = new URI(text);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalArgumentException("--postgres: not a URL postgresql://[user[:password]@]host[:port]/database " +
                "(" + ex.getReason() + " at character " + ex.getIndex() + ")");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme()) || uri.getHost() == null)
        {
            throw new IllegalArgumentException("--postgres: expected postgresql://[user[:password]@]host[:port]/database, " +
                "scheme was " + uri.getScheme() + " and host " + uri.getHost());
        }
        final String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.length() <= 1)
        {
            throw new IllegalArgumentException("--postgres: the URL names no database (postgresql://host:port/DATABASE)");
        }
        final Properties properties = new Properties();
        final StringBuilder query = new StringBuilder();
        if (uri.getRawQuery() != null)
        {
            for (final String parameter : uri.getRawQuery().split("&"))
            {
                final int equals = parameter.indexOf('=');
                final String name = equals < 0 ? parameter : parameter.substring(0, equals);
                if ("password".equals(name) || "user".equals(name))
                {
                    properties.setProperty(name, decode(equals < 0 ? "" : parameter.substring(equals + 1)));
                }
                else if (!parameter.isEmpty())
                {
                    query.append(query.length() == 0 ? "?" : "&").append(parameter);
                }
            }
        }
        final String userInfo = uri.getUserInfo();
        if (userInfo != null)
        {
            final int colon = userInfo.indexOf(':');
            properties.setProperty("user", colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (colon >= 0)
            {
                properties.setProperty("password", userInfo.substring(colon + 1));
            }
        }
        if (!properties.containsKey("password"))
        {
            final String fromEnv = env.get(PASSWORD_ENV) != null ? env.get(PASSWORD_ENV) : env.get("PGPASSWORD");
            if (fromEnv != null)
            {
                properties.setProperty("password", fromEnv);
            }
        }
        final String hostPort = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        final String user = properties.getProperty("user");
        return new ObsDatabase(ObsDialect.POSTGRES, "jdbc:postgresql://" + hostPort + path + query, properties,
            "postgresql://" + (user == null ? "" : user + "@") + hostPort + path);
    }

    /** @return a new connection; the caller closes it. */
    Connection connect() throws SQLException
    {
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    /** @return the JDBC URL handed to the driver: no user, no password. */
    String jdbcUrl()
    {
        return jdbcUrl;
    }

    /** @return the password handed to the driver, or null. Never for messages. */
    String password()
    {
        return properties.getProperty("password");
    }

    /** @return the database's SQL dialect. */
    ObsDialect dialect()
    {
        return dialect;
    }

    /** @return where the tables go, without any password: for messages and logs. */
    @Override
    public String toString()
    {
        return shownAs;
    }

    private static String decode(final String value)
    {
        return java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}

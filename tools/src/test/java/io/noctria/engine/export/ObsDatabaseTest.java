package io.noctria.engine.export;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where {@code noctria export} writes: URLs parsed, passwords handed to the driver and never shown. */
class ObsDatabaseTest
{
    private static final String SECRET = "s3cr%t";

    @Test
    void shouldTakeThePasswordFromTheUrlAndNeverShowIt()
    {
        final ObsDatabase database = ObsDatabase.postgres("postgresql://obs:s3cr%25t@db.example:5433/platform?sslmode=require",
            Map.of());
        assertEquals("postgresql://obs@db.example:5433/platform", database.toString());
        assertEquals(ObsDialect.POSTGRES, database.dialect());
        assertEquals(SECRET, database.password());
        assertFalse(database.jdbcUrl().contains("s3cr"), database.jdbcUrl());
        assertEquals("jdbc:postgresql://db.example:5433/platform?sslmode=require", database.jdbcUrl());
    }

    @Test
    void shouldTakeThePasswordParameterOutOfTheJdbcUrl()
    {
        final ObsDatabase database = ObsDatabase.postgres(
            "jdbc:postgresql://localhost/obs?user=noctria&password=" + "s3cr%25t" + "&ssl=false", Map.of());
        assertEquals(SECRET, database.password());
        assertEquals("jdbc:postgresql://localhost/obs?ssl=false", database.jdbcUrl());
        assertEquals("postgresql://noctria@localhost/obs", database.toString());
    }

    @Test
    void shouldTakeThePasswordFromTheEnvironmentWhenTheUrlHasNone()
    {
        assertEquals("from-noctria", ObsDatabase.postgres("postgresql://obs@localhost/platform",
            Map.of(ObsDatabase.PASSWORD_ENV, "from-noctria", "PGPASSWORD", "from-libpq")).password());
        assertEquals("from-libpq", ObsDatabase.postgres("postgresql://obs@localhost/platform",
            Map.of("PGPASSWORD", "from-libpq")).password());
        assertEquals("in-url", ObsDatabase.postgres("postgresql://obs:in-url@localhost/platform",
            Map.of(ObsDatabase.PASSWORD_ENV, "from-noctria")).password());
    }

    @Test
    void shouldRefuseUrlsThatNameNoDatabaseWithoutQuotingThePassword()
    {
        final IllegalArgumentException noDatabase = assertThrows(IllegalArgumentException.class,
            () -> ObsDatabase.postgres("postgresql://obs:s3cr%25t@localhost:5432", Map.of()));
        assertTrue(noDatabase.getMessage().contains("names no database"), noDatabase.getMessage());
        final IllegalArgumentException wrongScheme = assertThrows(IllegalArgumentException.class,
            () -> ObsDatabase.postgres("mysql://obs:hunter2@localhost/platform", Map.of()));
        assertTrue(wrongScheme.getMessage().contains("scheme was mysql"), wrongScheme.getMessage());
        for (final IllegalArgumentException ex : new IllegalArgumentException[] { noDatabase, wrongScheme })
        {
            assertFalse(ex.getMessage().contains("s3cr") || ex.getMessage().contains("hunter2"), ex.getMessage());
        }
    }

    @Test
    void shouldNameTheDuckDbFileByItsAbsolutePath()
    {
        final ObsDatabase database = ObsDatabase.duckdb(Path.of("obs.duckdb"));
        assertEquals(ObsDialect.DUCKDB, database.dialect());
        assertEquals("duckdb " + Path.of("obs.duckdb").toAbsolutePath(), database.toString());
        assertEquals("jdbc:duckdb:" + Path.of("obs.duckdb").toAbsolutePath(), database.jdbcUrl());
    }
}

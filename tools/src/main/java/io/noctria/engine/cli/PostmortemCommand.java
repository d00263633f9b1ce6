package io.noctria.engine.cli;

import io.noctria.journal.JournalDamagedException;
import io.noctria.journal.OwnerOnlyFiles;
import io.noctria.replay.ReplayResult;
import io.noctria.replay.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code noctria postmortem}: replays a time window of the journal (read-only) and writes a postmortem draft in
 * the platform's template, pre-filled from it: timeline of notable events (UTC with JST), KPIs, alerts and pause
 * changes, configuration and policy hashes in force, journal range, counts and the commands that reproduce it.
 * Sections that need a person are marked {@value PostmortemDraft#HUMAN}. Same journal and arguments, same file.
 */
@Command(
    name = "postmortem",
    mixinStandardHelpOptions = true,
    description = {
        "Write a postmortem draft (Markdown, the platform's template) for a time window, pre-filled from the",
        "journal (read-only): timeline (UTC, JST alongside), impact KPIs, detection & response, evidence.",
        "Sections needing a person are marked HUMAN INPUT NEEDED. Exit code 3 when invalid excerpts were found." })
final class PostmortemCommand extends NoctriaSubcommand
{
    @Option(names = "--from", paramLabel = "ISO", required = true,
        description = "Window start, inclusive, e.g. 2026-11-22T04:00:00Z or 2026-11-22T13:00:00+09:00.")
    String from;

    @Option(names = "--to", paramLabel = "ISO", required = true, description = "Window end, exclusive.")
    String to;

    @Option(names = "--trace-id", paramLabel = "ID",
        description = "Also show this trace's every event and stage latency in the Timeline section.")
    String traceId;

    @Option(names = "--out", paramLabel = "FILE.md", required = true, description = "Where to write the draft.")
    Path out;

    @Option(names = "--evidence", paramLabel = "DIR",
        description = "Also write the window's report files (kpis.json, timeline.jsonl, ...) here: the evidence bundle.")
    Path evidence;

    @Option(names = "--max-timeline", paramLabel = "N", defaultValue = "50",
        description = "Most notable events listed in the Timeline; the rest are counted (default: ${DEFAULT-VALUE}).")
    int maxTimeline;

    @Mixin
    NoProgressOption progress;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter stderr = spec.commandLine().getErr();
        if (maxTimeline < 1)
        {
            throw new CommandFailure("--max-timeline must be >= 1, was " + maxTimeline, 2);
        }
        final long fromNs = TimeArgument.parseEpochNanos("--from", from);
        final long toNs = TimeArgument.parseEpochNanos("--to", to);
        final ReplayRun run = new ReplayRun("postmortem", parent.dataDir, stderr)
            .withFrom(fromNs)
            .withTo(toNs)
            .withProgress(progress.enabled());
        // Unfiltered: the notable events (pauses, engine starts, policy loads) belong to no trace.
        final ReplayResult result = run.run();
        final PostmortemFacts facts = new PostmortemFacts(result.projections().timeline());
        final ConfigInForce before;
        try
        {
            before = ConfigInForce.before(run.journalDir(), result.projections().firstIndex(), fromNs);
        }
        catch (final JournalDamagedException ex)
        {
            // The scan for the config in force reads the journal before the window, where replay did not go.
            throw new CommandFailure(ex.getMessage().replace('\n', ' ') + "; no draft written. See " +
                QueueDamage.PROCEDURE, CommandFailure.QUEUE_DAMAGED_EXIT);
        }

        final String evidenceDir = evidence != null ? evidence.toString() : defaultEvidenceDir(out.toString());
        if (evidence != null)
        {
            ReportWriter.write(result, evidence);
        }
        final PostmortemDraft draft = new PostmortemDraft(result, facts, before, new PostmortemDraft.Request(
            parent.dataDir.toString(), fromNs, toNs, traceId, out.toString(), evidenceDir, evidence != null,
            maxTimeline));
        final String markdown = draft.render();
        final Path parentDir = out.toAbsolutePath().getParent();
        if (parentDir != null)
        {
            OwnerOnlyFiles.createDirectories(parentDir);
        }
        // The draft quotes keys, orders and evidence hashes: owner-only whatever the umask.
        OwnerOnlyFiles.writeString(out, markdown);

        stdout.println(String.format(Locale.ROOT,
            "postmortem draft -> %s: %s, %,d timeline entries (%,d elided), %d places need human input%s",
            out.toAbsolutePath().normalize(), ReplaySummary.journalRange(result), draft.timelineShown(),
            draft.timelineElided(), countMarkers(markdown),
            evidence == null ? "" : "; evidence -> " + evidence.toAbsolutePath().normalize()));
        stdout.flush();
        return run.exitCode(result.projections().invalidCount() > 0 ? 3 : 0);
    }

    /** @return {@code incident.md} → {@code incident-evidence}: where the reproduce command puts the report files. */
    static String defaultEvidenceDir(final String outFile)
    {
        final String base = outFile.endsWith(".md") ? outFile.substring(0, outFile.length() - 3) : outFile;
        return base + "-evidence";
    }

    private static int countMarkers(final String markdown)
    {
        int count = 0;
        for (int i = markdown.indexOf(PostmortemDraft.HUMAN); i >= 0;
            i = markdown.indexOf(PostmortemDraft.HUMAN, i + 1))
        {
            count++;
        }
        return count;
    }
}

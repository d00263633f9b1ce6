package io.noctria.engine.cli;

import io.noctria.journal.DataDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every reader of a damaged journal says so with the index and a non-zero exit, and {@code run} refuses to start
 * having appended and sent nothing. One demo journal is built once (in this JVM); each case damages a copy of it at
 * the frame of one request: a flipped payload byte, a flipped frame header byte, a flipped bit of Chronicle's
 * excerpt length (which used to crash the JVM in the checksum), and the file zeroed from that frame on while the
 * last run's counters say the journal went further ({@code tail} and {@code replay} only; {@code run} on a cut journal
 * is {@link ShortJournalProcessTest}'s).
 */
class JournalDamageCommandTest
{
    private static final long SEED = 11;
    private static final int REQUESTS = 60;
    /** A request in the middle of the demo day: its frame is damaged. */
    private static final String TRACE = "demo-" + SEED + "-30";

    @TempDir
    static Path shared;
    private static Path demo;

    @TempDir
    Path work;

    @BeforeAll
    static void buildDemoJournal()
    {
        demo = shared.resolve("demo");
        final CliRun run = CliRun.run("--data-dir", demo.toString(), "run", "--demo", String.valueOf(REQUESTS), "--seed",
            String.valueOf(SEED), "--config", "../configs/engine.yml", "--policy", "../configs/risk_policy.yml");
        assertEquals(0, run.exitCode, "seed " + SEED + ": " + run);
    }

    @ParameterizedTest
    @EnumSource(JournalDamage.Kind.class)
    void shouldReportTheDamagedIndexAndRefuseToStart(final JournalDamage.Kind kind) throws Exception
    {
        final Path data = work.resolve("data");
        JournalDamage.copyTree(demo, data);
        final Path journal = new DataDirectory(data).queue(DataDirectory.JOURNAL);
        final JournalDamage.Frame frame = JournalDamage.find(journal, TRACE);
        JournalDamage.inflict(kind, frame);
        final String index = String.valueOf(frame.index());
        final String context = "seed " + SEED + ", " + kind + " at index " + index + " (file offset " + frame.offset() +
            ")\n";

        // Where reading stops or what it must not believe: the damaged frame's index, or (cut) the last one before it.
        final String named = kind == JournalDamage.Kind.CUT ? "ends at index " + (frame.index() - 1) : index;
        final String section = kind == JournalDamage.Kind.CUT ? "A journal shorter than the evidence" : "A damaged journal";
        final CliRun tail = CliRun.run("--data-dir", data.toString(), "tail");
        assertEquals(5, tail.exitCode, context + tail);
        assertTrue(tail.err.contains(named) && tail.err.contains(section), context + tail);
        assertFalse(tail.err.contains("\tat ") || tail.err.contains("InternalError"), "no stack trace: " + tail);
        assertTrue(tail.lines().size() > 10, "the frames before the damage are printed: " + tail);

        final CliRun replay = CliRun.run("--data-dir", data.toString(), "replay", "--no-progress");
        assertEquals(5, replay.exitCode, context + replay);
        assertTrue(replay.err.contains(named) && replay.err.contains(section), context + replay);
        assertFalse(replay.err.contains("\tat "), "no stack trace: " + replay);

        if (kind == JournalDamage.Kind.CUT)
        {
            // run on a cut journal is ShortJournalProcessTest's, in a child JVM: with assertions on (as here)
            // Chronicle's own assert fails while the writer opens a cut cycle file, before the engine's checks.
            return;
        }
        // A start refused before anything is appended or sent; the process venue's queue is never even created.
        final JournalDamage.Shape before = JournalDamage.shape(journal);
        final Path config = Files.writeString(work.resolve("engine.yml"), "broker: {mode: process}\n");
        for (int attempt = 1; attempt <= 2; attempt++)
        {
            final CliRun run = CliRun.run("--data-dir", data.toString(), "run", "--demo", "1", "--seed", "3",
                "--config", config.toString(), "--policy", "../configs/risk_policy.yml");
            assertEquals(2, run.exitCode, context + "attempt " + attempt + ": " + run);
            assertFalse(run.err.contains("\tat "), "no stack trace: " + run);
            assertTrue(run.err.contains(index) && run.err.contains("A damaged journal"), context + run);
            assertEquals(before, JournalDamage.shape(journal), context + "nothing appended");
            assertFalse(Files.exists(new DataDirectory(data).queue(DataDirectory.BROKER_ORDERS)),
                context + "nothing sent: the venue queue was not created");
        }
    }
}

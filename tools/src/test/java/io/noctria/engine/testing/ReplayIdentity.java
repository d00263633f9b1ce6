package io.noctria.engine.testing;

import io.noctria.replay.ReportWriter;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live == replay, byte for byte: the report files an engine wrote with {@code --report} against those
 * {@code noctria replay --out} rebuilds from the same data directory's journal (outbox, timelines, trace latency,
 * the latency histogram and the KPIs).
 */
public final class ReplayIdentity
{
    /** Every file {@code run --report} and {@code replay --out} both write. */
    public static final String[] REPORT_FILES = {
        ReportWriter.KPIS, ReportWriter.OUTBOX, ReportWriter.TIMELINE, ReportWriter.TRACE_LATENCY,
        ReportWriter.LATENCY_HGRM };

    private ReplayIdentity()
    {
    }

    /** Runs {@code noctria replay --out replayed} on {@code dataDir} in this JVM and compares it with {@code live}. */
    public static void assertReplayRebuilds(final Path dataDir, final Path live, final Path replayed) throws Exception
    {
        assertEquals(0, Cli.run("--data-dir", dataDir.toString(), "replay", "--out", replayed.toString()),
            "replay of " + dataDir);
        assertSameReport(live, replayed, dataDir.toString());
    }

    /** Each report file non-empty in {@code expected} and byte-identical in {@code actual}. */
    public static void assertSameReport(final Path expected, final Path actual, final String what) throws Exception
    {
        for (final String file : REPORT_FILES)
        {
            assertTrue(Files.size(expected.resolve(file)) > 0, what + ": " + file + " is empty");
            assertArrayEquals(Files.readAllBytes(expected.resolve(file)), Files.readAllBytes(actual.resolve(file)),
                what + ": " + file);
        }
    }
}

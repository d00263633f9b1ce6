package io.noctria.replay;

import io.noctria.codecs.MessageTimes;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.noctria.codecs.EventEncoder.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayerProgressTest
{
    @TempDir
    Path temp;

    private Path journalDir;

    @BeforeEach
    void journalTheScenario()
    {
        journalDir = temp.resolve("journal");
        final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        try (Journal journal = Journal.open(journalDir, JournalConfig.defaults()))
        {
            new HandMadeScenario().write(excerpt ->
            {
                buffer.wrap(excerpt);
                return journal.append(buffer, 0, excerpt.length);
            });
        }
    }

    @Test
    void shouldReportTheExcerptsFoldedAndTheLastMessageTime()
    {
        final List<long[]> calls = new ArrayList<>();
        final ReplayResult result = new Replayer(journalDir)
            .withProgress((excerpts, lastTimeNs) -> calls.add(new long[] { excerpts, lastTimeNs }))
            .replay();

        assertFalse(calls.isEmpty());
        final long[] last = calls.get(calls.size() - 1);
        assertEquals(17, result.projections().excerpts());
        assertEquals(result.projections().excerpts(), last[0]);
        assertEquals(T0 + 8_000_000, last[1], "EngineStopped at +8 ms is the last message");
        for (int i = 1; i < calls.size(); i++)
        {
            assertTrue(calls.get(i)[0] >= calls.get(i - 1)[0], "excerpts never go back");
        }
    }

    @Test
    void shouldReportTheWindowOnlyAndStopAtItsEnd()
    {
        final List<long[]> calls = new ArrayList<>();
        final ReplayResult result = new Replayer(journalDir).withFrom(T0 + 2_000_000).withTo(T0 + 5_000_000)
            .withProgress((excerpts, lastTimeNs) -> calls.add(new long[] { excerpts, lastTimeNs }))
            .replay();

        final long[] last = calls.get(calls.size() - 1);
        assertEquals(7, result.projections().excerpts());
        assertEquals(7, last[0]);
        assertEquals(T0 + 3_008_000, last[1], "the last message inside [+2 ms, +5 ms) is the DuplicateSuppressed");
    }

    @Test
    void shouldReportUnknownTimeForAnEmptyWindow()
    {
        final List<long[]> calls = new ArrayList<>();
        new Replayer(journalDir).withFrom(T0 + 9_000_000)
            .withProgress((excerpts, lastTimeNs) -> calls.add(new long[] { excerpts, lastTimeNs }))
            .replay();

        assertEquals(0, calls.get(calls.size() - 1)[0]);
        assertEquals(MessageTimes.UNKNOWN, calls.get(calls.size() - 1)[1]);
    }

    @Test
    void shouldNotChangeTheReportWhenObserved() throws IOException
    {
        final Path plain = temp.resolve("plain");
        final Path observed = temp.resolve("observed");
        ReportWriter.write(new Replayer(journalDir).withFrom(T0 + 1_000_000).replay(), plain);
        ReportWriter.write(new Replayer(journalDir).withProgress((excerpts, lastTimeNs) -> { })
            .withFrom(T0 + 1_000_000).replay(), observed);

        for (final String file : new String[] { ReportWriter.KPIS, ReportWriter.OUTBOX, ReportWriter.TIMELINE,
            ReportWriter.TRACE_LATENCY, ReportWriter.LATENCY_HGRM })
        {
            assertArrayEquals(Files.readAllBytes(plain.resolve(file)), Files.readAllBytes(observed.resolve(file)), file);
        }
    }
}

package io.noctria.replay;

import io.noctria.codecs.MessageValidator;
import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import io.noctria.journal.JournalNotFoundException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.noctria.codecs.EventEncoder.T0;
import static io.noctria.replay.HandMadeScenario.KEY_A_HEX;
import static io.noctria.replay.HandMadeScenario.TRACE_A;
import static io.noctria.replay.HandMadeScenario.TRACE_B;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReplayerTest
{
    private static final String[] REPORT_FILES = {
        ReportWriter.KPIS, ReportWriter.OUTBOX, ReportWriter.TIMELINE, ReportWriter.TRACE_LATENCY,
        ReportWriter.LATENCY_HGRM };

    @TempDir
    Path temp;

    private Path journalDir;
    private HandMadeScenario scenario;
    private Projections live;

    /** Journals the scenario and, like the live engine, folds each excerpt right after appending it. */
    @BeforeEach
    void journalTheScenario()
    {
        journalDir = temp.resolve("journal");
        live = new Projections();
        final MessageValidator validator = new MessageValidator();
        final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        try (Journal journal = Journal.open(journalDir, JournalConfig.defaults()))
        {
            scenario = new HandMadeScenario().write(excerpt ->
            {
                buffer.wrap(excerpt);
                final long index = journal.append(buffer, 0, excerpt.length);
                ConsumerSink.deliver(live, validator, index, excerpt);
                return index;
            });
        }
    }

    @Test
    void shouldRebuildTheScenarioFromTheJournal()
    {
        final ReplayResult result = new Replayer(journalDir).replay();

        assertEquals(17, result.projections().excerpts());
        assertEquals(scenario.engineStarted, result.projections().firstIndex());
        assertEquals(scenario.engineStopped, result.projections().lastIndex());
        assertEquals(1, result.projections().invalidCount());
        assertEquals(scenario.invalid, result.projections().invalidExcerpts().get(0).index());
        assertEquals(RecordError.UNKNOWN_SCHEMA, result.projections().invalidExcerpts().get(0).error());
        assertEquals(EngineOrderState.FILLED, result.projections().outbox().entry(KEY_A_HEX).state());
        assertEquals(3, result.projections().latency().rows().size());
        assertEquals(17, result.projections().timeline().size());
        assertEquals(ReplayResult.OPEN, result.fromNs());
        assertEquals(ReplayResult.OPEN, result.toNs());

        final StringBuilder kpis = new StringBuilder();
        ReportWriter.appendKpis(result, kpis);
        assertEquals(scenarioKpisWithJournalIndexes(), kpis.toString());
    }

    @Test
    void shouldWriteTheSameReportAsTheLiveFold() throws IOException
    {
        final Path liveReport = temp.resolve("live");
        final Path replayReport = temp.resolve("replay");
        ReportWriter.write(ReplayResult.of(live), liveReport);
        ReportWriter.write(new Replayer(journalDir).replay(), replayReport);

        assertSameFiles(liveReport, replayReport);
    }

    @Test
    void shouldWriteByteIdenticalReportsFromTwoReplays() throws IOException
    {
        final Path first = temp.resolve("first");
        final Path second = temp.resolve("second");
        ReportWriter.write(new Replayer(journalDir).replay(), first);
        ReportWriter.write(new Replayer(journalDir).replay(), second);

        assertSameFiles(first, second);
        for (final String file : new String[] { ReportWriter.OUTBOX, ReportWriter.TIMELINE, ReportWriter.TRACE_LATENCY })
        {
            JsonLines.assertJsonLines(first.resolve(file));
        }
        JsonLines.assertOneObject(Files.readString(first.resolve(ReportWriter.KPIS)));
    }

    @Test
    void shouldReplayOnlyTheWindowFromTraceBToTheAck()
    {
        // [+2 ms, +5 ms): trace-B's request and decisions, the duplicate, the invalid excerpt; stops at the ack.
        final ReplayResult result = new Replayer(journalDir).withFrom(T0 + 2_000_000).withTo(T0 + 5_000_000).replay();

        assertEquals(7, result.projections().excerpts());
        assertEquals(scenario.requestB, result.projections().firstIndex());
        assertEquals(scenario.invalid, result.projections().lastIndex());
        assertEquals(T0 + 2_000_000, result.fromNs());
        assertEquals(T0 + 5_000_000, result.toNs());
        assertEquals(1, result.projections().invalidCount());

        final Kpis kpis = result.projections().kpis();
        assertEquals(2, kpis.ordersReceived());
        assertEquals(0, kpis.ordersSent());
        assertEquals(1, kpis.duplicatesSuppressed());
        assertEquals(1, kpis.qualityScale());
        assertEquals(0, kpis.qualityOk());
        assertEquals(1, kpis.riskScaled());
        assertEquals(1, kpis.riskRejected());
        assertEquals(0, kpis.riskAllowed());
        assertEquals(0, kpis.acks());

        // The key was recorded before the window: the duplicate is counted, the outbox is empty.
        assertEquals(0, result.projections().outbox().size());
        assertEquals(1, result.projections().outbox().unmatchedReports());

        assertEquals(2, result.projections().latency().rows().size());
        assertEquals(FinalState.RISK_REJECTED, result.projections().latency().rows().get(0).finalState());
        assertEquals(FinalState.DUPLICATE, result.projections().latency().rows().get(1).finalState());
        assertArrayEquals(new long[] { scenario.requestB, scenario.qualityB, scenario.riskB, scenario.alertB },
            result.projections().timeline().indexesOf(TRACE_B));
    }

    @Test
    void shouldReplayFromTheAckToTheEnd()
    {
        final ReplayResult result = new Replayer(journalDir).withFrom(T0 + 5_000_000).replay();

        // The invalid excerpt just before the ack has no time: the seek keeps it with the ack, never drops it.
        assertEquals(5, result.projections().excerpts());
        assertEquals(scenario.invalid, result.projections().firstIndex());
        assertEquals(1, result.projections().invalidCount());
        assertEquals(scenario.engineStopped, result.projections().lastIndex());
        assertEquals(1, result.projections().kpis().acks());
        assertEquals(2, result.projections().kpis().fills());
        assertEquals(2, result.projections().kpis().unattributedFills());
        assertEquals(0, result.projections().kpis().slippageCount());
        assertEquals(3, result.projections().outbox().unmatchedReports());
        assertEquals(0, result.projections().latency().rows().size());
    }

    @Test
    void shouldReplayFromTheStartToTheSecondRequest()
    {
        final ReplayResult result = new Replayer(journalDir).withTo(T0 + 2_000_000).replay();

        assertEquals(6, result.projections().excerpts());
        assertEquals(scenario.engineStarted, result.projections().firstIndex());
        assertEquals(scenario.sentA, result.projections().lastIndex());
        assertEquals(EngineOrderState.SENT, result.projections().outbox().entry(KEY_A_HEX).state());
        assertEquals(1, result.projections().kpis().ordersSent());
        assertEquals(1, result.projections().latency().count(LatencyStage.INGRESS_TO_SENT));
        assertEquals(0, result.projections().latency().count(LatencyStage.INGRESS_TO_FINAL));
    }

    @Test
    void shouldReplayNothingFromAfterTheLastExcerpt()
    {
        final ReplayResult result = new Replayer(journalDir).withFrom(T0 + 9_000_000).replay();

        assertEquals(0, result.projections().excerpts());
        assertEquals(-1, result.projections().firstIndex());
        assertEquals(0, result.projections().outbox().size());
    }

    @Test
    void shouldKeepOneTracesTimelineAndLatencyButEveryKpi()
    {
        final ReplayResult result = new Replayer(journalDir).withTraceId(TRACE_A).replay();

        assertEquals(TRACE_A, result.projections().traceIdFilter());
        assertArrayEquals(new long[] { scenario.requestA, scenario.qualityA, scenario.riskA, scenario.outboxA,
            scenario.sentA, scenario.requestDuplicate, scenario.duplicate, scenario.ackA, scenario.partialFillA,
            scenario.fullFillA }, timelineIndexes(result.projections().timeline()));
        assertEquals(2, result.projections().latency().rows().size());
        assertEquals(scenario.requestA, result.projections().latency().rows().get(0).inputIndex());
        assertEquals(scenario.requestDuplicate, result.projections().latency().rows().get(1).inputIndex());
        assertEquals(3, result.projections().kpis().ordersReceived());
        assertEquals(1, result.projections().kpis().riskRejected());
        assertEquals(3, result.projections().latency().count(LatencyStage.INGRESS_TO_FINAL));
    }

    @Test
    void shouldCombineTheTraceFilterWithTheWindow()
    {
        final ReplayResult result = new Replayer(journalDir)
            .withTraceId(TRACE_A).withFrom(T0 + 3_000_000).withTo(T0 + 7_000_000).replay();

        assertArrayEquals(new long[] { scenario.requestDuplicate, scenario.duplicate, scenario.ackA,
            scenario.partialFillA }, timelineIndexes(result.projections().timeline()));
    }

    @Test
    void shouldRefuseAnEmptyWindowAndAMissingJournal()
    {
        final Replayer replayer = new Replayer(journalDir).withFrom(T0 + 5);

        assertThrows(IllegalArgumentException.class, () -> replayer.withTo(T0 + 5));
        assertThrows(JournalNotFoundException.class, () -> new Replayer(temp.resolve("missing")).replay());
    }

    private String scenarioKpisWithJournalIndexes()
    {
        return ReportWriterTest.SCENARIO_KPIS
            .replace("\"index\": 112,", "\"index\": " + scenario.invalid + ",")
            .replace("\"first_index\": 100,", "\"first_index\": " + scenario.engineStarted + ",")
            .replace("\"last_index\": 116,", "\"last_index\": " + scenario.engineStopped + ",");
    }

    private static long[] timelineIndexes(final TraceTimeline timeline)
    {
        final long[] indexes = new long[timeline.size()];
        for (int i = 0; i < indexes.length; i++)
        {
            indexes[i] = timeline.index(i);
        }
        return indexes;
    }

    private static void assertSameFiles(final Path expected, final Path actual) throws IOException
    {
        for (final String file : REPORT_FILES)
        {
            assertArrayEquals(Files.readAllBytes(expected.resolve(file)), Files.readAllBytes(actual.resolve(file)), file);
        }
    }
}

package io.noctria.replay;

import io.noctria.codecs.EventEncoder;
import io.noctria.codecs.FrameInput;

import io.noctria.codecs.MessageTimes;
import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.EngineStartedDecoder;
import io.noctria.codecs.sbe.FillDecoder;
import org.junit.jupiter.api.Test;

import static io.noctria.codecs.EventEncoder.T0;
import static io.noctria.replay.HandMadeScenario.TRACE_A;
import static io.noctria.replay.HandMadeScenario.TRACE_B;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TraceTimelineTest
{
    private final FrameInput frameInput = new FrameInput();

    @Test
    void shouldKeepEveryExcerptInJournalOrderWithItsTrace()
    {
        final TraceTimeline timeline = new TraceTimeline(null, frameInput);
        final HandMadeScenario scenario = new HandMadeScenario().write(new ConsumerSink(timeline, 100, frameInput));

        assertEquals(17, timeline.size());
        final String[] types = {
            "EngineStarted", "OrderRequest", "QualityDecision", "RiskDecision", "OutboxRecorded", "OrderSent",
            "OrderRequest", "QualityDecision", "RiskDecision", "Alert", "OrderRequest", "DuplicateSuppressed",
            "Invalid", "BrokerAck", "Fill", "Fill", "EngineStopped" };
        final String[] traces = {
            null, TRACE_A, TRACE_A, TRACE_A, TRACE_A, TRACE_A, TRACE_B, TRACE_B, TRACE_B, TRACE_B, TRACE_A, TRACE_A,
            null, TRACE_A, TRACE_A, TRACE_A, null };
        for (int i = 0; i < timeline.size(); i++)
        {
            assertEquals(100 + i, timeline.index(i));
            assertEquals(types[i], timeline.type(i), "type at " + i);
            assertEquals(traces[i], timeline.traceId(i), "trace at " + i);
        }
        assertEquals(EngineStartedDecoder.TEMPLATE_ID, timeline.templateId(0));
        assertEquals(FillDecoder.TEMPLATE_ID, timeline.templateId(15));
        assertEquals(T0, timeline.timeNs(0));
        assertEquals(T0 + 1_000_000, timeline.timeNs(1));
        assertEquals(T0 + 7_500_000, timeline.timeNs(15));

        assertEquals(TraceTimeline.INVALID, timeline.templateId(12));
        assertEquals(MessageTimes.UNKNOWN, timeline.timeNs(12));
        assertEquals(scenario.invalid, timeline.invalid(12).index());
        assertEquals(RecordError.UNKNOWN_SCHEMA, timeline.invalid(12).error());
        assertEquals(0, timeline.messageBytes(12).length);
        assertNull(timeline.invalid(11));
    }

    @Test
    void shouldKeepAnExactCopyOfEachMessage()
    {
        final TraceTimeline timeline = new TraceTimeline(null, frameInput);
        final ConsumerSink sink = new ConsumerSink(timeline, 0, frameInput);
        final byte[] started = new EventEncoder().engineStarted(T0);
        sink.append(started);

        assertArrayEquals(started, timeline.messageBytes(0));
    }

    @Test
    void shouldListTheEventsOfOneTrace()
    {
        final TraceTimeline timeline = new TraceTimeline(null, frameInput);
        final HandMadeScenario s = new HandMadeScenario().write(new ConsumerSink(timeline, 100, frameInput));

        assertArrayEquals(new long[] { s.requestA, s.qualityA, s.riskA, s.outboxA, s.sentA, s.requestDuplicate,
            s.duplicate, s.ackA, s.partialFillA, s.fullFillA }, timeline.indexesOf(TRACE_A));
        assertArrayEquals(new long[] { s.requestB, s.qualityB, s.riskB, s.alertB }, timeline.indexesOf(TRACE_B));
    }

    @Test
    void shouldKeepOnlyTheFilteredTraceAndNoInvalidExcerpt()
    {
        final TraceTimeline timeline = new TraceTimeline(TRACE_B, frameInput);
        final HandMadeScenario s = new HandMadeScenario().write(new ConsumerSink(timeline, 100, frameInput));

        assertEquals(4, timeline.size());
        assertEquals(s.requestB, timeline.index(0));
        assertEquals("Alert", timeline.type(3));
        assertEquals(TRACE_B, timeline.traceIdFilter());
    }

    @Test
    void shouldRefuseAPositionOutsideTheTimeline()
    {
        final TraceTimeline timeline = new TraceTimeline(null, frameInput);

        assertThrows(IndexOutOfBoundsException.class, () -> timeline.index(0));
    }
}

package io.noctria.bench;

import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.engine.config.WaitKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyHarnessTest
{
    @TempDir
    Path dir;

    @Test
    void shouldHandEveryMeasuredRequestToTheBrokerInTheEnginePhase()
    {
        final PhaseResult result = PipelineRun.run(PipelineRun.Phase.ENGINE, settings(2_000));
        assertCompleteAndMeasured(result);
    }

    @Test
    void shouldHandEveryMeasuredRequestToTheBrokerInTheBaselinePhase()
    {
        final PhaseResult result = PipelineRun.run(PipelineRun.Phase.BASELINE, settings(2_000));
        assertCompleteAndMeasured(result);
    }

    @Test
    void shouldHandEveryMeasuredRequestToTheBrokerThroughTheRealEngineInTheFullPhase()
    {
        final PhaseResult result = PipelineRun.run(PipelineRun.Phase.FULL, settings(2_000));
        assertCompleteAndMeasured(result);
        assertEquals("engine_full", result.name());
    }

    @Test
    void shouldTimeEveryMeasuredRequestToItsAckThroughBrokerSimOverTheQueues()
    {
        final PhaseResult result = PipelineRun.run(PipelineRun.Phase.QUEUE, settings(500));
        assertCompleteAndMeasured(result, 500);
        assertEquals("roundtrip_queue", result.name());
    }

    @Test
    void shouldTimeEveryMeasuredRequestToItsAckThroughTheFixGatewayAndFixVenue()
    {
        final PhaseResult result = PipelineRun.run(PipelineRun.Phase.FIX, settings(500));
        assertCompleteAndMeasured(result, 500);
        assertEquals("roundtrip_fix", result.name());
    }

    @Test
    void shouldReadTheRequestNumberBackFromTheTraceId()
    {
        final org.agrona.concurrent.UnsafeBuffer trace = new org.agrona.concurrent.UnsafeBuffer(new byte[64]);
        trace.putStringWithoutLengthAscii(0, "bench-000001234567");
        assertEquals(1_234_567L, OrderSentTrace.parseDigits(trace, RequestWriter.TRACE_PREFIX_LENGTH));
    }

    @Test
    void shouldFindTheRequestOfAFirstAttemptOrderSentAndNoneForARetryOrAnotherMessage()
    {
        final byte[][] events = PipelineRun.allowedOrderEvents();
        final org.agrona.concurrent.UnsafeBuffer sent = new org.agrona.concurrent.UnsafeBuffer(events[events.length - 1]);
        final OrderSentTrace trace = new OrderSentTrace();
        // allowedOrderEvents runs bench request 0; move it to request 4242 as the baseline's rewrite does.
        RequestWriter.writeDigits(sent, MessageHeaderDecoder.ENCODED_LENGTH + OrderSentDecoder.traceIdEncodingOffset() +
            RequestWriter.TRACE_PREFIX_LENGTH, 4242);
        assertEquals(4242, trace.requestOf(sent, 0));

        sent.putInt(MessageHeaderDecoder.ENCODED_LENGTH + OrderSentDecoder.attemptEncodingOffset(), 2,
            OrderSentDecoder.BYTE_ORDER);
        assertEquals(OrderSentTrace.NO_REQUEST, trace.requestOf(sent, 0), "a retry belongs to no request");
        assertEquals(OrderSentTrace.NO_REQUEST, trace.requestOf(new org.agrona.concurrent.UnsafeBuffer(events[0]), 0),
            "not an OrderSent");
    }

    @Test
    void shouldEndEveryBenchRequestInAnOrderSentUnderTheBenchPolicy()
    {
        final RecordedFlow flow = RecordedFlow.record(300);
        int sent = 0;
        for (int i = 0; i < flow.size(); i++)
        {
            if (flow.templateId(i) == OrderSentDecoder.TEMPLATE_ID)
            {
                sent++;
            }
        }
        // Attempt-1 sends for every request, plus retries after the simulated broker's transient errors.
        assertTrue(sent >= 300, "OrderSent events: " + sent);
        final byte[][] allowed = PipelineRun.allowedOrderEvents();
        assertEquals(OrderSentDecoder.TEMPLATE_ID,
            new org.agrona.concurrent.UnsafeBuffer(allowed[allowed.length - 1]).getShort(2) & 0xFFFF, "OrderSent last");
    }

    @Test
    void shouldStepRatesOneTwoFiveAndRoundBisectedRates()
    {
        assertEquals(20_000, LatencyHarness.nextRate(10_000));
        assertEquals(50_000, LatencyHarness.nextRate(20_000));
        assertEquals(100_000, LatencyHarness.nextRate(50_000));
        assertEquals(200_000, LatencyHarness.nextRate(150_000));
        assertEquals(87_000, LatencyHarness.roundRate(87_500));
        assertEquals(120_000, LatencyHarness.roundRate(125_000));
    }

    @Test
    void shouldStepTheRealEngineWhenFindMaxIsGivenTheFullPhase()
    {
        final java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        final java.io.PrintStream stdout = System.out;
        final int exit;
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try
        {
            // A generous p99 bound: the claim is which phase is stepped, not this shared machine's disk stalls.
            exit = new picocli.CommandLine(new LatencyHarness()).execute("--find-max", "--phases", "full",
                "--rate", "1000", "--max-rate", "2000", "--seconds", "1", "--warmup-seconds", "0",
                "--prime-seconds", "0", "--max-p99-us", "10000000", "--data-dir", dir.toString(), "--json");
        }
        finally
        {
            System.setOut(stdout);
        }
        final String json = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, exit, json);
        assertTrue(json.contains("\"phase\":\"engine_full\""), "the real Engine was stepped: " + json);
        assertTrue(json.contains("\"rate\":2000"), "both 1-2-5 steps up to --max-rate ran: " + json);
    }

    private RunSettings settings(final long rate)
    {
        return new RunSettings(rate, 1, 0, 1024, WaitKind.BLOCKING, WaitKind.BACKOFF, dir, false);
    }

    private static void assertCompleteAndMeasured(final PhaseResult result)
    {
        assertCompleteAndMeasured(result, 2_000);
    }

    private static void assertCompleteAndMeasured(final PhaseResult result, final long rate)
    {
        assertTrue(result.completed(), "phase completed");
        assertEquals(rate, result.requests(), "requests in the measured second");
        assertEquals(result.requests(), result.requestsDone(), "all processed");
        assertEquals(result.requests(), result.count(), "every measured request's OrderSent reached the broker side");
        assertTrue(result.percentileUs(50) > 0, "latency measured from the intended send time");
        assertTrue(result.reports() > 0, "the simulated broker's reports went through the ring");
    }
}

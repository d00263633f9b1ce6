package io.noctria.replay;

import io.noctria.codecs.MessageFormatter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.noctria.codecs.EventEncoder.T0;
import static io.noctria.replay.HandMadeScenario.KEY_A_HEX;
import static io.noctria.replay.HandMadeScenario.KEY_B_HEX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportWriterTest
{
    /** kpis.json of the hand-made scenario (indexes 100..116), every figure computed by hand. */
    static final String SCENARIO_KPIS = String.join("\n",
        "{",
        "  \"orders_received\": 3,",
        "  \"orders_sent\": 1,",
        "  \"duplicates_suppressed\": 1,",
        "  \"inputs_rejected\": 0,",
        "  \"risk\": {",
        "    \"allowed\": 1,",
        "    \"clamped\": 0,",
        "    \"scaled\": 1,",
        "    \"shrunk\": 0,",
        "    \"rejected\": 1,",
        "    \"by_rule\": {",
        "      \"FORBIDDEN_SYMBOL\": 0,",
        "      \"LOSS_STREAK_SHRINK\": 0,",
        "      \"MAX_ORDER_QTY\": 0,",
        "      \"MAX_POSITION_NOTIONAL\": 1,",
        "      \"MAX_TRACE_NOTIONAL\": 0,",
        "      \"NOTIONAL_OVERFLOW\": 0,",
        "      \"ORDER_RATE\": 0,",
        "      \"PRICE_COLLAR\": 0,",
        "      \"QUALITY_FLAT\": 0,",
        "      \"TRADING_HOURS\": 0,",
        "      \"TRADING_PAUSED\": 0,",
        "      \"VENUE_MIN_QTY\": 0,",
        "      \"VENUE_ORDER_TYPE\": 0,",
        "      \"VENUE_PRICE_TICK\": 0,",
        "      \"VENUE_QTY_STEP\": 0,",
        "      \"VENUE_TIME_IN_FORCE\": 0,",
        "      \"ZERO_QTY_AFTER_ADJUSTMENT\": 0",
        "    }",
        "  },",
        "  \"quality\": {",
        "    \"ok\": 1,",
        "    \"scale\": 1,",
        "    \"flat\": 0",
        "  },",
        "  \"broker\": {",
        "    \"requests\": 1,",
        "    \"errors\": 0,",
        "    \"error_rate\": 0,",
        "    \"acks\": 1,",
        "    \"fills\": 2,",
        "    \"partial_fills\": 1,",
        "    \"rejects\": 0,",
        "    \"expired\": 0,",
        "    \"canceled\": 0",
        "  },",
        "  \"latency_us\": {",
        "    \"ingress_to_sent\": {",
        "      \"count\": 1,",
        "      \"p50\": 40.5,",
        "      \"p90\": 40.5,",
        "      \"p95\": 40.5,",
        "      \"p99\": 40.5,",
        "      \"p999\": 40.5,",
        "      \"max\": 40.5",
        "    },",
        "    \"sent_to_ack\": {",
        "      \"count\": 1,",
        "      \"p50\": 3959.5,",
        "      \"p90\": 3959.5,",
        "      \"p95\": 3959.5,",
        "      \"p99\": 3959.5,",
        "      \"p999\": 3959.5,",
        "      \"max\": 3959.5",
        "    },",
        "    \"ack_to_fill\": {",
        "      \"count\": 1,",
        "      \"p50\": 1000,",
        "      \"p90\": 1000,",
        "      \"p95\": 1000,",
        "      \"p99\": 1000,",
        "      \"p999\": 1000,",
        "      \"max\": 1000",
        "    },",
        "    \"ingress_to_final\": {",
        "      \"count\": 3,",
        "      \"p50\": 20.015,",
        "      \"p90\": 6500,",
        "      \"p95\": 6500,",
        "      \"p99\": 6500,",
        "      \"p999\": 6500,",
        "      \"max\": 6500",
        "    }",
        "  },",
        "  \"slippage_pct\": {",
        "    \"p50\": 0.1,",
        "    \"p90\": 0.1,",
        "    \"max\": 0.1",
        "  },",
        "  \"pnl\": {",
        "    \"realized\": 0,",
        "    \"win_rate\": null,",
        "    \"max_drawdown\": 0",
        "  },",
        "  \"alerts\": {",
        "    \"CRITICAL\": 0,",
        "    \"INFO\": 0,",
        "    \"WARNING\": 1",
        "  },",
        "  \"invalid_excerpts\": {",
        "    \"count\": 1,",
        "    \"records\": [",
        "      {",
        "        \"index\": 112,",
        "        \"error\": \"UNKNOWN_SCHEMA\",",
        "        \"detail\": \"schema id 999 is not the Noctria schema 7101 (templateId=1)\"",
        "      }",
        "    ]",
        "  },",
        "  \"journal\": {",
        "    \"first_index\": 100,",
        "    \"last_index\": 116,",
        "    \"excerpts\": 17",
        "  }",
        "}",
        "");

    static final String SCENARIO_OUTBOX_LINE = "{\"idempotency_key\":\"" + KEY_A_HEX + "\",\"trace_id\":\"trace-A\"," +
        "\"first_index\":104,\"input_index\":101,\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":2,\"price\":150," +
        "\"order_type\":\"LIMIT\",\"time_in_force\":\"DAY\",\"state\":\"FILLED\"," +
        "\"created_at\":\"2026-11-22T00:00:00.001030000Z\",\"sent_at\":\"2026-11-22T00:00:00.001040500Z\"," +
        "\"cl_ord_id\":\"Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"broker_order_id\":9001,\"broker_response\":\"Fill\",\"filled_qty\":2," +
        "\"avg_fill_price\":150.15,\"retries\":0,\"send_failures\":0,\"duplicates_suppressed\":1}";

    static final String[] SCENARIO_LATENCY_LINES = {
        "{\"input_index\":101,\"trace_id\":\"trace-A\",\"idempotency_key\":\"" + KEY_A_HEX + "\"," +
            "\"final_state\":\"FILLED\",\"ingress_utc\":\"2026-11-22T00:00:00.001000000Z\"," +
            "\"ingress_to_decision_us\":25,\"decision_to_sent_us\":15.5,\"ingress_to_sent_us\":40.5," +
            "\"sent_to_ack_us\":3959.5,\"ack_to_fill_us\":1000,\"ingress_to_final_us\":6500}",
        "{\"input_index\":106,\"trace_id\":\"trace-B\",\"idempotency_key\":\"" + KEY_B_HEX + "\"," +
            "\"final_state\":\"RISK_REJECTED\",\"ingress_utc\":\"2026-11-22T00:00:00.002000000Z\"," +
            "\"ingress_to_decision_us\":20,\"decision_to_sent_us\":null,\"ingress_to_sent_us\":null," +
            "\"sent_to_ack_us\":null,\"ack_to_fill_us\":null,\"ingress_to_final_us\":20}",
        "{\"input_index\":110,\"trace_id\":\"trace-A\",\"idempotency_key\":\"" + KEY_A_HEX + "\"," +
            "\"final_state\":\"DUPLICATE\",\"ingress_utc\":\"2026-11-22T00:00:00.003000000Z\"," +
            "\"ingress_to_decision_us\":8,\"decision_to_sent_us\":null,\"ingress_to_sent_us\":null," +
            "\"sent_to_ack_us\":null,\"ack_to_fill_us\":null,\"ingress_to_final_us\":8}" };

    static final String SCENARIO_SENT_TIMELINE_LINE = "{\"index\":105,\"trace_id\":\"trace-A\",\"type\":\"OrderSent\"," +
        "\"ts_utc\":\"2026-11-22T00:00:00.001040500Z\",\"ts_jst\":\"2026-11-22T09:00:00.001040500+09:00\"," +
        "\"tsNs\":1795305600001040500,\"inputIndex\":101,\"qty\":2,\"price\":150,\"attempt\":1,\"side\":\"BUY\"," +
        "\"orderType\":\"LIMIT\",\"timeInForce\":\"DAY\",\"symbol\":\"USDJPY\",\"traceId\":\"trace-A\"," +
        "\"clOrdId\":\"Naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"idempotencyKey\":\"" + KEY_A_HEX + "\"}";

    static final String SCENARIO_INVALID_TIMELINE_LINE = "{\"index\":112,\"trace_id\":null,\"type\":\"Invalid\"," +
        "\"ts_utc\":null,\"ts_jst\":null,\"error\":\"UNKNOWN_SCHEMA\"," +
        "\"detail\":\"schema id 999 is not the Noctria schema 7101 (templateId=1)\"}";

    @TempDir
    Path dir;

    private static ReplayResult scenario()
    {
        final Projections projections = new Projections();
        new HandMadeScenario().write(new ConsumerSink(projections, 100));
        return ReplayResult.of(projections);
    }

    @Test
    void shouldWriteTheScenarioKpisExactly()
    {
        final StringBuilder out = new StringBuilder();
        ReportWriter.appendKpis(scenario(), out);

        assertEquals(SCENARIO_KPIS, out.toString());
        JsonLines.assertOneObject(out.toString());
    }

    @Test
    void shouldWriteTheOutboxLatencyAndTimelineLinesExactly()
    {
        final ReplayResult result = scenario();

        final StringBuilder outbox = new StringBuilder();
        ReportWriter.appendOutboxLine(result.projections().outbox().entries().get(0), outbox);
        assertEquals(SCENARIO_OUTBOX_LINE, outbox.toString());

        for (int i = 0; i < SCENARIO_LATENCY_LINES.length; i++)
        {
            final StringBuilder line = new StringBuilder();
            ReportWriter.appendLatencyLine(result.projections().latency().rows().get(i), line);
            assertEquals(SCENARIO_LATENCY_LINES[i], line.toString());
        }

        final MessageFormatter formatter = new MessageFormatter();
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        final StringBuilder sent = new StringBuilder();
        ReportWriter.appendTimelineLine(result.projections().timeline(), 5, formatter, view, sent);
        assertEquals(SCENARIO_SENT_TIMELINE_LINE, sent.toString());
        final StringBuilder invalid = new StringBuilder();
        ReportWriter.appendTimelineLine(result.projections().timeline(), 12, formatter, view, invalid);
        assertEquals(SCENARIO_INVALID_TIMELINE_LINE, invalid.toString());
    }

    @Test
    void shouldWriteFiveWellFormedFiles() throws IOException
    {
        ReportWriter.write(scenario(), dir);

        assertEquals(SCENARIO_KPIS, Files.readString(dir.resolve(ReportWriter.KPIS)));
        assertEquals(List.of(SCENARIO_OUTBOX_LINE), JsonLines.assertJsonLines(dir.resolve(ReportWriter.OUTBOX)));
        assertEquals(List.of(SCENARIO_LATENCY_LINES), JsonLines.assertJsonLines(dir.resolve(ReportWriter.TRACE_LATENCY)));
        final List<String> timeline = JsonLines.assertJsonLines(dir.resolve(ReportWriter.TIMELINE));
        assertEquals(17, timeline.size());
        assertEquals(SCENARIO_SENT_TIMELINE_LINE, timeline.get(5));
        assertEquals(SCENARIO_INVALID_TIMELINE_LINE, timeline.get(12));
        for (int i = 0; i < timeline.size(); i++)
        {
            assertTrue(timeline.get(i).startsWith("{\"index\":" + (100 + i) + ","), timeline.get(i));
        }
        assertTrue(timeline.get(9).contains("\"type\":\"Alert\""), timeline.get(9));
        assertTrue(timeline.get(9).contains("\"message\":\"position notional 75000 would exceed 50000\""));
        assertTrue(Files.exists(dir.resolve(ReportWriter.LATENCY_HGRM)));
    }

    @Test
    void shouldWriteTheIngressToSentDistributionForTheHdrHistogramPlotter()
    {
        final String hgrm = new String(
            ReportWriter.latencyHgrm(scenario().projections().latency().histogram(LatencyStage.INGRESS_TO_SENT)),
            StandardCharsets.UTF_8);
        final String[] lines = hgrm.split("\n", -1);

        assertEquals("       Value     Percentile TotalCount 1/(1-Percentile)", lines[0]);
        assertEquals("", lines[1]);
        // One sample of 40_500 ns: HdrHistogram prints its bucket's top, 40_511 ns, in microseconds.
        assertEquals("      40.511 0.000000000000          1           1.00", lines[2]);
        assertTrue(hgrm.contains("#[Max     =       40.511, Total count    =            1]\n"), hgrm);
        assertFalse(hgrm.contains("\r"));
        assertTrue(hgrm.endsWith("]\n"));
    }

    @Test
    void shouldWriteAnEmptyReportForAnEmptyJournal() throws IOException
    {
        ReportWriter.write(ReplayResult.of(new Projections()), dir);

        final String kpis = Files.readString(dir.resolve(ReportWriter.KPIS));
        JsonLines.assertOneObject(kpis);
        assertTrue(kpis.contains("\"error_rate\": null,"), kpis);
        assertTrue(kpis.contains("\"ingress_to_sent\": {\n      \"count\": 0,\n      \"p50\": null,"), kpis);
        assertTrue(kpis.contains("\"slippage_pct\": {\n    \"p50\": null,\n    \"p90\": null,\n    \"max\": null\n  }"));
        assertTrue(kpis.contains("\"records\": []"), kpis);
        assertTrue(kpis.contains("\"first_index\": null,\n    \"last_index\": null,\n    \"excerpts\": 0"), kpis);
        assertEquals(0, Files.size(dir.resolve(ReportWriter.OUTBOX)));
        assertEquals(0, Files.size(dir.resolve(ReportWriter.TIMELINE)));
        assertEquals(0, Files.size(dir.resolve(ReportWriter.TRACE_LATENCY)));
    }

    @Test
    void shouldGiveTheSameInstantInJapanStandardTime()
    {
        final StringBuilder out = new StringBuilder();
        // 2026-11-22T20:30:00.5Z is the next day in Tokyo.
        ReportWriter.appendJst(out, T0 + (20 * 3_600 + 30 * 60) * 1_000_000_000L + 500_000_000L);

        assertEquals("2026-11-23T05:30:00.500000000+09:00", out.toString());
    }

    @Test
    void shouldWriteTheSameBytesTwice(@TempDir final Path other) throws IOException
    {
        ReportWriter.write(scenario(), dir);
        ReportWriter.write(scenario(), other);

        for (final String file : new String[] {
            ReportWriter.KPIS, ReportWriter.OUTBOX, ReportWriter.TIMELINE, ReportWriter.TRACE_LATENCY,
            ReportWriter.LATENCY_HGRM })
        {
            assertArrayEquals(Files.readAllBytes(dir.resolve(file)), Files.readAllBytes(other.resolve(file)), file);
        }
    }
}

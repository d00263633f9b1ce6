package io.noctria.engine.cli;

import io.noctria.replay.ReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.noctria.engine.cli.ReplayScenario.BURST;
import static io.noctria.engine.cli.ReplayScenario.KEY_A;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code noctria replay} on the hand-made {@link ReplayScenario} journal, against hand-computed expectations. */
class ReplayCommandTest
{
    @TempDir
    Path dataDir;

    @Test
    void shouldCountOnlyWhatIsInsideTheWindow()
    {
        final ReplayScenario scenario = new ReplayScenario().write(dataDir, false);

        // [T0+5 s, T0+15 s): trace t-b (request, quality, risk REJECT, alert), the CRITICAL alert, the pause ON.
        final Map<String, String> inside = kpis("--from", "2026-11-22T00:00:05Z", "--to", "2026-11-22T00:00:15Z");
        ReplayJson.assertEntries(inside,
            "orders_received", "1",
            "orders_sent", "0",
            "risk.rejected", "1",
            "risk.by_rule.MAX_ORDER_QTY", "1",
            "risk.allowed", "0",
            "broker.fills", "0",
            "alerts.CRITICAL", "1",
            "alerts.WARNING", "1",
            "journal.first_index", String.valueOf(scenario.requestB),
            "journal.last_index", String.valueOf(scenario.pauseOn),
            "journal.excerpts", "7");

        // Before: engine start, policy, the whole of t-a. After: t-c, the pause OFF, the burst, the stop.
        final Map<String, String> before = kpis("--to", "2026-11-22T00:00:05Z");
        ReplayJson.assertEntries(before,
            "orders_received", "1",
            "orders_sent", "1",
            "broker.fills", "1",
            "risk.allowed", "1",
            "risk.rejected", "0",
            "journal.first_index", String.valueOf(scenario.engineStarted),
            "journal.last_index", String.valueOf(scenario.fillA),
            "journal.excerpts", "9");

        final Map<String, String> after = kpis("--from", "2026-11-22T00:00:15Z");
        ReplayJson.assertEntries(after,
            "orders_received", String.valueOf(1 + BURST),
            "risk.rejected", String.valueOf(1 + BURST),
            "risk.by_rule.TRADING_PAUSED", "1",
            "risk.by_rule.ORDER_RATE", String.valueOf(BURST),
            "journal.first_index", String.valueOf(scenario.requestC),
            "journal.last_index", String.valueOf(scenario.engineStopped));

        final Map<String, String> whole = kpis();
        assertEquals(String.valueOf(3 + BURST), whole.get("orders_received"));
        assertEquals(Long.parseLong(before.get("journal.excerpts")) + Long.parseLong(inside.get("journal.excerpts")) +
            Long.parseLong(after.get("journal.excerpts")), Long.parseLong(whole.get("journal.excerpts")),
            "the three windows partition the journal");

        // The same instant written in JST selects the same window.
        assertEquals(inside, kpis("--from", "2026-11-22T09:00:05+09:00", "--to", "2026-11-22T09:00:15+09:00"));
    }

    @Test
    void shouldPrintOneTracesTimelineAndLatencyReadably()
    {
        final ReplayScenario s = new ReplayScenario().write(dataDir, false);

        final CliRun run = CliRun.run("--data-dir", dataDir.toString(), "replay", "--trace-id", "t-a");

        assertEquals(0, run.exitCode, run.toString());
        final List<String> expected = List.of(
            "trace t-a: 7 events, 1 request(s) in whole journal",
            s.requestA + "  2026-11-22T00:00:01.000000000Z  2026-11-22T09:00:01.000000000+09:00  OrderRequest  " +
                "symbol=USDJPY side=BUY qty=2 price=150 orderType=LIMIT timeInForce=DAY strategy=s1 missingRatio=0 " +
                "dataLagMs=0 keyPresent=FALSE inboundIndex=0",
            s.qualityA + "  2026-11-22T00:00:01.000010000Z  2026-11-22T09:00:01.000010000+09:00  QualityDecision  " +
                "verdict=OK reason=NONE originalQty=2 finalQty=2 factor=1",
            s.riskA + "  2026-11-22T00:00:01.000025000Z  2026-11-22T09:00:01.000025000+09:00  RiskDecision  " +
                "verdict=ALLOW rule=NONE severity=INFO policy=default originalQty=2 finalQty=2 limitValue=0 observedValue=0",
            s.outboxA + "  2026-11-22T00:00:01.000030000Z  2026-11-22T09:00:01.000030000+09:00  OutboxRecorded  " +
                "side=BUY qty=2 price=150 orderType=LIMIT timeInForce=DAY",
            s.sentA + "  2026-11-22T00:00:01.000040000Z  2026-11-22T09:00:01.000040000+09:00  OrderSent  " +
                "attempt=1 symbol=USDJPY side=BUY qty=2 price=150 clOrdId=NC-A",
            s.ackA + "  2026-11-22T00:00:01.001000000Z  2026-11-22T09:00:01.001000000+09:00  BrokerAck  " +
                "brokerOrderId=9001 clOrdId=NC-A",
            s.fillA + "  2026-11-22T00:00:01.002000000Z  2026-11-22T09:00:01.002000000+09:00  Fill  " +
                "fillType=FULL fillQty=2 fillPrice=150.03 cumQty=2 leavesQty=0 liquidity=TAKER execId=1",
            "latency of request " + s.requestA + ": key " + KEY_A + ", final FILLED, ingress " +
                "2026-11-22T00:00:01.000000000Z (2026-11-22T09:00:01.000000000+09:00)",
            "  ingress->decision    25.000 us",
            "  decision->sent       15.000 us",
            "  ingress->sent        40.000 us",
            "  sent->ack            960.000 us",
            "  ack->fill            1000.000 us",
            "  ingress->final       2000.000 us");
        assertEquals(expected, run.lines());
        assertEquals("", run.err);
    }

    @Test
    void shouldPrintTheRejectedTraceAndItsAlertWithinTheWindow()
    {
        final ReplayScenario s = new ReplayScenario().write(dataDir, false);

        final CliRun run = CliRun.run("--data-dir", dataDir.toString(), "replay", "--trace-id", "t-b",
            "--from", "2026-11-22T00:00:05Z", "--to", "2026-11-22T00:00:15Z");

        assertEquals(0, run.exitCode, run.toString());
        final List<String> lines = run.lines();
        assertEquals("trace t-b: 4 events, 1 request(s) in [2026-11-22T00:00:05.000000000Z " +
            "(2026-11-22T09:00:05.000000000+09:00), 2026-11-22T00:00:15.000000000Z (2026-11-22T09:00:15.000000000+09:00))",
            lines.get(0));
        assertEquals(s.riskB + "  2026-11-22T00:00:10.000020000Z  2026-11-22T09:00:10.000020000+09:00  RiskDecision  " +
            "verdict=REJECT rule=MAX_ORDER_QTY severity=WARNING policy=default originalQty=50000 finalQty=0 " +
            "limitValue=0 observedValue=0", lines.get(3));
        assertEquals(s.alertB + "  2026-11-22T00:00:10.000021000Z  2026-11-22T09:00:10.000021000+09:00  Alert  " +
            "severity=WARNING code=RISK_RULE rule=MAX_ORDER_QTY policy=default " +
            "message=\"max_order_qty: qty 50000 over 20000; rejected\"", lines.get(4));
        assertTrue(lines.get(5).startsWith("latency of request " + s.requestB + ": key "), lines.get(5));
        assertTrue(lines.get(5).contains(", final RISK_REJECTED, "), lines.get(5));
        assertEquals("  ingress->decision    20.000 us", lines.get(6));
        assertEquals("  decision->sent       -", lines.get(7));
        assertEquals("  ingress->final       20.000 us", lines.get(11));

        final CliRun outside = CliRun.run("--data-dir", dataDir.toString(), "replay", "--trace-id", "t-a",
            "--from", "2026-11-22T00:00:05Z");
        assertEquals(List.of("trace t-a: 0 events, 0 request(s) in [2026-11-22T00:00:05.000000000Z " +
            "(2026-11-22T09:00:05.000000000+09:00), end)"), outside.lines());
    }

    @Test
    void shouldPrintTheTraceAsTheReportFilesLinesInJson() throws Exception
    {
        final ReplayScenario s = new ReplayScenario().write(dataDir, false);
        final Path report = dataDir.resolve("report-t-a");
        assertEquals(0, CliRun.run("--data-dir", dataDir.toString(), "replay", "--trace-id", "t-a", "--out",
            report.toString()).exitCode);

        final CliRun json = CliRun.run("--data-dir", dataDir.toString(), "replay", "--trace-id", "t-a", "--format", "json");

        assertEquals(0, json.exitCode, json.toString());
        final List<String> expected = new ArrayList<>(Files.readAllLines(report.resolve(ReportWriter.TIMELINE)));
        expected.addAll(Files.readAllLines(report.resolve(ReportWriter.TRACE_LATENCY)));
        assertEquals(8, expected.size(), "7 events and 1 latency row");
        assertEquals(expected, json.lines());
        assertTrue(json.lines().get(0).startsWith("{\"index\":" + s.requestA + ",\"trace_id\":\"t-a\"," +
            "\"type\":\"OrderRequest\",\"ts_utc\":\"2026-11-22T00:00:01.000000000Z\"," +
            "\"ts_jst\":\"2026-11-22T09:00:01.000000000+09:00\","), json.lines().get(0));
        final Map<String, String> latency = ReplayJson.flatten(json.lines().get(7));
        assertEquals("FILLED", latency.get("final_state"));
        assertEquals("40", latency.get("ingress_to_sent_us"));
        assertEquals("2000", latency.get("ingress_to_final_us"));
    }

    @Test
    void shouldPrintTheKpisJsonObjectAndTheTextSummary() throws Exception
    {
        new ReplayScenario().write(dataDir, false);
        final Path report = dataDir.resolve("report");

        final CliRun out = CliRun.run("--data-dir", dataDir.toString(), "replay", "--out", report.toString());
        final CliRun json = CliRun.run("--data-dir", dataDir.toString(), "replay", "--format", "json");
        final CliRun text = CliRun.run("--data-dir", dataDir.toString(), "replay");

        assertEquals(0, out.exitCode, out.toString());
        assertEquals(1, out.lines().size(), "one summary line: " + out);
        assertTrue(out.out.contains("orders received 15, sent 1, fills 1, alerts 2, invalid excerpts 0 -> " +
            report.toAbsolutePath().normalize()), out.out);
        assertEquals(Files.readString(report.resolve(ReportWriter.KPIS), StandardCharsets.UTF_8), json.out);
        assertEquals(0, text.exitCode, text.toString());
        assertTrue(text.out.startsWith("== Noctria replay ==\nwindow                  whole journal\n"), text.out);
        assertTrue(text.out.contains("orders received         15\n"), text.out);
        assertTrue(text.out.contains("risk gate               allow 1 | clamp 0 | shrink 0 | reject 14 | scaled 0\n"),
            text.out);
        assertTrue(text.out.contains("  by rule               MAX_ORDER_QTY 1, TRADING_PAUSED 1, ORDER_RATE 12\n"),
            text.out);
        assertTrue(text.out.contains("  ingress->sent         1 | 40.000 | 40.000 | 40.000 | 40.000 | 40.000 | 40.000\n"),
            text.out);
        assertTrue(text.out.contains("alerts                  info 0 | warning 1 | critical 1\n"), text.out);
        assertTrue(text.out.endsWith("invalid excerpts        0\n"), text.out);
        assertFalse(text.err.contains("\r") || json.err.contains("\r"), "no progress bar outside a terminal");
    }

    @Test
    void shouldReportAGarbageExcerptWithItsIndexCountItAndExitWith5() throws Exception
    {
        final ReplayScenario s = new ReplayScenario().write(dataDir, true);
        final Path report = dataDir.resolve("report");

        final CliRun json = CliRun.run("--data-dir", dataDir.toString(), "replay", "--format", "json");
        final CliRun out = CliRun.run("--data-dir", dataDir.toString(), "replay", "--out", report.toString());
        final CliRun text = CliRun.run("--data-dir", dataDir.toString(), "replay");
        // It has no time: a window starting after it keeps it with the next message (docs/replay.md, Windows).
        final CliRun next = CliRun.run("--data-dir", dataDir.toString(), "replay", "--format", "json",
            "--from", "2026-11-22T00:00:05Z");
        final CliRun later = CliRun.run("--data-dir", dataDir.toString(), "replay", "--format", "json",
            "--from", "2026-11-22T00:00:15Z");

        final String reported = "noctria replay: excerpt " + s.garbage + " (0x" + Long.toHexString(s.garbage) +
            ") is not a valid message: UNFRAMED";
        for (final CliRun run : List.of(json, out, text, next))
        {
            // A foreign writer's excerpt in a framed journal is damage: exit 5 (docs/operations-journal.md).
            assertEquals(5, run.exitCode, run.toString());
            assertTrue(run.err.contains(reported), run.err);
        }
        final Map<String, String> kpis = ReplayJson.flatten(json.out);
        assertEquals("1", kpis.get("invalid_excerpts.count"));
        assertEquals(String.valueOf(s.garbage), kpis.get("invalid_excerpts.records.0.index"));
        assertEquals("UNFRAMED", kpis.get("invalid_excerpts.records.0.error"));
        assertEquals(String.valueOf(3 + BURST), kpis.get("orders_received"), "the replay went on past it");
        assertEquals(json.out, Files.readString(report.resolve(ReportWriter.KPIS), StandardCharsets.UTF_8));
        assertTrue(out.out.contains("invalid excerpts 1 -> "), out.out);
        assertTrue(Files.readString(report.resolve(ReportWriter.TIMELINE)).contains(
            "{\"index\":" + s.garbage + ",\"trace_id\":null,\"type\":\"Invalid\",\"ts_utc\":null,\"ts_jst\":null," +
            "\"error\":\"UNFRAMED\""));
        assertTrue(text.out.contains("invalid excerpts        1\n"), text.out);
        assertEquals(String.valueOf(s.garbage), ReplayJson.flatten(next.out).get("journal.first_index"));
        assertEquals(0, later.exitCode, "a window that does not hold it: " + later);
        assertEquals("0", ReplayJson.flatten(later.out).get("invalid_excerpts.count"));
    }

    @Test
    void shouldFailClearlyOnBadArgumentsWithoutCreatingAnything() throws Exception
    {
        final Path missing = dataDir.resolve("nowhere");
        final CliRun noJournal = CliRun.run("--data-dir", missing.toString(), "replay");
        assertEquals(1, noJournal.exitCode, noJournal.toString());
        assertTrue(noJournal.err.contains("no journal at"), noJournal.err);
        assertFalse(Files.exists(missing));

        new ReplayScenario().write(dataDir, false);
        final byte[] before = Files.readAllBytes(dataDir.resolve("journal").resolve("metadata.cq4t"));
        final CliRun empty = CliRun.run("--data-dir", dataDir.toString(), "replay", "--from", "2026-11-22T00:00:10Z",
            "--to", "2026-11-22T00:00:10Z");
        assertEquals(2, empty.exitCode, empty.toString());
        assertTrue(empty.err.contains("--from 2026-11-22T00:00:10.000000000Z must be before --to"), empty.err);

        final CliRun badTime = CliRun.run("--data-dir", dataDir.toString(), "replay", "--from", "yesterday");
        assertEquals(2, badTime.exitCode, badTime.toString());
        assertTrue(badTime.err.contains("--from: 'yesterday' is not an ISO-8601 time"), badTime.err);

        final CliRun badFormat = CliRun.run("--data-dir", dataDir.toString(), "replay", "--format", "xml");
        assertEquals(2, badFormat.exitCode, badFormat.toString());

        assertArrayEquals(before, Files.readAllBytes(dataDir.resolve("journal").resolve("metadata.cq4t")),
            "replay is read-only");
    }

    @Test
    void shouldListReplayAndPostmortemInTheHelp()
    {
        final CliRun help = CliRun.run("--help");
        assertTrue(help.out.contains("replay") && help.out.contains("postmortem"), help.out);
        for (final String command : new String[] { "replay", "postmortem" })
        {
            final CliRun sub = CliRun.run(command, "--help");
            assertEquals(0, sub.exitCode, sub.toString());
            assertTrue(sub.out.contains("--data-dir") && sub.out.contains("--from") && sub.out.contains("--out"), sub.out);
        }
    }

    private Map<String, String> kpis(final String... window)
    {
        final List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "replay", "--format", "json"));
        args.addAll(List.of(window));
        final CliRun run = CliRun.run(args.toArray(new String[0]));
        assertEquals(0, run.exitCode, run.toString());
        return ReplayJson.flatten(run.out);
    }
}

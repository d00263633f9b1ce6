package io.noctria.engine.cli;

import io.noctria.engine.runtime.EngineCounter;
import io.noctria.engine.testing.Await;
import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.ChildProcesses;
import io.noctria.engine.testing.Cli;
import io.noctria.engine.testing.CommandResult;
import io.noctria.engine.testing.EngineProcess;
import io.noctria.engine.testing.ProcessTest;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14's "done means", with real processes: {@code run --metrics-port 0} trading through a {@code broker-sim}
 * process with transient errors, signed orders from {@code submit --sign}, a signed pause that {@code status}
 * shows with its operator. The venue stops with orders in flight and the engine restarts: {@code /readyz} answers
 * 503 while the restarted engine's reconciliation waits for the venue and 200 once the venue answers. Then a
 * scrape of the running engine equals {@code noctria replay}'s kpis.json of the same journal.
 */
class MetricsProcessTest
{
    private static final String SECRET = "metrics-process-test-secret-0123456789abcdef";
    private static final int FIRST = 24;
    private static final int IN_FLIGHT = 3;

    @RegisterExtension
    final ChildProcesses processes = ChildProcesses.withSecret(SECRET).env("NOCTRIA_LOG_FORMAT", "JSON");

    @ProcessTest
    void shouldScrapeTheReplayedKpisAndAnswerReadyOnlyOnceReconciled() throws Exception
    {
        final Path data = processes.dir("data");
        final Path venueDir = processes.dir("venue");
        final Path config = writeConfig(venueDir);
        final Path policy = writePolicy();
        final ChildProcesses.OperatorKeys operator = processes.operator("ops-day");

        final ChildProcesses.Venue venue = processes.venue("venue-1", venueDir, config, 14);
        try (EngineProcess engine = processes.engine("engine-1", data, "--metrics-port", "0",
            "--drain-timeout-ms", "200", "--operators", operator.operators().toString(), "--config", config.toString(),
            "--policy", policy.toString()))
        {
            submitSigned(data, orders("day", 0, FIRST));
            engine.await(EngineCounter.ORDER_REQUESTS, FIRST);
            engine.awaitBrokerQuiet();
            assertEquals(200, engine.getMetrics("/readyz").statusCode());
            // The metrics thread logs the refused USDRUB order's alert with its trace id in the MDC.
            awaitTracedLine(engine, "day-7", "alert CRITICAL RISK_RULE");

            // The venue goes away: the next orders are sent and stay in flight.
            assertEquals(0, venue.stop(), venue.log());
            submitSigned(data, orders("late", FIRST, IN_FLIGHT));
            engine.await(EngineCounter.BROKER_IN_FLIGHT, v -> v >= 1, "orders in flight with the venue gone");

            // A signed pause: status (another process's view of cnc.dat and the journal) shows it and its operator.
            assertEquals(0, Cli.run("pause", "--on", "--reason", "venue down", "--key",
                operator.key().toString(), "--data-dir", data.toString()));
            engine.await(EngineCounter.CONTROLS, 1);
            final CommandResult status = Cli.execute("status", "--json", "--data-dir", data.toString());
            assertEquals(0, status.code(), status.toString());
            assertTrue(status.out().contains("\"trading\":{\"paused\":true,\"source\":\"OPERATOR\",\"operator\":" +
                "\"ops-day\",\"reason\":\"venue down\""), status.out());
            Await.await(() -> "trading_paused 1 on /metrics", 10_000,
                () -> scrape(engine).series().getOrDefault("trading_paused", 0.0) == 1.0);
            engine.stop(); // the drain times out: the orders stay in flight in the journal
        }

        try (EngineProcess engine = processes.engine("engine-2", data, "--metrics-port", "0",
            "--operators", operator.operators().toString(), "--config", config.toString(),
            "--policy", policy.toString()))
        {
            // Recovered and running, but its reconciliation waits for a venue that is not there: not ready.
            final HttpResponse<String> reconciling = engine.getMetrics("/readyz");
            assertEquals(503, reconciling.statusCode(), reconciling.body());
            assertTrue(reconciling.body().contains("reconciling: "), reconciling.body());
            final ScrapedKpis waiting = scrape(engine);
            assertTrue(waiting.value("noctria_reconcile_pending") >= 1, waiting.series().toString());
            assertEquals(0.0, waiting.value("noctria_ready"));

            processes.venue("venue-2", venueDir, config, 14); // stopped after the test
            Await.await(() -> "/readyz 200 once the venue answers reconciliation", 30_000,
                () -> engine.getMetrics("/readyz").statusCode() == 200);
            awaitTracedLine(engine, "late-" + FIRST, "reconciled ");
            engine.awaitBrokerQuiet();
            final ScrapedKpis scraped = scrape(engine);
            final Path report = processes.dir("replayed");
            assertEquals(0, Cli.run("replay", "--data-dir", data.toString(), "--out", report.toString()));
            final String kpis = Files.readString(report.resolve("kpis.json"));
            scraped.assertAgreesWith(ReplayJson.flatten(kpis));
            assertEquals((double)(FIRST + IN_FLIGHT),
                Double.parseDouble(ReplayJson.flatten(kpis).get("orders_received")), kpis);
            assertTrue(scraped.value("broker_api_errors_total") > 0, "the venue's transient errors: " + kpis);
            assertTrue(scraped.value("do_slippage_pct_count") > 0, kpis);
            assertEquals(1.0, scraped.value("trading_paused"), "the pause outlives the restart");
            assertEquals(1.0, scraped.value("noctria_ready"));
            assertEquals(0, engine.stop(), engine.log());
        }
    }

    /** Signed by {@code submit --sign} with the test's secret (in this JVM: the command's environment hook). */
    private void submitSigned(final Path data, final List<String> lines) throws Exception
    {
        final Path file = Files.write(processes.dir("orders-" + System.nanoTime() + ".jsonl"), lines);
        final Function<String, String> environment = SubmitCommand.environment;
        SubmitCommand.environment = name -> RunCommand.SECRET_ENV.equals(name) ? SECRET : environment.apply(name);
        try
        {
            assertEquals(0, Cli.run("submit", "--sign", "--data-dir", data.toString(), file.toString()));
        }
        finally
        {
            SubmitCommand.environment = environment;
        }
    }

    private static List<String> orders(final String trace, final int first, final int count)
    {
        final List<String> lines = new ArrayList<>();
        for (int i = first; i < first + count; i++)
        {
            // Every fifth one is too large for the policy (clamped), one is forbidden (rejected).
            final String symbol = i == 7 ? "USDRUB" : "USDJPY";
            final int qty = i % 5 == 4 ? 50_000 : 1 + i % 4;
            lines.add("{\"symbol\":\"" + symbol + "\",\"side\":\"" + (i % 2 == 0 ? "BUY" : "SELL") + "\",\"qty\":" +
                qty + ",\"price\":150.1,\"order_type\":\"LIMIT\",\"tif\":\"IOC\",\"trace_id\":\"" + trace + "-" + i +
                "\",\"strategy\":\"metrics\",\"ts\":\"2026-01-06T10:00:" + String.format("%02d", i) + "Z\"}");
        }
        return lines;
    }

    private Path writeConfig(final Path venueDir) throws Exception
    {
        return Files.writeString(processes.dir("engine.yml"), "clock: {max_skew_ms: 0}\nbroker:\n  mode: process\n" +
            "  dir: " + venueDir.toAbsolutePath() + "\nbroker_sim:\n  transient_error_probability: 0\n" +
            "  reject_probability: 0.1\n  expire_probability: 0.1\n  partial_fill_probability: 0.3\n" +
            "  faults: {error_response_probability: 0.3}\n");
    }

    /** The sample policy without its loss-streak pause: this test's pause is the operator's. */
    private Path writePolicy() throws Exception
    {
        final String sample = Files.readString(ChildJvm.configs().resolve("risk_policy.yml"));
        assertTrue(sample.contains("max_consecutive_losses: 3 "), sample);
        return Files.writeString(processes.dir("risk_policy.yml"),
            sample.replace("max_consecutive_losses: 3 ", "max_consecutive_losses: 1000 "));
    }

    /** Waits for a JSON log line of the journal event log whose MDC trace_id is {@code trace}. */
    private static void awaitTracedLine(final EngineProcess engine, final String trace, final String messageStart)
    {
        Await.await(() -> "a log line \"" + messageStart + "...\" with trace_id " + trace + " in\n" + engine.log(),
            10_000, () -> engine.log().lines().filter(line -> line.startsWith("{")).map(ReplayJson::flatten)
                .anyMatch(line -> trace.equals(line.get("mdc." + JournalEventLog.TRACE_ID)) &&
                    line.getOrDefault("formattedMessage", "").startsWith(messageStart) &&
                    JournalEventLog.class.getName().equals(line.get("loggerName"))));
    }

    private static ScrapedKpis scrape(final EngineProcess engine)
    {
        final HttpResponse<String> response = engine.getMetrics("/metrics");
        assertEquals(200, response.statusCode(), response.body());
        return new ScrapedKpis(response.body());
    }
}

package io.noctria.engine.cli;

import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics endpoint on data directories whose engine is not taking inbound: none yet, and one that ran a demo
 * day and stopped. The running engine's side (200, a pause, the counters) is in SignedControlsProcessTest.
 */
class MetricsEndpointTest
{
    @TempDir
    Path work;

    @Test
    void shouldAnswerNotReadyWithTheReasonWhileNoEngineRuns() throws Exception
    {
        final Path data = work.resolve("data");
        Files.createDirectories(data);
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(data, "127.0.0.1", 0))
        {
            assertEquals(200, get(endpoint, "/healthz").statusCode());
            final HttpResponse<String> ready = get(endpoint, "/readyz");
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("cannot read the counters file"), ready.body());
            assertEquals(503, get(endpoint, "/metrics").statusCode());
        }
    }

    @Test
    void shouldScrapeTheCountersOfAStoppedEngineAsTheReplayedKpisCountThem() throws Exception
    {
        final Path data = work.resolve("data");
        final Path report = work.resolve("report");
        assertEquals(0, Cli.run("--data-dir", data.toString(), "run", "--demo", "500", "--seed", "7", "--fresh",
            "--report", report.toString(), "--config", ChildJvm.configs().resolve("engine.yml").toString(),
            "--policy", ChildJvm.configs().resolve("risk_policy.yml").toString()));
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(data, "127.0.0.1", 0))
        {
            final HttpResponse<String> ready = get(endpoint, "/readyz");
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("engine STOPPED"), ready.body());

            final HttpResponse<String> metrics = get(endpoint, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            final String kpis = Files.readString(report.resolve("kpis.json"));
            assertEquals(number(kpis, "\"orders_received\":\\s*(\\d+)"), number(metrics.body(), "\nrequests_total (\\d+)"),
                metrics.body());
            assertTrue(metrics.body().contains("\nnoctria_engine_state 3.0\n"), metrics.body());
            assertTrue(metrics.body().contains("\nnoctria_ready 0.0\n"), metrics.body());
            assertTrue(metrics.body().contains("\ntrading_paused 0.0\n"), "the demo's pause drill ends with OFF");
            // The KPI metrics come from the fold kpis.json comes from: the same counts, latency and slippage.
            final ScrapedKpis scraped = new ScrapedKpis(metrics.body());
            scraped.assertAgreesWith(ReplayJson.flatten(kpis));
            assertTrue(scraped.value("do_order_latency_seconds_count{stage=\"ingress_to_final\"}") > 0, kpis);
            assertTrue(scraped.value("do_slippage_pct_count") > 0, kpis);
            assertTrue(scraped.value("noctria_risk_decisions_total{verdict=\"REJECT\"}") > 0, kpis);
        }
    }

    private static long number(final String text, final String regex)
    {
        final Matcher matcher = Pattern.compile(regex).matcher(text);
        assertTrue(matcher.find(), regex + " in " + text);
        return Long.parseLong(matcher.group(1));
    }

    private static HttpResponse<String> get(final MetricsEndpoint endpoint, final String path) throws Exception
    {
        return HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

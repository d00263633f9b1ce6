package io.noctria.engine.cli;

import io.noctria.replay.ReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.noctria.engine.testing.ReplayIdentity.assertSameReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live == replay, byte for byte: the report files {@code run --demo --report} writes and those {@code replay --out}
 * rebuilds from the same data directory are identical, for several seeds, across an engine restart, and for a demo
 * day traded over FIX 4.4 ({@code --venue fix}: a fix-venue on a free loopback port).
 */
class LiveReplayIdentityTest
{
    private static final int REQUESTS = 3_000;
    private static final Pattern ORDERS_RECEIVED = Pattern.compile("orders received\\s+([0-9,]+)");

    @TempDir
    Path temp;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = { 1, 42, 20_261_122 })
    void shouldReplayTheLiveReportByteForByte(final long seed) throws Exception
    {
        final Path dataDir = temp.resolve("data");
        final Path live = temp.resolve("live");
        final Path replayed = temp.resolve("replayed");

        final CliRun run = run(dataDir, REQUESTS, seed, true, live);
        final CliRun replay = CliRun.run("--data-dir", dataDir.toString(), "replay", "--out", replayed.toString());

        assertEquals(0, replay.exitCode, replay.toString());
        assertSameReport(live, replayed, "seed " + seed);
        final Map<String, String> kpis = ReplayJson.flatten(Files.readString(live.resolve(ReportWriter.KPIS)));
        assertEquals(ordersReceived(run), Long.parseLong(kpis.get("orders_received")), "seed " + seed);
        assertTrue(Long.parseLong(kpis.get("orders_sent")) > REQUESTS / 2, "seed " + seed + ": a real run " + kpis);
        assertEquals("0", kpis.get("invalid_excerpts.count"));
    }

    @Test
    void shouldReplayTheSecondRunsReportAcrossARestart() throws Exception
    {
        final Path dataDir = temp.resolve("data");
        final Path first = temp.resolve("first");
        final Path second = temp.resolve("second");
        final Path replayed = temp.resolve("replayed");

        final CliRun run1 = run(dataDir, REQUESTS, 11, true, first);
        final CliRun run2 = run(dataDir, 2_000, 12, false, second);
        final CliRun replay = CliRun.run("--data-dir", dataDir.toString(), "replay", "--out", replayed.toString());

        assertEquals(0, replay.exitCode, replay.toString());
        assertSameReport(second, replayed, "after a restart");
        final Map<String, String> kpis1 = ReplayJson.flatten(Files.readString(first.resolve(ReportWriter.KPIS)));
        final Map<String, String> kpis2 = ReplayJson.flatten(Files.readString(second.resolve(ReportWriter.KPIS)));
        assertEquals(ordersReceived(run1), Long.parseLong(kpis1.get("orders_received")));
        assertEquals(ordersReceived(run1) + ordersReceived(run2), Long.parseLong(kpis2.get("orders_received")),
            "the second report covers both runs: " + run2);
        final String timeline = Files.readString(second.resolve(ReportWriter.TIMELINE));
        assertEquals(2, count(timeline, "\"type\":\"EngineStarted\""), "two engine runs in one journal");
        assertEquals(2, count(timeline, "\"type\":\"EngineStopped\""));
    }

    @Test
    void shouldReplayTheLiveReportOfADemoDayTradedOverFix() throws Exception
    {
        final Path dataDir = temp.resolve("data");
        final Path live = temp.resolve("live");
        final Path replayed = temp.resolve("replayed");

        final CliRun run = run(dataDir, 300, 7, true, live, "--venue", "fix");
        final CliRun replay = CliRun.run("--data-dir", dataDir.toString(), "replay", "--out", replayed.toString());

        assertEquals(0, replay.exitCode, replay.toString());
        assertSameReport(live, replayed, "over FIX");
        final Map<String, String> kpis = ReplayJson.flatten(Files.readString(live.resolve(ReportWriter.KPIS)));
        assertEquals(ordersReceived(run), Long.parseLong(kpis.get("orders_received")));
        final long sent = Long.parseLong(kpis.get("orders_sent"));
        assertTrue(sent > 100, "a real day: " + kpis);
        final String timeline = Files.readString(live.resolve(ReportWriter.TIMELINE));
        assertTrue(timeline.contains("\"type\":\"BrokerAck\"") && timeline.contains("\"type\":\"Fill\""),
            "acks and fills came back over FIX");
        // The venue's own record (one line per NewOrderSingle read): every order sent taken, each ClOrdID once.
        final List<String> taken = Files.readAllLines(dataDir.resolve("demo-fix/venue/orders-received.txt")).stream()
            .filter(line -> line.endsWith(" taken")).map(line -> line.substring(0, line.indexOf(' '))).toList();
        assertEquals(sent, taken.size(), "every order sent reached the venue over FIX: " + kpis);
        assertEquals(taken.size(), new java.util.HashSet<>(taken).size(), "each ClOrdID taken once: " + taken);
    }

    private static CliRun run(final Path dataDir, final int requests, final long seed, final boolean fresh,
        final Path report, final String... more)
    {
        final List<String> args = new java.util.ArrayList<>(List.of("--data-dir", dataDir.toString(), "run", "--demo",
            String.valueOf(requests), "--seed", String.valueOf(seed), "--report", report.toString(), "--config",
            "../configs/engine.yml", "--policy", "../configs/risk_policy.yml"));
        if (fresh)
        {
            args.add("--fresh");
        }
        args.addAll(List.of(more));
        final CliRun run = CliRun.run(args.toArray(new String[0]));
        assertEquals(0, run.exitCode, run.toString());
        return run;
    }

    private static long ordersReceived(final CliRun run)
    {
        final Matcher matcher = ORDERS_RECEIVED.matcher(run.out);
        assertTrue(matcher.find(), run.out);
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }

    private static int count(final String text, final String needle)
    {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1))
        {
            count++;
        }
        return count;
    }
}

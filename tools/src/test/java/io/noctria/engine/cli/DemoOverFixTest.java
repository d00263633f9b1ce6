package io.noctria.engine.cli;

import io.noctria.replay.ReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run --demo N --venue fix}: the demo day traded over FIX 4.4 with a fix-venue the demo starts on a free
 * loopback port; the same summary and report as the embedded demo, the report equal to a replay of the journal, and
 * every order the engine sent taken once by the venue.
 */
class DemoOverFixTest
{
    private static final int REQUESTS = 300;

    @TempDir
    Path temp;

    @Test
    void shouldTradeTheDemoDayOverFixWithItsOwnVenue() throws Exception
    {
        final Path dataDir = temp.resolve("data");
        final Path live = temp.resolve("live");
        final CliRun run = CliRun.run("--data-dir", dataDir.toString(), "run", "--demo", String.valueOf(REQUESTS),
            "--seed", "7", "--fresh", "--venue", "fix", "--report", live.toString(), "--config",
            "../configs/engine.yml", "--policy", "../configs/risk_policy.yml");
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("orders received"), run.out);

        final CliRun replay = CliRun.run("--data-dir", dataDir.toString(), "replay", "--out",
            temp.resolve("replayed").toString());
        assertEquals(0, replay.exitCode, replay.toString());
        for (final String file : List.of(ReportWriter.KPIS, ReportWriter.OUTBOX, ReportWriter.TIMELINE))
        {
            assertArrayEquals(Files.readAllBytes(live.resolve(file)), Files.readAllBytes(temp.resolve("replayed").resolve(file)),
                file + " live equals replay");
        }
        final Map<String, String> kpis = ReplayJson.flatten(Files.readString(live.resolve(ReportWriter.KPIS)));
        final long sent = Long.parseLong(kpis.get("orders_sent"));
        assertTrue(sent > REQUESTS / 3, "a real day: " + kpis);

        // The venue's own record: one line per NewOrderSingle read, each ClOrdID taken once.
        final List<String> received = Files.readAllLines(dataDir.resolve("demo-fix/venue/orders-received.txt"));
        final long taken = received.stream().filter(line -> line.endsWith(" taken")).count();
        final long distinct = received.stream().filter(line -> line.endsWith(" taken"))
            .map(line -> line.substring(0, line.indexOf(' '))).distinct().count();
        assertEquals(taken, distinct, "each ClOrdID taken once: " + received);
        assertEquals(sent, taken, "every order sent went over FIX to the venue: " + kpis);
        final String timeline = Files.readString(live.resolve(ReportWriter.TIMELINE));
        assertTrue(timeline.contains("\"type\":\"BrokerAck\"") && timeline.contains("\"type\":\"Fill\""),
            "acks and fills came back over FIX");
    }

    @Test
    void shouldRefuseTheFixVenueOutsideADemoOrWithAnUnknownName()
    {
        final CliRun notDemo = CliRun.run("--data-dir", temp.resolve("a").toString(), "run", "--venue", "fix");
        assertEquals(2, notDemo.exitCode, notDemo.toString());
        assertTrue(notDemo.err.contains("--venue fix is for --demo runs"), notDemo.toString());
        final CliRun unknown = CliRun.run("--data-dir", temp.resolve("b").toString(), "run", "--demo", "10",
            "--venue", "lse");
        assertEquals(2, unknown.exitCode, unknown.toString());
        assertTrue(unknown.err.contains("--venue must be embedded or fix, was lse"), unknown.toString());
    }
}

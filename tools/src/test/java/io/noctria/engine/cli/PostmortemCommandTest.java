package io.noctria.engine.cli;

import io.noctria.replay.ReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.noctria.engine.cli.ReplayScenario.CONFIG_HASH;
import static io.noctria.engine.cli.ReplayScenario.POLICY_HASH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code noctria postmortem} on the hand-made {@link ReplayScenario} journal, against hand-computed expectations. */
class PostmortemCommandTest
{
    private static final String FROM = "2026-11-22T00:00:00Z";
    private static final String TO = "2026-11-22T00:01:00Z";

    @TempDir
    Path dataDir;

    @Test
    void shouldWriteEveryTemplateSectionInOrderWithHumanMarkers() throws Exception
    {
        new ReplayScenario().write(dataDir, false);

        final String draft = postmortem(FROM, TO);

        assertSectionsInOrder(draft);
        for (final String section : new String[] { "Summary", "Timeline", "Impact", "Root cause", "Detection & response",
            "Actions", "Evidence", "Lessons" })
        {
            final String body = section(draft, section);
            assertTrue(body.contains("> " + PostmortemDraft.HUMAN + ": "), section + " asks for a person: " + body);
        }
        assertTrue(section(draft, "Follow-ups").contains("| 1 | " + PostmortemDraft.HUMAN + " | | | |"));
        assertTrue(draft.contains("| Severity | " + PostmortemDraft.HUMAN), draft);
        assertTrue(draft.startsWith("# Postmortem (draft): 2026-11-22T00:00:00.000000000Z to " +
            "2026-11-22T00:01:00.000000000Z\n"), draft);
        assertTrue(draft.contains("| Window (JST) | 2026-11-22T09:00:00.000000000+09:00 to " +
            "2026-11-22T09:01:00.000000000+09:00 |"), draft);
    }

    @Test
    void shouldListTheNotableEventsInJournalOrderWithUtcAndJst() throws Exception
    {
        final ReplayScenario s = new ReplayScenario().write(dataDir, false);

        final String timeline = section(postmortem(FROM, TO), "Timeline");

        final List<String> rows = tableRows(timeline);
        assertEquals(7, rows.size(), timeline);
        assertEquals("| 2026-11-22T00:00:00.000000000Z | 2026-11-22T09:00:00.000000000+09:00 | Engine started: version " +
            "0.1.0, resumed inbound at -1, 0 journaled records recovered, state hash 3333333333333333; config sha256 " +
            CONFIG_HASH + ", policy sha256 " + POLICY_HASH + " | " + s.engineStarted + " |", rows.get(0));
        assertEquals("| 2026-11-22T00:00:00.000000000Z | 2026-11-22T09:00:00.000000000+09:00 | Policy loaded from " +
            "configs/risk_policy.yml: sha256 " + POLICY_HASH + ", 1 symbol override | " + s.policyLoaded + " |", rows.get(1));
        assertEquals("| 2026-11-22T00:00:11.000000000Z | 2026-11-22T09:00:11.000000000+09:00 | **CRITICAL alert " +
            "BROKER_ERROR_RATE: broker error rate 5.0% over 10 min \\| above 1%** | " + s.critical + " |", rows.get(2));
        assertEquals("| 2026-11-22T00:00:12.000100000Z | 2026-11-22T09:00:12.000100000+09:00 | **Trading PAUSED** " +
            "(OPERATOR, operator ops-alice): broker unstable | " + s.pauseOn + " |", rows.get(3));
        assertEquals("| 2026-11-22T00:00:25.000100000Z | 2026-11-22T09:00:25.000100000+09:00 | **Trading RESUMED** " +
            "(OPERATOR, operator ops-bob): broker stable again | " + s.pauseOff + " |", rows.get(4));
        assertEquals("| 2026-11-22T00:00:40.000020000Z | 2026-11-22T09:00:40.000020000+09:00 | Reject burst: 12 " +
            "rejects in 0.110000 s (until 2026-11-22T00:00:40.110020000Z): risk ORDER_RATE 12 | " + s.firstBurstReject +
            " |", rows.get(5));
        assertTrue(rows.get(6).contains("| Engine stopped: SHUTDOWN, last inbound index 16, state hash 4444444444444444 | " +
            s.engineStopped + " |"), rows.get(6));
        assertTrue(timeline.contains("7 of 7 shown."), timeline);
    }

    @Test
    void shouldFillDetectionAndResponseFromAlertsAndPauses() throws Exception
    {
        final ReplayScenario s = new ReplayScenario().write(dataDir, false);

        final String draft = postmortem(FROM, TO);
        final String detection = section(draft, "Detection & response");

        assertContainsAll(detection,
            "| **CRITICAL** | 1 | BROKER_ERROR_RATE 1 |",
            "| WARNING | 1 | RISK_RULE 1 |",
            "| INFO | 0 | - |",
            "| 2026-11-22T00:00:12.000100000Z | 2026-11-22T09:00:12.000100000+09:00 | " +
                "**PAUSE ON** | OPERATOR | ops-alice | broker unstable | " + s.pauseOn + " |",
            "| 2026-11-22T00:00:25.000100000Z | 2026-11-22T09:00:25.000100000+09:00 | " +
                "**PAUSE OFF** | OPERATOR | ops-bob | broker stable again | " + s.pauseOff + " |",
            "- Time to pause: first CRITICAL alert at 2026-11-22T00:00:11.000000000Z to pause " +
                "ON at 2026-11-22T00:00:12.000100000Z: 1.000100 s.",
            "- Paused 2026-11-22T00:00:12.000100000Z to 2026-11-22T00:00:25.000100000Z: " +
                "13.000000 s (on by ops-alice (OPERATOR), off by ops-bob (OPERATOR)).");

        final String actions = section(draft, "Actions");
        assertTrue(actions.contains("| 2026-11-22T00:00:12.000000000Z | 2026-11-22T09:00:12.000000000+09:00 | Control " +
            "PAUSE_ON by ops-alice: broker unstable | " + s.pauseOnControl + " |"), actions);
        assertTrue(actions.contains("Control PAUSE_OFF by ops-bob: broker stable again | " + s.pauseOffControl), actions);

        final String summary = section(draft, "Summary");
        assertContainsAll(summary,
            "- Orders: 15 received, 1 sent to the broker, 1 fills; rejects: 14 by risk, 0 by " +
                "the broker, 0 inputs refused.",
            "- Engine: 1 start(s), 1 stop(s), none FATAL.",
            "- Trading pause: ON at 2026-11-22T00:00:12.000100000Z by ops-alice (broker unstable); " +
                "OFF at 2026-11-22T00:00:25.000100000Z by ops-bob (broker stable again).");
    }

    @Test
    void shouldFillImpactAndEvidence() throws Exception
    {
        final ReplayScenario s = new ReplayScenario().write(dataDir, false);

        final String draft = postmortem(FROM, TO);

        final String impact = section(draft, "Impact");
        assertContainsAll(impact,
            "| Orders received | 15 |  |",
            "| Rejects: risk / broker / inputs refused | 14 / 0 / 0 |  |",
            "| Broker error rate (errors / requests) | 0% (0 / 1) | <= 1 %: met |",
            "| Latency ingress->sent p50 / p95 / p99 | 0.040 ms / 0.040 ms / 0.040 ms (max 0.040 ms, " +
                "1 samples) | p95 <= 0.40 s: met |",
            "| Slippage p50 / p90 / max | 0.02% / 0.02% / 0.02% (1 orders) | p90 <= 0.30 %: met |",
            "| Realised PnL (quote currency) | 0 |  |",
            "| Win rate (closed round trips) | - (0) |  |");

        final String evidence = section(draft, "Evidence");
        assertContainsAll(evidence,
            "| 2026-11-22T00:00:00.000000000Z | EngineStarted | " + s.engineStarted + " | `" +
                CONFIG_HASH + "` | `" + POLICY_HASH + "` | version 0.1.0 |",
            "| 2026-11-22T00:00:00.000000000Z | PolicyLoaded | " + s.policyLoaded + " | - | `" +
                POLICY_HASH + "` | configs/risk_policy.yml |",
            String.format("- Journal: index %d..%d (0x%x..0x%x), 46 excerpts.", s.engineStarted,
                s.engineStopped, s.engineStarted, s.engineStopped),
            "| RiskDecision | 15 |",
            "| TradingPauseChanged | 2 |");
        final String pm = dataDir.resolve("pm.md").toString();
        assertTrue(evidence.contains("noctria --data-dir " + dataDir + " replay --from 2026-11-22T00:00:00.000000000Z " +
            "--to 2026-11-22T00:01:00.000000000Z --out " + pm.substring(0, pm.length() - 3) + "-evidence\n"), evidence);
        assertTrue(evidence.contains("noctria --data-dir " + dataDir + " postmortem --from 2026-11-22T00:00:00.000000000Z " +
            "--to 2026-11-22T00:01:00.000000000Z --out " + pm + "\n"), evidence);
    }

    @Test
    void shouldShowTheConfigurationInForceBeforeTheWindowAndAPauseOpenAtItsEnd() throws Exception
    {
        final ReplayScenario s = new ReplayScenario().write(dataDir, false);

        final String resumed = postmortem("2026-11-22T00:00:15Z", TO);
        final String paused = postmortem("2026-11-22T00:00:11Z", "2026-11-22T00:00:20Z");

        final String evidence = section(resumed, "Evidence");
        assertTrue(evidence.contains("| before the window: 2026-11-22T00:00:00.000000000Z | EngineStarted | " +
            s.engineStarted + " | `" + CONFIG_HASH + "` | `" + POLICY_HASH + "` |"), evidence);
        assertTrue(evidence.contains("| before the window: 2026-11-22T00:00:00.000000000Z | PolicyLoaded | " +
            s.policyLoaded + " | - | `" + POLICY_HASH + "` |"), evidence);
        final String detection = section(resumed, "Detection & response");
        assertTrue(detection.contains("- Time to pause: no pause ON in the window."), detection);
        assertTrue(detection.contains("- Resumed at 2026-11-22T00:00:25.000100000Z by ops-bob (OPERATOR): paused since " +
            "before the window."), detection);

        final String open = section(paused, "Detection & response");
        assertTrue(open.contains("- Time to pause: first CRITICAL alert at 2026-11-22T00:00:11.000000000Z to pause ON at " +
            "2026-11-22T00:00:12.000100000Z: 1.000100 s."), open);
        assertTrue(open.contains("- **Still paused at the window's end** (on since 2026-11-22T00:00:12.000100000Z by " +
            "ops-alice (OPERATOR))."), open);
    }

    @Test
    void shouldCapTheTimelineKeepingTheMostImportantAndCountTheRest() throws Exception
    {
        final ReplayScenario s = new ReplayScenario().write(dataDir, false);

        final String timeline = section(postmortem(FROM, TO, "--max-timeline", "3"), "Timeline");

        final List<String> rows = tableRows(timeline);
        assertEquals(3, rows.size(), timeline);
        assertTrue(rows.get(0).endsWith("| " + s.engineStarted + " |"));
        assertTrue(rows.get(1).endsWith("| " + s.policyLoaded + " |"));
        assertTrue(rows.get(2).endsWith("| " + s.engineStopped + " |"));
        assertTrue(timeline.contains("3 of 7 shown."), timeline);
        assertTrue(timeline.contains("Elided by the cap of 3 (`--max-timeline`): 2 pause change, 1 CRITICAL alert, " +
            "1 reject burst."), timeline);
    }

    @Test
    void shouldShowTheTracesEventsAndLatency() throws Exception
    {
        final ReplayScenario s = new ReplayScenario().write(dataDir, false);

        final String timeline = section(postmortem(FROM, TO, "--trace-id", "t-a"), "Timeline");

        assertContainsAll(timeline,
            "### Trace `t-a`",
            "Every event of the trace in journal order (7 events;",
            s.fillA + "  2026-11-22T00:00:01.002000000Z  2026-11-22T09:00:01.002000000+09:00  " +
                "Fill  fillType=FULL fillQty=2 fillPrice=150.03 cumQty=2 leavesQty=0 liquidity=TAKER execId=1\n",
            "| " + s.requestA + " | FILLED | 2026-11-22T00:00:01.000000000Z | 25.000 us | " +
                "15.000 us | 960.000 us | 1000.000 us | 2000.000 us |");
        assertEquals(7, tableRows(timeline.substring(0, timeline.indexOf("### Trace"))).size(),
            "the notable events are still every trace's");
    }

    @Test
    void shouldWriteTheSameBytesForTheSameJournalAndArguments() throws Exception
    {
        new ReplayScenario().write(dataDir, false);
        final Path out = dataDir.resolve("pm.md");

        assertEquals(0, CliRun.run("--data-dir", dataDir.toString(), "postmortem", "--from", FROM, "--to", TO,
            "--out", out.toString()).exitCode);
        final byte[] first = Files.readAllBytes(out);
        assertEquals(0, CliRun.run("--data-dir", dataDir.toString(), "postmortem", "--from", FROM, "--to", TO,
            "--out", out.toString()).exitCode);

        assertArrayEquals(first, Files.readAllBytes(out));
    }

    @Test
    void shouldWriteTheEvidenceBundleAsReplayWould() throws Exception
    {
        new ReplayScenario().write(dataDir, false);
        final Path evidence = dataDir.resolve("evidence");
        final Path replayed = dataDir.resolve("replayed");

        final CliRun run = CliRun.run("--data-dir", dataDir.toString(), "postmortem", "--from", FROM, "--to",
            "2026-11-22T00:00:30Z", "--out", dataDir.resolve("pm.md").toString(), "--evidence", evidence.toString());
        assertEquals(0, CliRun.run("--data-dir", dataDir.toString(), "replay", "--from", FROM, "--to",
            "2026-11-22T00:00:30Z", "--out", replayed.toString()).exitCode);

        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("; evidence -> " + evidence.toAbsolutePath().normalize()), run.out);
        for (final String file : new String[] { ReportWriter.KPIS, ReportWriter.OUTBOX, ReportWriter.TIMELINE,
            ReportWriter.TRACE_LATENCY, ReportWriter.LATENCY_HGRM })
        {
            assertArrayEquals(Files.readAllBytes(replayed.resolve(file)), Files.readAllBytes(evidence.resolve(file)), file);
        }
        assertTrue(Files.readString(dataDir.resolve("pm.md")).contains("written with this draft to `" + evidence + "`"));
    }

    @Test
    void shouldReportInvalidExcerptsInTheDraftAndExitWith5() throws Exception
    {
        final ReplayScenario s = new ReplayScenario().write(dataDir, true);
        final Path out = dataDir.resolve("pm.md");

        final CliRun run = CliRun.run("--data-dir", dataDir.toString(), "postmortem", "--from", FROM, "--to", TO,
            "--out", out.toString());

        // A foreign writer's excerpt in a framed journal is damage (UNFRAMED): exit 5.
        assertEquals(5, run.exitCode, run.toString());
        assertTrue(run.err.contains("noctria postmortem: excerpt " + s.garbage + " (0x"), run.err);
        final String draft = Files.readString(out);
        assertTrue(section(draft, "Timeline").contains("| - | - | Invalid journal excerpt: UNFRAMED: "), draft);
        assertTrue(section(draft, "Evidence").contains("- Invalid excerpts: 1 (" + s.garbage + " UNFRAMED)."), draft);
        assertTrue(section(draft, "Follow-ups").contains("- 1 invalid journal excerpt(s): find how they were written"),
            draft);
    }

    @Test
    void shouldRefuseMissingOrBadArguments()
    {
        new ReplayScenario().write(dataDir, false);
        final String out = dataDir.resolve("pm.md").toString();

        final CliRun noTo = CliRun.run("--data-dir", dataDir.toString(), "postmortem", "--from", FROM, "--out", out);
        assertEquals(2, noTo.exitCode, noTo.toString());
        assertTrue(noTo.err.contains("--to"), noTo.err);

        final CliRun backwards = CliRun.run("--data-dir", dataDir.toString(), "postmortem", "--from", TO, "--to", FROM,
            "--out", out);
        assertEquals(2, backwards.exitCode, backwards.toString());

        final CliRun noJournal = CliRun.run("--data-dir", dataDir.resolve("nowhere").toString(), "postmortem",
            "--from", FROM, "--to", TO, "--out", out);
        assertEquals(1, noJournal.exitCode, noJournal.toString());
        assertFalse(Files.exists(Path.of(out)), "no draft without a journal");
    }

    private String postmortem(final String from, final String to, final String... extra) throws Exception
    {
        final Path out = dataDir.resolve("pm.md");
        final List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "postmortem", "--from", from,
            "--to", to, "--out", out.toString()));
        args.addAll(List.of(extra));
        final CliRun run = CliRun.run(args.toArray(new String[0]));
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.startsWith("postmortem draft -> " + out.toAbsolutePath().normalize() + ": "), run.out);
        return Files.readString(out);
    }

    /** Asserts the nine template sections appear once each, in the template's order, and no other. */
    static void assertSectionsInOrder(final String draft)
    {
        final List<String> headings = new ArrayList<>();
        for (final String line : draft.split("\n"))
        {
            if (line.startsWith("## "))
            {
                headings.add(line.substring(3));
            }
        }
        assertEquals(List.of(PostmortemDraft.SECTIONS), headings);
        assertEquals(List.of("Summary", "Timeline", "Impact", "Root cause", "Detection & response", "Actions",
            "Follow-ups", "Evidence", "Lessons"), headings, "the platform's template");
    }

    /** @return the text of one section, from its heading to the next. */
    static String section(final String draft, final String name)
    {
        final int start = draft.indexOf("\n## " + name + "\n");
        assertTrue(start >= 0, "no section " + name);
        final int end = draft.indexOf("\n## ", start + 1);
        return draft.substring(start, end < 0 ? draft.length() : end);
    }

    /** @return the data rows of the first Markdown table with a UTC column in the text. */
    private static List<String> tableRows(final String text)
    {
        final List<String> rows = new ArrayList<>();
        boolean inTable = false;
        for (final String line : text.split("\n"))
        {
            if (line.startsWith("| UTC |"))
            {
                inTable = true;
            }
            else if (inTable && line.startsWith("|---"))
            {
                continue;
            }
            else if (inTable && line.startsWith("| "))
            {
                rows.add(line);
            }
            else if (inTable)
            {
                break;
            }
        }
        return rows;
    }

    /** Each part must occur in {@code text}; a failure names the part and shows the text. */
    private static void assertContainsAll(final String text, final String... parts)
    {
        for (final String part : parts)
        {
            assertTrue(text.contains(part), () -> "missing \"" + part + "\" in:\n" + text);
        }
    }
}

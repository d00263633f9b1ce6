package io.noctria.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.noctria.engine.cli.PostmortemCommandTest.assertSectionsInOrder;
import static io.noctria.engine.cli.PostmortemCommandTest.section;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A postmortem draft from a real {@code run --demo}: template, hashes in force, the demo's pause drill. */
class PostmortemDemoTest
{
    @TempDir
    Path temp;

    @Test
    void shouldDraftAPostmortemOfADemoRun() throws Exception
    {
        final Path dataDir = temp.resolve("data");
        final CliRun run = CliRun.run("--data-dir", dataDir.toString(), "run", "--demo", "3000", "--seed", "7", "--fresh",
            "--config", "../configs/engine.yml", "--policy", "../configs/risk_policy.yml");
        assertEquals(0, run.exitCode, run.toString());
        final CliRun started = CliRun.run("--data-dir", dataDir.toString(), "tail", "--type", "EngineStarted",
            "--format", "json");
        assertEquals(1, started.lines().size(), started.toString());
        final Map<String, String> engine = ReplayJson.flatten(started.lines().get(0));
        final Path out = temp.resolve("incident.md");

        // The demo's journal times are the wall clock of this run: a wide window holds all of it.
        final CliRun postmortem = CliRun.run("--data-dir", dataDir.toString(), "postmortem", "--from", "2000-01-01",
            "--to", "2100-01-01", "--out", out.toString());

        assertEquals(0, postmortem.exitCode, postmortem.toString());
        final String draft = Files.readString(out);
        assertSectionsInOrder(draft);
        final String evidence = section(draft, "Evidence");
        assertTrue(evidence.contains("| EngineStarted | " + engine.get("index") + " | `" + engine.get("configHash") +
            "` | `" + engine.get("policyHash") + "` | version " + engine.get("version") + ", demo |"), evidence);
        assertTrue(evidence.contains("| PolicyLoaded | "), evidence);
        assertTrue(evidence.contains("`" + engine.get("policyHash") + "` | ../configs/risk_policy.yml |"), evidence);
        assertTrue(section(draft, "Timeline").contains("config sha256 " + engine.get("configHash") + ", policy sha256 " +
            engine.get("policyHash")), draft);

        final String detection = section(draft, "Detection & response");
        assertTrue(detection.matches("(?s).*\\| \\*\\*PAUSE ON\\*\\* \\| OPERATOR \\| demo-operator \\| " +
            "demo: operator halts trading \\(drill\\) \\| \\d+ \\|.*"), detection);
        assertTrue(detection.matches("(?s).*\\| \\*\\*PAUSE OFF\\*\\* \\| OPERATOR \\| demo-operator \\| " +
            "demo: drill over, trading resumes \\| \\d+ \\|.*"), detection);
        assertTrue(detection.contains("- Time to pause: first CRITICAL alert at "), detection);
        assertTrue(detection.contains("(on by demo-operator (OPERATOR), off by demo-operator (OPERATOR))"), detection);
        assertTrue(section(draft, "Actions").contains("Control PAUSE_ON by demo-operator: demo: operator halts trading"),
            draft);
        assertTrue(section(draft, "Summary").contains("- Engine: 1 start(s), 1 stop(s), none FATAL."), draft);
        assertTrue(section(draft, "Timeline").contains("Engine stopped: DEMO_COMPLETE"), draft);
        assertTrue(section(draft, "Timeline").contains("**CRITICAL alert RISK_RULE"), draft);
        for (final String human : new String[] { "Summary", "Timeline", "Impact", "Root cause", "Detection & response",
            "Actions", "Follow-ups", "Evidence", "Lessons" })
        {
            assertTrue(section(draft, human).contains(PostmortemDraft.HUMAN), human);
        }

        final byte[] first = Files.readAllBytes(out);
        assertEquals(0, CliRun.run("--data-dir", dataDir.toString(), "postmortem", "--from", "2000-01-01",
            "--to", "2100-01-01", "--out", out.toString()).exitCode);
        assertArrayEquals(first, Files.readAllBytes(out), "same journal, same arguments, same draft");
    }
}

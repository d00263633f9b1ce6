package io.noctria.engine.cli;

import io.noctria.engine.outbox.OutboxLookup;
import io.noctria.engine.runtime.EngineCounter;
import io.noctria.engine.runtime.EngineCounters;
import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.ChildProcesses;
import io.noctria.engine.testing.Cli;
import io.noctria.engine.testing.CommandResult;
import io.noctria.engine.testing.CommandSequence;
import io.noctria.engine.testing.EngineProcess;
import io.noctria.engine.testing.ProcessTest;
import io.noctria.journal.DataDirectory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal cut short under a data directory whose outbox mirror saw it go further: the engine refuses to start,
 * naming the journal's last index and the mirror's checkpoint, appends nothing and sends nothing; it never advises
 * moving the mirror aside (that advice once made an engine re-send orders the venue had). Real processes: the
 * first engine runs (out-of-process venue mode, no venue: {@code broker-orders} holds exactly what it sent), takes
 * orders from {@code submit} and stops; the journal's cycle file is zeroed from the frame of the fourth request on,
 * as a cut pre-allocated file reads. The next start is refused on the counters' evidence ({@code cnc.dat}), twice
 * (a refused start keeps them); with the counters removed, on the mirror's. The refused starts run in child JVMs as
 * an operator's would (without the test JVM's assertions, which Chronicle's tailer trips on the cut file): the two
 * on the counters' evidence in one, the one on the mirror's in another.
 */
class ShortJournalProcessTest
{
    @RegisterExtension
    final ChildProcesses processes = ChildProcesses.withSecret("short-journal-process-test-secret-32-bytes");

    /** Orders the first engine takes; the journal is cut at the fourth. */
    private static final int ORDERS = 8;

    @ProcessTest
    void shouldRefuseAJournalShorterThanItsOutboxMirrorAndSendNothing() throws Exception
    {
        final Path data = processes.dir("data");
        final Path config = Files.writeString(processes.dir("engine.yml"),
            "idempotency: {require_key: false, require_auth: false}\nclock: {max_skew_ms: 0}\nbroker: {mode: process}\n");
        final String policy = ChildJvm.configs().resolve("risk_policy.yml").toString();
        final DataDirectory dirs = new DataDirectory(data);
        final Path journal = dirs.queue(DataDirectory.JOURNAL);
        final Path brokerOrders = dirs.queue(DataDirectory.BROKER_ORDERS);

        try (EngineProcess engine = processes.engine("engine-1", data, "--config", config.toString(),
            "--policy", policy, "--drain-timeout-ms", "200"))
        {
            assertEquals(0, Cli.run("submit", "--data-dir", data.toString(), writeOrders().toString()));
            engine.await(EngineCounter.ORDER_REQUESTS, ORDERS);
            engine.stop();
        }
        final long checkpoint;
        try (OutboxLookup mirror = OutboxLookup.open(data))
        {
            checkpoint = mirror.appliedIndex();
        }
        final JournalDamage.Frame cut = JournalDamage.find(journal, "short-3");
        assertTrue(checkpoint > cut.index(), "the mirror applied the journal past the cut: checkpoint " + checkpoint +
            ", cut at " + cut.index());
        final long sent = JournalDamage.shape(brokerOrders).frames();
        assertTrue(sent > 0, "orders reached broker-orders");

        final long lastRunPosition;
        try (EngineCounters counters = EngineCounters.open(data))
        {
            lastRunPosition = counters.value(EngineCounter.JOURNAL_POSITION);
        }
        JournalDamage.inflict(JournalDamage.Kind.CUT, cut);
        final JournalDamage.Shape before = JournalDamage.shape(journal);
        assertEquals(cut.index() - 1, before.lastIndex(), "the journal now ends before the cut frame");

        // The counters first: the refused start keeps them, so a second start is refused the same way (the two
        // starts one after the other in one child JVM).
        final List<String> start = runArgs(data, config, policy);
        final CommandResult starts = processes.jvm().execute("engine-counters", CommandSequence.class,
            CommandSequence.of(List.of(start, start)).toArray(String[]::new));
        final List<CommandResult> refusals = CommandSequence.parts(starts.err());
        assertEquals(2, refusals.size(), starts.toString());
        assertEquals(2, starts.code(), starts.toString());
        for (final CommandResult refused : refusals)
        {
            assertEquals(2, refused.code(), refused.toString());
            assertTrue(refused.err().contains("is shorter than the evidence") &&
                refused.err().contains("its last index is " + (cut.index() - 1)) &&
                refused.err().contains("cnc.dat record that it appended journal index " + lastRunPosition) &&
                refused.err().contains("A journal shorter than the evidence"), refused.toString());
        }
        assertEquals(before, JournalDamage.shape(journal), "nothing appended");
        assertEquals(sent, JournalDamage.shape(brokerOrders).frames(), "nothing sent");

        // Then the mirror alone: the counters removed (as an operator must not), the mirror still refuses.
        Files.delete(data.resolve("cnc.dat"));
        final CommandResult refused = processes.jvm().execute("engine-mirror", NoctriaCli.class,
            runArgs(data, config, policy).toArray(String[]::new));
        final String err = refused.err();
        assertEquals(2, refused.code(), refused.toString());
        assertTrue(err.contains("is shorter than the evidence") && err.contains("its last index is " + (cut.index() - 1)) &&
            err.contains("the outbox mirror") && err.contains("up to index " + checkpoint) &&
            err.contains("A journal shorter than the evidence") && err.contains("never move the outbox mirror aside"),
            refused.toString());
        assertTrue(!err.contains("move the file aside (or delete it)"), "no advice to rebuild the mirror: " + refused);
        assertEquals(before, JournalDamage.shape(journal), "nothing appended");
        assertEquals(sent, JournalDamage.shape(brokerOrders).frames(), "nothing sent");
    }

    private static List<String> runArgs(final Path data, final Path config, final String policy)
    {
        return List.of("run", "--data-dir", data.toString(), "--config", config.toString(), "--policy", policy);
    }

    private Path writeOrders() throws Exception
    {
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++)
        {
            lines.add("{\"symbol\":\"USDJPY\",\"side\":\"" + (i % 2 == 0 ? "BUY" : "SELL") + "\",\"qty\":1" +
                ",\"price\":150.1,\"order_type\":\"LIMIT\",\"tif\":\"IOC\",\"trace_id\":\"short-" + i +
                "\",\"strategy\":\"proc\",\"ts\":\"2026-01-06T10:00:0" + i + "Z\"}");
        }
        return Files.write(processes.dir("orders.jsonl"), lines);
    }
}

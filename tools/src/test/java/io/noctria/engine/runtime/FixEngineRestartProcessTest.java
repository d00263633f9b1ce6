package io.noctria.engine.runtime;

import io.noctria.codecs.OrderTransitions;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.core.OutboxEntry;
import io.noctria.engine.testing.ChildProcesses;
import io.noctria.engine.testing.Cli;
import io.noctria.engine.testing.EngineProcess;
import io.noctria.engine.testing.Journals;
import io.noctria.engine.testing.ProcessTest;
import io.noctria.journal.DataDirectory;
import io.noctria.replay.ReplayResult;
import io.noctria.replay.Replayer;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * kill -9 of an engine trading over FIX with orders working at the venue, then a restart on the same data directory:
 * the FIX session continues its sequence numbers (no reset at logon; the venue's reports made while the engine was
 * down are held by the venue and sent after the logon), reconciliation asks the venue about every working order over
 * FIX (OrderStatusRequest answered by ExecutionReport ExecType I → OrderStatusReport), every order ends final with one
 * final report (or, when its final report was in the socket the engine died with, a final state adopted from the
 * venue's answer: fix-venue, on Philadelphia, keeps no store to resend it), no fill is journaled twice, and the venue
 * took each ClOrdID once.
 */
class FixEngineRestartProcessTest
{
    private static final int ORDERS = 10;
    private static final int LOST_REPORTS = 3;

    @RegisterExtension
    final ChildProcesses processes = ChildProcesses.withSecret("fix-restart-process-test-secret-of-32-bytes");

    @ProcessTest
    void shouldContinueSequenceNumbersAndReconcileOverFixAfterKill9() throws Exception
    {
        final int port = ChildProcesses.freePort();
        // Slow fills: the orders are acknowledged and still working when the engine is killed.
        final Path config = FixVenueProcessTest.writeFixConfig(processes.dir("engine.yml"), port, "broker_sim:\n" +
            "  transient_error_probability: 0\n  reject_probability: 0\n  partial_fill_probability: 0.8\n" +
            "  fill_interval_us: 500000\n");
        final Path venueDir = processes.dir("venue");
        final Path dataDir = processes.dir("engine");
        final Path journal = new DataDirectory(dataDir).queue(DataDirectory.JOURNAL);
        processes.fixVenue("fix-venue", venueDir, port, "--config", config.toString(), "--seed", "7");
        final long senderSeqBeforeKill;
        try (EngineProcess engine = processes.engine("engine-1", dataDir, config))
        {
            assertEquals(0, Cli.run("submit", "--data-dir", dataDir.toString(), writeOrders().toString()));
            engine.awaitJournal(() -> FixVenueProcessTest.count(journal),
                kinds -> kinds.getOrDefault("BrokerAck", 0) == ORDERS, ORDERS + " orders acknowledged over FIX");
            engine.kill();
            senderSeqBeforeKill = senderSeqNum(dataDir);
        }
        // As if the venue's last reports had still been in the socket the engine died with: the engine expects
        // them again, and fix-venue has no store to resend them (it answers with a sequence reset).
        rewindTargetSeqNum(dataDir, LOST_REPORTS);
        final Map<String, Integer> before = FixVenueProcessTest.count(journal);
        assertTrue(before.getOrDefault("final", 0) < ORDERS, "orders still working at the kill: " + before);

        try (EngineProcess engine = processes.engine("engine-2", dataDir, config))
        {
            final ReplayResult settled = engine.awaitJournal(() -> new Replayer(journal).replay(),
                r -> r.projections().outbox().entries().size() == ORDERS &&
                    r.projections().outbox().entries().stream().allMatch(e -> OrderTransitions.isTerminal(e.state())),
                "every order final after the restart");
            assertEquals(ORDERS, settled.projections().outbox().entries().size());
            // A held final report may settle an order before the venue answers its status question: wait for
            // every answer too, so the stop is taken with reconciliation complete.
            engine.awaitJournal(() -> FixVenueProcessTest.count(journal), kinds ->
                kinds.getOrDefault("OrderReconciled", 0) >= kinds.getOrDefault("ReconcileRequested", 0),
                "every status question of the restart answered");
            assertEquals(0, engine.stop(), engine.log());
            final String engineLog = engine.log();
            assertFalse(engineLog.contains("ResetSeqNumFlag"), "no sequence reset at logon: " + engineLog);
        }
        assertTrue(senderSeqNum(dataDir) > senderSeqBeforeKill, "sequence numbers continued after the restart");

        final Map<String, Integer> kinds = FixVenueProcessTest.count(journal);
        assertEquals(ORDERS, kinds.getOrDefault("OrderSent", 0), "no order sent twice: " + kinds);
        assertEquals(ORDERS, kinds.getOrDefault("BrokerAck", 0), kinds.toString());
        // fix-venue (Philadelphia) keeps no message store: a report written to the socket the engine died with is
        // not resent, and reconciliation adopts what it said (the venue's fills as one fill, its final state).
        final Map<String, Integer> outcomes = outcomes(journal);
        final int adoptedFinal = outcomes.getOrDefault("ADOPTED final", 0);
        // A final report held by the venue may still arrive after reconciliation adopted the final state (the
        // venue sends what it held after the logon, the status answers race it): journaled, refused with an
        // alert, never booked. So: at least one final per order, and no order booked beyond its qty.
        assertTrue(kinds.getOrDefault("final", 0) + adoptedFinal >= ORDERS,
            "a final report per order, or a final state adopted from the venue's answer (" + adoptedFinal +
                "): " + kinds);
        new Replayer(journal).replay().projections().outbox().entries().forEach(e ->
            assertTrue(e.filledQty() <= e.qty(), "nothing booked twice: " + e.clOrdId() + " filled " +
                e.filledQty() + " of " + e.qty()));
        assertEquals(0, kinds.getOrDefault("duplicateExecId", 0), kinds.toString());
        final int reconciled = kinds.getOrDefault("OrderReconciled", 0);
        assertEquals(ORDERS - before.getOrDefault("final", 0), reconciled,
            "each order working at the restart asked about over FIX and answered: " + kinds);
        assertEquals(reconciled, kinds.getOrDefault("OrderStatusReport", 0), kinds.toString());
        assertEquals(0, outcomes.getOrDefault(ReconcileOutcome.CONFLICT.name(), 0), outcomes.toString());

        FixVenueProcessTest.assertTookEachOnce(venueDir, FixVenueProcessTest.clOrdIds(new Replayer(journal).replay()),
            "the venue took exactly the engine's orders");
    }

    private Path writeOrders() throws Exception
    {
        final Path file = processes.dir("orders.jsonl");
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++)
        {
            lines.add("{\"symbol\":\"EURUSD\",\"side\":\"" + (i % 2 == 0 ? "BUY" : "SELL") + "\",\"qty\":" + (2 + i % 3) +
                ",\"price\":1.1,\"order_type\":\"LIMIT\",\"tif\":\"GTC\",\"trace_id\":\"restart-" + i +
                "\",\"strategy\":\"fix\",\"ts\":\"2026-01-06T10:00:" + String.format("%02d", i) + "Z\"}");
        }
        Files.write(file, lines);
        return file;
    }

    /** Moves the engine's expected incoming MsgSeqNum back by {@code by} (QuickFIX/J's file: the number by writeUTF). */
    private static void rewindTargetSeqNum(final Path dataDir, final int by) throws Exception
    {
        try (Stream<Path> files = Files.list(dataDir.resolve("fix").resolve("session")))
        {
            final Path file = files.filter(f -> f.getFileName().toString().endsWith("targetseqnums")).findFirst()
                .orElseThrow(() -> new AssertionError("no target sequence file in " + dataDir.resolve("fix/session")));
            final long next;
            try (java.io.DataInputStream in = new java.io.DataInputStream(Files.newInputStream(file)))
            {
                next = Long.parseLong(in.readUTF());
            }
            assertTrue(next > by, "the engine took " + (next - 1) + " messages before the kill");
            try (java.io.DataOutputStream out = new java.io.DataOutputStream(Files.newOutputStream(file)))
            {
                out.writeUTF(Long.toString(next - by));
            }
        }
    }

    /** The next MsgSeqNum the engine's FIX store would send, read from its sender sequence file. */
    private static long senderSeqNum(final Path dataDir) throws Exception
    {
        try (Stream<Path> files = Files.list(dataDir.resolve("fix").resolve("session")))
        {
            final Path file = files.filter(f -> f.getFileName().toString().endsWith("senderseqnums")).findFirst()
                .orElseThrow(() -> new AssertionError("no sender sequence file in " + dataDir.resolve("fix/session")));
            final String digits = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replaceAll("[^0-9]", "");
            return Long.parseLong(digits);
        }
    }

    /**
     * @return OrderReconciled outcomes by name, and under "ADOPTED final" the orders reconciliation brought to a final
     * state (their final report was lost at the kill).
     */
    private static Map<String, Integer> outcomes(final Path journal)
    {
        final Map<String, Integer> outcomes = new HashMap<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final OrderReconciledDecoder reconciled = new OrderReconciledDecoder();
        Journals.readValid(journal, (index, buffer, offset, length) ->
        {
            header.wrap(buffer, offset);
            if (header.templateId() == OrderReconciledDecoder.TEMPLATE_ID)
            {
                reconciled.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                    header.version());
                outcomes.merge(reconciled.outcome().name(), 1, Integer::sum);
                if (reconciled.outcome() == ReconcileOutcome.ADOPTED &&
                    OrderTransitions.isTerminal(reconciled.engineState()))
                {
                    outcomes.merge("ADOPTED final", 1, Integer::sum);
                }
            }
        });
        return outcomes;
    }
}

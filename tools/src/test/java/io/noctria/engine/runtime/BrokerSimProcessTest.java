package io.noctria.engine.runtime;

import io.noctria.codecs.OrderTransitions;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.gateway.ProcessBrokerGateway;
import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.ChildProcesses;
import io.noctria.engine.testing.Cli;
import io.noctria.engine.testing.EngineProcess;
import io.noctria.engine.testing.Journals;
import io.noctria.engine.testing.ProcessTest;
import io.noctria.journal.DataDirectory;
import io.noctria.engine.core.OutboxEntry;
import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.replay.Projections;
import io.noctria.replay.Replayer;
import io.noctria.engine.testing.Await;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The venue as its own process: {@code broker-sim} and {@code run} (configured with {@code broker: {mode:
 * process}}) as child JVMs, orders from {@code submit}, SIGTERM to both. Then the venue is restarted and an
 * engine that lost its journal (a fresh data directory, the same secret) sends the same orders again: the
 * venue, rebuilt from its own ledger, refuses every ClOrdID as a duplicate. Last, a status query from this
 * process to the running venue.
 */
class BrokerSimProcessTest
{
    private static final int ORDERS = 30;

    @RegisterExtension
    final ChildProcesses processes = ChildProcesses.withSecret("broker-sim-process-test-secret-of-32-bytes+");

    @ProcessTest
    void shouldTradeThroughTheVenueProcessAndNeverAcceptAClOrdIdTwice() throws Exception
    {
        final Path venueDir = processes.dir("venue");
        final Path config = writeConfig(venueDir);
        final Path orders = writeOrders(processes.dir("orders.jsonl"));
        final Path firstData = processes.dir("engine-1");
        final Path firstJournal = new DataDirectory(firstData).queue(DataDirectory.JOURNAL);

        final ChildProcesses.Venue firstVenue = processes.venue("broker-sim-1", venueDir, config, 99);
        final Projections first;
        try (EngineProcess engine = startEngine("engine-1", firstData, config))
        {
            assertTrue(new Replayer(firstJournal).replay().projections().timeline().size() > 0, "engine 1 started");
            assertEquals(0, cli("submit", "--data-dir", firstData.toString(), orders.toString()));
            awaitDecidedAndQuiet(engine);
            first = new Replayer(firstJournal).replay().projections();
            assertEquals(ORDERS, first.outbox().entries().size(), first.outbox().entries().toString());
            assertTrue(first.outbox().entries().stream().allMatch(e -> OrderTransitions.isTerminal(e.state())),
                "every order final at the venue: " + first.outbox().entries());
            assertEquals(0, engine.stop(), "engine drains and exits cleanly: " + engine.log());
        }

        final Map<String, Integer> firstKinds = count(firstJournal);
        assertEquals(ORDERS, firstKinds.getOrDefault("OrderSent", 0), "one send per order (no transient errors)");
        assertEquals(ORDERS, firstKinds.getOrDefault("BrokerAck", 0) + firstKinds.getOrDefault("BrokerReject", 0),
            "every order answered by the venue: " + firstKinds);
        assertTrue(firstKinds.getOrDefault("Fill", 0) >= firstKinds.getOrDefault("BrokerAck", 0), firstKinds.toString());
        for (final OutboxEntry entry : first.outbox().entries())
        {
            assertTrue(entry.state() == EngineOrderState.FILLED || entry.state() == EngineOrderState.EXPIRED ||
                entry.state() == EngineOrderState.REJECTED, entry.toString());
        }

        // A clean stop of the venue; its ledger holds each ClOrdID once, recorded.
        assertEquals(0, firstVenue.stop(), firstVenue.log());
        final Map<String, Integer> ledger = recordedClOrdIds(venueDir);
        assertEquals(ORDERS, ledger.size());
        assertTrue(ledger.values().stream().allMatch(n -> n == 1), ledger.toString());
        final Set<String> sentFirst = new HashSet<>();
        first.outbox().entries().forEach(e -> sentFirst.add(e.clOrdId()));
        assertEquals(sentFirst, ledger.keySet());

        // The venue restarts from its own record; an engine that lost its journal resends every order.
        final ChildProcesses.Venue secondVenue = processes.venue("broker-sim-2", venueDir, config, 99);
        final Path secondData = processes.dir("engine-2");
        final Path secondJournal = new DataDirectory(secondData).queue(DataDirectory.JOURNAL);
        try (EngineProcess engine = startEngine("engine-2", secondData, config))
        {
            assertTrue(new Replayer(secondJournal).replay().projections().timeline().size() > 0, "engine 2 started");
            assertEquals(0, cli("submit", "--data-dir", secondData.toString(), orders.toString()));
            awaitDecidedAndQuiet(engine);
            final Projections second = new Replayer(secondJournal).replay().projections();
            assertEquals(ORDERS, second.outbox().entries().size(), second.outbox().entries().toString());
            assertTrue(second.outbox().entries().stream().allMatch(e -> "BrokerReject".equals(e.lastResponse())),
                "every resend answered: " + second.outbox().entries());
            for (final OutboxEntry entry : second.outbox().entries())
            {
                // DUPLICATE_CLORDID: the venue holds an earlier attempt, so the engine keeps the order SENT (in doubt,
                // RECONCILE alert) and the projection, by the same life cycle, shows the engine's state.
                assertEquals(EngineOrderState.SENT, entry.state(), entry.toString());
                assertTrue(sentFirst.contains(entry.clOrdId()), "same secret, same ClOrdID: " + entry.clOrdId());
            }
            assertEquals(0, engine.stop(), engine.log());
        }
        final Map<String, Integer> secondKinds = count(secondJournal);
        assertEquals(ORDERS, secondKinds.getOrDefault("BrokerReject:DUPLICATE_CLORDID", 0), secondKinds.toString());
        assertEquals(0, secondKinds.getOrDefault("BrokerAck", 0) + secondKinds.getOrDefault("Fill", 0),
            "no report of the first engine's orders reaches the second engine: " + secondKinds);
        assertEquals(ORDERS, recordedClOrdIds(venueDir).size(), "still each ClOrdID recorded once");

        // Reconciliation's question, asked across processes: what does the venue know of this ClOrdID?
        final OutboxEntry asked = first.outbox().entries().get(0);
        final List<byte[]> answers = new ArrayList<>();
        try (ProcessBrokerGateway gateway = new ProcessBrokerGateway(venueDir, (buffer, offset, length) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            answers.add(copy);
        }))
        {
            gateway.resumeAfterJournaled(null, 0, 0);
            gateway.queryStatus(1, clOrdIdBytes(asked.clOrdId()), 0);
            gateway.queryStatus(2, clOrdIdBytes("NEVER-SENT"), 0);
            Await.await(() -> "both queries answered, got " + answers.size(), 30_000, () ->
            {
                gateway.poll(System.currentTimeMillis() * 1_000_000L);
                return answers.size() >= 2;
            });
        }
        assertEquals(2, answers.size(), "both queries answered");
        final OrderStatusReportDecoder known = statusReport(answers.get(0));
        assertEquals(1, known.queryId());
        assertEquals(asked.clOrdId(), known.clOrdId());
        assertEquals(asked.state().name(), known.state().name(), asked.toString());
        assertEquals(asked.filledQty(), known.cumQty());
        assertEquals(0, known.leavesQty());
        assertEquals(VenueOrderState.UNKNOWN, statusReport(answers.get(1)).state());
        assertEquals(0, secondVenue.stop(), secondVenue.log());
    }

    private Path writeConfig(final Path venueDir) throws Exception
    {
        // No transient errors, so every order reaches the venue's book on its first attempt.
        final Path file = processes.dir("engine.yml");
        Files.writeString(file, "idempotency: {require_key: false, require_auth: false}\nclock: {max_skew_ms: 0}\nbroker:\n  mode: process\n  dir: " + venueDir.toAbsolutePath() + "\n" +
            "broker_sim:\n  transient_error_probability: 0\n  reject_probability: 0.1\n  expire_probability: 0.1\n" +
            "  partial_fill_probability: 0.3\n");
        return file;
    }

    private static Path writeOrders(final Path file) throws Exception
    {
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++)
        {
            lines.add("{\"symbol\":\"USDJPY\",\"side\":\"" + (i % 2 == 0 ? "BUY" : "SELL") + "\",\"qty\":" + (1 + i % 4) +
                ",\"price\":150.1,\"order_type\":\"LIMIT\",\"tif\":\"IOC\",\"trace_id\":\"venue-" + i +
                "\",\"strategy\":\"proc\",\"ts\":\"2026-01-06T10:00:" + String.format("%02d", i) + "Z\"}");
        }
        Files.write(file, lines);
        return file;
    }

    private EngineProcess startEngine(final String name, final Path dataDir, final Path config) throws Exception
    {
        return processes.engine(name, dataDir, "--config", config.toString(),
            "--policy", ChildJvm.configs().resolve("risk_policy.yml").toString());
    }

    private static int cli(final String... args)
    {
        return Cli.run(args);
    }

    /** Every submitted request decided, then every order sent for them final in the journal. */
    private void awaitDecidedAndQuiet(final EngineProcess engine) throws Exception
    {
        try
        {
            engine.await(EngineCounter.ORDER_REQUESTS, ORDERS);
            engine.awaitBrokerQuiet();
            // run keeps the outbox mirror: it catches up with the journal (its lag, as an operator reads it, is 0).
            final long journaled = engine.counters().value(EngineCounter.JOURNAL_POSITION);
            engine.await(EngineCounter.OUTBOX_MIRROR_POSITION, v -> v == journaled,
                "the outbox mirror at journal index " + journaled);
        }
        catch (final AssertionError ex)
        {
            throw new AssertionError(ex.getMessage() + "\n" + processes.jvm().logOf("broker-sim-1") +
                processes.jvm().logOf("broker-sim-2"), ex);
        }
    }

    /** Message counts of a journal by name; broker rejects also by reason. */
    private static Map<String, Integer> count(final Path journal)
    {
        final Map<String, Integer> counts = new HashMap<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final BrokerRejectDecoder reject = new BrokerRejectDecoder();
        Journals.readValid(journal, (index, buffer, offset, length) ->
        {
            header.wrap(buffer, offset);
            counts.merge(io.noctria.codecs.Messages.name(header.templateId()), 1, Integer::sum);
            if (header.templateId() == BrokerRejectDecoder.TEMPLATE_ID)
            {
                reject.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                counts.merge("BrokerReject:" + reject.reason(), 1, Integer::sum);
            }
        });
        return counts;
    }

    /** ClOrdID to the number of ledger entries that recorded it. */
    private static Map<String, Integer> recordedClOrdIds(final Path venueDir)
    {
        final Map<String, Integer> recorded = new HashMap<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final VenueOrderReceivedDecoder entry = new VenueOrderReceivedDecoder();
        final Path ledger = new DataDirectory(venueDir).queue(DataDirectory.BROKER_LEDGER);
        Journals.readValid(ledger, (index, buffer, offset, length) ->
        {
            header.wrap(buffer, offset);
            entry.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            if (entry.recorded() == BooleanType.TRUE)
            {
                recorded.merge(entry.clOrdId(), 1, Integer::sum);
            }
        });
        return recorded;
    }


    private static OrderStatusReportDecoder statusReport(final byte[] message)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(message);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        assertEquals(OrderStatusReportDecoder.TEMPLATE_ID, header.templateId());
        return new OrderStatusReportDecoder().wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
            header.version());
    }

    private static UnsafeBuffer clOrdIdBytes(final String clOrdId)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[32]);
        for (int i = 0; i < clOrdId.length(); i++)
        {
            buffer.putByte(i, (byte)clOrdId.charAt(i));
        }
        return buffer;
    }
}

package io.noctria.engine.runtime;

import io.noctria.codecs.OrderTransitions;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.core.OutboxEntry;
import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.ChildProcesses;
import io.noctria.engine.testing.Cli;
import io.noctria.engine.testing.EngineProcess;
import io.noctria.engine.testing.Journals;
import io.noctria.engine.testing.ProcessTest;
import io.noctria.engine.testing.ReplayIdentity;
import io.noctria.journal.DataDirectory;
import io.noctria.replay.ReplayResult;
import io.noctria.replay.Replayer;
import org.junit.jupiter.api.Tag;
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
 * The engine trading over real FIX 4.4 sockets on loopback: {@code noctria fix-venue} (the FIX acceptor with the
 * seeded simulator behind it) and {@code noctria run} with {@code broker: {mode: fix}} as child JVMs, orders from
 * {@code submit}. Checks the journal (acks, partial and full fills, rejects, expiries, every order final, each
 * answered once, no fill twice) and the venue's own record of the ClOrdIDs it took (each once), across a venue
 * logout and disconnect in the middle of the stream. The two sides are different FIX engines: the gateway QuickFIX/J,
 * the venue Philadelphia. The engine reconnects, the venue asks for the gap at logon and QuickFIX/J resends the
 * orders the venue did not read (PossDupFlag Y, taken once); the reports the venue made meanwhile were held and go
 * out after the logon.
 */
// smoke: one of the process tests .ci/run's second JDK pass keeps (the others run on the README command's JDK).
@Tag("smoke")
class FixVenueProcessTest
{
    private static final int ORDERS = 30;
    private static final long SEED = 99;

    @RegisterExtension
    final ChildProcesses processes = ChildProcesses.withSecret("fix-venue-process-test-secret-of-32-bytes");

    @ProcessTest
    void shouldTradeOverFixAndResendAcrossAVenueDisconnectWithoutADuplicateOrder() throws Exception
    {
        final Map<String, Integer> kinds = tradeThroughVenue(ORDERS / 3);
        assertTrue(kinds.getOrDefault("BrokerAck", 0) > 0 && kinds.getOrDefault("BrokerReject", 0) > 0 &&
            kinds.getOrDefault("Expired", 0) > 0 && kinds.getOrDefault("Fill:PARTIAL", 0) > 0 &&
            kinds.getOrDefault("Fill:FULL", 0) > 0, "seed " + SEED + " gives every kind of report: " + kinds);
    }

    /**
     * Runs ORDERS orders through a fix-venue that drops the connection after {@code disconnectAfter} orders (0: never)
     * and checks every order is final, answered once, and taken by the venue once. @return the journal's report kinds.
     */
    private Map<String, Integer> tradeThroughVenue(final int disconnectAfter) throws Exception
    {
        final int port = ChildProcesses.freePort();
        final Path config = writeFixConfig(processes.dir("engine.yml"), port, "broker_sim:\n" +
            "  transient_error_probability: 0\n  reject_probability: 0.1\n  expire_probability: 0.1\n" +
            "  partial_fill_probability: 0.4\n  fill_interval_us: 2000\n");
        final Path venueDir = processes.dir("venue");
        final Path dataDir = processes.dir("engine");
        final Path journal = new DataDirectory(dataDir).queue(DataDirectory.JOURNAL);
        final ChildProcesses.Venue venue = processes.fixVenue("fix-venue", venueDir, port, "--config",
            config.toString(), "--seed", Long.toString(SEED), "--disconnect-after", Integer.toString(disconnectAfter));
        final Path live = processes.dir("live");
        final ReplayResult result;
        try (EngineProcess engine = processes.engine("engine", dataDir, config, "--report", live.toString(),
            "--metrics-port", "0"))
        {
            assertEquals(0, Cli.run("submit", "--data-dir", dataDir.toString(), writeOrders().toString()));
            try
            {
                engine.await(EngineCounter.ORDER_REQUESTS, ORDERS);
                engine.awaitBrokerQuiet();
                // The gateway's own counters, live in cnc.dat: each order handed to the session once (the resends
                // after the disconnect are the session's, not the forwarder's), every order answered, nothing refused.
                final Map<String, Long> link = engine.counters().venueLinkCounts();
                assertEquals(ORDERS, link.get("FIX orders forwarded (D)"), link.toString());
                assertTrue(link.get("FIX logons") >= (disconnectAfter > 0 ? 2 : 1), link.toString());
                assertTrue(link.get("FIX reports taken") >= ORDERS, link.toString());
                assertEquals(0L, link.entrySet().stream().filter(e -> e.getKey().startsWith("FIX reports refused"))
                    .mapToLong(Map.Entry::getValue).sum(), link.toString());
                assertTrue(engine.counters().venueLinkGauges().get("FIX forwarder max duty cycle (ns)") > 0,
                    engine.counters().venueLinkGauges().toString());
                final String scraped = engine.getMetrics("/metrics").body();
                assertTrue(scraped.contains("noctria_venue_link_total{counter=\"FIX orders forwarded (D)\"} " + ORDERS +
                    ".0\n"), scraped);
                assertTrue(scraped.contains("noctria_venue_link_level{gauge=\"FIX session logged on\"} 1.0\n"), scraped);
                assertAlertRulesSelectExposedSeries(scraped);
            }
            catch (final AssertionError ex)
            {
                throw new AssertionError(ex.getMessage() + "\n" + venue.log(), ex);
            }
            result = new Replayer(journal).replay();
            assertEquals(0, engine.stop(), engine.log());
        }
        try (EngineCounters stopped = EngineCounters.open(dataDir))
        {
            assertEquals(0L, stopped.venueLinkGauges().get("FIX session logged on"), "a stopped engine is logged off");
        }
        venue.stop();
        // What the live engine reported, the journal alone rebuilds byte for byte, the resent orders included.
        ReplayIdentity.assertReplayRebuilds(dataDir, live, processes.dir("replayed"));
        final String venueLog = venue.log();
        assertEquals(ORDERS, result.projections().outbox().entries().size(), result.projections().outbox().entries().toString());
        for (final OutboxEntry entry : result.projections().outbox().entries())
        {
            assertTrue(OrderTransitions.isTerminal(entry.state()), "final at the venue: " + entry + "\n" + venueLog);
        }
        final Map<String, Integer> kinds = count(journal);
        assertEquals(ORDERS, kinds.getOrDefault("OrderSent", 0), kinds.toString());
        assertEquals(ORDERS, kinds.getOrDefault("BrokerAck", 0) + kinds.getOrDefault("BrokerReject", 0),
            "each order answered once: " + kinds);
        assertEquals(ORDERS, kinds.get("final"), "one final report per order: " + kinds);
        assertEquals(0, kinds.getOrDefault("duplicateExecId", 0), kinds.toString());
        assertEquals(0, kinds.getOrDefault("BrokerReject:INVALID_ORDER", 0), "market and limit orders arrive whole: " +
            kinds);

        assertTookEachOnce(venueDir, clOrdIds(result), "the venue took exactly the engine's orders");
        if (disconnectAfter > 0)
        {
            assertTrue(venueLog.contains("scripted disconnect (--disconnect-after " + disconnectAfter + ")"), venueLog);
            assertTrue(count(venueLog, "FIX logon") >= 2, "the engine logged on again: " + venueLog);
            assertTrue(venueLog.contains("resend request for MsgSeqNum"), "the venue asked for the gap: " + venueLog);
            assertTrue(venueOrders(venueDir, "taken", "Y") > 0,
                "orders the venue did not read before the disconnect were resent (PossDupFlag Y) and taken: " + venueLog);
        }
        return kinds;
    }

    /**
     * The alert rules' series of the venue link (noctria-rules.yml) are ones a FIX engine exposes, label values
     * included: a renamed counter breaks this test, not the pager (DashboardAndRulesTest checks the other rules).
     */
    private static void assertAlertRulesSelectExposedSeries(final String scraped) throws Exception
    {
        final String rules = Files.readString(ChildJvm.configs().resolve("prometheus").resolve("noctria-rules.yml"));
        final java.util.regex.Matcher selector = java.util.regex.Pattern.compile("noctria_venue_link\\w*\\{[^}]*}")
            .matcher(rules);
        int selectors = 0;
        while (selector.find())
        {
            selectors++;
            assertTrue(scraped.contains(selector.group() + " "), selector.group() + " in the rules, not in\n" + scraped);
        }
        assertTrue(selectors > 0, "the rules watch the FIX session");
    }

    /**
     * Writes an engine config that trades over FIX with the venue on {@code port} (as NOCTRIA to VENUE, 1 s heartbeats
     * and reconnects, no keys or signatures required), then {@code more} (the simulator's settings, any other
     * section). @return the file.
     */
    static Path writeFixConfig(final Path file, final int port, final String more) throws Exception
    {
        Files.writeString(file, "idempotency: {require_key: false, require_auth: false}\nclock: {max_skew_ms: 0}\n" +
            "broker: {mode: fix, port: " + port + ", sender_comp_id: NOCTRIA, target_comp_id: VENUE, heartbeat_s: 1, " +
            "reconnect_s: 1}\n" + more);
        return file;
    }

    private Path writeOrders() throws Exception
    {
        final Path file = processes.dir("orders.jsonl");
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++)
        {
            lines.add("{\"symbol\":\"USDJPY\",\"side\":\"" + (i % 2 == 0 ? "BUY" : "SELL") + "\",\"qty\":" + (1 + i % 4) +
                ",\"price\":150.1,\"order_type\":\"" + (i % 5 == 4 ? "MARKET" : "LIMIT") + "\",\"tif\":\"" +
                (i % 3 == 0 ? "DAY" : "IOC") +
                "\",\"trace_id\":\"fix-" + i + "\",\"strategy\":\"fix\",\"ts\":\"2026-01-06T10:00:" +
                String.format("%02d", i) + "Z\"}");
        }
        Files.write(file, lines);
        return file;
    }

    /** @return how many lines of the venue's orders-received.txt have this PossDupFlag and outcome. */
    private static long venueOrders(final Path venueDir, final String outcome, final String possDupFlag)
        throws Exception
    {
        return Files.readAllLines(venueDir.resolve("orders-received.txt")).stream()
            .filter(line -> line.endsWith(" " + possDupFlag + " " + outcome)).count();
    }

    /** The venue's orders-received.txt took exactly the ClOrdIDs {@code sent}, each once. */
    static void assertTookEachOnce(final Path venueDir, final Set<String> sent, final String what) throws Exception
    {
        final Map<String, Integer> taken = venueOrders(venueDir, "taken");
        assertEquals(sent, taken.keySet(), what);
        assertTrue(taken.values().stream().allMatch(n -> n == 1), "each ClOrdID taken once: " + taken);
    }

    /** @return the ClOrdIDs of the replayed outbox's orders. */
    static Set<String> clOrdIds(final ReplayResult result)
    {
        final Set<String> clOrdIds = new HashSet<>();
        result.projections().outbox().entries().forEach(e -> clOrdIds.add(e.clOrdId()));
        return clOrdIds;
    }

    /** ClOrdID → how often the venue's orders-received.txt says it was {@code outcome}. */
    static Map<String, Integer> venueOrders(final Path venueDir, final String outcome) throws Exception
    {
        final Map<String, Integer> orders = new HashMap<>();
        for (final String line : Files.readAllLines(venueDir.resolve("orders-received.txt")))
        {
            final String[] fields = line.split(" ");
            if (fields.length == 4 && fields[3].equals(outcome))
            {
                orders.merge(fields[0], 1, Integer::sum);
            }
        }
        return orders;
    }

    private static int count(final String text, final String what)
    {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1))
        {
            n++;
        }
        return n;
    }

    /**
     * Message counts of a journal by name; fills also by type, CancelRejects by reason and answer, Replaced by new
     * qty@price; "final": orders' final reports (full fill, reject, expiry, cancel); "duplicateExecId": fills whose
     * execId was journaled before.
     */
    static Map<String, Integer> count(final Path journal)
    {
        return count(journal, false);
    }

    /**
     * {@link #count(Path)}, and with {@code clOrdIds} "ClOrdID:" + each ClOrdID the engine handed the venue (its
     * OrderSent's, its CancelSent's and ReplaceSent's own request ClOrdIDs).
     */
    static Map<String, Integer> count(final Path journal, final boolean clOrdIds)
    {
        final Map<String, Integer> counts = new HashMap<>();
        final OrderSentDecoder sent = new OrderSentDecoder();
        final CancelSentDecoder cancel = new CancelSentDecoder();
        final ReplaceSentDecoder replace = new ReplaceSentDecoder();
        final ReplacedDecoder replaced = new ReplacedDecoder();
        final CancelRejectDecoder cancelReject = new CancelRejectDecoder();
        final Set<String> execIds = new HashSet<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final FillDecoder fill = new FillDecoder();
        final BrokerRejectDecoder reject = new BrokerRejectDecoder();
        Journals.readValid(journal, (index, buffer, offset, length) ->
        {
            header.wrap(buffer, offset);
            final int template = header.templateId();
            counts.merge(io.noctria.codecs.Messages.name(template), 1, Integer::sum);
            if (template == FillDecoder.TEMPLATE_ID)
            {
                fill.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                counts.merge("Fill:" + fill.fillType(), 1, Integer::sum);
                if (!execIds.add(fill.clOrdId() + "/" + fill.execId()))
                {
                    counts.merge("duplicateExecId", 1, Integer::sum);
                }
                if (fill.leavesQty() == 0)
                {
                    counts.merge("final", 1, Integer::sum);
                }
            }
            if (template == BrokerRejectDecoder.TEMPLATE_ID)
            {
                reject.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                counts.merge("BrokerReject:" + reject.reason(), 1, Integer::sum);
            }
            if (template == BrokerRejectDecoder.TEMPLATE_ID || template == ExpiredDecoder.TEMPLATE_ID ||
                template == CanceledDecoder.TEMPLATE_ID)
            {
                counts.merge("final", 1, Integer::sum);
            }
            final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
            final String detail = switch (template)
            {
                case ReplacedDecoder.TEMPLATE_ID -> "Replaced:" +
                    replaced.wrap(buffer, body, header.blockLength(), header.version()).qty() + "@" + replaced.price();
                case CancelRejectDecoder.TEMPLATE_ID -> "CancelReject:" +
                    cancelReject.wrap(buffer, body, header.blockLength(), header.version()).reason() + ":" +
                    cancelReject.responseTo();
                case OrderSentDecoder.TEMPLATE_ID -> !clOrdIds ? null :
                    "ClOrdID:" + sent.wrap(buffer, body, header.blockLength(), header.version()).clOrdId();
                case CancelSentDecoder.TEMPLATE_ID -> !clOrdIds ? null :
                    "ClOrdID:" + cancel.wrap(buffer, body, header.blockLength(), header.version()).requestClOrdId();
                case ReplaceSentDecoder.TEMPLATE_ID -> !clOrdIds ? null :
                    "ClOrdID:" + replace.wrap(buffer, body, header.blockLength(), header.version()).requestClOrdId();
                default -> null;
            };
            if (detail != null)
            {
                counts.merge(detail, 1, Integer::sum);
            }
        });
        return counts;
    }
}

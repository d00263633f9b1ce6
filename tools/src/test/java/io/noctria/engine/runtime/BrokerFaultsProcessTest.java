package io.noctria.engine.runtime;

import io.noctria.codecs.sbe.*;
import io.noctria.engine.cli.NoctriaCli;
import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.Cli;
import io.noctria.engine.testing.EngineProcess;
import io.noctria.engine.testing.Journals;
import io.noctria.engine.testing.ProcessTest;
import io.noctria.journal.DataDirectory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Broker faults end to end: {@code broker-sim} and {@code run} as child JVMs, the venue configured (seeded) with
 * a disconnect window of 6 arrivals, fills overtaking acks, venue cancels each followed by a fill that raced
 * the cancel, and slow answers. Asserted on the journal: every SendFailed is DISCONNECTED and every retry
 * carries its order's ClOrdID; the error rate over the window trips the automatic pause (TradingPauseChanged
 * AUTO by "auto-pause" + one CRITICAL BROKER_ERROR_RATE alert); later risk-increasing orders are rejected
 * TRADING_PAUSED; late acks raise nothing; fills after a cancel are booked with a RECONCILE alert; no
 * illegal transition anywhere.
 */
class BrokerFaultsProcessTest
{
    private static final int ORDERS = 20;
    private static final int DISCONNECTED_ARRIVALS = 6;
    private static final int MAX_ATTEMPTS = 5;

    @TempDir
    Path work;

    @ProcessTest
    void shouldRetryWithTheSameClOrdIdPauseOnTheErrorRateAndBookOutOfOrderReports() throws Exception
    {
        final String config = "send_retry: {max_attempts: 3, backoff_us: 1000}\n" +
            "broker_sim:\n  transient_error_probability: 0\n  reject_probability: 0\n  expire_probability: 0\n" +
            "  partial_fill_probability: 0\n" +
            "  faults:\n    disconnect_at_order: 11\n    disconnect_orders: " + DISCONNECTED_ARRIVALS + "\n" +
            "    fill_before_ack_probability: 0.4\n    cancel_probability: 0.4\n    fill_after_cancel_probability: 1\n" +
            "    slow_ack_probability: 0.2\n    slow_ack_us: 20000\n" +
            "auto_pause:\n  broker_error_rate: {max_pct: 10, window_s: 600, min_requests: 10}\n" +
            "  loss_streak: false\n";
        final Path firstWave = orders(work.resolve("wave-1.jsonl"), "USDJPY", 150.1, ORDERS, 0);
        final Path secondWave = orders(work.resolve("wave-2.jsonl"), "EURJPY", 162.0, 5, 100);

        final List<Rec> records = trade(config, 4242, (engine, data) ->
        {
            assertEquals(0, cli("submit", "--data-dir", data.toString(), firstWave.toString()));
            await(engine, data, r -> has(r, "TradingPauseChanged"), "the automatic pause");
            assertEquals(0, cli("submit", "--data-dir", data.toString(), secondWave.toString()));
            await(engine, data, BrokerFaultsProcessTest::settled, "every report, late ones included");
        });

        // Disconnect: exactly the window's arrivals fail, DISCONNECTED; every retry keeps the order's ClOrdID.
        final List<Rec> failures = of(records, "SendFailed");
        assertEquals(DISCONNECTED_ARRIVALS, failures.size(), summary(records));
        assertTrue(failures.stream().allMatch(f -> "DISCONNECTED".equals(f.detail)), failures.toString());
        final Map<String, String> firstClOrdId = new HashMap<>();
        int retries = 0;
        for (final Rec sent : of(records, "OrderSent"))
        {
            if (sent.attempt == 1)
            {
                assertNull(firstClOrdId.put(sent.key, sent.clOrdId), "one first attempt per key");
            }
            else
            {
                retries++;
                assertEquals(firstClOrdId.get(sent.key), sent.clOrdId, "a retry reuses the ClOrdID");
            }
        }
        assertTrue(retries > 0 && retries <= DISCONNECTED_ARRIVALS, "retries " + retries);

        // The error rate trips the pause once, by the system, with one CRITICAL alert naming the metric.
        final List<Rec> pauses = of(records, "TradingPauseChanged");
        assertEquals(1, pauses.size());
        assertEquals("AUTO auto-pause", pauses.get(0).detail);
        final List<Rec> rateAlerts = alerts(records, "BROKER_ERROR_RATE");
        assertEquals(1, rateAlerts.size());
        assertEquals("CRITICAL", rateAlerts.get(0).severity);
        assertTrue(rateAlerts.get(0).message.contains("broker_api_errors_total / requests_total"), rateAlerts.get(0).message);
        final long pausedAt = pauses.get(0).index;
        final List<Rec> pausedRejects = new ArrayList<>();
        for (final Rec decision : of(records, "RiskDecision"))
        {
            if ("EURJPY".equals(decision.clOrdId))
            {
                pausedRejects.add(decision);
                assertTrue(decision.index > pausedAt);
            }
        }
        assertEquals(5, pausedRejects.size());
        assertTrue(pausedRejects.stream().allMatch(d -> "REJECT TRADING_PAUSED".equals(d.detail)), pausedRejects.toString());

        // Out of order: some fills came before their ack; each late ack was taken without a word.
        int fillsBeforeAck = 0;
        final Set<String> acked = new HashSet<>();
        final Set<String> filled = new HashSet<>();
        final Set<String> canceled = new HashSet<>();
        int fillsAfterCancel = 0;
        for (final Rec r : records)
        {
            if ("BrokerAck".equals(r.name))
            {
                acked.add(r.key);
            }
            else if ("Fill".equals(r.name))
            {
                if (!acked.contains(r.key) && filled.add(r.key))
                {
                    fillsBeforeAck++;
                }
                if (canceled.contains(r.key))
                {
                    fillsAfterCancel++;
                }
                filled.add(r.key);
            }
            else if ("Canceled".equals(r.name))
            {
                canceled.add(r.key);
            }
        }
        assertTrue(fillsBeforeAck > 0, "the seed makes fills overtake acks: " + summary(records));
        assertTrue(acked.containsAll(filled), "every late ack arrived");
        assertTrue(fillsAfterCancel > 0, "the seed makes venue cancels: " + summary(records));
        assertEquals(canceled.size(), fillsAfterCancel, "each cancel is followed by the fill that raced it");
        final List<Rec> reconcile = alerts(records, "RECONCILE");
        assertEquals(fillsAfterCancel, reconcile.size(), "one RECONCILE alert per fill after a cancel");
        assertTrue(reconcile.stream().allMatch(a -> a.message.contains("arrived after CANCELED")), reconcile.toString());
        assertEquals(0, alerts(records, "ILLEGAL_TRANSITION").size(), "nothing out of order is illegal: " + summary(records));
    }

    @ProcessTest
    void shouldRetryTimeoutsAndErrorResponsesWithTheSameClOrdIdAndTakeSlowAcks() throws Exception
    {
        final String config = "send_retry: {max_attempts: " + MAX_ATTEMPTS + ", backoff_us: 1000}\n" +
            "broker_sim:\n  transient_error_probability: 0\n  reject_probability: 0\n  expire_probability: 0\n" +
            "  partial_fill_probability: 0\n" +
            "  faults:\n    timeout_probability: 0.25\n    timeout_us: 5000\n    error_response_probability: 0.25\n" +
            "    slow_ack_probability: 0.5\n    slow_ack_us: 30000\n" +
            // The rules stay on but cannot trip: this test is about the retries, the other one about the pause.
            "auto_pause:\n  broker_error_rate: {max_pct: 100, window_s: 600, min_requests: 1000}\n  loss_streak: false\n";
        final Path wave = orders(work.resolve("wave.jsonl"), "USDJPY", 150.1, ORDERS, 0);

        final List<Rec> records = trade(config, 77, (engine, data) ->
        {
            assertEquals(0, cli("submit", "--data-dir", data.toString(), wave.toString()));
            await(engine, data, r -> finalOutcomes(r).size() == ORDERS, "a final outcome for every order");
        });

        final List<Rec> failures = of(records, "SendFailed");
        final Set<String> codes = new HashSet<>();
        failures.forEach(f -> codes.add(f.detail));
        assertEquals(Set.of("TIMEOUT", "SERVER_ERROR"), codes, "the seed injects both faults: " + summary(records));
        final Map<String, String> firstClOrdId = new HashMap<>();
        final Map<String, Integer> attempts = new HashMap<>();
        for (final Rec sent : of(records, "OrderSent"))
        {
            firstClOrdId.putIfAbsent(sent.key, sent.clOrdId);
            assertEquals(firstClOrdId.get(sent.key), sent.clOrdId, "every attempt of an order carries its ClOrdID");
            assertEquals(attempts.getOrDefault(sent.key, 0) + 1, sent.attempt, "attempts count up by one");
            attempts.put(sent.key, sent.attempt);
        }
        // Each failed attempt below the limit is retried; the venue recorded none of them, so no retry is
        // refused as a duplicate ClOrdID.
        for (final Rec f : failures)
        {
            assertTrue(f.attempt == MAX_ATTEMPTS || attempts.get(f.key) > f.attempt, "attempt " + f.attempt +
                " of " + f.key + " failed and was retried");
        }
        assertTrue(of(records, "BrokerReject").isEmpty(), summary(records));
        final Map<String, String> outcomes = finalOutcomes(records);
        assertEquals(ORDERS, outcomes.size());
        for (final Map.Entry<String, String> outcome : outcomes.entrySet())
        {
            if ("Fill".equals(outcome.getValue()))
            {
                assertTrue(records.stream().anyMatch(r -> "BrokerAck".equals(r.name) && outcome.getKey().equals(r.key)),
                    "a filled order's ack (slow or not) was taken");
            }
        }
        assertTrue(outcomes.containsValue("Fill"), summary(records));
    }

    /** Key → "Fill" for filled orders, or the error of a final failed attempt. */
    private static Map<String, String> finalOutcomes(final List<Rec> records)
    {
        final Map<String, String> outcomes = new HashMap<>();
        for (final Rec r : records)
        {
            if ("Fill".equals(r.name))
            {
                outcomes.put(r.key, "Fill");
            }
            else if ("SendFailed".equals(r.name) && r.attempt == MAX_ATTEMPTS)
            {
                outcomes.put(r.key, r.detail);
            }
        }
        return outcomes;
    }

    /** Every key sent has its final report, every fill's ack arrived, every cancel's late fill arrived. */
    private static boolean settled(final List<Rec> records)
    {
        final Set<String> sent = new HashSet<>();
        final Set<String> done = new HashSet<>();
        final Set<String> acked = new HashSet<>();
        final Set<String> filled = new HashSet<>();
        final Set<String> canceled = new HashSet<>();
        final Set<String> filledAfterCancel = new HashSet<>();
        for (final Rec r : records)
        {
            switch (r.name)
            {
                case "OrderSent" -> sent.add(r.key);
                case "BrokerAck" -> acked.add(r.key);
                case "Fill" ->
                {
                    filled.add(r.key);
                    done.add(r.key);
                    if (canceled.contains(r.key))
                    {
                        filledAfterCancel.add(r.key);
                    }
                }
                case "Canceled" ->
                {
                    canceled.add(r.key);
                    done.add(r.key);
                }
                case "SendFailed", "BrokerReject" -> done.add(r.key);
                default ->
                {
                }
            }
        }
        return has(records, "TradingPauseChanged") && of(records, "RiskDecision").stream()
            .filter(d -> "EURJPY".equals(d.clOrdId)).count() == 5 && done.containsAll(sent) &&
            acked.containsAll(filled) && filledAfterCancel.equals(canceled);
    }

    private static Path orders(final Path file, final String symbol, final double price, final int count,
        final int traceBase) throws Exception
    {
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            lines.add("{\"symbol\":\"" + symbol + "\",\"side\":\"BUY\",\"qty\":1,\"price\":" + price +
                ",\"order_type\":\"LIMIT\",\"tif\":\"DAY\",\"trace_id\":\"fault-" + (traceBase + i) +
                "\",\"strategy\":\"faults\",\"ts\":\"2026-01-06T10:00:" + String.format("%02d", i) + "Z\"}");
        }
        Files.write(file, lines);
        return file;
    }

    /** One journaled message, reduced to what the assertions read. */
    private record Rec(long index, String name, String key, String clOrdId, int attempt, String detail,
        String severity, String message)
    {
    }

    private static List<Rec> of(final List<Rec> records, final String name)
    {
        return records.stream().filter(r -> r.name.equals(name)).toList();
    }

    private static List<Rec> alerts(final List<Rec> records, final String code)
    {
        return records.stream().filter(r -> r.name.equals("Alert") && code.equals(r.detail)).toList();
    }

    private static boolean has(final List<Rec> records, final String name)
    {
        return records.stream().anyMatch(r -> r.name.equals(name));
    }

    private static String summary(final List<Rec> records)
    {
        final Map<String, Integer> counts = new HashMap<>();
        records.forEach(r -> counts.merge(r.name + ("Alert".equals(r.name) ? ":" + r.detail : ""), 1, Integer::sum));
        return counts.toString();
    }

    private static List<Rec> read(final Path journal)
    {
        final List<Rec> records = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final OrderSentDecoder sent = new OrderSentDecoder();
        final SendFailedDecoder failed = new SendFailedDecoder();
        final AlertDecoder alert = new AlertDecoder();
        final RiskDecisionDecoder decision = new RiskDecisionDecoder();
        final TradingPauseChangedDecoder pause = new TradingPauseChangedDecoder();
        final BrokerAckDecoder ack = new BrokerAckDecoder();
        final FillDecoder fill = new FillDecoder();
        final CanceledDecoder canceled = new CanceledDecoder();
        final BrokerRejectDecoder reject = new BrokerRejectDecoder();
        final OrderRequestDecoder request = new OrderRequestDecoder();
        // A RiskDecision refers to the OrderRequest its frame starts with (schema 3): its symbol is the request's.
        final String[] requestSymbol = { "" };
        Journals.readValid(journal, (index, buffer, offset, length) ->
        {
            header.wrap(buffer, offset);
            final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
            final int bl = header.blockLength();
            final int v = header.version();
            final String name = io.noctria.codecs.Messages.name(header.templateId());
            switch (header.templateId())
            {
                case OrderSentDecoder.TEMPLATE_ID -> records.add(new Rec(index, name,
                    hex(sent.wrap(buffer, body, bl, v)::getIdempotencyKey), sent.clOrdId(), sent.attempt(), null,
                    null, null));
                case SendFailedDecoder.TEMPLATE_ID -> records.add(new Rec(index, name,
                    hex(failed.wrap(buffer, body, bl, v)::getIdempotencyKey), failed.clOrdId(), failed.attempt(),
                    failed.errorCode().name(), null, null));
                case BrokerAckDecoder.TEMPLATE_ID -> records.add(new Rec(index, name,
                    hex(ack.wrap(buffer, body, bl, v)::getIdempotencyKey), ack.clOrdId(), 0, null, null, null));
                case FillDecoder.TEMPLATE_ID -> records.add(new Rec(index, name,
                    hex(fill.wrap(buffer, body, bl, v)::getIdempotencyKey), fill.clOrdId(), 0, null, null, null));
                case CanceledDecoder.TEMPLATE_ID -> records.add(new Rec(index, name,
                    hex(canceled.wrap(buffer, body, bl, v)::getIdempotencyKey), canceled.clOrdId(), 0, null, null,
                    null));
                case BrokerRejectDecoder.TEMPLATE_ID -> records.add(new Rec(index, name,
                    hex(reject.wrap(buffer, body, bl, v)::getIdempotencyKey), reject.clOrdId(), 0,
                    reject.reason().name(), null, null));
                case AlertDecoder.TEMPLATE_ID ->
                {
                    alert.wrap(buffer, body, bl, v);
                    records.add(new Rec(index, name, null, null, 0, alert.code().name(), alert.severity().name(),
                        alert.message()));
                }
                case OrderRequestDecoder.TEMPLATE_ID -> requestSymbol[0] = request.wrap(buffer, body, bl, v).symbol().trim();
                case RiskDecisionDecoder.TEMPLATE_ID ->
                {
                    decision.wrap(buffer, body, bl, v);
                    // clOrdId slot carries the symbol: the request has no ClOrdID before it is sent.
                    records.add(new Rec(index, name, null, requestSymbol[0], 0,
                        decision.verdict().name() + " " + decision.rule().name(), null, null));
                }
                case TradingPauseChangedDecoder.TEMPLATE_ID ->
                {
                    pause.wrap(buffer, body, bl, v);
                    records.add(new Rec(index, name, null, null, 0, pause.source().name() + " " +
                        pause.operatorName().trim(), null, null));
                }
                default -> records.add(new Rec(index, name, null, null, 0, null, null, null));
            }
        });
        return records;
    }

    private interface KeyReader
    {
        int get(byte[] dst, int offset, int length);
    }

    private static String hex(final KeyReader key)
    {
        final byte[] bytes = new byte[32];
        key.get(bytes, 0, 32);
        final StringBuilder text = new StringBuilder();
        for (final byte b : bytes)
        {
            text.append(String.format("%02x", b));
        }
        return text.toString();
    }

    /** What a test does with the running engine, its data directory given. */
    private interface Session
    {
        void drive(EngineProcess engine, Path data) throws Exception;
    }

    /**
     * Runs the seeded venue and the engine, both configured by {@code engine.yml} = the process broker, keyless
     * untagged requests (contract v1.0 style: the engine computes the keys), no freshness bound, then
     * {@code config}; {@code session} drives the engine; both must then stop cleanly.
     *
     * @return the journal, read once both have stopped.
     */
    private List<Rec> trade(final String config, final long seed, final Session session) throws Exception
    {
        final Path venueDir = work.resolve("venue");
        final Path yml = Files.writeString(work.resolve("engine.yml"), "broker:\n  mode: process\n  dir: " +
            venueDir.toAbsolutePath() + "\n" + "idempotency: {require_key: false, require_auth: false}\n" +
            "clock: {max_skew_ms: 0}\n" + config);
        final Path data = work.resolve("engine");
        final ChildJvm jvm = ChildJvm.in(work).heap("384m").env("NOCTRIA_IDEMPOTENCY_SECRET",
            "broker-faults-process-test-secret");
        final Process venue = jvm.log("broker-sim").start(NoctriaCli.class, "broker-sim", "--data-dir",
            venueDir.toString(), "--config", yml.toString(), "--seed", Long.toString(seed));
        try
        {
            try (EngineProcess engine = EngineProcess.run(jvm, "engine", data, "--config", yml.toString(), "--policy",
                ChildJvm.configs().resolve("risk_policy.yml").toString()))
            {
                session.drive(engine, data);
                assertEquals(0, engine.stop(), engine.log());
            }
        }
        finally
        {
            jvm.terminate(venue, "broker-sim");
        }
        assertEquals(0, venue.exitValue(), jvm.logOf("broker-sim"));
        return read(new DataDirectory(data).queue(DataDirectory.JOURNAL));
    }

    /** Waits on the journal position for {@code condition}; a failure shows the journal's counts and both logs. */
    private void await(final EngineProcess engine, final Path data, final Predicate<List<Rec>> condition,
        final String what) throws Exception
    {
        final Path journal = new DataDirectory(data).queue(DataDirectory.JOURNAL);
        try
        {
            engine.awaitJournal(() -> read(journal), condition, what);
        }
        catch (final AssertionError ex)
        {
            throw new AssertionError("journal " + summary(read(journal)) + "\n" +
                ChildJvm.readLog(work.resolve("broker-sim.log")) + ex.getMessage(), ex);
        }
    }

    private static int cli(final String... args)
    {
        return Cli.run(args);
    }
}

package io.noctria.engine.runtime;

import io.noctria.codecs.sbe.BooleanType;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.codecs.sbe.OrderRequestEncoder;
import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.StopReason;
import io.noctria.codecs.sbe.TimeInForce;
import io.noctria.engine.broker.SimulatedBroker;
import io.noctria.engine.broker.SimulatedBrokerSettings;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.core.IdempotencyKeys;
import io.noctria.engine.testing.Journals;
import io.noctria.engine.testing.Policies;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import io.noctria.journal.JournalConsumer;
import io.noctria.replay.Kpis;
import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.engine.core.OutboxEntry;
import io.noctria.replay.Projections;
import io.noctria.replay.Replayer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Load and backpressure: a burst of signed order requests is appended into {@code data/inbound} at once
 * (through the journal API, as fast as it goes) while the real engine runs against a slow venue (20 ms
 * acks, fills 10 ms apart). Ingress takes at most {@link IngressAgent#INBOUND_WINDOW} unprocessed inputs
 * into the ring, so the backlog waits in the inbound queue; nothing may be dropped.
 * <p>
 * Asserted: every inbound excerpt journaled once, in order, and nothing else; every request exactly one
 * outcome (sent, or suppressed as a duplicate of an earlier one in the burst); every sent order one
 * OutboxRecorded and one first-attempt OrderSent; the venue handed each ClOrdID once as a new order, and
 * exactly the ones the journal sent; the replayed outbox (replay module) agrees, every order final; a
 * restart recovers the state digest the run stopped with.
 * <p>
 * CI runs {@value #DEFAULT_REQUESTS} requests; the soak profile ({@code mvn -B verify -Psoak}) runs the 1 M burst
 * of docs/reliability.md. Any size: {@code mvn -o -pl engine -am verify -Dtest=BurstBackpressureTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dnoctria.burst.requests=N}; the figures are printed on one
 * {@code burst:} line.
 */
class BurstBackpressureTest
{
    /** Enough for a backlog far past the ingress window (150,000 until the suite was split into tiers). */
    private static final int DEFAULT_REQUESTS = 30_000;
    private static final int SOAK_REQUESTS = 1_000_000;
    /** Every 10th request repeats the one 5 before it: same fields, same key → DuplicateSuppressed. */
    private static final int DUPLICATE_EVERY = 10;
    private static final String SECRET = "burst-test-secret-of-at-least-32-bytes";
    private static final long TS_NS = epochNs("2026-11-22T04:20:00Z");
    private static final String[] SYMBOLS = { "USDJPY", "EURJPY", "GBPJPY" };

    @TempDir
    Path work;

    @Test
    @Timeout(value = 1800, unit = TimeUnit.SECONDS)
    void shouldProcessABurstCompletelyThroughASlowVenueWithJournalAndOutboxConsistent() throws Exception
    {
        burst(Integer.getInteger("noctria.burst.requests", DEFAULT_REQUESTS));
    }

    /** The long run ({@code -Psoak}): the 1 M burst of docs/reliability.md. */
    @Test
    @Tag("soak")
    @Timeout(value = 3_600, unit = TimeUnit.SECONDS)
    void shouldProcessTheMillionRequestBurstCompletely() throws Exception
    {
        burst(Integer.getInteger("noctria.soak.burst.requests", SOAK_REQUESTS));
    }

    private void burst(final int count) throws Exception
    {
        final int duplicates = count / DUPLICATE_EVERY;
        final int unique = count - duplicates;
        final Path dataDir = work.resolve("data");
        final DataDirectory data = new DataDirectory(dataDir);
        // Keys and tags required (run's defaults); the burst's ts are a fixed day, so no freshness bound, hence no
        // dedupe horizon: every order stays in the outbox, which must hold them all (the default 2^18 did not hold
        // the 1 M burst's 900,000, refused from then on as OUTBOX_FULL).
        final int tables = Math.max(EngineConfig.DEFAULT_TABLE_CAPACITY, unique);
        final EngineConfig config = EngineConfig.parse("burst-engine.yml", ("idempotency: {require_key: true, " +
            "require_auth: true}\nclock: {max_skew_ms: 0}\noutbox: {capacity: " + tables + ", trace_capacity: " +
            tables + "}\n").getBytes(StandardCharsets.UTF_8));
        final RiskPolicy policy = RiskPolicy.parse("burst-policy.yml", Policies.OPEN.getBytes(StandardCharsets.UTF_8));
        // A venue far slower than the producer: 20-25 ms to ack, fills 10 ms apart; no rejects or errors,
        // so every order ends FILLED and the outcome counts are exact.
        final SimulatedBrokerSettings slowVenue = new SimulatedBrokerSettings(11, 20_000_000, 5_000_000, 10_000_000,
            1_000_000, 0, 0.2, 0, 0, 0.3, 0, Math.max(1 << 16, unique), 1 << 14);
        final CountingGateway[] gateway = new CountingGateway[1];
        final EngineContext context = new EngineContext(dataDir, config, policy,
            SECRET.getBytes(StandardCharsets.US_ASCII), false,
            (sink, linkCounters) -> gateway[0] = new CountingGateway(new SimulatedBroker(slowVenue, sink)), null);

        final Engine engine = Engine.start(context);
        final long startNs = System.nanoTime();
        long maxBacklog = 0;
        final long appendNs;
        try (Journal inbound = Journal.open(data.queue(DataDirectory.INBOUND), JournalConfig.defaults().withSharedWriters()))
        {
            final BurstRequests requests = new BurstRequests();
            for (int i = 0; i < count; i++)
            {
                requests.append(inbound, i);
                if ((i & 4095) == 4095)
                {
                    maxBacklog = Math.max(maxBacklog, i + 1 - engine.inboundConsumed());
                }
            }
            appendNs = System.nanoTime() - startNs;
        }
        final boolean consumed = engine.awaitInboundConsumed(count, TimeUnit.MINUTES.toNanos(25));
        final long consumedNs = System.nanoTime() - startNs;
        final byte[] finalDigest = engine.stop(StopReason.SHUTDOWN, TimeUnit.SECONDS.toNanos(60));
        final long drainedNs = System.nanoTime() - startNs;
        assertNull(engine.fatalError(), "no fatal error");
        assertTrue(consumed, "every inbound excerpt consumed: " + engine.inboundConsumed() + " of " + count);
        assertTrue(maxBacklog > IngressAgent.INBOUND_WINDOW, "the burst outran the engine (backlog " + maxBacklog +
            "), so ingress really waited with the backlog in inbound");

        // Journal: inputs in inbound order, one outcome each, one send per unique request.
        final Path journal = data.queue(DataDirectory.JOURNAL);
        final BurstAudit audit = Journals.readAll(journal, new BurstAudit()).finish();
        assertEquals(0, audit.violationCount, audit.toString());
        assertEquals(count, audit.requests, "journaled requests == inbound excerpts: " + audit);
        assertEquals(0, audit.ingressRejected, audit.toString());
        assertEquals(countExcerpts(data.queue(DataDirectory.INBOUND)), audit.requests, "nothing dropped, nothing extra");
        assertEquals(lastIndex(data.queue(DataDirectory.INBOUND)), audit.lastInboundIndex(), "the last inbound excerpt journaled");
        assertEquals(unique, audit.sent, audit.toString());
        assertEquals(duplicates, audit.suppressed, audit.toString());
        assertEquals(0, audit.rejectedRequests, audit.toString());
        assertEquals(0, audit.retries, audit.toString());
        assertEquals(1, audit.engineStopped, "one clean stop");

        final CountingGateway venue = gateway[0];
        // The venue got exactly the orders the journal sent, each ClOrdID once as a new order.
        assertEquals(unique, venue.firstAttemptSends, "orders handed to the venue");
        assertEquals(0, venue.resentAsNew, "no ClOrdID handed over twice as a new order");
        assertEquals(audit.clOrdIdChecksum, venue.clOrdIdChecksum, "the venue's ClOrdIDs are the journal's");

        // The outbox rebuilt by the replay module agrees: one entry and one send per key, every order final.
        final Projections replay = new Replayer(journal).withTraceId("-no-timeline-").replay().projections();
        final Kpis kpis = replay.kpis();
        assertEquals(count, kpis.ordersReceived());
        assertEquals(unique, kpis.ordersSent());
        assertEquals(duplicates, kpis.duplicatesSuppressed());
        assertEquals(unique, replay.outbox().size(), "one outbox entry per key");
        long suppressedByEntries = 0;
        for (final OutboxEntry entry : replay.outbox().entries())
        {
            assertEquals(1, entry.sends(), entry.toString());
            assertEquals(EngineOrderState.FILLED, entry.state(), entry.toString());
            suppressedByEntries += entry.duplicatesSuppressed();
        }
        assertEquals(duplicates, suppressedByEntries);
        final long journalBytes = audit.bytes;
        final long heapPeakMb = heapPeakBytes() >> 20;

        // The journal explains the state the run stopped with: a restart recovers the same digest.
        final long recoveryStartNs = System.nanoTime();
        final Engine again = Engine.start(context);
        final long recoveryNs = System.nanoTime() - recoveryStartNs;
        try
        {
            assertArrayEquals(finalDigest, again.recoveredStateDigest(), "recovered state == the state the run stopped with");
            // The clean stop left a snapshot at its EngineStopped (snapshot.every_inputs is on by default): the
            // restart starts from it and replays nothing; SnapshotRecoveryTest compares it with the whole journal.
            assertTrue(again.recoveredFromSnapshot() >= 0 && 0 == again.recoveredInputs(),
                "recovered from the stop's snapshot (journal index " + again.recoveredFromSnapshot() + "), inputs " +
                "replayed after it: " + again.recoveredInputs());
        }
        finally
        {
            again.stop(StopReason.SHUTDOWN, TimeUnit.SECONDS.toNanos(10));
        }

        System.out.printf("burst: %,d requests (%,d unique, %,d duplicates) appended in %.2f s; all processed %.2f s " +
                "after the first append (%,.0f req/s); drained %.2f s; max backlog in inbound %,d; venue max in flight %,d; " +
                "journal %,d MiB of excerpts; heap peak %,d MiB; restart recovery %.2f s%n",
            count, unique, duplicates, appendNs / 1e9, consumedNs / 1e9, count / (consumedNs / 1e9), drainedNs / 1e9,
            maxBacklog, venue.maxInFlight, journalBytes >> 20, heapPeakMb, recoveryNs / 1e9);
    }

    /**
     * Encodes the burst's requests, each with its key and tag under the engine's secret (as a producer does under
     * require_key and require_auth).
     */
    private static final class BurstRequests
    {
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MessageHeaderEncoder.ENCODED_LENGTH +
            OrderRequestEncoder.BLOCK_LENGTH]);
        private final OrderRequestEncoder encoder = new OrderRequestEncoder();
        private final IdempotencyKeys keys = new IdempotencyKeys(SECRET.getBytes(StandardCharsets.US_ASCII));
        private final byte[] key = new byte[IdempotencyKeys.KEY_LENGTH];
        private final byte[] trace = new byte[32];
        private final byte[] tag = new byte[IdempotencyKeys.TAG_LENGTH];
        private final byte[] strategy = "burst".getBytes(StandardCharsets.US_ASCII);

        void append(final Journal inbound, final int i)
        {
            final int n = i % DUPLICATE_EVERY == DUPLICATE_EVERY - 1 ? i - 5 : i;
            final String symbol = SYMBOLS[n % SYMBOLS.length];
            final Side side = (n / SYMBOLS.length) % 2 == 0 ? Side.BUY : Side.SELL;
            final long qty = (1 + n % 3) * 1_000_000L;
            final long tsNs = TS_NS + n * 1_000L;
            final String traceId = "burst-" + n;
            final byte[] symbolBytes = symbol.getBytes(StandardCharsets.US_ASCII);
            final int traceLength = traceId.length();
            traceId.getBytes(0, traceLength, trace, 0);
            keys.compute(symbolBytes, symbolBytes.length, side, qty, tsNs, trace, traceLength, key, 0);
            keys.authTag(symbolBytes, symbolBytes.length, side, qty, 150_000_000L, OrderType.MARKET, TimeInForce.DAY, tsNs,
                trace, traceLength, strategy, strategy.length, key, 0, 0, tag, 0);
            encoder.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                .inboundIndex(-1)
                .ingressNs(0)
                .clientTsNs(tsNs)
                .qty(qty)
                .price(150_000_000L)
                .missingRatio(0)
                .dataLagMs(0)
                .side(side)
                .orderType(OrderType.MARKET)
                .timeInForce(TimeInForce.DAY)
                .keyPresent(BooleanType.TRUE)
                .symbol(symbol)
                .traceId(traceId)
                .strategy("burst")
                .putIdempotencyKey(key, 0, IdempotencyKeys.KEY_LENGTH)
                .putAuthTag(tag, 0, IdempotencyKeys.TAG_LENGTH);
            inbound.append(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        }
    }

    private static long countExcerpts(final Path queue)
    {
        final long[] count = new long[1];
        Journals.readAll(queue, new Counting(count, null));
        return count[0];
    }

    private static long lastIndex(final Path queue)
    {
        final long[] last = { -1 };
        Journals.readAll(queue, new Counting(new long[1], last));
        return last[0];
    }

    private record Counting(long[] count, long[] last) implements JournalConsumer
    {
        @Override
        public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
        {
            count[0]++;
            if (last != null)
            {
                last[0] = index;
            }
        }

        @Override
        public void onInvalid(final long index, final io.noctria.codecs.RecordError error, final String detail)
        {
            fail("invalid inbound excerpt " + index + ": " + error + " " + detail);
        }
    }

    private static long heapPeakBytes()
    {
        long peak = 0;
        for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
        {
            if (pool.getType() == MemoryType.HEAP)
            {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static long epochNs(final String iso)
    {
        final Instant instant = Instant.parse(iso);
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}

package io.noctria.engine.core;

import io.noctria.codecs.OrderTransitions;
import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.AlertDecoder;
import io.noctria.codecs.sbe.BrokerRejectReason;
import io.noctria.codecs.sbe.DuplicateSuppressedDecoder;
import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.codecs.sbe.InputRejectReason;
import io.noctria.codecs.sbe.InputRejectedDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.codecs.sbe.Severity;
import io.noctria.codecs.sbe.Side;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.testing.Seeds;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static io.noctria.engine.core.CoreFixture.M;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dedupe horizon argument (docs/architecture.md, "Dedupe horizon"), held over random days: requests with random
 * timestamps inside and outside the freshness bound, ingress stamps that sometimes go backwards (a clock step, a
 * second ingress stamp in flight), exact and same-minute duplicates of any earlier request, orders finishing at
 * random, and books small enough to fill. The reference is an unbounded model that never forgets a key the core
 * sent. Each request's outcome is checked against it:
 * <ul>
 *   <li>a key is never sent twice, and a request is suppressed as a duplicate only when its key was sent;</li>
 *   <li>a request is refused as stale past the horizon exactly when its ts is below the newest ingress time less
 *   the horizon (the model computes both), so fresh requests are never refused by it;</li>
 *   <li>a full book refuses only when it is full (OUTBOX_FULL, TRACE_BOOK_FULL, SYMBOL_BOOK_FULL), each time with
 *   a CRITICAL TABLE_FULL alert;</li>
 *   <li>every open order is still in the outbox after every input (open orders are never evicted).</li>
 * </ul>
 * After each day the journal is replayed into a fresh core (same state digest: eviction is deterministic), and
 * when no book filled, into a core with larger books too (same digest: the state hash depends on content, not on
 * capacity). Seeded; the seed is printed with every failure.
 */
class DedupeHorizonPropertyTest
{
    private static final int DAYS = 40;
    private static final int REQUESTS_PER_DAY = 700;
    private static final String[] SYMBOLS = { "USDJPY", "EURJPY", "GBPJPY", "AUDJPY" };
    private static final String POLICY =
        "default:\n" +
        "  max_position_notional: 1000000000\n" +
        "  max_order_qty: 1000000\n" +
        "  trading_hours_utc: [\"00:00-24:00\"]\n" +
        "  max_consecutive_losses: 3\n" +
        "  shrink_after_losses_pct: 50\n" +
        "  forbidden_symbols: [\"USDRUB\"]\n" +
        "  max_trace_notional: 1000000000\n" +
        "  price_collar_pct: 50\n" +
        "  max_orders_per_second: 1000000\n" +
        "  reference_prices: {USDJPY: 150, EURJPY: 150, GBPJPY: 150, AUDJPY: 150}\n";

    @Test
    void shouldNeverSendADuplicateTwiceWithBoundedBooks()
    {
        final long seed = Seeds.seed(20261204_12L);
        final SplittableRandom random = new SplittableRandom(seed);
        int evictingDays = 0;
        int staleRefusals = 0;
        int fullRefusals = 0;
        int suppressed = 0;
        for (int day = 0; day < DAYS; day++)
        {
            final Day d = new Day(random.split(), "day " + day + ", " + Seeds.describe(seed));
            d.run();
            evictingDays += d.fixture.core.outboxEvicted() > 0 ? 1 : 0;
            staleRefusals += d.staleRefusals;
            fullRefusals += d.fullRefusals;
            suppressed += d.suppressed;
        }
        // The days must have exercised what the argument is about, or the test proves nothing.
        final String why = Seeds.describe(seed);
        assertTrue(evictingDays >= DAYS / 4, "days with evictions: " + evictingDays + ", " + why);
        assertTrue(staleRefusals > 0, "requests refused below the floor: " + staleRefusals + ", " + why);
        assertTrue(fullRefusals > 0, "requests refused by a full book: " + fullRefusals + ", " + why);
        assertTrue(suppressed > DAYS, "duplicates suppressed: " + suppressed + ", " + why);
    }

    /** One random day: its configuration, the core under test and the unbounded model beside it. */
    private static final class Day
    {
        final SplittableRandom random;
        final String why;
        final long skewNs;
        final long horizonNs;
        final int outboxCapacity;
        final int traceCapacity;
        final int symbolCapacity;
        final String engineYaml;
        final CoreFixture fixture;
        final IdempotencyKeys keys = new IdempotencyKeys(CoreFixture.SECRET);

        /** The model: every key the core sent, with the index of its request; never forgets. */
        final Map<String, Long> sent = new HashMap<>();
        final Set<String> tracesSent = new HashSet<>();
        final Set<String> symbolsSeen = new HashSet<>();
        final Map<String, CoreFixture.Sent> open = new HashMap<>();
        final List<CoreRequest> history = new ArrayList<>();
        long watermarkNs = Long.MIN_VALUE;
        boolean anyFull;
        int staleRefusals;
        int fullRefusals;
        int suppressed;

        Day(final SplittableRandom random, final String why)
        {
            this.random = random;
            final long skewMs = new long[] {0, 500, 2_000, 10_000}[random.nextInt(4)];
            final long horizonMs = 0 == skewMs ? 0 : skewMs + random.nextInt(3) * 1_000L;
            outboxCapacity = new int[] {16, 48, 128, 4_096}[random.nextInt(4)];
            traceCapacity = random.nextInt(5) == 0 ? 16 : 1_000;
            symbolCapacity = random.nextInt(5) == 0 ? 3 : 16;
            skewNs = skewMs * 1_000_000L;
            horizonNs = horizonMs * 1_000_000L;
            engineYaml = yaml(outboxCapacity, traceCapacity, symbolCapacity);
            this.why = why + ", config " + engineYaml.replace('\n', ' ');
            fixture = new CoreFixture(POLICY, engineYaml);
        }

        void run()
        {
            long ingressNs = CoreFixture.ts("2025-01-15T09:00:00Z");
            for (int i = 0; i < REQUESTS_PER_DAY; i++)
            {
                ingressNs += random.nextLong(1_200_000_000L);
                if (random.nextInt(250) == 0)
                {
                    // The ingress clock steps back, by up to 100 s: past any horizon of these days (at most 12 s).
                    ingressNs -= random.nextLong(100_000_000_000L);
                }
                final CoreRequest request = next(ingressNs);
                submit(request, i);
                finishSome();
                checkOpenOrdersAreHeld(i);
            }
            checkReplay();
        }

        private CoreRequest next(final long ingressNs)
        {
            if (!history.isEmpty() && random.nextInt(10) < 3)
            {
                final CoreRequest twin = history.get(random.nextInt(history.size())).copy();
                if (random.nextBoolean())
                {
                    // Same key: another ts in the same minute.
                    final long minute = Math.floorDiv(twin.clientTsNs, Outbox.KEY_MINUTE_NS) * Outbox.KEY_MINUTE_NS;
                    twin.clientTsNs = minute + random.nextLong(Outbox.KEY_MINUTE_NS);
                }
                // Stamped now, or near its own ts: an ingress stamp out of order, which the skew check accepts.
                twin.ingressNs = random.nextBoolean() ? ingressNs : twin.clientTsNs + random.nextLong(skewNs + 1);
                return twin;
            }
            final CoreRequest fresh = CoreFixture.request()
                .symbol(SYMBOLS[random.nextInt(SYMBOLS.length)])
                .side(1 + random.nextInt(2))
                .qty((1 + random.nextInt(3)) * M)
                .price(150 * M)
                .trace("t-" + random.nextInt(40));
            fresh.ingressNs = ingressNs;
            // Mostly within the skew bound, sometimes beyond it either way (refused by the validator).
            final long spread = Math.max(skewNs, 1_000_000_000L);
            fresh.clientTsNs = ingressNs - spread * 5 / 4 + random.nextLong(spread * 5 / 2);
            return fresh;
        }

        private void submit(final CoreRequest request, final int step)
        {
            final String at = "request " + step + " (ingress " + request.ingressNs + ", ts " + request.clientTsNs +
                ", trace " + request.trace + "), " + why;
            final String key = keys.computeHex(request.symbol, 1 == request.side ? Side.BUY : Side.SELL, request.qty,
                request.clientTsNs, request.trace);
            final long skew = request.ingressNs - request.clientTsNs;
            final boolean valid = 0 == skewNs || Math.abs(skew) <= skewNs;
            if (valid && 0 != horizonNs)
            {
                watermarkNs = Math.max(watermarkNs, request.ingressNs);
            }
            final boolean stale = valid && 0 != horizonNs && request.clientTsNs < watermarkNs - horizonNs;

            final int outboxBefore = fixture.core.outboxSize();
            final int mark = fixture.mark();
            final long index = fixture.submit(request);
            history.add(request);
            final List<byte[]> rejected = fixture.since(mark, InputRejectedDecoder.TEMPLATE_ID);
            final InputRejectReason reason = rejected.isEmpty() ? null :
                CoreEvents.decode(new InputRejectedDecoder(), rejected.get(0)).reason();
            if (!valid)
            {
                assertTrue(reason == InputRejectReason.TIMESTAMP_TOO_OLD || reason == InputRejectReason.TIMESTAMP_IN_FUTURE,
                    "beyond the skew bound: " + reason + ", " + at);
                return;
            }
            if (stale)
            {
                assertEquals(InputRejectReason.TIMESTAMP_TOO_OLD, reason, "below the floor, " + at);
                staleRefusals++;
                return;
            }
            assertFalse(InputRejectReason.TIMESTAMP_TOO_OLD == reason, "fresh and above the floor, " + at);

            final List<byte[]> duplicates = fixture.since(mark, DuplicateSuppressedDecoder.TEMPLATE_ID);
            if (sent.containsKey(key))
            {
                assertTrue(rejected.isEmpty(), "a sent key, fresh: " + reason + ", " + at);
                assertEquals(1, duplicates.size(), "a key sent before is suppressed, never sent again, " + at);
                assertEquals(sent.get(key).longValue(),
                    CoreEvents.decode(new DuplicateSuppressedDecoder(), duplicates.get(0)).firstInputIndex(), at);
                suppressed++;
                return;
            }
            assertTrue(duplicates.isEmpty(), "suppressed a key never sent, " + at);

            final boolean symbolNew = !symbolsSeen.contains(request.symbol);
            if (symbolNew && symbolsSeen.size() == symbolCapacity)
            {
                assertFull(InputRejectReason.SYMBOL_BOOK_FULL, reason, mark, at);
                return;
            }
            symbolsSeen.add(request.symbol);
            // Full before this request, and no horizon to free room: refused. With a horizon, the request's own
            // ingress time may evict first, so a refusal only says the outbox was full after that.
            if (InputRejectReason.OUTBOX_FULL == reason || outboxBefore == outboxCapacity && 0 == horizonNs)
            {
                assertEquals(outboxCapacity, fixture.core.outboxSize(), at);
                assertFull(InputRejectReason.OUTBOX_FULL, reason, mark, at);
                return;
            }
            if (!tracesSent.contains(request.trace) && tracesSent.size() == traceCapacity)
            {
                assertFull(InputRejectReason.TRACE_BOOK_FULL, reason, mark, at);
                return;
            }
            assertEquals(null, reason, at);
            final List<byte[]> orders = fixture.since(mark, OrderSentDecoder.TEMPLATE_ID);
            assertEquals(1, orders.size(), "a new key with room in every book is sent (permissive policy), " + at);
            final CoreFixture.Sent order = CoreFixture.Sent.of(orders.get(0));
            sent.put(key, index);
            tracesSent.add(request.trace);
            open.put(key, order);
        }

        private void assertFull(final InputRejectReason expected, final InputRejectReason reason, final int mark,
            final String at)
        {
            assertEquals(expected, reason, at);
            final List<AlertDecoder> alerts = fixture.alertsSince(mark);
            assertEquals(1, alerts.size(), at);
            assertEquals(AlertCode.TABLE_FULL, alerts.get(0).code(), at);
            assertEquals(Severity.CRITICAL, alerts.get(0).severity(), at);
            assertTrue(fixture.since(mark, OrderSentDecoder.TEMPLATE_ID).isEmpty(), at);
            anyFull = true;
            fullRefusals++;
        }

        /** Ends some open orders, each a random way; partial fills leave others open for longer. */
        private void finishSome()
        {
            if (open.isEmpty() || random.nextInt(3) == 0)
            {
                return;
            }
            final List<String> keysOpen = new ArrayList<>(open.keySet());
            keysOpen.sort(null);
            final String key = keysOpen.get(random.nextInt(keysOpen.size()));
            final CoreFixture.Sent order = open.get(key);
            switch (random.nextInt(5))
            {
                case 0:
                    fixture.reject(order, BrokerRejectReason.INSUFFICIENT_LIQUIDITY);
                    open.remove(key);
                    break;
                case 1:
                    fixture.ack(order);
                    fixture.canceled(order, 0);
                    open.remove(key);
                    break;
                case 2:
                    fixture.ack(order);
                    fixture.expired(order, 0);
                    open.remove(key);
                    break;
                case 3:
                    fixture.ack(order);
                    fixture.fill(order, order.qty, order.price);
                    open.remove(key);
                    break;
                default:
                    break; // stays open for now
            }
        }

        private void checkOpenOrdersAreHeld(final int step)
        {
            for (final Map.Entry<String, CoreFixture.Sent> entry : open.entrySet())
            {
                final EngineOrderState state = fixture.core.orderState(entry.getValue().key);
                assertNotNull(state, "open order " + entry.getKey() + " left the outbox at request " + step + ", " + why);
                assertFalse(OrderTransitions.isTerminal(state), entry.getKey() + " " + state + ", " + why);
            }
        }

        private void checkReplay()
        {
            final byte[] live = fixture.core.stateDigest();
            final CoreFixture again = replica(engineYaml);
            CoreFixture.replay(fixture.inputs, again.core);
            assertEquals(fixture.events.size(), again.events.size(), "replay emits the same events, " + why);
            for (int i = 0; i < fixture.events.size(); i++)
            {
                assertArrayEquals(fixture.events.get(i), again.events.get(i), "event " + i + ", " + why);
            }
            assertArrayEquals(live, again.core.stateDigest(), "replay reaches the same state, " + why);
            if (!anyFull)
            {
                final CoreFixture larger = replica(yaml(100_000, 100_000, 1_000));
                CoreFixture.replay(fixture.inputs, larger.core);
                assertArrayEquals(live, larger.core.stateDigest(), "the state hash does not depend on capacity, " + why);
            }
        }

        private String yaml(final int outbox, final int traces, final int symbols)
        {
            return "clock: {max_skew_ms: " + skewNs / 1_000_000L + "}\noutbox: {capacity: " + outbox +
                (0 == skewNs ? "" : ", dedupe_horizon_ms: " + horizonNs / 1_000_000L) + ", trace_capacity: " + traces +
                ", symbol_capacity: " + symbols + "}\n";
        }

        private static CoreFixture replica(final String engineYaml)
        {
            return new CoreFixture(RiskPolicy.parse("test-policy.yml", POLICY.getBytes(StandardCharsets.UTF_8)),
                EngineConfig.parse("test-engine.yml", CoreFixture.keyOptional(engineYaml).getBytes(StandardCharsets.UTF_8)));
        }
    }
}

package io.noctria.engine.core;

import io.noctria.codecs.sbe.ControlAction;
import io.noctria.codecs.sbe.VenueOrderState;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.testing.Seeds;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static io.noctria.engine.core.CoreFixture.M;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A core rebuilt from a snapshot is the core it was taken of: same digest, and the rest of the journal gives the
 * same events byte for byte. The days are random (seeded, printed on failure) and end with a restart, a signed
 * pause, a status answer and a policy reload, so the reconciliation, the roster, the remembered signatures and a
 * policy other than the one the rebuilt core was constructed with are all in the snapshots taken late in the day.
 */
class CoreSnapshotTest
{
    private static final RiskPolicy DAY_POLICY = RiskPolicy.parse("random-policy.yml",
        RandomScenario.POLICY.getBytes(StandardCharsets.UTF_8));
    private static final RiskPolicy OTHER_POLICY = RiskPolicy.parse("constructed-with.yml",
        CoreFixture.POLICY.getBytes(StandardCharsets.UTF_8));

    private final ExpandableArrayBuffer image = new ExpandableArrayBuffer(64);
    private final CoreSnapshot snapshots = new CoreSnapshot();

    @Test
    void shouldRebuildACoreThatDecidesTheRestOfTheDayByteForByte()
    {
        final long seed = Seeds.seed(20_261_204_3L);
        final Random random = new Random(seed);
        for (int day = 0; day < 3; day++)
        {
            final long daySeed = random.nextLong();
            final List<CoreFixture.RecordedInput> inputs = randomDayWithRestart(daySeed, 1_200 + random.nextInt(800));
            final int[] splits = {1, inputs.size() - 1, random.nextInt(inputs.size()), random.nextInt(inputs.size()),
                inputs.size() - 1 - random.nextInt(12)};
            for (final int split : splits)
            {
                checkSplit(inputs, split, "seed " + seed + " day " + day + " (day seed " + daySeed + ") split " + split +
                    " of " + inputs.size());
            }
        }
    }

    @Test
    void shouldCarryThePositionTheHostGaveIt()
    {
        final Replica live = dayOf(Seeds.seed(77L), 300);
        final byte[] report = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        final SnapshotPosition position = new SnapshotPosition().frame(123_456_789L, 0xCAFE_F00D, 321, 9_876L)
            .lastBrokerReport(new UnsafeBuffer(report), 0, report.length);
        final int length = sealedImage(live.core, position);

        final SnapshotPosition read = new SnapshotPosition();
        snapshots.restore(new Replica(OTHER_POLICY, 0).core, image, length, read);
        assertEquals(123_456_789L, read.journalIndex());
        assertEquals(0xCAFE_F00D, read.inputChecksum());
        assertEquals(321, read.inputLength());
        assertEquals(9_876L, read.lastInboundIndex());
        assertEquals(report.length, read.lastBrokerReportLength());
        final byte[] back = new byte[report.length];
        read.lastBrokerReport().getBytes(0, back);
        assertArrayEquals(report, back);
        assertArrayEquals(live.core.stateDigest(), read.stateDigest());
    }

    @Test
    void shouldRefuseAnImageWithAFlippedByteAnywhere()
    {
        final long seed = Seeds.seed(20_261_204_4L);
        final Random random = new Random(seed);
        final Replica live = dayOf(seed, 500);
        final int length = sealedImage(live.core, new SnapshotPosition());
        assertNull(snapshots.problem(image, length));

        for (int i = 0; i < 200; i++)
        {
            final int at = random.nextInt(length);
            final byte bit = (byte)(1 << random.nextInt(8));
            image.putByte(at, (byte)(image.getByte(at) ^ bit));
            assertNotNull(snapshots.problem(image, length), "seed " + seed + ": flipped a bit at byte " + at);
            image.putByte(at, (byte)(image.getByte(at) ^ bit));
        }
        assertNotNull(snapshots.problem(image, length - 1), "cut by one byte");
    }

    @Test
    void shouldRefuseAnImageWhoseStateIsNotTheStateItNames()
    {
        final Replica live = dayOf(Seeds.seed(78L), 400);
        final int length = sealedImage(live.core, new SnapshotPosition());
        // The last order ends with queriedAttempts then its id: the former changed, then sealed again as a buggy
        // writer would.
        image.putInt(length - 8, image.getInt(length - 8) + 1);
        CoreSnapshot.seal(image, length);
        assertNull(snapshots.problem(image, length));

        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> snapshots.restore(new Replica(OTHER_POLICY, 0).core, image, length, new SnapshotPosition()));
        assertTrue(refused.getMessage().contains("rebuilds state"), refused.getMessage());
    }

    @Test
    void shouldRestoreOnlyIntoAFreshCore()
    {
        final Replica live = dayOf(Seeds.seed(79L), 100);
        final int length = sealedImage(live.core, new SnapshotPosition());
        assertThrows(IllegalStateException.class,
            () -> snapshots.restore(live.core, image, length, new SnapshotPosition()));
    }

    /**
     * Bounded books with a dedupe horizon: finished orders leave the outbox and their ids are reused, so snapshots
     * carry entries with gaps between their ids, the free ids in reuse order and the queue of finished entries.
     */
    @Test
    void shouldRebuildAnOutboxWhoseFinishedOrdersLeaveItByteForByte()
    {
        final long seed = Seeds.seed(20_261_204_5L);
        final SplittableRandom random = new SplittableRandom(seed);
        final EngineConfig config = EngineConfig.parse("horizon-engine.yml", CoreFixture.keyOptional(
            "clock: {max_skew_ms: 2000}\noutbox: {capacity: 64, dedupe_horizon_ms: 3000, trace_capacity: 1000, " +
            "symbol_capacity: 16}\n").getBytes(StandardCharsets.UTF_8));
        final CoreFixture day = new CoreFixture(OTHER_POLICY, config);
        final java.util.Map<Integer, CoreFixture.Sent> open = new java.util.TreeMap<>();
        long ingressNs = CoreFixture.ts("2025-01-15T09:00:00Z");
        for (int i = 0; i < 900; i++)
        {
            ingressNs += random.nextLong(1_500_000_000L);
            final CoreRequest request = CoreFixture.request().symbol(i % 3 == 0 ? "EURJPY" : "USDJPY")
                .side(1 + random.nextInt(2)).qty((1 + random.nextInt(3)) * M).price(150 * M).trace("h-" + random.nextInt(30));
            request.ingressNs = ingressNs;
            request.clientTsNs = ingressNs - random.nextLong(1_000_000_000L);
            final int mark = day.mark();
            day.submit(request);
            for (final byte[] sent : day.since(mark, io.noctria.codecs.sbe.OrderSentDecoder.TEMPLATE_ID))
            {
                open.put(i, CoreFixture.Sent.of(sent));
            }
            if (!open.isEmpty() && random.nextInt(3) > 0)
            {
                final Integer which = open.keySet().stream().skip(random.nextInt(open.size())).findFirst().orElseThrow();
                final CoreFixture.Sent order = open.remove(which);
                day.ack(order);
                if (random.nextBoolean())
                {
                    day.fill(order, order.qty, order.price);
                }
                else
                {
                    day.expired(order, 0);
                }
            }
        }
        assertTrue(day.core.outboxEvicted() > 0, "seed " + seed + ": no order left the outbox");
        final List<CoreFixture.RecordedInput> inputs = new ArrayList<>(day.inputs);
        for (int n = 0; n < 6; n++)
        {
            final int split = 1 + random.nextInt(inputs.size() - 1);
            checkSplit(inputs, split, OTHER_POLICY, config, "seed " + seed + " split " + split + " of " + inputs.size());
        }
    }

    /** @return the length of the sealed snapshot of {@code core} at {@code position} now in {@link #image}. */
    private int sealedImage(final ExecutionCore core, final SnapshotPosition position)
    {
        final int length = snapshots.write(core, position, image);
        CoreSnapshot.seal(image, length);
        return length;
    }

    /** Snapshot after {@code split} inputs, rebuild, then both cores take the rest: same events, same digest. */
    private static void checkSplit(final List<CoreFixture.RecordedInput> inputs, final int split, final String what)
    {
        checkSplit(inputs, split, DAY_POLICY, RandomScenario.ENGINE, what);
    }

    private static void checkSplit(final List<CoreFixture.RecordedInput> inputs, final int split,
        final RiskPolicy policy, final EngineConfig config, final String what)
    {
        final Replica reference = new Replica(policy, config, 1_000_000_000L);
        reference.feed(inputs, 0, split);
        final ExpandableArrayBuffer image = new ExpandableArrayBuffer(256);
        final CoreSnapshot snapshots = new CoreSnapshot();
        final SnapshotPosition position = new SnapshotPosition().frame(inputs.get(split - 1).index, 7, 64, -1);
        final int length = snapshots.write(reference.core, position, image);
        CoreSnapshot.seal(image, length);
        assertNull(snapshots.problem(image, length), what);

        // Constructed with another policy: the snapshot's policy in force must win.
        final Replica rebuilt = new Replica(policy == OTHER_POLICY ? DAY_POLICY : OTHER_POLICY, config, reference.clockNs);
        final SnapshotPosition read = new SnapshotPosition();
        new CoreSnapshot().restore(rebuilt.core, image, length, read);
        assertArrayEquals(reference.core.stateDigest(), rebuilt.core.stateDigest(), what);
        assertEquals(inputs.get(split - 1).index, read.journalIndex(), what);
        assertEquals(reference.core.reconcilePending(), rebuilt.core.reconcilePending(), what);
        assertEquals(reference.core.policy().policyHashHex(), rebuilt.core.policy().policyHashHex(), what);

        final int mark = reference.events.size();
        reference.feed(inputs, split, inputs.size());
        rebuilt.feed(inputs, split, inputs.size());
        assertEquals(reference.events.size() - mark, rebuilt.events.size(), what);
        for (int i = 0; i < rebuilt.events.size(); i++)
        {
            assertArrayEquals(reference.events.get(mark + i), rebuilt.events.get(i), what + " event " + i);
        }
        assertArrayEquals(reference.core.stateDigest(), rebuilt.core.stateDigest(), what);
    }

    /**
     * A random day (RandomScenario), then a restart with orders in doubt, a signed pause, an answer to the first
     * status query and a reload to a stricter policy, then two more requests: every input recorded.
     */
    private static List<CoreFixture.RecordedInput> randomDayWithRestart(final long seed, final int steps)
    {
        final RandomScenario day = new RandomScenario(seed);
        day.run(steps);
        final CoreFixture f = day.fixture;
        f.engineStarted();
        f.control(ControlAction.PAUSE_ON, "ops", "snapshot test");
        f.statusReport(1, "", VenueOrderState.UNKNOWN, 0, 0, 0);
        f.policyReload("ops-alice", "stricter", "stricter.yml",
            RandomScenario.POLICY.replace("max_orders_per_second: 20", "max_orders_per_second: 7"));
        f.control(ControlAction.PAUSE_OFF, "ops-bob", "resume");
        f.submit(CoreFixture.request().trace("after-restart").qty(3 * M));
        f.submit(CoreFixture.request().trace("after-restart-2").qty(2 * M));
        return new ArrayList<>(f.inputs);
    }

    /** @return a bare core fed a random day with a restart ({@link #randomDayWithRestart}). */
    private static Replica dayOf(final long seed, final int steps)
    {
        final Replica live = new Replica(OTHER_POLICY, 1_000_000_000L);
        final List<CoreFixture.RecordedInput> inputs = randomDayWithRestart(seed, steps);
        live.feed(inputs, 0, inputs.size());
        return live;
    }

    /** A bare core (nothing journaled by a fixture) with the fixture's counting stamp clock and event capture. */
    private static final class Replica
    {
        final List<byte[]> events = new ArrayList<>();
        final ExecutionCore core;
        long clockNs;

        Replica(final RiskPolicy policy, final long clockStartNs)
        {
            this(policy, RandomScenario.ENGINE, clockStartNs);
        }

        Replica(final RiskPolicy policy, final EngineConfig config, final long clockStartNs)
        {
            this.clockNs = clockStartNs;
            core = new ExecutionCore(config, policy, new IdempotencyKeys(CoreFixture.SECRET), (buffer, offset, length) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                events.add(copy);
            }, () -> clockNs += 1_000);
        }

        void feed(final List<CoreFixture.RecordedInput> inputs, final int from, final int to)
        {
            for (int i = from; i < to; i++)
            {
                core.onInput(inputs.get(i).index, new UnsafeBuffer(inputs.get(i).bytes), 0);
            }
        }
    }
}

package io.noctria.engine.core;

import io.noctria.engine.testing.Seeds;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.noctria.engine.core.CoreFixture.M;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * live == replay: the inputs a live core saw, fed in journal order to a fresh core, give the same
 * events byte for byte (same stamp clock) and the same state hash; with another stamp clock only
 * the observational {@code tsNs} differ and the state hash is still equal.
 */
class DeterminismTest
{
    private static final int TS_OFFSET = 8;

    @Test
    void shouldReplayTheJournaledInputsIntoByteIdenticalEventsAndStateHash()
    {
        final long seed = Seeds.seed(20_261_204L);
        final RandomScenario live = new RandomScenario(seed);
        live.run(3_000);
        final CoreFixture replica = new CoreFixture(live.policy, RandomScenario.ENGINE);
        CoreFixture.replay(live.fixture.inputs, replica.core);

        assertEquals(live.fixture.events.size(), replica.events.size(), "seed " + seed);
        for (int i = 0; i < live.fixture.events.size(); i++)
        {
            assertArrayEquals(live.fixture.events.get(i), replica.events.get(i), "seed " + seed + " event " + i);
        }
        assertEquals(live.fixture.core.stateHash(), replica.core.stateHash(), "seed " + seed);
        assertArrayEquals(live.fixture.core.stateDigest(), replica.core.stateDigest(), "seed " + seed);
        assertTrue(live.sends > 0, "seed " + seed);
    }

    @Test
    void shouldReachTheSameDecisionsAndStateWhateverTheStampClock()
    {
        final long seed = Seeds.seed(20_261_205L);
        final RandomScenario live = new RandomScenario(seed);
        live.run(2_000);
        final CoreFixture otherClock = new CoreFixture(live.policy, RandomScenario.ENGINE, 4_000_000_000_000_000_000L);
        CoreFixture.replay(live.fixture.inputs, otherClock.core);

        assertEquals(live.fixture.events.size(), otherClock.events.size(), "seed " + seed);
        boolean stampsDiffer = false;
        for (int i = 0; i < live.fixture.events.size(); i++)
        {
            final byte[] a = live.fixture.events.get(i);
            final byte[] b = otherClock.events.get(i);
            stampsDiffer |= !Arrays.equals(a, TS_OFFSET, TS_OFFSET + 8, b, TS_OFFSET, TS_OFFSET + 8);
            assertArrayEquals(withoutStamp(a), withoutStamp(b), "seed " + seed + " event " + i);
        }
        assertTrue(stampsDiffer, "the clocks really differed");
        assertEquals(live.fixture.core.stateHash(), otherClock.core.stateHash(), "seed " + seed);
    }

    @Test
    void shouldGiveTwoFreshCoresTheSameEventStreamForTheSameCommands()
    {
        final CoreFixture a = new CoreFixture();
        final CoreFixture b = new CoreFixture();
        for (final CoreFixture f : List.of(a, b))
        {
            final CoreFixture.Sent order = f.submitSent(CoreFixture.request().qty(500 * M));
            f.ack(order);
            f.fill(order, 200 * M, 150 * M);
            f.control(io.noctria.codecs.sbe.ControlAction.PAUSE_ON, "ops", "test");
            f.submit(CoreFixture.request().trace("blocked"));
            f.fill(order, 300 * M, 149 * M);
        }
        assertEquals(a.events.size(), b.events.size());
        for (int i = 0; i < a.events.size(); i++)
        {
            assertArrayEquals(a.events.get(i), b.events.get(i), "event " + i);
        }
        assertEquals(a.core.stateHash(), b.core.stateHash());
    }

    @Test
    void shouldChangeTheStateHashWithEveryKindOfState()
    {
        final CoreFixture f = new CoreFixture();
        long hash = f.core.stateHash();
        final CoreFixture.Sent order = f.submitSent(CoreFixture.request().qty(500 * M));
        hash = assertChanged(f, hash, "outbox, trace, rate window, working qty");
        f.ack(order);
        hash = assertChanged(f, hash, "order state");
        f.fill(order, 100 * M, 150 * M);
        hash = assertChanged(f, hash, "position");
        f.control(io.noctria.codecs.sbe.ControlAction.PAUSE_ON, "ops", "test");
        hash = assertChanged(f, hash, "pause");
        f.submit(CoreFixture.request().trace("rejected").at("2025-01-15T09:45:00Z"));
        assertChanged(f, hash, "rate clock advanced by a rejected request");
    }

    private static long assertChanged(final CoreFixture f, final long before, final String what)
    {
        final long after = f.core.stateHash();
        assertNotEquals(before, after, what);
        return after;
    }

    private static byte[] withoutStamp(final byte[] event)
    {
        final byte[] copy = event.clone();
        Arrays.fill(copy, TS_OFFSET, TS_OFFSET + 8, (byte)0);
        return copy;
    }
}

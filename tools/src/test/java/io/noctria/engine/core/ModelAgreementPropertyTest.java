package io.noctria.engine.core;

import io.noctria.codecs.Position;
import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.replay.Kpis;
import io.noctria.engine.core.OutboxEntry;
import io.noctria.replay.Projections;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One model per concept, held to it: after a seeded random day (fills at prices that do not divide evenly, partial
 * fills, fills that complete an order whatever their fill type, round trips through zero, retries and given-up sends,
 * reports on closed orders or for unknown keys, cancels and replaces with the venue's answers) the engine's own state (orders' states and fills in its outbox,
 * positions and P&amp;L in its symbol book, which drive the loss streak) and the replay's projections of the same
 * journal (the outbox entries and the KPIs' positions, which a report and a postmortem show) agree field by field:
 * both follow the one order life cycle ({@link io.noctria.codecs.OrderTransitions}).
 * <p>
 * The journal is rebuilt the way the host writes it: each input, then the events the core emitted for it, folded by
 * {@link Projections} as a live engine folds them. Seeds are fixed; a failure names its seed and what differed.
 */
class ModelAgreementPropertyTest
{
    private static final int STEPS = 4_000;

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 2026, 7101, 90_210})
    void shouldAgreeOnOrdersPositionsAndPnlAfterASeededDay(final long seed)
    {
        final RandomScenario day = new RandomScenario(seed);
        day.actions = true;
        day.run(STEPS);
        assertTrue(day.actionsSent > 50, "seed " + seed + ": only " + day.actionsSent + " cancels and replaces");

        final Projections projections = new Projections();
        final long[] journalIndex = {0};
        final ExecutionCore replica = new ExecutionCore(RandomScenario.ENGINE, day.policy,
            new IdempotencyKeys(CoreFixture.SECRET),
            (buffer, offset, length) -> projections.onMessage(++journalIndex[0], buffer, offset, length), () -> 0L);
        for (final CoreFixture.RecordedInput input : day.fixture.inputs)
        {
            final UnsafeBuffer bytes = new UnsafeBuffer(input.bytes);
            projections.onMessage(++journalIndex[0], bytes, 0, input.bytes.length);
            replica.onInput(input.index, bytes, 0);
        }
        final ExecutionCore core = day.fixture.core;
        assertEquals(core.stateHash(), replica.stateHash(), "seed " + seed + ": the replica is the engine");

        int filledOrders = 0;
        final int[] byState = new int[256];
        for (final OutboxEntry entry : projections.outbox().entries())
        {
            final byte[] key = HexFormat.of().parseHex(entry.idempotencyKey());
            final String where = "seed " + seed + ", order " + entry.idempotencyKey() + " " + entry.symbol();
            assertEquals(core.orderState(key), entry.state(), where + ": state");
            assertEquals(core.orderQty(key), entry.qty(), where + ": qty (a Replaced changes it)");
            assertEquals(entry.filledQty(), core.orderCumQty(key), where + ": filled quantity");
            assertEquals(entry.filledQty() == 0 ? 0 : entry.avgFillPrice(), core.orderAverageFillPrice(key),
                where + ": average fill price");
            filledOrders += entry.filledQty() > 0 ? 1 : 0;
            byState[entry.state().value()]++;
        }
        assertTrue(filledOrders > 50, "seed " + seed + ": only " + filledOrders + " orders filled");
        // Every way to end is compared (working states are transient: a day may end with none in a given one).
        for (final EngineOrderState state : new EngineOrderState[]{EngineOrderState.FILLED, EngineOrderState.REJECTED,
            EngineOrderState.EXPIRED, EngineOrderState.CANCELED})
        {
            assertTrue(byState[state.value()] > 0, "seed " + seed + ": no order ended " + state + ", nothing compared");
        }

        final Kpis kpis = projections.kpis();
        long realised = 0;
        int roundTripsClosedWithPnl = 0;
        for (final String symbol : RandomScenario.SYMBOLS)
        {
            final Position position = core.positionOf(symbol);
            final String where = "seed " + seed + ", " + symbol + " " + position;
            final long qty = position == null ? 0 : position.qty();
            final long cost = position == null ? 0 : position.cost();
            final long pnl = position == null ? 0 : position.realisedPnl();
            final long roundTrip = position == null ? 0 : position.roundTripPnl();
            assertEquals(kpis.position(symbol), qty, where + ": position");
            assertEquals(kpis.positionCost(symbol), cost, where + ": cost");
            assertEquals(kpis.realisedPnl(symbol), pnl, where + ": realised P&L");
            assertEquals(kpis.roundTripPnl(symbol), roundTrip, where + ": P&L of the round trip in progress");
            assertEquals(core.realisedPnl(symbol), pnl, where + ": the loss streak's P&L is the position's");
            realised += pnl;
            roundTripsClosedWithPnl += pnl != 0 ? 1 : 0;
        }
        assertEquals(kpis.realizedPnl(), realised, "seed " + seed + ": total realised P&L");
        assertTrue(roundTripsClosedWithPnl > 0, "seed " + seed + ": no P&L realised, nothing compared");
    }
}

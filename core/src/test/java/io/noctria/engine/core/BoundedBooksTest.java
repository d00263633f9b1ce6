package io.noctria.engine.core;

import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.AlertDecoder;
import io.noctria.codecs.sbe.BrokerRejectReason;
import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.codecs.sbe.InputRejectReason;
import io.noctria.codecs.sbe.InputRejectedDecoder;
import io.noctria.codecs.sbe.Severity;
import io.noctria.codecs.sbe.VenueOrderState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.noctria.engine.core.CoreFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The core's books at their capacities: a full book refuses with its reason, names the key to raise, alerts
 * CRITICAL and the core carries on; a finished order leaves the outbox only past the dedupe horizon, after which a
 * request as old as it is refused as stale.
 */
class BoundedBooksTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = CoreFixture.ts("2025-01-15T09:30:00Z");

    @Test
    void shouldRefuseAnOrderWhenTheOutboxIsFullThenTakeItOnceAFinishedOrderLeavesPastTheHorizon()
    {
        final CoreFixture fixture = new CoreFixture(CoreFixture.POLICY,
            "clock: {max_skew_ms: 1000}\noutbox: {capacity: 16, dedupe_horizon_ms: 1000}\n");
        final List<CoreFixture.Sent> sent = new ArrayList<>();
        final List<CoreRequest> requests = new ArrayList<>();
        for (int i = 0; i < 16; i++)
        {
            final CoreRequest r = request().qty(CoreFixture.M).trace("full-" + i).at(T0 + i * 1_000_000L);
            requests.add(r);
            sent.add(fixture.submitSent(r));
        }
        int mark = fixture.mark();
        fixture.submit(request().qty(CoreFixture.M).trace("one-too-many").at(T0 + 20_000_000L));
        assertRefused(fixture, mark, InputRejectReason.OUTBOX_FULL,
            "outbox full: 16 orders open or finished within the dedupe horizon (outbox.capacity); new orders are refused");

        // Finished, but its key's minute has not ended a horizon ago: it stays, and the outbox stays full.
        fixture.reject(sent.get(0), BrokerRejectReason.INSUFFICIENT_LIQUIDITY);
        mark = fixture.mark();
        fixture.submit(request().qty(CoreFixture.M).trace("still-full").at(T0 + 30 * SECOND));
        assertRefused(fixture, mark, InputRejectReason.OUTBOX_FULL, "outbox full");
        assertEquals(0, fixture.core.outboxEvicted());

        // Two minutes on: the finished order leaves, the open ones stay, and the new order takes its place.
        mark = fixture.mark();
        fixture.submit(request().qty(CoreFixture.M).trace("room-again").at(T0 + 120 * SECOND));
        assertEquals(List.of("RequestKeyed", "QualityDecision", "RiskDecision", "OutboxRecorded", "OrderSent"),
            fixture.typesSince(mark));
        assertEquals(1, fixture.core.outboxEvicted());
        assertEquals(16, fixture.core.outboxSize());
        assertNull(fixture.core.orderState(sent.get(0).key), "the finished order left");
        for (int i = 1; i < 16; i++)
        {
            assertEquals(EngineOrderState.SENT, fixture.core.orderState(sent.get(i).key),
                "open order " + i + " stays");
        }

        // The evicted order's request again, stamped near its own ts (an ingress stamp out of order, within the
        // skew bound): below the floor, so refused as stale, never sent again.
        mark = fixture.mark();
        fixture.submit(requests.get(0).copy().ingress(requests.get(0).clientTsNs + 500_000_000L));
        assertEquals(List.of("InputRejected"), fixture.typesSince(mark));
        final InputRejectedDecoder stale = fixture.only(mark, new InputRejectedDecoder());
        assertEquals(List.of(InputRejectReason.TIMESTAMP_TOO_OLD, "ts is 119001 ms before the dedupe floor (the newest " +
            "ingress time less outbox.dedupe_horizon_ms): too old to tell from an order already forgotten"),
            List.of(stale.reason(), stale.detail()));
    }

    @Test
    void shouldKeepAFinishedOrderWhileARestartsStatusQueryWaitsForIt()
    {
        final CoreFixture fixture = new CoreFixture(CoreFixture.POLICY,
            "clock: {max_skew_ms: 1000}\noutbox: {dedupe_horizon_ms: 1000}\n");
        final CoreFixture.Sent order = fixture.submitSent(request().qty(CoreFixture.M).trace("in-doubt").at(T0));
        fixture.engineStarted(); // query 1 asks about the working order
        fixture.ack(order);
        fixture.canceled(order, 0);
        fixture.submit(request().qty(CoreFixture.M).trace("later").at(T0 + 300 * SECOND));
        assertEquals(EngineOrderState.CANCELED, fixture.core.orderState(order.key), "kept: its query is unanswered");
        fixture.statusReport(1, order.clOrdId, VenueOrderState.CANCELED, CoreFixture.M, 0, 0);
        fixture.submit(request().qty(CoreFixture.M).trace("after-the-answer").at(T0 + 301 * SECOND));
        assertNull(fixture.core.orderState(order.key), "answered, finished and past the horizon: evicted");
        assertEquals(1, fixture.core.outboxEvicted());
    }

    @Test
    void shouldKeepFinishedOrdersWithoutAFreshnessBound()
    {
        final CoreFixture fixture = new CoreFixture(CoreFixture.POLICY, "clock: {max_skew_ms: 0}\noutbox: {capacity: 16}\n");
        for (int i = 0; i < 16; i++)
        {
            fixture.reject(fixture.submitSent(request().qty(CoreFixture.M).trace("kept-" + i).at(T0 + i * SECOND)),
                BrokerRejectReason.INSUFFICIENT_LIQUIDITY);
        }
        final int mark = fixture.mark();
        fixture.submit(request().qty(CoreFixture.M).trace("an-hour-later").at(T0 + 3_600 * SECOND));
        assertRefused(fixture, mark, InputRejectReason.OUTBOX_FULL, "outbox full");
        assertEquals(0, fixture.core.outboxEvicted(), "no horizon is safe without a freshness bound");
    }

    @Test
    void shouldRefuseANewTraceWhenTheTraceBookIsFullAndStillTakeKnownTraces()
    {
        final CoreFixture fixture = new CoreFixture(CoreFixture.POLICY, "outbox: {trace_capacity: 16}\n");
        for (int i = 0; i < 16; i++)
        {
            fixture.submitSent(request().qty(CoreFixture.M).trace("trace-" + i).at(T0 + i * SECOND));
        }
        final int mark = fixture.mark();
        fixture.submit(request().qty(CoreFixture.M).trace("trace-16").at(T0 + 20 * SECOND));
        assertRefused(fixture, mark, InputRejectReason.TRACE_BOOK_FULL,
            "trace book full: 16 trace ids (outbox.trace_capacity); requests with a new trace id are refused");
        // A known trace still goes (another qty: the same fields in the same minute would be a duplicate).
        fixture.submitSent(request().qty(2 * CoreFixture.M).trace("trace-3").at(T0 + 21 * SECOND));
    }

    @Test
    void shouldRefuseANewSymbolWhenTheSymbolBookIsFullAndStillTakeKnownSymbols()
    {
        final CoreFixture fixture = new CoreFixture(CoreFixture.POLICY, "outbox: {symbol_capacity: 2}\n");
        fixture.submitSent(request().qty(CoreFixture.M).trace("a").at(T0));
        fixture.submitSent(request().qty(CoreFixture.M).symbol("EURJPY").trace("b").at(T0 + SECOND));
        final int mark = fixture.mark();
        fixture.submit(request().qty(CoreFixture.M).symbol("GBPJPY").trace("c").at(T0 + 2 * SECOND));
        assertRefused(fixture, mark, InputRejectReason.SYMBOL_BOOK_FULL,
            "symbol book full: 2 symbols (outbox.symbol_capacity); new symbols are refused");
        fixture.submitSent(request().qty(CoreFixture.M).symbol("EURJPY").trace("d").at(T0 + 3 * SECOND));
    }

    /** One InputRejected with the reason and a CRITICAL TABLE_FULL alert with the same detail; nothing else. */
    private static void assertRefused(final CoreFixture fixture, final int mark, final InputRejectReason reason,
        final String detailStart)
    {
        // The requests carry no key: the engine's is journaled (RequestKeyed) as soon as the request is admitted.
        assertEquals(List.of("RequestKeyed", "InputRejected", "Alert"), fixture.typesSince(mark));
        final InputRejectedDecoder rejected = fixture.only(mark, new InputRejectedDecoder());
        assertEquals(reason, rejected.reason());
        final String detail = rejected.detail();
        assertTrue(detail.startsWith(detailStart), detail);
        final AlertDecoder alert = fixture.alertsSince(mark).get(0);
        assertEquals(AlertCode.TABLE_FULL, alert.code());
        assertEquals(Severity.CRITICAL, alert.severity());
    }
}

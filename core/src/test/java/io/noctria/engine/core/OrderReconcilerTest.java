package io.noctria.engine.core;

import io.noctria.codecs.sbe.*;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.noctria.engine.core.CoreFixture.request;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Reconciliation after a restart as core steps: EngineStarted asks about every working order, each journaled answer
 * is applied once and recorded as OrderReconciled, and a replay of the same inputs reaches the same state.
 */
class OrderReconcilerTest
{
    private static final long M = 1_000_000L;

    private final CoreFixture fixture = new CoreFixture();

    @Test
    void shouldAskAboutEveryWorkingOrderAndNothingElse()
    {
        final CoreFixture.Sent sent = fixture.submitSent(request().trace("sent").qty(100 * M));
        final CoreFixture.Sent acked = fixture.submitSent(request().trace("acked").qty(100 * M));
        fixture.ack(acked);
        final CoreFixture.Sent filled = fixture.submitSent(request().trace("filled").qty(100 * M));
        fixture.fill(filled, 100 * M, 150 * M);

        final int mark = fixture.mark();
        final long started = fixture.engineStarted();
        final List<byte[]> requested = fixture.since(mark, ReconcileRequestedDecoder.TEMPLATE_ID);
        assertEquals(2, requested.size(), fixture.typesSince(mark).toString());
        final ReconcileRequestedDecoder first = CoreEvents.decode(new ReconcileRequestedDecoder(), requested.get(0));
        assertEquals(started, first.inputIndex());
        assertEquals(1, first.queryId());
        assertEquals(sent.clOrdId, first.clOrdId());
        assertEquals(EngineOrderState.SENT, first.engineState());
        assertEquals(sent.inputIndex, first.orderInputIndex());
        final ReconcileRequestedDecoder second = CoreEvents.decode(new ReconcileRequestedDecoder(), requested.get(1));
        assertEquals(2, second.queryId());
        assertEquals(acked.clOrdId, second.clOrdId());
        assertEquals(EngineOrderState.ACKED, second.engineState());
        assertEquals(2, fixture.core.reconcilePending());
        assertEquals(1, fixture.core.reconcileFirstQueryId());

        // Query ids never repeat across starts: a second start asks again under new ids.
        final int again = fixture.mark();
        fixture.engineStarted();
        assertEquals(3, CoreEvents.decode(new ReconcileRequestedDecoder(),
            fixture.since(again, ReconcileRequestedDecoder.TEMPLATE_ID).get(0)).queryId());
    }

    @Test
    void shouldResendAnOrderTheVenueNeverRecordedWithTheSameClOrdId()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(100 * M));
        fixture.engineStarted();
        final int mark = fixture.mark();
        fixture.statusReport(1, order.clOrdId, VenueOrderState.UNKNOWN, 0, 0, 0);
        assertEquals(List.of("OrderReconciled", "OrderSent", "Alert"), fixture.typesSince(mark));
        final OrderReconciledDecoder reconciled = fixture.only(mark, new OrderReconciledDecoder());
        assertEquals(ReconcileOutcome.RESENT, reconciled.outcome());
        assertEquals(2, reconciled.attempt());
        final CoreFixture.Sent resent = CoreFixture.Sent.of(fixture.only(mark, OrderSentDecoder.TEMPLATE_ID));
        assertEquals(order.clOrdId, resent.clOrdId);
        assertEquals(2, resent.attempt);
        assertEquals(0, fixture.core.reconcilePending());

        // The same answer again (a restarted venue answers twice) changes nothing.
        final int repeat = fixture.mark();
        fixture.statusReport(1, order.clOrdId, VenueOrderState.UNKNOWN, 0, 0, 0);
        assertEquals(List.of(), fixture.typesSince(repeat));
    }

    @Test
    void shouldNotResendWhenARetryWentOutAfterTheQuery()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(100 * M));
        fixture.engineStarted();
        fixture.sendFailed(order, 1, BrokerErrorCode.TIMEOUT, false); // delivered after the restart: retry, attempt 2
        final int mark = fixture.mark();
        fixture.statusReport(1, order.clOrdId, VenueOrderState.UNKNOWN, 0, 0, 0);
        assertEquals(ReconcileOutcome.SUPERSEDED,
            fixture.only(mark, new OrderReconciledDecoder()).outcome());
        assertTrue(fixture.since(mark, OrderSentDecoder.TEMPLATE_ID).isEmpty(), "the retry's own reports decide");
    }

    @Test
    void shouldNotResendAnAcknowledgedOrderTheVenueNoLongerKnows()
    {
        // A venue restarted without its orders (fix-venue keeps none) answers UNKNOWN for an order it acknowledged.
        final CoreFixture.Sent order = fixture.submitSent(request().qty(100 * M));
        fixture.ack(order);
        fixture.engineStarted();
        final int mark = fixture.mark();
        fixture.statusReport(1, order.clOrdId, VenueOrderState.UNKNOWN, 0, 0, 0);
        final OrderReconciledDecoder reconciled = fixture.only(mark, new OrderReconciledDecoder());
        assertEquals(ReconcileOutcome.CONFLICT, reconciled.outcome());
        assertEquals(EngineOrderState.ACKED, reconciled.engineState(), "state kept");
        assertTrue(fixture.since(mark, OrderSentDecoder.TEMPLATE_ID).isEmpty(), "not sent a second time");
        assertTrue(fixture.typesSince(mark).contains("Alert"), fixture.typesSince(mark).toString());
        assertEquals(0, fixture.core.reconcilePending());
    }

    @Test
    void shouldAdoptFillsAndTheFinalStateTheEngineMissed()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(300 * M));
        fixture.ack(order);
        fixture.fill(order, 100 * M, 150 * M);
        fixture.engineStarted();
        final int mark = fixture.mark();
        // The venue filled the rest at 151: average (100 × 150 + 200 × 151) / 300.
        fixture.statusReport(1, order.clOrdId, VenueOrderState.FILLED, 300 * M, 300 * M, 150_666_666L);
        final OrderReconciledDecoder reconciled = fixture.only(mark, new OrderReconciledDecoder());
        assertEquals(ReconcileOutcome.ADOPTED, reconciled.outcome());
        assertEquals(EngineOrderState.FILLED, reconciled.engineState());
        assertEquals(200 * M, reconciled.adoptedQty());
        assertEquals(150_999_999L, reconciled.adoptedPrice(), "implied by the rounded-down venue average");
        assertEquals(300 * M, reconciled.cumQty());
        assertEquals(EngineOrderState.FILLED, fixture.core.orderState(order.key));
        assertEquals(300 * M, fixture.core.position("USDJPY"));
        assertEquals(0, fixture.core.openQty("USDJPY", 1));
    }

    @Test
    void shouldAdoptFillsAnOrderEndedWithoutWhenItsEndReportCameBeforeTheAnswer()
    {
        // Seen in the FIX crash harness: the engine died with the order SENT, the venue's ack and fills went into
        // the dead connection, its Expired (sent after the reconnect) came before the answer to the start's query.
        final CoreFixture.Sent order = fixture.submitSent(request().qty(300 * M));
        fixture.engineStarted();
        fixture.expired(order, 200 * M);
        assertEquals(EngineOrderState.EXPIRED, fixture.core.orderState(order.key));
        assertEquals(0, fixture.core.openQty("USDJPY", 1), "released when it ended");
        final int mark = fixture.mark();
        fixture.statusReport(1, order.clOrdId, VenueOrderState.EXPIRED, 300 * M, 200 * M, 151 * M);
        final OrderReconciledDecoder reconciled = fixture.only(mark, new OrderReconciledDecoder());
        assertEquals(ReconcileOutcome.ADOPTED, reconciled.outcome());
        assertEquals(EngineOrderState.EXPIRED, reconciled.engineState());
        assertEquals(200 * M, reconciled.adoptedQty());
        assertEquals(200 * M, fixture.core.position("USDJPY"));
        assertEquals(0, fixture.core.openQty("USDJPY", 1), "not released a second time");
    }

    @Test
    void shouldJudgeTheLosingStreakOnFillsItAdopts()
    {
        for (int i = 0; i < 2; i++)
        {
            final CoreFixture.Sent buy = fixture.submitSent(request().trace("open-" + i).qty(100 * M));
            fixture.fill(buy, 100 * M, 150 * M);
            final CoreFixture.Sent sell = fixture.submitSent(request().trace("close-" + i).sell().price(149 * M).qty(100 * M));
            fixture.fill(sell, 100 * M, 149 * M);
        }
        final CoreFixture.Sent buy = fixture.submitSent(request().trace("open-2").qty(100 * M));
        fixture.fill(buy, 100 * M, 150 * M);
        // The third closing sell was sent, then the engine crashed; the venue filled it below the entry price.
        final CoreFixture.Sent sell = fixture.submitSent(request().trace("close-2").sell().price(149 * M).qty(100 * M));
        assertEquals(2, fixture.core.lossStreak("USDJPY"));
        fixture.engineStarted();
        final int mark = fixture.mark();
        fixture.statusReport(1, sell.clOrdId, VenueOrderState.FILLED, 100 * M, 100 * M, 149 * M);

        assertEquals(3, fixture.core.lossStreak("USDJPY"));
        // The third loss reaches max_consecutive_losses (3): the shrink alert comes from the adopted fill, as it
        // would from a reported one.
        assertTrue(fixture.alertsSince(mark).stream().anyMatch(a -> a.rule() == io.noctria.codecs.sbe.RiskRule.LOSS_STREAK_SHRINK),
            fixture.typesSince(mark).toString());
    }

    @Test
    void shouldConfirmAnOrderTheVenueReportsAsTheEngineKnowsIt()
    {
        final CoreFixture.Sent order = ackedThenRestarted();
        final int mark = fixture.mark();
        fixture.statusReport(1, order.clOrdId, VenueOrderState.NEW, 100 * M, 0, 0);
        final OrderReconciledDecoder reconciled = fixture.only(mark, new OrderReconciledDecoder());
        assertEquals(ReconcileOutcome.CONFIRMED, reconciled.outcome());
        assertEquals(EngineOrderState.ACKED, reconciled.engineState());
        assertEquals(100 * M, fixture.core.openQty("USDJPY", 1), "still working");
    }

    @Test
    void shouldRaiseAConflictAndKeepTheStateWhenTheVenueContradictsTheJournal()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(100 * M));
        fixture.fill(order, 60 * M, 150 * M);
        fixture.engineStarted();
        final int mark = fixture.mark();
        fixture.statusReport(1, order.clOrdId, VenueOrderState.PARTIALLY_FILLED, 100 * M, 20 * M, 150 * M);
        assertEquals(ReconcileOutcome.CONFLICT,
            fixture.only(mark, new OrderReconciledDecoder()).outcome());
        assertTrue(fixture.alertsSince(mark).stream().anyMatch(a -> a.code() == AlertCode.RECONCILE &&
            a.severity() == Severity.CRITICAL));
        assertEquals(EngineOrderState.PARTIALLY_FILLED, fixture.core.orderState(order.key));
    }

    @Test
    void shouldRecordAConflictNotThrowWhenTheVenueAnswersAStateTheSchemaDoesNotDefine()
    {
        final CoreFixture.Sent order = ackedThenRestarted();
        final int mark = fixture.mark();
        // A venue answer is input from outside: a state code no schema version defines must not make the core
        // throw (a journaled input that throws would stop every later recovery at that index).
        final org.agrona.concurrent.UnsafeBuffer answer = new org.agrona.concurrent.UnsafeBuffer(new byte[256]);
        final OrderStatusReportEncoder report = new OrderStatusReportEncoder()
            .wrapAndApplyHeader(answer, 0, new MessageHeaderEncoder())
            .tsNs(1).brokerTsNs(1).queryId(1).brokerOrderId(4242).qty(100 * M).cumQty(0).leavesQty(100 * M)
            .avgPrice(0).state(VenueOrderState.NEW).clOrdId(order.clOrdId);
        answer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + OrderStatusReportEncoder.stateEncodingOffset(), (byte)99);
        assertTrue(report.encodedLength() > 0);
        fixture.core.onInput(1_000_000, answer, 0);
        final OrderReconciledDecoder reconciled = fixture.only(mark, new OrderReconciledDecoder());
        assertEquals(ReconcileOutcome.CONFLICT, reconciled.outcome());
        assertEquals(VenueOrderState.NULL_VAL, reconciled.venueState(), "an undefined code is recorded as no state");
        assertTrue(fixture.alertsSince(mark).stream().anyMatch(a -> a.code() == AlertCode.RECONCILE &&
            a.severity() == Severity.CRITICAL && a.message().contains("state 99")), "the alert names the raw code");
        assertEquals(EngineOrderState.ACKED, fixture.core.orderState(order.key), "state kept");
    }

    @Test
    void shouldIgnoreAnswersToQueriesOfAnEarlierStart()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(100 * M));
        fixture.engineStarted(); // query 1, never answered: that life died
        fixture.engineStarted(); // query 2
        final int mark = fixture.mark();
        fixture.statusReport(1, order.clOrdId, VenueOrderState.UNKNOWN, 0, 0, 0);
        assertEquals(List.of(), fixture.typesSince(mark), "the abandoned query's late answer changes nothing");
        assertEquals(1, fixture.core.reconcilePending());
        fixture.statusReport(2, order.clOrdId, VenueOrderState.UNKNOWN, 0, 0, 0);
        assertEquals(0, fixture.core.reconcilePending());
    }

    @Test
    void shouldReachTheSameStateWhenTheJournaledInputsAreReplayed()
    {
        final CoreFixture.Sent a = fixture.submitSent(request().trace("a").qty(100 * M));
        final CoreFixture.Sent b = fixture.submitSent(request().trace("b").qty(200 * M));
        fixture.ack(b);
        fixture.engineStarted();
        fixture.statusReport(1, a.clOrdId, VenueOrderState.UNKNOWN, 0, 0, 0);
        fixture.statusReport(2, b.clOrdId, VenueOrderState.PARTIALLY_FILLED, 200 * M, 50 * M, 150 * M);

        final CoreFixture replayed = new CoreFixture();
        CoreFixture.replay(fixture.inputs, replayed.core);
        assertArrayEquals(fixture.core.stateDigest(), replayed.core.stateDigest());
        assertEquals(fixture.events.size(), replayed.events.size());
    }

    /** An order the venue acknowledged before the engine restarted: the restart asks the venue for it. */
    private CoreFixture.Sent ackedThenRestarted()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(100 * M));
        fixture.ack(order);
        fixture.engineStarted();
        return order;
    }
}

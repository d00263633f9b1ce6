package io.noctria.engine.core;

import io.noctria.codecs.sbe.*;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.noctria.engine.core.CoreFixture.M;
import static io.noctria.engine.core.CoreFixture.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cancel, replace and cancel-all in the core: every transition and every refusal (docs/messages.md, Actions). */
class OrderActionsTest
{
    private final CoreFixture fixture = new CoreFixture();

    @Test
    void shouldSendACancelOnceAndEndTheOrderCanceledWhenTheVenueConfirms()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(300 * M));
        fixture.ack(order);
        int mark = fixture.mark();
        final long cancelIndex = fixture.cancel(order, key(1));
        final CancelSentDecoder sent = fixture.only(mark, new CancelSentDecoder());
        assertEquals(cancelIndex, sent.inputIndex());
        assertEquals(order.clOrdId, sent.clOrdId(), "the identity block is the order's");
        assertEquals(order.clOrdId, sent.origClOrdId(), "the venue knows the order by its own ClOrdID");
        assertEquals("C" + IdempotencyKeys.toHex(key(1)).substring(0, 31), sent.requestClOrdId());
        assertEquals(300 * M, sent.qty());
        assertEquals(EngineOrderState.PENDING_CANCEL, state(order));

        mark = fixture.mark();
        fixture.cancel(order, key(1));
        final ActionRefusedDecoder duplicate = fixture.only(mark, new ActionRefusedDecoder());
        assertEquals(ActionRefusedReason.DUPLICATE, duplicate.reason());
        assertEquals(cancelIndex, duplicate.firstInputIndex());
        assertEquals(List.of("ActionRefused"), fixture.typesSince(mark), "the same key twice: one send");

        mark = fixture.mark();
        fixture.cancel(order, key(2));
        assertEquals(ActionRefusedReason.ACTION_PENDING, fixture.only(mark, new ActionRefusedDecoder()).reason());

        fixture.canceled(order, 0);
        assertEquals(EngineOrderState.CANCELED, state(order));
        assertEquals(0, fixture.core.openQty("USDJPY", 1), "a canceled order releases its exposure");
        mark = fixture.mark();
        fixture.cancel(order, key(3));
        final ActionRefusedDecoder finalRefusal = fixture.only(mark, new ActionRefusedDecoder());
        assertEquals(ActionRefusedReason.ORDER_FINAL, finalRefusal.reason());
        assertEquals(EngineOrderState.CANCELED, finalRefusal.orderState());
    }

    @Test
    void shouldAskAboutPendingOrdersAfterARestartAndSettleThemByTheVenuesAnswer()
    {
        final CoreFixture.Sent canceled = fixture.submitSent(request().trace("t-c"));
        fixture.ack(canceled);
        fixture.cancel(canceled, key(1));
        final CoreFixture.Sent working = fixture.submitSent(request().trace("t-w").qty(300 * M));
        fixture.ack(working);
        fixture.replace(working, key(2), 500 * M, 150 * M);
        assertEquals(600 * M, fixture.core.openQty("USDJPY", 1), "100 + 300 + the 200 the replace reserves");
        final int mark = fixture.mark();
        fixture.engineStarted();
        final List<byte[]> asked = fixture.since(mark, ReconcileRequestedDecoder.TEMPLATE_ID);
        assertEquals(2, asked.size(), "reconciliation asks about pending orders too");
        final ReconcileRequestedDecoder first = CoreEvents.decode(new ReconcileRequestedDecoder(), asked.get(0));
        final ReconcileRequestedDecoder second = CoreEvents.decode(new ReconcileRequestedDecoder(), asked.get(1));
        assertEquals(EngineOrderState.PENDING_CANCEL, first.engineState());
        assertEquals(EngineOrderState.PENDING_REPLACE, second.engineState());

        fixture.statusReport(first.queryId(), canceled.clOrdId, VenueOrderState.CANCELED, 100 * M, 0, 0);
        assertEquals(EngineOrderState.CANCELED, state(canceled));
        fixture.statusReport(second.queryId(), working.clOrdId, VenueOrderState.PARTIALLY_FILLED, 300 * M, 100 * M,
            150 * M);
        assertEquals(EngineOrderState.PENDING_REPLACE, state(working), "still working: the replace's answer is owed");
        assertEquals(100 * M, fixture.core.position("USDJPY"), "the fill the venue reported is adopted");
        assertEquals(400 * M, fixture.core.openQty("USDJPY", 1), "200 left of the old terms, 200 reserved");
    }

    @Test
    void shouldRefuseACancelOfAnOrderTheOutboxDoesNotHold()
    {
        final int mark = fixture.mark();
        fixture.cancel(key(9), key(1), null);
        final ActionRefusedDecoder refused = fixture.only(mark, new ActionRefusedDecoder());
        assertEquals(ActionRefusedReason.UNKNOWN_ORDER, refused.reason());
        assertEquals(EngineOrderState.NULL_VAL, refused.orderState());
        assertEquals("trace-cx", refused.traceId());
    }

    @Test
    void shouldKeepFillingWhilePendingCancelAndIgnoreATooLateRejectAfterTheLastFill()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(300 * M));
        fixture.ack(order);
        fixture.cancel(order, key(1));
        fixture.fill(order, 100 * M, 150 * M);
        assertEquals(EngineOrderState.PENDING_CANCEL, state(order), "a partial fill keeps the cancel pending");
        assertEquals(100 * M, fixture.core.position("USDJPY"));
        fixture.fill(order, 200 * M, 150 * M);
        assertEquals(EngineOrderState.FILLED, state(order), "the fill won the race");
        final int mark = fixture.mark();
        fixture.cancelReject(order, CxlRejReason.TOO_LATE_TO_CANCEL, CxlRejResponseTo.CANCEL);
        assertEquals(List.of(), fixture.typesSince(mark), "too late to cancel a filled order: nothing to say");
        assertEquals(EngineOrderState.FILLED, state(order));
        assertEquals(0, fixture.core.openQty("USDJPY", 1));
    }

    @Test
    void shouldReturnToTheWorkingStateItsFillsImplyOnACancelReject()
    {
        final CoreFixture.Sent unfilled = fixture.submitSent(request().trace("t-a"));
        fixture.ack(unfilled);
        fixture.cancel(unfilled, key(1));
        fixture.cancelReject(unfilled, CxlRejReason.OTHER, CxlRejResponseTo.CANCEL);
        assertEquals(EngineOrderState.ACKED, state(unfilled));

        final CoreFixture.Sent partial = fixture.submitSent(request().trace("t-b").qty(200 * M));
        fixture.fill(partial, 50 * M, 150 * M);
        fixture.cancel(partial, key(2));
        final int mark = fixture.mark();
        fixture.cancelReject(partial, CxlRejReason.UNKNOWN_ORDER, CxlRejResponseTo.CANCEL);
        assertEquals(EngineOrderState.PARTIALLY_FILLED, state(partial));
        assertEquals(AlertCode.RECONCILE, fixture.alertsSince(mark).get(0).code(),
            "a venue that does not know a working order is worth an operator's look");
    }

    @Test
    void shouldReplaceDownWithoutTheRiskGateAndNameTheReplaceAfterwards()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(300 * M));
        fixture.ack(order);
        int mark = fixture.mark();
        fixture.replace(order, key(1), 200 * M, 149 * M);
        final ReplaceSentDecoder sent = fixture.only(mark, new ReplaceSentDecoder());
        assertEquals(200 * M, sent.qty());
        assertEquals(149 * M, sent.price());
        assertEquals(300 * M, sent.origQty());
        assertEquals(150 * M, sent.origPrice());
        assertEquals(OrderType.LIMIT, sent.orderType());
        assertEquals("R" + IdempotencyKeys.toHex(key(1)).substring(0, 31), sent.requestClOrdId());
        assertEquals(List.of("ReplaceSent"), fixture.typesSince(mark), "less exposure: no risk decision");
        assertEquals(EngineOrderState.PENDING_REPLACE, state(order));
        assertEquals(300 * M, fixture.core.openQty("USDJPY", 1), "the old terms work until Replaced");

        fixture.replaced(order, 200 * M, 149 * M);
        assertEquals(EngineOrderState.REPLACED, state(order));
        assertEquals(200 * M, fixture.core.openQty("USDJPY", 1));

        mark = fixture.mark();
        fixture.cancel(order, key(2));
        assertEquals(sent.requestClOrdId(), fixture.only(mark, new CancelSentDecoder()).origClOrdId(),
            "after a replace the venue knows the order by the replace's ClOrdID");
        fixture.fill(order, 200 * M, 149 * M);
        assertEquals(EngineOrderState.FILLED, state(order));
        assertEquals(0, fixture.core.openQty("USDJPY", 1));
    }

    @Test
    void shouldKeepTheOrdersQtyOrPriceWhereTheReplaceGivesZero()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(300 * M));
        int mark = fixture.mark();
        fixture.replace(order, key(1), 0, 149 * M);
        final ReplaceSentDecoder priceOnly = fixture.only(mark, new ReplaceSentDecoder());
        assertEquals(300 * M, priceOnly.qty(), "qty 0 keeps the order's");
        assertEquals(149 * M, priceOnly.price());
        mark = fixture.mark();
        fixture.replace(order, key(2), 0, 0);
        assertEquals(InputRejectReason.INVALID_QTY, fixture.only(mark, new InputRejectedDecoder()).reason(),
            "nothing to replace");
    }

    @Test
    void shouldReserveTheAddedQtyOfAReplaceUpAndReleaseItWhenRefused()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(300 * M));
        fixture.ack(order);
        fixture.replace(order, key(1), 500 * M, 150 * M);
        assertEquals(500 * M, fixture.core.openQty("USDJPY", 1), "the added qty counts while the replace is out");
        fixture.cancelReject(order, CxlRejReason.OTHER, CxlRejResponseTo.REPLACE);
        assertEquals(EngineOrderState.ACKED, state(order));
        assertEquals(300 * M, fixture.core.openQty("USDJPY", 1), "refused: the reservation goes");

        fixture.replace(order, key(2), 500 * M, 150 * M);
        fixture.fill(order, 300 * M, 150 * M);
        assertEquals(EngineOrderState.FILLED, state(order), "the old qty filled before the replace arrived");
        assertEquals(0, fixture.core.openQty("USDJPY", 1), "and nothing stays reserved");
    }

    @Test
    void shouldSendAReplaceUpOnlyWhenTheRiskGateAllowsItWhole()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(300 * M));
        fixture.ack(order);
        int mark = fixture.mark();
        fixture.replace(order, key(1), 30_000 * M, 150 * M);
        final ActionRefusedDecoder refused = fixture.only(mark, new ActionRefusedDecoder());
        assertEquals(ActionRefusedReason.RISK_REJECTED, refused.reason());
        assertEquals(RiskRule.MAX_POSITION_NOTIONAL, refused.rule(), "the rule that decided");
        assertTrue(fixture.alertsSince(mark).stream().anyMatch(a -> a.code() == AlertCode.RISK_RULE));
        assertEquals(EngineOrderState.ACKED, state(order));
        assertEquals(300 * M, fixture.core.openQty("USDJPY", 1));

        mark = fixture.mark();
        fixture.replace(order, key(2), 400 * M, 150 * M);
        assertEquals(400 * M, fixture.only(mark, new ReplaceSentDecoder()).qty(), "within the limits: sent");
        fixture.replaced(order, 400 * M, 150 * M);
        assertEquals(400 * M, fixture.core.openQty("USDJPY", 1));

        mark = fixture.mark();
        fixture.replace(order, key(3), 400 * M, 170 * M);
        final ActionRefusedDecoder collar = fixture.only(mark, new ActionRefusedDecoder());
        assertEquals(RiskRule.PRICE_COLLAR, collar.rule(), "a BUY price up adds exposure: the collar applies");
    }

    @Test
    void shouldRefuseAReplaceThatChangesNothingGoesBelowTheFillsOrRepricesAMarketOrder()
    {
        final CoreFixture.Sent limit = fixture.submitSent(request().trace("t-l").qty(300 * M));
        fixture.fill(limit, 100 * M, 150 * M);
        assertRefused(limit, key(1), 300 * M, 150 * M, ActionRefusedReason.REPLACE_NO_CHANGE);
        assertRefused(limit, key(2), 100 * M, 150 * M, ActionRefusedReason.REPLACE_BELOW_FILLED);
        final CoreFixture.Sent market = fixture.submitSent(request().trace("t-m").orderType(1));
        assertRefused(market, key(3), 100 * M, 151 * M, ActionRefusedReason.REPLACE_NOT_ALLOWED);
    }

    @Test
    void shouldCancelEveryWorkingOrderOnASignedCancelAllOptionallyForOneSymbol()
    {
        final CoreFixture.Sent usd = fixture.submitSent(request().trace("t-1"));
        final CoreFixture.Sent eur = fixture.submitSent(request().trace("t-2").symbol("EURJPY"));
        final CoreFixture.Sent done = fixture.submitSent(request().trace("t-3"));
        fixture.fill(done, 100 * M, 150 * M);
        int mark = fixture.mark();
        final long index = fixture.cancelAll("ops", "EURJPY", "venue outage");
        final CancelSentDecoder one = fixture.only(mark, new CancelSentDecoder());
        assertEquals(eur.clOrdId, one.clOrdId());
        assertEquals(String.format("A%016x", index) + eur.clOrdId.substring(1, 16), one.requestClOrdId());
        assertArrayEquals(new byte[32], actionKey(one), "a cancel-all's cancel has no key of its own");
        assertEquals(EngineOrderState.PENDING_CANCEL, state(eur));
        assertEquals(EngineOrderState.SENT, state(usd));

        mark = fixture.mark();
        fixture.cancelAll("ops", "", "end of day");
        assertEquals(1, fixture.since(mark, CancelSentDecoder.TEMPLATE_ID).size(), "the only order left working");
        assertEquals(EngineOrderState.PENDING_CANCEL, state(usd));
        assertEquals(EngineOrderState.FILLED, state(done));

        fixture.signAs("ops", null);
        mark = fixture.mark();
        fixture.cancelAll("ops", "", "unsigned");
        assertEquals(List.of("InputRejected", "Alert"), fixture.typesSince(mark), "an unsigned cancel-all does nothing");
    }

    @Test
    void shouldHaltOnAPauseWhenConfiguredToCancelWorkingOrders()
    {
        final CoreFixture halting = new CoreFixture(CoreFixture.POLICY, CoreFixture.ENGINE +
            "pause: {cancel_working: true}\n");
        final CoreFixture.Sent order = halting.submitSent(request());
        int mark = halting.mark();
        halting.control(ControlAction.PAUSE_ON, "ops", "halt");
        assertEquals(List.of("TradingPauseChanged", "Alert", "CancelSent"), halting.typesSince(mark));
        assertEquals(EngineOrderState.PENDING_CANCEL, halting.core.orderState(order.key));

        final CoreFixture.Sent quiet = fixture.submitSent(request());
        mark = fixture.mark();
        fixture.control(ControlAction.PAUSE_ON, "ops", "reduce only");
        assertEquals(List.of("TradingPauseChanged", "Alert"), fixture.typesSince(mark), "by default a pause cancels nothing");
        assertEquals(EngineOrderState.SENT, state(quiet));
    }

    @Test
    void shouldAuthenticateActionsLikeOrderRequests()
    {
        final CoreFixture strict = new CoreFixture(CoreFixture.POLICY, "idempotency: {require_key: false, require_auth: true}\n");
        final CoreRequest r = request();
        final CoreFixture.Sent order = strict.submitSent(r.signed(strict.keys));
        int mark = strict.mark();
        strict.cancel(order.key, key(1), null);
        assertEquals(InputRejectReason.AUTH_TAG_MISSING, strict.only(mark, new InputRejectedDecoder()).reason());
        mark = strict.mark();
        strict.cancel(order.key, key(1), key(7));
        assertEquals(InputRejectReason.AUTH_TAG_MISMATCH, strict.only(mark, new InputRejectedDecoder()).reason());
        final byte[] tag = IdempotencyKeys.fromHex(strict.keys.actionTagHex(false, key(1), order.key, 0, 0,
            1_000_000_000L + 2_000_000_000L, "trace-cx", "alpha"));
        mark = strict.mark();
        strict.clockAt(1_000_000_000L + 2_000_000_000L);
        strict.cancel(order.key, key(1), tag);
        assertEquals(List.of("CancelSent"), strict.typesSince(mark));
    }

    @Test
    void shouldReachTheSameEventsAndStateWhenReplayedAndRefuseToSnapshotActions()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(300 * M));
        fixture.ack(order);
        fixture.replace(order, key(1), 200 * M, 149 * M);
        fixture.replaced(order, 200 * M, 149 * M);
        fixture.cancel(order, key(2));
        fixture.fill(order, 50 * M, 149 * M);
        fixture.cancelReject(order, CxlRejReason.OTHER, CxlRejResponseTo.CANCEL);
        fixture.cancelAll("ops", "", "done");
        fixture.canceled(order, 50 * M);

        final java.util.List<byte[]> replayed = new java.util.ArrayList<>();
        final ExecutionCore replica = new ExecutionCore(
            EngineConfig.parse("test-engine.yml", CoreFixture.keyOptional(CoreFixture.ENGINE).getBytes(StandardCharsets.UTF_8)),
            RiskPolicy.parse("test-policy.yml", CoreFixture.POLICY.getBytes(StandardCharsets.UTF_8)),
            new IdempotencyKeys(CoreFixture.SECRET), (b, o, l) ->
            {
                final byte[] copy = new byte[l];
                b.getBytes(o, copy);
                replayed.add(copy);
            }, new StepClock());
        CoreFixture.replay(fixture.inputs, replica);
        assertEquals(fixture.core.stateHash(), replica.stateHash());
        assertEquals(fixture.events.size(), replayed.size());
        assertEquals(EngineOrderState.CANCELED, state(order));

        assertThrows(UncheckedIOException.class, () -> new CoreSnapshot().write(fixture.core,
            new SnapshotPosition(), new ExpandableArrayBuffer()), "snapshot layout 1 cannot hold the action table");
    }

    private void assertRefused(final CoreFixture.Sent order, final byte[] key, final long qty, final long price,
        final ActionRefusedReason reason)
    {
        final int mark = fixture.mark();
        fixture.replace(order, key, qty, price);
        assertEquals(reason, fixture.only(mark, new ActionRefusedDecoder()).reason());
    }

    private EngineOrderState state(final CoreFixture.Sent order)
    {
        return fixture.core.orderState(order.key);
    }

    private static byte[] actionKey(final CancelSentDecoder sent)
    {
        final byte[] key = new byte[32];
        sent.getActionKey(key, 0, 32);
        return key;
    }

    /** A distinct non-zero 32-byte key. */
    private static byte[] key(final int n)
    {
        final byte[] key = new byte[32];
        for (int i = 0; i < 32; i++)
        {
            key[i] = (byte)(n * 31 + i + 1);
        }
        return key;
    }

    /** The fixture's stamp clock, for the replica: 1 µs a step from the same start. */
    private static final class StepClock implements EpochNanoClock
    {
        private long ns = 1_000_000_000L;

        @Override
        public long nanoTime()
        {
            return ns += 1_000;
        }
    }
}

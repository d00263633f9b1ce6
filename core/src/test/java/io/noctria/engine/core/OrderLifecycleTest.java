package io.noctria.engine.core;

import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.AlertDecoder;
import io.noctria.codecs.sbe.BrokerAckDecoder;
import io.noctria.codecs.sbe.BrokerErrorCode;
import io.noctria.codecs.sbe.BrokerRejectDecoder;
import io.noctria.codecs.sbe.BrokerRejectReason;
import io.noctria.codecs.sbe.CanceledDecoder;
import io.noctria.codecs.sbe.ExpiredDecoder;
import io.noctria.codecs.sbe.FillDecoder;
import io.noctria.codecs.sbe.SendFailedDecoder;
import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.codecs.sbe.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.noctria.engine.core.CoreFixture.M;
import static io.noctria.engine.core.CoreFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderLifecycleTest
{
    private final CoreFixture fixture = new CoreFixture();

    /** OrderLifecycle reads every report's identity with one reader: clOrdId, traceId, idempotencyKey in a row. */
    @Test
    void shouldFindTheIdentityBlockInOneRunInEveryBrokerReport() throws ReflectiveOperationException
    {
        for (final Class<?> report : List.of(BrokerAckDecoder.class, FillDecoder.class, BrokerRejectDecoder.class,
            ExpiredDecoder.class, CanceledDecoder.class, SendFailedDecoder.class,
            io.noctria.codecs.sbe.ReplacedDecoder.class, io.noctria.codecs.sbe.CancelRejectDecoder.class))
        {
            final int clOrdId = encodingOffset(report, "clOrdId");
            assertEquals(clOrdId + IdempotencyKeys.CL_ORD_ID_LENGTH, encodingOffset(report, "traceId"),
                report.getSimpleName() + ": traceId follows clOrdId");
            assertEquals(clOrdId + IdempotencyKeys.CL_ORD_ID_LENGTH + OrderTicket.TRACE_LENGTH,
                encodingOffset(report, "idempotencyKey"), report.getSimpleName() + ": idempotencyKey follows traceId");
        }
    }

    private static int encodingOffset(final Class<?> decoder, final String field) throws ReflectiveOperationException
    {
        return (int)decoder.getMethod(field + "EncodingOffset").invoke(null);
    }

    @Test
    void shouldWalkAckPartialFillFullFillQuietlyAndTrackThePosition()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(300 * M));
        assertEquals(EngineOrderState.SENT, state(order));
        assertEquals(300 * M, fixture.core.openQty("USDJPY", 1));
        final int mark = fixture.mark();
        fixture.ack(order);
        assertEquals(EngineOrderState.ACKED, state(order));
        fixture.fill(order, 100 * M, 150 * M);
        assertEquals(EngineOrderState.PARTIALLY_FILLED, state(order));
        fixture.fill(order, 200 * M, 151 * M);
        assertEquals(EngineOrderState.FILLED, state(order));
        assertEquals(List.of(), fixture.typesSince(mark), "valid reports are journaled inputs, not new events");
        assertEquals(300 * M, fixture.core.position("USDJPY"));
        assertEquals(0, fixture.core.openQty("USDJPY", 1));
    }

    @Test
    void shouldAcceptAFillWithoutAnAckAsAnImplicitAck()
    {
        final CoreFixture.Sent order = fixture.submitSent(request());
        fixture.fill(order, 100 * M, 150 * M);
        assertEquals(EngineOrderState.FILLED, state(order));
    }

    @Test
    void shouldAlertAndKeepStateOnFillAfterReject()
    {
        final CoreFixture.Sent order = fixture.submitSent(request());
        fixture.reject(order, BrokerRejectReason.INSUFFICIENT_LIQUIDITY);
        assertEquals(EngineOrderState.REJECTED, state(order));
        assertEquals(0, fixture.core.openQty("USDJPY", 1), "a rejected order releases its exposure");
        final int mark = fixture.mark();
        fixture.fill(order, 50 * M, 150 * M);
        final AlertDecoder alert = onlyAlert(mark);
        assertEquals(AlertCode.ILLEGAL_TRANSITION, alert.code());
        assertEquals("trace-1", alert.traceId());
        assertEquals("partial Fill is illegal for ClOrdID " + order.clOrdId + " in state REJECTED; ignored, state kept",
            alert.message());
        assertEquals(EngineOrderState.REJECTED, state(order));
        assertEquals(0, fixture.core.position("USDJPY"));
    }

    @Test
    void shouldAlertOnDuplicateAckAndOnRejectAfterAck()
    {
        final CoreFixture.Sent order = fixture.submitSent(request());
        fixture.ack(order);
        int mark = fixture.mark();
        fixture.ack(order);
        assertEquals(AlertCode.ILLEGAL_TRANSITION, onlyAlert(mark).code());
        mark = fixture.mark();
        fixture.reject(order, BrokerRejectReason.OTHER);
        assertTrue(onlyAlert(mark).message().startsWith("BrokerReject is illegal"));
        assertEquals(EngineOrderState.ACKED, state(order));
    }

    @Test
    void shouldAlertOnOverfillAndKeepState()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(100 * M));
        fixture.fill(order, 60 * M, 150 * M);
        final int mark = fixture.mark();
        fixture.fill(order, 60 * M, 150 * M);
        final AlertDecoder alert = onlyAlert(mark);
        assertEquals(AlertCode.ILLEGAL_TRANSITION, alert.code());
        final String message = alert.message();
        assertTrue(message.contains("with leaves 40.000000"), message);
        assertEquals(EngineOrderState.PARTIALLY_FILLED, state(order));
        assertEquals(60 * M, fixture.core.position("USDJPY"));
    }

    @Test
    void shouldAlertUnknownOrderForAnUnknownKeyOrAForeignClOrdId()
    {
        final CoreFixture.Sent order = fixture.submitSent(request());
        final int mark = fixture.mark();
        fixture.ack(forge(order, new byte[32], order.clOrdId));
        fixture.ack(forge(order, order.key, "N000000000000000000000000000000"));
        final List<AlertDecoder> alerts = fixture.alertsSince(mark);
        assertEquals(2, alerts.size());
        assertEquals(AlertCode.UNKNOWN_ORDER, alerts.get(0).code());
        assertTrue(alerts.get(0).message().contains("matches no order in the outbox"));
        assertEquals(AlertCode.UNKNOWN_ORDER, alerts.get(1).code());
        assertTrue(alerts.get(1).message().contains("does not match the ClOrdID derived"));
        assertEquals("forged-trace", alerts.get(0).traceId());
        assertEquals(EngineOrderState.SENT, state(order));
    }

    @Test
    void shouldReleaseLeavesOnExpiryAndAlertWhenTheBrokerCountsDifferently()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(100 * M));
        fixture.ack(order);
        fixture.fill(order, 30 * M, 150 * M);
        int mark = fixture.mark();
        fixture.expired(order, 30 * M);
        assertEquals(List.of(), fixture.typesSince(mark));
        assertEquals(EngineOrderState.EXPIRED, state(order));
        assertEquals(0, fixture.core.openQty("USDJPY", 1));

        final CoreFixture.Sent second = fixture.submitSent(request().trace("t2").qty(100 * M));
        fixture.fill(second, 10 * M, 150 * M);
        mark = fixture.mark();
        fixture.canceled(second, 20 * M);
        assertEquals(EngineOrderState.CANCELED, state(second));
        final AlertDecoder alert = onlyAlert(mark);
        assertEquals(AlertCode.RECONCILE, alert.code());
        assertTrue(alert.message().contains("reports cumQty 20.000000 but the engine counted 10.000000"));
    }

    @Test
    void shouldKeepStateWhenTheBrokerReportsTheClOrdIdAsDuplicate()
    {
        final CoreFixture.Sent order = fixture.submitSent(request());
        final int mark = fixture.mark();
        fixture.reject(order, BrokerRejectReason.DUPLICATE_CLORDID);
        assertEquals(AlertCode.RECONCILE, onlyAlert(mark).code());
        assertEquals(EngineOrderState.SENT, state(order));
        fixture.ack(order);
        assertEquals(EngineOrderState.ACKED, state(order));
    }

    @Test
    void shouldRetryATransientSendFailureWithTheSameClOrdIdAndIgnoreStaleOnes()
    {
        final CoreFixture.Sent order = fixture.submitSent(request());
        int mark = fixture.mark();
        fixture.sendFailed(order, 1, BrokerErrorCode.SERVER_ERROR, false);
        final CoreFixture.Sent retry = CoreFixture.Sent.of(fixture.only(mark, OrderSentDecoder.TEMPLATE_ID));
        assertEquals(2, retry.attempt);
        assertEquals(order.clOrdId, retry.clOrdId);
        assertEquals(order.qty, retry.qty);
        assertEquals(order.traceId, retry.traceId);
        assertEquals(fixture.lastInputIndex(), retry.inputIndex);
        mark = fixture.mark();
        fixture.sendFailed(order, 1, BrokerErrorCode.SERVER_ERROR, false);
        assertTrue(onlyAlert(mark).message().contains("is stale: the current attempt is 2"));
        assertEquals(0, fixture.since(mark, OrderSentDecoder.TEMPLATE_ID).size());
    }

    @Test
    void shouldGiveUpAfterMaxAttemptsAndRejectLocallyUnlessTheLastErrorWasATimeout()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(100 * M));
        fixture.sendFailed(order, 1, BrokerErrorCode.THROTTLED, false);
        fixture.sendFailed(order, 2, BrokerErrorCode.THROTTLED, false);
        int mark = fixture.mark();
        fixture.sendFailed(order, 3, BrokerErrorCode.THROTTLED, false);
        AlertDecoder alert = onlyAlert(mark);
        assertEquals(AlertCode.SEND_FAILED, alert.code());
        assertEquals(Severity.CRITICAL, alert.severity());
        final String gaveUp = alert.message();
        assertTrue(gaveUp.contains("gave up after 3 attempt(s), last error THROTTLED"), gaveUp);
        assertEquals(EngineOrderState.REJECTED, state(order));
        assertEquals(0, fixture.core.openQty("USDJPY", 1));

        final CoreFixture.Sent inDoubt = fixture.submitSent(request().trace("in-doubt").qty(100 * M));
        mark = fixture.mark();
        fixture.sendFailed(inDoubt, 1, BrokerErrorCode.TIMEOUT, true);
        alert = onlyAlert(mark);
        final String inDoubtMessage = alert.message();
        assertTrue(inDoubtMessage.contains("in doubt, state kept SENT"), inDoubtMessage);
        assertEquals(EngineOrderState.SENT, state(inDoubt));
        assertEquals(100 * M, fixture.core.openQty("USDJPY", 1), "an in-doubt order keeps its exposure");
        fixture.ack(inDoubt);
        assertEquals(EngineOrderState.ACKED, state(inDoubt));
        mark = fixture.mark();
        fixture.sendFailed(inDoubt, 1, BrokerErrorCode.TIMEOUT, false);
        assertEquals("SendFailed is illegal for ClOrdID " + inDoubt.clOrdId + " in state ACKED; ignored, state kept",
            onlyAlert(mark).message());
    }

    private EngineOrderState state(final CoreFixture.Sent order)
    {
        return fixture.core.orderState(order.key);
    }

    private AlertDecoder onlyAlert(final int mark)
    {
        final List<AlertDecoder> alerts = fixture.alertsSince(mark);
        assertEquals(1, alerts.size(), fixture.typesSince(mark).toString());
        return alerts.get(0);
    }

    private static CoreFixture.Sent forge(final CoreFixture.Sent order, final byte[] key, final String clOrdId)
    {
        final byte[] event = new byte[1024];
        final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(event);
        new io.noctria.codecs.sbe.OrderSentEncoder()
            .wrapAndApplyHeader(buffer, 0, new io.noctria.codecs.sbe.MessageHeaderEncoder())
            .inputIndex(order.inputIndex).qty(order.qty).price(order.price).attempt(1)
            .side(order.side).orderType(io.noctria.codecs.sbe.OrderType.LIMIT)
            .timeInForce(io.noctria.codecs.sbe.TimeInForce.DAY).symbol(order.symbol).traceId("forged-trace")
            .clOrdId(clOrdId).putIdempotencyKey(key, 0, 32);
        return CoreFixture.Sent.of(event);
    }
}

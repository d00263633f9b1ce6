package io.noctria.engine.core;

import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.AlertDecoder;
import io.noctria.codecs.sbe.EngineOrderState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.noctria.engine.core.CoreFixture.M;
import static io.noctria.engine.core.CoreFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Venue reports out of their usual order: an ack after the fill it was implied by, a fill after the cancel. */
class OutOfOrderReportsTest
{
    private final CoreFixture fixture = new CoreFixture();

    @Test
    void shouldTakeAFillBeforeTheAckAsTheAckAndTheLateAckAsLegal()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(10 * M));
        final int mark = fixture.mark();
        fixture.fill(order, 4 * M, 150 * M);
        assertEquals(EngineOrderState.PARTIALLY_FILLED, fixture.core.orderState(order.key), "the fill implied the ack");
        fixture.ack(order);
        assertEquals(List.of(), fixture.typesSince(mark), "the late ack is legal: no alert");
        assertEquals(EngineOrderState.PARTIALLY_FILLED, fixture.core.orderState(order.key), "and changes no state");
        fixture.fill(order, 6 * M, 150 * M);
        assertEquals(EngineOrderState.FILLED, fixture.core.orderState(order.key));
        assertEquals(10 * M, fixture.core.position("USDJPY"));

        final int again = fixture.mark();
        fixture.ack(order);
        final List<AlertDecoder> alerts = fixture.alertsSince(again);
        assertEquals(1, alerts.size(), "a second ack is illegal");
        assertEquals(AlertCode.ILLEGAL_TRANSITION, alerts.get(0).code());
    }

    @Test
    void shouldTakeALateAckAfterAFullFillWithoutAlert()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(3 * M));
        fixture.fill(order, 3 * M, 150 * M);
        final int mark = fixture.mark();
        fixture.ack(order);
        assertEquals(List.of(), fixture.typesSince(mark));
        assertEquals(EngineOrderState.FILLED, fixture.core.orderState(order.key));
    }

    @Test
    void shouldBookAFillAfterTheCancelOnThePositionAndRaiseAnAlert()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(10 * M));
        fixture.ack(order);
        fixture.fill(order, 2 * M, 150 * M);
        fixture.canceled(order, 2 * M);
        assertEquals(0, fixture.core.openQty("USDJPY", 1), "the cancel released the working qty");

        final int mark = fixture.mark();
        fixture.fill(order, 8 * M, 151 * M);
        final List<AlertDecoder> alerts = fixture.alertsSince(mark);
        assertEquals(1, alerts.size());
        assertEquals(AlertCode.RECONCILE, alerts.get(0).code());
        final String message = alerts.get(0).message();
        assertTrue(message.contains("arrived after CANCELED") && message.contains("applied to the position"), message);
        assertEquals(10 * M, fixture.core.position("USDJPY"), "the venue executed it: the position holds it");
        assertEquals(0, fixture.core.openQty("USDJPY", 1), "no working qty comes back or goes negative");
        assertEquals(EngineOrderState.CANCELED, fixture.core.orderState(order.key), "state kept as reported");

        final int over = fixture.mark();
        fixture.fill(order, M, 151 * M);
        assertEquals(AlertCode.ILLEGAL_TRANSITION, fixture.alertsSince(over).get(0).code(), "no fill beyond the order qty");
        assertEquals(10 * M, fixture.core.position("USDJPY"));
    }
}

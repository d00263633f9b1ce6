package io.noctria.engine.core;

import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.AlertDecoder;
import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.codecs.sbe.Severity;
import io.noctria.codecs.sbe.VenueInputRefusedDecoder;
import io.noctria.codecs.sbe.VenueRefusal;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.noctria.engine.core.CoreFixture.M;
import static io.noctria.engine.core.CoreFixture.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VenueRefusalsTest
{
    private final CoreFixture fixture = new CoreFixture();

    @Test
    void shouldTakeTheRefusalAsABrokerReportInput()
    {
        assertTrue(ExecutionCore.isInput(VenueInputRefusedDecoder.TEMPLATE_ID));
        assertTrue(ExecutionCore.isBrokerReport(VenueInputRefusedDecoder.TEMPLATE_ID),
            "it rides the venue's report stream, so the gateway's resume point must count it");
    }

    @Test
    void shouldAlertCriticalNamingTheRefusedReportAndChangeNoOrder()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(300 * M));
        fixture.ack(order);
        final long hashBefore = fixture.core.stateHash();
        final int mark = fixture.mark();

        final long index = fixture.venueInputRefused(VenueRefusal.UNPARSEABLE_FIELD, "8", order.clOrdId,
            order.traceId, 32, "1.0000001", "more than 6 decimal places");

        assertEquals(List.of("Alert"), fixture.typesSince(mark), "an Alert and nothing else");
        final AlertDecoder alert = fixture.alertsSince(mark).get(0);
        assertEquals(AlertCode.VENUE_REPORT_REFUSED, alert.code());
        assertEquals(Severity.CRITICAL, alert.severity());
        assertEquals(index, alert.inputIndex());
        assertEquals(order.traceId, alert.traceId());
        assertEquals("venue input refused UNPARSEABLE_FIELD, FIX MsgType 8 MsgSeqNum 17, ClOrdID " + order.clOrdId +
            ", tag 32 = \"1.0000001\": more than 6 decimal places; not passed on, nothing booked", alert.message());
        assertEquals(hashBefore, fixture.core.stateHash(), "a refusal changes no state");
        assertEquals(EngineOrderState.ACKED, fixture.core.orderState(order.key));
    }

    @Test
    void shouldAlertCriticalForAReportOfAClOrdIdNeverSentWithoutATrace()
    {
        final int mark = fixture.mark();
        fixture.venueInputRefused(VenueRefusal.UNKNOWN_CLORDID, "8", "NSTRANGER", "", 11, "NSTRANGER",
            "ExecutionReport (ExecType F) for a ClOrdID this gateway never sent");
        final AlertDecoder alert = fixture.alertsSince(mark).get(0);
        assertEquals(AlertCode.VENUE_REPORT_REFUSED, alert.code());
        assertEquals(Severity.CRITICAL, alert.severity());
        assertEquals("", alert.traceId());
        final String message = alert.message();
        assertTrue(message.startsWith("venue input refused UNKNOWN_CLORDID, FIX MsgType 8 MsgSeqNum 17, " +
            "ClOrdID NSTRANGER, tag 11 = \"NSTRANGER\": ExecutionReport (ExecType F)"), message);
    }

    @Test
    void shouldAlertWarningForSessionErrors()
    {
        for (final VenueRefusal reason : new VenueRefusal[] {
            VenueRefusal.SESSION_ERROR, VenueRefusal.SESSION_REJECT, VenueRefusal.SESSION_LOGOUT })
        {
            final int mark = fixture.mark();
            fixture.venueInputRefused(reason, "", "", "", 0, "", "MsgSeqNum too low, expecting 9 but received 4");
            final AlertDecoder alert = fixture.alertsSince(mark).get(0);
            assertEquals(AlertCode.VENUE_SESSION_ERROR, alert.code(), reason.name());
            assertEquals(Severity.WARNING, alert.severity(), reason.name());
            assertEquals("venue session error " + reason.name() + " MsgSeqNum 17: MsgSeqNum too low, expecting 9 " +
                "but received 4", alert.message());
        }
        assertEquals(Severity.WARNING, VenueRefusals.severity(VenueRefusal.UNHANDLED_MSG_TYPE));
    }

    @Test
    void shouldRaiseTheSameAlertsOnReplay()
    {
        final CoreFixture.Sent order = fixture.submitSent(request().qty(100 * M));
        fixture.venueInputRefused(VenueRefusal.UNMAPPED_EXEC_TYPE, "8", order.clOrdId, order.traceId, 150, "H",
            "no broker report in the engine's schema");
        fixture.venueInputRefused(VenueRefusal.SESSION_ERROR, "", "", "", 0, "", "garbled: CheckSum 10 = 999");
        final CoreFixture replica = new CoreFixture();
        CoreFixture.replay(fixture.inputs, replica.core);
        assertEquals(fixture.events.size(), replica.events.size());
        for (int i = 0; i < fixture.events.size(); i++)
        {
            assertArrayEquals(fixture.events.get(i), replica.events.get(i), "event " + i);
        }
        assertEquals(fixture.core.stateHash(), replica.core.stateHash());
    }
}

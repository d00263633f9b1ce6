package io.noctria.engine.fix;

import io.noctria.codecs.sbe.*;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.Message;
import quickfix.UtcTimestampPrecision;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.noctria.engine.fix.ReportFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * What the adapter does not pass on, and says so: reports for unknown ClOrdIDs, unmapped ExecTypes and unparseable
 * fields refused with a {@code VenueInputRefused}, repeats dropped (also after a restart), the venue's session
 * errors journaled, refused texts bounded, and the oldest finished orders dropped from its tables.
 */
class ExecutionReportRefusalsTest
{

    @TempDir
    Path dir;

    @Test
    void shouldCountAndDropWhatTheEngineCannotTakeAndEveryRepeat() throws Exception
    {
        final Map<String, OrderContext> contexts = new ConcurrentHashMap<>();
        contexts.put(CL_ORD_ID, new OrderContext(CL_ORD_ID, new byte[64], new byte[32], '2', "EURUSD", 0));
        try (Journal journal = Journal.open(dir.resolve("reports"), JournalConfig.defaults()))
        {
            final ExecutionReportAdapter adapter = new ExecutionReportAdapter(journal, contexts);
            adapter.onExecutionReport(report('0', '0', "0", "3").setOrderId("1").clOrdId("NEVER-SENT"));
            assertEquals(1, adapter.counters().unknownClOrdIds.get());
            adapter.onExecutionReport(report('D', '0', "0", "3").setOrderId("1"));
            assertEquals(1, adapter.counters().unmapped.get(), "Restated has no report in the schema");
            adapter.onExecutionReport(report('F', '1', "1", "2").setOrderId("1").fill("9", "1", "1.0000001", "1"));
            assertEquals(1, adapter.counters().malformed.get(), "seven decimal places");

            adapter.onExecutionReport(report('0', '0', "0", "3").setOrderId("1"));
            adapter.onExecutionReport(report('F', '1', "1", "2").setOrderId("1").fill("9", "1", "1.1", "1"));
            assertEquals(2, adapter.counters().reportsTaken.get());
            adapter.onExecutionReport(report('0', '0', "0", "3").setOrderId("1"));
            adapter.onExecutionReport(report('F', '1', "1", "2").setOrderId("1").fill("9", "1", "1.1", "1"));
            assertEquals(2, adapter.counters().duplicates.get(), "the same ack and the same ExecID again");
            adapter.onExecutionReport(report('F', '2', "3", "0").setOrderId("1").fill("10", "2", "1.1", "1"));
            assertEquals(3, adapter.counters().reportsTaken.get(), "a new ExecID is a new fill");
        }
        assertEquals(3, read(dir).size());

        // A restart: the adapter learns what the stream already holds, and a resend of it is dropped.
        try (Journal journal = Journal.open(dir.resolve("reports"), JournalConfig.defaults()))
        {
            final ExecutionReportAdapter adapter = new ExecutionReportAdapter(journal, contexts);
            remember(adapter, read(dir));
            adapter.onExecutionReport(report('F', '2', "3", "0").setOrderId("1").fill("10", "2", "1.1", "1"));
            assertEquals(1, adapter.counters().duplicates.get());
            assertEquals(0, adapter.counters().reportsTaken.get());
        }
    }

    @Test
    void shouldAppendARefusalNamingWhatWasRefusedAndWhyForEachReportNotTaken() throws Exception
    {
        final Map<String, OrderContext> contexts = actionContexts();
        try (Journal journal = Journal.open(dir.resolve("reports"), JournalConfig.defaults()))
        {
            final ExecutionReportAdapter adapter = new ExecutionReportAdapter(journal, contexts);
            adapter.onExecutionReport(action('F', "N-NEVER-SENT", null, "1").fill("7", "1", "150", "1"));
            adapter.onExecutionReport(action('4', CANCEL, ORDER_2, "0"));
            adapter.onExecutionReport(action('H', ORDER, null, "0"));
            adapter.onExecutionReport(action('F', ORDER, null, "1").fill("8", "1", "1.0000001", "1"));
            final Report noExecType = action('F', ORDER, null, "1").fill("9", "1", "150", "1");
            noExecType.removeField(150);
            adapter.onExecutionReport(noExecType);
            final Message news = new Message();
            news.getHeader().setString(35, "B");
            news.getHeader().setInt(34, 12);
            news.setString(58, "market \u0001 closed");
            adapter.onUnhandled(news);
            assertEquals(0, adapter.counters().reportsTaken.get(), "no broker report passed on");
            assertEquals(6, adapter.stream().refusals());
        }
        assertEquals(0, read(dir).size());
        final List<VenueInputRefusedDecoder> refusals = refusals(dir);
        assertEquals(6, refusals.size());
        final Object[][] expected = {
            // reason, tag, ClOrdID, trace, value, detail
            {VenueRefusal.UNKNOWN_CLORDID, 11, "N-NEVER-SENT", "", "N-NEVER-SENT",
                "ExecutionReport (ExecType F) for a ClOrdID this gateway never sent"},
            {VenueRefusal.FOREIGN_ORIG_CLORDID, 41, CANCEL, "trace-a", ORDER_2,
                "ExecutionReport (ExecType 4) of order " + ORDER + " names an OrigClOrdID that is another order's"},
            {VenueRefusal.UNMAPPED_EXEC_TYPE, 150, ORDER, "trace-a", "H",
                "ExecutionReport ExecType H has no broker report in the engine's schema"},
            {VenueRefusal.UNPARSEABLE_FIELD, 31, ORDER, "trace-a", "1.0000001",
                "ExecutionReport not taken: the value is not a decimal with at most 6 places"},
            {VenueRefusal.UNPARSEABLE_FIELD, 150, ORDER, "trace-a", "",
                "ExecutionReport not taken: required tag 150 is missing"},
            {VenueRefusal.UNHANDLED_MSG_TYPE, 35, "", "", "B",
                "FIX message type B is not one the gateway takes (8, 9): market ? closed"}};
        for (int i = 0; i < expected.length; i++)
        {
            final VenueInputRefusedDecoder refused = refusals.get(i);
            assertEquals(0, refused.tsNs(), "the engine stamps tsNs");
            assertEquals(expected[i][0], refused.reason(), "refusal " + i);
            assertEquals(expected[i][1], refused.tag(), "refusal " + i);
            assertEquals(i == 5 ? "B" : "8", refused.msgType(), "refusal " + i);
            assertEquals(i == 5 ? 12 : 5, refused.msgSeqNum(), "refusal " + i);
            assertEquals(expected[i][2], refused.clOrdId(), "refusal " + i);
            assertEquals(expected[i][3], refused.traceId(), "refusal " + i);
            assertEquals(expected[i][4], refused.value(), "refusal " + i);
            assertEquals(expected[i][5], refused.detail(), "refusal " + i);
        }
    }

    @Test
    void shouldAppendTheVenuesSessionRejectAndLogoutWithAReasonButNotAPlainLogout() throws Exception
    {
        try (Journal journal = Journal.open(dir.resolve("reports"), JournalConfig.defaults()))
        {
            final ExecutionReportAdapter adapter = new ExecutionReportAdapter(journal, new ConcurrentHashMap<>());
            final Message reject = new Message();
            reject.getHeader().setString(35, "3");
            reject.getHeader().setInt(34, 40);
            reject.getHeader().setUtcTimeStamp(52, TIME, UtcTimestampPrecision.NANOS);
            reject.setInt(45, 7);
            reject.setInt(371, 38);
            reject.setString(372, "D");
            reject.setInt(373, 5);
            reject.setString(58, "bad qty");
            adapter.onAdmin(reject);
            final Message logout = new Message();
            logout.getHeader().setString(35, "5");
            logout.getHeader().setInt(34, 41);
            adapter.onAdmin(logout);
            logout.setString(58, "MsgSeqNum too low, expecting 9 but received 4");
            adapter.onAdmin(logout);
            final Message heartbeat = new Message();
            heartbeat.getHeader().setString(35, "0");
            adapter.onAdmin(heartbeat);
            // What the session layer logs as an error goes the same way (FixGateway's listener of FixSessionLog).
            adapter.stream().refuse(VenueRefusal.SESSION_ERROR, null, 0, 0, 0, null, null, null,
                "Invalid message: Expected CheckSum=10, Received CheckSum=999");
        }
        final List<VenueInputRefusedDecoder> refusals = refusals(dir);
        assertEquals(3, refusals.size(), "a plain Logout and a Heartbeat are no refusals");
        assertEquals(VenueRefusal.SESSION_REJECT, refusals.get(0).reason());
        assertEquals(38, refusals.get(0).tag());
        assertEquals(40, refusals.get(0).msgSeqNum());
        assertEquals(TIME_NS, refusals.get(0).venueTsNs());
        assertEquals("38", refusals.get(0).value());
        assertEquals("the venue rejected the gateway's message MsgSeqNum 7 (MsgType D, SessionRejectReason 5): bad qty",
            refusals.get(0).detail());
        assertEquals(VenueRefusal.SESSION_LOGOUT, refusals.get(1).reason());
        assertEquals("5", refusals.get(1).msgType());
        assertEquals("", refusals.get(1).value());
        assertEquals("the venue logged out: MsgSeqNum too low, expecting 9 but received 4", refusals.get(1).detail());
        assertEquals(VenueRefusal.SESSION_ERROR, refusals.get(2).reason());
        assertEquals("", refusals.get(2).msgType());
        assertEquals("", refusals.get(2).value());
        assertEquals("Invalid message: Expected CheckSum=10, Received CheckSum=999", refusals.get(2).detail());
        assertEquals(List.of(1L, 2L, 3L), refusalIds(refusals));

        // A restart: the ids go on after the stream's last, so the same error again is not the same bytes.
        try (Journal journal = Journal.open(dir.resolve("reports"), JournalConfig.defaults()))
        {
            final ExecutionReportAdapter adapter = new ExecutionReportAdapter(journal, new ConcurrentHashMap<>());
            remember(adapter, read(dir, true));
            adapter.stream().refuse(VenueRefusal.SESSION_ERROR, null, 0, 0, 0, null, null, null,
                "Invalid message: Expected CheckSum=10, Received CheckSum=999");
        }
        assertEquals(List.of(1L, 2L, 3L, 4L), refusalIds(refusals(dir)));
    }

    private static List<Long> refusalIds(final List<VenueInputRefusedDecoder> refusals)
    {
        final List<Long> ids = new ArrayList<>();
        for (final VenueInputRefusedDecoder refused : refusals)
        {
            ids.add(refused.refusalId());
        }
        return ids;
    }

    @Test
    void shouldBoundTheRefusedTextsItAppends() throws Exception
    {
        try (Journal journal = Journal.open(dir.resolve("reports"), JournalConfig.defaults()))
        {
            final ExecutionReportAdapter adapter = new ExecutionReportAdapter(journal, new ConcurrentHashMap<>());
            adapter.onExecutionReport(report('0', '0', "0", "3").clOrdId("N".repeat(500)));
        }
        final VenueInputRefusedDecoder refused = refusals(dir).get(0);
        assertEquals("N".repeat(32), refused.clOrdId());
        assertEquals(ReportStream.MAX_VALUE, refused.value().length());
        assertTrue(refused.detail().length() <= ReportStream.MAX_DETAIL);
    }

    @Test
    void shouldDropTheOldestFinishedOrdersFromBothTablesAndKeepWorkingOnes() throws Exception
    {
        final Map<String, OrderContext> contexts = new ConcurrentHashMap<>();
        final int orders = 40;
        for (int i = 0; i < orders; i++)
        {
            final String order = orderClOrdId(i);
            final OrderContext context = new OrderContext(order, new byte[64], new byte[32], '1', "USDJPY", 0);
            contexts.put(order, context);
            contexts.put("C" + order.substring(1), context); // a cancel naming it
        }
        try (Journal journal = Journal.open(dir.resolve("reports"), JournalConfig.defaults()))
        {
            final ExecutionReportAdapter adapter = new ExecutionReportAdapter(journal, contexts, 10);
            adapter.onExecutionReport(report('0', '0', "0", "3").setOrderId("1").clOrdId(orderClOrdId(0)));
            for (int i = 1; i < orders; i++)
            {
                adapter.onExecutionReport(report('0', '0', "0", "3").setOrderId("1").clOrdId(orderClOrdId(i)));
                adapter.onExecutionReport(report('F', '2', "3", "0").setOrderId("1").clOrdId(orderClOrdId(i))
                    .fill(Integer.toString(i), "3", "1.5", "1"));
            }
            assertEquals(2 * orders - 1, adapter.counters().reportsTaken.get());
            // 39 finished, 10 retained: dropped in batches of 5 (at 15 held), so 25 or 30 gone by now.
            assertTrue(adapter.ordersDropped() >= 25 && adapter.ordersDropped() <= 30, "" + adapter.ordersDropped());
            final long retained = orders - 1 - adapter.ordersDropped();
            assertEquals(2 * (retained + 1), contexts.size(), "each retained order and the working one, with its cancel");
            assertEquals(2 * retained + 1, adapter.reportsRemembered(), "ack and fill of each retained, the working ack");
            assertNotNull(contexts.get(orderClOrdId(0)), "the working order is never dropped");
            assertNotNull(contexts.get("C" + orderClOrdId(0).substring(1)));
            assertNotNull(contexts.get(orderClOrdId(orders - 1)), "the newest finished order is kept");
            assertNull(contexts.get(orderClOrdId(1)), "the oldest finished order is gone");
            assertNull(contexts.get("C" + orderClOrdId(1).substring(1)), "with its cancel's ClOrdID");

            // A late report of a dropped order: refused as an unknown ClOrdID, journaled, never passed on.
            adapter.onExecutionReport(report('F', '2', "3", "0").setOrderId("1").clOrdId(orderClOrdId(1))
                .fill("1", "3", "1.5", "1"));
            assertEquals(2 * orders - 1, adapter.counters().reportsTaken.get());
            assertEquals(1, adapter.counters().unknownClOrdIds.get());
        }
        assertEquals(VenueRefusal.UNKNOWN_CLORDID, refusals(dir).get(0).reason());

        // A restart rebuilds the tables from the streams, then drops the same way before the session runs.
        final Map<String, OrderContext> rebuilt = new ConcurrentHashMap<>();
        for (int i = 0; i < orders; i++)
        {
            rebuilt.put(orderClOrdId(i), new OrderContext(orderClOrdId(i), new byte[64], new byte[32], '1', "X", 0));
        }
        try (Journal journal = Journal.open(dir.resolve("reports"), JournalConfig.defaults()))
        {
            final ExecutionReportAdapter adapter = new ExecutionReportAdapter(journal, rebuilt, 10);
            remember(adapter, read(dir));
            adapter.trim();
            assertEquals(orders - 1 - 10, adapter.ordersDropped());
            assertEquals(11, rebuilt.size(), "ten finished and the working one");
            assertEquals(21, adapter.reportsRemembered());
        }
    }
}

package io.noctria.engine.fix;

import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.*;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.Message;
import quickfix.UtcTimestampPrecision;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.*;

/** ExecutionReports in, the engine's broker reports out (docs/fix.md, "Tag mapping"), refusals counted. */
class ExecutionReportAdapterTest
{
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final String CL_ORD_ID = "0123456789abcdef0123456789abcdef";
    private static final LocalDateTime TIME = LocalDateTime.of(2026, 1, 6, 10, 0, 0, 123_456_789);
    private static final long TIME_NS = 1_767_693_600_123_456_789L;
    // ClOrdIDs as the core names them (docs/messages.md, "Actions"): an order N…, a cancel C…, a replace R…, a cancel
    // of a CancelAll A… (input index, then the order key's first 15 hex digits).
    private static final String ORDER = "N00000000000000000000000000000a1";
    private static final String ORDER_2 = "N00000000000000000000000000000b2";
    private static final String MARKET_ORDER = "N00000000000000000000000000000c3";
    private static final String REPLACE = "R00000000000000000000000000000a1";
    private static final String MARKET_REPLACE = "R00000000000000000000000000000c3";
    private static final String CANCEL = "C00000000000000000000000000000a1";
    private static final String CANCEL_ALL = "A000000000000002a00000000000000b";

    @TempDir
    Path dir;

    @Test
    void shouldMapEachExecTypeToItsBrokerReport() throws Exception
    {
        final byte[] trace = Arrays.copyOf("trace-1".getBytes(StandardCharsets.US_ASCII), 64);
        final byte[] key = new byte[32];
        Arrays.fill(key, (byte)7);
        final Map<String, OrderContext> contexts = new ConcurrentHashMap<>();
        contexts.put(CL_ORD_ID, new OrderContext(CL_ORD_ID, trace, key, '1', "USDJPY", 0));
        // One final report per order: the reject, the expiry and the cancel are of three other orders.
        contexts.put("rejected", new OrderContext("rejected", trace, key, '1', "USDJPY", 0));
        contexts.put("expired", new OrderContext("expired", trace, key, '1', "USDJPY", 0));
        contexts.put("canceled", new OrderContext("canceled", trace, key, '1', "USDJPY", 0));
        try (Journal journal = Journal.open(dir.resolve("reports"), JournalConfig.defaults()))
        {
            final ExecutionReportAdapter adapter = new ExecutionReportAdapter(journal, contexts);
            adapter.onExecutionReport(report('0', '0', "0", "3").setOrderId("17"));
            adapter.onExecutionReport(report('F', '1', "1", "2").setOrderId("17").fill("90001", "1", "150.25", "1"));
            adapter.onExecutionReport(report('F', '2', "3", "0").setOrderId("17").fill("90002", "2", "150.5", "2"));
            adapter.onExecutionReport(report('8', '8', "0", "0").reject(6, "dup").clOrdId("rejected"));
            adapter.onExecutionReport(report('C', 'C', "1", "0").setOrderId("17").clOrdId("expired"));
            adapter.onExecutionReport(report('4', '4', "2", "0").setOrderId("17").clOrdId("canceled"));
            adapter.onExecutionReport(report('I', '1', "1", "2").setOrderId("17").status("55"));
            adapter.onExecutionReport(report('I', '8', "0", "0").reject(5, "unknown order").status("56"));
            assertEquals(8, adapter.appended());
        }
        final List<byte[]> reports = read();
        assertEquals(8, reports.size());

        final BrokerAckDecoder ack = decode(reports.get(0), new BrokerAckDecoder());
        assertEquals(0, ack.tsNs(), "the engine stamps tsNs");
        assertEquals(TIME_NS, ack.brokerTsNs());
        assertEquals(17, ack.brokerOrderId());
        assertEquals(CL_ORD_ID, ack.clOrdId());
        assertEquals("trace-1", ack.traceId());
        assertEquals(7, ack.idempotencyKey(31));

        final FillDecoder partial = decode(reports.get(1), new FillDecoder());
        assertEquals(90001, partial.execId());
        assertEquals(1_000_000, partial.fillQty());
        assertEquals(150_250_000, partial.fillPrice());
        assertEquals(1_000_000, partial.cumQty());
        assertEquals(2_000_000, partial.leavesQty());
        assertEquals(FillType.PARTIAL, partial.fillType());
        assertEquals(Liquidity.MAKER, partial.liquidity());
        final FillDecoder full = decode(reports.get(2), new FillDecoder());
        assertEquals(FillType.FULL, full.fillType());
        assertEquals(Liquidity.TAKER, full.liquidity());
        assertEquals(0, full.leavesQty());

        final BrokerRejectDecoder reject = decode(reports.get(3), new BrokerRejectDecoder());
        assertEquals(BrokerRejectReason.DUPLICATE_CLORDID, reject.reason());
        assertEquals("dup", reject.text());
        assertEquals(1_000_000, decode(reports.get(4), new ExpiredDecoder()).cumQty());
        assertEquals(2_000_000, decode(reports.get(5), new CanceledDecoder()).cumQty());

        final OrderStatusReportDecoder known = decode(reports.get(6), new OrderStatusReportDecoder());
        assertEquals(55, known.queryId());
        assertEquals(VenueOrderState.PARTIALLY_FILLED, known.state());
        assertEquals(17, known.brokerOrderId());
        assertEquals(3_000_000, known.qty());
        final OrderStatusReportDecoder unknown = decode(reports.get(7), new OrderStatusReportDecoder());
        assertEquals(VenueOrderState.UNKNOWN, unknown.state());
        assertEquals(0, unknown.brokerOrderId());
    }

    @Test
    void shouldCountAndDropWhatTheEngineCannotTakeAndEveryRepeat() throws Exception
    {
        final Map<String, OrderContext> contexts = new ConcurrentHashMap<>();
        contexts.put(CL_ORD_ID, new OrderContext(CL_ORD_ID, new byte[64], new byte[32], '2', "EURUSD", 0));
        try (Journal journal = Journal.open(dir.resolve("reports"), JournalConfig.defaults()))
        {
            final ExecutionReportAdapter adapter = new ExecutionReportAdapter(journal, contexts);
            adapter.onExecutionReport(report('0', '0', "0", "3").setOrderId("1").clOrdId("NEVER-SENT"));
            assertEquals(1, adapter.unknownClOrdIds());
            adapter.onExecutionReport(report('D', '0', "0", "3").setOrderId("1"));
            assertEquals(1, adapter.unmapped(), "Restated has no report in the schema");
            adapter.onExecutionReport(report('F', '1', "1", "2").setOrderId("1").fill("9", "1", "1.0000001", "1"));
            assertEquals(1, adapter.malformed(), "seven decimal places");

            adapter.onExecutionReport(report('0', '0', "0", "3").setOrderId("1"));
            adapter.onExecutionReport(report('F', '1', "1", "2").setOrderId("1").fill("9", "1", "1.1", "1"));
            assertEquals(2, adapter.appended());
            adapter.onExecutionReport(report('0', '0', "0", "3").setOrderId("1"));
            adapter.onExecutionReport(report('F', '1', "1", "2").setOrderId("1").fill("9", "1", "1.1", "1"));
            assertEquals(2, adapter.duplicates(), "the same ack and the same ExecID again");
            adapter.onExecutionReport(report('F', '2', "3", "0").setOrderId("1").fill("10", "2", "1.1", "1"));
            assertEquals(3, adapter.appended(), "a new ExecID is a new fill");
        }
        assertEquals(3, read().size());

        // A restart: the adapter learns what the stream already holds, and a resend of it is dropped.
        try (Journal journal = Journal.open(dir.resolve("reports"), JournalConfig.defaults()))
        {
            final ExecutionReportAdapter adapter = new ExecutionReportAdapter(journal, contexts);
            remember(adapter, read());
            adapter.onExecutionReport(report('F', '2', "3", "0").setOrderId("1").fill("10", "2", "1.1", "1"));
            assertEquals(1, adapter.duplicates());
            assertEquals(0, adapter.appended());
        }
    }

    @Test
    void shouldMapCancelReplaceAndTheirAnswersToTheOrdersOwnReports() throws Exception
    {
        final Map<String, OrderContext> contexts = actionContexts();
        try (Journal journal = Journal.open(dir.resolve("reports"), JournalConfig.defaults()))
        {
            final ExecutionReportAdapter adapter = new ExecutionReportAdapter(journal, contexts);
            adapter.onExecutionReport(action('E', REPLACE, ORDER, "0"));
            adapter.onExecutionReport(action('5', REPLACE, ORDER, "1").qtyPrice("5", "151.5"));
            // After the Replaced the venue knows the order by the replace's ClOrdID: a fill names it so.
            adapter.onExecutionReport(action('F', REPLACE, null, "2").fill("7001", "1", "151.5", "2"));
            adapter.onExecutionReport(action('6', CANCEL, REPLACE, "2"));
            adapter.onExecutionReport(action('4', CANCEL, REPLACE, "2"));
            adapter.onExecutionReport(action('4', CANCEL_ALL, ORDER_2, "0"));
            // A MARKET order's Replaced without Price (44): the price the replace asked for.
            adapter.onExecutionReport(action('5', MARKET_REPLACE, MARKET_ORDER, "0").qtyPrice("4", null));
            adapter.onOrderCancelReject(cancelReject("C00000000000000000000000000000ff", REPLACE, 0, '1', "17"));
            adapter.onExecutionReport(action('I', REPLACE, null, "2").status("57"));
            assertEquals(2, adapter.pendingNoted(), "Pending Cancel and Pending Replace are noted, not passed on");
            assertEquals(7, adapter.appended());
            assertEquals(0, adapter.unknownClOrdIds() + adapter.unmapped() + adapter.malformed());
        }
        final List<byte[]> reports = read();
        assertEquals(7, reports.size());

        final ReplacedDecoder replaced = decode(reports.get(0), new ReplacedDecoder());
        assertEquals(ORDER, replaced.clOrdId(), "every report carries the order's identity");
        assertEquals(REPLACE, replaced.requestClOrdId());
        assertEquals("trace-a", replaced.traceId());
        assertEquals(0xa1, replaced.idempotencyKey(31));
        assertEquals(0, replaced.tsNs());
        assertEquals(TIME_NS, replaced.brokerTsNs());
        assertEquals(17, replaced.brokerOrderId());
        assertEquals(5_000_000, replaced.qty());
        assertEquals(151_500_000, replaced.price());
        assertEquals(1_000_000, replaced.cumQty());

        final FillDecoder fill = decode(reports.get(1), new FillDecoder());
        assertEquals(ORDER, fill.clOrdId());
        assertEquals(7001, fill.execId());

        final CanceledDecoder canceled = decode(reports.get(2), new CanceledDecoder());
        assertEquals(ORDER, canceled.clOrdId(), "the cancel's ClOrdID names the order");
        assertEquals("trace-a", canceled.traceId());
        assertEquals(2_000_000, canceled.cumQty());
        final CanceledDecoder canceledByAll = decode(reports.get(3), new CanceledDecoder());
        assertEquals(ORDER_2, canceledByAll.clOrdId());
        assertEquals("trace-b", canceledByAll.traceId());
        assertEquals(0xb2, canceledByAll.idempotencyKey(31));

        final ReplacedDecoder market = decode(reports.get(4), new ReplacedDecoder());
        assertEquals(MARKET_ORDER, market.clOrdId());
        assertEquals(4_000_000, market.qty());
        assertEquals(99_000_000, market.price());

        final CancelRejectDecoder reject = decode(reports.get(5), new CancelRejectDecoder());
        assertEquals(ORDER, reject.clOrdId());
        assertEquals("C00000000000000000000000000000ff", reject.requestClOrdId());
        assertEquals(CxlRejReason.TOO_LATE_TO_CANCEL, reject.reason());
        assertEquals(CxlRejResponseTo.CANCEL, reject.responseTo());
        assertEquals(17, reject.brokerOrderId());
        assertEquals(TIME_NS, reject.brokerTsNs());
        assertEquals("reason 0", reject.text());

        final OrderStatusReportDecoder status = decode(reports.get(6), new OrderStatusReportDecoder());
        assertEquals(ORDER, status.clOrdId(), "an answer under the replace's ClOrdID is about the order");
        assertEquals(57, status.queryId());
    }

    @Test
    void shouldMapEveryCxlRejReasonAndRefuseOrigClOrdIdsNotOfTheOrder() throws Exception
    {
        final Map<String, OrderContext> contexts = actionContexts();
        final Object[][] cases = {
            {0, CxlRejReason.TOO_LATE_TO_CANCEL}, {1, CxlRejReason.UNKNOWN_ORDER}, {2, CxlRejReason.BROKER_OPTION},
            {3, CxlRejReason.ALREADY_PENDING}, {99, CxlRejReason.OTHER}, {6, CxlRejReason.OTHER},
            {null, CxlRejReason.OTHER}};
        try (Journal journal = Journal.open(dir.resolve("reports"), JournalConfig.defaults()))
        {
            final ExecutionReportAdapter adapter = new ExecutionReportAdapter(journal, contexts);
            for (int i = 0; i < cases.length; i++)
            {
                final String request = requestClOrdId(i);
                contexts.put(request, contexts.get(REPLACE));
                adapter.onOrderCancelReject(cancelReject(request, ORDER, (Integer)cases[i][0], i % 2 == 0 ? '2' : '1',
                    i == 4 ? "NONE" : "17"));
            }
            assertEquals(cases.length, adapter.appended());

            adapter.onOrderCancelReject(cancelReject("C-NEVER-SENT", ORDER, 0, '1', "17"));
            adapter.onOrderCancelReject(cancelReject(CANCEL, "N-NEVER-SENT", 0, '1', "17"));
            adapter.onOrderCancelReject(cancelReject(CANCEL, ORDER_2, 0, '1', "17"));
            adapter.onExecutionReport(action('5', REPLACE, "N-NEVER-SENT", "0").qtyPrice("5", "151"));
            adapter.onExecutionReport(action('4', CANCEL, ORDER_2, "0"));
            adapter.onExecutionReport(action('6', "C-NEVER-SENT", ORDER, "0"));
            assertEquals(6, adapter.unknownClOrdIds(), "unknown ClOrdID, unknown OrigClOrdID or another order's");
            adapter.onOrderCancelReject(cancelReject(CANCEL, ORDER, 0, '3', "17"));
            assertEquals(1, adapter.malformed(), "CxlRejResponseTo 3 is neither cancel nor replace");
            assertEquals(cases.length, adapter.appended(), "nothing refused was appended");
            assertEquals(0, adapter.pendingNoted());

            adapter.onOrderCancelReject(cancelReject(requestClOrdId(0), ORDER, 0, '2', "17"));
            assertEquals(1, adapter.duplicates(), "the same request refused twice");
        }
        final List<byte[]> reports = read();
        assertEquals(cases.length, reports.size());
        for (int i = 0; i < cases.length; i++)
        {
            final CancelRejectDecoder reject = decode(reports.get(i), new CancelRejectDecoder());
            assertEquals(cases[i][1], reject.reason(), "CxlRejReason " + cases[i][0]);
            assertEquals(i % 2 == 0 ? CxlRejResponseTo.REPLACE : CxlRejResponseTo.CANCEL, reject.responseTo());
            assertEquals(ORDER, reject.clOrdId());
            assertEquals(requestClOrdId(i), reject.requestClOrdId());
            assertEquals(i == 1 || i == 4 ? 0 : 17, reject.brokerOrderId(),
                "0 when the venue does not know the order (UNKNOWN_ORDER, OrderID NONE)");
        }

        // A restart: a Replaced and a CancelReject already taken are dropped when the venue resends them.
        try (Journal journal = Journal.open(dir.resolve("reports"), JournalConfig.defaults()))
        {
            final ExecutionReportAdapter adapter = new ExecutionReportAdapter(journal, contexts);
            remember(adapter, read());
            adapter.onOrderCancelReject(cancelReject(requestClOrdId(3), ORDER, 3, '1', "17"));
            adapter.onExecutionReport(action('5', REPLACE, ORDER, "1").qtyPrice("5", "151.5"));
            adapter.onExecutionReport(action('5', REPLACE, ORDER, "1").qtyPrice("5", "151.5"));
            assertEquals(2, adapter.duplicates(), "the CancelReject from before the restart, then the Replaced again");
            assertEquals(1, adapter.appended());
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
            assertEquals(0, adapter.appended(), "no broker report passed on");
            assertEquals(6, adapter.stream().refusals());
        }
        assertEquals(0, read().size());
        final List<VenueInputRefusedDecoder> refusals = refusals();
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
        final List<VenueInputRefusedDecoder> refusals = refusals();
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
            remember(adapter, read(true));
            adapter.stream().refuse(VenueRefusal.SESSION_ERROR, null, 0, 0, 0, null, null, null,
                "Invalid message: Expected CheckSum=10, Received CheckSum=999");
        }
        assertEquals(List.of(1L, 2L, 3L, 4L), refusalIds(refusals()));
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
        final VenueInputRefusedDecoder refused = refusals().get(0);
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
            assertEquals(2 * orders - 1, adapter.appended());
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
            assertEquals(2 * orders - 1, adapter.appended());
            assertEquals(1, adapter.unknownClOrdIds());
        }
        assertEquals(VenueRefusal.UNKNOWN_CLORDID, refusals().get(0).reason());

        // A restart rebuilds the tables from the streams, then drops the same way before the session runs.
        final Map<String, OrderContext> rebuilt = new ConcurrentHashMap<>();
        for (int i = 0; i < orders; i++)
        {
            rebuilt.put(orderClOrdId(i), new OrderContext(orderClOrdId(i), new byte[64], new byte[32], '1', "X", 0));
        }
        try (Journal journal = Journal.open(dir.resolve("reports"), JournalConfig.defaults()))
        {
            final ExecutionReportAdapter adapter = new ExecutionReportAdapter(journal, rebuilt, 10);
            remember(adapter, read());
            adapter.trim();
            assertEquals(orders - 1 - 10, adapter.ordersDropped());
            assertEquals(11, rebuilt.size(), "ten finished and the working one");
            assertEquals(21, adapter.reportsRemembered());
        }
    }

    private static String orderClOrdId(final int i)
    {
        return String.format("N%031d", i);
    }

    /** One order with a replace and a cancel, one canceled by a CancelAll, one MARKET order with a replace. */
    private static Map<String, OrderContext> actionContexts()
    {
        final Map<String, OrderContext> contexts = new ConcurrentHashMap<>();
        final byte[] traceA = Arrays.copyOf("trace-a".getBytes(StandardCharsets.US_ASCII), 64);
        final byte[] keyA = new byte[32];
        keyA[31] = (byte)0xa1;
        contexts.put(ORDER, new OrderContext(ORDER, traceA, keyA, '1', "USDJPY", 150_000_000));
        contexts.put(REPLACE, new OrderContext(ORDER, traceA, keyA, '1', "USDJPY", 151_500_000));
        contexts.put(CANCEL, new OrderContext(ORDER, traceA, keyA, '1', "USDJPY", 0));
        contexts.put("C00000000000000000000000000000ff", new OrderContext(ORDER, traceA, keyA, '1', "USDJPY", 0));
        final byte[] traceB = Arrays.copyOf("trace-b".getBytes(StandardCharsets.US_ASCII), 64);
        final byte[] keyB = new byte[32];
        keyB[31] = (byte)0xb2;
        contexts.put(ORDER_2, new OrderContext(ORDER_2, traceB, keyB, '2', "EURUSD", 1_100_000));
        contexts.put(CANCEL_ALL, new OrderContext(ORDER_2, traceB, keyB, '2', "EURUSD", 0));
        final byte[] keyC = new byte[32];
        contexts.put(MARKET_ORDER, new OrderContext(MARKET_ORDER, new byte[64], keyC, '1', "USDJPY", 98_000_000));
        contexts.put(MARKET_REPLACE, new OrderContext(MARKET_ORDER, new byte[64], keyC, '1', "USDJPY", 99_000_000));
        return contexts;
    }

    private static String requestClOrdId(final int i)
    {
        return (i % 2 == 0 ? "R" : "C") + "0000000000000000000000000000" + (100 + i);
    }

    /** An ExecutionReport of ClOrdID {@code clOrdId}, OrigClOrdID {@code origClOrdId} (absent when null). */
    private static Report action(final char execType, final String clOrdId, final String origClOrdId,
        final String cumQty)
    {
        final Report report = report(execType, execType == '4' ? '4' : execType == '6' ? '6' : '1', cumQty, "1");
        report.clOrdId(clOrdId).setOrderId("17");
        if (null != origClOrdId)
        {
            report.setString(41, origClOrdId);
        }
        return report;
    }

    /** An OrderCancelReject (9); CxlRejReason (102) absent when {@code reason} is null; no TransactTime (60). */
    private static Message cancelReject(final String clOrdId, final String origClOrdId, final Integer reason,
        final char responseTo, final String orderId)
    {
        final Message reject = new Message();
        reject.getHeader().setString(35, "9");
        reject.getHeader().setInt(34, 9);
        reject.getHeader().setUtcTimeStamp(52, TIME, UtcTimestampPrecision.NANOS);
        reject.setString(11, clOrdId);
        reject.setString(41, origClOrdId);
        reject.setString(37, orderId);
        reject.setChar(39, '1');
        reject.setChar(434, responseTo);
        if (null != reason)
        {
            reject.setInt(102, reason);
        }
        reject.setString(58, "reason " + reason);
        return reject;
    }

    /** As at a restart: the adapter learns each message the report stream already holds. */
    private static void remember(final ExecutionReportAdapter adapter, final List<byte[]> stream)
    {
        for (final byte[] message : stream)
        {
            adapter.remember(new UnsafeBuffer(message), 0);
        }
    }

    /** @return the broker reports appended, refusals left out ({@link #refusals}). */
    private List<byte[]> read()
    {
        return read(false);
    }

    /** @return the VenueInputRefused appended, in order. */
    private List<VenueInputRefusedDecoder> refusals()
    {
        final List<VenueInputRefusedDecoder> refusals = new ArrayList<>();
        for (final byte[] message : read(true))
        {
            refusals.add(decode(message, new VenueInputRefusedDecoder()));
        }
        return refusals;
    }

    private List<byte[]> read(final boolean refusals)
    {
        final List<byte[]> messages = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir.resolve("reports")))
        {
            reader.poll(new JournalConsumer()
            {
                @Override
                public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
                {
                    final int templateId = new MessageHeaderDecoder().wrap(buffer, offset).templateId();
                    if (refusals == (templateId == VenueInputRefusedDecoder.TEMPLATE_ID))
                    {
                        final byte[] copy = new byte[length];
                        buffer.getBytes(offset, copy);
                        messages.add(copy);
                    }
                }

                @Override
                public void onInvalid(final long index, final RecordError error, final String detail)
                {
                    fail("unreadable report " + index + ": " + error + " " + detail);
                }
            }, 100);
        }
        return messages;
    }

    private static <T> T decode(final byte[] message, final T decoder)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(message);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        try
        {
            decoder.getClass().getMethod("wrap", org.agrona.DirectBuffer.class, int.class, int.class, int.class)
                .invoke(decoder, buffer, HEADER, header.blockLength(), header.version());
            assertEquals(decoder.getClass().getField("TEMPLATE_ID").getInt(null), header.templateId());
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new AssertionError(ex);
        }
        return decoder;
    }

    private static Report report(final char execType, final char ordStatus, final String cumQty, final String leavesQty)
    {
        final Report report = new Report();
        report.getHeader().setString(35, "8");
        report.getHeader().setInt(34, 5);
        report.setString(11, CL_ORD_ID);
        report.setString(17, "x");
        report.setChar(150, execType);
        report.setChar(39, ordStatus);
        report.setString(14, cumQty);
        report.setString(151, leavesQty);
        report.setString(38, "3");
        report.setString(6, "0");
        report.setUtcTimeStamp(60, TIME, UtcTimestampPrecision.NANOS);
        return report;
    }

    /** An ExecutionReport built field by field, as the FIX library hands one over after parsing. */
    private static final class Report extends Message
    {
        Report setOrderId(final String orderId)
        {
            setString(37, orderId);
            return this;
        }

        Report clOrdId(final String clOrdId)
        {
            setString(11, clOrdId);
            return this;
        }

        Report fill(final String execId, final String lastQty, final String lastPx, final String liquidity)
        {
            setString(17, execId);
            setString(32, lastQty);
            setString(31, lastPx);
            setString(851, liquidity);
            return this;
        }

        Report reject(final int reason, final String text)
        {
            setInt(103, reason);
            setString(58, text);
            return this;
        }

        Report qtyPrice(final String qty, final String price)
        {
            setString(38, qty);
            if (null != price)
            {
                setString(44, price);
            }
            return this;
        }

        Report status(final String queryId)
        {
            setString(790, queryId);
            return this;
        }
    }
}

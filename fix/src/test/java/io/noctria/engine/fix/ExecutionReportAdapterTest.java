package io.noctria.engine.fix;

import io.noctria.codecs.sbe.*;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.noctria.engine.fix.ReportFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/** ExecutionReports and cancel rejects in, the engine's broker reports out (docs/fix.md, "Tag mapping"). */
class ExecutionReportAdapterTest
{

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
            assertEquals(8, adapter.counters().reportsTaken.get());
        }
        final List<byte[]> reports = read(dir);
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
            final FixLinkCounters counters = adapter.counters();
            assertEquals(2, counters.pendingNoted.get(), "Pending Cancel and Pending Replace are noted, not passed on");
            assertEquals(7, counters.reportsTaken.get());
            assertEquals(0, counters.reportsRefused());
        }
        final List<byte[]> reports = read(dir);
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
            assertEquals(cases.length, adapter.counters().reportsTaken.get());

            adapter.onOrderCancelReject(cancelReject("C-NEVER-SENT", ORDER, 0, '1', "17"));
            adapter.onOrderCancelReject(cancelReject(CANCEL, "N-NEVER-SENT", 0, '1', "17"));
            adapter.onOrderCancelReject(cancelReject(CANCEL, ORDER_2, 0, '1', "17"));
            adapter.onExecutionReport(action('5', REPLACE, "N-NEVER-SENT", "0").qtyPrice("5", "151"));
            adapter.onExecutionReport(action('4', CANCEL, ORDER_2, "0"));
            adapter.onExecutionReport(action('6', "C-NEVER-SENT", ORDER, "0"));
            assertEquals(6, adapter.counters().unknownClOrdIds.get(),
                "unknown ClOrdID, unknown OrigClOrdID or another order's");
            adapter.onOrderCancelReject(cancelReject(CANCEL, ORDER, 0, '3', "17"));
            assertEquals(1, adapter.counters().malformed.get(), "CxlRejResponseTo 3 is neither cancel nor replace");
            assertEquals(cases.length, adapter.counters().reportsTaken.get(), "nothing refused was appended");
            assertEquals(0, adapter.counters().pendingNoted.get());

            adapter.onOrderCancelReject(cancelReject(requestClOrdId(0), ORDER, 0, '2', "17"));
            assertEquals(1, adapter.counters().duplicates.get(), "the same request refused twice");
        }
        final List<byte[]> reports = read(dir);
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
            remember(adapter, read(dir));
            adapter.onOrderCancelReject(cancelReject(requestClOrdId(3), ORDER, 3, '1', "17"));
            adapter.onExecutionReport(action('5', REPLACE, ORDER, "1").qtyPrice("5", "151.5"));
            adapter.onExecutionReport(action('5', REPLACE, ORDER, "1").qtyPrice("5", "151.5"));
            assertEquals(2, adapter.counters().duplicates.get(),
                "the CancelReject from before the restart, then the Replaced again");
            assertEquals(1, adapter.counters().reportsTaken.get());
        }
    }
}

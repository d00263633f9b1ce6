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

    @TempDir
    Path dir;

    @Test
    void shouldMapEachExecTypeToItsBrokerReport() throws Exception
    {
        final byte[] trace = Arrays.copyOf("trace-1".getBytes(StandardCharsets.US_ASCII), 64);
        final byte[] key = new byte[32];
        Arrays.fill(key, (byte)7);
        final Map<String, OrderContext> contexts = new ConcurrentHashMap<>();
        contexts.put(CL_ORD_ID, new OrderContext(trace, key, '1', "USDJPY"));
        // One final report per order: the reject, the expiry and the cancel are of three other orders.
        contexts.put("rejected", new OrderContext(trace, key, '1', "USDJPY"));
        contexts.put("expired", new OrderContext(trace, key, '1', "USDJPY"));
        contexts.put("canceled", new OrderContext(trace, key, '1', "USDJPY"));
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
        contexts.put(CL_ORD_ID, new OrderContext(new byte[64], new byte[32], '2', "EURUSD"));
        try (Journal journal = Journal.open(dir.resolve("reports"), JournalConfig.defaults()))
        {
            final ExecutionReportAdapter adapter = new ExecutionReportAdapter(journal, contexts);
            adapter.onExecutionReport(report('0', '0', "0", "3").setOrderId("1").clOrdId("NEVER-SENT"));
            assertEquals(1, adapter.unknownClOrdIds());
            adapter.onExecutionReport(report('5', '0', "0", "3").setOrderId("1"));
            assertEquals(1, adapter.unmapped(), "Replaced has no report in today's schema");
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
            for (final byte[] taken : read())
            {
                adapter.remember(new UnsafeBuffer(taken), 0);
            }
            adapter.onExecutionReport(report('F', '2', "3", "0").setOrderId("1").fill("10", "2", "1.1", "1"));
            assertEquals(1, adapter.duplicates());
            assertEquals(0, adapter.appended());
        }
    }

    private List<byte[]> read()
    {
        final List<byte[]> messages = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir.resolve("reports")))
        {
            reader.poll(new JournalConsumer()
            {
                @Override
                public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
                {
                    final byte[] copy = new byte[length];
                    buffer.getBytes(offset, copy);
                    messages.add(copy);
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

        Report status(final String queryId)
        {
            setString(790, queryId);
            return this;
        }
    }
}

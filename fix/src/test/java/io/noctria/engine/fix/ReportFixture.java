package io.noctria.engine.fix;

import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.*;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
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

/**
 * What the adapter's tests build and read: ClOrdIDs as the core names them, ExecutionReports and OrderCancelRejects
 * as QuickFIX/J hands them over, the order contexts the gateway keeps, and the report stream the adapter appends to
 * (broker reports and {@code VenueInputRefused} read apart).
 */
final class ReportFixture
{
    private ReportFixture()
    {
    }

    static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    static final String CL_ORD_ID = "0123456789abcdef0123456789abcdef";
    static final LocalDateTime TIME = LocalDateTime.of(2026, 1, 6, 10, 0, 0, 123_456_789);
    static final long TIME_NS = 1_767_693_600_123_456_789L;
    // ClOrdIDs as the core names them (docs/messages.md, "Actions"): an order N…, a cancel C…, a replace R…, a cancel
    // of a CancelAll A… (input index, then the order key's first 15 hex digits).
    static final String ORDER = "N00000000000000000000000000000a1";
    static final String ORDER_2 = "N00000000000000000000000000000b2";
    static final String MARKET_ORDER = "N00000000000000000000000000000c3";
    static final String REPLACE = "R00000000000000000000000000000a1";
    static final String MARKET_REPLACE = "R00000000000000000000000000000c3";
    static final String CANCEL = "C00000000000000000000000000000a1";
    static final String CANCEL_ALL = "A000000000000002a00000000000000b";

    static String orderClOrdId(final int i)
    {
        return String.format("N%031d", i);
    }

    /** One order with a replace and a cancel, one canceled by a CancelAll, one MARKET order with a replace. */
    static Map<String, OrderContext> actionContexts()
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

    static String requestClOrdId(final int i)
    {
        return (i % 2 == 0 ? "R" : "C") + "0000000000000000000000000000" + (100 + i);
    }

    /** An ExecutionReport of ClOrdID {@code clOrdId}, OrigClOrdID {@code origClOrdId} (absent when null). */
    static Report action(final char execType, final String clOrdId, final String origClOrdId,
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
    static Message cancelReject(final String clOrdId, final String origClOrdId, final Integer reason,
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
    static void remember(final ExecutionReportAdapter adapter, final List<byte[]> stream)
    {
        for (final byte[] message : stream)
        {
            adapter.remember(new UnsafeBuffer(message), 0);
        }
    }

    /** @return the broker reports appended, refusals left out ({@link #refusals}). */
    static List<byte[]> read(final Path dir)
    {
        return read(dir, false);
    }

    /** @return the VenueInputRefused appended, in order. */
    static List<VenueInputRefusedDecoder> refusals(final Path dir)
    {
        final List<VenueInputRefusedDecoder> refusals = new ArrayList<>();
        for (final byte[] message : read(dir, true))
        {
            refusals.add(decode(message, new VenueInputRefusedDecoder()));
        }
        return refusals;
    }

    static List<byte[]> read(final Path dir, final boolean refusals)
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

    static <T> T decode(final byte[] message, final T decoder)
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

    static Report report(final char execType, final char ordStatus, final String cumQty, final String leavesQty)
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
    static final class Report extends Message
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

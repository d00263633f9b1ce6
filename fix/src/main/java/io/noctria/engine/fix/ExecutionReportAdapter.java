package io.noctria.engine.fix;

import io.noctria.codecs.sbe.*;
import io.noctria.journal.Journal;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.FieldNotFound;
import quickfix.Message;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The gateway's inbound side, on the FIX session's thread: turns each ExecutionReport (8) into the engine's broker
 * report and appends it to the venue link's {@code broker-reports} queue, where the engine's ingress thread reads it
 * (docs/fix.md, "Tag mapping"). ExecType (150) decides: 0 New → BrokerAck; F Trade (and 1/2, FIX 4.2's partial and
 * full fill) → Fill with LastQty (32) and LastPx (31); 8 Rejected → BrokerReject with OrdRejReason (103); C Expired →
 * Expired; 4 Canceled → Canceled; I Order Status (the answer to an OrderStatusRequest, OrdStatusReqID 790 = the
 * query id) → OrderStatusReport. {@code tsNs} is written as 0: the engine stamps it when it sequences the report.
 * <p>
 * What it refuses, counted and logged, never appended: a report for a ClOrdID this gateway never sent (its trace id
 * and idempotency key are unknown, and no order of the engine's could take it), an ExecType the engine's schema has
 * no report for yet (pending cancel/replace, replaced, restated: issue 13's cancel/replace work), and a report whose
 * fields do not parse.
 * <p>
 * <b>Nothing twice.</b> The FIX library drops a repeated MsgSeqNum (a PossDupFlag resend of what was processed) before
 * it reaches this class. One window remains: a crash after the append but before the library counted the message
 * in; after the restart the venue resends it. So each report appended is also remembered by what it reports (ack:
 * ClOrdID; fill: ClOrdID and ExecID; reject, expiry, cancel: ClOrdID), the table rebuilt from {@code broker-reports}
 * at start ({@link #remember}); a report already there is counted and dropped. Status answers are not filtered: the
 * engine applies each query's answer once.
 */
final class ExecutionReportAdapter
{
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionReportAdapter.class);
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final Journal reports;
    private final Map<String, OrderContext> contexts;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final BrokerAckEncoder ack = new BrokerAckEncoder();
    private final FillEncoder fill = new FillEncoder();
    private final BrokerRejectEncoder reject = new BrokerRejectEncoder();
    private final ExpiredEncoder expired = new ExpiredEncoder();
    private final CanceledEncoder canceled = new CanceledEncoder();
    private final OrderStatusReportEncoder status = new OrderStatusReportEncoder();

    private final Set<String> reported = new HashSet<>();
    private Thread appender;
    private volatile long duplicates;
    private volatile long appended;
    private volatile long unknownClOrdIds;
    private volatile long unmapped;
    private volatile long malformed;

    ExecutionReportAdapter(final Journal reports, final Map<String, OrderContext> contexts)
    {
        this.reports = reports;
        this.contexts = contexts;
    }

    long appended()
    {
        return appended;
    }

    long unknownClOrdIds()
    {
        return unknownClOrdIds;
    }

    long duplicates()
    {
        return duplicates;
    }

    long unmapped()
    {
        return unmapped;
    }

    long malformed()
    {
        return malformed;
    }

    /** Maps and appends one ExecutionReport; never throws for the venue's mistakes (they are counted). */
    void onExecutionReport(final Message report)
    {
        final String clOrdId = FixFields.text(report, 11, null);
        try
        {
            final char execType = report.getChar(150);
            final int length = execType == 'I' ? statusReport(report, clOrdId) : orderReport(report, clOrdId, execType);
            if (length > 0 && execType != 'I' && !reported.add(key(buffer, 0)))
            {
                duplicates++;
                LOG.warn("ExecutionReport (ExecType {}) for ClOrdID {} repeats a report already taken (MsgSeqNum {}, " +
                    "PossDupFlag {}): dropped", execType, clOrdId, FixFields.text(report.getHeader(), 34, "?"),
                    FixFields.text(report.getHeader(), 43, "N"));
            }
            else if (length > 0)
            {
                if (appender != Thread.currentThread())
                {
                    reports.assignToCurrentThread();
                    appender = Thread.currentThread();
                }
                reports.append(buffer, 0, length);
                appended++;
            }
        }
        catch (final FieldNotFound | RuntimeException ex)
        {
            malformed++;
            LOG.warn("ExecutionReport for ClOrdID {} not taken: {} (MsgSeqNum {})", clOrdId, ex.getMessage(),
                FixFields.text(report.getHeader(), 34, "?"));
        }
    }

    private int orderReport(final Message report, final String clOrdId, final char execType) throws FieldNotFound
    {
        final OrderContext context = null == clOrdId ? null : contexts.get(clOrdId);
        if (null == context)
        {
            unknownClOrdIds++;
            LOG.warn("ExecutionReport (ExecType {}) for ClOrdID {} this gateway never sent: ignored", execType, clOrdId);
            return 0;
        }
        final long brokerTsNs = epochNs(report);
        final long orderId = FixFields.id(FixFields.text(report, 37, ""));
        switch (execType)
        {
            case '0':
                ack.wrapAndApplyHeader(buffer, 0, header).tsNs(0).brokerTsNs(brokerTsNs).brokerOrderId(orderId);
                FixFields.putAscii(buffer, HEADER + BrokerAckEncoder.clOrdIdEncodingOffset(), 32, 11, clOrdId);
                ack.putTraceId(context.traceId(), 0).putIdempotencyKey(context.idempotencyKey(), 0, 32);
                return HEADER + ack.encodedLength();
            case 'F':
            case '1':
            case '2':
            {
                final char ordStatus = report.getChar(39);
                final long leaves = FixFields.fixed6(151, report.getString(151));
                fill.wrapAndApplyHeader(buffer, 0, header).tsNs(0).brokerTsNs(brokerTsNs).brokerOrderId(orderId)
                    .execId(FixFields.id(report.getString(17)))
                    .fillQty(FixFields.fixed6(32, report.getString(32)))
                    .fillPrice(FixFields.fixed6(31, report.getString(31)))
                    .cumQty(FixFields.fixed6(14, report.getString(14)))
                    .leavesQty(leaves)
                    .fillType(ordStatus == '2' || leaves == 0 ? FillType.FULL : FillType.PARTIAL)
                    .liquidity("1".equals(FixFields.text(report, 851, null)) ? Liquidity.MAKER : Liquidity.TAKER);
                FixFields.putAscii(buffer, HEADER + FillEncoder.clOrdIdEncodingOffset(), 32, 11, clOrdId);
                fill.putTraceId(context.traceId(), 0).putIdempotencyKey(context.idempotencyKey(), 0, 32);
                return HEADER + fill.encodedLength();
            }
            case '8':
                reject.wrapAndApplyHeader(buffer, 0, header).tsNs(0).brokerTsNs(brokerTsNs)
                    .reason(FixFields.rejectReason(FixFields.integer(report, 103, 99)));
                FixFields.putAscii(buffer, HEADER + BrokerRejectEncoder.clOrdIdEncodingOffset(), 32, 11, clOrdId);
                reject.putTraceId(context.traceId(), 0).putIdempotencyKey(context.idempotencyKey(), 0, 32)
                    .text(FixFields.text(report, 58, ""));
                return HEADER + reject.encodedLength();
            case 'C':
                expired.wrapAndApplyHeader(buffer, 0, header).tsNs(0).brokerTsNs(brokerTsNs).brokerOrderId(orderId)
                    .cumQty(FixFields.fixed6(14, report.getString(14)));
                FixFields.putAscii(buffer, HEADER + ExpiredEncoder.clOrdIdEncodingOffset(), 32, 11, clOrdId);
                expired.putTraceId(context.traceId(), 0).putIdempotencyKey(context.idempotencyKey(), 0, 32);
                return HEADER + expired.encodedLength();
            case '4':
                canceled.wrapAndApplyHeader(buffer, 0, header).tsNs(0).brokerTsNs(brokerTsNs).brokerOrderId(orderId)
                    .cumQty(FixFields.fixed6(14, report.getString(14)));
                FixFields.putAscii(buffer, HEADER + CanceledEncoder.clOrdIdEncodingOffset(), 32, 11, clOrdId);
                canceled.putTraceId(context.traceId(), 0).putIdempotencyKey(context.idempotencyKey(), 0, 32);
                return HEADER + canceled.encodedLength();
            default:
                unmapped++;
                LOG.warn("ExecutionReport ExecType {} for ClOrdID {} has no broker report in the engine's schema " +
                    "yet: ignored", execType, clOrdId);
                return 0;
        }
    }

    private int statusReport(final Message report, final String clOrdId) throws FieldNotFound
    {
        final long queryId = Long.parseLong(report.getString(790));
        final char ordStatus = report.getChar(39);
        final boolean unknown = ordStatus == '8' && FixFields.integer(report, 103, 0) == 5;
        status.wrapAndApplyHeader(buffer, 0, header).tsNs(0).brokerTsNs(epochNs(report)).queryId(queryId)
            .brokerOrderId(unknown ? 0 : FixFields.id(FixFields.text(report, 37, "")))
            .qty(unknown ? 0 : FixFields.fixed6(38, FixFields.text(report, 38, "0")))
            .cumQty(FixFields.fixed6(14, FixFields.text(report, 14, "0")))
            .leavesQty(FixFields.fixed6(151, FixFields.text(report, 151, "0")))
            .avgPrice(FixFields.fixed6(6, FixFields.text(report, 6, "0")))
            .state(unknown ? VenueOrderState.UNKNOWN : FixFields.venueState(ordStatus));
        FixFields.putAscii(buffer, HEADER + OrderStatusReportEncoder.clOrdIdEncodingOffset(), 32, 11, clOrdId);
        return HEADER + status.encodedLength();
    }

    private static long epochNs(final Message report) throws FieldNotFound
    {
        final LocalDateTime time = report.getUtcTimeStamp(60);
        final java.time.Instant instant = time.toInstant(ZoneOffset.UTC);
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** Remembers a report already in {@code broker-reports} (read at start), so a resend of it is dropped. */
    void remember(final org.agrona.DirectBuffer message, final int offset)
    {
        final String key = key(message, offset);
        if (key != null)
        {
            reported.add(key);
        }
    }

    /** @return what the report at {@code offset} reports, for the duplicate check; null for a status answer. */
    private static String key(final org.agrona.DirectBuffer message, final int offset)
    {
        final int template = message.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final int body = offset + HEADER;
        switch (template)
        {
            case BrokerAckEncoder.TEMPLATE_ID:
                return "A" + FixFields.ascii(message, body + BrokerAckEncoder.clOrdIdEncodingOffset(), 32);
            case FillEncoder.TEMPLATE_ID:
                return "F" + FixFields.ascii(message, body + FillEncoder.clOrdIdEncodingOffset(), 32) + "/" +
                    message.getLong(body + FillEncoder.execIdEncodingOffset(), FillEncoder.BYTE_ORDER);
            case BrokerRejectEncoder.TEMPLATE_ID:
                return "X" + FixFields.ascii(message, body + BrokerRejectEncoder.clOrdIdEncodingOffset(), 32);
            case ExpiredEncoder.TEMPLATE_ID:
                return "X" + FixFields.ascii(message, body + ExpiredEncoder.clOrdIdEncodingOffset(), 32);
            case CanceledEncoder.TEMPLATE_ID:
                return "X" + FixFields.ascii(message, body + CanceledEncoder.clOrdIdEncodingOffset(), 32);
            default:
                return null;
        }
    }
}

package io.noctria.engine.fix;

import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.codecs.sbe.VenueInputRefusedDecoder;
import io.noctria.codecs.sbe.VenueInputRefusedEncoder;
import io.noctria.codecs.sbe.VenueRefusal;
import io.noctria.journal.Journal;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The gateway's one way into the venue link's {@code broker-reports} queue: the reports the
 * {@link ExecutionReportAdapter} maps, and a {@code VenueInputRefused} for each piece of the venue's input the gateway
 * refuses (a report it cannot take, a session error), which the engine journals like any report and the core turns
 * into an {@code Alert}. The gateway never writes the engine's journal.
 * <p>
 * Appends come from the FIX library's threads: the session thread (reports, Reject and Logout) and its socket threads
 * (a garbled message is reported there). The queue's appender is bound to one thread at a time, so each append holds
 * this object's lock and takes the appender over when the thread changes. These are the gateway's threads, never
 * the engine's; the lock is not on the engine's path.
 * <p>
 * Each refusal carries a {@code refusalId}, one more than the last in the stream (read at start,
 * {@link #remember}): two refusals of the same thing (the same garbled message twice, a refused report resent) are
 * still different bytes, and the engine's resume point, the last report it journaled found in the stream by its
 * bytes, is never ambiguous.
 */
final class ReportStream
{
    /** The refused value kept, in bytes: enough for any ClOrdID, decimal or code, bounded against a flood. */
    static final int MAX_VALUE = 64;
    /** What was refused and why, in bytes. */
    static final int MAX_DETAIL = 256;

    private final Journal reports;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final VenueInputRefusedEncoder refused = new VenueInputRefusedEncoder();
    private final byte[] text = new byte[MAX_DETAIL];
    private Thread appender;
    private long refusals;
    private long lastRefusalId;

    ReportStream(final Journal reports)
    {
        this.reports = reports;
    }

    /** Appends one mapped report. */
    synchronized void append(final DirectBuffer message, final int offset, final int length)
    {
        if (appender != Thread.currentThread())
        {
            reports.assignToCurrentThread();
            appender = Thread.currentThread();
        }
        reports.append(message, offset, length);
    }

    /**
     * Appends a {@code VenueInputRefused}.
     *
     * @param msgType   MsgType (35) of the refused message, null when unknown.
     * @param msgSeqNum its MsgSeqNum (34), 0 when unknown.
     * @param venueTsNs its SendingTime (52), 0 when unknown.
     * @param tag       the tag refused, 0 when none.
     * @param clOrdId   the ClOrdID (11) it named as the venue sent it, null when none; its first 32 characters kept.
     * @param traceId   the order's 64 trace id bytes when the ClOrdID is one this gateway sent, else null.
     * @param value     the refused value, null when none; its first {@link #MAX_VALUE} characters kept.
     * @param detail    what was refused and why; its first {@link #MAX_DETAIL} characters kept.
     */
    synchronized void refuse(final VenueRefusal reason, final String msgType, final long msgSeqNum,
        final long venueTsNs, final int tag, final String clOrdId, final byte[] traceId, final String value,
        final String detail)
    {
        refused.wrapAndApplyHeader(buffer, 0, header).tsNs(0).venueTsNs(venueTsNs).refusalId(++lastRefusalId)
            .msgSeqNum(msgSeqNum).reason(reason).tag(tag);
        putChars(VenueInputRefusedEncoder.msgTypeEncodingOffset(), VenueInputRefusedEncoder.msgTypeLength(), msgType);
        putChars(VenueInputRefusedEncoder.clOrdIdEncodingOffset(), VenueInputRefusedEncoder.clOrdIdLength(), clOrdId);
        if (null == traceId)
        {
            putChars(VenueInputRefusedEncoder.traceIdEncodingOffset(), VenueInputRefusedEncoder.traceIdLength(), null);
        }
        else
        {
            refused.putTraceId(traceId, 0);
        }
        refused.putValue(text, 0, printable(value, MAX_VALUE));
        refused.putDetail(text, 0, printable(detail, MAX_DETAIL));
        append(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + refused.encodedLength());
        refusals++;
    }

    /** Notes a message already in the stream (read at start): the refusal ids continue after the last one. */
    synchronized void remember(final DirectBuffer message, final int offset)
    {
        final int template = message.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        if (template == VenueInputRefusedDecoder.TEMPLATE_ID)
        {
            lastRefusalId = Math.max(lastRefusalId, message.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH +
                VenueInputRefusedDecoder.refusalIdEncodingOffset(), VenueInputRefusedDecoder.BYTE_ORDER));
        }
    }

    /** @return refusals appended by this run. */
    synchronized long refusals()
    {
        return refusals;
    }

    /** A fixed ASCII field: printable characters of {@code value} up to {@code length}, NUL padded. */
    private void putChars(final int fieldOffset, final int length, final String value)
    {
        final int at = MessageHeaderEncoder.ENCODED_LENGTH + fieldOffset;
        final int n = printable(value, length);
        buffer.putBytes(at, text, 0, n);
        buffer.setMemory(at + n, length - n, (byte)0);
    }

    /** Copies at most {@code max} characters of {@code value} into {@code text}, anything not printable ASCII as '?'. */
    private int printable(final String value, final int max)
    {
        final int n = null == value ? 0 : Math.min(value.length(), max);
        for (int i = 0; i < n; i++)
        {
            final char c = value.charAt(i);
            text[i] = (byte)(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return n;
    }
}

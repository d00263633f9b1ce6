package io.noctria.engine.core;

import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.RiskRule;
import io.noctria.codecs.sbe.Severity;
import io.noctria.codecs.sbe.VenueInputRefusedDecoder;
import io.noctria.codecs.sbe.VenueRefusal;

/**
 * Turns a {@code VenueInputRefused} (the venue gateway refused the venue's input and journaled that it did) into an
 * {@code Alert} naming what was refused and why. Nothing of an order changes: the gateway passed nothing on, so the
 * refusal is a record for operators and for reconciliation, and replay raises the same alert at the same place.
 * <p>
 * Severity: a refused report (a ClOrdID or OrigClOrdID the gateway never sent, an ExecType without a report, a field
 * that does not parse) is CRITICAL with {@code VENUE_REPORT_REFUSED}: it may have been a fill the engine did not book,
 * so the engine's view and the venue's may now differ until reconciliation. An application message of a type the
 * gateway does not take is a WARNING of the same code. Session errors (garbled, wrong CompIDs, MsgSeqNum too low, a
 * Reject or a Logout with a reason) are WARNINGs with {@code VENUE_SESSION_ERROR}: the session layer recovers what
 * they drop (resend, gap fill, logon again). Allocation free.
 */
final class VenueRefusals
{
    private static final int CL_ORD_ID_LENGTH = IdempotencyKeys.CL_ORD_ID_LENGTH;
    /** Read once: looked up by raw value without the decoder's throw on a value a newer gateway wrote. */
    private static final VenueRefusal[] REASONS = VenueRefusal.values();

    private final EventPublisher publisher;
    private final AsciiText text = new AsciiText(EventPublisher.MAX_TEXT);
    private final byte[] clOrdId = new byte[CL_ORD_ID_LENGTH];
    private final byte[] msgType = new byte[VenueInputRefusedDecoder.msgTypeLength()];
    private final byte[] trace = new byte[OrderTicket.TRACE_LENGTH];
    private final byte[] varData = new byte[EventPublisher.MAX_TEXT];

    VenueRefusals(final EventPublisher publisher)
    {
        this.publisher = publisher;
    }

    void onVenueInputRefused(final long inputIndex, final VenueInputRefusedDecoder refused)
    {
        final VenueRefusal reason = reason(refused.reasonRaw());
        final boolean session = isSession(reason);
        refused.getClOrdId(clOrdId, 0);
        refused.getMsgType(msgType, 0);
        refused.getTraceId(trace, 0);
        text.reset().append("venue ").append(session ? "session error " : "input refused ").append(reason.name());
        if (0 != msgType[0])
        {
            text.append(", FIX MsgType ").appendField(msgType, msgType.length);
        }
        if (0 != refused.msgSeqNum())
        {
            text.append(" MsgSeqNum ").append(refused.msgSeqNum());
        }
        if (0 != clOrdId[0])
        {
            text.append(", ClOrdID ").appendField(clOrdId, CL_ORD_ID_LENGTH);
        }
        if (0 != refused.tag())
        {
            text.append(", tag ").append(refused.tag());
        }
        final int valueLength = refused.getValue(varData, 0, varData.length);
        if (valueLength > 0)
        {
            text.append(" = \"").appendBytes(varData, 0, valueLength).append('"');
        }
        final int detailLength = refused.getDetail(varData, 0, varData.length);
        if (detailLength > 0)
        {
            text.append(": ").appendBytes(varData, 0, detailLength);
        }
        text.append(session ? "" : "; not passed on, nothing booked");
        publisher.alert(inputIndex, session ? AlertCode.VENUE_SESSION_ERROR : AlertCode.VENUE_REPORT_REFUSED,
            severity(reason), RiskRule.NONE, null, 0 == trace[0] ? null : trace, text);
    }

    private static VenueRefusal reason(final short raw)
    {
        for (final VenueRefusal reason : REASONS)
        {
            if (reason.value() == raw && VenueRefusal.NULL_VAL != reason)
            {
                return reason;
            }
        }
        return VenueRefusal.NULL_VAL;
    }

    private static boolean isSession(final VenueRefusal reason)
    {
        return VenueRefusal.SESSION_ERROR == reason || VenueRefusal.SESSION_REJECT == reason ||
            VenueRefusal.SESSION_LOGOUT == reason;
    }

    static Severity severity(final VenueRefusal reason)
    {
        switch (reason)
        {
            case UNKNOWN_CLORDID:
            case FOREIGN_ORIG_CLORDID:
            case UNMAPPED_EXEC_TYPE:
            case UNPARSEABLE_FIELD:
            case NULL_VAL:
                return Severity.CRITICAL;
            default:
                return Severity.WARNING;
        }
    }
}

package io.noctria.codecs;

import io.noctria.codecs.sbe.*;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decides whether bytes are a readable message of the Noctria schema, without allocating.
 * <p>
 * Checks, in order: room for the header; the schema id; a known template id; a version this
 * build can decode (1 up to any newer one, whose extra fields are skipped by the acting block
 * length); a block length no shorter than the template's first version; and that every
 * variable-length field this build knows lies inside the bytes with a length no larger than the
 * schema allows. The last reason and a description are kept for
 * the caller to report.
 * <p>
 * Not thread-safe: one instance per reading thread.
 */
public final class MessageValidator
{
    /** The first schema version: no message can be shorter than its v1 block. */
    public static final int MIN_VERSION = 1;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

    private RecordError error;
    private String detail = "";
    private int templateId;
    private int version;
    private int messageLength;

    /**
     * @return true when {@code buffer[offset, offset + length)} is a readable Noctria message;
     * otherwise {@link #error()} and {@link #detail()} say why.
     */
    public boolean validate(final DirectBuffer buffer, final int offset, final int length)
    {
        error = null;
        detail = "";
        templateId = -1;
        version = -1;
        messageLength = -1;
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return fail(RecordError.TRUNCATED, "excerpt of " + length + " bytes is shorter than the " +
                MessageHeaderDecoder.ENCODED_LENGTH + "-byte SBE header");
        }
        view.wrap(buffer, offset, length);
        header.wrap(view, 0);
        final int schemaId = header.schemaId();
        templateId = header.templateId();
        version = header.version();
        final int blockLength = header.blockLength();
        if (schemaId != MessageHeaderDecoder.SCHEMA_ID)
        {
            return fail(RecordError.UNKNOWN_SCHEMA, "schema id " + schemaId + " is not the Noctria schema " +
                MessageHeaderDecoder.SCHEMA_ID + " (templateId=" + templateId + ")");
        }
        final int minBlockLength = v1BlockLength(templateId);
        if (minBlockLength < 0)
        {
            return fail(RecordError.UNKNOWN_TEMPLATE, "template id " + templateId + " is not a message of schema " +
                schemaId + " version " + MessageHeaderDecoder.SCHEMA_VERSION);
        }
        if (version < MIN_VERSION || version < sinceVersion(templateId))
        {
            return fail(RecordError.UNSUPPORTED_VERSION, "version " + version + " of " + Messages.name(templateId) +
                (version < MIN_VERSION ? " is older than the first schema version " + MIN_VERSION :
                " is older than the schema version " + sinceVersion(templateId) + " that introduced it"));
        }
        if (blockLength < minBlockLength)
        {
            return fail(RecordError.UNSUPPORTED_VERSION, Messages.name(templateId) + " block length " + blockLength +
                " is shorter than the " + minBlockLength + " bytes of version " + MIN_VERSION);
        }
        final int bodyLength = length - MessageHeaderDecoder.ENCODED_LENGTH;
        if (blockLength > bodyLength)
        {
            return fail(RecordError.TRUNCATED, Messages.name(templateId) + " needs a " + blockLength +
                "-byte block but only " + bodyLength + " bytes follow the header");
        }
        final int end = varDataEnd(templateId, MessageHeaderDecoder.ENCODED_LENGTH + blockLength, version, length);
        if (end < 0)
        {
            return false;
        }
        messageLength = end;
        return true;
    }

    /**
     * @return the length of the message the last successful {@link #validate} read: its header, its block and the
     * var-data fields this build knows, which may be less than the bytes given (a frame holds several messages
     * back to back); -1 after a failure.
     */
    public int messageLength()
    {
        return messageLength;
    }

    /** @return why the last {@link #validate} failed, or null when it passed. */
    public RecordError error()
    {
        return error;
    }

    /** @return a description of the last failure naming the offending values; empty when it passed. */
    public String detail()
    {
        return detail;
    }

    /** @return template id read by the last {@link #validate}, or -1 when the header was unreadable. */
    public int templateId()
    {
        return templateId;
    }

    /** @return the header version read by the last {@link #validate}, or -1 when unreadable. */
    public int version()
    {
        return version;
    }

    /** @return true when the last validated message was written by a newer schema version than this build's. */
    public boolean isNewerVersion()
    {
        return version > MessageHeaderDecoder.SCHEMA_VERSION;
    }

    private boolean fail(final RecordError error, final String detail)
    {
        this.error = error;
        this.detail = detail;
        return false;
    }

    /**
     * Block length of a template in schema version 1, or -1 for an unknown template. Frozen numbers,
     * not today's BLOCK_LENGTH: when a later version lengthens a block, genuine v1 messages must still
     * pass (SchemaEvolutionTest checks them against the codecs generated from the v1 schema copy).
     */
    static int v1BlockLength(final int templateId)
    {
        switch (templateId)
        {
            case OrderRequestDecoder.TEMPLATE_ID: return 200;
            case ControlDecoder.TEMPLATE_ID: return 57;
            case QualityDecisionV2Decoder.TEMPLATE_ID: return 146;
            case RiskDecisionV2Decoder.TEMPLATE_ID: return 195;
            case AlertDecoder.TEMPLATE_ID: return 116;
            case TradingPauseChangedDecoder.TEMPLATE_ID: return 50;
            case OutboxRecordedV2Decoder.TEMPLATE_ID: return 179;
            case DuplicateSuppressedV2Decoder.TEMPLATE_ID: return 120;
            case OrderSentDecoder.TEMPLATE_ID: return 183;
            case BrokerAckDecoder.TEMPLATE_ID: return 152;
            case FillDecoder.TEMPLATE_ID: return 194;
            case BrokerRejectDecoder.TEMPLATE_ID: return 146;
            case ExpiredDecoder.TEMPLATE_ID: return 160;
            case CanceledDecoder.TEMPLATE_ID: return 160;
            case SendFailedDecoder.TEMPLATE_ID: return 151;
            // Added to version 1 after the first release (additive templates need no version bump); frozen
            // at the length they were introduced with, like the rest.
            case OrderStatusQueryDecoder.TEMPLATE_ID: return 48;
            case OrderStatusReportDecoder.TEMPLATE_ID: return 97;
            case VenueOrderReceivedDecoder.TEMPLATE_ID: return 61;
            case PolicyReloadDecoder.TEMPLATE_ID: return 56;
            case ReconcileRequestedDecoder.TEMPLATE_ID: return 173;
            case OrderReconciledDecoder.TEMPLATE_ID: return 199;
            case PolicyLoadedDecoder.TEMPLATE_ID: return 44;
            case EngineStartedDecoder.TEMPLATE_ID: return 137;
            case EngineStoppedDecoder.TEMPLATE_ID: return 49;
            case InputRejectedDecoder.TEMPLATE_ID: return 82;
            // Added in schema version 2 (trust boundaries), frozen at the length it was introduced with.
            case OperatorKeyDecoder.TEMPLATE_ID: return 80;
            // Journal format 2: the header of every excerpt (docs/messages.md, "Frames").
            case FrameHeaderDecoder.TEMPLATE_ID: return 13;
            // Schema version 3: the events of an OrderRequest's frame that refer to it instead of copying it.
            case QualityDecisionDecoder.TEMPLATE_ID: return 50;
            case RiskDecisionDecoder.TEMPLATE_ID: return 83;
            case RequestKeyedDecoder.TEMPLATE_ID: return 48;
            case OutboxRecordedDecoder.TEMPLATE_ID: return 35;
            case DuplicateSuppressedDecoder.TEMPLATE_ID: return 24;
            // Actions beyond new orders (issue 13), additive templates of version 3.
            case CancelRequestDecoder.TEMPLATE_ID: return 216;
            case ReplaceRequestDecoder.TEMPLATE_ID: return 232;
            case CancelAllDecoder.TEMPLATE_ID: return 136;
            case ActionRefusedDecoder.TEMPLATE_ID: return 172;
            case CancelSentDecoder.TEMPLATE_ID: return 273;
            case ReplaceSentDecoder.TEMPLATE_ID: return 299;
            case ReplacedDecoder.TEMPLATE_ID: return 208;
            case CancelRejectDecoder.TEMPLATE_ID: return 186;
            // Bad input from the venue, journaled (issue 13): an additive template of version 3.
            case VenueInputRefusedDecoder.TEMPLATE_ID: return 135;
            default: return -1;
        }
    }

    /** @return the schema version a template first appeared in (1 for the templates of the first release). */
    static int sinceVersion(final int templateId)
    {
        // Schema 3 added the events that refer to their frame's OrderRequest instead of copying its fields, and the
        // order actions (cancel, replace, cancel-all) with their events and venue reports.
        if (MessageFields.refersToInput(templateId))
        {
            return 3;
        }
        switch (templateId)
        {
            case CancelRequestDecoder.TEMPLATE_ID:
            case ReplaceRequestDecoder.TEMPLATE_ID:
            case CancelAllDecoder.TEMPLATE_ID:
            case ActionRefusedDecoder.TEMPLATE_ID:
            case CancelSentDecoder.TEMPLATE_ID:
            case ReplaceSentDecoder.TEMPLATE_ID:
            case ReplacedDecoder.TEMPLATE_ID:
            case CancelRejectDecoder.TEMPLATE_ID:
            case VenueInputRefusedDecoder.TEMPLATE_ID:
                return 3;
            default:
                return MIN_VERSION;
        }
    }

    /**
     * Walks the variable-length fields after the block. The lengths are read here as unsigned 32-bit values
     * with {@code long} arithmetic rather than through the generated decoders' skip methods: those cast the
     * length to {@code int}, so a corrupt length of 2^31 or more turns negative, moves the limit backwards
     * and would let a malformed message pass.
     * <p>
     * The switch names each var-data field of the schema through its generated accessors, so a renamed field
     * fails to compile; {@code MessageValidatorTest} checks against the IR that no var-data field is missing.
     *
     * @return where the message ends (after its last var-data field), or -1 after recording the failure.
     */
    private int varDataEnd(final int templateId, final int limit, final int version, final int length)
    {
        switch (templateId)
        {
            case ControlDecoder.TEMPLATE_ID:
                return varData(limit, version, ControlDecoder.reasonSinceVersion(),
                    ControlDecoder.reasonHeaderLength(), length, "Control.reason");
            case PolicyReloadDecoder.TEMPLATE_ID:
            {
                final int afterReason = varData(limit, version, PolicyReloadDecoder.reasonSinceVersion(),
                    PolicyReloadDecoder.reasonHeaderLength(), length, "PolicyReload.reason");
                final int afterSource = afterReason < 0 ? -1 : varData(afterReason, version,
                    PolicyReloadDecoder.sourceSinceVersion(), PolicyReloadDecoder.sourceHeaderLength(), length,
                    "PolicyReload.source");
                return afterSource < 0 ? -1 : varData(afterSource, version, PolicyReloadDecoder.policySinceVersion(),
                    PolicyReloadDecoder.policyHeaderLength(), length, "PolicyReload.policy");
            }
            case AlertDecoder.TEMPLATE_ID:
                return varData(limit, version, AlertDecoder.messageSinceVersion(),
                    AlertDecoder.messageHeaderLength(), length, "Alert.message");
            case TradingPauseChangedDecoder.TEMPLATE_ID:
                return varData(limit, version, TradingPauseChangedDecoder.reasonSinceVersion(),
                    TradingPauseChangedDecoder.reasonHeaderLength(), length, "TradingPauseChanged.reason");
            case BrokerRejectDecoder.TEMPLATE_ID:
                return varData(limit, version, BrokerRejectDecoder.textSinceVersion(),
                    BrokerRejectDecoder.textHeaderLength(), length, "BrokerReject.text");
            case PolicyLoadedDecoder.TEMPLATE_ID:
                return varData(limit, version, PolicyLoadedDecoder.sourceSinceVersion(),
                    PolicyLoadedDecoder.sourceHeaderLength(), length, "PolicyLoaded.source");
            case InputRejectedDecoder.TEMPLATE_ID:
                return varData(limit, version, InputRejectedDecoder.detailSinceVersion(),
                    InputRejectedDecoder.detailHeaderLength(), length, "InputRejected.detail");
            case CancelAllDecoder.TEMPLATE_ID:
                return varData(limit, version, CancelAllDecoder.reasonSinceVersion(),
                    CancelAllDecoder.reasonHeaderLength(), length, "CancelAll.reason");
            case CancelRejectDecoder.TEMPLATE_ID:
                return varData(limit, version, CancelRejectDecoder.textSinceVersion(),
                    CancelRejectDecoder.textHeaderLength(), length, "CancelReject.text");
            case VenueInputRefusedDecoder.TEMPLATE_ID:
            {
                final int afterValue = varData(limit, version, VenueInputRefusedDecoder.valueSinceVersion(),
                    VenueInputRefusedDecoder.valueHeaderLength(), length, "VenueInputRefused.value");
                return afterValue < 0 ? -1 : varData(afterValue, version, VenueInputRefusedDecoder.detailSinceVersion(),
                    VenueInputRefusedDecoder.detailHeaderLength(), length, "VenueInputRefused.detail");
            }
            default:
                return limit;
        }
    }

    /**
     * Checks one var-data field at {@code limit} in the view.
     *
     * @return the limit after the field, or -1 after recording the failure.
     */
    private int varData(
        final int limit, final int version, final int sinceVersion, final int headerLength, final int length,
        final String field)
    {
        if (version < sinceVersion)
        {
            // Absent from messages older than the field.
            return limit;
        }
        if ((long)limit + headerLength > length)
        {
            fail(RecordError.TRUNCATED, field + " length header at byte " + limit + " runs past the end of the " +
                length + "-byte excerpt");
            return -1;
        }
        // Every var-data field of the schema uses a uint32 length (varUtf8Encoding).
        final long dataLength = view.getInt(limit, VarUtf8EncodingDecoder.BYTE_ORDER) & 0xFFFF_FFFFL;
        if (dataLength > VarUtf8EncodingDecoder.lengthMaxValue())
        {
            fail(RecordError.MALFORMED, field + " length " + dataLength + " exceeds the schema maximum " +
                VarUtf8EncodingDecoder.lengthMaxValue());
            return -1;
        }
        final long end = (long)limit + headerLength + dataLength;
        if (end > length)
        {
            fail(RecordError.TRUNCATED, field + " of " + dataLength + " bytes runs past the end of the " + length +
                "-byte excerpt (needs " + end + ")");
            return -1;
        }
        return (int)end;
    }
}

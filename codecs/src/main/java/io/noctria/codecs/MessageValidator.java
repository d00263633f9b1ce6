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
 * variable-length field lies inside the bytes. The last reason and a description are kept for
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
    private final OrderRequestDecoder orderRequest = new OrderRequestDecoder();
    private final ControlDecoder control = new ControlDecoder();
    private final QualityDecisionDecoder qualityDecision = new QualityDecisionDecoder();
    private final RiskDecisionDecoder riskDecision = new RiskDecisionDecoder();
    private final AlertDecoder alert = new AlertDecoder();
    private final TradingPauseChangedDecoder tradingPauseChanged = new TradingPauseChangedDecoder();
    private final OutboxRecordedDecoder outboxRecorded = new OutboxRecordedDecoder();
    private final DuplicateSuppressedDecoder duplicateSuppressed = new DuplicateSuppressedDecoder();
    private final OrderSentDecoder orderSent = new OrderSentDecoder();
    private final BrokerAckDecoder brokerAck = new BrokerAckDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final BrokerRejectDecoder brokerReject = new BrokerRejectDecoder();
    private final ExpiredDecoder expired = new ExpiredDecoder();
    private final CanceledDecoder canceled = new CanceledDecoder();
    private final SendFailedDecoder sendFailed = new SendFailedDecoder();
    private final PolicyLoadedDecoder policyLoaded = new PolicyLoadedDecoder();
    private final EngineStartedDecoder engineStarted = new EngineStartedDecoder();
    private final EngineStoppedDecoder engineStopped = new EngineStoppedDecoder();
    private final InputRejectedDecoder inputRejected = new InputRejectedDecoder();

    private RecordError error;
    private String detail = "";
    private int templateId;
    private int version;

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
        if (version < MIN_VERSION)
        {
            return fail(RecordError.UNSUPPORTED_VERSION, "version " + version + " of " + Messages.name(templateId) +
                " is older than the first schema version " + MIN_VERSION);
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
        final int decodedLength;
        try
        {
            decodedLength = decodedLength(templateId, blockLength, version);
        }
        catch (final IndexOutOfBoundsException ex)
        {
            return fail(RecordError.TRUNCATED, Messages.name(templateId) +
                " variable-length field runs past the end of the " + length + "-byte excerpt");
        }
        if (decodedLength > length)
        {
            return fail(RecordError.TRUNCATED, Messages.name(templateId) + " decodes to " + decodedLength +
                " bytes but the excerpt has " + length);
        }
        return true;
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

    /** Block length of a template in schema version 1, or -1 for an unknown template. */
    static int v1BlockLength(final int templateId)
    {
        switch (templateId)
        {
            case OrderRequestDecoder.TEMPLATE_ID: return OrderRequestDecoder.BLOCK_LENGTH;
            case ControlDecoder.TEMPLATE_ID: return ControlDecoder.BLOCK_LENGTH;
            case QualityDecisionDecoder.TEMPLATE_ID: return QualityDecisionDecoder.BLOCK_LENGTH;
            case RiskDecisionDecoder.TEMPLATE_ID: return RiskDecisionDecoder.BLOCK_LENGTH;
            case AlertDecoder.TEMPLATE_ID: return AlertDecoder.BLOCK_LENGTH;
            case TradingPauseChangedDecoder.TEMPLATE_ID: return TradingPauseChangedDecoder.BLOCK_LENGTH;
            case OutboxRecordedDecoder.TEMPLATE_ID: return OutboxRecordedDecoder.BLOCK_LENGTH;
            case DuplicateSuppressedDecoder.TEMPLATE_ID: return DuplicateSuppressedDecoder.BLOCK_LENGTH;
            case OrderSentDecoder.TEMPLATE_ID: return OrderSentDecoder.BLOCK_LENGTH;
            case BrokerAckDecoder.TEMPLATE_ID: return BrokerAckDecoder.BLOCK_LENGTH;
            case FillDecoder.TEMPLATE_ID: return FillDecoder.BLOCK_LENGTH;
            case BrokerRejectDecoder.TEMPLATE_ID: return BrokerRejectDecoder.BLOCK_LENGTH;
            case ExpiredDecoder.TEMPLATE_ID: return ExpiredDecoder.BLOCK_LENGTH;
            case CanceledDecoder.TEMPLATE_ID: return CanceledDecoder.BLOCK_LENGTH;
            case SendFailedDecoder.TEMPLATE_ID: return SendFailedDecoder.BLOCK_LENGTH;
            case PolicyLoadedDecoder.TEMPLATE_ID: return PolicyLoadedDecoder.BLOCK_LENGTH;
            case EngineStartedDecoder.TEMPLATE_ID: return EngineStartedDecoder.BLOCK_LENGTH;
            case EngineStoppedDecoder.TEMPLATE_ID: return EngineStoppedDecoder.BLOCK_LENGTH;
            case InputRejectedDecoder.TEMPLATE_ID: return InputRejectedDecoder.BLOCK_LENGTH;
            default: return -1;
        }
    }

    /** Full encoded length (header + block + var data) read from the view; throws IndexOutOfBounds past its end. */
    private int decodedLength(final int templateId, final int blockLength, final int version)
    {
        final int h = MessageHeaderDecoder.ENCODED_LENGTH;
        switch (templateId)
        {
            case OrderRequestDecoder.TEMPLATE_ID: return h + orderRequest.wrap(view, h, blockLength, version).sbeDecodedLength();
            case ControlDecoder.TEMPLATE_ID: return h + control.wrap(view, h, blockLength, version).sbeDecodedLength();
            case QualityDecisionDecoder.TEMPLATE_ID: return h + qualityDecision.wrap(view, h, blockLength, version).sbeDecodedLength();
            case RiskDecisionDecoder.TEMPLATE_ID: return h + riskDecision.wrap(view, h, blockLength, version).sbeDecodedLength();
            case AlertDecoder.TEMPLATE_ID: return h + alert.wrap(view, h, blockLength, version).sbeDecodedLength();
            case TradingPauseChangedDecoder.TEMPLATE_ID: return h + tradingPauseChanged.wrap(view, h, blockLength, version).sbeDecodedLength();
            case OutboxRecordedDecoder.TEMPLATE_ID: return h + outboxRecorded.wrap(view, h, blockLength, version).sbeDecodedLength();
            case DuplicateSuppressedDecoder.TEMPLATE_ID: return h + duplicateSuppressed.wrap(view, h, blockLength, version).sbeDecodedLength();
            case OrderSentDecoder.TEMPLATE_ID: return h + orderSent.wrap(view, h, blockLength, version).sbeDecodedLength();
            case BrokerAckDecoder.TEMPLATE_ID: return h + brokerAck.wrap(view, h, blockLength, version).sbeDecodedLength();
            case FillDecoder.TEMPLATE_ID: return h + fill.wrap(view, h, blockLength, version).sbeDecodedLength();
            case BrokerRejectDecoder.TEMPLATE_ID: return h + brokerReject.wrap(view, h, blockLength, version).sbeDecodedLength();
            case ExpiredDecoder.TEMPLATE_ID: return h + expired.wrap(view, h, blockLength, version).sbeDecodedLength();
            case CanceledDecoder.TEMPLATE_ID: return h + canceled.wrap(view, h, blockLength, version).sbeDecodedLength();
            case SendFailedDecoder.TEMPLATE_ID: return h + sendFailed.wrap(view, h, blockLength, version).sbeDecodedLength();
            case PolicyLoadedDecoder.TEMPLATE_ID: return h + policyLoaded.wrap(view, h, blockLength, version).sbeDecodedLength();
            case EngineStartedDecoder.TEMPLATE_ID: return h + engineStarted.wrap(view, h, blockLength, version).sbeDecodedLength();
            case EngineStoppedDecoder.TEMPLATE_ID: return h + engineStopped.wrap(view, h, blockLength, version).sbeDecodedLength();
            case InputRejectedDecoder.TEMPLATE_ID: return h + inputRejected.wrap(view, h, blockLength, version).sbeDecodedLength();
            default: throw new IllegalStateException("unreachable: template " + templateId + " passed v1BlockLength");
        }
    }
}

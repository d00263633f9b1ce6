package io.noctria.codecs;

import io.noctria.codecs.sbe.*;
import org.agrona.DirectBuffer;

/**
 * Where the correlation fields (trace id, idempotency key) sit in each message, read straight from the
 * buffer so that projections can look orders up without decoding or allocating.
 * <p>
 * Offsets are relative to the start of the message body (after the SBE header) and come from the
 * generated decoders, so a schema change that moves a field moves them too. They are version-1 offsets:
 * newer versions only append fields, so these never move.
 * <p>
 * A message without its own field may refer to its frame's input instead ({@link #refersToInput}): the events
 * of an OrderRequest's frame since schema 3. {@link FrameInput} resolves both cases.
 */
public final class MessageFields
{
    /** Length of the raw idempotency key (HMAC-SHA256). */
    public static final int KEY_LENGTH = 32;

    /** Length of the NUL-padded trace id field. */
    public static final int TRACE_ID_LENGTH = 64;

    private MessageFields()
    {
    }

    /** @return the body-relative offset of the message's traceId, or -1 when it has none. */
    public static int traceIdOffset(final int templateId)
    {
        switch (templateId)
        {
            case OrderRequestDecoder.TEMPLATE_ID: return OrderRequestDecoder.traceIdEncodingOffset();
            case QualityDecisionV2Decoder.TEMPLATE_ID: return QualityDecisionV2Decoder.traceIdEncodingOffset();
            case RiskDecisionV2Decoder.TEMPLATE_ID: return RiskDecisionV2Decoder.traceIdEncodingOffset();
            case AlertDecoder.TEMPLATE_ID: return AlertDecoder.traceIdEncodingOffset();
            case OutboxRecordedV2Decoder.TEMPLATE_ID: return OutboxRecordedV2Decoder.traceIdEncodingOffset();
            case DuplicateSuppressedV2Decoder.TEMPLATE_ID: return DuplicateSuppressedV2Decoder.traceIdEncodingOffset();
            case OrderSentDecoder.TEMPLATE_ID: return OrderSentDecoder.traceIdEncodingOffset();
            case BrokerAckDecoder.TEMPLATE_ID: return BrokerAckDecoder.traceIdEncodingOffset();
            case FillDecoder.TEMPLATE_ID: return FillDecoder.traceIdEncodingOffset();
            case BrokerRejectDecoder.TEMPLATE_ID: return BrokerRejectDecoder.traceIdEncodingOffset();
            case ExpiredDecoder.TEMPLATE_ID: return ExpiredDecoder.traceIdEncodingOffset();
            case CanceledDecoder.TEMPLATE_ID: return CanceledDecoder.traceIdEncodingOffset();
            case SendFailedDecoder.TEMPLATE_ID: return SendFailedDecoder.traceIdEncodingOffset();
            case InputRejectedDecoder.TEMPLATE_ID: return InputRejectedDecoder.traceIdEncodingOffset();
            case CancelRequestDecoder.TEMPLATE_ID: return CancelRequestDecoder.traceIdEncodingOffset();
            case ReplaceRequestDecoder.TEMPLATE_ID: return ReplaceRequestDecoder.traceIdEncodingOffset();
            case ActionRefusedDecoder.TEMPLATE_ID: return ActionRefusedDecoder.traceIdEncodingOffset();
            case CancelSentDecoder.TEMPLATE_ID: return CancelSentDecoder.traceIdEncodingOffset();
            case ReplaceSentDecoder.TEMPLATE_ID: return ReplaceSentDecoder.traceIdEncodingOffset();
            case ReplacedDecoder.TEMPLATE_ID: return ReplacedDecoder.traceIdEncodingOffset();
            case CancelRejectDecoder.TEMPLATE_ID: return CancelRejectDecoder.traceIdEncodingOffset();
            case VenueInputRefusedDecoder.TEMPLATE_ID: return VenueInputRefusedDecoder.traceIdEncodingOffset();
            default: return -1;
        }
    }

    /** @return the body-relative offset of the message's idempotencyKey, or -1 when it has none. */
    public static int keyOffset(final int templateId)
    {
        switch (templateId)
        {
            case OrderRequestDecoder.TEMPLATE_ID: return OrderRequestDecoder.idempotencyKeyEncodingOffset();
            case QualityDecisionV2Decoder.TEMPLATE_ID: return QualityDecisionV2Decoder.idempotencyKeyEncodingOffset();
            case RiskDecisionV2Decoder.TEMPLATE_ID: return RiskDecisionV2Decoder.idempotencyKeyEncodingOffset();
            case OutboxRecordedV2Decoder.TEMPLATE_ID: return OutboxRecordedV2Decoder.idempotencyKeyEncodingOffset();
            case DuplicateSuppressedV2Decoder.TEMPLATE_ID:
                return DuplicateSuppressedV2Decoder.idempotencyKeyEncodingOffset();
            case RequestKeyedDecoder.TEMPLATE_ID: return RequestKeyedDecoder.idempotencyKeyEncodingOffset();
            case OrderSentDecoder.TEMPLATE_ID: return OrderSentDecoder.idempotencyKeyEncodingOffset();
            case BrokerAckDecoder.TEMPLATE_ID: return BrokerAckDecoder.idempotencyKeyEncodingOffset();
            case FillDecoder.TEMPLATE_ID: return FillDecoder.idempotencyKeyEncodingOffset();
            case BrokerRejectDecoder.TEMPLATE_ID: return BrokerRejectDecoder.idempotencyKeyEncodingOffset();
            case ExpiredDecoder.TEMPLATE_ID: return ExpiredDecoder.idempotencyKeyEncodingOffset();
            case CanceledDecoder.TEMPLATE_ID: return CanceledDecoder.idempotencyKeyEncodingOffset();
            case SendFailedDecoder.TEMPLATE_ID: return SendFailedDecoder.idempotencyKeyEncodingOffset();
            case OrderReconciledDecoder.TEMPLATE_ID: return OrderReconciledDecoder.idempotencyKeyEncodingOffset();
            // An action's events and reports carry the key of the order they are about; the requests their own.
            case CancelRequestDecoder.TEMPLATE_ID: return CancelRequestDecoder.idempotencyKeyEncodingOffset();
            case ReplaceRequestDecoder.TEMPLATE_ID: return ReplaceRequestDecoder.idempotencyKeyEncodingOffset();
            case ActionRefusedDecoder.TEMPLATE_ID: return ActionRefusedDecoder.idempotencyKeyEncodingOffset();
            case CancelSentDecoder.TEMPLATE_ID: return CancelSentDecoder.idempotencyKeyEncodingOffset();
            case ReplaceSentDecoder.TEMPLATE_ID: return ReplaceSentDecoder.idempotencyKeyEncodingOffset();
            case ReplacedDecoder.TEMPLATE_ID: return ReplacedDecoder.idempotencyKeyEncodingOffset();
            case CancelRejectDecoder.TEMPLATE_ID: return CancelRejectDecoder.idempotencyKeyEncodingOffset();
            default: return -1;
        }
    }

    /**
     * @return true for the events that carry no trace id, key or symbol of their own because they are about the
     * OrderRequest of their frame (schema 3): QualityDecision, RiskDecision, RequestKeyed, OutboxRecorded and
     * DuplicateSuppressed.
     */
    public static boolean refersToInput(final int templateId)
    {
        switch (templateId)
        {
            case QualityDecisionDecoder.TEMPLATE_ID:
            case RiskDecisionDecoder.TEMPLATE_ID:
            case RequestKeyedDecoder.TEMPLATE_ID:
            case OutboxRecordedDecoder.TEMPLATE_ID:
            case DuplicateSuppressedDecoder.TEMPLATE_ID:
                return true;
            default:
                return false;
        }
    }

    /** @return the US-ASCII text of a NUL-padded field, up to its first NUL. Allocates: for new records only. */
    public static String ascii(final DirectBuffer buffer, final int index, final int maxLength)
    {
        final int length = asciiLength(buffer, index, maxLength);
        final char[] chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            final byte b = buffer.getByte(index + i);
            // Fixed char fields are US-ASCII: a stray high byte shows as a replacement, as MessageFormatter does.
            chars[i] = b > 0 ? (char)b : '\uFFFD';
        }
        return new String(chars);
    }

    /** @return the length of a NUL-padded field's text: the bytes before the first NUL. */
    public static int asciiLength(final DirectBuffer buffer, final int index, final int maxLength)
    {
        int length = 0;
        while (length < maxLength && buffer.getByte(index + length) != 0)
        {
            length++;
        }
        return length;
    }
}

package io.noctria.codecs;

import io.noctria.codecs.sbe.*;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads the four events schema 3 slimmed in their schema-2 form (QualityDecisionV2, RiskDecisionV2,
 * OutboxRecordedV2, DuplicateSuppressedV2, as format-1 and early format-2 journals hold them) by rewriting each
 * as its schema-3 message and handing what it copied from its request (trace id, key, symbol) to
 * {@link FrameInput} as what it refers to. The projections and the outbox mirror then know one layout per event,
 * and an old journal folds as a new one would. Allocation free; one thread.
 */
public final class EventUpgrade
{
    private final UnsafeBuffer upgraded = new UnsafeBuffer(new byte[MessageHeaderEncoder.ENCODED_LENGTH + 128]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final QualityDecisionV2Decoder qualityV2 = new QualityDecisionV2Decoder();
    private final RiskDecisionV2Decoder riskV2 = new RiskDecisionV2Decoder();
    private final OutboxRecordedV2Decoder recordedV2 = new OutboxRecordedV2Decoder();
    private final DuplicateSuppressedV2Decoder duplicateV2 = new DuplicateSuppressedV2Decoder();
    private final QualityDecisionEncoder quality = new QualityDecisionEncoder();
    private final RiskDecisionEncoder risk = new RiskDecisionEncoder();
    private final OutboxRecordedEncoder recorded = new OutboxRecordedEncoder();
    private final DuplicateSuppressedEncoder duplicate = new DuplicateSuppressedEncoder();
    private final byte[] policy = new byte[RiskDecisionEncoder.policyLength()];

    /** @return true for the schema-2 events {@link #upgrade} rewrites. */
    public static boolean isSchema2Event(final int templateId)
    {
        switch (templateId)
        {
            case QualityDecisionV2Decoder.TEMPLATE_ID:
            case RiskDecisionV2Decoder.TEMPLATE_ID:
            case OutboxRecordedV2Decoder.TEMPLATE_ID:
            case DuplicateSuppressedV2Decoder.TEMPLATE_ID:
                return true;
            default:
                return false;
        }
    }

    /**
     * Rewrites a schema-2 event ({@link #isSchema2Event}, already validated) into {@link #buffer()} at 0 and tells
     * {@code frameInput} what it refers to.
     *
     * @return the length of the schema-3 message, header included.
     */
    public int upgrade(final DirectBuffer buffer, final int offset, final FrameInput frameInput)
    {
        final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final int blockLength = buffer.getShort(offset + MessageHeaderDecoder.blockLengthEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final int version = buffer.getShort(offset + MessageHeaderDecoder.versionEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (templateId)
        {
            case QualityDecisionV2Decoder.TEMPLATE_ID:
            {
                final QualityDecisionV2Decoder old = qualityV2.wrap(buffer, body, blockLength, version);
                frameInput.adopt(buffer, body + QualityDecisionV2Decoder.traceIdEncodingOffset(),
                    body + QualityDecisionV2Decoder.idempotencyKeyEncodingOffset(), -1);
                quality.wrapAndApplyHeader(upgraded, 0, header)
                    .tsNs(old.tsNs()).inputIndex(old.inputIndex()).originalQty(old.originalQty())
                    .finalQty(old.finalQty()).factor(old.factor()).missingRatio(old.missingRatio())
                    .dataLagMs(old.dataLagMs()).verdict(old.verdict()).reason(old.reason());
                return MessageHeaderEncoder.ENCODED_LENGTH + quality.encodedLength();
            }
            case RiskDecisionV2Decoder.TEMPLATE_ID:
            {
                final RiskDecisionV2Decoder old = riskV2.wrap(buffer, body, blockLength, version);
                old.getPolicy(policy, 0);
                frameInput.adopt(buffer, body + RiskDecisionV2Decoder.traceIdEncodingOffset(),
                    body + RiskDecisionV2Decoder.idempotencyKeyEncodingOffset(),
                    body + RiskDecisionV2Decoder.symbolEncodingOffset());
                risk.wrapAndApplyHeader(upgraded, 0, header)
                    .tsNs(old.tsNs()).inputIndex(old.inputIndex()).originalQty(old.originalQty())
                    .finalQty(old.finalQty()).limitValue(old.limitValue()).observedValue(old.observedValue())
                    .verdict(old.verdict()).rule(old.rule()).severity(old.severity())
                    .putPolicy(policy, 0);
                return MessageHeaderEncoder.ENCODED_LENGTH + risk.encodedLength();
            }
            case OutboxRecordedV2Decoder.TEMPLATE_ID:
            {
                final OutboxRecordedV2Decoder old = recordedV2.wrap(buffer, body, blockLength, version);
                frameInput.adopt(buffer, body + OutboxRecordedV2Decoder.traceIdEncodingOffset(),
                    body + OutboxRecordedV2Decoder.idempotencyKeyEncodingOffset(),
                    body + OutboxRecordedV2Decoder.symbolEncodingOffset());
                recorded.wrapAndApplyHeader(upgraded, 0, header)
                    .tsNs(old.tsNs()).inputIndex(old.inputIndex()).qty(old.qty()).price(old.price())
                    .side(old.side()).orderType(old.orderType()).timeInForce(old.timeInForce());
                return MessageHeaderEncoder.ENCODED_LENGTH + recorded.encodedLength();
            }
            case DuplicateSuppressedV2Decoder.TEMPLATE_ID:
            {
                final DuplicateSuppressedV2Decoder old = duplicateV2.wrap(buffer, body, blockLength, version);
                frameInput.adopt(buffer, body + DuplicateSuppressedV2Decoder.traceIdEncodingOffset(),
                    body + DuplicateSuppressedV2Decoder.idempotencyKeyEncodingOffset(), -1);
                duplicate.wrapAndApplyHeader(upgraded, 0, header)
                    .tsNs(old.tsNs()).inputIndex(old.inputIndex()).firstInputIndex(old.firstInputIndex());
                return MessageHeaderEncoder.ENCODED_LENGTH + duplicate.encodedLength();
            }
            default:
                throw new IllegalArgumentException("template " + templateId + " is not a schema-2 event");
        }
    }

    /** @return the buffer the last {@link #upgrade} wrote its message to, at offset 0. */
    public DirectBuffer buffer()
    {
        return upgraded;
    }
}

package io.noctria.engine.broker;

import io.noctria.codecs.sbe.*;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * One decoded execution report, for assertions. Fields a report type does not carry are 0 / null.
 * {@code orderNumber} is the first eight bytes of the idempotency key (see {@link OrderSentFixture}).
 */
record Report(
    int templateId,
    long tsNs,
    long brokerTsNs,
    long brokerOrderId,
    long execId,
    long fillQty,
    long fillPrice,
    long cumQty,
    long leavesQty,
    FillType fillType,
    Liquidity liquidity,
    BrokerRejectReason rejectReason,
    String rejectText,
    BrokerErrorCode errorCode,
    int attempt,
    BooleanType finalAttempt,
    long retryAtNs,
    String clOrdId,
    String traceId,
    long orderNumber)
{
    static final int ACK = BrokerAckDecoder.TEMPLATE_ID;
    static final int FILL = FillDecoder.TEMPLATE_ID;
    static final int REJECT = BrokerRejectDecoder.TEMPLATE_ID;
    static final int EXPIRED = ExpiredDecoder.TEMPLATE_ID;
    static final int CANCELED = CanceledDecoder.TEMPLATE_ID;
    static final int SEND_FAILED = SendFailedDecoder.TEMPLATE_ID;

    boolean is(final int templateId)
    {
        return this.templateId == templateId;
    }

    boolean isFinal()
    {
        return (FILL == templateId && 0 == leavesQty) || REJECT == templateId || EXPIRED == templateId ||
            CANCELED == templateId || SEND_FAILED == templateId;
    }

    static Report decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            throw new AssertionError("report with schema " + header.schemaId());
        }
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        final Report report;
        switch (header.templateId())
        {
            case BrokerAckDecoder.TEMPLATE_ID:
            {
                final BrokerAckDecoder d = new BrokerAckDecoder().wrap(buffer, body, blockLength, version);
                report = new Report(ACK, d.tsNs(), d.brokerTsNs(), d.brokerOrderId(), 0, 0, 0, 0, 0, null, null,
                    null, null, null, 0, null, 0, d.clOrdId(), d.traceId(), keyNumber(buffer, body,
                    BrokerAckDecoder.idempotencyKeyEncodingOffset()));
                checkLength(length, d.sbeDecodedLength());
                break;
            }
            case FillDecoder.TEMPLATE_ID:
            {
                final FillDecoder d = new FillDecoder().wrap(buffer, body, blockLength, version);
                report = new Report(FILL, d.tsNs(), d.brokerTsNs(), d.brokerOrderId(), d.execId(), d.fillQty(),
                    d.fillPrice(), d.cumQty(), d.leavesQty(), d.fillType(), d.liquidity(), null, null, null, 0,
                    null, 0, d.clOrdId(), d.traceId(), keyNumber(buffer, body,
                    FillDecoder.idempotencyKeyEncodingOffset()));
                checkLength(length, d.sbeDecodedLength());
                break;
            }
            case BrokerRejectDecoder.TEMPLATE_ID:
            {
                final BrokerRejectDecoder d = new BrokerRejectDecoder().wrap(buffer, body, blockLength, version);
                final long number = keyNumber(buffer, body, BrokerRejectDecoder.idempotencyKeyEncodingOffset());
                final String clOrdId = d.clOrdId();
                final String traceId = d.traceId();
                final long tsNs = d.tsNs();
                final long brokerTsNs = d.brokerTsNs();
                final BrokerRejectReason reason = d.reason();
                final String text = d.text();
                report = new Report(REJECT, tsNs, brokerTsNs, 0, 0, 0, 0, 0, 0, null, null, reason, text, null,
                    0, null, 0, clOrdId, traceId, number);
                checkLength(length, d.encodedLength());
                return report;
            }
            case ExpiredDecoder.TEMPLATE_ID:
            {
                final ExpiredDecoder d = new ExpiredDecoder().wrap(buffer, body, blockLength, version);
                report = new Report(EXPIRED, d.tsNs(), d.brokerTsNs(), d.brokerOrderId(), 0, 0, 0, d.cumQty(), 0,
                    null, null, null, null, null, 0, null, 0, d.clOrdId(), d.traceId(), keyNumber(buffer, body,
                    ExpiredDecoder.idempotencyKeyEncodingOffset()));
                checkLength(length, d.sbeDecodedLength());
                break;
            }
            case CanceledDecoder.TEMPLATE_ID:
            {
                final CanceledDecoder d = new CanceledDecoder().wrap(buffer, body, blockLength, version);
                report = new Report(CANCELED, d.tsNs(), d.brokerTsNs(), d.brokerOrderId(), 0, 0, 0, d.cumQty(), 0,
                    null, null, null, null, null, 0, null, 0, d.clOrdId(), d.traceId(), keyNumber(buffer, body,
                    CanceledDecoder.idempotencyKeyEncodingOffset()));
                checkLength(length, d.sbeDecodedLength());
                break;
            }
            case SendFailedDecoder.TEMPLATE_ID:
            {
                final SendFailedDecoder d = new SendFailedDecoder().wrap(buffer, body, blockLength, version);
                report = new Report(SEND_FAILED, d.tsNs(), 0, 0, 0, 0, 0, 0, 0, null, null, null, null,
                    d.errorCode(), d.attempt(), d.finalAttempt(), d.retryAtNs(), d.clOrdId(), d.traceId(),
                    keyNumber(buffer, body, SendFailedDecoder.idempotencyKeyEncodingOffset()));
                checkLength(length, d.sbeDecodedLength());
                break;
            }
            default:
                throw new AssertionError("not an execution report: template " + header.templateId());
        }
        return report;
    }

    private static long keyNumber(final DirectBuffer buffer, final int body, final int keyOffset)
    {
        return buffer.getLong(body + keyOffset, ByteOrder.LITTLE_ENDIAN);
    }

    private static void checkLength(final int length, final int decodedLength)
    {
        final int expected = MessageHeaderDecoder.ENCODED_LENGTH + decodedLength;
        if (length != expected)
        {
            throw new AssertionError("report length " + length + " but the message decodes to " + expected);
        }
    }
}

package io.noctria.codecs;

import io.noctria.codecs.sbe.*;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test fixture shared with other modules (the codecs test-jar): one fully populated, distinctive sample of every
 * message of the schema, and the values tools must show for it.
 * <p>
 * Every field is set to a value unlike its default and unlike the other fields of the message (so a swapped or
 * dropped field shows), fixed strings include one with a space, and every var-data string holds a space and a
 * quote (some also a backslash, a control character and non-ASCII text) to exercise escaping.
 * <p>
 * The expected values are computed with independent means (java.time, BigDecimal, HexFormat, hand-written JSON
 * literals for escaped text), not with the formatter under test. Use:
 * <pre>{@code
 * final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MessageSamples.MAX_ENCODED_LENGTH]);
 * for (final int templateId : MessageSamples.templateIds())
 * {
 *     final int length = MessageSamples.encode(templateId, buffer, 0);
 *     // journal buffer[0, length), read it back through tail --format json, then compare with
 *     MessageSamples.expectedJson(index, templateId);             // the whole line, or field by field:
 *     MessageSamples.expectedJsonValues(templateId);             // name -> JSON literal, schema order
 * }
 * }</pre>
 */
public final class MessageSamples
{
    /** A buffer of this many bytes (from the encode offset) holds any sample, also with 256 extra block bytes. */
    public static final int MAX_ENCODED_LENGTH = 1024;

    /** The first time of the samples: 2026-11-22T04:20:03.123456789Z; every time field is this plus a few ns. */
    public static final long BASE_TIME_NS = 1_795_321_203_123_456_789L;

    private static final DateTimeFormatter ISO_NANOS =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private MessageSamples()
    {
    }

    /** @return every template id of the schema, in id order. */
    public static int[] templateIds()
    {
        return Messages.templateIds();
    }

    /**
     * Encodes the sample of a message type, header included.
     *
     * @param templateId the message type.
     * @param buffer     where to write.
     * @param offset     of the header in the buffer.
     * @return the encoded length.
     * @throws IllegalArgumentException for a template id not in the schema.
     */
    public static int encode(final int templateId, final MutableDirectBuffer buffer, final int offset)
    {
        return sample(templateId, new Sample(), buffer, offset);
    }

    /**
     * Encodes the sample as a newer schema version would: the header claims {@code version} and a block
     * {@code extraBlockBytes} longer, filled with a non-zero pattern standing for the fields this build does not
     * know, and the var data follows that longer block. This build must show the same known values.
     *
     * @param templateId      the message type.
     * @param buffer          where to write.
     * @param offset          of the header in the buffer.
     * @param version         the header version to claim (greater than this build's for a newer message).
     * @param extraBlockBytes trailing fixed bytes added to the block (at most 256).
     * @return the encoded length.
     */
    public static int encodeNewerVersion(
        final int templateId, final MutableDirectBuffer buffer, final int offset, final int version,
        final int extraBlockBytes)
    {
        if (extraBlockBytes < 0 || extraBlockBytes > 256)
        {
            throw new IllegalArgumentException("extraBlockBytes must be 0..256: " + extraBlockBytes);
        }
        final int length = encode(templateId, buffer, offset);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
        final int blockLength = header.blockLength();
        final int varDataStart = offset + MessageHeaderDecoder.ENCODED_LENGTH + blockLength;
        final byte[] varData = new byte[offset + length - varDataStart];
        buffer.getBytes(varDataStart, varData);
        for (int i = 0; i < extraBlockBytes; i++)
        {
            buffer.putByte(varDataStart + i, (byte)(0xA5 ^ i));
        }
        buffer.putBytes(varDataStart + extraBlockBytes, varData);
        new MessageHeaderEncoder().wrap(buffer, offset)
            .blockLength(blockLength + extraBlockBytes)
            .version(version);
        return length + extraBlockBytes;
    }

    /**
     * @param templateId the message type.
     * @return field name to the JSON literal a tool must print for the sample (numbers bare, strings quoted and
     * escaped), in schema order.
     */
    public static LinkedHashMap<String, String> expectedJsonValues(final int templateId)
    {
        return record(templateId).json;
    }

    /**
     * @param templateId the message type.
     * @return field name to the value in the text format (times ISO-8601, strings quoted only when they hold a
     * space, quote, backslash, {@code =} or control character), in schema order.
     */
    public static LinkedHashMap<String, String> expectedTextValues(final int templateId)
    {
        return record(templateId).text;
    }

    /**
     * @param templateId the message type.
     * @return the time tools show for the sample (the ingress stamp of an input, {@code tsNs} of an event).
     */
    public static long expectedTimeNs(final int templateId)
    {
        return record(templateId).timeNs;
    }

    /**
     * @param templateId the message type.
     * @return exactly what {@code MessageFormatter.appendJsonFields} writes for the sample.
     */
    public static String expectedJsonFields(final int templateId)
    {
        final StringBuilder out = new StringBuilder();
        for (final Map.Entry<String, String> field : expectedJsonValues(templateId).entrySet())
        {
            if (out.length() > 0)
            {
                out.append(',');
            }
            out.append('"').append(field.getKey()).append("\":").append(field.getValue());
        }
        return out.toString();
    }

    /**
     * @param index      the record index the tool prints.
     * @param templateId the message type.
     * @return exactly what {@code MessageFormatter.appendJson} writes for the sample.
     */
    public static String expectedJson(final long index, final int templateId)
    {
        return "{\"index\":" + index + ",\"type\":\"" + Messages.name(templateId) + "\"," +
            expectedJsonFields(templateId) + "}";
    }

    /**
     * Fields added to existing messages in schema version 2 (trust boundaries): a message written with the v1 codecs
     * lacks them, and tools show them as {@code null}.
     *
     * @param templateId the message type.
     * @return the names of its fields added in version 2, empty when none.
     */
    public static java.util.List<String> fieldsAddedInVersion2(final int templateId)
    {
        switch (templateId)
        {
            case OrderRequestEncoder.TEMPLATE_ID: return java.util.List.of("authTag");
            case ControlEncoder.TEMPLATE_ID:
            case PolicyReloadEncoder.TEMPLATE_ID: return java.util.List.of("signature");
            default: return java.util.List.of();
        }
    }

    /**
     * @param index      the record index the tool prints.
     * @param templateId the message type.
     * @return what {@code MessageFormatter.appendJson} writes for the sample written with the v1 codecs: the fields
     * of {@link #fieldsAddedInVersion2} are {@code null}.
     */
    public static String expectedJsonAsV1(final long index, final int templateId)
    {
        final StringBuilder out = new StringBuilder("{\"index\":").append(index).append(",\"type\":\"")
            .append(Messages.name(templateId)).append('"');
        for (final Map.Entry<String, String> field : expectedJsonValues(templateId).entrySet())
        {
            out.append(",\"").append(field.getKey()).append("\":")
                .append(fieldsAddedInVersion2(templateId).contains(field.getKey()) ? "null" : field.getValue());
        }
        return out.append('}').toString();
    }

    /**
     * @param index      the record index the tool prints.
     * @param templateId the message type.
     * @return what {@code MessageFormatter.appendText} writes for the sample written with the v1 codecs.
     */
    public static String expectedTextAsV1(final long index, final int templateId)
    {
        final StringBuilder out = new StringBuilder()
            .append(index).append(' ').append(iso(expectedTimeNs(templateId))).append(' ')
            .append(Messages.name(templateId));
        for (final Map.Entry<String, String> field : expectedTextValues(templateId).entrySet())
        {
            out.append(' ').append(field.getKey()).append('=')
                .append(fieldsAddedInVersion2(templateId).contains(field.getKey()) ? "null" : field.getValue());
        }
        return out.toString();
    }

    /**
     * @param index      the record index the tool prints.
     * @param templateId the message type.
     * @return exactly what {@code MessageFormatter.appendText} writes for the sample.
     */
    public static String expectedText(final long index, final int templateId)
    {
        final StringBuilder out = new StringBuilder()
            .append(index).append(' ').append(iso(expectedTimeNs(templateId))).append(' ')
            .append(Messages.name(templateId));
        for (final Map.Entry<String, String> field : expectedTextValues(templateId).entrySet())
        {
            out.append(' ').append(field.getKey()).append('=').append(field.getValue());
        }
        return out.toString();
    }

    /**
     * @param epochNs nanoseconds since the epoch.
     * @return ISO-8601 UTC with nine fraction digits, computed with java.time.
     */
    public static String iso(final long epochNs)
    {
        return ISO_NANOS.format(Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L),
            Math.floorMod(epochNs, 1_000_000_000L)));
    }

    private static Sample record(final int templateId)
    {
        final Sample sample = new Sample();
        sample(templateId, sample, new UnsafeBuffer(new byte[MAX_ENCODED_LENGTH]), 0);
        return sample;
    }

    private static int sample(final int templateId, final Sample s, final MutableDirectBuffer buffer, final int offset)
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final int h = MessageHeaderEncoder.ENCODED_LENGTH;
        switch (templateId)
        {
            case OrderRequestEncoder.TEMPLATE_ID:
            {
                final OrderRequestEncoder e = new OrderRequestEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.inboundIndex(s.integer("inboundIndex", 81_604_378_625L))
                    .ingressNs(s.messageTime("ingressNs", BASE_TIME_NS + 2))
                    .clientTsNs(s.time("clientTsNs", BASE_TIME_NS + 1))
                    .qty(s.decimal("qty", 1_500_500_000L))
                    .price(s.decimal("price", 150_250_000L))
                    .missingRatio(s.ppm("missingRatio", 50_000))
                    .dataLagMs(s.integer("dataLagMs", 250))
                    .side(s.enumValue("side", Side.SELL))
                    .orderType(s.enumValue("orderType", OrderType.LIMIT))
                    .timeInForce(s.enumValue("timeInForce", TimeInForce.IOC))
                    .keyPresent(s.enumValue("keyPresent", BooleanType.TRUE))
                    .symbol(s.chars("symbol", "USDJPY"))
                    .traceId(s.chars("traceId", "trace-20261122-0001"))
                    .strategy(s.chars("strategy", "mean revert v2"))
                    .putIdempotencyKey(s.hash("idempotencyKey", 1), 0, 32)
                    .putAuthTag(s.hash("authTag", 41), 0, 32);
                return h + e.encodedLength();
            }
            case ControlEncoder.TEMPLATE_ID:
            {
                final ControlEncoder e = new ControlEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.inboundIndex(s.integer("inboundIndex", 81_604_378_626L))
                    .ingressNs(s.messageTime("ingressNs", BASE_TIME_NS + 4))
                    .submittedNs(s.time("submittedNs", BASE_TIME_NS + 3))
                    .action(s.enumValue("action", ControlAction.PAUSE_ON))
                    .operatorName(s.chars("operatorName", "night desk"))
                    .putSignature(s.hash("signature", 43, 64), 0, 64)
                    .reason(s.var("reason", "pause \"all\" desks", "\"pause \\\"all\\\" desks\""));
                return h + e.encodedLength();
            }
            case PolicyReloadEncoder.TEMPLATE_ID:
            {
                final PolicyReloadEncoder e = new PolicyReloadEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.inboundIndex(s.integer("inboundIndex", 81_604_378_627L))
                    .ingressNs(s.messageTime("ingressNs", BASE_TIME_NS + 6))
                    .submittedNs(s.time("submittedNs", BASE_TIME_NS + 5))
                    .operatorName(s.chars("operatorName", "risk desk"))
                    .putSignature(s.hash("signature", 44, 64), 0, 64)
                    .reason(s.var("reason", "tighten USDJPY", "\"tighten USDJPY\""))
                    .source(s.var("source", "configs/risk_policy.yml", "\"configs/risk_policy.yml\""))
                    .policy(s.var("policy", "version: 1", "\"version: 1\""));
                return h + e.encodedLength();
            }
            case OperatorKeyEncoder.TEMPLATE_ID:
            {
                final OperatorKeyEncoder e = new OperatorKeyEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.ingressNs(s.messageTime("ingressNs", BASE_TIME_NS + 7))
                    .position(s.integer("position", 2))
                    .rosterSize(s.integer("rosterSize", 3))
                    .operatorName(s.chars("operatorName", "risk officer"))
                    .putPublicKey(s.hash("publicKey", 45), 0, 32);
                return h + e.encodedLength();
            }
            case QualityDecisionEncoder.TEMPLATE_ID:
            {
                final QualityDecisionEncoder e = new QualityDecisionEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 10))
                    .inputIndex(s.integer("inputIndex", 81_604_378_627L))
                    .originalQty(s.decimal("originalQty", 2_000_000_000L))
                    .finalQty(s.decimal("finalQty", 1_500_000_001L))
                    .factor(s.ppm("factor", 750_000))
                    .missingRatio(s.ppm("missingRatio", 1))
                    .dataLagMs(s.integer("dataLagMs", 1_250))
                    .verdict(s.enumValue("verdict", QualityVerdict.SCALE))
                    .reason(s.enumValue("reason", QualityReason.MISSING_RATIO_AND_DATA_LAG))
                    .traceId(s.chars("traceId", "trace-20261122-0002"))
                    .putIdempotencyKey(s.hash("idempotencyKey", 2), 0, 32);
                return h + e.encodedLength();
            }
            case RiskDecisionEncoder.TEMPLATE_ID:
            {
                final RiskDecisionEncoder e = new RiskDecisionEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 11))
                    .inputIndex(s.integer("inputIndex", 81_604_378_628L))
                    .originalQty(s.decimal("originalQty", 3_000_000_000L))
                    .finalQty(s.decimal("finalQty", 2_500_000L))
                    .limitValue(s.integer("limitValue", 1_000_000_000L))
                    .observedValue(s.integer("observedValue", -42L))
                    .verdict(s.enumValue("verdict", RiskVerdict.CLAMP))
                    .rule(s.enumValue("rule", RiskRule.MAX_ORDER_QTY))
                    .severity(s.enumValue("severity", Severity.WARNING))
                    .symbol(s.chars("symbol", "EURUSD"))
                    .policy(s.chars("policy", "default"))
                    .traceId(s.chars("traceId", "trace-20261122-0003"))
                    .putIdempotencyKey(s.hash("idempotencyKey", 3), 0, 32);
                return h + e.encodedLength();
            }
            case AlertEncoder.TEMPLATE_ID:
            {
                final AlertEncoder e = new AlertEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 12))
                    .inputIndex(s.integer("inputIndex", 81_604_378_629L))
                    .code(s.enumValue("code", AlertCode.SLIPPAGE_BREACH))
                    .severity(s.enumValue("severity", Severity.CRITICAL))
                    .rule(s.enumValue("rule", RiskRule.PRICE_COLLAR))
                    .policy(s.chars("policy", "USDJPY"))
                    .traceId(s.chars("traceId", "trace-20261122-0004"))
                    .message(s.var("message",
                        "qty 1500.5 > limit \"1000\" \\ rule\tMAX_ORDER_QTY \u20ac",
                        "\"qty 1500.5 > limit \\\"1000\\\" \\\\ rule\\u0009MAX_ORDER_QTY \u20ac\""));
                return h + e.encodedLength();
            }
            case TradingPauseChangedEncoder.TEMPLATE_ID:
            {
                final TradingPauseChangedEncoder e =
                    new TradingPauseChangedEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 13))
                    .inputIndex(s.integer("inputIndex", 81_604_378_630L))
                    .paused(s.enumValue("paused", BooleanType.TRUE))
                    .source(s.enumValue("source", PauseSource.AUTO))
                    .operatorName(s.chars("operatorName", "auto-pause"))
                    .reason(s.var("reason", "loss streak \"5\" reached", "\"loss streak \\\"5\\\" reached\""));
                return h + e.encodedLength();
            }
            case OutboxRecordedEncoder.TEMPLATE_ID:
            {
                final OutboxRecordedEncoder e = new OutboxRecordedEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 20))
                    .inputIndex(s.integer("inputIndex", 81_604_378_631L))
                    .qty(s.decimal("qty", 1_000_000_000L))
                    .price(s.decimal("price", 1_085_010L))
                    .side(s.enumValue("side", Side.BUY))
                    .orderType(s.enumValue("orderType", OrderType.MARKET))
                    .timeInForce(s.enumValue("timeInForce", TimeInForce.GTC))
                    .symbol(s.chars("symbol", "EURUSD"))
                    .traceId(s.chars("traceId", "trace-20261122-0005"))
                    .clOrdId(s.chars("clOrdId", "NX7Q2M4K9D1F3H5J"))
                    .putIdempotencyKey(s.hash("idempotencyKey", 5), 0, 32);
                return h + e.encodedLength();
            }
            case DuplicateSuppressedEncoder.TEMPLATE_ID:
            {
                final DuplicateSuppressedEncoder e =
                    new DuplicateSuppressedEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 21))
                    .inputIndex(s.integer("inputIndex", 81_604_378_632L))
                    .firstInputIndex(s.integer("firstInputIndex", 81_604_378_600L))
                    .traceId(s.chars("traceId", "trace-20261122-0006"))
                    .putIdempotencyKey(s.hash("idempotencyKey", 6), 0, 32);
                return h + e.encodedLength();
            }
            case OrderSentEncoder.TEMPLATE_ID:
            {
                final OrderSentEncoder e = new OrderSentEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 30))
                    .inputIndex(s.integer("inputIndex", 81_604_378_633L))
                    .qty(s.decimal("qty", 1_000_000_000L))
                    .price(s.decimal("price", 150_255_500L))
                    .attempt(s.integer("attempt", 2))
                    .side(s.enumValue("side", Side.SELL))
                    .orderType(s.enumValue("orderType", OrderType.LIMIT))
                    .timeInForce(s.enumValue("timeInForce", TimeInForce.FOK))
                    .symbol(s.chars("symbol", "USDJPY"))
                    .traceId(s.chars("traceId", "trace-20261122-0007"))
                    .clOrdId(s.chars("clOrdId", "NX7Q2M4K9D1F3H5K"))
                    .putIdempotencyKey(s.hash("idempotencyKey", 7), 0, 32);
                return h + e.encodedLength();
            }
            case BrokerAckEncoder.TEMPLATE_ID:
            {
                final BrokerAckEncoder e = new BrokerAckEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 31))
                    .brokerTsNs(s.time("brokerTsNs", BASE_TIME_NS - 999_999_999L))
                    .brokerOrderId(s.integer("brokerOrderId", 700_000_000_001L))
                    .clOrdId(s.chars("clOrdId", "NX7Q2M4K9D1F3H5L"))
                    .traceId(s.chars("traceId", "trace-20261122-0008"))
                    .putIdempotencyKey(s.hash("idempotencyKey", 8), 0, 32);
                return h + e.encodedLength();
            }
            case FillEncoder.TEMPLATE_ID:
            {
                final FillEncoder e = new FillEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 32))
                    .brokerTsNs(s.time("brokerTsNs", BASE_TIME_NS - 5))
                    .brokerOrderId(s.integer("brokerOrderId", 700_000_000_002L))
                    .execId(s.integer("execId", 900_000_000_003L))
                    .fillQty(s.decimal("fillQty", 400_000_000L))
                    .fillPrice(s.decimal("fillPrice", 150_251_234L))
                    .cumQty(s.decimal("cumQty", 600_000_000L))
                    .leavesQty(s.decimal("leavesQty", 400_000_001L))
                    .fillType(s.enumValue("fillType", FillType.PARTIAL))
                    .liquidity(s.enumValue("liquidity", Liquidity.TAKER))
                    .clOrdId(s.chars("clOrdId", "NX7Q2M4K9D1F3H5M"))
                    .traceId(s.chars("traceId", "trace-20261122-0009"))
                    .putIdempotencyKey(s.hash("idempotencyKey", 9), 0, 32);
                return h + e.encodedLength();
            }
            case BrokerRejectEncoder.TEMPLATE_ID:
            {
                final BrokerRejectEncoder e = new BrokerRejectEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 33))
                    .brokerTsNs(s.time("brokerTsNs", BASE_TIME_NS + 7))
                    .reason(s.enumValue("reason", BrokerRejectReason.OTHER))
                    .clOrdId(s.chars("clOrdId", "NX7Q2M4K9D1F3H5N"))
                    .traceId(s.chars("traceId", "trace-20261122-0010"))
                    .putIdempotencyKey(s.hash("idempotencyKey", 10), 0, 32)
                    .text(s.var("text", "venue said \"no\"", "\"venue said \\\"no\\\"\""));
                return h + e.encodedLength();
            }
            case ExpiredEncoder.TEMPLATE_ID:
            {
                final ExpiredEncoder e = new ExpiredEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 34))
                    .brokerTsNs(s.time("brokerTsNs", BASE_TIME_NS + 8))
                    .brokerOrderId(s.integer("brokerOrderId", 700_000_000_004L))
                    .cumQty(s.decimal("cumQty", 250_000L))
                    .clOrdId(s.chars("clOrdId", "NX7Q2M4K9D1F3H5P"))
                    .traceId(s.chars("traceId", "trace-20261122-0011"))
                    .putIdempotencyKey(s.hash("idempotencyKey", 11), 0, 32);
                return h + e.encodedLength();
            }
            case CanceledEncoder.TEMPLATE_ID:
            {
                final CanceledEncoder e = new CanceledEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 35))
                    .brokerTsNs(s.time("brokerTsNs", BASE_TIME_NS + 9))
                    .brokerOrderId(s.integer("brokerOrderId", 700_000_000_005L))
                    .cumQty(s.decimal("cumQty", 123_456_789L))
                    .clOrdId(s.chars("clOrdId", "NX7Q2M4K9D1F3H5Q"))
                    .traceId(s.chars("traceId", "trace-20261122-0012"))
                    .putIdempotencyKey(s.hash("idempotencyKey", 12), 0, 32);
                return h + e.encodedLength();
            }
            case SendFailedEncoder.TEMPLATE_ID:
            {
                final SendFailedEncoder e = new SendFailedEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 36))
                    .retryAtNs(s.time("retryAtNs", BASE_TIME_NS + 250_000_000L))
                    .attempt(s.integer("attempt", 3))
                    .errorCode(s.enumValue("errorCode", BrokerErrorCode.THROTTLED))
                    .finalAttempt(s.enumValue("finalAttempt", BooleanType.TRUE))
                    .clOrdId(s.chars("clOrdId", "NX7Q2M4K9D1F3H5R"))
                    .traceId(s.chars("traceId", "trace-20261122-0013"))
                    .putIdempotencyKey(s.hash("idempotencyKey", 13), 0, 32);
                return h + e.encodedLength();
            }
            case OrderStatusQueryEncoder.TEMPLATE_ID:
            {
                final OrderStatusQueryEncoder e = new OrderStatusQueryEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 37))
                    .queryId(s.integer("queryId", 800_000_000_001L))
                    .clOrdId(s.chars("clOrdId", "NX7Q2M4K9D1F3H5S"));
                return h + e.encodedLength();
            }
            case OrderStatusReportEncoder.TEMPLATE_ID:
            {
                final OrderStatusReportEncoder e = new OrderStatusReportEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 38))
                    .brokerTsNs(s.time("brokerTsNs", BASE_TIME_NS + 6))
                    .queryId(s.integer("queryId", 800_000_000_002L))
                    .brokerOrderId(s.integer("brokerOrderId", 700_000_000_006L))
                    .qty(s.decimal("qty", 2_000_000_000L))
                    .cumQty(s.decimal("cumQty", 750_000_000L))
                    .leavesQty(s.decimal("leavesQty", 1_250_000_000L))
                    .avgPrice(s.decimal("avgPrice", 150_253_333L))
                    .state(s.enumValue("state", VenueOrderState.PARTIALLY_FILLED))
                    .clOrdId(s.chars("clOrdId", "NX7Q2M4K9D1F3H5T"));
                return h + e.encodedLength();
            }
            case VenueOrderReceivedEncoder.TEMPLATE_ID:
            {
                final VenueOrderReceivedEncoder e =
                    new VenueOrderReceivedEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 39))
                    .ordersIndex(s.integer("ordersIndex", 81_604_378_637L))
                    .qty(s.decimal("qty", 3_500_000L))
                    .attempt(s.integer("attempt", 2))
                    .recorded(s.enumValue("recorded", BooleanType.TRUE))
                    .clOrdId(s.chars("clOrdId", "NX7Q2M4K9D1F3H5U"));
                return h + e.encodedLength();
            }
            case ReconcileRequestedEncoder.TEMPLATE_ID:
            {
                final ReconcileRequestedEncoder e =
                    new ReconcileRequestedEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 44))
                    .inputIndex(s.integer("inputIndex", 81_604_378_640L))
                    .queryId(s.integer("queryId", 17L))
                    .orderInputIndex(s.integer("orderInputIndex", 81_604_378_601L))
                    .attempt(s.integer("attempt", 1))
                    .cumQty(s.decimal("cumQty", 500_000L))
                    .engineState(s.enumValue("engineState", EngineOrderState.PARTIALLY_FILLED))
                    .clOrdId(s.chars("clOrdId", "NX7Q2M4K9D1F3H5V"))
                    .traceId(s.chars("traceId", "trace-20261122-0015"))
                    .putIdempotencyKey(s.hash("idempotencyKey", 17), 0, 32);
                return h + e.encodedLength();
            }
            case OrderReconciledEncoder.TEMPLATE_ID:
            {
                final OrderReconciledEncoder e = new OrderReconciledEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 45))
                    .inputIndex(s.integer("inputIndex", 81_604_378_650L))
                    .queryId(s.integer("queryId", 18L))
                    .outcome(s.enumValue("outcome", ReconcileOutcome.ADOPTED))
                    .venueState(s.enumValue("venueState", VenueOrderState.FILLED))
                    .engineState(s.enumValue("engineState", EngineOrderState.FILLED))
                    .adoptedQty(s.decimal("adoptedQty", 1_500_000L))
                    .adoptedPrice(s.decimal("adoptedPrice", 150_120_000L))
                    .cumQty(s.decimal("cumQty", 2_000_000L))
                    .avgPrice(s.decimal("avgPrice", 150_115_000L))
                    .brokerOrderId(s.integer("brokerOrderId", 700_000_000_007L))
                    .attempt(s.integer("attempt", 2))
                    .clOrdId(s.chars("clOrdId", "NX7Q2M4K9D1F3H5W"))
                    .traceId(s.chars("traceId", "trace-20261122-0016"))
                    .putIdempotencyKey(s.hash("idempotencyKey", 18), 0, 32);
                return h + e.encodedLength();
            }
            case PolicyLoadedEncoder.TEMPLATE_ID:
            {
                final PolicyLoadedEncoder e = new PolicyLoadedEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 40))
                    .putPolicyHash(s.hash("policyHash", 14), 0, 32)
                    .overrides(s.integer("overrides", 4))
                    .source(s.var("source", "/etc/noctria/risk policy \"prod\".yaml",
                        "\"/etc/noctria/risk policy \\\"prod\\\".yaml\""));
                return h + e.encodedLength();
            }
            case EngineStartedEncoder.TEMPLATE_ID:
            {
                final EngineStartedEncoder e = new EngineStartedEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 41))
                    .resumeInboundIndex(s.integer("resumeInboundIndex", 81_604_378_634L))
                    .recoveredEvents(s.integer("recoveredEvents", 12_345L))
                    .demo(s.enumValue("demo", BooleanType.TRUE))
                    .version(s.chars("version", "0.1.0-SNAPSHOT"))
                    .putConfigHash(s.hash("configHash", 15), 0, 32)
                    .putPolicyHash(s.hash("policyHash", 16), 0, 32)
                    .putStateHash(s.hash("stateHash", 17), 0, 32);
                return h + e.encodedLength();
            }
            case EngineStoppedEncoder.TEMPLATE_ID:
            {
                final EngineStoppedEncoder e = new EngineStoppedEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 42))
                    .lastInboundIndex(s.integer("lastInboundIndex", 81_604_378_635L))
                    .reason(s.enumValue("reason", StopReason.DEMO_COMPLETE))
                    .putStateHash(s.hash("stateHash", 18), 0, 32);
                return h + e.encodedLength();
            }
            case InputRejectedEncoder.TEMPLATE_ID:
            {
                final InputRejectedEncoder e = new InputRejectedEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.tsNs(s.messageTime("tsNs", BASE_TIME_NS + 43))
                    .inboundIndex(s.integer("inboundIndex", 81_604_378_636L))
                    .reason(s.enumValue("reason", InputRejectReason.INVALID_QTY))
                    .traceId(s.chars("traceId", "trace-20261122-0014"))
                    .detail(s.var("detail", "bad field \"qty\":\n  \"1e3\"",
                        "\"bad field \\\"qty\\\":\\u000a  \\\"1e3\\\"\""));
                return h + e.encodedLength();
            }
            default:
                throw new IllegalArgumentException("no sample for template id " + templateId);
        }
    }

    /** Records, while a sample is encoded, the value each field must show as. */
    private static final class Sample
    {
        final LinkedHashMap<String, String> json = new LinkedHashMap<>();
        final LinkedHashMap<String, String> text = new LinkedHashMap<>();
        long timeNs = Long.MIN_VALUE;

        long integer(final String name, final long value)
        {
            put(name, Long.toString(value), Long.toString(value));
            return value;
        }

        int integer(final String name, final int value)
        {
            put(name, Integer.toString(value), Integer.toString(value));
            return value;
        }

        long decimal(final String name, final long fixedPoint)
        {
            final String decimal = BigDecimal.valueOf(fixedPoint, 6).stripTrailingZeros().toPlainString();
            put(name, decimal, decimal);
            return fixedPoint;
        }

        int ppm(final String name, final int ppm)
        {
            final String ratio = BigDecimal.valueOf(ppm, 6).stripTrailingZeros().toPlainString();
            put(name, ratio, ratio);
            return ppm;
        }

        long time(final String name, final long epochNs)
        {
            put(name, Long.toString(epochNs), iso(epochNs));
            return epochNs;
        }

        /** The field tools show as the message's time. */
        long messageTime(final String name, final long epochNs)
        {
            timeNs = epochNs;
            return time(name, epochNs);
        }

        <E extends Enum<E>> E enumValue(final String name, final E value)
        {
            put(name, '"' + value.name() + '"', value.name());
            return value;
        }

        /** Fixed-length ASCII: samples avoid characters JSON escapes, so the literal is the plain quoted text. */
        String chars(final String name, final String value)
        {
            for (int i = 0; i < value.length(); i++)
            {
                final char c = value.charAt(i);
                if (c < ' ' || c > '~' || c == '"' || c == '\\')
                {
                    throw new IllegalArgumentException("sample fixed string needs escaping: " + value);
                }
            }
            final String literal = '"' + value + '"';
            put(name, literal, quotedInText(value) ? literal : value);
            return value;
        }

        /** Var data: the JSON literal is written out by hand, independent of any escaper under test. */
        String var(final String name, final String value, final String jsonLiteral)
        {
            put(name, jsonLiteral, quotedInText(value) ? jsonLiteral : value);
            return value;
        }

        byte[] hash(final String name, final int seed)
        {
            return hash(name, seed, 32);
        }

        byte[] hash(final String name, final int seed, final int length)
        {
            final byte[] bytes = new byte[length];
            for (int i = 0; i < bytes.length; i++)
            {
                bytes[i] = (byte)(seed * 37 + i * 29);
            }
            final String hex = HexFormat.of().formatHex(bytes);
            put(name, '"' + hex + '"', hex);
            return bytes;
        }

        private void put(final String name, final String jsonValue, final String textValue)
        {
            if (json.put(name, jsonValue) != null)
            {
                throw new IllegalStateException("sample field recorded twice: " + name);
            }
            text.put(name, textValue);
        }

        /** The text format's rule: strings that would not split back into one name=value pair are quoted. */
        private static boolean quotedInText(final String value)
        {
            if (value.isEmpty())
            {
                return true;
            }
            for (int i = 0; i < value.length(); i++)
            {
                final char c = value.charAt(i);
                if (c <= ' ' || c == '"' || c == '\\' || c == '=' || (c >= 0x7F && c <= 0x9F))
                {
                    return true;
                }
            }
            return false;
        }
    }
}

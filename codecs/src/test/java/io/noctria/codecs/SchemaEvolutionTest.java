package io.noctria.codecs;

import io.noctria.codecs.sbe.AlertDecoder;
import io.noctria.codecs.sbe.BrokerAckDecoder;
import io.noctria.codecs.sbe.BrokerRejectDecoder;
import io.noctria.codecs.sbe.CanceledDecoder;
import io.noctria.codecs.sbe.ControlDecoder;
import io.noctria.codecs.sbe.DuplicateSuppressedDecoder;
import io.noctria.codecs.sbe.EngineStartedDecoder;
import io.noctria.codecs.sbe.EngineStoppedDecoder;
import io.noctria.codecs.sbe.ExpiredDecoder;
import io.noctria.codecs.sbe.FillDecoder;
import io.noctria.codecs.sbe.InputRejectedDecoder;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderRequestDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.codecs.sbe.OutboxRecordedDecoder;
import io.noctria.codecs.sbe.PolicyLoadedDecoder;
import io.noctria.codecs.sbe.QualityDecisionDecoder;
import io.noctria.codecs.sbe.RiskDecisionDecoder;
import io.noctria.codecs.sbe.SendFailedDecoder;
import io.noctria.codecs.sbe.TradingPauseChangedDecoder;
import io.noctria.codecs.sbe.v1.*;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.Signal;
import uk.co.real_logic.sbe.ir.Token;
import uk.co.real_logic.sbe.xml.IrGenerator;
import uk.co.real_logic.sbe.xml.MessageSchema;
import uk.co.real_logic.sbe.xml.ParserOptions;
import uk.co.real_logic.sbe.xml.XmlSchemaParser;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Old journals stay readable: messages written with the v1 codecs (generated from the frozen copy of the schema,
 * package io.noctria.codecs.sbe.v1) decode with today's codecs and formatter; newer messages decode too.
 */
class SchemaEvolutionTest
{
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;

    private final MessageFormatter formatter = new MessageFormatter();
    private final MessageValidator validator = new MessageValidator();

    @Test
    void shouldKeepTheFrozenV1BlockLengthsEqualToTheV1Codecs()
    {
        final int[][] v1 = {
            { io.noctria.codecs.sbe.v1.OrderRequestDecoder.TEMPLATE_ID, io.noctria.codecs.sbe.v1.OrderRequestDecoder.BLOCK_LENGTH },
            { io.noctria.codecs.sbe.v1.ControlDecoder.TEMPLATE_ID, io.noctria.codecs.sbe.v1.ControlDecoder.BLOCK_LENGTH },
            { io.noctria.codecs.sbe.v1.QualityDecisionDecoder.TEMPLATE_ID, io.noctria.codecs.sbe.v1.QualityDecisionDecoder.BLOCK_LENGTH },
            { io.noctria.codecs.sbe.v1.RiskDecisionDecoder.TEMPLATE_ID, io.noctria.codecs.sbe.v1.RiskDecisionDecoder.BLOCK_LENGTH },
            { io.noctria.codecs.sbe.v1.AlertDecoder.TEMPLATE_ID, io.noctria.codecs.sbe.v1.AlertDecoder.BLOCK_LENGTH },
            { io.noctria.codecs.sbe.v1.TradingPauseChangedDecoder.TEMPLATE_ID, io.noctria.codecs.sbe.v1.TradingPauseChangedDecoder.BLOCK_LENGTH },
            { io.noctria.codecs.sbe.v1.OutboxRecordedDecoder.TEMPLATE_ID, io.noctria.codecs.sbe.v1.OutboxRecordedDecoder.BLOCK_LENGTH },
            { io.noctria.codecs.sbe.v1.DuplicateSuppressedDecoder.TEMPLATE_ID, io.noctria.codecs.sbe.v1.DuplicateSuppressedDecoder.BLOCK_LENGTH },
            { io.noctria.codecs.sbe.v1.OrderSentDecoder.TEMPLATE_ID, io.noctria.codecs.sbe.v1.OrderSentDecoder.BLOCK_LENGTH },
            { io.noctria.codecs.sbe.v1.BrokerAckDecoder.TEMPLATE_ID, io.noctria.codecs.sbe.v1.BrokerAckDecoder.BLOCK_LENGTH },
            { io.noctria.codecs.sbe.v1.FillDecoder.TEMPLATE_ID, io.noctria.codecs.sbe.v1.FillDecoder.BLOCK_LENGTH },
            { io.noctria.codecs.sbe.v1.BrokerRejectDecoder.TEMPLATE_ID, io.noctria.codecs.sbe.v1.BrokerRejectDecoder.BLOCK_LENGTH },
            { io.noctria.codecs.sbe.v1.ExpiredDecoder.TEMPLATE_ID, io.noctria.codecs.sbe.v1.ExpiredDecoder.BLOCK_LENGTH },
            { io.noctria.codecs.sbe.v1.CanceledDecoder.TEMPLATE_ID, io.noctria.codecs.sbe.v1.CanceledDecoder.BLOCK_LENGTH },
            { io.noctria.codecs.sbe.v1.SendFailedDecoder.TEMPLATE_ID, io.noctria.codecs.sbe.v1.SendFailedDecoder.BLOCK_LENGTH },
            { io.noctria.codecs.sbe.v1.PolicyLoadedDecoder.TEMPLATE_ID, io.noctria.codecs.sbe.v1.PolicyLoadedDecoder.BLOCK_LENGTH },
            { io.noctria.codecs.sbe.v1.EngineStartedDecoder.TEMPLATE_ID, io.noctria.codecs.sbe.v1.EngineStartedDecoder.BLOCK_LENGTH },
            { io.noctria.codecs.sbe.v1.EngineStoppedDecoder.TEMPLATE_ID, io.noctria.codecs.sbe.v1.EngineStoppedDecoder.BLOCK_LENGTH },
            { io.noctria.codecs.sbe.v1.InputRejectedDecoder.TEMPLATE_ID, io.noctria.codecs.sbe.v1.InputRejectedDecoder.BLOCK_LENGTH } };
        assertEquals(Messages.templateIds().length, v1.length + ADDED_AFTER_FREEZE.length,
            "every message is listed: in the frozen v1 copy or added to version 1 after it");
        for (final int[] entry : v1)
        {
            assertEquals(entry[1], MessageValidator.v1BlockLength(entry[0]), Messages.name(entry[0]));
        }
    }

    /**
     * Templates added to schema version 1 after the frozen copy was taken. A new template changes no existing
     * block, so old journals read exactly as before and no version bump is needed (an older build reports the
     * new template as an unknown-template excerpt either way). They are not in the frozen copy, so they are not
     * re-encoded with v1 codecs; their block length is frozen at the length they were introduced with.
     */
    private static final int[] ADDED_AFTER_FREEZE = {
        io.noctria.codecs.sbe.PolicyReloadDecoder.TEMPLATE_ID,
        io.noctria.codecs.sbe.OrderStatusQueryDecoder.TEMPLATE_ID,
        io.noctria.codecs.sbe.OrderStatusReportDecoder.TEMPLATE_ID,
        io.noctria.codecs.sbe.VenueOrderReceivedDecoder.TEMPLATE_ID,
        io.noctria.codecs.sbe.ReconcileRequestedDecoder.TEMPLATE_ID,
        io.noctria.codecs.sbe.OrderReconciledDecoder.TEMPLATE_ID,
        io.noctria.codecs.sbe.OperatorKeyDecoder.TEMPLATE_ID };

    @Test
    void shouldFreezeTheBlockLengthsOfTemplatesAddedAfterTheV1Copy()
    {
        assertEquals(io.noctria.codecs.sbe.OrderStatusQueryDecoder.BLOCK_LENGTH,
            MessageValidator.v1BlockLength(io.noctria.codecs.sbe.OrderStatusQueryDecoder.TEMPLATE_ID));
        assertEquals(io.noctria.codecs.sbe.OrderStatusReportDecoder.BLOCK_LENGTH,
            MessageValidator.v1BlockLength(io.noctria.codecs.sbe.OrderStatusReportDecoder.TEMPLATE_ID));
        assertEquals(io.noctria.codecs.sbe.VenueOrderReceivedDecoder.BLOCK_LENGTH,
            MessageValidator.v1BlockLength(io.noctria.codecs.sbe.VenueOrderReceivedDecoder.TEMPLATE_ID));
        // PolicyReload gained its signature in version 2; its version-1 block is frozen without it.
        assertEquals(io.noctria.codecs.sbe.PolicyReloadDecoder.BLOCK_LENGTH -
                io.noctria.codecs.sbe.PolicyReloadDecoder.signatureEncodingLength(),
            MessageValidator.v1BlockLength(io.noctria.codecs.sbe.PolicyReloadDecoder.TEMPLATE_ID));
        assertEquals(io.noctria.codecs.sbe.OperatorKeyDecoder.BLOCK_LENGTH,
            MessageValidator.v1BlockLength(io.noctria.codecs.sbe.OperatorKeyDecoder.TEMPLATE_ID));
        assertEquals(io.noctria.codecs.sbe.ReconcileRequestedDecoder.BLOCK_LENGTH,
            MessageValidator.v1BlockLength(io.noctria.codecs.sbe.ReconcileRequestedDecoder.TEMPLATE_ID));
        assertEquals(io.noctria.codecs.sbe.OrderReconciledDecoder.BLOCK_LENGTH,
            MessageValidator.v1BlockLength(io.noctria.codecs.sbe.OrderReconciledDecoder.TEMPLATE_ID));
        for (final int templateId : ADDED_AFTER_FREEZE)
        {
            final int length = MessageSamples.encode(templateId, sample, 0);
            assertTrue(validator.validate(sample, 0, length), validator::detail);
            assertFalse(validator.isNewerVersion(), Messages.name(templateId));
        }
    }

    private static boolean addedAfterFreeze(final int templateId)
    {
        for (final int added : ADDED_AFTER_FREEZE)
        {
            if (added == templateId)
            {
                return true;
            }
        }
        return false;
    }
    private final UnsafeBuffer sample = new UnsafeBuffer(new byte[MessageSamples.MAX_ENCODED_LENGTH]);
    private final UnsafeBuffer v1 = new UnsafeBuffer(new byte[MessageSamples.MAX_ENCODED_LENGTH]);
    private final StringBuilder out = new StringBuilder();

    @Test
    void shouldDecodeEveryMessageWrittenByTheV1CodecsWithTodaysCodecsAndFormatter()
    {
        for (final int templateId : Messages.templateIds())
        {
            if (addedAfterFreeze(templateId))
            {
                continue;
            }
            final String name = Messages.name(templateId);
            final int sampleLength = MessageSamples.encode(templateId, sample, 0);
            final int v1Length = encodeWithV1Codecs(templateId, sample, v1);
            assertEquals(1, v1.getShort(6, MessageHeaderDecoder.BYTE_ORDER), name + " written as version 1");

            assertTrue(validator.validate(v1, 0, v1Length), () -> name + ": " + validator.detail());
            assertFalse(validator.isNewerVersion(), name);
            if (MessageSamples.fieldsAddedInVersion2(templateId).isEmpty())
            {
                // The generated toString shows a v1 message's acting version as "1/<today's>"; the rest is equal.
                assertEquals(decodeWithTodaysCodecs(templateId, sample, sampleLength),
                    decodeWithTodaysCodecs(templateId, v1, v1Length).replace(
                        "sbeSchemaVersion=1/" + MessageHeaderDecoder.SCHEMA_VERSION + "|",
                        "sbeSchemaVersion=" + MessageHeaderDecoder.SCHEMA_VERSION + "|"), name + " through today's decoders");
            }

            out.setLength(0);
            formatter.appendJson(1, v1, 0, v1Length, out);
            assertEquals(MessageSamples.expectedJsonAsV1(1, templateId), out.toString(), name);
            out.setLength(0);
            formatter.appendText(1, v1, 0, v1Length, out);
            assertEquals(MessageSamples.expectedTextAsV1(1, templateId), out.toString(), name);
        }
    }

    @Test
    void shouldReadKnownValuesOfV1MessagesThroughTodaysGeneratedAccessors()
    {
        final int fillLength = encodeWithV1Codecs(FillDecoder.TEMPLATE_ID, sampleOf(FillDecoder.TEMPLATE_ID), v1);
        final FillDecoder fill = new FillDecoder().wrapAndApplyHeader(v1, 0, new MessageHeaderDecoder());
        assertEquals(fillLength, HEADER + fill.sbeDecodedLength());
        assertEquals(MessageSamples.BASE_TIME_NS + 32, fill.tsNs());
        assertEquals(400_000_000L, fill.fillQty());
        assertEquals(150_251_234L, fill.fillPrice());
        assertEquals(io.noctria.codecs.sbe.Liquidity.TAKER, fill.liquidity());
        assertEquals("NX7Q2M4K9D1F3H5M", fill.clOrdId());

        encodeWithV1Codecs(InputRejectedDecoder.TEMPLATE_ID, sampleOf(InputRejectedDecoder.TEMPLATE_ID), v1);
        final InputRejectedDecoder rejected = new InputRejectedDecoder().wrapAndApplyHeader(v1, 0, new MessageHeaderDecoder());
        assertEquals(io.noctria.codecs.sbe.InputRejectReason.INVALID_QTY, rejected.reason());
        assertEquals("bad field \"qty\":\n  \"1e3\"", rejected.detail());
    }

    @Test
    void shouldShowTheKnownFieldsOfANewerVersionWithALargerBlockOfEveryType()
    {
        for (final int templateId : Messages.templateIds())
        {
            final int length = MessageSamples.encodeNewerVersion(templateId, sample, 0, 5, 48);
            assertTrue(validator.validate(sample, 0, length), validator::detail);
            assertTrue(validator.isNewerVersion(), Messages.name(templateId));
            assertEquals(5, validator.version());

            out.setLength(0);
            formatter.appendJson(2, sample, 0, length, out);
            assertEquals("{\"index\":2,\"type\":\"" + Messages.name(templateId) + "\",\"schemaVersion\":5," +
                MessageSamples.expectedJsonFields(templateId) + "}", out.toString());
        }
    }

    /**
     * A formatter built from a future version of the schema (fields and var data added with sinceVersion 2)
     * shows those fields as null in v1 messages, and their values in v2 messages; today's formatter shows a v2
     * message's v1 fields and says it is newer.
     */
    @Test
    void shouldDecodeOlderAndNewerVersionsAgainstAFutureSchema() throws Exception
    {
        final Ir v2Ir = futureSchemaIr();
        final MessageFormatter v2Formatter = new MessageFormatter(v2Ir);
        final int orderSent = OrderSentDecoder.TEMPLATE_ID;

        // v1 message, v2 reader: the fields added later are absent, not read from whatever follows the block.
        int length = MessageSamples.encode(orderSent, sample, 0);
        out.setLength(0);
        v2Formatter.appendJsonFields(sample, 0, length, out);
        assertEquals(MessageSamples.expectedJsonFields(orderSent) + ",\"fee\":null,\"venue\":null", out.toString());

        // v2 message (written per the v2 IR's layout), v2 reader: the new values show.
        length = encodeV2OrderSent(v2Ir, 2_500L, "TOKYO");
        out.setLength(0);
        v2Formatter.appendJsonFields(sample, 0, length, out);
        assertEquals(MessageSamples.expectedJsonFields(orderSent) + ",\"fee\":0.0025,\"venue\":\"TOKYO\"", out.toString());
        out.setLength(0);
        v2Formatter.appendText(3, sample, 0, length, out);
        assertEquals(MessageSamples.expectedText(3, orderSent) + " fee=0.0025 venue=TOKYO", out.toString());

        // An optional field holding its null value.
        length = encodeV2OrderSent(v2Ir, Long.MIN_VALUE, "TOKYO");
        out.setLength(0);
        v2Formatter.appendJsonFields(sample, 0, length, out);
        assertTrue(out.toString().endsWith(",\"fee\":null,\"venue\":\"TOKYO\""), out.toString());

        // v2 message, today's reader: v1 fields, flagged as newer.
        length = encodeV2OrderSent(v2Ir, 2_500L, "TOKYO");
        out.setLength(0);
        formatter.appendJson(4, sample, 0, length, out);
        assertEquals("{\"index\":4,\"type\":\"OrderSent\",\"schemaVersion\":3," +
            MessageSamples.expectedJsonFields(orderSent) + "}", out.toString());

        // Var data added in v2 after the v1 var data.
        final int brokerReject = BrokerRejectDecoder.TEMPLATE_ID;
        length = MessageSamples.encode(brokerReject, sample, 0);
        out.setLength(0);
        v2Formatter.appendJsonFields(sample, 0, length, out);
        assertEquals(MessageSamples.expectedJsonFields(brokerReject) + ",\"venueText\":null", out.toString());

        final byte[] venueText = "desk \"7\"".getBytes(StandardCharsets.UTF_8);
        sample.putInt(length, venueText.length, MessageHeaderDecoder.BYTE_ORDER);
        sample.putBytes(length + 4, venueText);
        sample.putShort(6, (short)3, MessageHeaderDecoder.BYTE_ORDER);
        length += 4 + venueText.length;
        out.setLength(0);
        v2Formatter.appendJsonFields(sample, 0, length, out);
        assertEquals(MessageSamples.expectedJsonFields(brokerReject) + ",\"venueText\":\"desk \\\"7\\\"\"",
            out.toString());
        out.setLength(0);
        formatter.appendJsonFields(sample, 0, length, out);
        assertEquals("\"schemaVersion\":3," + MessageSamples.expectedJsonFields(brokerReject), out.toString());
        assertTrue(validator.validate(sample, 0, length));
        assertTrue(validator.isNewerVersion());
    }

    /**
     * A message claiming the next version with today's block passes the validator (which knows the v1 minimum) but its
     * v2 fields would lie past the block: the formatter reports it as malformed and leaves no half record behind.
     */
    @Test
    void shouldReportAMessageWhoseBlockIsTooShortForItsClaimedVersionAsMalformed() throws Exception
    {
        final MessageFormatter v2Formatter = new MessageFormatter(futureSchemaIr());
        final int length = MessageSamples.encode(OrderSentDecoder.TEMPLATE_ID, sample, 0);
        sample.putShort(6, (short)3, MessageHeaderDecoder.BYTE_ORDER);
        assertTrue(validator.validate(sample, 0, length), validator::detail);

        out.setLength(0);
        out.append("kept|");
        v2Formatter.appendJson(6, sample, 0, length, out);
        final String json = out.toString();
        assertTrue(json.startsWith("kept|{\"index\":6,\"type\":\"Invalid\",\"error\":\"MALFORMED\",\"detail\":" +
            "\"OrderSent does not decode against schema version 3"), json);
        FormattedOutput.jsonObject(json.substring("kept|".length()));

        out.setLength(0);
        v2Formatter.appendText(6, sample, 0, length, out);
        assertTrue(out.toString().startsWith("6 INVALID MALFORMED: OrderSent does not decode"), out.toString());
    }

    /** The OrderSent sample as the future schema writes it: version 3, the v3 block, fee and venue at their offsets. */
    private int encodeV2OrderSent(final Ir v2Ir, final long fee, final String venue)
    {
        final List<Token> tokens = v2Ir.getMessage(OrderSentDecoder.TEMPLATE_ID);
        final int length = MessageSamples.encode(OrderSentDecoder.TEMPLATE_ID, sample, 0);
        final int v2BlockLength = tokens.get(0).encodedLength();
        assertEquals(OrderSentDecoder.BLOCK_LENGTH + 8 + 16, v2BlockLength);
        sample.setMemory(length, v2BlockLength - OrderSentDecoder.BLOCK_LENGTH, (byte)0);
        sample.putLong(HEADER + offsetOf(tokens, "fee"), fee, MessageHeaderDecoder.BYTE_ORDER);
        sample.putStringWithoutLengthAscii(HEADER + offsetOf(tokens, "venue"), venue);
        sample.putShort(0, (short)v2BlockLength, MessageHeaderDecoder.BYTE_ORDER);
        sample.putShort(6, (short)3, MessageHeaderDecoder.BYTE_ORDER);
        return HEADER + v2BlockLength;
    }

    private static int offsetOf(final List<Token> tokens, final String field)
    {
        for (int i = 0; i < tokens.size(); i++)
        {
            if (tokens.get(i).signal() == Signal.BEGIN_FIELD && tokens.get(i).name().equals(field))
            {
                return tokens.get(i + 1).offset();
            }
        }
        throw new IllegalArgumentException("no field " + field);
    }

    /** Today's schema plus what a version 3 might add, following the schema's own evolution rule. */
    private static Ir futureSchemaIr() throws Exception
    {
        String xml = SchemaResources.schemaXml();
        xml = replaceOnce(xml, " version=\"2\"", " version=\"3\"");
        xml = replaceOnce(xml, "  </types>",
            "    <type name=\"OptionalNotional\" primitiveType=\"int64\" presence=\"optional\" semanticType=\"Notional\"/>\n" +
            "  </types>");
        final int orderSent = xml.indexOf("<sbe:message name=\"OrderSent\"");
        final int orderSentEnd = xml.indexOf("</sbe:message>", orderSent);
        xml = xml.substring(0, orderSentEnd) +
            "  <field name=\"fee\" id=\"13\" type=\"OptionalNotional\" sinceVersion=\"3\"/>\n" +
            "    <field name=\"venue\" id=\"14\" type=\"Symbol\" sinceVersion=\"3\"/>\n  " + xml.substring(orderSentEnd);
        final int brokerReject = xml.indexOf("<sbe:message name=\"BrokerReject\"");
        final int brokerRejectEnd = xml.indexOf("</sbe:message>", brokerReject);
        xml = xml.substring(0, brokerRejectEnd) +
            "  <data name=\"venueText\" id=\"8\" type=\"varUtf8Encoding\" sinceVersion=\"3\"/>\n  " +
            xml.substring(brokerRejectEnd);

        final MessageSchema schema = XmlSchemaParser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
            ParserOptions.builder().stopOnError(true).warningsFatal(true).build());
        final Ir ir = new IrGenerator().generate(schema);
        assertEquals(3, ir.version());
        return ir;
    }

    private static String replaceOnce(final String text, final String target, final String replacement)
    {
        final int at = text.indexOf(target);
        assertTrue(at >= 0 && text.indexOf(target, at + 1) < 0, "expected exactly one " + target);
        return text.substring(0, at) + replacement + text.substring(at + target.length());
    }

    private UnsafeBuffer sampleOf(final int templateId)
    {
        MessageSamples.encode(templateId, sample, 0);
        return sample;
    }

    /** Every field as today's generated decoder reads it. */
    private static String decodeWithTodaysCodecs(final int templateId, final DirectBuffer buffer, final int length)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final StringBuilder text = new StringBuilder();
        final int decodedLength;
        switch (templateId)
        {
            case OrderRequestDecoder.TEMPLATE_ID:
            {
                final OrderRequestDecoder d = new OrderRequestDecoder().wrapAndApplyHeader(buffer, 0, header);
                d.appendTo(text);
                decodedLength = d.sbeDecodedLength();
                break;
            }
            case ControlDecoder.TEMPLATE_ID:
            {
                final ControlDecoder d = new ControlDecoder().wrapAndApplyHeader(buffer, 0, header);
                d.appendTo(text);
                decodedLength = d.sbeDecodedLength();
                break;
            }
            case QualityDecisionDecoder.TEMPLATE_ID:
            {
                final QualityDecisionDecoder d = new QualityDecisionDecoder().wrapAndApplyHeader(buffer, 0, header);
                d.appendTo(text);
                decodedLength = d.sbeDecodedLength();
                break;
            }
            case RiskDecisionDecoder.TEMPLATE_ID:
            {
                final RiskDecisionDecoder d = new RiskDecisionDecoder().wrapAndApplyHeader(buffer, 0, header);
                d.appendTo(text);
                decodedLength = d.sbeDecodedLength();
                break;
            }
            case AlertDecoder.TEMPLATE_ID:
            {
                final AlertDecoder d = new AlertDecoder().wrapAndApplyHeader(buffer, 0, header);
                d.appendTo(text);
                decodedLength = d.sbeDecodedLength();
                break;
            }
            case TradingPauseChangedDecoder.TEMPLATE_ID:
            {
                final TradingPauseChangedDecoder d =
                    new TradingPauseChangedDecoder().wrapAndApplyHeader(buffer, 0, header);
                d.appendTo(text);
                decodedLength = d.sbeDecodedLength();
                break;
            }
            case OutboxRecordedDecoder.TEMPLATE_ID:
            {
                final OutboxRecordedDecoder d = new OutboxRecordedDecoder().wrapAndApplyHeader(buffer, 0, header);
                d.appendTo(text);
                decodedLength = d.sbeDecodedLength();
                break;
            }
            case DuplicateSuppressedDecoder.TEMPLATE_ID:
            {
                final DuplicateSuppressedDecoder d =
                    new DuplicateSuppressedDecoder().wrapAndApplyHeader(buffer, 0, header);
                d.appendTo(text);
                decodedLength = d.sbeDecodedLength();
                break;
            }
            case OrderSentDecoder.TEMPLATE_ID:
            {
                final OrderSentDecoder d = new OrderSentDecoder().wrapAndApplyHeader(buffer, 0, header);
                d.appendTo(text);
                decodedLength = d.sbeDecodedLength();
                break;
            }
            case BrokerAckDecoder.TEMPLATE_ID:
            {
                final BrokerAckDecoder d = new BrokerAckDecoder().wrapAndApplyHeader(buffer, 0, header);
                d.appendTo(text);
                decodedLength = d.sbeDecodedLength();
                break;
            }
            case FillDecoder.TEMPLATE_ID:
            {
                final FillDecoder d = new FillDecoder().wrapAndApplyHeader(buffer, 0, header);
                d.appendTo(text);
                decodedLength = d.sbeDecodedLength();
                break;
            }
            case BrokerRejectDecoder.TEMPLATE_ID:
            {
                final BrokerRejectDecoder d = new BrokerRejectDecoder().wrapAndApplyHeader(buffer, 0, header);
                d.appendTo(text);
                decodedLength = d.sbeDecodedLength();
                break;
            }
            case ExpiredDecoder.TEMPLATE_ID:
            {
                final ExpiredDecoder d = new ExpiredDecoder().wrapAndApplyHeader(buffer, 0, header);
                d.appendTo(text);
                decodedLength = d.sbeDecodedLength();
                break;
            }
            case CanceledDecoder.TEMPLATE_ID:
            {
                final CanceledDecoder d = new CanceledDecoder().wrapAndApplyHeader(buffer, 0, header);
                d.appendTo(text);
                decodedLength = d.sbeDecodedLength();
                break;
            }
            case SendFailedDecoder.TEMPLATE_ID:
            {
                final SendFailedDecoder d = new SendFailedDecoder().wrapAndApplyHeader(buffer, 0, header);
                d.appendTo(text);
                decodedLength = d.sbeDecodedLength();
                break;
            }
            case PolicyLoadedDecoder.TEMPLATE_ID:
            {
                final PolicyLoadedDecoder d = new PolicyLoadedDecoder().wrapAndApplyHeader(buffer, 0, header);
                d.appendTo(text);
                decodedLength = d.sbeDecodedLength();
                break;
            }
            case EngineStartedDecoder.TEMPLATE_ID:
            {
                final EngineStartedDecoder d = new EngineStartedDecoder().wrapAndApplyHeader(buffer, 0, header);
                d.appendTo(text);
                decodedLength = d.sbeDecodedLength();
                break;
            }
            case EngineStoppedDecoder.TEMPLATE_ID:
            {
                final EngineStoppedDecoder d = new EngineStoppedDecoder().wrapAndApplyHeader(buffer, 0, header);
                d.appendTo(text);
                decodedLength = d.sbeDecodedLength();
                break;
            }
            case InputRejectedDecoder.TEMPLATE_ID:
            {
                final InputRejectedDecoder d = new InputRejectedDecoder().wrapAndApplyHeader(buffer, 0, header);
                d.appendTo(text);
                decodedLength = d.sbeDecodedLength();
                break;
            }
            default:
                throw new IllegalArgumentException("template " + templateId);
        }
        assertEquals(length, HEADER + decodedLength, Messages.name(templateId) + " decoded length");
        return text.toString();
    }

    /**
     * Re-encodes the sample in {@code from} with the v1 codecs: every value is read with today's decoders and
     * written with the v1 encoders, so the v1 layout, not a byte copy, produces the bytes in {@code to}.
     */
    private static int encodeWithV1Codecs(final int templateId, final DirectBuffer from, final UnsafeBuffer to)
    {
        to.setMemory(0, to.capacity(), (byte)0);
        final io.noctria.codecs.sbe.MessageHeaderDecoder header = new io.noctria.codecs.sbe.MessageHeaderDecoder();
        final MessageHeaderEncoder v1Header = new MessageHeaderEncoder();
        final byte[] hash = new byte[32];
        switch (templateId)
        {
            case OrderRequestDecoder.TEMPLATE_ID:
            {
                final OrderRequestDecoder d = new OrderRequestDecoder().wrapAndApplyHeader(from, 0, header);
                d.getIdempotencyKey(hash, 0, 32);
                final OrderRequestEncoder e = new OrderRequestEncoder().wrapAndApplyHeader(to, 0, v1Header)
                    .inboundIndex(d.inboundIndex()).ingressNs(d.ingressNs()).clientTsNs(d.clientTsNs())
                    .qty(d.qty()).price(d.price()).missingRatio(d.missingRatio()).dataLagMs(d.dataLagMs())
                    .side(Side.get(d.sideRaw())).orderType(OrderType.get(d.orderTypeRaw()))
                    .timeInForce(TimeInForce.get(d.timeInForceRaw())).keyPresent(BooleanType.get(d.keyPresentRaw()))
                    .symbol(d.symbol()).traceId(d.traceId()).strategy(d.strategy())
                    .putIdempotencyKey(hash, 0, 32);
                return HEADER + e.encodedLength();
            }
            case ControlDecoder.TEMPLATE_ID:
            {
                final ControlDecoder d = new ControlDecoder().wrapAndApplyHeader(from, 0, header);
                final ControlEncoder e = new ControlEncoder().wrapAndApplyHeader(to, 0, v1Header)
                    .inboundIndex(d.inboundIndex()).ingressNs(d.ingressNs()).submittedNs(d.submittedNs())
                    .action(ControlAction.get(d.actionRaw())).operatorName(d.operatorName())
                    .reason(d.reason());
                return HEADER + e.encodedLength();
            }
            case QualityDecisionDecoder.TEMPLATE_ID:
            {
                final QualityDecisionDecoder d = new QualityDecisionDecoder().wrapAndApplyHeader(from, 0, header);
                d.getIdempotencyKey(hash, 0, 32);
                final QualityDecisionEncoder e = new QualityDecisionEncoder().wrapAndApplyHeader(to, 0, v1Header)
                    .tsNs(d.tsNs()).inputIndex(d.inputIndex()).originalQty(d.originalQty()).finalQty(d.finalQty())
                    .factor(d.factor()).missingRatio(d.missingRatio()).dataLagMs(d.dataLagMs())
                    .verdict(QualityVerdict.get(d.verdictRaw())).reason(QualityReason.get(d.reasonRaw()))
                    .traceId(d.traceId()).putIdempotencyKey(hash, 0, 32);
                return HEADER + e.encodedLength();
            }
            case RiskDecisionDecoder.TEMPLATE_ID:
            {
                final RiskDecisionDecoder d = new RiskDecisionDecoder().wrapAndApplyHeader(from, 0, header);
                d.getIdempotencyKey(hash, 0, 32);
                final RiskDecisionEncoder e = new RiskDecisionEncoder().wrapAndApplyHeader(to, 0, v1Header)
                    .tsNs(d.tsNs()).inputIndex(d.inputIndex()).originalQty(d.originalQty()).finalQty(d.finalQty())
                    .limitValue(d.limitValue()).observedValue(d.observedValue())
                    .verdict(RiskVerdict.get(d.verdictRaw())).rule(RiskRule.get(d.ruleRaw()))
                    .severity(Severity.get(d.severityRaw())).symbol(d.symbol()).policy(d.policy())
                    .traceId(d.traceId()).putIdempotencyKey(hash, 0, 32);
                return HEADER + e.encodedLength();
            }
            case AlertDecoder.TEMPLATE_ID:
            {
                final AlertDecoder d = new AlertDecoder().wrapAndApplyHeader(from, 0, header);
                final AlertEncoder e = new AlertEncoder().wrapAndApplyHeader(to, 0, v1Header)
                    .tsNs(d.tsNs()).inputIndex(d.inputIndex()).code(AlertCode.get(d.codeRaw()))
                    .severity(Severity.get(d.severityRaw())).rule(RiskRule.get(d.ruleRaw()))
                    .policy(d.policy()).traceId(d.traceId()).message(d.message());
                return HEADER + e.encodedLength();
            }
            case TradingPauseChangedDecoder.TEMPLATE_ID:
            {
                final TradingPauseChangedDecoder d = new TradingPauseChangedDecoder().wrapAndApplyHeader(from, 0, header);
                final TradingPauseChangedEncoder e = new TradingPauseChangedEncoder().wrapAndApplyHeader(to, 0, v1Header)
                    .tsNs(d.tsNs()).inputIndex(d.inputIndex()).paused(BooleanType.get(d.pausedRaw()))
                    .source(PauseSource.get(d.sourceRaw())).operatorName(d.operatorName()).reason(d.reason());
                return HEADER + e.encodedLength();
            }
            case OutboxRecordedDecoder.TEMPLATE_ID:
            {
                final OutboxRecordedDecoder d = new OutboxRecordedDecoder().wrapAndApplyHeader(from, 0, header);
                d.getIdempotencyKey(hash, 0, 32);
                final OutboxRecordedEncoder e = new OutboxRecordedEncoder().wrapAndApplyHeader(to, 0, v1Header)
                    .tsNs(d.tsNs()).inputIndex(d.inputIndex()).qty(d.qty()).price(d.price())
                    .side(Side.get(d.sideRaw())).orderType(OrderType.get(d.orderTypeRaw()))
                    .timeInForce(TimeInForce.get(d.timeInForceRaw())).symbol(d.symbol()).traceId(d.traceId())
                    .clOrdId(d.clOrdId()).putIdempotencyKey(hash, 0, 32);
                return HEADER + e.encodedLength();
            }
            case DuplicateSuppressedDecoder.TEMPLATE_ID:
            {
                final DuplicateSuppressedDecoder d = new DuplicateSuppressedDecoder().wrapAndApplyHeader(from, 0, header);
                d.getIdempotencyKey(hash, 0, 32);
                final DuplicateSuppressedEncoder e = new DuplicateSuppressedEncoder().wrapAndApplyHeader(to, 0, v1Header)
                    .tsNs(d.tsNs()).inputIndex(d.inputIndex()).firstInputIndex(d.firstInputIndex())
                    .traceId(d.traceId()).putIdempotencyKey(hash, 0, 32);
                return HEADER + e.encodedLength();
            }
            case OrderSentDecoder.TEMPLATE_ID:
            {
                final OrderSentDecoder d = new OrderSentDecoder().wrapAndApplyHeader(from, 0, header);
                d.getIdempotencyKey(hash, 0, 32);
                final OrderSentEncoder e = new OrderSentEncoder().wrapAndApplyHeader(to, 0, v1Header)
                    .tsNs(d.tsNs()).inputIndex(d.inputIndex()).qty(d.qty()).price(d.price()).attempt(d.attempt())
                    .side(Side.get(d.sideRaw())).orderType(OrderType.get(d.orderTypeRaw()))
                    .timeInForce(TimeInForce.get(d.timeInForceRaw())).symbol(d.symbol()).traceId(d.traceId())
                    .clOrdId(d.clOrdId()).putIdempotencyKey(hash, 0, 32);
                return HEADER + e.encodedLength();
            }
            case BrokerAckDecoder.TEMPLATE_ID:
            {
                final BrokerAckDecoder d = new BrokerAckDecoder().wrapAndApplyHeader(from, 0, header);
                d.getIdempotencyKey(hash, 0, 32);
                final BrokerAckEncoder e = new BrokerAckEncoder().wrapAndApplyHeader(to, 0, v1Header)
                    .tsNs(d.tsNs()).brokerTsNs(d.brokerTsNs()).brokerOrderId(d.brokerOrderId())
                    .clOrdId(d.clOrdId()).traceId(d.traceId()).putIdempotencyKey(hash, 0, 32);
                return HEADER + e.encodedLength();
            }
            case FillDecoder.TEMPLATE_ID:
            {
                final FillDecoder d = new FillDecoder().wrapAndApplyHeader(from, 0, header);
                d.getIdempotencyKey(hash, 0, 32);
                final FillEncoder e = new FillEncoder().wrapAndApplyHeader(to, 0, v1Header)
                    .tsNs(d.tsNs()).brokerTsNs(d.brokerTsNs()).brokerOrderId(d.brokerOrderId()).execId(d.execId())
                    .fillQty(d.fillQty()).fillPrice(d.fillPrice()).cumQty(d.cumQty()).leavesQty(d.leavesQty())
                    .fillType(FillType.get(d.fillTypeRaw())).liquidity(Liquidity.get(d.liquidityRaw()))
                    .clOrdId(d.clOrdId()).traceId(d.traceId()).putIdempotencyKey(hash, 0, 32);
                return HEADER + e.encodedLength();
            }
            case BrokerRejectDecoder.TEMPLATE_ID:
            {
                final BrokerRejectDecoder d = new BrokerRejectDecoder().wrapAndApplyHeader(from, 0, header);
                d.getIdempotencyKey(hash, 0, 32);
                final BrokerRejectEncoder e = new BrokerRejectEncoder().wrapAndApplyHeader(to, 0, v1Header)
                    .tsNs(d.tsNs()).brokerTsNs(d.brokerTsNs()).reason(BrokerRejectReason.get(d.reasonRaw()))
                    .clOrdId(d.clOrdId()).traceId(d.traceId()).putIdempotencyKey(hash, 0, 32).text(d.text());
                return HEADER + e.encodedLength();
            }
            case ExpiredDecoder.TEMPLATE_ID:
            {
                final ExpiredDecoder d = new ExpiredDecoder().wrapAndApplyHeader(from, 0, header);
                d.getIdempotencyKey(hash, 0, 32);
                final ExpiredEncoder e = new ExpiredEncoder().wrapAndApplyHeader(to, 0, v1Header)
                    .tsNs(d.tsNs()).brokerTsNs(d.brokerTsNs()).brokerOrderId(d.brokerOrderId()).cumQty(d.cumQty())
                    .clOrdId(d.clOrdId()).traceId(d.traceId()).putIdempotencyKey(hash, 0, 32);
                return HEADER + e.encodedLength();
            }
            case CanceledDecoder.TEMPLATE_ID:
            {
                final CanceledDecoder d = new CanceledDecoder().wrapAndApplyHeader(from, 0, header);
                d.getIdempotencyKey(hash, 0, 32);
                final CanceledEncoder e = new CanceledEncoder().wrapAndApplyHeader(to, 0, v1Header)
                    .tsNs(d.tsNs()).brokerTsNs(d.brokerTsNs()).brokerOrderId(d.brokerOrderId()).cumQty(d.cumQty())
                    .clOrdId(d.clOrdId()).traceId(d.traceId()).putIdempotencyKey(hash, 0, 32);
                return HEADER + e.encodedLength();
            }
            case SendFailedDecoder.TEMPLATE_ID:
            {
                final SendFailedDecoder d = new SendFailedDecoder().wrapAndApplyHeader(from, 0, header);
                d.getIdempotencyKey(hash, 0, 32);
                final SendFailedEncoder e = new SendFailedEncoder().wrapAndApplyHeader(to, 0, v1Header)
                    .tsNs(d.tsNs()).retryAtNs(d.retryAtNs()).attempt(d.attempt())
                    .errorCode(BrokerErrorCode.get(d.errorCodeRaw())).finalAttempt(BooleanType.get(d.finalAttemptRaw()))
                    .clOrdId(d.clOrdId()).traceId(d.traceId()).putIdempotencyKey(hash, 0, 32);
                return HEADER + e.encodedLength();
            }
            case PolicyLoadedDecoder.TEMPLATE_ID:
            {
                final PolicyLoadedDecoder d = new PolicyLoadedDecoder().wrapAndApplyHeader(from, 0, header);
                d.getPolicyHash(hash, 0, 32);
                final PolicyLoadedEncoder e = new PolicyLoadedEncoder().wrapAndApplyHeader(to, 0, v1Header)
                    .tsNs(d.tsNs()).putPolicyHash(hash, 0, 32).overrides(d.overrides()).source(d.source());
                return HEADER + e.encodedLength();
            }
            case EngineStartedDecoder.TEMPLATE_ID:
            {
                final EngineStartedDecoder d = new EngineStartedDecoder().wrapAndApplyHeader(from, 0, header);
                final EngineStartedEncoder e = new EngineStartedEncoder().wrapAndApplyHeader(to, 0, v1Header)
                    .tsNs(d.tsNs()).resumeInboundIndex(d.resumeInboundIndex()).recoveredEvents(d.recoveredEvents())
                    .demo(BooleanType.get(d.demoRaw())).version(d.version());
                d.getConfigHash(hash, 0, 32);
                e.putConfigHash(hash, 0, 32);
                d.getPolicyHash(hash, 0, 32);
                e.putPolicyHash(hash, 0, 32);
                d.getStateHash(hash, 0, 32);
                e.putStateHash(hash, 0, 32);
                return HEADER + e.encodedLength();
            }
            case EngineStoppedDecoder.TEMPLATE_ID:
            {
                final EngineStoppedDecoder d = new EngineStoppedDecoder().wrapAndApplyHeader(from, 0, header);
                d.getStateHash(hash, 0, 32);
                final EngineStoppedEncoder e = new EngineStoppedEncoder().wrapAndApplyHeader(to, 0, v1Header)
                    .tsNs(d.tsNs()).lastInboundIndex(d.lastInboundIndex()).reason(StopReason.get(d.reasonRaw()))
                    .putStateHash(hash, 0, 32);
                return HEADER + e.encodedLength();
            }
            case InputRejectedDecoder.TEMPLATE_ID:
            {
                final InputRejectedDecoder d = new InputRejectedDecoder().wrapAndApplyHeader(from, 0, header);
                final InputRejectedEncoder e = new InputRejectedEncoder().wrapAndApplyHeader(to, 0, v1Header)
                    .tsNs(d.tsNs()).inboundIndex(d.inboundIndex()).reason(InputRejectReason.get(d.reasonRaw()))
                    .traceId(d.traceId()).detail(d.detail());
                return HEADER + e.encodedLength();
            }
            default:
                throw new IllegalArgumentException("template " + templateId);
        }
    }
}

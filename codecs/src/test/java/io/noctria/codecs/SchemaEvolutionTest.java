package io.noctria.codecs;

import io.noctria.codecs.sbe.BrokerRejectDecoder;
import io.noctria.codecs.sbe.FillDecoder;
import io.noctria.codecs.sbe.InputRejectedDecoder;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;
import org.junit.jupiter.api.Test;
import uk.co.real_logic.sbe.PrimitiveType;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.Signal;
import uk.co.real_logic.sbe.ir.Token;
import uk.co.real_logic.sbe.xml.IrGenerator;
import uk.co.real_logic.sbe.xml.MessageSchema;
import uk.co.real_logic.sbe.xml.ParserOptions;
import uk.co.real_logic.sbe.xml.XmlSchemaParser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
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
    private static final String TODAY_PACKAGE = "io.noctria.codecs.sbe";
    private static final String V1_PACKAGE = "io.noctria.codecs.sbe.v1";
    /** The frozen copy of the schema, from which the v1 codecs are generated. */
    private static final Ir V1_IR = parseIr(readResource("/sbe/noctria-schema-v1.xml"));

    private final MessageFormatter formatter = new MessageFormatter();
    private final MessageValidator validator = new MessageValidator();

    @Test
    void shouldKeepTheFrozenV1BlockLengthsEqualToTheV1Codecs() throws ReflectiveOperationException
    {
        assertEquals(Messages.templateIds().length,
            V1_IR.messages().size() + ADDED_AFTER_FREEZE.length + ADDED_IN_VERSION_3.length,
            "every message is listed: in the frozen v1 copy, added to version 1 after it, or added in version 3");
        for (final List<Token> message : V1_IR.messages())
        {
            final int templateId = message.get(0).id();
            final Class<?> v1Decoder = Class.forName(V1_PACKAGE + "." + Messages.name(templateId) + "Decoder");
            assertEquals(templateId, v1Decoder.getField("TEMPLATE_ID").getInt(null), Messages.name(templateId));
            assertEquals(v1Decoder.getField("BLOCK_LENGTH").getInt(null), MessageValidator.v1BlockLength(templateId),
                Messages.name(templateId));
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

    /**
     * The events of an OrderRequest's frame that refer to it instead of copying its trace id, key and symbol
     * (schema version 3): new templates, so the schema-2 layouts of the old ids read as before.
     */
    private static final int[] ADDED_IN_VERSION_3 = {
        io.noctria.codecs.sbe.QualityDecisionDecoder.TEMPLATE_ID,
        io.noctria.codecs.sbe.RiskDecisionDecoder.TEMPLATE_ID,
        io.noctria.codecs.sbe.RequestKeyedDecoder.TEMPLATE_ID,
        io.noctria.codecs.sbe.OutboxRecordedDecoder.TEMPLATE_ID,
        io.noctria.codecs.sbe.DuplicateSuppressedDecoder.TEMPLATE_ID,
        // Actions beyond new orders (issue 13): additive templates of version 3, no block changed.
        io.noctria.codecs.sbe.CancelRequestDecoder.TEMPLATE_ID,
        io.noctria.codecs.sbe.ReplaceRequestDecoder.TEMPLATE_ID,
        io.noctria.codecs.sbe.CancelAllDecoder.TEMPLATE_ID,
        io.noctria.codecs.sbe.ActionRefusedDecoder.TEMPLATE_ID,
        io.noctria.codecs.sbe.CancelSentDecoder.TEMPLATE_ID,
        io.noctria.codecs.sbe.ReplaceSentDecoder.TEMPLATE_ID,
        io.noctria.codecs.sbe.ReplacedDecoder.TEMPLATE_ID,
        io.noctria.codecs.sbe.CancelRejectDecoder.TEMPLATE_ID,
        // Bad input from the venue, journaled (issue 13).
        io.noctria.codecs.sbe.VenueInputRefusedDecoder.TEMPLATE_ID };

    @Test
    void shouldFreezeTheBlockLengthsOfTemplatesAddedAfterTheV1Copy()
    {
        final Ir today = SchemaResources.loadIr();
        final int[] added = java.util.stream.IntStream.concat(
            java.util.Arrays.stream(ADDED_AFTER_FREEZE), java.util.Arrays.stream(ADDED_IN_VERSION_3)).toArray();
        for (final int templateId : added)
        {
            // Today's block less the fields added since version 1 (PolicyReload gained its signature in version 2).
            final List<Token> tokens = today.getMessage(templateId);
            int addedSinceVersion1 = 0;
            for (int i = 0; i < tokens.size(); i++)
            {
                if (tokens.get(i).signal() == Signal.BEGIN_FIELD && tokens.get(i).version() > 1)
                {
                    addedSinceVersion1 += tokens.get(i + 1).encodedLength();
                }
            }
            assertEquals(tokens.get(0).encodedLength() - addedSinceVersion1, MessageValidator.v1BlockLength(templateId),
                Messages.name(templateId));

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
        for (final int added : ADDED_IN_VERSION_3)
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
        assertEquals("{\"index\":4,\"type\":\"OrderSent\",\"schemaVersion\":4," +
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
        sample.putShort(6, (short)4, MessageHeaderDecoder.BYTE_ORDER);
        length += 4 + venueText.length;
        out.setLength(0);
        v2Formatter.appendJsonFields(sample, 0, length, out);
        assertEquals(MessageSamples.expectedJsonFields(brokerReject) + ",\"venueText\":\"desk \\\"7\\\"\"",
            out.toString());
        out.setLength(0);
        formatter.appendJsonFields(sample, 0, length, out);
        assertEquals("\"schemaVersion\":4," + MessageSamples.expectedJsonFields(brokerReject), out.toString());
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
        sample.putShort(6, (short)4, MessageHeaderDecoder.BYTE_ORDER);
        assertTrue(validator.validate(sample, 0, length), validator::detail);

        out.setLength(0);
        out.append("kept|");
        v2Formatter.appendJson(6, sample, 0, length, out);
        final String json = out.toString();
        assertTrue(json.startsWith("kept|{\"index\":6,\"type\":\"Invalid\",\"error\":\"MALFORMED\",\"detail\":" +
            "\"OrderSent does not decode against schema version 4"), json);
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
        sample.putShort(6, (short)4, MessageHeaderDecoder.BYTE_ORDER);
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

    /** Today's schema plus what a version 4 might add, following the schema's own evolution rule. */
    private static Ir futureSchemaIr() throws Exception
    {
        String xml = SchemaResources.schemaXml();
        xml = replaceOnce(xml, " version=\"3\"", " version=\"4\"");
        xml = replaceOnce(xml, "  </types>",
            "    <type name=\"OptionalNotional\" primitiveType=\"int64\" presence=\"optional\" semanticType=\"Notional\"/>\n" +
            "  </types>");
        final int orderSent = xml.indexOf("<sbe:message name=\"OrderSent\"");
        final int orderSentEnd = xml.indexOf("</sbe:message>", orderSent);
        xml = xml.substring(0, orderSentEnd) +
            "  <field name=\"fee\" id=\"13\" type=\"OptionalNotional\" sinceVersion=\"4\"/>\n" +
            "    <field name=\"venue\" id=\"14\" type=\"Symbol\" sinceVersion=\"4\"/>\n  " + xml.substring(orderSentEnd);
        final int brokerReject = xml.indexOf("<sbe:message name=\"BrokerReject\"");
        final int brokerRejectEnd = xml.indexOf("</sbe:message>", brokerReject);
        xml = xml.substring(0, brokerRejectEnd) +
            "  <data name=\"venueText\" id=\"8\" type=\"varUtf8Encoding\" sinceVersion=\"4\"/>\n  " +
            xml.substring(brokerRejectEnd);

        final Ir ir = parseIr(xml);
        assertEquals(4, ir.version());
        return ir;
    }

    private static Ir parseIr(final String xml)
    {
        try
        {
            final MessageSchema schema = XmlSchemaParser.parse(
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
                ParserOptions.builder().stopOnError(true).warningsFatal(true).build());
            return new IrGenerator().generate(schema);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("schema does not parse", ex);
        }
    }

    private static String readResource(final String resource)
    {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + resource, ex);
        }
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
        final MessageDecoderFlyweight decoder = todaysDecoder(templateId, buffer);
        final String text = decoder.appendTo(new StringBuilder()).toString();
        assertEquals(length, HEADER + decoder.sbeDecodedLength(), Messages.name(templateId) + " decoded length");
        return text;
    }

    /** Today's generated decoder of the message in {@code buffer}, wrapped as its header says. */
    private static MessageDecoderFlyweight todaysDecoder(final int templateId, final DirectBuffer buffer)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        assertEquals(templateId, header.templateId(), Messages.name(templateId));
        final MessageDecoderFlyweight decoder = generated(TODAY_PACKAGE, templateId, "Decoder");
        return decoder.wrap(buffer, HEADER, header.blockLength(), header.version());
    }

    /**
     * Re-encodes the sample in {@code from} with the v1 codecs: every field the frozen v1 schema names is read with
     * today's generated decoder and written with the v1 generated encoder, in schema order (var data must be), so
     * the v1 layout, not a byte copy, produces the bytes in {@code to}. The v1 IR lists the fields, so a message of
     * the frozen copy needs no code of its own here.
     */
    private static int encodeWithV1Codecs(final int templateId, final DirectBuffer from, final UnsafeBuffer to)
    {
        to.setMemory(0, to.capacity(), (byte)0);
        final MessageDecoderFlyweight decoder = todaysDecoder(templateId, from);
        // The v1 codecs are generated without the flyweight interfaces: their methods are found by name.
        final Object encoder = generated(V1_PACKAGE, templateId, "Encoder");
        invoke(encoder, "wrapAndApplyHeader", new Class<?>[] {MutableDirectBuffer.class, int.class,
            io.noctria.codecs.sbe.v1.MessageHeaderEncoder.class}, to, 0, new io.noctria.codecs.sbe.v1.MessageHeaderEncoder());
        final List<Token> tokens = V1_IR.getMessage(templateId);
        for (int i = 0; i < tokens.size(); i++)
        {
            final Token token = tokens.get(i);
            if (token.signal() == Signal.BEGIN_FIELD || token.signal() == Signal.BEGIN_VAR_DATA)
            {
                copyField(token.name(), tokens.get(i + 1), decoder, encoder);
            }
        }
        return HEADER + (int)invoke(encoder, "encodedLength", new Class<?>[0]);
    }

    private static Object invoke(final Object target, final String method, final Class<?>[] types, final Object... args)
    {
        try
        {
            return target.getClass().getMethod(method, types).invoke(target, args);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new AssertionError("cannot call " + target.getClass().getName() + "." + method, ex);
        }
    }

    /**
     * Copies one field through the generated accessors: an enum by its raw code (the v1 enum's {@code get}), a
     * uint8 array by {@code getX}/{@code putX}, anything else (integers, fixed strings, var data) through the
     * decoder's getter and the encoder's setter of the same type.
     */
    private static void copyField(final String field, final Token type, final Object decoder, final Object encoder)
    {
        try
        {
            if (type.signal() == Signal.BEGIN_ENUM)
            {
                final Object raw = decoder.getClass().getMethod(field + "Raw").invoke(decoder);
                final Method setter = oneArgumentMethod(encoder.getClass(), field);
                final Method get = oneArgumentMethod(setter.getParameterTypes()[0], "get");
                setter.invoke(encoder, get.invoke(null, raw));
            }
            else if (type.signal() == Signal.ENCODING && type.arrayLength() > 1 &&
                type.encoding().primitiveType() == PrimitiveType.UINT8)
            {
                final String suffix = Character.toUpperCase(field.charAt(0)) + field.substring(1);
                final byte[] bytes = new byte[type.arrayLength()];
                decoder.getClass().getMethod("get" + suffix, byte[].class, int.class, int.class)
                    .invoke(decoder, bytes, 0, bytes.length);
                encoder.getClass().getMethod("put" + suffix, byte[].class, int.class, int.class)
                    .invoke(encoder, bytes, 0, bytes.length);
            }
            else
            {
                final Method getter = decoder.getClass().getMethod(field);
                encoder.getClass().getMethod(field, getter.getReturnType()).invoke(encoder, getter.invoke(decoder));
            }
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new AssertionError("cannot copy " + field + " from " + decoder.getClass().getSimpleName() +
                " to " + encoder.getClass().getName(), ex);
        }
    }

    private static Method oneArgumentMethod(final Class<?> type, final String name)
    {
        for (final Method method : type.getMethods())
        {
            if (method.getName().equals(name) && method.getParameterCount() == 1)
            {
                return method;
            }
        }
        throw new AssertionError("no method " + name + "(x) in " + type.getName());
    }

    /** A new instance of the generated {@code <message name><suffix>} class of a codecs package. */
    @SuppressWarnings("unchecked")
    private static <T> T generated(final String codecsPackage, final int templateId, final String suffix)
    {
        // The frozen v1 copy names the messages that schema 3 renamed (QualityDecision, 10) by their old names.
        final String className = codecsPackage + "." +
            (V1_PACKAGE.equals(codecsPackage) ? Messages.name(templateId) : Messages.schemaName(templateId)) + suffix;
        try
        {
            return (T)Class.forName(className).getDeclaredConstructor().newInstance();
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new AssertionError("no generated " + className, ex);
        }
    }
}

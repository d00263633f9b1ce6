package io.noctria.codecs;

import io.noctria.codecs.sbe.*;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.Signal;
import uk.co.real_logic.sbe.ir.Token;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class MessageFormatterTest
{
    private final MessageFormatter formatter = new MessageFormatter();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MessageSamples.MAX_ENCODED_LENGTH + 64]);
    private final StringBuilder out = new StringBuilder();

    @Test
    void shouldRenderEveryMessageTypeAsJsonWithEveryFieldValue()
    {
        long index = 1_000;
        for (final int templateId : Messages.templateIds())
        {
            final String name = Messages.name(templateId);
            final String json = formatSample(templateId, ++index, true);

            final LinkedHashMap<String, Object> members = FormattedOutput.jsonObject(json);
            final List<String> keys = new ArrayList<>(members.keySet());
            assertEquals(List.of("index", "type"), keys.subList(0, 2), json);
            assertEquals(BigDecimal.valueOf(index), members.remove("index"), json);
            assertEquals(name, members.remove("type"), json);

            final LinkedHashMap<String, String> expected = MessageSamples.expectedJsonValues(templateId);
            assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(members.keySet()), name + " field order");
            for (final Map.Entry<String, String> field : expected.entrySet())
            {
                assertEquals(FormattedOutput.jsonValue(field.getValue()), members.get(field.getKey()),
                    name + "." + field.getKey() + " in " + json);
            }
            assertEquals(MessageSamples.expectedJson(index, templateId), json);
        }
    }

    @Test
    void shouldRenderEveryMessageTypeAsOneTextLineWithEveryFieldValue()
    {
        long index = 0;
        for (final int templateId : Messages.templateIds())
        {
            final String name = Messages.name(templateId);
            final String text = formatSample(templateId, ++index, false);
            assertFalse(text.contains("\n"), text);

            final FormattedOutput.TextLine line = FormattedOutput.textLine(text, 3);
            assertEquals(List.of(Long.toString(index), MessageSamples.iso(MessageSamples.expectedTimeNs(templateId)),
                name), line.head, text);
            final LinkedHashMap<String, String> expected = MessageSamples.expectedTextValues(templateId);
            assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(line.pairs.keySet()), name + " field order");
            for (final Map.Entry<String, String> field : expected.entrySet())
            {
                assertEquals(field.getValue(), line.pairs.get(field.getKey()), name + "." + field.getKey() + " in " + text);
            }
            assertEquals(MessageSamples.expectedText(index, templateId), text);
        }
    }

    @Test
    void shouldRenderOnlyTheFieldPairsForWritersThatAddTheirOwnKeys()
    {
        for (final int templateId : Messages.templateIds())
        {
            final int length = MessageSamples.encode(templateId, buffer, 0);
            out.setLength(0);
            out.append("{\"seq\":7,");
            formatter.appendJsonFields(buffer, 0, length, out);
            out.append('}');
            assertEquals("{\"seq\":7," + MessageSamples.expectedJsonFields(templateId) + "}", out.toString());
            FormattedOutput.jsonObject(out.toString());
        }
    }

    @Test
    void shouldShowValuesBySemanticType()
    {
        final OrderSentEncoder orderSent = new OrderSentEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        orderSent.tsNs(1_795_321_203_123_456_789L).qty(1_500_500_000L).price(-1L).symbol("USDJPY");
        for (int i = 0; i < 32; i++)
        {
            orderSent.idempotencyKey(i, (short)(i == 0 ? 0x0F : 0xF0 + (i & 0xF)));
        }
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + orderSent.encodedLength();

        formatter.appendJson(3, buffer, 0, length, out);
        final LinkedHashMap<String, Object> json = FormattedOutput.jsonObject(out.toString());
        assertEquals(new BigDecimal("1795321203123456789"), json.get("tsNs"));
        assertEquals(new BigDecimal("1500.5"), json.get("qty"));
        assertEquals(new BigDecimal("-0.000001"), json.get("price"));
        assertEquals("USDJPY", json.get("symbol"));
        assertEquals("", json.get("traceId"), "an all-NUL char array is the empty string");
        assertEquals("UNKNOWN(0)", json.get("side"), "0 is not a Side");
        assertTrue(((String)json.get("idempotencyKey")).startsWith("0ff1f2f3"), out.toString());
        assertTrue(out.toString().contains("\"qty\":1500.5,"), "decimals are JSON numbers: " + out);

        out.setLength(0);
        formatter.appendText(3, buffer, 0, length, out);
        final String text = out.toString();
        assertTrue(text.startsWith("3 2026-11-22T04:20:03.123456789Z OrderSent tsNs=2026-11-22T04:20:03.123456789Z "),
            text);
        assertTrue(text.contains(" qty=1500.5 price=-0.000001 "), text);
        assertTrue(text.contains(" traceId=\"\" "), "empty strings are quoted in text: " + text);
    }

    @Test
    void shouldShowPpmAsARatio()
    {
        final QualityDecisionEncoder quality =
            new QualityDecisionEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        quality.factor(1_000_000).missingRatio(50_000);
        formatter.appendJsonFields(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + quality.encodedLength(), out);
        assertTrue(out.toString().contains("\"factor\":1,\"missingRatio\":0.05,"), out.toString());
    }

    @Test
    void shouldShowAnUnknownEnumValueWithItsNumber()
    {
        final int length = MessageSamples.encode(OrderSentDecoder.TEMPLATE_ID, buffer, 0);
        buffer.putByte(MessageHeaderDecoder.ENCODED_LENGTH + OrderSentDecoder.sideEncodingOffset(), (byte)7);
        buffer.putByte(MessageHeaderDecoder.ENCODED_LENGTH + OrderSentDecoder.timeInForceEncodingOffset(), (byte)255);
        formatter.appendJson(1, buffer, 0, length, out);
        assertTrue(out.toString().contains("\"side\":\"UNKNOWN(7)\""), out.toString());
        assertTrue(out.toString().contains("\"timeInForce\":\"UNKNOWN(255)\""), "unsigned: " + out);

        out.setLength(0);
        formatter.appendText(1, buffer, 0, length, out);
        assertTrue(out.toString().contains(" side=UNKNOWN(7) "), out.toString());
    }

    @Test
    void shouldEscapeEveryControlCharacterQuoteAndBackslashInJson()
    {
        final StringBuilder text = new StringBuilder();
        for (char c = 0; c < 0x20; c++)
        {
            text.append(c);
        }
        text.append("\"\\/\u007f\u0085\u00e9\u20ac\uD83D\uDE00 end");
        final AlertEncoder alert = new AlertEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        alert.tsNs(1L).traceId("t").message(text.toString());
        formatter.appendJson(9, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + alert.encodedLength(), out);
        final String json = out.toString();

        assertEquals(text.toString(), FormattedOutput.jsonObject(json).get("message"));
        assertTrue(json.contains("\"message\":\"\\u0000\\u0001"), json);
        assertTrue(json.contains("\\u001f\\\"\\\\/\\u007f\\u0085\u00e9\u20ac\uD83D\uDE00 end\""), json);
        for (int i = 0; i < json.length(); i++)
        {
            assertTrue(json.charAt(i) >= 0x20, "raw control character at " + i + " of " + json);
        }
    }

    @Test
    void shouldQuoteTextValuesThatWouldNotSplitBack()
    {
        final ControlEncoder control = new ControlEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        control.ingressNs(5L).operatorName("a=b").reason("line1\nline2");
        formatter.appendText(4, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + control.encodedLength(), out);
        assertTrue(out.toString().contains(" operatorName=\"a=b\" signature="), out.toString());
        assertTrue(out.toString().endsWith(" reason=\"line1\\u000aline2\""), out.toString());

        out.setLength(0);
        control.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).ingressNs(5L).operatorName("ops").reason("ok");
        formatter.appendText(4, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + control.encodedLength(), out);
        assertTrue(out.toString().contains(" operatorName=ops signature="), out.toString());
        assertTrue(out.toString().endsWith(" reason=ok"), out.toString());
    }

    @Test
    void shouldReplaceMalformedUtf8InsteadOfFailingTheRecord()
    {
        final AlertEncoder alert = new AlertEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        alert.tsNs(1L).putMessage(new byte[]{ 'o', 'k', (byte)0xC3 }, 0, 3);
        formatter.appendJson(1, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + alert.encodedLength(), out);
        assertEquals("ok\uFFFD", FormattedOutput.jsonObject(out.toString()).get("message"));
    }

    @Test
    void shouldRenderInvalidBytesAsAnInvalidRecordNotSkipThem()
    {
        final int length = MessageSamples.encode(ControlDecoder.TEMPLATE_ID, buffer, 0);

        formatter.appendJson(5, buffer, 0, length - 1, out);
        final LinkedHashMap<String, Object> json = FormattedOutput.jsonObject(out.toString());
        assertEquals(new BigDecimal(5), json.get("index"));
        assertEquals("Invalid", json.get("type"));
        assertEquals("TRUNCATED", json.get("error"));
        assertTrue(((String)json.get("detail")).contains("Control.reason"), out.toString());

        out.setLength(0);
        formatter.appendText(5, buffer, 0, length - 1, out);
        assertTrue(out.toString().startsWith("5 INVALID TRUNCATED: Control.reason of "), out.toString());

        out.setLength(0);
        formatter.appendJsonFields(buffer, 0, 3, out);
        assertEquals("\"error\":\"TRUNCATED\",\"detail\":" +
            "\"excerpt of 3 bytes is shorter than the 8-byte SBE header\"", out.toString());
    }

    @Test
    void shouldWriteTheInvalidFormsExactly()
    {
        MessageFormatter.appendInvalidJson(5, RecordError.TRUNCATED, "cut \"short\"", out);
        assertEquals("{\"index\":5,\"type\":\"Invalid\",\"error\":\"TRUNCATED\",\"detail\":\"cut \\\"short\\\"\"}",
            out.toString());
        out.setLength(0);
        MessageFormatter.appendInvalidText(5, RecordError.UNKNOWN_SCHEMA, "schema id 42", out);
        assertEquals("5 INVALID UNKNOWN_SCHEMA: schema id 42", out.toString());
    }

    @Test
    void shouldAppendToExistingTextAndRenderAtAnOffset()
    {
        final int length = MessageSamples.encode(FillDecoder.TEMPLATE_ID, buffer, 64);
        out.append("prefix|");
        formatter.appendJson(77, buffer, 64, length, out);
        assertEquals("prefix|" + MessageSamples.expectedJson(77, FillDecoder.TEMPLATE_ID), out.toString());
    }

    @Test
    void shouldShowANewerVersionsKnownFieldsAndSayItIsNewer()
    {
        for (final int templateId : Messages.templateIds())
        {
            final int newer = MessageHeaderEncoder.SCHEMA_VERSION + 1;
            final int length = MessageSamples.encodeNewerVersion(templateId, buffer, 0, newer, 24);
            out.setLength(0);
            formatter.appendJson(8, buffer, 0, length, out);
            assertEquals("{\"index\":8,\"type\":\"" + Messages.name(templateId) + "\",\"schemaVersion\":" + newer + "," +
                MessageSamples.expectedJsonFields(templateId) + "}", out.toString());

            out.setLength(0);
            formatter.appendJsonFields(buffer, 0, length, out);
            assertEquals("\"schemaVersion\":" + newer + "," + MessageSamples.expectedJsonFields(templateId), out.toString());

            out.setLength(0);
            formatter.appendText(8, buffer, 0, length, out);
            assertEquals(MessageSamples.expectedText(8, templateId) + " (v " + newer + ": newer fields not shown)",
                out.toString());
        }
    }

    @Test
    void shouldNameEveryFieldOfTheSchemaInTheSamples() throws Exception
    {
        final Ir ir = MessageTimesTest.loadIr();
        for (final int templateId : Messages.templateIds())
        {
            final List<String> schemaFields = new ArrayList<>();
            for (final Token token : ir.getMessage(templateId))
            {
                if (token.signal() == Signal.BEGIN_FIELD || token.signal() == Signal.BEGIN_VAR_DATA)
                {
                    schemaFields.add(token.name());
                }
            }
            assertEquals(schemaFields, new ArrayList<>(MessageSamples.expectedJsonValues(templateId).keySet()),
                Messages.name(templateId));
        }
    }

    @Test
    void shouldPopulateEveryFixedFieldOfEverySampleWithNonZeroBytes() throws Exception
    {
        final Ir ir = MessageTimesTest.loadIr();
        for (final int templateId : Messages.templateIds())
        {
            MessageSamples.encode(templateId, buffer, 0);
            final List<Token> tokens = ir.getMessage(templateId);
            for (int i = 0; i < tokens.size(); i++)
            {
                if (tokens.get(i).signal() != Signal.BEGIN_FIELD)
                {
                    continue;
                }
                final Token type = tokens.get(i + 1);
                boolean nonZero = false;
                for (int b = 0; b < type.encodedLength(); b++)
                {
                    nonZero |= buffer.getByte(MessageHeaderDecoder.ENCODED_LENGTH + type.offset() + b) != 0;
                }
                assertTrue(nonZero, Messages.name(templateId) + "." + tokens.get(i).name() + " is left at zero");
            }
        }
    }

    @Test
    void shouldNotAllocateStringsForMessagesWithoutVarDataOnceWarm()
    {
        // Guards "reuse the listener and decoders": the output builder is the only growing object.
        final int length = MessageSamples.encode(OrderSentDecoder.TEMPLATE_ID, buffer, 0);
        out.ensureCapacity(1 << 16);
        for (int i = 0; i < 1_000; i++)
        {
            out.setLength(0);
            formatter.appendJson(i, buffer, 0, length, out);
            formatter.appendText(i, buffer, 0, length, out);
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 1_000; i++)
        {
            out.setLength(0);
            formatter.appendJson(i, buffer, 0, length, out);
            formatter.appendText(i, buffer, 0, length, out);
        }
        final long perMessage = (threads.getThreadAllocatedBytes(thread) - before) / 2_000;
        assertTrue(perMessage < 64, "bytes allocated per rendered message: " + perMessage);
    }

    /** @return the sample of {@code templateId} as {@code appendJson} (json) or {@code appendText} writes it. */
    private String formatSample(final int templateId, final long index, final boolean json)
    {
        final int length = MessageSamples.encode(templateId, buffer, 0);
        out.setLength(0);
        if (json)
        {
            formatter.appendJson(index, buffer, 0, length, out);
        }
        else
        {
            formatter.appendText(index, buffer, 0, length, out);
        }
        return out.toString();
    }
}

package io.noctria.codecs;

import io.noctria.codecs.sbe.*;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.IrDecoder;
import uk.co.real_logic.sbe.ir.Token;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class MessageTimesTest
{
    @Test
    void shouldHaveTsNsAsFirstFieldOfEveryEvent() throws Exception
    {
        final Ir ir = loadIr();
        for (final int templateId : Messages.templateIds())
        {
            if (templateId == OrderRequestDecoder.TEMPLATE_ID || templateId == ControlDecoder.TEMPLATE_ID ||
                templateId == io.noctria.codecs.sbe.PolicyReloadDecoder.TEMPLATE_ID ||
                templateId == io.noctria.codecs.sbe.OperatorKeyDecoder.TEMPLATE_ID ||
                templateId == io.noctria.codecs.sbe.CancelRequestDecoder.TEMPLATE_ID ||
                templateId == io.noctria.codecs.sbe.ReplaceRequestDecoder.TEMPLATE_ID ||
                templateId == io.noctria.codecs.sbe.CancelAllDecoder.TEMPLATE_ID)
            {
                continue;
            }
            final List<Token> tokens = ir.getMessage(templateId);
            final Token firstField = tokens.get(1);
            assertEquals("tsNs", firstField.name(), Messages.name(templateId));
            assertEquals(0, tokens.get(2).offset(), Messages.name(templateId));
            assertEquals("EpochNanos", tokens.get(2).encoding().semanticType(), Messages.name(templateId));
        }
    }

    @Test
    void shouldUseIngressStampOrElseProducerTimeForInputs()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final OrderRequestEncoder request = new OrderRequestEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        request.clientTsNs(111L).ingressNs(0L);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + request.encodedLength();
        assertEquals(111L, MessageTimes.timeOf(buffer, 0, length));
        request.ingressNs(222L);
        assertEquals(222L, MessageTimes.timeOf(buffer, 0, length));

        final ControlEncoder control = new ControlEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        control.submittedNs(333L).ingressNs(0L).operatorName("ops").putReason(new byte[0], 0, 0);
        assertEquals(333L, MessageTimes.timeOf(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + control.encodedLength()));

        final io.noctria.codecs.sbe.ReplaceRequestEncoder replace = new io.noctria.codecs.sbe.ReplaceRequestEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        replace.clientTsNs(444L).ingressNs(0L);
        final int replaceLength = MessageHeaderEncoder.ENCODED_LENGTH + replace.encodedLength();
        assertEquals(444L, MessageTimes.timeOf(buffer, 0, replaceLength));
        replace.ingressNs(555L);
        assertEquals(555L, MessageTimes.timeOf(buffer, 0, replaceLength));
    }

    @Test
    void shouldReadTsNsOfAnEvent()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final FillEncoder fill = new FillEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        fill.tsNs(1_700_000_000_123_456_789L);
        assertEquals(1_700_000_000_123_456_789L,
            MessageTimes.timeOf(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + fill.encodedLength()));
    }

    @Test
    void shouldReturnUnknownForForeignOrShortBytes()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        assertEquals(MessageTimes.UNKNOWN, MessageTimes.timeOf(buffer, 0, 4));
        buffer.putShort(MessageHeaderDecoder.schemaIdEncodingOffset(), (short)42, MessageHeaderDecoder.BYTE_ORDER);
        assertEquals(MessageTimes.UNKNOWN, MessageTimes.timeOf(buffer, 0, 64));
        buffer.putShort(MessageHeaderDecoder.schemaIdEncodingOffset(), (short)MessageHeaderDecoder.SCHEMA_ID,
            MessageHeaderDecoder.BYTE_ORDER);
        buffer.putShort(MessageHeaderDecoder.templateIdEncodingOffset(), (short)999, MessageHeaderDecoder.BYTE_ORDER);
        assertEquals(MessageTimes.UNKNOWN, MessageTimes.timeOf(buffer, 0, 64));
    }

    @Test
    void shouldFormatIso8601UtcWithNineFractionDigits()
    {
        assertEquals("2026-11-22T04:20:03.123456789Z", iso(1_795_321_203_123_456_789L));
        assertEquals("1970-01-01T00:00:00.000000000Z", iso(0L));
        assertEquals("1969-12-31T23:59:59.999999999Z", iso(-1L));
        assertEquals("2024-02-29T12:00:00.000000001Z", iso(1_709_208_000_000_000_001L));
        assertEquals("2262-04-11T23:47:16.854775807Z", iso(Long.MAX_VALUE));
        assertEquals("1677-09-21T00:12:43.145224192Z", iso(Long.MIN_VALUE));
    }

    @Test
    void shouldFormatIso8601LikeJavaTimeForRandomInstants()
    {
        // Fixed in CI; -Dnoctria.test.seed=N replays a failure, -Dnoctria.seed=random draws one (the long run).
        final long seed = "random".equals(System.getProperty("noctria.seed")) ?
            System.nanoTime() : Long.getLong("noctria.test.seed", 20_261_205L);
        final Random random = new Random(seed);
        for (int i = 0; i < 100_000; i++)
        {
            final long epochNs = i % 2 == 0 ? random.nextLong() :
                1_700_000_000_000_000_000L + (random.nextLong() % 500_000_000_000_000_000L);
            assertEquals(MessageSamples.iso(epochNs), iso(epochNs),
                "seed=" + seed + " (rerun with -Dnoctria.test.seed=" + seed + ") epochNs=" + epochNs);
        }
    }

    @Test
    void shouldGiveTheTimeOfEverySample()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MessageSamples.MAX_ENCODED_LENGTH]);
        for (final int templateId : Messages.templateIds())
        {
            final int length = MessageSamples.encode(templateId, buffer, 0);
            assertEquals(MessageSamples.expectedTimeNs(templateId), MessageTimes.timeOf(buffer, 0, length),
                Messages.name(templateId));
        }
    }

    private static String iso(final long epochNs)
    {
        return MessageTimes.appendIso8601Utc(new StringBuilder(), epochNs).toString();
    }

    static Ir loadIr() throws Exception
    {
        try (InputStream in = MessageTimesTest.class.getResourceAsStream("/io/noctria/codecs/noctria-schema.sbeir"))
        {
            assertNotNull(in, "IR resource missing from the codecs jar");
            final byte[] bytes = in.readAllBytes();
            try (IrDecoder decoder = new IrDecoder(ByteBuffer.wrap(bytes)))
            {
                return decoder.decode();
            }
        }
    }
}

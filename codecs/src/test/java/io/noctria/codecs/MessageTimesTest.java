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

import static org.junit.jupiter.api.Assertions.*;

class MessageTimesTest
{
    @Test
    void shouldHaveTsNsAsFirstFieldOfEveryEvent() throws Exception
    {
        final Ir ir = loadIr();
        for (final int templateId : Messages.templateIds())
        {
            if (templateId == OrderRequestDecoder.TEMPLATE_ID || templateId == ControlDecoder.TEMPLATE_ID)
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

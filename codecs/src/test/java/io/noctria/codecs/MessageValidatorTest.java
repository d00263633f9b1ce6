package io.noctria.codecs;

import io.noctria.codecs.sbe.*;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.Signal;
import uk.co.real_logic.sbe.ir.Token;

import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

class MessageValidatorTest
{
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;

    private final MessageValidator validator = new MessageValidator();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MessageSamples.MAX_ENCODED_LENGTH]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    @Test
    void shouldAcceptTheSampleOfEveryMessageType()
    {
        for (final int templateId : Messages.templateIds())
        {
            final int length = MessageSamples.encode(templateId, buffer, 0);
            assertTrue(validator.validate(buffer, 0, length),
                () -> Messages.name(templateId) + ": " + validator.error() + " " + validator.detail());
            assertNull(validator.error());
            assertEquals("", validator.detail());
            assertEquals(templateId, validator.templateId());
            assertEquals(MessageHeaderDecoder.SCHEMA_VERSION, validator.version());
            assertFalse(validator.isNewerVersion());
        }
    }

    @Test
    void shouldAcceptAMessageAtANonZeroOffsetInALargerBuffer()
    {
        final int length = MessageSamples.encode(BrokerRejectDecoder.TEMPLATE_ID, buffer, 100);
        assertTrue(validator.validate(buffer, 100, length), validator::detail);
    }

    @Test
    void shouldRejectBytesTooShortForAHeader()
    {
        assertRejected(0, RecordError.TRUNCATED, "shorter than the 8-byte SBE header");
        assertRejected(HEADER - 1, RecordError.TRUNCATED, "excerpt of 7 bytes");
        assertEquals(-1, validator.templateId());
        assertEquals(-1, validator.version());
    }

    @Test
    void shouldRejectAForeignSchemaId()
    {
        assertRejected(sampleWithHeader(FillDecoder.TEMPLATE_ID, h -> h.schemaId(42)), RecordError.UNKNOWN_SCHEMA,
            "schema id 42");
    }

    @Test
    void shouldRejectAnUnknownTemplateId()
    {
        assertRejected(sampleWithHeader(FillDecoder.TEMPLATE_ID, h -> h.templateId(999)),
            RecordError.UNKNOWN_TEMPLATE, "template id 999");
        assertEquals(999, validator.templateId());
    }

    @Test
    void shouldRejectVersionZero()
    {
        assertRejected(sampleWithHeader(OrderSentDecoder.TEMPLATE_ID, h -> h.version(0)),
            RecordError.UNSUPPORTED_VERSION, "version 0 of OrderSent");
    }

    @Test
    void shouldRejectABlockShorterThanVersionOne()
    {
        final int length = sampleWithHeader(OrderSentDecoder.TEMPLATE_ID,
            h -> h.blockLength(OrderSentDecoder.BLOCK_LENGTH - 1));
        assertRejected(length, RecordError.UNSUPPORTED_VERSION,
            "block length " + (OrderSentDecoder.BLOCK_LENGTH - 1) + " is shorter than the " +
            OrderSentDecoder.BLOCK_LENGTH + " bytes of version 1");
    }

    @Test
    void shouldRejectABlockClaimedLongerThanTheBytes()
    {
        final int length = MessageSamples.encode(OrderSentDecoder.TEMPLATE_ID, buffer, 0);
        assertRejected(length - 1, RecordError.TRUNCATED, "needs a " + OrderSentDecoder.BLOCK_LENGTH + "-byte block");

        header.wrap(buffer, 0).blockLength(OrderSentDecoder.BLOCK_LENGTH + 8).version(2);
        assertRejected(length, RecordError.TRUNCATED, "needs a " + (OrderSentDecoder.BLOCK_LENGTH + 8) + "-byte block");
    }

    @Test
    void shouldRejectAMissingVarDataLength()
    {
        final int length = MessageSamples.encode(ControlDecoder.TEMPLATE_ID, buffer, 0);
        final int blockEnd = HEADER + ControlDecoder.BLOCK_LENGTH;
        assertRejected(blockEnd + 2, RecordError.TRUNCATED, "Control.reason length header");
        assertTrue(length > blockEnd + 4);
    }

    @Test
    void shouldRejectVarDataRunningPastTheEnd()
    {
        final int length = MessageSamples.encode(ControlDecoder.TEMPLATE_ID, buffer, 0);
        assertRejected(length - 1, RecordError.TRUNCATED, "Control.reason of ");

        final int lengthOffset = HEADER + ControlDecoder.BLOCK_LENGTH;
        final int dataLength = buffer.getInt(lengthOffset, ControlDecoder.BYTE_ORDER);
        buffer.putInt(lengthOffset, dataLength + 1, ControlDecoder.BYTE_ORDER);
        assertRejected(length, RecordError.TRUNCATED, "runs past the end of the " + length + "-byte excerpt");
    }

    /**
     * The generated decoders cast a uint32 var-data length to int: 2^31 and above turn negative and would move
     * the limit backwards, so a corrupt length could pass. The validator must reject every such length.
     */
    @Test
    void shouldRejectVarDataLengthsAboveTheSchemaMaximumIncludingThoseThatOverflowAnInt()
    {
        final long[] corruptLengths = { 0xFFFF_FFFFL, 0xFFFF_FFFCL, 0x8000_0000L, 0x7FFF_FFFFL, 1_073_741_825L };
        for (final int templateId : templatesWithVarData())
        {
            for (final long corrupt : corruptLengths)
            {
                final int length = MessageSamples.encode(templateId, buffer, 0);
                // The first var-data length follows the block as written (today's, longer than v1 for some templates).
                final int lengthOffset = HEADER + (buffer.getShort(0, MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF);
                buffer.putInt(lengthOffset, (int)corrupt, MessageHeaderDecoder.BYTE_ORDER);
                assertFalse(validator.validate(buffer, 0, length), Messages.name(templateId) + " length " + corrupt);
                assertEquals(RecordError.MALFORMED, validator.error(), validator.detail());
                assertTrue(validator.detail().contains("exceeds the schema maximum 1073741824"), validator.detail());
            }
        }
    }

    /** Guards the validator's per-template var-data list against the schema: every var-data field is checked. */
    @Test
    void shouldCheckEveryVarDataFieldOfTheSchema() throws Exception
    {
        final Ir ir = MessageTimesTest.loadIr();
        for (final int templateId : Messages.templateIds())
        {
            final List<Token> tokens = ir.getMessage(templateId);
            int varDataFields = 0;
            for (final Token token : tokens)
            {
                varDataFields += token.signal() == Signal.BEGIN_VAR_DATA ? 1 : 0;
            }
            final int length = MessageSamples.encode(templateId, buffer, 0);
            if (varDataFields >= 1)
            {
                // Cut one byte from the last var data: only a validator that walks every field up to it can notice.
                assertFalse(validator.validate(buffer, 0, length - 1), Messages.name(templateId));
                assertEquals(RecordError.TRUNCATED, validator.error(), Messages.name(templateId));
                // And a first field's length that runs past the end is caught where it is.
                if (varDataFields > 1)
                {
                    final int firstLength = HEADER + tokens.get(0).encodedLength();
                    buffer.putInt(firstLength, length, MessageHeaderDecoder.BYTE_ORDER);
                    assertFalse(validator.validate(buffer, 0, length), Messages.name(templateId));
                    assertEquals(RecordError.TRUNCATED, validator.error(), Messages.name(templateId));
                }
            }
            else
            {
                assertEquals(HEADER + tokens.get(0).encodedLength(), length, Messages.name(templateId));
            }
        }
    }

    @Test
    void shouldAcceptANewerVersionWithALargerBlockAndSayItIsNewer()
    {
        for (final int templateId : Messages.templateIds())
        {
            final int newer = MessageHeaderDecoder.SCHEMA_VERSION + 1;
            final int length = MessageSamples.encodeNewerVersion(templateId, buffer, 0, newer, 40);
            assertTrue(validator.validate(buffer, 0, length), () -> Messages.name(templateId) + ": " + validator.detail());
            assertEquals(newer, validator.version());
            assertTrue(validator.isNewerVersion());
        }
    }

    @Test
    void shouldClearTheLastFailureOnSuccess()
    {
        assertFalse(validator.validate(buffer, 0, 3));
        final int length = MessageSamples.encode(AlertDecoder.TEMPLATE_ID, buffer, 0);
        assertTrue(validator.validate(buffer, 0, length));
        assertNull(validator.error());
        assertEquals("", validator.detail());
    }

    /** @return the length of the sample, encoded at 0, after {@code edit} changed its header. */
    private int sampleWithHeader(final int templateId, final Consumer<MessageHeaderEncoder> edit)
    {
        final int length = MessageSamples.encode(templateId, buffer, 0);
        edit.accept(header.wrap(buffer, 0));
        return length;
    }

    private void assertRejected(final int length, final RecordError error, final String detailPart)
    {
        assertFalse(validator.validate(buffer, 0, length), "accepted " + length + " bytes");
        assertEquals(error, validator.error(), validator.detail());
        assertTrue(validator.detail().contains(detailPart), validator.detail());
    }

    private static int[] templatesWithVarData()
    {
        return new int[]{
            ControlDecoder.TEMPLATE_ID, AlertDecoder.TEMPLATE_ID, TradingPauseChangedDecoder.TEMPLATE_ID,
            BrokerRejectDecoder.TEMPLATE_ID, PolicyLoadedDecoder.TEMPLATE_ID, InputRejectedDecoder.TEMPLATE_ID };
    }
}

package io.noctria.engine.core;

import io.noctria.codecs.sbe.ControlAction;
import io.noctria.codecs.sbe.ControlEncoder;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.codecs.sbe.PolicyReloadEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.security.KeyPair;

import static org.junit.jupiter.api.Assertions.*;

/** What is signed: the whole message except the two fields ingress stamps and the signature itself. */
class ControlSignaturesTest
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private final KeyPair operator = CoreFixture.generateKeyPair();

    @Test
    void shouldStillVerifyAfterIngressStampsItsIndexAndTime()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final int length = control(buffer);
        assertFalse(ControlSignatures.isSigned(buffer, 0, length));
        ControlSignatures.sign(operator.getPrivate(), buffer, 0, length);
        assertTrue(ControlSignatures.isSigned(buffer, 0, length));
        buffer.putLong(HEADER + ControlEncoder.inboundIndexEncodingOffset(), 4242, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(HEADER + ControlEncoder.ingressNsEncodingOffset(), 1_700_000_000_000_000_000L, ByteOrder.LITTLE_ENDIAN);
        assertTrue(ControlSignatures.verify(operator.getPublic(), buffer, 0, length));
        assertFalse(ControlSignatures.verify(CoreFixture.generateKeyPair().getPublic(), buffer, 0, length));
    }

    @Test
    void shouldCoverEveryOtherByteHeaderAndReasonIncluded()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final int length = control(buffer);
        ControlSignatures.sign(operator.getPrivate(), buffer, 0, length);
        final int signatureAt = HEADER + ControlEncoder.signatureEncodingOffset();
        for (int i = 0; i < length; i++)
        {
            final boolean stamped = inField(i, HEADER + ControlEncoder.inboundIndexEncodingOffset(), 8) ||
                inField(i, HEADER + ControlEncoder.ingressNsEncodingOffset(), 8);
            if (stamped || inField(i, signatureAt, ControlSignatures.SIGNATURE_LENGTH))
            {
                continue;
            }
            final byte original = buffer.getByte(i);
            buffer.putByte(i, (byte)(original ^ 0x01));
            assertFalse(ControlSignatures.verify(operator.getPublic(), buffer, 0, length), "byte " + i + " is covered");
            buffer.putByte(i, original);
        }
        assertTrue(ControlSignatures.verify(operator.getPublic(), buffer, 0, length));
    }

    @Test
    void shouldTreatAVersion1MessageAsUnsigned()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final PolicyReloadEncoder reload = new PolicyReloadEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .inboundIndex(-1).submittedNs(1).operatorName("ops").reason("r").source("s").policy("p");
        final int length = HEADER + reload.encodedLength();
        ControlSignatures.sign(operator.getPrivate(), buffer, 0, length);
        assertTrue(ControlSignatures.isSigned(buffer, 0, length));
        buffer.putShort(MessageHeaderEncoder.versionEncodingOffset(), (short)1, ByteOrder.LITTLE_ENDIAN);
        assertFalse(ControlSignatures.isSigned(buffer, 0, length), "version 1 has no signature field");
        assertNull(ControlSignatures.signedBytes(buffer, 0, length));
        assertFalse(ControlSignatures.verify(operator.getPublic(), buffer, 0, length));
    }

    @Test
    void shouldRoundTripTheRawPublicKey()
    {
        final byte[] raw = ControlSignatures.rawPublicKey(operator.getPublic());
        assertEquals(32, raw.length);
        assertArrayEquals(operator.getPublic().getEncoded(), ControlSignatures.publicKey(raw).getEncoded());
        assertThrows(IllegalArgumentException.class, () -> ControlSignatures.publicKey(new byte[31]));
    }

    private static boolean inField(final int i, final int at, final int length)
    {
        return i >= at && i < at + length;
    }

    private static int control(final UnsafeBuffer buffer)
    {
        return HEADER + new ControlEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .inboundIndex(-1).ingressNs(0).submittedNs(123_456_789L).action(ControlAction.PAUSE_OFF)
            .operatorName("ops").reason("resume").encodedLength();
    }
}

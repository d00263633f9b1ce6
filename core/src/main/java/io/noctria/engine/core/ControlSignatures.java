package io.noctria.engine.core;

import io.noctria.codecs.sbe.CancelAllDecoder;
import io.noctria.codecs.sbe.ControlDecoder;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.PolicyReloadDecoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * The one definition of what an operator signs, used by every signer (the CLI's {@code pause} and
 * {@code reload-policy}, the demo flow) and by the core's check, so they can never disagree.
 * <p>
 * An operator control ({@code Control} or {@code PolicyReload}, schema version 2 or later) is signed with
 * Ed25519 over the whole encoded message — 8-byte header, block, every var-data field (the policy bytes
 * included) — as it stands in {@code inbound}, except that {@code inboundIndex} reads -1, {@code ingressNs}
 * 0 and {@code signature} 64 zero bytes: the two fields ingress stamps and the signature itself. A
 * signature of all zero bytes, or a message of acting version 1 (no signature field), is "unsigned".
 * <p>
 * Allocates (a copy of the message, a {@link Signature}): for rare operator input, never the order path.
 * JDK only ({@code java.security}, "Ed25519"); no threads, no I/O.
 */
public final class ControlSignatures
{
    /** Bytes of an Ed25519 signature (RFC 8032). */
    public static final int SIGNATURE_LENGTH = 64;
    /** Bytes of a raw Ed25519 public key (RFC 8032). */
    public static final int PUBLIC_KEY_LENGTH = 32;
    /** The fixed DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the raw key is the 32 bytes after it. */
    private static final byte[] X509_PREFIX =
        { 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00 };
    private static final String ALGORITHM = "Ed25519";

    private ControlSignatures()
    {
    }

    /**
     * @return the offset of the signature field from the start of the message (header included), or -1 when
     * the message at {@code offset} is not a Control/PolicyReload whose acting version and block carry one.
     */
    static int signatureOffset(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return -1;
        }
        final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final int version = buffer.getShort(offset + MessageHeaderDecoder.versionEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final int blockLength = buffer.getShort(offset + MessageHeaderDecoder.blockLengthEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final int fieldOffset;
        if (ControlDecoder.TEMPLATE_ID == templateId && version >= ControlDecoder.signatureSinceVersion())
        {
            fieldOffset = ControlDecoder.signatureEncodingOffset();
        }
        else if (PolicyReloadDecoder.TEMPLATE_ID == templateId && version >= PolicyReloadDecoder.signatureSinceVersion())
        {
            fieldOffset = PolicyReloadDecoder.signatureEncodingOffset();
        }
        else if (CancelAllDecoder.TEMPLATE_ID == templateId)
        {
            // Laid out like Control: inboundIndex, ingressNs first (what signedBytes blanks).
            fieldOffset = CancelAllDecoder.signatureEncodingOffset();
        }
        else
        {
            return -1;
        }
        final int end = MessageHeaderDecoder.ENCODED_LENGTH + fieldOffset + SIGNATURE_LENGTH;
        return fieldOffset + SIGNATURE_LENGTH <= blockLength && end <= length ?
            MessageHeaderDecoder.ENCODED_LENGTH + fieldOffset : -1;
    }

    /**
     * @return true when the message carries a signature: a v2+ Control/PolicyReload whose signature field is
     * not all zero.
     */
    public static boolean isSigned(final DirectBuffer buffer, final int offset, final int length)
    {
        final int at = signatureOffset(buffer, offset, length);
        if (at < 0)
        {
            return false;
        }
        int any = 0;
        for (int i = 0; i < SIGNATURE_LENGTH; i++)
        {
            any |= buffer.getByte(offset + at + i);
        }
        return 0 != any;
    }

    /**
     * The bytes an operator signs: a copy of the message with inboundIndex -1, ingressNs 0 and the signature
     * zero.
     *
     * @return the bytes, or null when the message cannot carry a signature (see {@link #isSigned}).
     */
    public static byte[] signedBytes(final DirectBuffer buffer, final int offset, final int length)
    {
        final int at = signatureOffset(buffer, offset, length);
        if (at < 0)
        {
            return null;
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes, 0, length);
        final boolean control = ControlDecoder.TEMPLATE_ID == (buffer.getShort(offset +
            MessageHeaderDecoder.templateIdEncodingOffset(), MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF);
        final int body = MessageHeaderDecoder.ENCODED_LENGTH;
        final int inboundIndexAt = body + (control ? ControlDecoder.inboundIndexEncodingOffset() :
            PolicyReloadDecoder.inboundIndexEncodingOffset());
        final int ingressAt = body + (control ? ControlDecoder.ingressNsEncodingOffset() :
            PolicyReloadDecoder.ingressNsEncodingOffset());
        Arrays.fill(bytes, inboundIndexAt, inboundIndexAt + Long.BYTES, (byte)0xFF); // -1, little-endian
        Arrays.fill(bytes, ingressAt, ingressAt + Long.BYTES, (byte)0);
        Arrays.fill(bytes, at, at + SIGNATURE_LENGTH, (byte)0);
        return bytes;
    }

    /**
     * Signs the encoded control in place: computes the signature over {@link #signedBytes} and writes it into
     * the message's signature field.
     *
     * @throws IllegalArgumentException when the message cannot carry a signature or the key is not Ed25519.
     */
    public static void sign(final PrivateKey key, final MutableDirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = signedBytes(buffer, offset, length);
        if (null == bytes)
        {
            throw new IllegalArgumentException("not a Control or PolicyReload of schema version 2 or later");
        }
        try
        {
            final Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(bytes);
            final byte[] signature = signer.sign();
            buffer.putBytes(offset + signatureOffset(buffer, offset, length), signature, 0, SIGNATURE_LENGTH);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalArgumentException("cannot sign with this key (" + key.getAlgorithm() + "): " +
                ex.getMessage(), ex);
        }
    }

    /**
     * @return true when the message's signature verifies under {@code key}; false when unsigned, malformed or
     * not matching. Never throws for bad input: a control that cannot be verified is simply not trusted.
     */
    public static boolean verify(final PublicKey key, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = signedBytes(buffer, offset, length);
        if (null == bytes || null == key)
        {
            return false;
        }
        final byte[] signature = new byte[SIGNATURE_LENGTH];
        buffer.getBytes(offset + signatureOffset(buffer, offset, length), signature, 0, SIGNATURE_LENGTH);
        try
        {
            final Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(bytes);
            return verifier.verify(signature);
        }
        catch (final GeneralSecurityException | RuntimeException ex)
        {
            return false;
        }
    }

    /**
     * @param raw the 32-byte public key as journaled in OperatorKey.publicKey.
     * @return the JDK key.
     * @throws IllegalArgumentException when it is not 32 bytes or not accepted as an Ed25519 key.
     */
    public static PublicKey publicKey(final byte[] raw)
    {
        if (null == raw || PUBLIC_KEY_LENGTH != raw.length)
        {
            throw new IllegalArgumentException("an Ed25519 public key is " + PUBLIC_KEY_LENGTH + " bytes");
        }
        final byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + PUBLIC_KEY_LENGTH);
        System.arraycopy(raw, 0, encoded, X509_PREFIX.length, PUBLIC_KEY_LENGTH);
        try
        {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(encoded));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalArgumentException("not an Ed25519 public key: " + ex.getMessage(), ex);
        }
    }

    /**
     * @return the raw 32 bytes of an Ed25519 public key: the last 32 bytes of its X.509 encoding.
     * @throws IllegalArgumentException when the key is not Ed25519.
     */
    public static byte[] rawPublicKey(final PublicKey key)
    {
        final byte[] encoded = key.getEncoded();
        if (null == encoded || encoded.length != X509_PREFIX.length + PUBLIC_KEY_LENGTH ||
            !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length))
        {
            throw new IllegalArgumentException("not an Ed25519 public key (algorithm " + key.getAlgorithm() + ")");
        }
        return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
    }
}

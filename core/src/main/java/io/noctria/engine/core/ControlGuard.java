package io.noctria.engine.core;

import io.noctria.codecs.sbe.InputRejectReason;
import io.noctria.codecs.sbe.OperatorKeyDecoder;
import org.agrona.DirectBuffer;

import java.security.PublicKey;
import java.util.Arrays;

/**
 * Decides whether an operator control (Control, PolicyReload) from {@code inbound} may act: the roster of
 * trusted operators, journaled by the engine as {@code OperatorKey} inputs at every start, and the signatures
 * of the controls accepted within the freshness window.
 * <p>
 * Checks, in this order: unsigned → CONTROL_UNSIGNED; operator not in the roster → CONTROL_UNKNOWN_OPERATOR;
 * the signature does not verify under that operator's key → CONTROL_BAD_SIGNATURE; |ingressNs − submittedNs|
 * above {@code controls.max_age_ms} → CONTROL_STALE; the same signature already accepted → CONTROL_REPLAYED.
 * <p>
 * Deterministic: the roster is what the journal says at this point (so recovery and replay verify as the
 * live engine did, even after keys were rotated), and the accepted signatures are kept in acceptance order
 * and forgotten by journaled time alone (a signature whose {@code submittedNs} is older than the newest
 * ingress time minus the window could only come back stale). At most {@link #MEMORY} are kept; beyond that
 * the oldest is forgotten (2048 signed controls within one window is far beyond any operator's pace).
 * <p>
 * A journal in which no roster was ever journaled predates signed controls (schema v1 engines): its
 * controls were applied unsigned by the engine that wrote it, so they are accepted as they were. An engine of
 * this version journals a roster before it takes anything from {@code inbound}, so a live control is never
 * in that case.
 */
final class ControlGuard
{
    /** Accepted signatures kept for replay detection. */
    static final int MEMORY = 2048;
    private static final int NAME_LENGTH = 32;

    private final long maxAgeNs;

    private byte[][] names = new byte[4][];
    private byte[][] rawKeys = new byte[4][];
    private PublicKey[] keys = new PublicKey[4];
    private int rosterCount;
    private boolean rosterJournaled;

    private final byte[][] acceptedSignatures = new byte[MEMORY][];
    private final long[] acceptedSubmittedNs = new long[MEMORY];
    private int acceptedCount;
    private final byte[] signature = new byte[ControlSignatures.SIGNATURE_LENGTH];

    ControlGuard(final long maxAgeNs)
    {
        this.maxAgeNs = maxAgeNs;
    }

    /**
     * Applies one journaled roster entry: position 0 replaces the roster in force; later positions append in
     * order. An entry out of order, or whose key the JDK does not accept, is left out (fail safe: it trusts
     * fewer operators, never more).
     */
    void onOperatorKey(final OperatorKeyDecoder key)
    {
        rosterJournaled = true;
        final int position = key.position();
        if (0 == position)
        {
            Arrays.fill(names, null);
            Arrays.fill(rawKeys, null);
            Arrays.fill(keys, null);
            rosterCount = 0;
        }
        if (key.rosterSize() <= 0 || position != rosterCount || position >= key.rosterSize())
        {
            return;
        }
        final byte[] name = new byte[NAME_LENGTH];
        key.getOperatorName(name, 0);
        final byte[] raw = new byte[ControlSignatures.PUBLIC_KEY_LENGTH];
        key.getPublicKey(raw, 0, raw.length);
        final PublicKey publicKey;
        try
        {
            publicKey = ControlSignatures.publicKey(raw);
        }
        catch (final IllegalArgumentException ex)
        {
            return;
        }
        if (rosterCount == names.length)
        {
            names = Arrays.copyOf(names, 2 * rosterCount);
            rawKeys = Arrays.copyOf(rawKeys, 2 * rosterCount);
            keys = Arrays.copyOf(keys, 2 * rosterCount);
        }
        names[rosterCount] = name;
        rawKeys[rosterCount] = raw;
        keys[rosterCount] = publicKey;
        rosterCount++;
    }

    /** @return operators trusted now. */
    int rosterSize()
    {
        return rosterCount;
    }

    /**
     * Checks a control from {@code inbound} and, when it passes, remembers its signature.
     *
     * @param buffer      holding the whole message, header included.
     * @param offset      of the header.
     * @param length      of the whole message (header, block, var data).
     * @param operator    the control's 32-byte NUL-padded operatorName.
     * @param ingressNs   the ingress stamp journaled with it.
     * @param submittedNs the producer's time, covered by the signature.
     * @param detail      receives why, when refused (never any key material).
     * @return null when the control may act, else the reason to refuse it.
     */
    InputRejectReason check(final DirectBuffer buffer, final int offset, final int length, final byte[] operator,
        final long ingressNs, final long submittedNs, final AsciiText detail)
    {
        if (!rosterJournaled)
        {
            return null;
        }
        if (!ControlSignatures.isSigned(buffer, offset, length))
        {
            detail.append("control by ").appendField(operator, NAME_LENGTH).append(" is not signed: every operator ")
                .append("control must carry an Ed25519 signature by a trusted operator (noctria pause/reload-policy --key)");
            return InputRejectReason.CONTROL_UNSIGNED;
        }
        final int who = find(operator);
        if (who < 0)
        {
            detail.append("operator ").appendField(operator, NAME_LENGTH).append(" is not among the ").append(rosterCount)
                .append(" trusted operator(s) (run --operators DIR holds one NAME.pub per operator)");
            return InputRejectReason.CONTROL_UNKNOWN_OPERATOR;
        }
        if (!ControlSignatures.verify(keys[who], buffer, offset, length))
        {
            detail.append("signature does not verify under the public key of operator ").appendField(operator, NAME_LENGTH);
            return InputRejectReason.CONTROL_BAD_SIGNATURE;
        }
        final long ageNs = ingressNs - submittedNs;
        if (ageNs > maxAgeNs || ageNs < -maxAgeNs)
        {
            detail.append("control by ").appendField(operator, NAME_LENGTH).append(" submitted ").append(ageNs / 1_000_000L)
                .append(" ms from its ingress time; controls.max_age_ms is ").append(maxAgeNs / 1_000_000L);
            return InputRejectReason.CONTROL_STALE;
        }
        forgetOlderThan(ingressNs - maxAgeNs);
        buffer.getBytes(offset + ControlSignatures.signatureOffset(buffer, offset, length), signature, 0,
            signature.length);
        for (int i = 0; i < acceptedCount; i++)
        {
            if (Arrays.equals(acceptedSignatures[i], signature))
            {
                detail.append("control by ").appendField(operator, NAME_LENGTH)
                    .append(" was already accepted (same signature): a repeat is refused");
                return InputRejectReason.CONTROL_REPLAYED;
            }
        }
        remember(submittedNs);
        return null;
    }

    /** Feeds the roster and the remembered signatures, in order, into the state hash. */
    void hashInto(final StateHasher hasher)
    {
        hasher.putBoolean(rosterJournaled).putInt(rosterCount);
        for (int i = 0; i < rosterCount; i++)
        {
            hasher.putBytes(names[i]).putBytes(rawKeys[i]);
        }
        hasher.putInt(acceptedCount);
        for (int i = 0; i < acceptedCount; i++)
        {
            hasher.putLong(acceptedSubmittedNs[i]).putBytes(acceptedSignatures[i]);
        }
    }

    private int find(final byte[] operator)
    {
        for (int i = 0; i < rosterCount; i++)
        {
            if (Arrays.equals(names[i], operator))
            {
                return i;
            }
        }
        return -1;
    }

    private void remember(final long submittedNs)
    {
        if (MEMORY == acceptedCount)
        {
            System.arraycopy(acceptedSignatures, 1, acceptedSignatures, 0, MEMORY - 1);
            System.arraycopy(acceptedSubmittedNs, 1, acceptedSubmittedNs, 0, MEMORY - 1);
            acceptedCount--;
        }
        acceptedSignatures[acceptedCount] = signature.clone();
        acceptedSubmittedNs[acceptedCount] = submittedNs;
        acceptedCount++;
    }

    /** Drops signatures that could only come back stale, keeping the others in acceptance order. */
    private void forgetOlderThan(final long oldestFreshNs)
    {
        int kept = 0;
        for (int i = 0; i < acceptedCount; i++)
        {
            if (acceptedSubmittedNs[i] >= oldestFreshNs)
            {
                acceptedSignatures[kept] = acceptedSignatures[i];
                acceptedSubmittedNs[kept] = acceptedSubmittedNs[i];
                kept++;
            }
        }
        for (int i = kept; i < acceptedCount; i++)
        {
            acceptedSignatures[i] = null;
        }
        acceptedCount = kept;
    }

    // Snapshot access (CoreSnapshot): the roster and the remembered signatures, in order.

    boolean rosterJournaled()
    {
        return rosterJournaled;
    }

    byte[] operatorName(final int i)
    {
        return names[i];
    }

    byte[] rawKey(final int i)
    {
        return rawKeys[i];
    }

    int acceptedCount()
    {
        return acceptedCount;
    }

    long acceptedSubmittedNs(final int i)
    {
        return acceptedSubmittedNs[i];
    }

    byte[] acceptedSignature(final int i)
    {
        return acceptedSignatures[i];
    }

    /** Marks whether a roster was ever journaled (an empty roster then trusts nobody). */
    void restoreRosterJournaled(final boolean journaled)
    {
        rosterJournaled = journaled;
    }

    /** Appends one roster entry a snapshot holds; its key must be one the JDK accepts. */
    void restoreOperator(final byte[] name, final byte[] raw)
    {
        final PublicKey publicKey = ControlSignatures.publicKey(raw);
        if (rosterCount == names.length)
        {
            names = Arrays.copyOf(names, 2 * rosterCount);
            rawKeys = Arrays.copyOf(rawKeys, 2 * rosterCount);
            keys = Arrays.copyOf(keys, 2 * rosterCount);
        }
        names[rosterCount] = name.clone();
        rawKeys[rosterCount] = raw.clone();
        keys[rosterCount] = publicKey;
        rosterCount++;
    }

    /** Appends one remembered signature a snapshot holds, in acceptance order. */
    void restoreAccepted(final long submittedNs, final byte[] acceptedSignature)
    {
        if (MEMORY == acceptedCount)
        {
            throw new IllegalArgumentException("more than " + MEMORY + " remembered control signatures");
        }
        acceptedSignatures[acceptedCount] = acceptedSignature.clone();
        acceptedSubmittedNs[acceptedCount] = submittedNs;
        acceptedCount++;
    }
}

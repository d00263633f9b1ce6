package io.noctria.engine.core;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Where in the journal a core snapshot stands, and what the host needs to resume after it: the index of the last
 * frame the state reflects, a fingerprint of that frame's first message (so recovery can tell the journal still
 * holds the frame the snapshot was taken after), the last inbound index accounted for and the last broker report
 * journaled. The core treats all of it as opaque: the host fills it before {@link CoreSnapshot#write} and reads it
 * after {@link CoreSnapshot#restore}. Reused; one thread at a time.
 */
public final class SnapshotPosition
{
    private final ExpandableArrayBuffer lastBrokerReport = new ExpandableArrayBuffer(512);
    private final byte[] stateDigest = new byte[32];
    private long journalIndex = -1;
    private int inputChecksum;
    private int inputLength;
    private long lastInboundIndex = -1;
    private int lastBrokerReportLength;

    /**
     * @param index         journal index of the last frame applied.
     * @param checksum      CRC32C of that frame's first message (header included).
     * @param length        that message's length.
     * @param inboundIndex  last inbound index the journal accounted for there, -1 when none.
     * @return this.
     */
    public SnapshotPosition frame(final long index, final int checksum, final int length, final long inboundIndex)
    {
        journalIndex = index;
        inputChecksum = checksum;
        inputLength = length;
        lastInboundIndex = inboundIndex;
        return this;
    }

    /** Copies the last broker report journaled up to the frame (null or length 0: none). @return this. */
    public SnapshotPosition lastBrokerReport(final DirectBuffer report, final int offset, final int length)
    {
        lastBrokerReportLength = null == report ? 0 : length;
        if (lastBrokerReportLength > 0)
        {
            lastBrokerReport.putBytes(0, report, offset, length);
        }
        return this;
    }

    public long journalIndex()
    {
        return journalIndex;
    }

    public int inputChecksum()
    {
        return inputChecksum;
    }

    public int inputLength()
    {
        return inputLength;
    }

    public long lastInboundIndex()
    {
        return lastInboundIndex;
    }

    /** @return the last broker report's bytes (valid for {@link #lastBrokerReportLength()}), or null when none. */
    public DirectBuffer lastBrokerReport()
    {
        return 0 == lastBrokerReportLength ? null : lastBrokerReport;
    }

    public int lastBrokerReportLength()
    {
        return lastBrokerReportLength;
    }

    /** @return the state digest a read snapshot carried (which the restored core was checked against). */
    public byte[] stateDigest()
    {
        return stateDigest.clone();
    }

    void stateDigest(final byte[] digest)
    {
        System.arraycopy(digest, 0, stateDigest, 0, stateDigest.length);
    }

    ExpandableArrayBuffer reportBuffer()
    {
        return lastBrokerReport;
    }

    void reportLength(final int length)
    {
        lastBrokerReportLength = length;
    }
}

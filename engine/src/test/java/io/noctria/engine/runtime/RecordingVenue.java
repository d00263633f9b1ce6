package io.noctria.engine.runtime;

import io.noctria.codecs.sbe.ReconcileRequestedEncoder;
import io.noctria.engine.gateway.BrokerGateway;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A venue for the runtime's unit tests: records the first byte of each message it is sent and each status query it
 * is asked ("QUERY_ID CLORDID"), and reports nothing by itself.
 */
final class RecordingVenue implements BrokerGateway
{
    final List<Byte> sent = new ArrayList<>();
    final List<String> asked = new ArrayList<>();

    @Override
    public void send(final DirectBuffer buffer, final int offset, final int length)
    {
        sent.add(buffer.getByte(offset));
    }

    @Override
    public int poll(final long nowNs)
    {
        return 0;
    }

    @Override
    public void queryStatus(final long queryId, final DirectBuffer clOrdId, final int clOrdIdOffset)
    {
        final byte[] bytes = new byte[ReconcileRequestedEncoder.clOrdIdLength()];
        clOrdId.getBytes(clOrdIdOffset, bytes);
        asked.add(queryId + " " + new String(bytes, StandardCharsets.US_ASCII).trim());
    }

    @Override
    public int inFlight()
    {
        return 0;
    }

    @Override
    public void close()
    {
    }
}

package io.noctria.engine.runtime;

import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.engine.gateway.BrokerGateway;
import io.noctria.engine.gateway.ForwardingBrokerGateway;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongHashSet;

/**
 * A broker gateway that records what the engine hands to the venue behind it: first-attempt sends,
 * ClOrdIDs handed over as a new order more than once, and the most orders in flight at once. Used on the
 * ingress thread only; read after the engine stopped.
 */
final class CountingGateway extends ForwardingBrokerGateway
{
    private final byte[] clOrdId = new byte[32];
    private final LongHashSet firstSends = new LongHashSet();

    long sends;
    long firstAttemptSends;
    long resentAsNew;
    long clOrdIdChecksum;
    int maxInFlight;

    CountingGateway(final BrokerGateway venue)
    {
        super(venue);
    }

    @Override
    public void send(final DirectBuffer buffer, final int offset, final int length)
    {
        sends++;
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (buffer.getInt(body + OrderSentDecoder.attemptEncodingOffset(), OrderSentDecoder.BYTE_ORDER) == 1)
        {
            firstAttemptSends++;
            buffer.getBytes(body + OrderSentDecoder.clOrdIdEncodingOffset(), clOrdId, 0, 32);
            final long hash = BurstAudit.hash(clOrdId, 0);
            if (!firstSends.add(hash))
            {
                resentAsNew++;
            }
            clOrdIdChecksum += hash;
        }
        venue.send(buffer, offset, length);
    }

    @Override
    public int poll(final long nowNs)
    {
        final int work = venue.poll(nowNs);
        maxInFlight = Math.max(maxInFlight, venue.inFlight());
        return work;
    }




}

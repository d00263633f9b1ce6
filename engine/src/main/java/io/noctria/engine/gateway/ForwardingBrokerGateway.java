package io.noctria.engine.gateway;

import org.agrona.DirectBuffer;

import java.util.Objects;

/**
 * A gateway that hands every call to another one: the base for gateways that observe a venue without changing
 * what it does (the latency harness's hand-off clock, tests' send counters). Subclasses override the calls they
 * watch and call {@code super}.
 */
public abstract class ForwardingBrokerGateway implements BrokerGateway
{
    /** The gateway every call goes to. */
    protected final BrokerGateway venue;

    protected ForwardingBrokerGateway(final BrokerGateway venue)
    {
        this.venue = Objects.requireNonNull(venue, "venue");
    }

    @Override
    public void send(final DirectBuffer buffer, final int offset, final int length)
    {
        venue.send(buffer, offset, length);
    }

    @Override
    public void cancel(final DirectBuffer buffer, final int offset, final int length)
    {
        venue.cancel(buffer, offset, length);
    }

    @Override
    public void replace(final DirectBuffer buffer, final int offset, final int length)
    {
        venue.replace(buffer, offset, length);
    }

    @Override
    public int poll(final long nowNs)
    {
        return venue.poll(nowNs);
    }

    @Override
    public void queryStatus(final long queryId, final DirectBuffer clOrdId, final int clOrdIdOffset)
    {
        venue.queryStatus(queryId, clOrdId, clOrdIdOffset);
    }

    @Override
    public void resumeAfterJournaled(final DirectBuffer report, final int offset, final int length)
    {
        venue.resumeAfterJournaled(report, offset, length);
    }

    @Override
    public int inFlight()
    {
        return venue.inFlight();
    }

    @Override
    public void close()
    {
        venue.close();
    }
}

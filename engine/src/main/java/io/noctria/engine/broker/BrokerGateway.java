package io.noctria.engine.broker;

import org.agrona.DirectBuffer;

/**
 * The engine's seam to an execution venue: orders go out, execution reports come back.
 * <p>
 * The engine hands each order over <em>after</em> its {@code OrderSent} event is journaled, so a
 * crash between the two can only lose a send, never send something the journal does not know.
 * Reports are handed to the {@link BrokerReportSink} given to the implementation at construction,
 * as SBE messages with header ({@code BrokerAck}, {@code Fill}, {@code BrokerReject},
 * {@code Expired}, {@code Canceled} or {@code SendFailed}); the host publishes them into the
 * engine's ring as inputs, where they are sequenced and stamped ({@code tsNs}) like any other input.
 * <p>
 * Implementations document their threading; none of the calls may block on I/O or locks.
 */
public interface BrokerGateway extends AutoCloseable
{
    /**
     * Hand an order to the venue.
     *
     * @param buffer holding an SBE {@code OrderSent} message, header included; read during the call only.
     * @param offset of the message header in {@code buffer}.
     * @param length of the message, header included.
     */
    void send(DirectBuffer buffer, int offset, int length);

    /**
     * Deliver the execution reports that are due at {@code nowNs} to the report sink.
     *
     * @param nowNs the host's current epoch-nanosecond time.
     * @return the number of reports delivered.
     */
    int poll(long nowNs);

    /**
     * @return orders handed over whose final report has not been delivered yet; the host drains until
     * this is 0 before a clean stop, so every sent order's outcome is journaled.
     */
    int inFlight();

    /** Stop: no further sends are accepted and no further reports are delivered. */
    @Override
    void close();
}

package io.noctria.engine.gateway;

import org.agrona.DirectBuffer;

/**
 * The engine's seam to an execution venue: orders go out, execution reports come back.
 * <p>
 * The engine hands each order over <em>after</em> its {@code OrderSent} event is journaled, so a
 * crash between the two can only lose a send, never send something the journal does not know.
 * Reports are handed to the {@link BrokerReportSink} given to the implementation at construction,
 * as SBE messages with header ({@code BrokerAck}, {@code Fill}, {@code BrokerReject},
 * {@code Expired}, {@code Canceled} or {@code SendFailed}, and {@code OrderStatusReport} answering
 * {@link #queryStatus}); the host publishes them into the engine's ring as inputs, where they are
 * sequenced and stamped ({@code tsNs}) like any other input.
 * <p>
 * Two implementations: the embedded {@code io.noctria.engine.broker.SimulatedBroker} (module venue), and {@link ProcessBrokerGateway}, which
 * talks to a venue in another process ({@code noctria broker-sim}) through two Chronicle queues.
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
     * Hand a cancel to the venue, after its {@code CancelSent} is journaled (FIX OrderCancelRequest). The venue answers
     * with the order's {@code Canceled}, or a {@code CancelReject}; none when its own rejection of the order is due.
     *
     * @param buffer holding an SBE {@code CancelSent} message, header included; read during the call only.
     * @param offset of the message header in {@code buffer}.
     * @param length of the message, header included.
     * @throws UnsupportedOperationException from a gateway that cannot cancel (every venue of this build can).
     */
    default void cancel(final DirectBuffer buffer, final int offset, final int length)
    {
        throw new UnsupportedOperationException(getClass().getName() + " cannot cancel orders");
    }

    /**
     * Hand a replace to the venue, after its {@code ReplaceSent} is journaled (FIX OrderCancelReplaceRequest). The
     * venue answers {@code Replaced} or {@code CancelReject}.
     *
     * @param buffer holding an SBE {@code ReplaceSent} message, header included; read during the call only.
     * @param offset of the message header in {@code buffer}.
     * @param length of the message, header included.
     * @throws UnsupportedOperationException from a gateway that cannot replace (every venue of this build can).
     */
    default void replace(final DirectBuffer buffer, final int offset, final int length)
    {
        throw new UnsupportedOperationException(getClass().getName() + " cannot replace orders");
    }

    /**
     * Deliver the execution reports that are due at {@code nowNs} to the report sink.
     *
     * @param nowNs the host's current epoch-nanosecond time.
     * @return the number of reports delivered.
     */
    int poll(long nowNs);

    /**
     * Ask the venue for the state of an order by ClOrdID, as reconciliation of an in-doubt order does. The
     * answer comes back as one {@code OrderStatusReport} report with the same {@code queryId}: at once from
     * this call (embedded venue) or from a later {@link #poll} (out-of-process venue). A ClOrdID the venue
     * never recorded is answered with state {@code UNKNOWN}. Not for the hot path; must not be called from
     * inside the report sink.
     *
     * @param queryId       chosen by the caller, echoed in the answer.
     * @param clOrdId       holding the ClOrdID as the schema's 32 NUL-padded ASCII bytes; read during the call only.
     * @param clOrdIdOffset where those bytes start.
     */
    void queryStatus(long queryId, DirectBuffer clOrdId, int clOrdIdOffset);

    /**
     * Called once by the host after recovery and before the first {@link #send} or {@link #poll}, with the
     * last broker report its journal holds, so a venue link with a durable report stream resumes right after
     * it: no report is delivered twice and none written while the engine was down is skipped. The embedded
     * venue keeps no state across runs and ignores it.
     *
     * @param report the last journaled report (its {@code tsNs} is the engine's stamp), or null when the
     *               journal holds none; read during the call only.
     * @param offset of its header.
     * @param length of the message, header included; 0 when {@code report} is null.
     */
    default void resumeAfterJournaled(final DirectBuffer report, final int offset, final int length)
    {
    }

    /**
     * @return orders handed over whose final report has not been delivered yet; the host drains until
     * this is 0 before a clean stop, so every sent order's outcome is journaled.
     */
    int inFlight();

    /** Stop: no further sends are accepted and no further reports are delivered. */
    @Override
    void close();
}

package io.noctria.engine.gateway;

import org.agrona.DirectBuffer;

/**
 * Receives execution reports from a {@link BrokerGateway}.
 * <p>
 * Each report is one SBE message with header: {@code BrokerAck}, {@code Fill}, {@code BrokerReject},
 * {@code Expired}, {@code Canceled} or {@code SendFailed}. The bytes are valid only during the call:
 * the gateway reuses its buffer, so a sink that keeps a report copies it (e.g. into the ring slot).
 */
@FunctionalInterface
public interface BrokerReportSink
{
    /**
     * @param buffer holding the report; valid only during this call.
     * @param offset of the message header in {@code buffer}.
     * @param length of the message, header included.
     */
    void onReport(DirectBuffer buffer, int offset, int length);
}

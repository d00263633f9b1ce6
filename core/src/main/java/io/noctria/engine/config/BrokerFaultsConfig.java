package io.noctria.engine.config;

/**
 * Injected venue faults from {@code broker_sim.faults:} in configs/engine.yml, read by the embedded venue
 * and by {@code noctria broker-sim} alike; all off by default. Probabilities are exact ppm, times ns of
 * venue time. See docs/broker-sim.md ("Fault injection") for what each one does. Immutable.
 *
 * @param timeoutPpm         no answer in time: SendFailed TIMEOUT after {@code timeoutNs}.
 * @param timeoutNs          the request timeout.
 * @param errorResponsePpm   explicit error response: SendFailed SERVER_ERROR.
 * @param disconnectAtOrder  venue arrival number where the link drops; 0 = never.
 * @param disconnectOrders   arrivals refused DISCONNECTED from there.
 * @param slowAckPpm         the first answer comes {@code slowAckNs} late.
 * @param slowAckNs          the extra latency of a slow answer.
 * @param fillBeforeAckPpm   the first fill overtakes the ack.
 * @param cancelPpm          the venue cancels an accepted order itself after the ack.
 * @param fillAfterCancelPpm a fill for the leaves arrives after the Canceled.
 */
public record BrokerFaultsConfig(
    int timeoutPpm,
    long timeoutNs,
    int errorResponsePpm,
    long disconnectAtOrder,
    int disconnectOrders,
    int slowAckPpm,
    long slowAckNs,
    int fillBeforeAckPpm,
    int cancelPpm,
    int fillAfterCancelPpm)
{
    static BrokerFaultsConfig parse(final ConfigSection section)
    {
        section.allowOnly("timeout_probability", "timeout_us", "error_response_probability", "disconnect_at_order",
            "disconnect_orders", "slow_ack_probability", "slow_ack_us", "fill_before_ack_probability",
            "cancel_probability", "fill_after_cancel_probability");
        final String probability = "must be a probability from 0 to 1";
        final String latency = "must be an integer number of microseconds from 0 to 60000000";
        return new BrokerFaultsConfig(
            (int)section.fixed6("timeout_probability", 0, 0, true, 1_000_000, probability),
            section.integer("timeout_us", 5_000, 0, 60_000_000, latency) * 1_000L,
            (int)section.fixed6("error_response_probability", 0, 0, true, 1_000_000, probability),
            section.integer("disconnect_at_order", 0, 0, Long.MAX_VALUE, "must be an arrival number >= 1, or 0 for none"),
            (int)section.integer("disconnect_orders", 0, 0, 1_000_000_000, "must be an integer from 0 to 1000000000"),
            (int)section.fixed6("slow_ack_probability", 0, 0, true, 1_000_000, probability),
            section.integer("slow_ack_us", 50_000, 0, 60_000_000, latency) * 1_000L,
            (int)section.fixed6("fill_before_ack_probability", 0, 0, true, 1_000_000, probability),
            (int)section.fixed6("cancel_probability", 0, 0, true, 1_000_000, probability),
            (int)section.fixed6("fill_after_cancel_probability", 0, 0, true, 1_000_000, probability));
    }

    @Override
    public String toString()
    {
        return "faults {timeout_probability: " + SymbolLimits.decimal(timeoutPpm) + ", timeout_us: " + timeoutNs / 1000 +
            ", error_response_probability: " + SymbolLimits.decimal(errorResponsePpm) + ", disconnect_at_order: " +
            disconnectAtOrder + ", disconnect_orders: " + disconnectOrders + ", slow_ack_probability: " +
            SymbolLimits.decimal(slowAckPpm) + ", slow_ack_us: " + slowAckNs / 1000 + ", fill_before_ack_probability: " +
            SymbolLimits.decimal(fillBeforeAckPpm) + ", cancel_probability: " + SymbolLimits.decimal(cancelPpm) +
            ", fill_after_cancel_probability: " + SymbolLimits.decimal(fillAfterCancelPpm) + "}";
    }
}

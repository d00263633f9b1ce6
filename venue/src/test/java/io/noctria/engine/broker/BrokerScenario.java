package io.noctria.engine.broker;

import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A fixed, seeded flow of calls into a broker: mixed orders, polls, cancels, duplicate resends and
 * retries after transient errors, as an engine would make them. The flow's own randomness has its
 * own seed, so two brokers can be given exactly the same calls.
 */
final class BrokerScenario
{
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final Side[] SIDES = { Side.BUY, Side.SELL };
    private static final OrderType[] TYPES = { OrderType.MARKET, OrderType.LIMIT };
    private static final TimeInForce[] TIFS = { TimeInForce.DAY, TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK };

    private final long flowSeed;
    private final int orderCount;
    private final long pollEveryNs;
    private final boolean reactive;

    /**
     * @param pollEveryNs the host's poll cadence; polls never run ahead of the next order's stamp,
     *                    so orders arrive at their own {@code tsNs} whatever the cadence.
     * @param reactive    also cancel orders and retry transient failures: calls whose timing follows
     *                    the reports, hence the poll cadence.
     */
    BrokerScenario(final long flowSeed, final int orderCount, final long pollEveryNs, final boolean reactive)
    {
        this.flowSeed = flowSeed;
        this.orderCount = orderCount;
        this.pollEveryNs = pollEveryNs;
        this.reactive = reactive;
    }

    /** Run the flow against a new broker; @return its recorded reports. */
    RecordingSink run(final SimulatedBrokerSettings settings)
    {
        final RecordingSink sink = new RecordingSink();
        final SimulatedBroker broker = new SimulatedBroker(settings, sink);
        final OrderSentFixture orders = new OrderSentFixture();
        final SplittableRandom flow = new SplittableRandom(flowSeed);
        final int[] attempts = new int[orderCount + 1];
        long nowNs = T0;
        long nextPollNs = T0 + pollEveryNs;
        int seen = 0;
        for (int n = 1; n <= orderCount; n++)
        {
            nowNs += 1 + flow.nextInt(400_000);
            while (nextPollNs <= nowNs)
            {
                broker.poll(nextPollNs);
                nextPollNs += pollEveryNs;
            }
            seen = retryTransientFailures(broker, orders, sink, attempts, seen, nowNs);
            attempts[n] = 1;
            orders.side(SIDES[flow.nextInt(2)])
                .orderType(TYPES[flow.nextInt(2)])
                .timeInForce(TIFS[flow.nextInt(4)])
                .qty(1 + flow.nextLong(50_000_000_000L))
                .price(1_000_000 + flow.nextLong(200_000_000_000L))
                .tsNs(nowNs)
                .attempt(1);
            orders.send(broker, n);
            final int action = flow.nextInt(100);
            if (action < 3 && n > 10)
            {
                orders.send(broker, n - flow.nextInt(10));
            }
            else if (reactive && action < 8 && n > 5)
            {
                broker.cancel(OrderSentFixture.clOrdId(n - flow.nextInt(5)));
            }
        }
        while (broker.inFlight() > 0)
        {
            nowNs = Math.max(nowNs, broker.nextDueNs());
            broker.poll(nowNs);
            seen = retryTransientFailures(broker, orders, sink, attempts, seen, nowNs);
        }
        return sink;
    }

    private int retryTransientFailures(
        final SimulatedBroker broker,
        final OrderSentFixture orders,
        final RecordingSink sink,
        final int[] attempts,
        final int seen,
        final long nowNs)
    {
        final List<Report> reports = sink.reports();
        final int end = reports.size();
        if (!reactive)
        {
            return end;
        }
        for (int i = seen; i < end; i++)
        {
            final Report report = reports.get(i);
            if (report.is(Report.SEND_FAILED))
            {
                final int n = (int)report.orderNumber();
                attempts[n]++;
                orders.attempt(attempts[n]).tsNs(nowNs).send(broker, n);
            }
        }
        return end;
    }
}

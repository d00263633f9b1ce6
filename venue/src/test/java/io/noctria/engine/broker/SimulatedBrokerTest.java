package io.noctria.engine.broker;

import io.noctria.codecs.sbe.*;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.noctria.engine.broker.BrokerAssertions.assertCausalLifeCycle;
import static io.noctria.engine.broker.BrokerAssertions.drain;
import static org.junit.jupiter.api.Assertions.*;

class SimulatedBrokerTest
{
    private static final long T0 = 1_700_000_000_000_000_000L;

    private final OrderSentFixture orders = new OrderSentFixture();
    private final RecordingSink sink = new RecordingSink();

    @Test
    void shouldAcknowledgeAfterLatencyThenFillTheWholeQty()
    {
        final SimulatedBroker broker = new SimulatedBroker(
            TestSettings.quiet().latencies(1_000, 500, 200).build(), sink);
        orders.tsNs(T0).qty(2_500_000).price(150_250_000);
        orders.send(broker, 1);

        final Report ack = dueAt(broker, T0 + 1_000, Report.ACK);
        assertEquals(0, ack.tsNs());
        assertEquals(1, ack.brokerOrderId());

        final Report fill = dueAt(broker, T0 + 1_500, Report.FILL);
        assertEquals(2_500_000, fill.fillQty());
        assertEquals(2_500_000, fill.cumQty());
        assertEquals(0, fill.leavesQty());
        assertEquals(FillType.FULL, fill.fillType());
        assertEquals(150_250_000, fill.fillPrice(), "no slippage configured");
        assertEquals(Liquidity.TAKER, fill.liquidity(), "no maker probability configured");
        assertCausalLifeCycle(1, sink.reports(), 2_500_000);
        assertEquals(0, broker.inFlight());
    }

    @Test
    void shouldSplitPartialFillsWithConsistentCumAndLeavesQty()
    {
        final SimulatedBroker broker = new SimulatedBroker(TestSettings.quiet().partial(1.0).build(), sink);
        final long[] qtys = { 1, 2, 3, 7, 1_000_000, 123_456_789, 20_000_000_000L };
        final Map<Long, Long> qtyByOrder = new HashMap<>();
        long n = 0;
        for (int round = 0; round < 30; round++)
        {
            for (final long qty : qtys)
            {
                n++;
                qtyByOrder.put(n, qty);
                orders.timeInForce(TimeInForce.GTC).qty(qty).tsNs(T0 + n);
                orders.send(broker, n);
            }
        }
        drain(broker);

        final int[] ordersByFillCount = new int[6];
        for (final Map.Entry<Long, List<Report>> order : sink.byOrder().entrySet())
        {
            final long qty = qtyByOrder.get(order.getKey());
            final int fills = assertCausalLifeCycle(order.getKey(), order.getValue(), qty);
            assertTrue(fills <= qty, "a fill is at least 10^-6");
            assertTrue(fills >= Math.min(2, qty) && fills <= 4, "2-4 fills, fewer only when qty is tiny: " + fills);
            ordersByFillCount[fills]++;
        }
        assertEquals(qtyByOrder.size(), sink.byOrder().size());
        assertTrue(ordersByFillCount[2] > 0 && ordersByFillCount[3] > 0 && ordersByFillCount[4] > 0,
            "every split from 2 to 4 fills occurs");
    }

    @Test
    void shouldExpireIocAndDayOrdersAfterPartialFillsAndFokOrdersUnfilled()
    {
        final SimulatedBroker broker = new SimulatedBroker(TestSettings.quiet().expire(1.0).build(), sink);
        final TimeInForce[] tifs = { TimeInForce.IOC, TimeInForce.DAY, TimeInForce.FOK, TimeInForce.GTC };
        for (int n = 1; n <= 200; n++)
        {
            orders.timeInForce(tifs[n % tifs.length]).qty(5_000_000).tsNs(T0 + n);
            orders.send(broker, n);
        }
        drain(broker);

        for (final Map.Entry<Long, List<Report>> order : sink.byOrder().entrySet())
        {
            final TimeInForce tif = tifs[(int)(order.getKey() % tifs.length)];
            final List<Report> reports = order.getValue();
            final int fills = assertCausalLifeCycle(order.getKey(), reports, 5_000_000);
            final Report last = reports.get(reports.size() - 1);
            switch (tif)
            {
                case GTC:
                    assertTrue(last.is(Report.FILL), "GTC never expires: " + reports);
                    break;
                case FOK:
                    assertTrue(last.is(Report.EXPIRED), reports.toString());
                    assertEquals(0, last.cumQty(), "FOK is all or nothing");
                    assertEquals(0, fills);
                    break;
                default:
                    assertTrue(last.is(Report.EXPIRED), reports.toString());
                    assertTrue(fills >= 1 && fills <= 3, "IOC/DAY expire after 1-3 partial fills: " + reports);
                    assertTrue(last.cumQty() > 0 && last.cumQty() < 5_000_000, reports.toString());
                    break;
            }
        }
        assertEquals(VenueOrderState.EXPIRED, broker.status(OrderSentFixture.clOrdId(1)).state());
        assertEquals(VenueOrderState.FILLED, broker.status(OrderSentFixture.clOrdId(3)).state());
    }

    @Test
    void shouldRejectAClOrdIdTheVenueAlreadyHasWithDuplicateClOrdId()
    {
        final SimulatedBroker broker = new SimulatedBroker(TestSettings.quiet().build(), sink);
        orders.tsNs(T0).qty(1_000_000);
        orders.send(broker, 7);
        orders.send(broker, 7);
        drain(broker);
        orders.attempt(2).send(broker, 7);
        drain(broker);

        final List<Report> reports = sink.reports();
        final List<Report> duplicates = reports.stream().filter(r -> r.is(Report.REJECT)).toList();
        assertEquals(2, duplicates.size(), "resend while pending and after the fill: " + reports);
        for (final Report duplicate : duplicates)
        {
            assertEquals(BrokerRejectReason.DUPLICATE_CLORDID, duplicate.rejectReason());
            assertEquals(OrderSentFixture.clOrdId(7), duplicate.clOrdId());
            assertEquals(OrderSentFixture.traceId(7), duplicate.traceId());
            assertEquals(7, duplicate.orderNumber(), "the idempotency key is copied");
            assertEquals(0, duplicate.tsNs());
            assertFalse(duplicate.rejectText().isEmpty());
        }
        assertEquals(1, reports.stream().filter(r -> r.is(Report.ACK)).count());
        assertEquals(1, reports.stream().filter(r -> r.is(Report.FILL)).count());
        assertEquals(1, broker.venueOrders());
        final OrderStatus status = broker.status(OrderSentFixture.clOrdId(7));
        assertEquals(VenueOrderState.FILLED, status.state(), "a duplicate does not disturb the original");
        assertEquals(1_000_000, status.cumQty());
    }

    @Test
    void shouldAcceptEachRetryAfterTransientErrorsExactlyOnce()
    {
        final SimulatedBroker broker = new SimulatedBroker(TestSettings.quiet().error(0.5).build(), sink);
        final int orderCount = 200;
        final int[] attempts = new int[orderCount + 1];
        for (int n = 1; n <= orderCount; n++)
        {
            attempts[n] = 1;
            orders.attempt(1).tsNs(T0).send(broker, n);
        }
        final EnumSet<BrokerErrorCode> codes = EnumSet.noneOf(BrokerErrorCode.class);
        int failures = 0;
        int delivered = 0;
        while (broker.inFlight() > 0)
        {
            broker.poll(broker.nextDueNs());
            final List<Report> reports = sink.reports();
            for (; delivered < reports.size(); delivered++)
            {
                final Report report = reports.get(delivered);
                if (report.is(Report.SEND_FAILED))
                {
                    failures++;
                    final int n = (int)report.orderNumber();
                    assertEquals(BooleanType.FALSE, report.finalAttempt(), "transient: the engine retries");
                    assertEquals(attempts[n], report.attempt(), "the attempt is echoed");
                    assertEquals(0, report.tsNs());
                    assertEquals(VenueOrderState.UNKNOWN, broker.status(OrderSentFixture.clOrdId(n)).state(),
                        "a transient failure leaves no order at the venue");
                    codes.add(report.errorCode());
                    attempts[n]++;
                    orders.attempt(attempts[n]).send(broker, n);
                }
            }
        }

        assertTrue(failures > orderCount / 2, "about one failure per order at p=0.5: " + failures);
        assertEquals(EnumSet.of(BrokerErrorCode.TIMEOUT, BrokerErrorCode.SERVER_ERROR, BrokerErrorCode.THROTTLED),
            codes);
        assertEquals(orderCount, broker.venueOrders());
        for (final Map.Entry<Long, List<Report>> order : sink.byOrder().entrySet())
        {
            final List<Report> venueReports = order.getValue().stream().filter(r -> !r.is(Report.SEND_FAILED)).toList();
            assertEquals(1, venueReports.stream().filter(r -> r.is(Report.ACK)).count(), "accepted exactly once");
            assertFalse(venueReports.stream().anyMatch(r -> r.is(Report.REJECT)), "a retry is not a duplicate");
            assertCausalLifeCycle(order.getKey(), venueReports, orders.currentQty());
        }

        // Once accepted, the same ClOrdID is a duplicate, whatever the attempt number.
        sink.clear();
        Report answer;
        do
        {
            orders.attempt(99).send(broker, 1);
            drain(broker);
            answer = sink.last();
        }
        while (answer.is(Report.SEND_FAILED));
        assertEquals(BrokerRejectReason.DUPLICATE_CLORDID, answer.rejectReason());
    }

    @Test
    void shouldMoveFillPricesAgainstTheOrderByAtMostMaxSlippage()
    {
        final int maxBps = 25;
        final SimulatedBroker broker = new SimulatedBroker(
            TestSettings.quiet().slippageBps(maxBps).partial(0.5).build(), sink);
        final long[] prices = { 1, 999, 150_250_000, 1_234_567_891_234L, 9_000_000_000_000_000L };
        final Map<Long, long[]> terms = new HashMap<>();
        for (int n = 1; n <= 2_000; n++)
        {
            final Side side = n % 2 == 0 ? Side.BUY : Side.SELL;
            final long price = prices[n % prices.length];
            terms.put((long)n, new long[] { side.value(), price });
            orders.side(side).price(price).tsNs(T0 + n);
            orders.send(broker, n);
        }
        drain(broker);

        long worstBuyPpm = 0;
        long worstSellPpm = 0;
        int fills = 0;
        for (final Report fill : sink.reports())
        {
            if (!fill.is(Report.FILL))
            {
                continue;
            }
            fills++;
            final long[] order = terms.get(fill.orderNumber());
            final long price = order[1];
            final long adverse = order[0] == Side.BUY.value() ? fill.fillPrice() - price : price - fill.fillPrice();
            assertTrue(adverse >= 0, "slippage is never in the order's favour: " + fill);
            // adverse / price <= maxBps / 10^4, in exact integer arithmetic.
            assertTrue(BigInteger.valueOf(adverse).multiply(BigInteger.valueOf(10_000))
                .compareTo(BigInteger.valueOf(price).multiply(BigInteger.valueOf(maxBps))) <= 0,
                "slippage above " + maxBps + " bps: " + fill);
            if (price == 150_250_000)
            {
                final long ppm = adverse * 1_000_000 / price;
                if (order[0] == Side.BUY.value())
                {
                    worstBuyPpm = Math.max(worstBuyPpm, ppm);
                }
                else
                {
                    worstSellPpm = Math.max(worstSellPpm, ppm);
                }
            }
        }
        assertTrue(fills > 2_000, "partial fills add fills: " + fills);
        assertTrue(worstBuyPpm > maxBps * 90 && worstSellPpm > maxBps * 90,
            "the whole range up to max is drawn: buy " + worstBuyPpm + " ppm, sell " + worstSellPpm + " ppm");
    }

    @Test
    void shouldCancelAnOpenOrderButNotAFilledOne()
    {
        final SimulatedBroker broker = new SimulatedBroker(
            TestSettings.quiet().partial(1.0).latencies(1_000, 500, 100).build(), sink);
        orders.sendTwoWorking(broker, T0);
        final List<Report> early = List.copyOf(sink.reports());
        assertEquals(4, early.size(), "two acks and two first partial fills: " + early);
        final Report firstFill = early.get(2);
        assertTrue(firstFill.is(Report.FILL) && firstFill.orderNumber() == 1, early.toString());
        final long cumAtCancel = firstFill.cumQty();
        assertTrue(cumAtCancel > 0 && cumAtCancel < 10_000_000);

        assertTrue(broker.cancel(OrderSentFixture.clOrdId(1)));
        assertFalse(broker.cancel(OrderSentFixture.clOrdId(1)), "a repeated cancel adds nothing");
        assertFalse(broker.cancel("NO-SUCH-ORDER"));
        drain(broker);

        final Map<Long, List<Report>> byOrder = sink.byOrder();
        final List<Report> canceled = byOrder.get(1L);
        assertCausalLifeCycle(1, canceled, 10_000_000);
        final Report last = canceled.get(canceled.size() - 1);
        assertTrue(last.is(Report.CANCELED), canceled.toString());
        assertEquals(cumAtCancel, last.cumQty(), "no fill after the cancel took effect");
        assertEquals(T0 + 1_500 + 100, last.brokerTsNs(), "effective after the cancel latency");
        final OrderStatus status = broker.status(OrderSentFixture.clOrdId(1));
        assertEquals(VenueOrderState.CANCELED, status.state());
        assertEquals(cumAtCancel, status.cumQty());
        assertEquals(0, status.leavesQty());

        final List<Report> filled = byOrder.get(2L);
        assertEquals(10_000_000, filled.get(filled.size() - 1).cumQty());
        assertFalse(broker.cancel(OrderSentFixture.clOrdId(2)), "a filled order cannot be canceled");
        assertEquals(0, broker.poll(Long.MAX_VALUE));
    }

    @Test
    void shouldDeliverTheAckBeforeACancelRequestedEarlier()
    {
        final SimulatedBroker broker = new SimulatedBroker(TestSettings.quiet().latencies(1_000, 500, 0).build(), sink);
        orders.tsNs(T0).send(broker, 1);
        broker.poll(T0);
        assertEquals(VenueOrderState.PENDING_NEW, broker.status(OrderSentFixture.clOrdId(1)).state());
        assertTrue(broker.cancel(OrderSentFixture.clOrdId(1)));
        drain(broker);

        final List<Report> reports = sink.reports();
        assertEquals(2, reports.size(), reports.toString());
        assertTrue(reports.get(0).is(Report.ACK));
        assertTrue(reports.get(1).is(Report.CANCELED));
        assertEquals(0, reports.get(1).cumQty());
        assertEquals(reports.get(0).brokerTsNs(), reports.get(1).brokerTsNs());
    }

    @Test
    void shouldLetAFillAlreadyDueCompleteTheOrderBeforeACancel()
    {
        final SimulatedBroker broker = new SimulatedBroker(
            TestSettings.quiet().latencies(1_000, 100, 5_000).build(), sink);
        orders.tsNs(T0).send(broker, 1);
        broker.poll(T0 + 1_000);
        assertTrue(broker.cancel(OrderSentFixture.clOrdId(1)), "the order is open when the cancel arrives");
        drain(broker);

        final Report last = sink.last();
        assertTrue(last.is(Report.FILL) && last.fillType() == FillType.FULL, sink.reports().toString());
        assertFalse(sink.reports().stream().anyMatch(r -> r.is(Report.CANCELED)), "too late to cancel");
        assertEquals(VenueOrderState.FILLED, broker.status(OrderSentFixture.clOrdId(1)).state());
    }

    @Test
    void shouldAnswerOrderStatusForReconciliation()
    {
        final SimulatedBroker broker = new SimulatedBroker(
            TestSettings.quiet().partial(1.0).slippageBps(50).latencies(1_000, 500, 0).build(), sink);
        assertEquals(OrderStatus.UNKNOWN, broker.status(OrderSentFixture.clOrdId(1)));
        assertEquals(OrderStatus.UNKNOWN, broker.status("this ClOrdID is far longer than 32 chars"));
        assertEquals(OrderStatus.UNKNOWN, broker.status("caf\u00e9"));

        orders.timeInForce(TimeInForce.GTC).qty(8_000_000).price(100_000_000).tsNs(T0).send(broker, 1);
        assertEquals(VenueOrderState.PENDING_NEW, broker.status(OrderSentFixture.clOrdId(1)).state());
        broker.poll(T0 + 1_000);
        final OrderStatus acked = broker.status(OrderSentFixture.clOrdId(1));
        assertEquals(new OrderStatus(VenueOrderState.NEW, 1, 8_000_000, 0, 8_000_000, 0), acked);

        broker.poll(T0 + 1_500);
        final Report first = sink.last();
        final OrderStatus partial = broker.status(new StringBuilder(OrderSentFixture.clOrdId(1)));
        assertEquals(VenueOrderState.PARTIALLY_FILLED, partial.state());
        assertEquals(first.cumQty(), partial.cumQty());
        assertEquals(8_000_000 - first.cumQty(), partial.leavesQty());
        assertEquals(first.fillPrice(), partial.avgPrice());

        drain(broker);
        final OrderStatus filled = broker.status(OrderSentFixture.clOrdId(1));
        assertEquals(VenueOrderState.FILLED, filled.state());
        assertEquals(8_000_000, filled.cumQty());
        assertEquals(0, filled.leavesQty());
        BigInteger notional = BigInteger.ZERO;
        for (final Report fill : sink.reports())
        {
            if (fill.is(Report.FILL))
            {
                notional = notional.add(BigInteger.valueOf(fill.fillQty())
                    .multiply(BigInteger.valueOf(fill.fillPrice())));
            }
        }
        assertEquals(notional.divide(BigInteger.valueOf(8_000_000)).longValueExact(), filled.avgPrice(),
            "quantity-weighted average, rounded down");

        final SimulatedBroker rejecting = new SimulatedBroker(TestSettings.quiet().reject(1.0).build(), sink);
        sink.clear();
        orders.tsNs(T0).send(rejecting, 5);
        drain(rejecting);
        assertEquals(BrokerRejectReason.INSUFFICIENT_LIQUIDITY, sink.last().rejectReason());
        assertEquals(new OrderStatus(VenueOrderState.REJECTED, 1, orders.currentQty(), 0, 0, 0),
            rejecting.status(OrderSentFixture.clOrdId(5)));
    }

    @Test
    void shouldRefuseAMalformedOrderWithoutRememberingItsClOrdId()
    {
        final SimulatedBroker broker = new SimulatedBroker(TestSettings.quiet().build(), sink);
        orders.qty(0).tsNs(T0).send(broker, 3);
        drain(broker);
        assertEquals(BrokerRejectReason.INVALID_ORDER, sink.last().rejectReason());
        assertEquals(OrderStatus.UNKNOWN, broker.status(OrderSentFixture.clOrdId(3)));

        orders.qty(1_000_000).attempt(2).send(broker, 3);
        drain(broker);
        assertEquals(FillType.FULL, sink.last().fillType(), "the corrected order is a first arrival");
    }

    @Test
    void shouldThrowOnBytesThatAreNotAnOrderSent()
    {
        final SimulatedBroker broker = new SimulatedBroker(TestSettings.quiet().build(), sink);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final BrokerAckEncoder ack = new BrokerAckEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + ack.encodedLength();
        final IllegalArgumentException wrongTemplate =
            assertThrows(IllegalArgumentException.class, () -> broker.send(buffer, 0, length));
        assertTrue(wrongTemplate.getMessage().contains("template 31"), wrongTemplate.getMessage());

        final int orderLength = orders.encode(1);
        assertThrows(IllegalArgumentException.class, () -> broker.send(orders.buffer(), 0, orderLength - 1));
        assertThrows(IllegalArgumentException.class, () -> broker.send(orders.buffer(), 0, 4));
        assertEquals(0, broker.ordersReceived());
        assertEquals(0, broker.inFlight());
    }

    @Test
    void shouldDeliverReportsDueTogetherInArrivalThenLifeCycleOrder()
    {
        final SimulatedBroker broker = new SimulatedBroker(TestSettings.quiet().latencies(0, 0, 0).build(), sink);
        for (int n = 1; n <= 3; n++)
        {
            orders.tsNs(T0).send(broker, n);
        }
        assertEquals(6, broker.poll(T0));
        final List<Report> reports = sink.reports();
        for (int i = 0; i < 6; i++)
        {
            assertEquals(i / 2 + 1, reports.get(i).orderNumber(), reports.toString());
            assertEquals(i % 2 == 0 ? Report.ACK : Report.FILL, reports.get(i).templateId());
            assertEquals(T0, reports.get(i).brokerTsNs());
        }
    }

    @Test
    void shouldKeepVenueTimeMonotonicWhenOrdersArriveWithOlderTimestamps()
    {
        final SimulatedBroker broker = new SimulatedBroker(TestSettings.quiet().jitter(5_000).partial(0.5).build(), sink);
        long nowNs = T0;
        for (int n = 1; n <= 500; n++)
        {
            // The engine's stamp lags the venue clock for some orders: they arrive "now", never in the past.
            orders.tsNs(n % 3 == 0 ? T0 : nowNs).send(broker, n);
            nowNs += 700;
            broker.poll(nowNs);
        }
        drain(broker);
        long last = Long.MIN_VALUE;
        for (final Report report : sink.reports())
        {
            assertTrue(report.brokerTsNs() >= last, "venue time went back at " + report);
            last = report.brokerTsNs();
        }
        for (final Map.Entry<Long, List<Report>> order : sink.byOrder().entrySet())
        {
            assertCausalLifeCycle(order.getKey(), order.getValue(), orders.currentQty());
        }
    }

    @Test
    void shouldGrowPastItsInitialCapacitiesWithoutLosingOrders()
    {
        final SimulatedBroker broker = new SimulatedBroker(
            TestSettings.quiet().partial(0.5).capacities(1, 1).build(), sink);
        for (int n = 1; n <= 3_000; n++)
        {
            orders.tsNs(T0).send(broker, n);
        }
        assertEquals(3_000, broker.inFlight());
        for (int n = 1; n <= 3_000; n += 97)
        {
            orders.send(broker, n);
        }
        drain(broker);

        assertEquals(3_000, broker.venueOrders());
        assertEquals(31, sink.reports().stream().filter(r -> r.is(Report.REJECT)).count());
        for (final Map.Entry<Long, List<Report>> order : sink.byOrder().entrySet())
        {
            final List<Report> life = order.getValue().stream().filter(r -> !r.is(Report.REJECT)).toList();
            assertCausalLifeCycle(order.getKey(), life, orders.currentQty());
            assertEquals(VenueOrderState.FILLED, broker.status(OrderSentFixture.clOrdId(order.getKey())).state());
        }
    }

    @Test
    void shouldStopDeliveringAfterClose()
    {
        final SimulatedBroker broker = new SimulatedBroker(TestSettings.quiet().build(), sink);
        orders.tsNs(T0).send(broker, 1);
        broker.close();
        assertEquals(0, broker.poll(Long.MAX_VALUE));
        assertTrue(sink.reports().isEmpty());
        assertThrows(IllegalStateException.class, () -> orders.send(broker, 2));
    }

    @Test
    void shouldRefuseAReentrantPollFromTheSink()
    {
        final SimulatedBroker[] holder = new SimulatedBroker[1];
        final SimulatedBroker broker = new SimulatedBroker(TestSettings.quiet().build(),
            (buffer, offset, length) -> holder[0].poll(Long.MAX_VALUE));
        holder[0] = broker;
        orders.tsNs(T0).send(broker, 1);
        assertThrows(IllegalStateException.class, () -> broker.poll(Long.MAX_VALUE));
    }

    @Test
    void shouldAllowTheSinkToSendTheNextOrder()
    {
        final SimulatedBroker[] holder = new SimulatedBroker[1];
        final long[] next = { 2 };
        final SimulatedBroker broker = new SimulatedBroker(TestSettings.quiet().build(), (buffer, offset, length) ->
        {
            sink.onReport(buffer, offset, length);
            if (sink.last().is(Report.FILL) && next[0] <= 5)
            {
                orders.send(holder[0], next[0]++);
            }
        });
        holder[0] = broker;
        orders.tsNs(T0).send(broker, 1);
        drain(broker);
        assertEquals(5, sink.byOrder().size());
        for (final Map.Entry<Long, List<Report>> order : sink.byOrder().entrySet())
        {
            assertCausalLifeCycle(order.getKey(), order.getValue(), orders.currentQty());
        }
    }

    /** Polls just before {@code dueNs} (nothing), then at it: exactly one report of {@code kind}, stamped then. */
    private Report dueAt(final SimulatedBroker broker, final long dueNs, final int kind)
    {
        assertEquals(0, broker.poll(dueNs - 1), "nothing before " + dueNs);
        assertEquals(1, broker.poll(dueNs));
        final Report report = sink.last();
        assertTrue(report.is(kind), report.toString());
        assertEquals(dueNs, report.brokerTsNs());
        return report;
    }
}

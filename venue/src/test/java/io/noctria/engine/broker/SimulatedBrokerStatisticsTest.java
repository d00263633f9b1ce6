package io.noctria.engine.broker;

import io.noctria.codecs.sbe.*;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.noctria.engine.broker.BrokerAssertions.drain;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Each probability knob is honoured over a seeded sample of 10 000 orders, within five standard
 * deviations of a binomial draw (the sample is seeded, so a failure is a behaviour change, not luck).
 */
class SimulatedBrokerStatisticsTest
{
    private static final int ORDERS = 10_000;
    private static final long SEED = 1_234_567L;
    private static final TimeInForce[] TIFS = { TimeInForce.DAY, TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK };
    private static final int MAX_SLIPPAGE_BPS = 20;

    @Test
    void shouldHonourEveryProbabilityOverTenThousandOrders()
    {
        final RecordingSink sink = new RecordingSink();
        final SimulatedBroker broker = new SimulatedBroker(new SimulatedBrokerSettings(SEED, 200_000, 100_000,
            300_000, 100_000, 0.10, 0.30, 0.20, 0.05, 0.40, MAX_SLIPPAGE_BPS, ORDERS, 256), sink);
        final OrderSentFixture orders = new OrderSentFixture();
        long nowNs = 1_700_000_000_000_000_000L;
        for (int n = 1; n <= ORDERS; n++)
        {
            nowNs += 50_000;
            orders.timeInForce(tif(n)).orderType(n % 3 == 0 ? OrderType.MARKET : OrderType.LIMIT)
                .side(n % 2 == 0 ? Side.BUY : Side.SELL).qty(10_000_000_000L).price(150_000_000).tsNs(nowNs);
            orders.send(broker, n);
            broker.poll(nowNs);
        }
        drain(broker);

        int errors = 0;
        final int[] errorCodes = new int[5];
        int rejects = 0;
        int accepted = 0;
        int acceptedExpirable = 0;
        int expired = 0;
        int acceptedSplittable = 0;
        int split = 0;
        final int[] splitsByFills = new int[5];
        int restingFills = 0;
        int makerFills = 0;
        long adversePpmSum = 0;
        int fills = 0;
        for (final Map.Entry<Long, List<Report>> order : sink.byOrder().entrySet())
        {
            final long n = order.getKey();
            final List<Report> reports = order.getValue();
            final Report first = reports.get(0);
            if (first.is(Report.SEND_FAILED))
            {
                errors++;
                errorCodes[first.errorCode().value()]++;
                continue;
            }
            if (first.is(Report.REJECT))
            {
                assertEquals(BrokerRejectReason.INSUFFICIENT_LIQUIDITY, first.rejectReason());
                rejects++;
                continue;
            }
            accepted++;
            final TimeInForce tif = tif(n);
            final boolean didExpire = reports.get(reports.size() - 1).is(Report.EXPIRED);
            final int orderFills = (int)reports.stream().filter(r -> r.is(Report.FILL)).count();
            if (tif != TimeInForce.GTC)
            {
                acceptedExpirable++;
                expired += didExpire ? 1 : 0;
            }
            if (!didExpire && tif != TimeInForce.FOK)
            {
                acceptedSplittable++;
                if (orderFills > 1)
                {
                    split++;
                    splitsByFills[orderFills]++;
                }
            }
            final boolean resting = n % 3 != 0 && (tif == TimeInForce.DAY || tif == TimeInForce.GTC);
            for (final Report fill : reports)
            {
                if (fill.is(Report.FILL))
                {
                    fills++;
                    adversePpmSum += Math.abs(fill.fillPrice() - 150_000_000) * 1_000_000 / 150_000_000;
                    if (resting)
                    {
                        restingFills++;
                        makerFills += fill.liquidity() == Liquidity.MAKER ? 1 : 0;
                    }
                    else
                    {
                        assertEquals(Liquidity.TAKER, fill.liquidity(), "only resting LIMIT orders make: " + fill);
                    }
                }
            }
        }

        assertRate("transient error", 0.05, errors, ORDERS);
        assertRate("TIMEOUT share of errors", 1 / 3.0, errorCodes[BrokerErrorCode.TIMEOUT.value()], errors);
        assertRate("SERVER_ERROR share of errors", 1 / 3.0, errorCodes[BrokerErrorCode.SERVER_ERROR.value()], errors);
        assertRate("THROTTLED share of errors", 1 / 3.0, errorCodes[BrokerErrorCode.THROTTLED.value()], errors);
        assertRate("reject", 0.10, rejects, ORDERS - errors);
        assertEquals(ORDERS - errors - rejects, accepted);
        assertRate("expiry of IOC/FOK/DAY", 0.20, expired, acceptedExpirable);
        assertRate("partial filling", 0.30, split, acceptedSplittable);
        assertRate("2 partial fills", 1 / 3.0, splitsByFills[2], split);
        assertRate("3 partial fills", 1 / 3.0, splitsByFills[3], split);
        assertRate("4 partial fills", 1 / 3.0, splitsByFills[4], split);
        assertRate("maker", 0.40, makerFills, restingFills);
        // Uniform on [0, max]: the mean is half the maximum, within 3 % of it.
        final double meanPpm = (double)adversePpmSum / fills;
        assertEquals(MAX_SLIPPAGE_BPS * 100 / 2.0, meanPpm, MAX_SLIPPAGE_BPS * 3.0, "mean slippage ppm");
    }

    private static TimeInForce tif(final long n)
    {
        return TIFS[(int)(n % TIFS.length)];
    }

    private static void assertRate(final String what, final double p, final int hits, final int trials)
    {
        assertTrue(trials > 100, what + ": too few trials " + trials);
        final double observed = (double)hits / trials;
        final double tolerance = 5 * Math.sqrt(p * (1 - p) / trials);
        assertEquals(p, observed, tolerance, what + " rate " + hits + "/" + trials + " (seed " + SEED + ")");
    }
}

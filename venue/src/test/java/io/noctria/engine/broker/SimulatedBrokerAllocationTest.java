package io.noctria.engine.broker;

import io.noctria.engine.gateway.BrokerReportSink;

import io.noctria.codecs.sbe.*;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Steady state allocates nothing: after a warm-up long enough for the JIT, 100 000 orders through
 * every path (acks, partial and full fills, rejects, duplicates, expiries, cancels, transient errors
 * and their retries) must allocate less than one byte per order on the calling thread.
 * <p>
 * The measurement is the thread's allocation counter (TLAB-exact), read around the measured loop;
 * the driver and sink below are written not to allocate either, so any byte counted is the broker's.
 */
class SimulatedBrokerAllocationTest
{
    private static final int WARM_UP_ORDERS = 150_000;
    private static final int MEASURED_ORDERS = 100_000;

    @Test
    void shouldNotAllocateInSteadyState()
    {
        final java.lang.management.ThreadMXBean platformBean = ManagementFactory.getThreadMXBean();
        assumeTrue(platformBean instanceof com.sun.management.ThreadMXBean, "needs the HotSpot ThreadMXBean");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)platformBean;
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "thread allocation accounting unsupported");
        threads.setThreadAllocatedMemoryEnabled(true);

        final Driver driver = new Driver(new SimulatedBrokerSettings(99, 200_000, 100_000, 300_000, 100_000,
            0.02, 0.30, 0.10, 0.02, 0.30, 10, 1 << 18, 1 << 10));
        driver.run(WARM_UP_ORDERS);
        final long reportsBefore = driver.reports;
        final long[] byTemplateBefore = driver.byTemplate.clone();

        final long baseline = threads.getCurrentThreadAllocatedBytes();
        final long overhead = threads.getCurrentThreadAllocatedBytes() - baseline;
        final long start = threads.getCurrentThreadAllocatedBytes();
        driver.run(MEASURED_ORDERS);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - start - overhead;

        final double bytesPerOrder = (double)allocated / MEASURED_ORDERS;
        assertTrue(bytesPerOrder < 1.0, "steady state allocated " + allocated + " bytes over " + MEASURED_ORDERS +
            " orders (" + bytesPerOrder + " B/order)");
        // The measured loop did exercise every path.
        assertTrue(driver.reports - reportsBefore > 2L * MEASURED_ORDERS, "reports: " + driver.reports);
        for (final int template : new int[] { Report.ACK, Report.FILL, Report.REJECT, Report.EXPIRED,
            Report.CANCELED, Report.SEND_FAILED })
        {
            assertTrue(driver.byTemplate[template] > byTemplateBefore[template], "no template " + template);
        }
        assertTrue(driver.retries > 0 && driver.duplicates > 0 && driver.cancelsAccepted > 0);
    }

    /** Drives the broker like the engine's broker agent would, without allocating. */
    private static final class Driver implements BrokerReportSink
    {
        private static final TimeInForce[] TIFS =
            { TimeInForce.DAY, TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK };

        private final SimulatedBroker broker;
        private final OrderSentFixture orders = new OrderSentFixture();
        private final StringBuilder clOrdId = new StringBuilder(32);
        private final long[] failed = new long[1 << 12];
        private final long[] byTemplate = new long[64];
        private int failedCount;
        private long nextOrder = 1;
        private long nowNs = 1_700_000_000_000_000_000L;
        private long reports;
        private long retries;
        private long duplicates;
        private long cancelsAccepted;

        Driver(final SimulatedBrokerSettings settings)
        {
            broker = new SimulatedBroker(settings, this);
        }

        @Override
        public void onReport(final DirectBuffer buffer, final int offset, final int length)
        {
            reports++;
            final int templateId = buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN);
            byTemplate[templateId]++;
            if (Report.SEND_FAILED == templateId)
            {
                failed[failedCount++] = buffer.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH +
                    SendFailedDecoder.idempotencyKeyEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
            }
        }

        void run(final int orderCount)
        {
            final long end = nextOrder + orderCount;
            while (nextOrder < end)
            {
                final long n = nextOrder++;
                nowNs += 100_000;
                orders.timeInForce(TIFS[(int)(n & 3)])
                    .orderType((n & 4) == 0 ? OrderType.LIMIT : OrderType.MARKET)
                    .side((n & 8) == 0 ? Side.BUY : Side.SELL)
                    .qty(1_000_000 + (n & 0xFFFF) * 1_000)
                    .price(150_000_000 + (n & 0xFF))
                    .tsNs(nowNs)
                    .attempt(1);
                orders.send(broker, n);
                if (n % 97 == 0)
                {
                    orders.send(broker, n - 3);
                    duplicates++;
                }
                if (n % 13 == 0)
                {
                    cancelsAccepted += broker.cancel(clOrdIdOf(n - 1)) ? 1 : 0;
                }
                broker.poll(nowNs);
                retryFailures();
            }
            while (broker.inFlight() > 0)
            {
                nowNs = Math.max(nowNs, broker.nextDueNs());
                broker.poll(nowNs);
                retryFailures();
            }
        }

        private void retryFailures()
        {
            final int count = failedCount;
            failedCount = 0;
            for (int i = 0; i < count; i++)
            {
                retries++;
                orders.attempt(2).tsNs(nowNs).send(broker, failed[i]);
            }
        }

        private CharSequence clOrdIdOf(final long n)
        {
            clOrdId.setLength(0);
            clOrdId.append('S').append('I').append('M');
            long divisor = 1_000_000_000_000_000L; // 10^15: the first of 16 digits
            for (int i = 0; i < OrderSentFixture.CL_ORD_ID_DIGITS; i++)
            {
                clOrdId.append((char)('0' + (n / divisor) % 10));
                divisor /= 10;
            }
            return clOrdId;
        }
    }
}

package io.noctria.bench;

import com.lmax.disruptor.RingBuffer;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.engine.gateway.BrokerReportSink;
import io.noctria.engine.broker.SimulatedBroker;
import io.noctria.engine.runtime.OrderHandoff;
import io.noctria.engine.runtime.WaitStrategies;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.OffsetEpochNanoClock;

/**
 * The harness's ring producer and broker side, on one thread, as the engine's ingress agent:
 * each duty cycle hands journaled orders to the {@link SimulatedBroker}, delivers its due reports
 * into the ring, and injects the order requests that are due.
 * <p>
 * <b>No coordinated omission.</b> Request {@code n} has an intended send time fixed before the run,
 * {@code start + n / rate}. It is injected at the first duty cycle at or after that time (late if
 * the thread was busy, descheduled, or the ring window was full — exactly when the engine's ingress
 * would have found it waiting in the inbound queue), and its latency is measured at the broker
 * hand-off <em>from the intended time</em>. A stall anywhere therefore counts against every
 * request it delayed, not just the one in progress.
 * <p>
 * Like the engine's ingress, at most {@link #WINDOW} requests are left unprocessed in the ring
 * (the backlog waits "in the inbound queue", i.e. uninjected, where its intended time keeps
 * counting) and at most {@link #BATCH} are injected per duty cycle.
 */
final class IngressLoop implements Runnable, BrokerReportSink
{
    static final int WINDOW = 256;
    static final int BATCH = 64;
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    /** Longest latency recorded: 1 hour, in ns. */
    private static final long HIGHEST_NS = 3_600_000_000_000L;

    private final RingBuffer<BenchSlot> ring;
    private final OrderHandoff handoff;
    private final SimulatedBroker broker;
    private final IdleStrategy idle;
    private final OffsetEpochNanoClock epochClock;
    private final RequestWriter writer = new RequestWriter();
    private final OrderSentTrace trace = new OrderSentTrace();
    private final MessageHandler onOrder = this::onOrder;
    private final long rate;
    private final long total;
    private final long firstMeasured;
    private final int window;

    final Histogram warmupLatency = new Histogram(HIGHEST_NS, 3);
    final Histogram latency = new Histogram(HIGHEST_NS, 3);
    /** How late requests were injected (injection time − intended time): the harness's own lag. */
    final Histogram injectLag = new Histogram(HIGHEST_NS, 3);

    private long startNs;
    private long epochStartNs;
    private long next;
    private boolean inBrokerPoll;
    private volatile boolean running = true;
    private volatile long injected;

    long measuredHandoffs;
    long untaggedOrders;
    long reportsPublished;
    long lastHandoffNs;

    /** @param settings the phase's schedule (rate, warm-up and measured requests) and ingress idle strategy. */
    IngressLoop(
        final RingBuffer<BenchSlot> ring,
        final OrderHandoff handoff,
        final OffsetEpochNanoClock epochClock,
        final RunSettings settings)
    {
        this.ring = ring;
        this.handoff = handoff;
        this.epochClock = epochClock;
        this.rate = settings.rate();
        this.total = settings.totalRequests();
        this.firstMeasured = settings.firstMeasured();
        this.broker = new SimulatedBroker(PipelineRun.brokerSettings(total), this);
        this.idle = WaitStrategies.idle(settings.ingressIdle());
        this.window = Math.min(WINDOW, ring.getBufferSize() / 2);
    }

    /** Fixes the schedule: request n is due at {@code startNs + n / rate} (System.nanoTime). */
    void schedule(final long startNs)
    {
        this.startNs = startNs;
        this.epochStartNs = epochClock.nanoTime() + (startNs - System.nanoTime());
    }

    /** @return intended send time of request {@code n}, System.nanoTime base. */
    long intendedNs(final long n)
    {
        return startNs + n * 1_000_000_000L / rate;
    }

    long injected()
    {
        return injected;
    }

    void stop()
    {
        running = false;
    }

    @Override
    public void run()
    {
        while (running)
        {
            int work = handoff.drain(onOrder, Integer.MAX_VALUE);
            inBrokerPoll = true;
            try
            {
                work += broker.poll(epochClock.nanoTime());
            }
            finally
            {
                inBrokerPoll = false;
            }
            if (next < total)
            {
                work += inject();
            }
            idle.idle(work);
        }
        broker.close();
    }

    private int inject()
    {
        final long nowNs = System.nanoTime();
        final long outstanding = ring.getBufferSize() - ring.remainingCapacity();
        final long room = Math.min(BATCH, window - outstanding);
        int count = 0;
        while (count < room && next < total)
        {
            final long intended = intendedNs(next);
            if (intended > nowNs)
            {
                break;
            }
            if (next >= firstMeasured)
            {
                injectLag.recordValue(Math.min(nowNs - intended, HIGHEST_NS));
            }
            final long sequence = claim();
            final BenchSlot slot = ring.get(sequence);
            final long ingressNs = epochClock.nanoTime();
            // The request's ts is its intended send time on the epoch clock: business time.
            slot.length = writer.write(slot.buffer, 0, next, epochStartNs + (intended - startNs), ingressNs);
            slot.request = next;
            ring.publish(sequence);
            next++;
            count++;
        }
        injected = next;
        return count;
    }

    /** Broker report → ring input, stamped with its sequencing time (tsNs, the first field). */
    @Override
    public void onReport(final DirectBuffer buffer, final int offset, final int length)
    {
        final long sequence = claim();
        final BenchSlot slot = ring.get(sequence);
        slot.buffer.putBytes(0, buffer, offset, length);
        slot.buffer.putLong(HEADER, epochClock.nanoTime(), MessageHeaderDecoder.BYTE_ORDER);
        slot.length = length;
        slot.request = -1;
        reportsPublished++;
        ring.publish(sequence);
    }

    /** As the engine's ingress: while the ring is full keep draining the hand-off (except inside the broker's poll). */
    private long claim()
    {
        return handoff.claimInputSlot(ring, onOrder, !inBrokerPoll, idle);
    }

    /** The measured point: the broker side takes a journaled order to hand it to the venue. */
    private void onOrder(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long nowNs = System.nanoTime();
        final long request = trace.requestOf(buffer, index);
        if (request >= firstMeasured)
        {
            latency.recordValue(Math.min(nowNs - intendedNs(request), HIGHEST_NS));
            measuredHandoffs++;
            lastHandoffNs = nowNs;
        }
        else if (request >= 0)
        {
            warmupLatency.recordValue(Math.min(nowNs - intendedNs(request), HIGHEST_NS));
        }
        else
        {
            untaggedOrders++;
        }
        broker.send(buffer, index, length);
    }
}

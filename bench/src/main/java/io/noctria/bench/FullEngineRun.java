package io.noctria.bench;

import io.noctria.codecs.sbe.StopReason;
import io.noctria.engine.gateway.BrokerGateway;
import io.noctria.engine.gateway.ForwardingBrokerGateway;
import io.noctria.engine.broker.SimulatedBroker;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.runtime.Engine;
import io.noctria.engine.runtime.EngineContext;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@code full} phase: the real {@link Engine} started through its public API, exactly as
 * {@code noctria run} hosts it, with the inbound Chronicle hop in the measured path.
 * <p>
 * The harness's main thread is the upstream producer: it appends request {@code n} to
 * {@code data/inbound} at its intended time {@code start + n / rate} (or as soon after as it wakes:
 * it parks between batches, like a producer process would), stamping that time as the request's
 * {@code ts}. The engine's ingress tails the queue, publishes into the ring, the business thread
 * journals and decides, and the broker gateway the engine is given ({@link HandoffClock}, a
 * decorator around the embedded {@link SimulatedBroker}) records each first-attempt OrderSent's
 * latency <em>from the intended time</em>, just before the venue takes it — the same end point as
 * the other phases. The request number comes back from the OrderSent's trace id
 * ({@code bench-<12 digits>}), so nothing is added to the engine for the measurement.
 */
final class FullEngineRun
{
    static final String LABEL = "engine_full";
    private static final long HIGHEST_NS = 3_600_000_000_000L;
    private static final long BATCH_PARK_NS = 20_000L;
    private static int phaseCounter;

    private FullEngineRun()
    {
    }

    static PhaseResult run(final RunSettings settings)
    {
        final long total = settings.totalRequests();
        final long firstMeasured = settings.firstMeasured();
        final Path dir = settings.dataDir().resolve(LABEL + "-" + (++phaseCounter));
        final EngineConfig config = BenchFixtures.engineConfig(settings.ringSize(), settings.ringWait(),
            settings.ingressIdle(), (int)Math.min(Integer.MAX_VALUE / 2, total + 1024));
        final long startNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        final long epochAtStartNs = System.currentTimeMillis() * 1_000_000L + TimeUnit.MILLISECONDS.toNanos(200);
        final long intervalNs = 1_000_000_000L / settings.rate();
        final HandoffClock[] clock = new HandoffClock[1];
        final EngineContext context = new EngineContext(dir, config, BenchFixtures.policy(), BenchFixtures.SECRET, false,
            sink -> clock[0] = new HandoffClock(new SimulatedBroker(PipelineRun.brokerSettings(total), sink),
                startNs, intervalNs, firstMeasured), null);
        final Histogram injectLag = new Histogram(HIGHEST_NS, 3);
        final Engine engine = Engine.start(context);
        try (Journal inbound = Journal.open(new DataDirectory(dir).queue(DataDirectory.INBOUND),
            JournalConfig.defaults().withSharedWriters()))
        {
            final Thread logic = thread("noctria-logic");
            final Thread ingress = thread("noctria-ingress");
            final RequestWriter writer = new RequestWriter();
            final UnsafeBuffer request = new UnsafeBuffer(new byte[1024]);
            WindowUsage.Sample before = null;
            for (long n = 0; n < total; n++)
            {
                final long intendedNs = startNs + n * intervalNs;
                long now = System.nanoTime();
                if (intendedNs - now > 0)
                {
                    LockSupport.parkNanos(Math.max(intendedNs - now, BATCH_PARK_NS));
                    now = System.nanoTime();
                }
                if (n == firstMeasured)
                {
                    before = WindowUsage.Sample.take(logic, ingress);
                }
                final int length = writer.write(request, 0, n, epochAtStartNs + n * intervalNs, 0);
                inbound.append(request, 0, length);
                if (n >= firstMeasured)
                {
                    injectLag.recordValue(Math.min(HIGHEST_NS, Math.max(0, now - intendedNs)));
                }
            }
            final long measured = total - firstMeasured;
            final long deadlineNs = startNs + total * intervalNs + TimeUnit.SECONDS.toNanos(Math.max(10, settings.seconds()));
            boolean completed = false;
            while (engine.fatalError() == null && System.nanoTime() - deadlineNs < 0)
            {
                if (clock[0].measuredHandoffs >= measured)
                {
                    completed = true;
                    break;
                }
                LockSupport.parkNanos(200_000L);
            }
            final long doneNs = clock[0].lastHandoffNs;
            final WindowUsage usage = WindowUsage.since(before);
            if (engine.fatalError() != null)
            {
                throw new IllegalStateException("engine failed", engine.fatalError());
            }
            final long done = Math.min(measured, clock[0].measuredHandoffs);
            final double elapsedS = (doneNs - (startNs + firstMeasured * intervalNs)) / 1e9;
            return new PhaseResult(LABEL, settings.rate(), settings.seconds(), clock[0].latency, injectLag, measured,
                done, elapsedS > 0 ? done / elapsedS : 0, completed, clock[0].reports(), clock[0].retries, usage);
        }
        finally
        {
            try
            {
                engine.stop(StopReason.SHUTDOWN, TimeUnit.SECONDS.toNanos(30));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            if (!settings.keepData())
            {
                BenchFixtures.deleteRecursively(dir);
            }
        }
    }

    /**
     * The engine's broker gateway for the phase: times each first-attempt OrderSent from its
     * request's intended send time, then hands it to the simulated venue. Runs on the engine's
     * broker thread (its ingress thread with {@code broker_thread: shared}); allocation free.
     */
    static final class HandoffClock extends ForwardingBrokerGateway
    {
        private final long startNs;
        private final long intervalNs;
        private final long firstMeasured;
        private final OrderSentTrace trace = new OrderSentTrace();
        final Histogram latency = new Histogram(HIGHEST_NS, 3);
        volatile long measuredHandoffs;
        volatile long lastHandoffNs;
        long retries;
        private long reportsDelivered;

        HandoffClock(final SimulatedBroker venue, final long startNs, final long intervalNs, final long firstMeasured)
        {
            super(venue);
            this.startNs = startNs;
            this.intervalNs = intervalNs;
            this.firstMeasured = firstMeasured;
        }

        @Override
        public void send(final DirectBuffer buffer, final int offset, final int length)
        {
            final long now = System.nanoTime();
            final long n = trace.requestOf(buffer, offset);
            if (n >= firstMeasured)
            {
                latency.recordValue(Math.min(HIGHEST_NS, Math.max(0, now - (startNs + n * intervalNs))));
                lastHandoffNs = now;
                measuredHandoffs = measuredHandoffs + 1;
            }
            else if (n == OrderSentTrace.NO_REQUEST)
            {
                retries++;
            }
            venue.send(buffer, offset, length);
        }

        @Override
        public int poll(final long nowNs)
        {
            final int delivered = venue.poll(nowNs);
            reportsDelivered += delivered;
            return delivered;
        }





        long reports()
        {
            return reportsDelivered;
        }
    }

    private static Thread thread(final String name)
    {
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (name.equals(thread.getName()))
            {
                return thread;
            }
        }
        return null;
    }
}

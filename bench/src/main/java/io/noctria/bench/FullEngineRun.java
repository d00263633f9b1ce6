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
    static final long HIGHEST_NS = 3_600_000_000_000L;
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
        final HandoffClock[] clock = new HandoffClock[1];
        final EngineContext context = new EngineContext(dir, engineConfig(settings), BenchFixtures.policy(),
            BenchFixtures.SECRET, false, (sink, linkCounters) -> clock[0] = new HandoffClock(
                new SimulatedBroker(PipelineRun.brokerSettings(total), sink), firstMeasured), null);
        return drive(LABEL, settings, dir, context, () -> clock[0], () -> true);
    }

    /** The engine's settings for a phase: the harness's ring, waits, and an outbox for every request. */
    static EngineConfig engineConfig(final RunSettings settings)
    {
        return BenchFixtures.engineConfig(settings.ringSize(), settings.ringWait(), settings.ingressIdle(),
            (int)Math.min(Integer.MAX_VALUE / 2, settings.totalRequests() + 1024));
    }

    /** When request {@code n} is meant to go: {@code startNs + n * intervalNs} (nanoTime), its ts on the epoch. */
    record Schedule(long startNs, long epochAtStartNs, long intervalNs)
    {
        static Schedule of(final RunSettings settings)
        {
            return new Schedule(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200),
                System.currentTimeMillis() * 1_000_000L + TimeUnit.MILLISECONDS.toNanos(200),
                1_000_000_000L / settings.rate());
        }
    }

    /** Where a phase stops the clock: the measured requests so far, their latencies, the reports seen. */
    interface Meter
    {
        /** The schedule, set before the first request is appended. */
        void start(Schedule schedule);

        Histogram latency();

        long measured();

        long lastNs();

        long reports();

        long retries();
    }

    /**
     * Starts the engine on {@code context}, waits (up to 60 s) until {@code ready} (e.g. the venue link logged on),
     * appends the schedule's requests to its inbound queue at their intended times and waits for the meter to have
     * seen every measured one; stops the engine and deletes {@code dir}.
     */
    static PhaseResult drive(final String label, final RunSettings settings, final Path dir,
        final EngineContext context, final java.util.function.Supplier<Meter> meter,
        final java.util.function.BooleanSupplier ready)
    {
        final long total = settings.totalRequests();
        final long firstMeasured = settings.firstMeasured();
        final Histogram injectLag = new Histogram(HIGHEST_NS, 3);
        final Engine engine = Engine.start(context);
        final long readyDeadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!ready.getAsBoolean())
        {
            if (System.nanoTime() - readyDeadlineNs > 0)
            {
                stopQuietly(engine);
                throw new IllegalStateException(label + ": the engine's venue link was not ready within 60 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        final Schedule schedule = Schedule.of(settings);
        meter.get().start(schedule);
        final long startNs = schedule.startNs;
        final long epochAtStartNs = schedule.epochAtStartNs;
        final long intervalNs = schedule.intervalNs;
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
                if (meter.get().measured() >= measured)
                {
                    completed = true;
                    break;
                }
                LockSupport.parkNanos(200_000L);
            }
            final long doneNs = meter.get().lastNs();
            final WindowUsage usage = WindowUsage.since(before);
            if (engine.fatalError() != null)
            {
                throw new IllegalStateException("engine failed", engine.fatalError());
            }
            final long done = Math.min(measured, meter.get().measured());
            final double elapsedS = (doneNs - (startNs + firstMeasured * intervalNs)) / 1e9;
            return new PhaseResult(label, settings.rate(), settings.seconds(), meter.get().latency(), injectLag,
                measured, done, elapsedS > 0 ? done / elapsedS : 0, completed, meter.get().reports(),
                meter.get().retries(), usage);
        }
        finally
        {
            stopQuietly(engine);
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
    private static void stopQuietly(final Engine engine)
    {
        try
        {
            engine.stop(StopReason.SHUTDOWN, TimeUnit.SECONDS.toNanos(30));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    static final class HandoffClock extends ForwardingBrokerGateway implements Meter
    {
        private volatile Schedule schedule;
        private final long firstMeasured;
        private final OrderSentTrace trace = new OrderSentTrace();
        final Histogram latency = new Histogram(HIGHEST_NS, 3);
        volatile long measuredHandoffs;
        volatile long lastHandoffNs;
        long retries;
        private long reportsDelivered;

        HandoffClock(final SimulatedBroker venue, final long firstMeasured)
        {
            super(venue);
            this.firstMeasured = firstMeasured;
        }

        @Override
        public void start(final Schedule schedule)
        {
            this.schedule = schedule;
        }

        @Override
        public void send(final DirectBuffer buffer, final int offset, final int length)
        {
            final long now = System.nanoTime();
            final long n = trace.requestOf(buffer, offset);
            if (n >= firstMeasured)
            {
                latency.recordValue(Math.min(HIGHEST_NS,
                    Math.max(0, now - (schedule.startNs() + n * schedule.intervalNs()))));
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





        @Override
        public long reports()
        {
            return reportsDelivered;
        }

        @Override
        public Histogram latency()
        {
            return latency;
        }

        @Override
        public long measured()
        {
            return measuredHandoffs;
        }

        @Override
        public long lastNs()
        {
            return lastHandoffNs;
        }

        @Override
        public long retries()
        {
            return retries;
        }
    }

    static Thread thread(final String name)
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

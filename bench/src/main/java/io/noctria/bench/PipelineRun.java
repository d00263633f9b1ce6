package io.noctria.bench;

import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.engine.broker.SimulatedBrokerSettings;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.runtime.WaitStrategies;
import io.noctria.engine.runtime.OrderHandoff;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import io.noctria.journal.JournalPretoucher;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One harness phase: builds the engine's process layout — a single-producer Disruptor ring of
 * pre-allocated slots, one business thread that journals to a Chronicle queue, an Agrona hand-off
 * back to the ingress/broker thread with the simulated broker — runs the fixed-rate schedule
 * through it, and tears it down. {@link Phase#ENGINE} hosts the real {@link ExecutionCore};
 * {@link Phase#BASELINE} the same layout with no logic.
 */
final class PipelineRun
{
    enum Phase
    {
        /** The reassembled pipeline with the real core (no inbound queue hop). */
        ENGINE("engine", "engine"),
        /** The same pipeline and journal appends with no logic: the floor. */
        BASELINE("baseline", "baseline"),
        /** The real {@code Engine}, inbound queue included ({@link FullEngineRun}). */
        FULL("full", "engine_full"),
        /** The real {@code Engine} with broker-sim over the queues, clock stopped at the ack ({@link GatewayRoundTripRun}). */
        QUEUE("queue", "roundtrip_queue"),
        /** The real {@code Engine} with fix-venue over FIX 4.4 on loopback, clock stopped at the ack. */
        FIX("fix", "roundtrip_fix");

        /** Name in {@code --phases}. */
        final String option;
        /** Name in the output (JSON key, .hgrm file). */
        final String label;

        Phase(final String option, final String label)
        {
            this.option = option;
            this.label = label;
        }
    }

    private PipelineRun()
    {
    }

    static PhaseResult run(final Phase phase, final RunSettings settings)
    {
        if (phase == Phase.FULL)
        {
            return FullEngineRun.run(settings);
        }
        if (phase == Phase.QUEUE || phase == Phase.FIX)
        {
            return GatewayRoundTripRun.run(phase, settings);
        }
        final long total = settings.totalRequests();
        final long firstMeasured = settings.firstMeasured();
        if (total >= Integer.MAX_VALUE - 2)
        {
            throw new IllegalArgumentException("rate x (warmup + seconds) = " + total + " requests: too many for one run");
        }
        System.gc();
        final Path dir = settings.dataDir().resolve(phase.label + "-" + settings.rate() + "-" + System.nanoTime());
        final Journal journal = Journal.open(dir.resolve("journal"), JournalConfig.defaults());
        // -Dnoctria.bench.pretouch=true runs the journal pretoucher beside the pipeline (docs/benchmarks.md: it
        // changed neither the business thread's page faults nor its kernel time on this VM, so the engine runs none).
        final AgentRunner pretouch = Boolean.parseBoolean(System.getProperty("noctria.bench.pretouch", "false")) ?
            new AgentRunner(new SleepingMillisIdleStrategy(1), Throwable::printStackTrace, null,
                new JournalPretoucher(dir.resolve("journal"), new AtomicCounter(new UnsafeBuffer(new byte[128]), 0))) :
            null;
        if (pretouch != null)
        {
            AgentRunner.startOnThread(pretouch);
        }
        final OffsetEpochNanoClock epochClock = new OffsetEpochNanoClock();
        // As the engine sizes it: two rings of 512-byte orders.
        final OrderHandoff handoff = new OrderHandoff(2 * settings.ringSize() * 512);
        final PipelineHandler handler = newHandler(phase, settings, journal, handoff, epochClock, total);
        final FatalError fatal = new FatalError();

        final Thread[] logicThread = new Thread[1];
        final Disruptor<BenchSlot> disruptor = new Disruptor<>(BenchSlot::new, settings.ringSize(), runnable ->
        {
            final Thread thread = new Thread(runnable, "bench-logic-" + phase.label);
            thread.setDaemon(true);
            logicThread[0] = thread;
            return thread;
        }, ProducerType.SINGLE, WaitStrategies.ringWait(settings.ringWait()));
        disruptor.handleEventsWith(handler);
        disruptor.setDefaultExceptionHandler(fatal);
        final RingBuffer<BenchSlot> ring = disruptor.start();

        final IngressLoop ingress = new IngressLoop(ring, handoff, epochClock, settings);
        final Thread ingressThread = new Thread(ingress, "bench-ingress-" + phase.label);
        ingressThread.setDaemon(true);
        ingress.schedule(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50));
        ingressThread.start();

        final long measureStartNs = ingress.intendedNs(firstMeasured);
        final long lastIntendedNs = ingress.intendedNs(total - 1);
        final long deadlineNs = lastIntendedNs + TimeUnit.SECONDS.toNanos(Math.max(10, settings.seconds()));
        sleepUntil(measureStartNs, fatal);
        final long uptimeBeforeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        final long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        final WindowUsage.Sample before = WindowUsage.Sample.take(logicThread[0], ingressThread);

        boolean completed = false;
        long doneNs;
        while (true)
        {
            doneNs = System.nanoTime();
            if (fatal.error != null)
            {
                break;
            }
            if (handler.requestsDone() >= total && handoff.isEmpty())
            {
                completed = true;
                break;
            }
            if (doneNs - deadlineNs > 0)
            {
                break;
            }
            if (lastIntendedNs - doneNs > TimeUnit.MILLISECONDS.toNanos(20))
            {
                sleepUntil(lastIntendedNs - TimeUnit.MILLISECONDS.toNanos(10), fatal);
            }
            else
            {
                LockSupport.parkNanos(200_000L);
            }
        }
        final long requestsDone = Math.max(0, handler.requestsDone() - firstMeasured);
        final WindowUsage usage = WindowUsage.since(before);
        // For lining the window up with a GC log (-Xlog:gc uses JVM uptime).
        System.err.printf("bench: %s measured window: JVM uptime %.3f s to %.3f s, heap used %,d -> %,d KB%n",
            phase.label, uptimeBeforeMs / 1000.0, ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0,
            heapBefore / 1024, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024);

        ingress.stop();
        join(ingressThread);
        try
        {
            disruptor.shutdown(5, TimeUnit.SECONDS);
        }
        catch (final com.lmax.disruptor.TimeoutException ex)
        {
            disruptor.halt();
        }
        join(logicThread[0]);
        journal.assignToCurrentThread();
        if (pretouch != null)
        {
            pretouch.close();
        }
        journal.close();
        if (!ingressThread.isAlive() && !logicThread[0].isAlive())
        {
            handoff.release(); // frees the memory at once: only when neither thread can touch it, as the engine does
        }
        if (!settings.keepData())
        {
            BenchFixtures.deleteRecursively(dir);
        }
        if (fatal.error != null)
        {
            throw new IllegalStateException(phase.label + " business thread failed", fatal.error);
        }
        final double elapsedS = (doneNs - measureStartNs) / 1e9;
        final double achieved = elapsedS > 0 ? requestsDone / elapsedS : 0;
        return new PhaseResult(phase.label, settings.rate(), settings.seconds(), ingress.latency, ingress.injectLag,
            total - firstMeasured, requestsDone, achieved, completed, ingress.reportsPublished, ingress.untaggedOrders,
            usage);
    }

    private static PipelineHandler newHandler(final Phase phase, final RunSettings settings, final Journal journal,
        final OrderHandoff handoff, final OffsetEpochNanoClock epochClock, final long total)
    {
        final EngineConfig config = BenchFixtures.engineConfig(settings.ringSize(), settings.ringWait(),
            settings.ingressIdle(), (int)Math.min(1 << 26, total + 1024));
        final IdleStrategy handoffIdle = WaitStrategies.idle(settings.ringWait());
        if (phase == Phase.ENGINE)
        {
            return new EngineHandler(journal, handoff, handoffIdle, config, epochClock::nanoTime);
        }
        return new BaselineHandler(journal, handoff, handoffIdle, allowedOrderEvents());
    }

    /** The events a real core emits for one allowed bench request, in order; OrderSent last. */
    static byte[][] allowedOrderEvents()
    {
        final List<byte[]> events = new ArrayList<>();
        final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
        final ExecutionCore core = BenchFixtures.core(BenchFixtures.coreConfig(16), (buffer, offset, length) ->
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            events.add(bytes);
        }, clock::nanoTime);
        final UnsafeBuffer request = new UnsafeBuffer(new byte[1024]);
        final long now = clock.nanoTime();
        new RequestWriter().write(request, 0, 0, now, now);
        core.onInput(0, request, 0);
        if (events.isEmpty() || templateId(events.get(events.size() - 1)) != OrderSentDecoder.TEMPLATE_ID)
        {
            throw new IllegalStateException("a bench request did not end in OrderSent (" + events.size() +
                " events): check bench/risk_policy.yml against the engine's rules");
        }
        return events.toArray(new byte[0][]);
    }

    private static int templateId(final byte[] message)
    {
        return new UnsafeBuffer(message).getShort(MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
    }

    /** The simulated broker of a run of {@code total} requests, with room for their retries. */
    static SimulatedBrokerSettings brokerSettings(final long total)
    {
        return BenchFixtures.brokerSettings((int)Math.min(SimulatedBrokerSettings.MAX_CAPACITY, total + 1024));
    }

    private static void sleepUntil(final long deadlineNs, final FatalError fatal)
    {
        long remaining;
        while ((remaining = deadlineNs - System.nanoTime()) > 0 && fatal.error == null)
        {
            LockSupport.parkNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    private static void join(final Thread thread)
    {
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** Halts the phase on the first business-thread exception (never skips an input silently). */
    private static final class FatalError implements ExceptionHandler<BenchSlot>
    {
        volatile Throwable error;

        @Override
        public void handleEventException(final Throwable ex, final long sequence, final BenchSlot event)
        {
            error = ex;
            throw new IllegalStateException("bench business thread halted", ex);
        }

        @Override
        public void handleOnStartException(final Throwable ex)
        {
            error = ex;
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            error = ex;
        }
    }
}

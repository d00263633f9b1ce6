package io.noctria.engine.runtime;

import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.gateway.BrokerGateway;
import io.noctria.engine.gateway.BrokerReportSink;
import io.noctria.engine.gateway.VenueLinkCounters;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.core.EpochNanoClock;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.engine.core.SnapshotPosition;
import io.noctria.engine.core.IdempotencyKeys;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import io.noctria.engine.outbox.OutboxMirror;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The running engine: recovers its state from the journal, then hosts the {@link ExecutionCore} on a
 * single-writer Disruptor pipeline fed by the {@link IngressAgent}.
 * <p>
 * Life cycle: {@link #start} (recover, journal EngineStarted and PolicyLoaded, start both threads) →
 * running → {@link #stop} (stop taking inbound, drain the ring and the broker's in-flight orders,
 * journal EngineStopped with the final state hash, close). A fatal error on the business thread
 * (e.g. the journal cannot be appended) stops the engine without further sends; {@link #fatalError}
 * says why.
 * <p>
 * Why this file is over 600 lines: it holds the runtime's start sequence (checks before anything is created,
 * recovery, counters, pipeline, threads) and its stop sequence, which releases the same resources in reverse
 * order and in the failure paths of a start. The two are one contract (what may be touched after what is
 * unmapped or closed) and are reviewed together; the parts with a life of their own already live beside it
 * (IngressAgent, Recovery, RecoverySnapshots, LifecycleInputs, SnapshotAgent, DiskSpaceGuard, LiveProjection).
 */
public final class Engine implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    /** The replica's sink: its events are in the journal already. */
    private static final io.noctria.engine.core.EventSink DISCARD = (buffer, offset, length) -> { };
    /** Engine version journaled in EngineStarted. */
    public static final String VERSION = "0.1.0";

    /** Largest inbound input, header included: a ring slot's size. Longer excerpts are refused at ingress. */
    public static final int MAX_INPUT_LENGTH = InputSlot.CAPACITY;

    /** Largest start-up PolicyReload (the policy file in force, journaled as the run's first input). */
    static final int MAX_START_POLICY_INPUT = 64 * 1024;

    private final EngineConfig config;
    private final RiskPolicy policy;
    private final Journal journal;
    private final JournalReader inbound;
    private final ExecutionCore core;
    private final LifecycleInputs lifecycleInputs;
    private final ExecutionHandler handler;
    private final IngressAgent agent;
    private final BrokerGateway gateway;
    /** Direct memory of the ring's slots and of the order hand-off, released when both threads have ended. */
    private final DirectArena slotMemory;
    private final OrderHandoff orders;
    private Thread logicThread;
    private final Disruptor<InputSlot> disruptor;
    private final AgentRunner ingressRunner;
    private Thread ingressThread;
    private final CountersFile counters;
    private final EpochNanoClock clock;
    private final long resumeInboundIndex;
    private final long recoveredInputs;
    private final byte[] recoveredStateDigest;
    private final LiveProjection liveProjection;
    private final OutboxMirror outboxMirror;
    private final AgentRunner outboxRunner;
    private final long lastRecoveredIndex;
    private final long recoveryNs;
    private final long recoveredFromSnapshot;
    private final SnapshotAgent snapshotAgent; // writes the clean stop's snapshot; periodic ones with a runner
    private final AgentRunner snapshotRunner;
    private boolean liveProjectionComplete;
    private final DiskSpaceGuard diskGuard; // journal.min_free_mb: stop before the disk fills (SIGBUS)

    private volatile boolean consumeInbound = true;
    private volatile boolean running = true;
    private volatile Throwable fatalError;
    private boolean stopped;
    /** Both pipeline threads have ended: their counters may be unmapped (a write after would crash the JVM). */
    private boolean pipelineEnded;

    private Engine(final EngineContext context)
    {
        this.config = context.config();
        this.policy = context.policy();
        final OffsetEpochNanoClock epochClock = new OffsetEpochNanoClock();
        this.clock = context.clock() != null ? context.clock() : epochClock::nanoTime;
        final DataDirectory data = new DataDirectory(context.dataDir());
        this.diskGuard = new DiskSpaceGuard(data.queue(DataDirectory.JOURNAL), config.journalMinFreeBytes(),
            context.usableSpace());
        diskGuard.requireAtStart(); // before anything is created

        // Producers may not have written yet: the inbound queue exists from the engine's first start.
        Journal.createIfMissing(data.queue(DataDirectory.INBOUND));
        this.journal = Journal.open(data.queue(DataDirectory.JOURNAL), JournalConfig.defaults());
        boolean ok = false;
        // The last run's counters are evidence of how long the journal was: read them before this start replaces them.
        final JournalEvidence evidence = JournalEvidence.beforeStart(context.dataDir(), data.queue(DataDirectory.JOURNAL));
        OutboxMirror openedMirror = null;
        CountersFile createdCounters = null;
        JournalReader openedInbound = null;
        BrokerGateway createdGateway = null;
        try
        {
            final SwitchableSink sink = new SwitchableSink();
            final IdempotencyKeys keys = new IdempotencyKeys(context.secret());
            this.liveProjection = context.liveProjection() == null ? null :
                new LiveProjection(context.liveProjection(), data.queue(DataDirectory.JOURNAL), this::onLiveProjectionError);
            final SnapshotStore snapshotStore = SnapshotStore.open(context.dataDir());
            final long recoveryStartNs = System.nanoTime();
            final Recovery recovery = new Recovery(() -> new ExecutionCore(config, policy, keys, sink, clock),
                liveProjection == null ? null : liveProjection.recoveryObserver(), snapshotStore)
                .run(data.queue(DataDirectory.JOURNAL));
            this.core = recovery.core();
            this.recoveredFromSnapshot = recovery.snapshotIndex();
            this.lastRecoveredIndex = recovery.lastIndex();
            this.recoveryNs = System.nanoTime() - recoveryStartNs;
            this.recoveredInputs = recovery.inputs();
            this.recoveredStateDigest = core.stateDigest();
            // Before anything is appended or sent: a journal shorter than the evidence is damage, not a fresh start.
            evidence.requireCounters(recovery.lastIndex());
            if (context.outboxMirrorCapacity() > 0)
            {
                openedMirror = evidence.openMirror(() -> OutboxMirror.open(context.dataDir(),
                    context.outboxMirrorCapacity(), context.usableSpace()), recovery.lastIndex());
            }
            this.outboxMirror = openedMirror;
            // Only now: holding the journal's writer lock (a second engine refused above must not replace the counters
            // file of the one running), and past the checks (a refused start keeps the last run's journal position,
            // the evidence the next start checks again).
            createdCounters = CountersFile.create(context.dataDir(), SystemEpochClock.INSTANCE);
            this.counters = createdCounters;
            if (outboxMirror != null)
            {
                outboxMirror.publishPositionTo(counters.counter(EngineCounter.OUTBOX_MIRROR_POSITION));
            }

            this.orders = new OrderHandoff(2 * config.ringSize() * 512);
            final IdleStrategy handoffIdle = WaitStrategies.idle(config.waitStrategy());
            final JournalingEventSink frames = new JournalingEventSink(journal, orders, handoffIdle, counters);
            sink.goLive(frames);
            this.lifecycleInputs = new LifecycleInputs(frames, core, clock);
            this.handler = new ExecutionHandler(frames, core, recovery.lastInboundIndex(), counters);
            // A clean stop always leaves a snapshot (written on the stopping thread); periodic ones come from a replica
            // core following the journal on noctria-snapshot, so the business thread never copies its state.
            this.snapshotAgent = new SnapshotAgent(snapshotStore, counters, () -> new ExecutionCore(config, policy,
                new IdempotencyKeys(context.secret()), DISCARD, clock), data.queue(DataDirectory.JOURNAL),
                config.snapshotEveryInputs());
            handler.lastBrokerReport(recovery.lastBrokerReport(), recovery.lastBrokerReportLength());
            if (config.snapshotEveryInputs() > 0)
            {
                // The replica needs no latency: it sleeps 1 ms whenever it has caught up and then takes what came
                // meanwhile in one go, instead of spinning and yielding beside the business thread on a small machine.
                this.snapshotRunner = new AgentRunner(new SleepingIdleStrategy(TimeUnit.MILLISECONDS.toNanos(1)),
                    counters::onError, null, snapshotAgent);
            }
            else
            {
                this.snapshotRunner = null;
            }
            openedInbound = JournalReader.open(data.queue(DataDirectory.INBOUND));
            this.inbound = openedInbound;
            this.resumeInboundIndex = positionInbound(inbound, recovery.lastInboundIndex());

            this.slotMemory = new DirectArena(DirectArena.bytesFor(config.ringSize(), InputSlot.CAPACITY));
            this.disruptor = new Disruptor<>(() -> new InputSlot(slotMemory.take(InputSlot.CAPACITY)), config.ringSize(),
                runnable -> logicThread = named(runnable, "noctria-logic"), ProducerType.SINGLE,
                WaitStrategies.ringWait(config.waitStrategy()));
            disruptor.handleEventsWith(handler);
            disruptor.setDefaultExceptionHandler(new HaltOnError());
            final RingBuffer<InputSlot> ring = disruptor.getRingBuffer();

            final ReportRelay relay = new ReportRelay();
            createdGateway = context.gatewayFactory().create(relay, counters.venueLink());
            this.gateway = createdGateway;
            // A durable venue link resumes its report stream right after the last report the journal holds.
            gateway.resumeAfterJournaled(recovery.lastBrokerReport(), 0, recovery.lastBrokerReportLength());
            this.agent = new IngressAgent(ring, inbound, gateway, orders, clock,
                WaitStrategies.idle(config.ingressIdleStrategy()), config.retryBackoffNs(), counters);
            relay.agent = agent;

            lifecycleInputs.journalStart(context, recovery, resumeInboundIndex, recoveredStateDigest, config, policy);
            agent.holdInboundUntilAnswered(core.reconcileFirstQueryId(), core.reconcileAsked());
            if (outboxMirror != null)
            {
                this.outboxRunner = new AgentRunner(
                    new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1)),
                    ex ->
                    {
                        counters.onError(ex);
                        LOG.error("outbox mirror thread", ex);
                    }, null, outboxMirror);
            }
            else
            {
                this.outboxRunner = null;
            }
            this.ingressRunner = new AgentRunner(WaitStrategies.idle(config.ingressIdleStrategy()), this::onIngressError,
                null, new IngressDuty());
            ok = true;
            LOG.info("engine recovered {} inputs and {} events from the journal{} in {} ms; resuming inbound after " +
                "index {}; state hash {}", recovery.inputs(), recovery.events(), recovery.snapshotIndex() < 0 ? "" :
                " after snapshot " + recovery.snapshotFile().getFileName() + " (journal index " +
                recovery.snapshotIndex() + ")", recoveryNs / 1_000_000, recovery.lastInboundIndex(),
                hex(recoveredStateDigest, 8));
        }
        finally
        {
            if (!ok)
            {
                // A failed start releases what it opened: a process venue link holds its queue's writer lock.
                if (null != createdGateway)
                {
                    createdGateway.close();
                }
                if (null != openedMirror)
                {
                    openedMirror.close();
                }
                if (null != openedInbound)
                {
                    openedInbound.close();
                }
                if (null != createdCounters)
                {
                    createdCounters.close();
                }
                journal.close();
            }
        }
    }

    /**
     * Recovers from the journal in the context's data directory and starts the pipeline threads.
     */
    public static Engine start(final EngineContext context)
    {
        final Engine engine = new Engine(context);
        if (engine.liveProjection != null)
        {
            engine.liveProjection.start(engine.lastRecoveredIndex);
        }
        engine.disruptor.start();
        engine.ingressThread = AgentRunner.startOnThread(engine.ingressRunner, runnable -> named(runnable, "noctria-ingress"));
        engine.diskGuard.start(engine::onDiskSpaceLow, engine::onJournalLost, engine.counters);
        if (engine.outboxRunner != null)
        {
            AgentRunner.startOnThread(engine.outboxRunner);
        }
        if (engine.snapshotRunner != null)
        {
            AgentRunner.startOnThread(engine.snapshotRunner);
        }
        engine.counters.counter(EngineCounter.ENGINE_STATE).setOrdered(CountersFile.STATE_RUNNING);
        return engine;
    }

    /** @return the first inbound index this run consumes (-1: from the start of the queue). */
    public long resumeInboundIndex()
    {
        return resumeInboundIndex;
    }

    /** @return the journal index of the snapshot recovery started from, or -1 when it replayed the whole journal. */
    public long recoveredFromSnapshot()
    {
        return recoveredFromSnapshot;
    }

    /** @return how many journaled inputs recovery ran through the core. */
    public long recoveredInputs()
    {
        return recoveredInputs;
    }

    /** @return SHA-256 state digest after recovery, before any new input. */
    public byte[] recoveredStateDigest()
    {
        return recoveredStateDigest.clone();
    }

    /** @return inbound excerpts consumed by this run so far. */
    public long inboundConsumed()
    {
        return agent.inboundConsumed();
    }

    /**
     * @return after {@link #stop}, whether the context's live projection ({@link EngineContext#withLiveProjection})
     * folded the whole journal this engine wrote (recovered records included); false when none was asked for or
     * it could not catch up (logged).
     */
    public boolean liveProjectionComplete()
    {
        return liveProjectionComplete;
    }

    /**
     * @return why the disk-space guard stopped this engine taking inbound (where, how much is left, what to
     * do), or null; the caller then stops it with {@link StopReason#DISK_SPACE_LOW}.
     */
    public String diskSpaceLow()
    {
        return diskGuard.message();
    }

    /** The disk-space guard tripped (its own thread): take no more inbound; the owner drains and stops. */
    private void onDiskSpaceLow()
    {
        consumeInbound = false;
    }

    /**
     * The journal directory or its writer lock was deleted or replaced (guard thread): nothing more can be journaled,
     * so this is a fatal stop: ingress takes no inbound and sends nothing more, and {@link #stop} journals no
     * EngineStopped. {@code run} reports it as a halted engine.
     */
    private void onJournalLost(final String message)
    {
        consumeInbound = false;
        if (fatalError == null)
        {
            fatalError = new JournalLostException(message);
            counters.onError(fatalError);
        }
    }

    /** @return the error that stopped the business thread (or the guard's {@link JournalLostException}), or null. */
    public Throwable fatalError()
    {
        return fatalError;
    }

    /**
     * Waits until this run has consumed {@code count} inbound excerpts and the ring is empty.
     *
     * @return false on timeout or a fatal error.
     */
    public boolean awaitInboundConsumed(final long count, final long timeoutNs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (agent.inboundConsumed() < count || handler.processed() < agent.published())
        {
            if (fatalError != null || diskGuard.message() != null || System.nanoTime() - deadline > 0)
            {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
        return true;
    }

    /**
     * Stops taking inbound input, waits (up to {@code drainTimeoutNs}) until the ring is empty and every
     * order handed to the broker has its final report journaled, then stops the threads and journals
     * EngineStopped. Idempotent.
     *
     * @return the final state digest.
     */
    public byte[] stop(final StopReason reason, final long drainTimeoutNs) throws InterruptedException
    {
        if (stopped)
        {
            return core.stateDigest();
        }
        stopped = true;
        consumeInbound = false;
        counters.counter(EngineCounter.ENGINE_STATE).setOrdered(CountersFile.STATE_STOPPING);
        final long deadline = System.nanoTime() + drainTimeoutNs;
        boolean drained = false;
        // Drained = the ring was seen empty (every slot published so far processed, so every OrderSent they made
        // is in the hand-off), then a broker-side duty cycle that *started after* that found nothing waiting, due
        // or in flight, and nothing was published since. The quiescent cycle is read first: what that cycle
        // published is then visible in published(). A publication in between (a report, a late inbound slot)
        // starts the wait again: processing it may hand over another order after that cycle looked.
        long ringEmptyAtCycle = -1;
        long publishedWhenEmpty = -1;
        while (fatalError == null && System.nanoTime() - deadline < 0)
        {
            final long quiescentCycle = agent.quiescentCycle();
            final long publishedNow = agent.published();
            if (handler.processed() < publishedNow)
            {
                ringEmptyAtCycle = -1;
            }
            else if (ringEmptyAtCycle < 0 || publishedNow != publishedWhenEmpty)
            {
                ringEmptyAtCycle = agent.cycleStarted();
                publishedWhenEmpty = publishedNow;
            }
            else if (quiescentCycle > ringEmptyAtCycle)
            {
                drained = true;
                break;
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
        if (!drained && fatalError == null)
        {
            LOG.warn("drain timed out: {} order(s) still in flight at the broker; their outcome is unknown to this run",
                agent.brokerInFlight());
        }
        running = false; // the ingress agent ends its duty cycles (AgentTerminationException) and its thread exits
        diskGuard.close();
        ingressThread.join(TimeUnit.SECONDS.toMillis(10));
        if (!ingressThread.isAlive())
        {
            ingressRunner.close(); // already ended: returns at once
        }
        try
        {
            disruptor.shutdown(10, TimeUnit.SECONDS);
        }
        catch (final com.lmax.disruptor.TimeoutException ex)
        {
            LOG.warn("business thread did not drain the ring within 10 s; halting it");
            disruptor.halt();
        }
        releasePipelineMemory();
        final byte[] digest = core.stateDigest();
        if (snapshotRunner != null)
        {
            snapshotAgent.close(); // a replica still recovering gives up
            snapshotRunner.close(); // waits for a snapshot being written; the stop's is written below
        }
        if (fatalError == null)
        {
            journal.assignToCurrentThread();
            if (snapshotAgent != null)
            {
                final SnapshotPosition stopped = handler.snapshotPosition();
                lifecycleInputs.journalStopped(reason, handler.lastInboundIndex(), digest, stopped);
                snapshotAgent.writeNow(core, stopped);
            }
            else
            {
                lifecycleInputs.journalStopped(reason, handler.lastInboundIndex(), digest, new SnapshotPosition());
            }
        }
        final long lastIndex = journal.lastIndex();
        if (liveProjection != null)
        {
            // Before the counters file is unmapped: the agent reports its errors there.
            liveProjectionComplete = liveProjection.finish(lastIndex, TimeUnit.MINUTES.toMillis(5));
        }
        closeResources();
        return digest;
    }

    @Override
    public void close() throws InterruptedException
    {
        stop(StopReason.SHUTDOWN, TimeUnit.SECONDS.toNanos(5));
    }

    /**
     * The live projection's errors count as the engine's. Its agent runs only after start, when the counters exist;
     * the check covers a report during construction, before they are created.
     */
    private void onLiveProjectionError(final Throwable error)
    {
        final CountersFile current = counters;
        if (current != null)
        {
            current.onError(error);
        }
    }

    /**
     * An error ends the ingress agent's duty cycles: it is counted, recorded once per distinct cause in the
     * counters file's error log, and stops the engine without further sends. The plain termination that
     * {@link IngressDuty} raises on a stop (no cause) is not an error.
     */
    private void onIngressError(final Throwable error)
    {
        final Throwable cause = error instanceof AgentTerminationException ? error.getCause() : error;
        if (cause == null)
        {
            return;
        }
        if (fatalError == null)
        {
            fatalError = cause;
        }
        counters.onError(cause);
        LOG.error("ingress agent stopped on an error; the engine stops without further sends", cause);
    }

    /**
     * The thread {@code noctria-ingress} as an Agrona agent run by an {@link AgentRunner} (its idle strategy is
     * {@code ingress_idle_strategy}): one {@link IngressAgent} duty cycle per {@link #doWork}. Any failure
     * terminates the agent rather than being retried next cycle: ingress cannot resume safely after, e.g., a
     * half-published slot.
     */
    private final class IngressDuty implements Agent
    {
        @Override
        public void onStart()
        {
            inbound.assignToCurrentThread();
        }

        @Override
        public int doWork()
        {
            if (!running || fatalError != null)
            {
                throw new AgentTerminationException();
            }
            try
            {
                return agent.doWork(consumeInbound);
            }
            catch (final Throwable t)
            {
                throw new AgentTerminationException(t);
            }
        }

        @Override
        public String roleName()
        {
            return "noctria-ingress";
        }
    }

    private long positionInbound(final JournalReader reader, final long lastInboundIndex)
    {
        if (lastInboundIndex < 0)
        {
            reader.toStart();
            return -1;
        }
        if (!reader.toIndex(lastInboundIndex))
        {
            throw new IllegalStateException("the journal says inbound index " + lastInboundIndex +
                " was consumed, but the inbound queue has no such excerpt: was data/inbound replaced?");
        }
        reader.poll(SkipOne.INSTANCE, 1);
        return reader.index();
    }

    /** Frees the ring's and the hand-off's direct memory once no pipeline thread can touch it any more. */
    private void releasePipelineMemory() throws InterruptedException
    {
        if (logicThread != null)
        {
            logicThread.join(TimeUnit.SECONDS.toMillis(10));
        }
        if (!ingressThread.isAlive() && (logicThread == null || !logicThread.isAlive()))
        {
            orders.release();
            slotMemory.release();
            pipelineEnded = true;
        }
        else
        {
            LOG.warn("a pipeline thread is still alive; its direct memory is left to the garbage collector");
        }
    }

    private void closeResources()
    {
        try
        {
            if (outboxRunner != null)
            {
                outboxRunner.close(); // joins the follower; it closes the mirror on its own thread
            }
            gateway.close();
        }
        finally
        {
            inbound.close();
            journal.close();
            counters.counter(EngineCounter.ENGINE_STATE).setOrdered(CountersFile.STATE_STOPPED);
            if (pipelineEnded)
            {
                counters.close(); // the file stays, with this run's final values, until the next start
            }
        }
    }

    static Thread named(final Runnable runnable, final String name)
    {
        final Thread thread = new Thread(runnable, name);
        thread.setDaemon(false);
        return thread;
    }

    static String hex(final byte[] bytes, final int count)
    {
        final StringBuilder sb = new StringBuilder(count * 2);
        for (int i = 0; i < count && i < bytes.length; i++)
        {
            sb.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16)).append(Character.forDigit(bytes[i] & 0xF, 16));
        }
        return sb.toString();
    }

    /** Broker reports go to the ingress agent; created before the agent, so it is wired after. */
    private static final class ReportRelay implements BrokerReportSink
    {
        IngressAgent agent;

        @Override
        public void onReport(final DirectBuffer buffer, final int offset, final int length)
        {
            agent.onReport(buffer, offset, length);
        }
    }

    /** An exception on the business thread halts the engine: continuing could diverge from the journal. */
    private final class HaltOnError implements ExceptionHandler<InputSlot>
    {
        @Override
        public void handleEventException(final Throwable ex, final long sequence, final InputSlot event)
        {
            fatalError = ex;
            running = false;
            counters.onError(ex);
            LOG.error("business thread failed at ring sequence {} (inbound index {}); engine halted, no further sends",
                sequence, event.inboundIndex, ex);
            throw new IllegalStateException("engine halted", ex);
        }

        @Override
        public void handleOnStartException(final Throwable ex)
        {
            fatalError = ex;
            counters.onError(ex);
            LOG.error("business thread failed to start", ex);
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            LOG.error("business thread failed to shut down cleanly", ex);
        }
    }

    private enum SkipOne implements io.noctria.journal.JournalConsumer
    {
        INSTANCE;

        @Override
        public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
        {
        }

        @Override
        public void onInvalid(final long index, final io.noctria.codecs.RecordError error, final String detail)
        {
        }
    }

    /** Creates the broker gateway, during the engine's start. */
    @FunctionalInterface
    public interface GatewayFactory
    {
        /**
         * @param sink     where the gateway must deliver its reports.
         * @param counters where a gateway with threads of its own keeps their counters, in the engine's counters file
         *                 (allocated during this call only).
         * @return the gateway, open.
         */
        BrokerGateway create(BrokerReportSink sink, VenueLinkCounters counters);
    }
}

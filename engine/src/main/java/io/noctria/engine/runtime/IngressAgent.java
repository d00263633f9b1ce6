package io.noctria.engine.runtime;

import com.lmax.disruptor.RingBuffer;
import io.noctria.codecs.Messages;
import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.CancelSentDecoder;
import io.noctria.codecs.sbe.ReplaceSentDecoder;
import io.noctria.codecs.sbe.InputRejectReason;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderRequestEncoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.codecs.sbe.OrderStatusReportDecoder;
import io.noctria.codecs.sbe.ReconcileRequestedDecoder;
import io.noctria.engine.gateway.BrokerGateway;
import io.noctria.engine.gateway.BrokerReportSink;
import io.noctria.engine.core.EpochNanoClock;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.status.AtomicCounter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The engine's one producer into the ring, and its broker-facing side.
 * <p>
 * Duty cycle: hand journaled orders to the broker gateway, let the gateway deliver due execution
 * reports, and consume the inbound queue. Every input is stamped with its ingress time (and inbound
 * index) in its SBE bytes before it is published, so the stamp is journaled with the input and is
 * the only clock the business logic sees. While waiting for ring capacity the agent keeps draining
 * the order hand-off, so the business thread is never blocked by it.
 * <p>
 * After a restart that left orders in doubt, the hand-off also carries the core's ReconcileRequested events,
 * which become status queries; the agent takes nothing from {@code inbound} until the venue has answered every
 * one of them ({@link #holdInboundUntilAnswered}), so nothing new is decided or sent before reconciliation
 * completes, and the answers precede any new input in the journal.
 */
final class IngressAgent implements JournalConsumer, BrokerReportSink
{
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int INBOUND_BATCH = 64;
    /**
     * Most unprocessed inputs the ring may hold before ingress stops taking more from the inbound
     * queue. A backlog then waits in the inbound queue, not in the ring, so broker reports (which
     * free exposure) never queue behind thousands of requests, and a request's ingress stamp is taken
     * close to when it is processed.
     */
    static final int INBOUND_WINDOW = 256;

    private final RingBuffer<InputSlot> ring;
    private final JournalReader inbound;
    private final BrokerGateway gateway;
    private final OrderHandoff orders;
    private final EpochNanoClock clock;
    private final IdleStrategy idle;
    private final MessageHandler sendToBroker;
    private final AtomicCounter ringOccupancy;
    private final AtomicCounter handoffOccupancy;
    private final AtomicCounter brokerInFlightCounter;
    private final AtomicCounter maxCycleNs;
    private final AtomicCounter inboundConsumedCounter;
    private final AtomicCounter reportsPublishedCounter;
    private final AtomicCounter ordersHandedCounter;
    private final AtomicCounter cycleCounter;
    private final AtomicCounter quiescentCycleCounter;
    private long lastCycleNs;
    private long maxCycleSeenNs;

    private final RetryDelay retries;
    private final LongHashSet answered = new LongHashSet();
    // The ClOrdID of each status query of this start, to ask again while it is unanswered (start-up only).
    private final Long2ObjectHashMap<byte[]> askedClOrdIds = new Long2ObjectHashMap<>();
    private final UnsafeBuffer reasked = new UnsafeBuffer(0, 0);
    private long firstQueryId;
    private long queryCount;
    private long nextReaskNs;
    private long reasks;
    // Fields other threads read are volatile for their readers, but this agent writes them with release stores
    // (Agrona's "ordered writes", VarHandle.setRelease): publication needs no StoreLoad fence on every duty cycle.
    /**
     * How long a status query of the start-up reconciliation may go unanswered before it is asked again. Longer than
     * a venue takes to answer (sub-millisecond to a few ms here) or to restart (seconds), so a second answer is rare.
     */
    static final long REASK_NS = 5_000_000_000L;
    private static final VarHandle AWAITING_ANSWERS = varHandle("awaitingAnswers", long.class);
    private static final VarHandle PUBLISHED = varHandle("publishedVolatile", long.class);
    private static final VarHandle BROKER_IN_FLIGHT = varHandle("brokerInFlight", int.class);
    private static final VarHandle QUIESCENT_CYCLE = varHandle("quiescentCycle", long.class);
    private static final VarHandle INBOUND_CAUGHT_UP = varHandle("inboundCaughtUp", boolean.class);
    private static final VarHandle INBOUND_CONSUMED = varHandle("inboundConsumedVolatile", long.class);

    private volatile long awaitingAnswers;
    private boolean inGatewayPoll;
    private long published;
    private volatile long publishedVolatile;
    private volatile int brokerInFlight;
    private long cycle;
    // The one full volatile store per cycle: Engine.stop clears consumeInbound and then reads this, while the cycle
    // stores this and then reads consumeInbound; a release store could let that read move ahead of it.
    private volatile long cycleStarted;
    private volatile long quiescentCycle = -1;
    private long inboundConsumed;
    // Messages still to skip of an inbound frame refused whole (an inbound frame carries exactly one input).
    private int refusedFrameMessages;
    private long reportsPublished;
    private long ordersHandedToBroker;
    private volatile boolean inboundCaughtUp;
    // Not derivable from the counter: cnc.dat is unmapped at stop, and the engine reads this after that (reading
    // the unmapped counter crashes the JVM).
    private volatile long inboundConsumedVolatile;

    IngressAgent(
        final RingBuffer<InputSlot> ring,
        final JournalReader inbound,
        final BrokerGateway gateway,
        final OrderHandoff orders,
        final EpochNanoClock clock,
        final IdleStrategy idle,
        final long retryBackoffNs,
        final CountersFile counters)
    {
        this.ringOccupancy = counters.counter(EngineCounter.RING_OCCUPANCY);
        this.handoffOccupancy = counters.counter(EngineCounter.HANDOFF_OCCUPANCY);
        this.brokerInFlightCounter = counters.counter(EngineCounter.BROKER_IN_FLIGHT);
        this.maxCycleNs = counters.counter(EngineCounter.INGRESS_MAX_CYCLE_NS);
        this.inboundConsumedCounter = counters.counter(EngineCounter.INBOUND_CONSUMED);
        this.reportsPublishedCounter = counters.counter(EngineCounter.REPORTS_PUBLISHED);
        this.ordersHandedCounter = counters.counter(EngineCounter.ORDERS_HANDED_TO_BROKER);
        this.cycleCounter = counters.counter(EngineCounter.INGRESS_CYCLE);
        this.quiescentCycleCounter = counters.counter(EngineCounter.INGRESS_QUIESCENT_CYCLE);
        quiescentCycleCounter.setOrdered(-1);
        this.ring = ring;
        this.inbound = inbound;
        this.gateway = gateway;
        this.orders = orders;
        this.clock = clock;
        this.idle = idle;
        this.sendToBroker = this::sendToBroker;
        this.retries = new RetryDelay(256, retryBackoffNs);
    }

    /**
     * One duty cycle.
     *
     * @param consumeInbound false while draining for shutdown: only broker traffic is serviced.
     * @return the amount of work done; 0 means idle.
     */
    int doWork(final boolean consumeInbound)
    {
        final long thisCycle = ++cycle;
        cycleStarted = thisCycle;
        cycleCounter.setOrdered(thisCycle);
        int work = orders.drain(sendToBroker, Integer.MAX_VALUE);
        // The cycle's one clock read (Aeron's Sender), after the hand-off is drained so that a report due at once
        // for an order just sent is delivered in this cycle; the interval between successive reads is the cycle time.
        final long nowNs = clock.nanoTime();
        if (lastCycleNs != 0 && nowNs - lastCycleNs > maxCycleSeenNs)
        {
            maxCycleSeenNs = nowNs - lastCycleNs;
            maxCycleNs.setOrdered(maxCycleSeenNs);
        }
        lastCycleNs = nowNs;
        work += retries.sendDue(nowNs, gateway);
        if (awaitingAnswers > 0 && !askedClOrdIds.isEmpty() && nowNs - nextReaskNs >= 0)
        {
            work += reaskUnanswered(nowNs);
        }
        inGatewayPoll = true;
        try
        {
            work += gateway.poll(nowNs);
        }
        finally
        {
            inGatewayPoll = false;
        }
        final int inFlight = gateway.inFlight();
        BROKER_IN_FLIGHT.setRelease(this, inFlight);
        brokerInFlightCounter.setOrdered(inFlight);
        handoffOccupancy.setOrdered(orders.size());
        final boolean quiescent = inFlight == 0 && retries.isEmpty() && orders.isEmpty();
        // Written last: a reader that sees this cycle's number also sees every slot it published (publish()).
        QUIESCENT_CYCLE.setRelease(this, quiescent ? thisCycle : -1L);
        reportsPublishedCounter.setOrdered(reportsPublished);
        quiescentCycleCounter.setOrdered(quiescent ? thisCycle : -1); // after the reports this cycle published
        if (consumeInbound && 0 == awaitingAnswers)
        {
            final long outstanding = ring.getBufferSize() - ring.remainingCapacity();
            ringOccupancy.setOrdered(outstanding);
            final int room = (int)Math.min(INBOUND_BATCH, Math.min(INBOUND_WINDOW, ring.getBufferSize() / 2) - outstanding);
            if (room > 0)
            {
                final int read = inbound.poll(this, room);
                INBOUND_CAUGHT_UP.setRelease(this, read == 0);
                INBOUND_CONSUMED.setRelease(this, inboundConsumed);
                inboundConsumedCounter.setOrdered(inboundConsumed);
                work += read;
            }
        }
        else
        {
            ringOccupancy.setOrdered(ring.getBufferSize() - ring.remainingCapacity());
        }
        return work;
    }

    /**
     * Hold {@code inbound} until the venue has answered the status queries {@code firstQueryId} …
     * {@code firstQueryId + count - 1} (the reconciliation the last EngineStarted opened). Called once by the
     * start-up thread before this agent's thread starts.
     */
    void holdInboundUntilAnswered(final long firstQueryId, final int count)
    {
        this.firstQueryId = firstQueryId;
        this.queryCount = count;
        this.awaitingAnswers = count;
    }

    /** @return status queries asked again because no answer came within {@link #REASK_NS} (this thread only). */
    long reasks()
    {
        return reasks;
    }

    /** @return reconciliation answers still awaited before {@code inbound} is consumed (read by other threads). */
    long awaitingAnswers()
    {
        return awaitingAnswers;
    }

    /** @return slots published into the ring so far (read by other threads). */
    long published()
    {
        return publishedVolatile;
    }

    /** @return the number of the duty cycle that started last. */
    long cycleStarted()
    {
        return cycleStarted;
    }

    /**
     * @return the number of the last duty cycle if, at its end, no order was waiting for the broker, due for
     * a retry or in flight there; -1 otherwise. A cycle that started after an observation sees everything
     * handed over before it, which is what a drain needs (a flag alone could be stale by a cycle).
     */
    long quiescentCycle()
    {
        return quiescentCycle;
    }

    int brokerInFlight()
    {
        return brokerInFlight;
    }

    long inboundConsumed()
    {
        return inboundConsumedVolatile;
    }

    boolean inboundCaughtUp()
    {
        return inboundCaughtUp;
    }

    long ordersHandedToBroker()
    {
        return ordersHandedToBroker;
    }

    long reportsPublished()
    {
        return reportsPublished;
    }

    @Override
    public void onFrame(final long index, final int messages)
    {
        if (messages > 1)
        {
            // Each inbound excerpt is one input at one inbound index (ingress resumes after the index the journal
            // holds): a frame of several could be taken in part before a crash and the rest skipped after it.
            inboundConsumed++;
            refusedFrameMessages = messages;
            publishInvalid(index, InputRejectReason.MALFORMED, "an inbound frame carries one input; this one " +
                "holds " + messages + " messages");
        }
    }

    @Override
    public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        if (refusedFrameMessages > 0)
        {
            refusedFrameMessages--;
            return;
        }
        inboundConsumed++;
        final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        if (!Messages.isInboundInput(templateId))
        {
            publishInvalid(index, InputRejectReason.UNKNOWN_TEMPLATE, Messages.name(templateId) +
                " is not an input message (expected OrderRequest, Control, PolicyReload, CancelRequest, " +
                "ReplaceRequest or CancelAll)");
            return;
        }
        if (length > InputSlot.CAPACITY)
        {
            publishInvalid(index, InputRejectReason.MALFORMED,
                "excerpt of " + length + " bytes exceeds the " + InputSlot.CAPACITY + "-byte input limit");
            return;
        }
        final long sequence = claim();
        final InputSlot slot = ring.get(sequence);
        final long ingressNs = clock.nanoTime();
        final MutableDirectBuffer target = slot.buffer;
        target.putBytes(0, buffer, offset, length);
        target.putLong(HEADER + Messages.inboundIndexOffset(templateId), index, OrderRequestEncoder.BYTE_ORDER);
        target.putLong(HEADER + Messages.ingressNsOffset(templateId), ingressNs, OrderRequestEncoder.BYTE_ORDER);
        slot.kind = InputSlot.MESSAGE;
        slot.length = length;
        slot.inboundIndex = index;
        slot.ingressNs = ingressNs;
        publish(sequence);
    }

    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        inboundConsumed++;
        // Inbound is untrusted: a damaged frame is one more input refused (InputRejected with its index), the
        // engine runs on. The reason codes predate frames, so the detail says which damage it was.
        publishInvalid(index, reasonOf(error), error == RecordError.DAMAGED || error == RecordError.UNFRAMED ?
            error + ": " + detail : detail);
    }

    /** A report from the broker gateway: stamp its sequencing time (tsNs, the first field) and publish it. */
    @Override
    public void onReport(final DirectBuffer buffer, final int offset, final int length)
    {
        final long sequence = claim();
        final InputSlot slot = ring.get(sequence);
        final long nowNs = clock.nanoTime();
        slot.buffer.putBytes(0, buffer, offset, length);
        slot.buffer.putLong(HEADER, nowNs, MessageHeaderDecoder.BYTE_ORDER);
        if (awaitingAnswers > 0)
        {
            countAnswer(slot.buffer, length);
        }
        slot.kind = InputSlot.MESSAGE;
        slot.length = length;
        slot.inboundIndex = -1;
        slot.ingressNs = nowNs;
        reportsPublished++;
        publish(sequence);
        reportsPublishedCounter.setOrdered(reportsPublished);
    }

    private void publishInvalid(final long index, final InputRejectReason reason, final String detail)
    {
        final long sequence = claim();
        final InputSlot slot = ring.get(sequence);
        slot.kind = InputSlot.INVALID;
        slot.length = 0;
        slot.inboundIndex = index;
        slot.ingressNs = clock.nanoTime();
        slot.rejectReason = reason;
        slot.rejectDetail = detail;
        publish(sequence);
    }

    private long claim()
    {
        return orders.claimInputSlot(ring, sendToBroker, !inGatewayPoll, idle);
    }

    private void publish(final long sequence)
    {
        ring.publish(sequence);
        // At once, not at the cycle's end: a stop or a test that sees the inbound consumed, or a quiescent cycle,
        // must see every slot published before it (the inbound poll comes after the cycle's quiescence).
        PUBLISHED.setRelease(this, ++published);
    }

    private void countAnswer(final DirectBuffer buffer, final int length)
    {
        final int templateId = buffer.getShort(MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        if (templateId != OrderStatusReportDecoder.TEMPLATE_ID ||
            length < HEADER + OrderStatusReportDecoder.queryIdEncodingOffset() + Long.BYTES)
        {
            return;
        }
        final long queryId = buffer.getLong(HEADER + OrderStatusReportDecoder.queryIdEncodingOffset(),
            OrderStatusReportDecoder.BYTE_ORDER);
        // A venue restarted after a crash may answer a query twice: count each query once.
        if (queryId >= firstQueryId && queryId - firstQueryId < queryCount && answered.add(queryId))
        {
            AWAITING_ANSWERS.setRelease(this, awaitingAnswers - 1);
        }
    }

    private void sendToBroker(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final int templateId = buffer.getShort(index + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        if (templateId == ReconcileRequestedDecoder.TEMPLATE_ID)
        {
            queryVenue(buffer, index);
            return;
        }
        if (templateId == CancelSentDecoder.TEMPLATE_ID || templateId == ReplaceSentDecoder.TEMPLATE_ID)
        {
            actOnVenue(templateId, buffer, index, length);
            return;
        }
        ordersHandedToBroker++;
        ordersHandedCounter.setOrdered(ordersHandedToBroker);
        // A retry (attempt >= 2) waits out its backoff; first attempts go straight to the venue.
        final int attempt = buffer.getInt(index + HEADER + OrderSentDecoder.attemptEncodingOffset(), OrderSentDecoder.BYTE_ORDER);
        if (attempt >= 2 && retries.defer(buffer, index, length, attempt, clock.nanoTime()))
        {
            return;
        }
        gateway.send(buffer, index, length);
    }

    /**
     * A journaled CancelSent or ReplaceSent goes to the venue; an embedded venue may answer from inside the call. A
     * retry still waiting out its backoff goes first, so the venue never sees the action before its order.
     */
    private void actOnVenue(final int templateId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        retries.sendAll(gateway);
        final boolean nested = inGatewayPoll;
        inGatewayPoll = true; // the answer may be published from inside: do not re-enter the hand-off from claim()
        try
        {
            if (templateId == CancelSentDecoder.TEMPLATE_ID)
            {
                gateway.cancel(buffer, index, length);
            }
            else
            {
                gateway.replace(buffer, index, length);
            }
        }
        finally
        {
            inGatewayPoll = nested;
        }
    }

    /** A journaled ReconcileRequested becomes a status query; an embedded venue answers from inside the call. */
    private void queryVenue(final MutableDirectBuffer buffer, final int index)
    {
        final long queryId = buffer.getLong(index + HEADER + ReconcileRequestedDecoder.queryIdEncodingOffset(),
            ReconcileRequestedDecoder.BYTE_ORDER);
        if (queryId >= firstQueryId && queryId - firstQueryId < queryCount && !askedClOrdIds.containsKey(queryId))
        {
            final byte[] clOrdId = new byte[ReconcileRequestedDecoder.clOrdIdLength()];
            buffer.getBytes(index + HEADER + ReconcileRequestedDecoder.clOrdIdEncodingOffset(), clOrdId);
            askedClOrdIds.put(queryId, clOrdId);
            if (askedClOrdIds.size() == 1)
            {
                nextReaskNs = clock.nanoTime() + REASK_NS;
            }
        }
        // Every send decided before this query must reach the venue before it: the core reads an UNKNOWN answer
        // as "no attempt got through" and re-sends. A retry still waiting out its backoff (e.g. one journaled by
        // the torn-tail repair at start-up) would otherwise arrive after the query, be taken as new, and the
        // re-send would then be a duplicate ClOrdID at the venue. So deferred retries go now, backoff or not.
        retries.sendAll(gateway);
        final boolean nested = inGatewayPoll;
        inGatewayPoll = true; // the answer may be published from inside: do not re-enter the hand-off from claim()
        try
        {
            gateway.queryStatus(queryId, buffer, index + HEADER + ReconcileRequestedDecoder.clOrdIdEncodingOffset());
        }
        finally
        {
            inGatewayPoll = nested;
        }
    }

    /**
     * Asks the venue again about every query of this start it has not answered: a venue killed after reading a
     * query and before writing its answer would otherwise hold inbound forever. The same query id and ClOrdID, so a
     * second answer is harmless: {@link #countAnswer} counts each query once and the core ignores an answered one.
     */
    private int reaskUnanswered(final long nowNs)
    {
        int asked = 0;
        final boolean nested = inGatewayPoll;
        inGatewayPoll = true; // answers may be published from inside: do not re-enter the hand-off from claim()
        try
        {
            final Long2ObjectHashMap<byte[]>.KeyIterator queries = askedClOrdIds.keySet().iterator();
            while (queries.hasNext())
            {
                final long queryId = queries.nextLong();
                if (!answered.contains(queryId))
                {
                    reasked.wrap(askedClOrdIds.get(queryId));
                    gateway.queryStatus(queryId, reasked, 0);
                    asked++;
                }
            }
        }
        finally
        {
            inGatewayPoll = nested;
        }
        reasks += asked;
        nextReaskNs = nowNs + REASK_NS;
        return asked;
    }

    static InputRejectReason reasonOf(final RecordError error)
    {
        switch (error)
        {
            case TRUNCATED: return InputRejectReason.TRUNCATED;
            case UNKNOWN_SCHEMA: return InputRejectReason.UNKNOWN_SCHEMA;
            case UNKNOWN_TEMPLATE: return InputRejectReason.UNKNOWN_TEMPLATE;
            case UNSUPPORTED_VERSION: return InputRejectReason.UNSUPPORTED_VERSION;
            default: return InputRejectReason.MALFORMED;
        }
    }

    private static VarHandle varHandle(final String field, final Class<?> type)
    {
        try
        {
            return MethodHandles.lookup().findVarHandle(IngressAgent.class, field, type);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}

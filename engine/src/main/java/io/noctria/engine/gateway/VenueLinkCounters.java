package io.noctria.engine.gateway;

import org.agrona.BufferUtil;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a venue link keeps the counters of its own threads, beside the engine's in the counters file
 * ({@code <data-dir>/cnc.dat}), so {@code noctria status} and {@code /metrics} show the link live: the FIX
 * gateway's forwarded orders, taken and refused reports, session errors and its forwarder's longest duty cycle.
 * <p>
 * Contract of the file: a link's counter carries type id {@value #EVENTS_TYPE_ID} (a count that only grows) or
 * {@value #GAUGE_TYPE_ID} (a level or a maximum), and its label is its name, which starts with the link's kind
 * ({@code "FIX orders forwarded"}). Readers list them by type id; ids are never renumbered.
 * <p>
 * Counters are allocated by the thread that builds the gateway, inside the engine's start (a {@link CountersManager}
 * is not thread-safe), and are then written by the link's threads: {@code incrementOrdered}/{@code proposeMaxOrdered}
 * by a counter's single writer, {@code increment} where several threads count. Errors of the link's threads go to
 * {@link #errorHandler()}: the engine counts them and keeps each distinct one in the file's error log.
 */
public final class VenueLinkCounters
{
    /** Type id of a venue link's counts. */
    public static final int EVENTS_TYPE_ID = 26;
    /** Type id of a venue link's levels and maxima. */
    public static final int GAUGE_TYPE_ID = 27;

    private static final int STANDALONE_COUNTERS = 32;

    private final CountersManager manager;
    private final ErrorHandler errorHandler;

    /**
     * @param manager      the counters file's manager, used on the constructing thread only.
     * @param errorHandler counts and records an error of any of the link's threads.
     */
    public VenueLinkCounters(final CountersManager manager, final ErrorHandler errorHandler)
    {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
    }

    /**
     * Counters that no other process sees, for a gateway run without an engine (unit tests, a benchmark's own
     * gateway); errors go to {@code errorHandler}.
     */
    public static VenueLinkCounters standalone(final ErrorHandler errorHandler)
    {
        // Direct and 64-byte aligned as the mapped file is: Agrona warns about counters on a byte[].
        final UnsafeBuffer metadata = new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(STANDALONE_COUNTERS * CountersReader.METADATA_LENGTH, 64));
        final UnsafeBuffer values = new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(STANDALONE_COUNTERS * CountersReader.COUNTER_LENGTH, 64));
        return new VenueLinkCounters(new CountersManager(metadata, values, StandardCharsets.US_ASCII), errorHandler);
    }

    /** @return a new count named {@code name} (the link's kind first: "FIX orders forwarded"), at 0. */
    public AtomicCounter newEvents(final String name)
    {
        return manager.newCounter(name, EVENTS_TYPE_ID);
    }

    /** @return a new level or maximum named {@code name}, at 0. */
    public AtomicCounter newGauge(final String name)
    {
        return manager.newCounter(name, GAUGE_TYPE_ID);
    }

    /** @return what the link's threads hand their errors to (an {@code AgentRunner}'s error handler, say). */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }
}

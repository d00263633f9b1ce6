package io.noctria.engine.runtime;

import io.noctria.engine.gateway.VenueLinkCounters;

/**
 * The engine's counters, one stable type id each: the writer ({@link CountersFile}), the reader
 * ({@link EngineCounters}) and the tools (tests, {@code noctria status}) name counters through this enum alone.
 * <p>
 * Type ids are part of the counters file's contract: never renumber one, only add.
 * {@link #INPUT_REJECTS} is allocated once per {@code InputRejectReason}, its reason code in the counter's
 * reference id; every other type has exactly one counter. Ids {@value VenueLinkCounters#EVENTS_TYPE_ID} and
 * {@value VenueLinkCounters#GAUGE_TYPE_ID} are the venue link's own counters ({@link VenueLinkCounters}), read with
 * {@link EngineCounters#venueLinkCounts()}: a new type here takes the next free id after them.
 */
public enum EngineCounter
{
    /** 0 starting, 1 running, 2 stopping, 3 stopped (see {@link CountersFile}). Written by the start/stop thread. */
    ENGINE_STATE(1, "engine state"),
    /** Inputs published into the ring and not yet processed, as seen by the last ingress duty cycle. */
    RING_OCCUPANCY(2, "ring occupancy (inputs)"),
    /** Bytes waiting in the order hand-off (business thread to broker side) at the last ingress duty cycle. */
    HANDOFF_OCCUPANCY(3, "order hand-off occupancy (bytes)"),
    /** Orders at the venue without a final report, at the last ingress duty cycle. */
    BROKER_IN_FLIGHT(4, "broker in flight"),
    /** Longest interval between the starts of two successive ingress duty cycles, in ns. */
    INGRESS_MAX_CYCLE_NS(5, "noctria-ingress max duty cycle (ns)"),
    /** Inbound excerpts consumed by this run (valid or not). Written by noctria-ingress. */
    INBOUND_CONSUMED(6, "inbound consumed"),
    /** Broker reports published into the ring by this run. Written by noctria-ingress. */
    REPORTS_PUBLISHED(7, "broker reports published"),
    /** OrderSent handed to the broker gateway by this run (retries included). Written by noctria-ingress. */
    ORDERS_HANDED_TO_BROKER(8, "orders handed to broker"),
    /** Ring inputs processed by the business thread (journaled and decided). Written by noctria-logic. */
    INPUTS(9, "inputs processed"),
    /** OrderRequest inputs processed. Written by noctria-logic after all of the input's events are journaled. */
    ORDER_REQUESTS(10, "order requests processed"),
    /** Control and PolicyReload inputs processed. Written by noctria-logic. */
    CONTROLS(11, "controls processed"),
    /** Broker reports and status answers processed. Written by noctria-logic. */
    BROKER_REPORTS(12, "broker reports processed"),
    /** Events the core emitted and the business thread journaled (its decisions). Written by noctria-logic. */
    EVENTS(13, "events journaled"),
    /** OrderSent events journaled (sends, retries included). Written by noctria-logic. */
    ORDERS_SENT(14, "orders sent"),
    /** Journal index of the last record the business thread appended; -1 before its first. */
    JOURNAL_POSITION(15, "journal position (last index)"),
    /** Errors on the engine's threads (each distinct cause also in the error log). Written by any engine thread. */
    ERRORS(16, "errors"),
    /** Inputs refused before any gate, one counter per InputRejectReason (reference id = reason code). */
    INPUT_REJECTS(17, "input rejects"),
    /** Number of the ingress duty cycle that started last. Written by noctria-ingress at the start of each cycle. */
    INGRESS_CYCLE(18, "noctria-ingress duty cycles"),
    /**
     * Number of the last ingress duty cycle that ended with nothing waiting for the broker, due for a retry or in
     * flight there, or -1 when the last one did not. A cycle numbered above an {@link #INGRESS_CYCLE} value read
     * after a send saw that send: a drain (or a test) waits for this, then for {@link #BROKER_REPORTS} to reach
     * {@link #REPORTS_PUBLISHED}.
     */
    INGRESS_QUIESCENT_CYCLE(19, "noctria-ingress last quiescent cycle"),
    /**
     * Usable bytes on the journal's file system at the disk guard's last check (every 100 ms; 0 when it could not
     * be read). Written by noctria-disk-guard; stays 0 until its first duty cycle.
     */
    DISK_USABLE_BYTES(20, "journal file system usable bytes"),
    /** Snapshots of the core's state written to {@code <data-dir>/snapshots} (noctria-snapshot, and the stop). */
    SNAPSHOTS_WRITTEN(21, "snapshots written"),
    /**
     * Snapshots that could not be written (each also counted as an error with its cause); the next one is due after
     * as many inputs again. (The replica never skips a due snapshot: it lags instead, see
     * {@link #SNAPSHOT_REPLICA_POSITION}.)
     */
    SNAPSHOTS_SKIPPED(22, "snapshots skipped"),
    /**
     * Journal index of the last frame the snapshot replica applied ({@code noctria-snapshot}); -1 while it starts or
     * when periodic snapshots are off. Its lag is how far it trails {@link #JOURNAL_POSITION}.
     */
    SNAPSHOT_REPLICA_POSITION(23, "snapshot replica position (journal index)"),
    /** Longest time one snapshot took to encode, digest and write durably, in ns (replica and stop). */
    SNAPSHOT_WRITE_MAX_NS(24, "snapshot write max (ns)"),
    /**
     * The snapshot replica stopped: its state did not match an EngineStopped's state hash, or it could not apply a
     * frame (each with an ERROR naming the index); it writes no snapshot after. Should stay 0.
     */
    SNAPSHOT_REPLICA_FAILURES(25, "snapshot replica failures"),
    /**
     * Journal index of the last frame the outbox mirror applied ({@code noctria-outbox}); -1 when the engine keeps no
     * mirror. Its lag is how far it trails {@link #JOURNAL_POSITION}; a mirror that failed stops here (and the failure
     * is an {@link #ERRORS} entry).
     */
    OUTBOX_MIRROR_POSITION(28, "outbox mirror position (journal index)");

    private final int typeId;
    private final String label;

    EngineCounter(final int typeId, final String label)
    {
        this.typeId = typeId;
        this.label = label;
    }

    /** @return the stable type id stored with the counter in the file. */
    public int typeId()
    {
        return typeId;
    }

    /** @return the counter's label (per-reason counters append ": REASON"). */
    public String label()
    {
        return label;
    }

    /** @return the counter type with this id, or null for an id this build does not know. */
    public static EngineCounter ofTypeId(final int typeId)
    {
        for (final EngineCounter counter : values())
        {
            if (counter.typeId == typeId)
            {
                return counter;
            }
        }
        return null;
    }
}

package io.noctria.engine.core;

import io.noctria.codecs.Position;
import io.noctria.codecs.sbe.BooleanType;
import io.noctria.codecs.sbe.CoreSnapshotEncoder;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.codecs.sbe.SnapshotHeaderEncoder;
import io.noctria.codecs.sbe.SnapshotOrdersEncoder;
import io.noctria.codecs.sbe.SnapshotSymbolsEncoder;
import io.noctria.codecs.sbe.SnapshotTracesEncoder;
import io.noctria.codecs.sbe.SnapshotValuesEncoder;
import io.noctria.engine.config.AutoPauseSettings;
import io.noctria.engine.config.RiskPolicy;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The core's whole decision state as a snapshot file image, and back (docs/messages.md, "Snapshots"): a
 * {@code SnapshotHeader} (CRC32C of everything after its checksum, layout version, length), one {@code CoreSnapshot}
 * (scalars, small tables, the policy in force, the host's {@link SnapshotPosition}), then {@code SnapshotValues},
 * {@code SnapshotSymbols}, {@code SnapshotTraces} and {@code SnapshotOrders} chunks of at most {@link #CHUNK}
 * entries each (SBE groups count to 65535), in that order. Every field {@link ExecutionCore#stateDigest()} covers
 * is here, plus what decides later events without being hashed (the reconciliation's outcome counts and query
 * order, a tripped auto-pause rule not acted on yet, the policy in force).
 * <p>
 * Writing runs on the business thread at a frame boundary: {@link #write} copies the state into the destination
 * (which grows on the cold path only) and leaves the checksum to {@link #seal}, which the host runs on another
 * thread. Reading ({@link #restore}) rebuilds a freshly constructed core and checks its digest against the one
 * the snapshot carries; anything that does not fit is refused with what and where ({@link SnapshotRestore} reads,
 * this class writes). One instance per thread.
 */
public final class CoreSnapshot
{
    /** Snapshot layout version this build writes and reads. */
    public static final short VERSION = 1;
    /** Bytes of the SnapshotHeader message that starts every snapshot. */
    public static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + SnapshotHeaderEncoder.BLOCK_LENGTH;
    /** Entries per chunk message. */
    static final int CHUNK = 4096;

    private static final int CHECKSUM_AT = MessageHeaderEncoder.ENCODED_LENGTH + SnapshotHeaderEncoder.crc32cEncodingOffset();
    private static final int CHECKED_FROM = CHECKSUM_AT + SnapshotHeaderEncoder.crc32cEncodingLength();
    // The SnapshotValues tables, in the order they are written and read.
    static final short RATE_SENDS = 1;
    static final short BREACHES = 2;
    static final short QUERIES = 3;
    static final short FREE_IDS = 4;
    static final short FINISHED = 5;
    static final short FINISHED_AT = 6;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SnapshotHeaderEncoder snapshotHeader = new SnapshotHeaderEncoder();
    private final CoreSnapshotEncoder coreEncoder = new CoreSnapshotEncoder();
    private final SnapshotValuesEncoder valuesEncoder = new SnapshotValuesEncoder();
    private final SnapshotSymbolsEncoder symbolsEncoder = new SnapshotSymbolsEncoder();
    private final SnapshotTracesEncoder tracesEncoder = new SnapshotTracesEncoder();
    private final SnapshotOrdersEncoder ordersEncoder = new SnapshotOrdersEncoder();

    private final byte[] key = new byte[IdempotencyKeys.KEY_LENGTH];
    private final byte[] trace = new byte[OrderTicket.TRACE_LENGTH];
    private final byte[] symbol = new byte[OrderTicket.SYMBOL_LENGTH];
    private final SnapshotRestore reading = new SnapshotRestore();

    /**
     * Writes the core's state and {@code position} as a snapshot image into {@code dst} from 0, checksum not yet
     * set ({@link #seal}). Allocates only the state digest and when {@code dst} must grow.
     *
     * @param dst an expandable buffer, or one large enough.
     * @return the image's length.
     */
    public int write(final ExecutionCore core, final SnapshotPosition position, final MutableDirectBuffer dst)
    {
        if (core.actions().anyKeyed())
        {
            // Layout 1 has no room for the cancel/replace table: no snapshot, recovery replays the journal instead.
            throw new java.io.UncheckedIOException(new java.io.IOException("the core holds cancel/replace actions, " +
                "which snapshot layout " + VERSION + " cannot hold"));
        }
        final OrderRateWindow rate = core.rateWindow();
        final AutoPauseMonitor autoPause = core.autoPause();
        final OrderReconciler reconciler = core.reconciler();
        final ControlGuard guard = core.controlGuard();
        final SymbolBook symbols = core.symbols();
        final TraceBook traces = core.traces();
        final Outbox outbox = core.outbox();
        final RiskPolicy policy = core.policy();

        final CoreSnapshotEncoder head = coreEncoder.wrapAndApplyHeader(dst, HEADER_LENGTH, headerEncoder)
            .journalIndex(position.journalIndex())
            .inputChecksum(position.inputChecksum() & 0xFFFF_FFFFL)
            .inputLength(position.inputLength())
            .lastInboundIndex(position.lastInboundIndex())
            .putStateHash(core.stateDigest(), 0, 32)
            .paused(core.tradingPaused() ? BooleanType.TRUE : BooleanType.FALSE)
            .rateLimit(rate.limit())
            .rateNowNs(rate.nowNs())
            .querySequence(reconciler.querySequence())
            .firstQueryId(reconciler.firstQueryId())
            .reconcileAsked(reconciler.asked())
            .reconcilePending(reconciler.pending())
            .autoPauseNowNs(autoPause.nowNs())
            .breachCount(autoPause.breachCount())
            .breachHead(autoPause.breachHead())
            .trippedCode(null == autoPause.tripped() ? -1 : autoPause.tripped().value())
            .rosterJournaled(guard.rosterJournaled() ? BooleanType.TRUE : BooleanType.FALSE)
            .rateSendCount(rate.count())
            .breachSlots(autoPause.breachSlots())
            .symbolCount(symbols.size())
            .traceCount(traces.size())
            .orderCount(outbox.size())
            .outboxIdLimit(outbox.idLimit())
            .outboxFreeIds(outbox.keys().freeCount())
            .finishedCount(outbox.finishedCount())
            .watermarkNs(outbox.watermarkNs())
            .floorNs(outbox.floorNs())
            .evicted(outbox.evicted());
        final CoreSnapshotEncoder.SlicesEncoder slices = head.slicesCount(AutoPauseSettings.SLICES);
        for (int slot = 0; slot < AutoPauseSettings.SLICES; slot++)
        {
            slices.next().number(autoPause.sliceNumber(slot)).requests(autoPause.sliceRequests(slot))
                .errors(autoPause.sliceErrors(slot));
        }
        final CoreSnapshotEncoder.OutcomesEncoder outcomes = head.outcomesCount(reconciler.outcomeKinds());
        for (int kind = 0; kind < reconciler.outcomeKinds(); kind++)
        {
            outcomes.next().orders(reconciler.outcomes(kind));
        }
        final CoreSnapshotEncoder.RosterEncoder roster = head.rosterCount(guard.rosterSize());
        for (int i = 0; i < guard.rosterSize(); i++)
        {
            roster.next().putOperatorName(guard.operatorName(i), 0).putPublicKey(guard.rawKey(i), 0,
                ControlSignatures.PUBLIC_KEY_LENGTH);
        }
        final CoreSnapshotEncoder.AcceptedControlsEncoder accepted = head.acceptedControlsCount(guard.acceptedCount());
        for (int i = 0; i < guard.acceptedCount(); i++)
        {
            accepted.next().submittedNs(guard.acceptedSubmittedNs(i)).putSignature(guard.acceptedSignature(i), 0,
                ControlSignatures.SIGNATURE_LENGTH);
        }
        final byte[] source = policy.source().getBytes(StandardCharsets.UTF_8);
        head.putPolicySource(source, 0, source.length);
        head.putPolicy(policy.yaml(), 0, policy.yaml().length);
        head.putAutoPauseReason(autoPause.reason().bytes(), 0, autoPause.reason().length());
        head.putLastBrokerReport(position.reportBuffer(), 0, position.lastBrokerReportLength());

        int at = HEADER_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH + head.encodedLength();
        at = writeValues(core, RATE_SENDS, rate.count(), dst, at);
        at = writeValues(core, BREACHES, autoPause.breachSlots(), dst, at);
        at = writeValues(core, QUERIES, reconciler.asked(), dst, at);
        at = writeValues(core, FREE_IDS, outbox.keys().freeCount(), dst, at);
        at = writeValues(core, FINISHED, outbox.finishedCount(), dst, at);
        at = writeValues(core, FINISHED_AT, outbox.finishedCount(), dst, at);
        at = writeSymbols(symbols, dst, at);
        at = writeTraces(traces, dst, at);
        at = writeOrders(outbox, dst, at);
        snapshotHeader.wrapAndApplyHeader(dst, 0, headerEncoder).crc32c(0).snapshotVersion(VERSION)
            .length(at - HEADER_LENGTH);
        return at;
    }

    /** Sets the checksum of an image {@link #write} produced; any thread, allocation free but for the JDK's CRC. */
    public static void seal(final MutableDirectBuffer image, final int length)
    {
        image.putInt(CHECKSUM_AT, checksum(image, length), ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return why {@code image[0, length)} is not a whole snapshot of this layout version (too short, not a
     * snapshot header, another version, a length or checksum that does not match), or null when it is.
     */
    public String problem(final DirectBuffer image, final int length)
    {
        return reading.problem(image, length);
    }

    /**
     * Rebuilds {@code core}, which must be freshly constructed (nothing applied), from a snapshot image that passed
     * {@link #problem}, fills {@code position}, and checks the rebuilt state's digest against the stored one.
     *
     * @throws IllegalArgumentException naming what does not fit, when the image does not rebuild a state whose
     *                                  digest is the one it carries; the core must then be discarded.
     * @throws IllegalStateException    when the core is not fresh.
     */
    public void restore(final ExecutionCore core, final DirectBuffer image, final int length,
        final SnapshotPosition position)
    {
        if (core.outboxSize() != 0 || core.symbols().size() != 0 || core.traces().size() != 0 ||
            core.trustedOperators() != 0)
        {
            throw new IllegalStateException("a snapshot restores a freshly constructed core only");
        }
        try
        {
            reading.restore(core, image, length, position);
        }
        catch (final IllegalArgumentException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            // Bounds and codec errors of an image that passed its checksum: a writer bug, reported the same way.
            throw new IllegalArgumentException("snapshot does not decode: " + ex, ex);
        }
    }

    private int writeValues(final ExecutionCore core, final short table, final int count,
        final MutableDirectBuffer dst, final int from)
    {
        int at = from;
        int done = 0;
        do
        {
            final int chunk = Math.min(CHUNK, count - done);
            final SnapshotValuesEncoder.ValuesEncoder values = valuesEncoder.wrapAndApplyHeader(dst, at, headerEncoder)
                .table(table).valuesCount(chunk);
            for (int i = 0; i < chunk; i++)
            {
                values.next().value(value(core, table, done + i));
            }
            done += chunk;
            at += MessageHeaderEncoder.ENCODED_LENGTH + valuesEncoder.encodedLength();
        }
        while (done < count);
        return at;
    }

    private static long value(final ExecutionCore core, final short table, final int i)
    {
        switch (table)
        {
            case RATE_SENDS:
                return core.rateWindow().sendTimeNs(i);
            case BREACHES:
                return core.autoPause().breachNs(i);
            case QUERIES:
                return core.reconciler().queryOrder(i);
            case FREE_IDS:
                return core.outbox().keys().freeId(i);
            case FINISHED:
                return core.outbox().finishedId(i);
            default:
                return core.outbox().finishedAtNs(core.outbox().finishedId(i));
        }
    }

    private int writeSymbols(final SymbolBook symbols, final MutableDirectBuffer dst, final int from)
    {
        int at = from;
        for (int done = 0; done < symbols.size(); )
        {
            final int chunk = Math.min(CHUNK, symbols.size() - done);
            final SnapshotSymbolsEncoder.SymbolsEncoder group =
                symbolsEncoder.wrapAndApplyHeader(dst, at, headerEncoder).symbolsCount(chunk);
            for (int id = done; id < done + chunk; id++)
            {
                symbols.symbolBytes(id, symbol);
                final Position position = symbols.positionOf(id);
                group.next().putSymbol(symbol, 0).qty(position.qty()).cost(position.cost())
                    .realisedPnl(position.realisedPnl()).roundTripPnl(position.roundTripPnl())
                    .openBuyQty(symbols.openQty(id, 1)).openSellQty(symbols.openQty(id, -1))
                    .lastFillPrice(symbols.lastFillPrice(id)).lossStreak(symbols.lossStreak(id));
            }
            done += chunk;
            at += MessageHeaderEncoder.ENCODED_LENGTH + symbolsEncoder.encodedLength();
        }
        return at;
    }

    private int writeTraces(final TraceBook traces, final MutableDirectBuffer dst, final int from)
    {
        int at = from;
        for (int done = 0; done < traces.size(); )
        {
            final int chunk = Math.min(CHUNK, traces.size() - done);
            final SnapshotTracesEncoder.TracesEncoder group =
                tracesEncoder.wrapAndApplyHeader(dst, at, headerEncoder).tracesCount(chunk);
            for (int id = done; id < done + chunk; id++)
            {
                traces.traceBytes(id, trace);
                group.next().putTraceId(trace, 0).sentNotional(traces.sentNotional(id));
            }
            done += chunk;
            at += MessageHeaderEncoder.ENCODED_LENGTH + tracesEncoder.encodedLength();
        }
        return at;
    }

    private int writeOrders(final Outbox outbox, final MutableDirectBuffer dst, final int from)
    {
        int at = from;
        int id = 0;
        for (int done = 0; done < outbox.size(); )
        {
            final int chunk = Math.min(CHUNK, outbox.size() - done);
            final SnapshotOrdersEncoder.OrdersEncoder group =
                ordersEncoder.wrapAndApplyHeader(dst, at, headerEncoder).ordersCount(chunk);
            for (int written = 0; written < chunk; written++, id++)
            {
                while (!outbox.isLive(id))
                {
                    id++;
                }
                outbox.keyBytes(id, key);
                group.next().putIdempotencyKey(key, 0, key.length)
                    .symbolRef(outbox.symbolId(id)).traceRef(outbox.traceId(id))
                    .side(outbox.side(id)).orderType(outbox.orderType(id)).timeInForce(outbox.timeInForce(id))
                    .state(outbox.state(id)).acked(outbox.acked(id) ? BooleanType.TRUE : BooleanType.FALSE)
                    .qty(outbox.qty(id)).price(outbox.price(id)).cumQty(outbox.cumQty(id))
                    .fillNotionalHigh(outbox.fillNotionalHigh(id)).fillNotionalLow(outbox.fillNotionalLow(id))
                    .brokerOrderId(outbox.brokerOrderId(id)).firstInputIndex(outbox.firstInputIndex(id))
                    .createdTsNs(outbox.createdTsNs(id)).sentNs(outbox.sentNs(id)).attempts(outbox.attempts(id))
                    .pendingQueryId(outbox.pendingQueryId(id)).queriedAttempts(outbox.queriedAttempts(id)).entry(id);
            }
            done += chunk;
            at += MessageHeaderEncoder.ENCODED_LENGTH + ordersEncoder.encodedLength();
        }
        return at;
    }

    /** CRC32C of the image after the header's checksum field, as {@link #seal} stores and a reader checks it. */
    static int checksum(final DirectBuffer image, final int length)
    {
        final CRC32C crc = new CRC32C();
        final byte[] array = image.byteArray();
        if (null != array)
        {
            crc.update(array, (int)(image.addressOffset() - org.agrona.BufferUtil.ARRAY_BASE_OFFSET) + CHECKED_FROM,
                length - CHECKED_FROM);
        }
        else
        {
            final byte[] copy = new byte[length - CHECKED_FROM];
            image.getBytes(CHECKED_FROM, copy);
            crc.update(copy, 0, copy.length);
        }
        return (int)crc.getValue();
    }
}

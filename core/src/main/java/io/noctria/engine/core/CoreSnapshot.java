package io.noctria.engine.core;

import io.noctria.codecs.Position;
import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.BooleanType;
import io.noctria.codecs.sbe.CoreSnapshotDecoder;
import io.noctria.codecs.sbe.CoreSnapshotEncoder;
import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.codecs.sbe.SnapshotHeaderDecoder;
import io.noctria.codecs.sbe.SnapshotHeaderEncoder;
import io.noctria.codecs.sbe.SnapshotOrdersDecoder;
import io.noctria.codecs.sbe.SnapshotOrdersEncoder;
import io.noctria.codecs.sbe.SnapshotSymbolsDecoder;
import io.noctria.codecs.sbe.SnapshotSymbolsEncoder;
import io.noctria.codecs.sbe.SnapshotTracesDecoder;
import io.noctria.codecs.sbe.SnapshotTracesEncoder;
import io.noctria.codecs.sbe.SnapshotValuesDecoder;
import io.noctria.codecs.sbe.SnapshotValuesEncoder;
import io.noctria.engine.config.AutoPauseSettings;
import io.noctria.engine.config.ConfigException;
import io.noctria.engine.config.RiskPolicy;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * the snapshot carries; anything that does not fit is refused with what and where. One instance per thread.
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
    private static final short RATE_SENDS = 1;
    private static final short BREACHES = 2;
    private static final short QUERIES = 3;
    private static final short FREE_IDS = 4;
    private static final short FINISHED = 5;
    private static final short FINISHED_AT = 6;
    private static final AlertCode[] ALERT_CODES = AlertCode.values();

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SnapshotHeaderEncoder snapshotHeader = new SnapshotHeaderEncoder();
    private final CoreSnapshotEncoder coreEncoder = new CoreSnapshotEncoder();
    private final SnapshotValuesEncoder valuesEncoder = new SnapshotValuesEncoder();
    private final SnapshotSymbolsEncoder symbolsEncoder = new SnapshotSymbolsEncoder();
    private final SnapshotTracesEncoder tracesEncoder = new SnapshotTracesEncoder();
    private final SnapshotOrdersEncoder ordersEncoder = new SnapshotOrdersEncoder();

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SnapshotHeaderDecoder snapshotHeaderDecoder = new SnapshotHeaderDecoder();
    private final CoreSnapshotDecoder coreDecoder = new CoreSnapshotDecoder();
    private final SnapshotValuesDecoder valuesDecoder = new SnapshotValuesDecoder();
    private final SnapshotSymbolsDecoder symbolsDecoder = new SnapshotSymbolsDecoder();
    private final SnapshotTracesDecoder tracesDecoder = new SnapshotTracesDecoder();
    private final SnapshotOrdersDecoder ordersDecoder = new SnapshotOrdersDecoder();

    private final byte[] key = new byte[IdempotencyKeys.KEY_LENGTH];
    private final byte[] trace = new byte[OrderTicket.TRACE_LENGTH];
    private final byte[] symbol = new byte[OrderTicket.SYMBOL_LENGTH];
    private final UnsafeBuffer keyView = new UnsafeBuffer(key);
    private final UnsafeBuffer traceView = new UnsafeBuffer(trace);
    private final UnsafeBuffer symbolView = new UnsafeBuffer(symbol);
    private final long[] traceWords = new long[TraceBook.WORDS];

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
        if (length < HEADER_LENGTH)
        {
            return "is " + length + " bytes, shorter than a snapshot header (" + HEADER_LENGTH + ")";
        }
        headerDecoder.wrap(image, 0);
        if (headerDecoder.templateId() != SnapshotHeaderDecoder.TEMPLATE_ID ||
            headerDecoder.schemaId() != SnapshotHeaderDecoder.SCHEMA_ID)
        {
            return "does not start with a SnapshotHeader (template " + headerDecoder.templateId() + ", schema " +
                headerDecoder.schemaId() + ")";
        }
        snapshotHeaderDecoder.wrap(image, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        if (snapshotHeaderDecoder.snapshotVersion() != VERSION)
        {
            return "has snapshot version " + snapshotHeaderDecoder.snapshotVersion() + "; this build reads " + VERSION;
        }
        if (snapshotHeaderDecoder.length() != length - HEADER_LENGTH)
        {
            return "announces " + snapshotHeaderDecoder.length() + " bytes after its header but holds " +
                (length - HEADER_LENGTH);
        }
        final int stored = (int)snapshotHeaderDecoder.crc32c();
        final int actual = checksum(image, length);
        if (stored != actual)
        {
            return "fails its checksum (CRC32C " + Integer.toHexString(stored) + " stored, " +
                Integer.toHexString(actual) + " computed)";
        }
        return null;
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
            restoreChecked(core, image, length, position);
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

    private void restoreChecked(final ExecutionCore core, final DirectBuffer image, final int length,
        final SnapshotPosition position)
    {
        int at = HEADER_LENGTH;
        expect(image, at, CoreSnapshotDecoder.TEMPLATE_ID, "CoreSnapshot");
        final CoreSnapshotDecoder head = coreDecoder.wrap(image, at + MessageHeaderDecoder.ENCODED_LENGTH,
            headerDecoder.blockLength(), headerDecoder.version());
        final byte[] digest = new byte[32];
        head.getStateHash(digest, 0, digest.length);
        position.frame(head.journalIndex(), (int)head.inputChecksum(), head.inputLength(), head.lastInboundIndex());
        position.stateDigest(digest);
        final boolean paused = head.paused() == BooleanType.TRUE;
        final int rateLimit = head.rateLimit();
        final long rateNowNs = head.rateNowNs();
        final long querySequence = head.querySequence();
        final long firstQueryId = head.firstQueryId();
        final int asked = head.reconcileAsked();
        final int pending = head.reconcilePending();
        final long autoPauseNowNs = head.autoPauseNowNs();
        final int breachCount = head.breachCount();
        final int breachHead = head.breachHead();
        final int trippedCode = head.trippedCode();
        final boolean rosterJournaled = head.rosterJournaled() == BooleanType.TRUE;
        final int rateSends = nonNegative(head.rateSendCount(), "rateSendCount");
        final int breachSlots = nonNegative(head.breachSlots(), "breachSlots");
        final int symbolCount = nonNegative(head.symbolCount(), "symbolCount");
        final int traceCount = nonNegative(head.traceCount(), "traceCount");
        final int orderCount = nonNegative(head.orderCount(), "orderCount");
        final int idLimit = nonNegative(head.outboxIdLimit(), "outboxIdLimit");
        final int freeIds = nonNegative(head.outboxFreeIds(), "outboxFreeIds");
        final int finishedCount = nonNegative(head.finishedCount(), "finishedCount");
        final long watermarkNs = head.watermarkNs();
        final long floorNs = head.floorNs();
        final long evicted = head.evicted();
        if (idLimit != orderCount + freeIds)
        {
            throw new IllegalArgumentException("outbox ids up to " + idLimit + " are not its " + orderCount +
                " entries and " + freeIds + " free ids");
        }

        final AutoPauseMonitor autoPause = core.autoPause();
        final CoreSnapshotDecoder.SlicesDecoder slices = head.slices();
        if (slices.count() != AutoPauseSettings.SLICES)
        {
            throw new IllegalArgumentException(slices.count() + " error-rate slices, not " + AutoPauseSettings.SLICES);
        }
        for (int slot = 0; slot < AutoPauseSettings.SLICES; slot++)
        {
            slices.next();
            autoPause.restoreSlice(slot, slices.number(), slices.requests(), slices.errors());
        }
        final CoreSnapshotDecoder.OutcomesDecoder outcomeGroup = head.outcomes();
        final int[] outcomes = new int[outcomeGroup.count()];
        for (int kind = 0; kind < outcomes.length; kind++)
        {
            outcomes[kind] = outcomeGroup.next().orders();
        }
        final ControlGuard guard = core.controlGuard();
        guard.restoreRosterJournaled(rosterJournaled);
        final byte[] name = new byte[32];
        final byte[] rawKey = new byte[ControlSignatures.PUBLIC_KEY_LENGTH];
        for (final CoreSnapshotDecoder.RosterDecoder entry : head.roster())
        {
            entry.getOperatorName(name, 0);
            entry.getPublicKey(rawKey, 0, rawKey.length);
            guard.restoreOperator(name, rawKey);
        }
        final byte[] signature = new byte[ControlSignatures.SIGNATURE_LENGTH];
        for (final CoreSnapshotDecoder.AcceptedControlsDecoder entry : head.acceptedControls())
        {
            entry.getSignature(signature, 0, signature.length);
            guard.restoreAccepted(entry.submittedNs(), signature);
        }
        final String source = head.policySource();
        final byte[] yaml = new byte[head.policyLength()];
        head.getPolicy(yaml, 0, yaml.length);
        final byte[] reason = new byte[head.autoPauseReasonLength()];
        head.getAutoPauseReason(reason, 0, reason.length);
        final int reportLength = head.lastBrokerReportLength();
        position.reportBuffer().checkLimit(reportLength);
        head.getLastBrokerReport(position.reportBuffer(), 0, reportLength);
        position.reportLength(reportLength);
        at += MessageHeaderDecoder.ENCODED_LENGTH + head.encodedLength();

        final RiskPolicy policy;
        try
        {
            policy = RiskPolicy.parse(source, yaml);
        }
        catch (final ConfigException ex)
        {
            throw new IllegalArgumentException("its policy in force does not load: " + ex.getMessage(), ex);
        }
        core.controls().restore(policy, paused);

        final long[] sends = new long[rateSends];
        at = readValues(image, at, RATE_SENDS, sends);
        core.rateWindow().restore(rateLimit, rateNowNs, sends, rateSends);
        if (breachSlots != autoPause.breachSlots())
        {
            throw new IllegalArgumentException("a slippage ring of " + breachSlots + " slots where this configuration " +
                "has " + autoPause.breachSlots() + " (auto_pause.slippage.breaches changed)");
        }
        final long[] breaches = new long[breachSlots];
        at = readValues(image, at, BREACHES, breaches);
        for (int slot = 0; slot < breachSlots; slot++)
        {
            autoPause.restoreBreach(slot, breaches[slot]);
        }
        autoPause.restore(autoPauseNowNs, breachCount, breachHead, alertCode(trippedCode), reason, reason.length);
        final long[] queries = new long[asked];
        at = readValues(image, at, QUERIES, queries);
        final long[] free = new long[freeIds];
        at = readValues(image, at, FREE_IDS, free);
        final long[] finished = new long[finishedCount];
        at = readValues(image, at, FINISHED, finished);
        final long[] finishedAt = new long[finishedCount];
        at = readValues(image, at, FINISHED_AT, finishedAt);

        at = readSymbols(image, at, core.symbols(), symbolCount, policy);
        at = readTraces(image, at, core.traces(), traceCount);
        at = readOrders(image, at, core, orderCount, idLimit);
        restoreFreeIds(core.outbox(), free);
        final int[] finishedIds = new int[finishedCount];
        for (int i = 0; i < finishedCount; i++)
        {
            finishedIds[i] = (int)finished[i];
        }
        core.outbox().restoreHorizon(watermarkNs, floorNs, evicted, finishedIds, finishedAt, finishedCount);
        if (at != length)
        {
            throw new IllegalArgumentException((length - at) + " bytes after the last chunk");
        }
        final int[] queryOrders = new int[asked];
        for (int i = 0; i < asked; i++)
        {
            queryOrders[i] = (int)queries[i];
        }
        core.reconciler().restore(querySequence, firstQueryId, asked, pending, outcomes, queryOrders);

        final byte[] rebuilt = core.stateDigest();
        if (!Arrays.equals(rebuilt, digest))
        {
            throw new IllegalArgumentException("rebuilds state " + hex(rebuilt) + ", not the " + hex(digest) +
                " it was taken at");
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

    private int readValues(final DirectBuffer image, final int from, final short table, final long[] into)
    {
        int at = from;
        int done = 0;
        do
        {
            expect(image, at, SnapshotValuesDecoder.TEMPLATE_ID, "SnapshotValues");
            valuesDecoder.wrap(image, at + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
                headerDecoder.version());
            if (valuesDecoder.table() != table)
            {
                throw new IllegalArgumentException("SnapshotValues of table " + valuesDecoder.table() + " at byte " + at +
                    " where table " + table + " was due");
            }
            final SnapshotValuesDecoder.ValuesDecoder values = valuesDecoder.values();
            if (values.count() > into.length - done || (values.count() == 0 && done < into.length))
            {
                throw new IllegalArgumentException("table " + table + " holds more or fewer than its " + into.length +
                    " values");
            }
            for (final SnapshotValuesDecoder.ValuesDecoder value : values)
            {
                into[done++] = value.value();
            }
            at += MessageHeaderDecoder.ENCODED_LENGTH + valuesDecoder.encodedLength();
        }
        while (done < into.length);
        return at;
    }

    private int readSymbols(final DirectBuffer image, final int from, final SymbolBook symbols, final int count,
        final RiskPolicy policy)
    {
        int at = from;
        while (symbols.size() < count)
        {
            expect(image, at, SnapshotSymbolsDecoder.TEMPLATE_ID, "SnapshotSymbols");
            symbolsDecoder.wrap(image, at + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
                headerDecoder.version());
            final SnapshotSymbolsDecoder.SymbolsDecoder group = symbolsDecoder.symbols();
            if (group.count() == 0 || group.count() > count - symbols.size())
            {
                throw new IllegalArgumentException("a symbols chunk of " + group.count() + " where " +
                    (count - symbols.size()) + " remain");
            }
            for (final SnapshotSymbolsDecoder.SymbolsDecoder entry : group)
            {
                entry.getSymbol(symbol, 0);
                final long w0 = symbolView.getLong(0, ByteOrder.LITTLE_ENDIAN);
                final long w1 = symbolView.getLong(8, ByteOrder.LITTLE_ENDIAN);
                if (symbols.find(w0, w1) >= 0)
                {
                    throw new IllegalArgumentException("symbol " + printable(symbol) + " appears twice");
                }
                final int id = symbols.add(w0, w1, policy);
                symbols.positionOf(id).restore(entry.qty(), entry.cost(), entry.realisedPnl(), entry.roundTripPnl());
                symbols.restore(id, entry.openBuyQty(), entry.openSellQty(), entry.lastFillPrice(), entry.lossStreak());
            }
            at += MessageHeaderDecoder.ENCODED_LENGTH + symbolsDecoder.encodedLength();
        }
        return at;
    }

    private int readTraces(final DirectBuffer image, final int from, final TraceBook traces, final int count)
    {
        int at = from;
        while (traces.size() < count)
        {
            expect(image, at, SnapshotTracesDecoder.TEMPLATE_ID, "SnapshotTraces");
            tracesDecoder.wrap(image, at + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
                headerDecoder.version());
            final SnapshotTracesDecoder.TracesDecoder group = tracesDecoder.traces();
            if (group.count() == 0 || group.count() > count - traces.size())
            {
                throw new IllegalArgumentException("a traces chunk of " + group.count() + " where " +
                    (count - traces.size()) + " remain");
            }
            for (final SnapshotTracesDecoder.TracesDecoder entry : group)
            {
                entry.getTraceId(trace, 0);
                for (int w = 0; w < TraceBook.WORDS; w++)
                {
                    traceWords[w] = traceView.getLong(8 * w, ByteOrder.LITTLE_ENDIAN);
                }
                if (traces.find(traceWords) >= 0)
                {
                    throw new IllegalArgumentException("trace " + printable(trace) + " appears twice");
                }
                final int id = traces.add(traceWords);
                traces.addSentNotional(id, entry.sentNotional());
            }
            at += MessageHeaderDecoder.ENCODED_LENGTH + tracesDecoder.encodedLength();
        }
        return at;
    }

    /**
     * Adds the entries in id order; an id with no entry (freed by the dedupe horizon) gets a placeholder, removed
     * again by {@link #restoreFreeIds}, so every entry keeps its id and the free ids their reuse order.
     */
    private int readOrders(final DirectBuffer image, final int from, final ExecutionCore core, final int count,
        final int idLimit)
    {
        final Outbox outbox = core.outbox();
        final int symbols = core.symbols().size();
        final int traces = core.traces().size();
        int at = from;
        int nextId = 0;
        int read = 0;
        while (read < count)
        {
            expect(image, at, SnapshotOrdersDecoder.TEMPLATE_ID, "SnapshotOrders");
            ordersDecoder.wrap(image, at + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
                headerDecoder.version());
            final SnapshotOrdersDecoder.OrdersDecoder group = ordersDecoder.orders();
            if (group.count() == 0 || group.count() > count - read)
            {
                throw new IllegalArgumentException("an orders chunk of " + group.count() + " where " +
                    (count - read) + " remain");
            }
            for (final SnapshotOrdersDecoder.OrdersDecoder entry : group)
            {
                final int entryId = entry.entry();
                if (entryId < nextId || entryId >= idLimit)
                {
                    throw new IllegalArgumentException("outbox entry " + read + " has id " + entryId + " after id " +
                        (nextId - 1) + " (ids below " + idLimit + ")");
                }
                while (nextId < entryId)
                {
                    addPlaceholder(outbox, nextId++);
                }
                entry.getIdempotencyKey(key, 0, key.length);
                final long k0 = keyView.getLong(0, ByteOrder.LITTLE_ENDIAN);
                final long k1 = keyView.getLong(8, ByteOrder.LITTLE_ENDIAN);
                final long k2 = keyView.getLong(16, ByteOrder.LITTLE_ENDIAN);
                final long k3 = keyView.getLong(24, ByteOrder.LITTLE_ENDIAN);
                final int symbolRef = entry.symbolRef();
                final int traceRef = entry.traceRef();
                final EngineOrderState state = entry.state();
                if (outbox.isFull() || outbox.find(k0, k1, k2, k3) >= 0 || symbolRef < 0 || symbolRef >= symbols ||
                    traceRef < 0 || traceRef >= traces || state == EngineOrderState.NULL_VAL)
                {
                    throw new IllegalArgumentException("outbox entry " + entryId + " does not fit this outbox, " +
                        "repeats a key or names symbol " + symbolRef + " of " + symbols + ", trace " + traceRef +
                        " of " + traces + ", state " + entry.stateRaw());
                }
                final int id = outbox.add(k0, k1, k2, k3, symbolRef, traceRef, (byte)entry.side(),
                    (byte)entry.orderType(), (byte)entry.timeInForce(), entry.qty(), entry.price(),
                    entry.firstInputIndex(), entry.createdTsNs());
                if (id != nextId++)
                {
                    throw new IllegalStateException("outbox handed out id " + id + " for entry " + entryId);
                }
                outbox.restoreState(id, state);
                outbox.acked(id, entry.acked() == BooleanType.TRUE);
                outbox.restoreFills(id, entry.cumQty(), entry.fillNotionalHigh(), entry.fillNotionalLow());
                outbox.brokerOrderId(id, entry.brokerOrderId());
                outbox.sentNs(id, entry.sentNs());
                outbox.attempts(id, entry.attempts());
                outbox.pendingQuery(id, entry.pendingQueryId(), entry.queriedAttempts());
                read++;
            }
            at += MessageHeaderDecoder.ENCODED_LENGTH + ordersDecoder.encodedLength();
        }
        while (nextId < idLimit)
        {
            addPlaceholder(outbox, nextId++);
        }
        return at;
    }

    /** Holds id {@code id} with a key no idempotency key collides with in practice, until it is freed. */
    private static void addPlaceholder(final Outbox outbox, final int id)
    {
        final long k0 = 0x5EED_0000_0000_0000L | id;
        if (outbox.isFull() || outbox.find(k0, -1, -1, -1) >= 0)
        {
            throw new IllegalArgumentException("outbox id " + id + " cannot be held for its free slot");
        }
        final int got = outbox.add(k0, -1, -1, -1, 0, 0, (byte)0, (byte)0, (byte)0, 0, 0, -1, 0);
        if (got != id)
        {
            throw new IllegalStateException("outbox handed out id " + got + " for free id " + id);
        }
    }

    /** Frees the placeholders in stack order, bottom first, so the next reused id is the one the snapshot's was. */
    private static void restoreFreeIds(final Outbox outbox, final long[] free)
    {
        for (final long value : free)
        {
            final int id = (int)value;
            if (value < 0 || value >= outbox.idLimit() || !outbox.isLive(id) || outbox.firstInputIndex(id) != -1 ||
                outbox.pendingQueryId(id) != 0 || (outbox.keys().find(placeholderKey(id), 0) != id))
            {
                throw new IllegalArgumentException("free outbox id " + value + " is not a free id of this snapshot");
            }
            outbox.keys().release(id);
        }
    }

    private static long[] placeholderKey(final int id)
    {
        return new long[] {0x5EED_0000_0000_0000L | id, -1, -1, -1};
    }

    /** Wraps the message header at {@code at} and requires the template; {@link #headerDecoder} then holds it. */
    private void expect(final DirectBuffer image, final int at, final int templateId, final String name)
    {
        headerDecoder.wrap(image, at);
        if (headerDecoder.templateId() != templateId || headerDecoder.schemaId() != CoreSnapshotDecoder.SCHEMA_ID)
        {
            throw new IllegalArgumentException("template " + headerDecoder.templateId() + " of schema " +
                headerDecoder.schemaId() + " at byte " + at + " where a " + name + " was due");
        }
    }

    private static int nonNegative(final int value, final String field)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException(field + " is " + value);
        }
        return value;
    }

    private static AlertCode alertCode(final int value)
    {
        if (value < 0)
        {
            return null;
        }
        for (final AlertCode code : ALERT_CODES)
        {
            if (code.value() == value && code != AlertCode.NULL_VAL)
            {
                return code;
            }
        }
        throw new IllegalArgumentException("trippedCode " + value + " is not an AlertCode");
    }

    private static int checksum(final DirectBuffer image, final int length)
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

    private static String printable(final byte[] field)
    {
        return new String(field, StandardCharsets.US_ASCII).replace('\0', ' ').trim();
    }

    private static String hex(final byte[] digest)
    {
        final StringBuilder out = new StringBuilder(16);
        for (int i = 0; i < 8; i++)
        {
            out.append(Character.forDigit((digest[i] >> 4) & 0xF, 16)).append(Character.forDigit(digest[i] & 0xF, 16));
        }
        return out.toString();
    }
}

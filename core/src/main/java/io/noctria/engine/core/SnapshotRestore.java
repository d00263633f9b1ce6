package io.noctria.engine.core;

import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.BooleanType;
import io.noctria.codecs.sbe.CoreSnapshotDecoder;
import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.SnapshotHeaderDecoder;
import io.noctria.codecs.sbe.SnapshotOrdersDecoder;
import io.noctria.codecs.sbe.SnapshotSymbolsDecoder;
import io.noctria.codecs.sbe.SnapshotTracesDecoder;
import io.noctria.codecs.sbe.SnapshotValuesDecoder;
import io.noctria.engine.config.AutoPauseSettings;
import io.noctria.engine.config.ConfigException;
import io.noctria.engine.config.RiskPolicy;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The reading half of {@link CoreSnapshot}: checks that an image is a whole snapshot of this layout version, then
 * rebuilds a fresh core from it chunk by chunk, refusing what does not fit with what and where, and finally holds
 * the rebuilt state's digest against the one the image carries. Cold path (start-up); one instance per thread.
 */
final class SnapshotRestore
{
    private static final AlertCode[] ALERT_CODES = AlertCode.values();

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
     * @return why {@code image[0, length)} is not a whole snapshot of this layout version (too short, not a
     * snapshot header, another version, a length or checksum that does not match), or null when it is.
     */
    String problem(final DirectBuffer image, final int length)
    {
        if (length < CoreSnapshot.HEADER_LENGTH)
        {
            return "is " + length + " bytes, shorter than a snapshot header (" + CoreSnapshot.HEADER_LENGTH + ")";
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
        if (snapshotHeaderDecoder.snapshotVersion() != CoreSnapshot.VERSION)
        {
            return "has snapshot version " + snapshotHeaderDecoder.snapshotVersion() + "; this build reads " +
                CoreSnapshot.VERSION;
        }
        if (snapshotHeaderDecoder.length() != length - CoreSnapshot.HEADER_LENGTH)
        {
            return "announces " + snapshotHeaderDecoder.length() + " bytes after its header but holds " +
                (length - CoreSnapshot.HEADER_LENGTH);
        }
        final int stored = (int)snapshotHeaderDecoder.crc32c();
        final int actual = CoreSnapshot.checksum(image, length);
        if (stored != actual)
        {
            return "fails its checksum (CRC32C " + Integer.toHexString(stored) + " stored, " +
                Integer.toHexString(actual) + " computed)";
        }
        return null;
    }

    /**
     * Rebuilds a fresh {@code core} from an image {@link #problem} accepted and fills {@code position}; see
     * {@link CoreSnapshot#restore}, which checks the core is fresh and reports codec faults the same way.
     *
     * @throws IllegalArgumentException naming what does not fit.
     */
    void restore(final ExecutionCore core, final DirectBuffer image, final int length,
        final SnapshotPosition position)
    {
        int at = CoreSnapshot.HEADER_LENGTH;
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
        at = readValues(image, at, CoreSnapshot.RATE_SENDS, sends);
        core.rateWindow().restore(rateLimit, rateNowNs, sends, rateSends);
        if (breachSlots != autoPause.breachSlots())
        {
            throw new IllegalArgumentException("a slippage ring of " + breachSlots + " slots where this configuration " +
                "has " + autoPause.breachSlots() + " (auto_pause.slippage.breaches changed)");
        }
        final long[] breaches = new long[breachSlots];
        at = readValues(image, at, CoreSnapshot.BREACHES, breaches);
        for (int slot = 0; slot < breachSlots; slot++)
        {
            autoPause.restoreBreach(slot, breaches[slot]);
        }
        autoPause.restore(autoPauseNowNs, breachCount, breachHead, alertCode(trippedCode), reason, reason.length);
        final long[] queries = new long[asked];
        at = readValues(image, at, CoreSnapshot.QUERIES, queries);
        final long[] free = new long[freeIds];
        at = readValues(image, at, CoreSnapshot.FREE_IDS, free);
        final long[] finished = new long[finishedCount];
        at = readValues(image, at, CoreSnapshot.FINISHED, finished);
        final long[] finishedAt = new long[finishedCount];
        at = readValues(image, at, CoreSnapshot.FINISHED_AT, finishedAt);

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
            fits("a symbols chunk", group.count(), count - symbols.size());
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
            fits("a traces chunk", group.count(), count - traces.size());
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
            fits("an orders chunk", group.count(), count - read);
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

    /** Refuses a chunk that is empty or holds more entries than remain of the count the CoreSnapshot announced. */
    private static void fits(final String chunk, final int entries, final int remaining)
    {
        if (entries == 0 || entries > remaining)
        {
            throw new IllegalArgumentException(chunk + " of " + entries + " where " + remaining + " remain");
        }
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

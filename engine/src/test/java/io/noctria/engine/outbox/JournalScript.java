package io.noctria.engine.outbox;

import io.noctria.codecs.EventEncoder;
import io.noctria.codecs.sbe.*;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * Appends real Noctria events, encoded by the codecs test-jar's {@link EventEncoder}, to the journal of a data
 * directory: what the engine's business thread writes, one call per event, each returning the excerpt's journal
 * index.
 * OutboxRecorded and DuplicateSuppressed are written in their schema-2 form (they copy their request's trace id
 * and key), which the mirror folds as it folds the engine's schema-3 frames.
 * Orders are named by a small integer; {@link #key}, {@link #trace} and {@link #clOrdId} derive the rest.
 */
final class JournalScript implements AutoCloseable
{
    static final String SYMBOL = "USDJPY";
    static final long PRICE = 150_250_000L;
    /** The quantity of the tests' usual order: 4 units. */
    static final long QTY = 4_000_000L;

    private final Journal journal;
    private final EventEncoder events = new EventEncoder();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final OutboxRecordedEncoder recordedV3 = new OutboxRecordedEncoder();
    private final io.noctria.journal.JournalFrame frame = new io.noctria.journal.JournalFrame(1024);
    private long now;

    private JournalScript(final Journal journal, final long startNs)
    {
        this.journal = journal;
        this.now = startNs;
    }

    /** Opens (creating) {@code <dataDir>/journal} for appending, continuing after what it holds. */
    static JournalScript open(final Path dataDir)
    {
        // Times keep increasing across reopenings, as the engine's stamps do.
        return open(dataDir, System.currentTimeMillis() * 1_000_000L);
    }

    /** Opens (creating) {@code <dataDir>/journal}; the first event is stamped just after {@code startNs}. */
    static JournalScript open(final Path dataDir, final long startNs)
    {
        final Journal journal = Journal.open(new DataDirectory(dataDir).queue(DataDirectory.JOURNAL), JournalConfig.defaults());
        return new JournalScript(journal, startNs);
    }

    /** @return a distinctive 32-byte key for order {@code n}: {@code n} itself, then a pattern of it. */
    static byte[] key(final int n)
    {
        final byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++)
        {
            key[i] = i < Integer.BYTES ? (byte)(n >>> (8 * i)) : (byte)(n * 131 + i * 17 + 5);
        }
        return key;
    }

    static String trace(final int n)
    {
        return "trace-" + n;
    }

    /** @return order {@code n}'s ClOrdID, derived from its key as the engine derives every one. */
    static String clOrdId(final int n)
    {
        return io.noctria.engine.core.IdempotencyKeys.clOrdId(new UnsafeBuffer(key(n)), 0);
    }

    /** @return the underlying journal: its thread-binding and last index. */
    Journal journal()
    {
        return journal;
    }

    long orderRequest(final int n, final long qty)
    {
        return append(events.orderRequest(n, tick(), trace(n), key(n), Side.BUY, qty, PRICE));
    }

    long outboxRecorded(final int n, final long inputIndex, final Side side, final long qty, final long price)
    {
        return append(events.outboxRecorded(tick(), inputIndex, SYMBOL, side, qty, price, orderType(n),
            timeInForce(n), trace(n), clOrdId(n), key(n)));
    }

    long duplicateSuppressed(final int n, final long inputIndex, final long firstInputIndex)
    {
        return append(events.duplicateSuppressed(tick(), inputIndex, firstInputIndex, trace(n), key(n)));
    }

    long orderSent(final int n, final long inputIndex, final int attempt, final Side side, final long qty, final long price)
    {
        return append(events.orderSent(tick(), inputIndex, attempt, SYMBOL, side, qty, price, orderType(n),
            timeInForce(n), trace(n), clOrdId(n), key(n)));
    }

    long brokerAck(final int n, final long brokerOrderId)
    {
        return append(events.brokerAck(tick(), brokerOrderId, clOrdId(n), trace(n), key(n)));
    }

    long fill(final int n, final long brokerOrderId, final long fillQty, final long fillPrice, final FillType type)
    {
        final long tsNs = tick();
        return append(events.fill(tsNs, brokerOrderId, tsNs, fillQty, fillPrice, 0, 0, type, clOrdId(n), trace(n),
            key(n)));
    }

    long brokerReject(final int n)
    {
        return append(events.brokerReject(tick(), clOrdId(n), trace(n), key(n), "no liquidity \"now\""));
    }

    long expired(final int n, final long brokerOrderId)
    {
        return append(events.expired(tick(), brokerOrderId, 0, clOrdId(n), trace(n), key(n)));
    }

    long canceled(final int n, final long brokerOrderId)
    {
        return append(events.canceled(tick(), brokerOrderId, 0, clOrdId(n), trace(n), key(n)));
    }

    long sendFailed(final int n, final int attempt, final boolean finalAttempt)
    {
        return sendFailed(n, attempt, finalAttempt, BrokerErrorCode.TIMEOUT);
    }

    /** The engine's alert on giving up a send (it follows the SendFailed it answers). */
    long sendFailedAlert(final int n)
    {
        return append(events.alert(tick(), 0, AlertCode.SEND_FAILED, Severity.CRITICAL, RiskRule.NONE, trace(n),
            "send of ClOrdID " + clOrdId(n) + " gave up"));
    }

    long sendFailed(final int n, final int attempt, final boolean finalAttempt, final BrokerErrorCode error)
    {
        return append(events.sendFailed(tick(), attempt, finalAttempt, error, clOrdId(n), trace(n), key(n)));
    }

    long orderReconciled(final int n, final EngineOrderState after, final long adoptedQty, final long adoptedPrice,
        final long brokerOrderId)
    {
        return append(events.orderReconciled(tick(), n,
            adoptedQty > 0 ? ReconcileOutcome.ADOPTED : ReconcileOutcome.CONFIRMED, after, adoptedQty, adoptedPrice,
            brokerOrderId, clOrdId(n), trace(n), key(n)));
    }

    long engineStarted()
    {
        return append(events.engineStarted(tick()));
    }

    /** @return index of an excerpt of a foreign schema: what a reader reports as invalid. */
    long foreignExcerpt()
    {
        return append(EventEncoder.foreignSchema());
    }

    /**
     * One complete order: request, record, send, ack, a partial and a full fill.
     *
     * @return index of the full fill (the order's last event).
     */
    long filledOrder(final int n, final long qty)
    {
        final long input = orderRequest(n, qty);
        outboxRecorded(n, input, Side.BUY, qty, PRICE);
        orderSent(n, input, 1, Side.BUY, qty, PRICE);
        brokerAck(n, 9_000 + n);
        fill(n, 9_000 + n, qty / 4, PRICE + 10_000, FillType.PARTIAL);
        return fill(n, 9_000 + n, qty - qty / 4, PRICE + 20_000, FillType.FULL);
    }

    @Override
    public void close()
    {
        journal.close();
    }

    private long tick()
    {
        now += 1_000;
        return now;
    }

    /**
     * Order {@code n}'s request and the schema-3 OutboxRecorded that refers to it, as ONE frame (as the engine's
     * business thread writes them).
     *
     * @return the frame's index.
     */
    long requestRecordedFrame(final int n)
    {
        final byte[] request = events.orderRequest(n, tick(), trace(n), key(n), Side.BUY, QTY, PRICE);
        final long index = journal.beginFrame();
        frame.reset().add(new UnsafeBuffer(request), 0, request.length);
        final int recordedLength = MessageHeaderEncoder.ENCODED_LENGTH + recordedV3.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tick()).inputIndex(index).qty(QTY).price(PRICE).side(Side.BUY).orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.DAY).encodedLength();
        frame.add(buffer, 0, recordedLength);
        return journal.commitFrame(frame);
    }

    private long append(final byte[] message)
    {
        return journal.append(new UnsafeBuffer(message), 0, message.length);
    }

    /** Orders alternate LIMIT and MARKET, and every third is IOC, so the mirror's copies of both fields show. */
    private static OrderType orderType(final int n)
    {
        return n % 2 == 0 ? OrderType.LIMIT : OrderType.MARKET;
    }

    private static TimeInForce timeInForce(final int n)
    {
        return n % 3 == 0 ? TimeInForce.IOC : TimeInForce.DAY;
    }
}

package io.noctria.engine.outbox;

import io.noctria.codecs.sbe.*;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.agrona.ExpandableArrayBuffer;

import java.nio.file.Path;

/**
 * Appends real Noctria events, encoded with the generated SBE encoders, to the journal of a data directory:
 * what the engine's business thread writes, one call per event, each returning the excerpt's journal index.
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
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final OrderRequestEncoder orderRequest = new OrderRequestEncoder();
    private final OutboxRecordedV2Encoder outboxRecorded = new OutboxRecordedV2Encoder();
    private final OutboxRecordedEncoder recordedV3 = new OutboxRecordedEncoder();
    private final io.noctria.journal.JournalFrame frame = new io.noctria.journal.JournalFrame(1024);
    private final AlertEncoder alert = new AlertEncoder();
    private final DuplicateSuppressedV2Encoder duplicateSuppressed = new DuplicateSuppressedV2Encoder();
    private final OrderSentEncoder orderSent = new OrderSentEncoder();
    private final BrokerAckEncoder brokerAck = new BrokerAckEncoder();
    private final FillEncoder fill = new FillEncoder();
    private final BrokerRejectEncoder brokerReject = new BrokerRejectEncoder();
    private final ExpiredEncoder expired = new ExpiredEncoder();
    private final CanceledEncoder canceled = new CanceledEncoder();
    private final SendFailedEncoder sendFailed = new SendFailedEncoder();
    private final EngineStartedEncoder engineStarted = new EngineStartedEncoder();
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
        return io.noctria.engine.core.IdempotencyKeys.clOrdId(new org.agrona.concurrent.UnsafeBuffer(key(n)), 0);
    }

    /** @return the underlying journal: its thread-binding and last index. */
    Journal journal()
    {
        return journal;
    }

    long orderRequest(final int n, final long qty)
    {
        final byte[] key = key(n);
        orderRequest.wrapAndApplyHeader(buffer, 0, header)
            .inboundIndex(n)
            .ingressNs(tick())
            .clientTsNs(now - 500_000)
            .qty(qty)
            .price(PRICE)
            .missingRatio(0)
            .dataLagMs(5)
            .side(Side.BUY)
            .orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.DAY)
            .keyPresent(BooleanType.TRUE)
            .symbol(SYMBOL)
            .traceId(trace(n))
            .strategy("carry")
            .putIdempotencyKey(key, 0, key.length);
        return append(orderRequest.encodedLength());
    }

    long outboxRecorded(final int n, final long inputIndex, final Side side, final long qty, final long price)
    {
        final byte[] key = key(n);
        outboxRecorded.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tick())
            .inputIndex(inputIndex)
            .qty(qty)
            .price(price)
            .side(side)
            .orderType(n % 2 == 0 ? OrderType.LIMIT : OrderType.MARKET)
            .timeInForce(n % 3 == 0 ? TimeInForce.IOC : TimeInForce.DAY)
            .symbol(SYMBOL)
            .traceId(trace(n))
            .clOrdId(clOrdId(n))
            .putIdempotencyKey(key, 0, key.length);
        return append(outboxRecorded.encodedLength());
    }

    long duplicateSuppressed(final int n, final long inputIndex, final long firstInputIndex)
    {
        final byte[] key = key(n);
        duplicateSuppressed.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tick())
            .inputIndex(inputIndex)
            .firstInputIndex(firstInputIndex)
            .traceId(trace(n))
            .putIdempotencyKey(key, 0, key.length);
        return append(duplicateSuppressed.encodedLength());
    }

    long orderSent(final int n, final long inputIndex, final int attempt, final Side side, final long qty, final long price)
    {
        final byte[] key = key(n);
        orderSent.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tick())
            .inputIndex(inputIndex)
            .qty(qty)
            .price(price)
            .attempt(attempt)
            .side(side)
            .orderType(n % 2 == 0 ? OrderType.LIMIT : OrderType.MARKET)
            .timeInForce(n % 3 == 0 ? TimeInForce.IOC : TimeInForce.DAY)
            .symbol(SYMBOL)
            .traceId(trace(n))
            .clOrdId(clOrdId(n))
            .putIdempotencyKey(key, 0, key.length);
        return append(orderSent.encodedLength());
    }

    long brokerAck(final int n, final long brokerOrderId)
    {
        final byte[] key = key(n);
        brokerAck.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tick())
            .brokerTsNs(now - 100_000)
            .brokerOrderId(brokerOrderId)
            .clOrdId(clOrdId(n))
            .traceId(trace(n))
            .putIdempotencyKey(key, 0, key.length);
        return append(brokerAck.encodedLength());
    }

    long fill(final int n, final long brokerOrderId, final long fillQty, final long fillPrice, final FillType type)
    {
        final byte[] key = key(n);
        fill.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tick())
            .brokerTsNs(now - 100_000)
            .brokerOrderId(brokerOrderId)
            .execId(now)
            .fillQty(fillQty)
            .fillPrice(fillPrice)
            .cumQty(0)
            .leavesQty(0)
            .fillType(type)
            .liquidity(Liquidity.TAKER)
            .clOrdId(clOrdId(n))
            .traceId(trace(n))
            .putIdempotencyKey(key, 0, key.length);
        return append(fill.encodedLength());
    }

    long brokerReject(final int n)
    {
        final byte[] key = key(n);
        brokerReject.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tick())
            .brokerTsNs(now - 100_000)
            .reason(BrokerRejectReason.INSUFFICIENT_LIQUIDITY)
            .clOrdId(clOrdId(n))
            .traceId(trace(n))
            .putIdempotencyKey(key, 0, key.length)
            .text("no liquidity \"now\"");
        return append(brokerReject.encodedLength());
    }

    long expired(final int n, final long brokerOrderId)
    {
        final byte[] key = key(n);
        expired.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tick())
            .brokerTsNs(now - 100_000)
            .brokerOrderId(brokerOrderId)
            .cumQty(0)
            .clOrdId(clOrdId(n))
            .traceId(trace(n))
            .putIdempotencyKey(key, 0, key.length);
        return append(expired.encodedLength());
    }

    long canceled(final int n, final long brokerOrderId)
    {
        final byte[] key = key(n);
        canceled.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tick())
            .brokerTsNs(now - 100_000)
            .brokerOrderId(brokerOrderId)
            .cumQty(0)
            .clOrdId(clOrdId(n))
            .traceId(trace(n))
            .putIdempotencyKey(key, 0, key.length);
        return append(canceled.encodedLength());
    }

    long sendFailed(final int n, final int attempt, final boolean finalAttempt)
    {
        return sendFailed(n, attempt, finalAttempt, BrokerErrorCode.TIMEOUT);
    }

    /** The engine's alert on giving up a send (it follows the SendFailed it answers). */
    long sendFailedAlert(final int n)
    {
        alert.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tick())
            .inputIndex(0)
            .code(AlertCode.SEND_FAILED)
            .severity(Severity.CRITICAL)
            .rule(RiskRule.NONE)
            .policy("default")
            .traceId(trace(n))
            .message("send of ClOrdID " + clOrdId(n) + " gave up");
        return append(alert.encodedLength());
    }

    long sendFailed(final int n, final int attempt, final boolean finalAttempt, final BrokerErrorCode error)
    {
        final byte[] key = key(n);
        sendFailed.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tick())
            .retryAtNs(finalAttempt ? 0 : now + 1_000_000)
            .attempt(attempt)
            .errorCode(error)
            .finalAttempt(finalAttempt ? BooleanType.TRUE : BooleanType.FALSE)
            .clOrdId(clOrdId(n))
            .traceId(trace(n))
            .putIdempotencyKey(key, 0, key.length);
        return append(sendFailed.encodedLength());
    }

    long orderReconciled(final int n, final EngineOrderState after, final long adoptedQty, final long adoptedPrice,
        final long brokerOrderId)
    {
        final byte[] key = key(n);
        final OrderReconciledEncoder encoder = new OrderReconciledEncoder().wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tick())
            .inputIndex(0)
            .queryId(n)
            .outcome(adoptedQty > 0 ? ReconcileOutcome.ADOPTED : ReconcileOutcome.CONFIRMED)
            .venueState(VenueOrderState.NULL_VAL)
            .engineState(after)
            .adoptedQty(adoptedQty)
            .adoptedPrice(adoptedPrice)
            .cumQty(adoptedQty)
            .avgPrice(adoptedPrice)
            .brokerOrderId(brokerOrderId)
            .attempt(1)
            .clOrdId(clOrdId(n))
            .traceId(trace(n))
            .putIdempotencyKey(key, 0, key.length);
        return append(encoder.encodedLength());
    }

    long engineStarted()
    {
        engineStarted.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tick())
            .resumeInboundIndex(-1)
            .recoveredEvents(0)
            .demo(BooleanType.TRUE)
            .version("0.1.0");
        return append(engineStarted.encodedLength());
    }

    /** @return index of an excerpt of a foreign schema: what a reader reports as invalid. */
    long foreignExcerpt()
    {
        new MessageHeaderEncoder().wrap(buffer, 0).blockLength(8).templateId(1).schemaId(999).version(1);
        buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH, 42);
        return journal.append(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + 8);
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
        final byte[] key = key(n);
        final int requestLength = MessageHeaderEncoder.ENCODED_LENGTH + orderRequest.wrapAndApplyHeader(buffer, 0, header)
            .inboundIndex(n).ingressNs(tick()).clientTsNs(now - 500_000).qty(QTY).price(PRICE).missingRatio(0)
            .dataLagMs(5).side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.DAY)
            .keyPresent(BooleanType.TRUE).symbol(SYMBOL).traceId(trace(n)).strategy("carry")
            .putIdempotencyKey(key, 0, key.length).encodedLength();
        final long index = journal.beginFrame();
        frame.reset().add(buffer, 0, requestLength);
        final int recordedLength = MessageHeaderEncoder.ENCODED_LENGTH + recordedV3.wrapAndApplyHeader(buffer, 0, header)
            .tsNs(tick()).inputIndex(index).qty(QTY).price(PRICE).side(Side.BUY).orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.DAY).encodedLength();
        frame.add(buffer, 0, recordedLength);
        return journal.commitFrame(frame);
    }

    private long append(final int bodyLength)
    {
        return journal.append(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + bodyLength);
    }
}

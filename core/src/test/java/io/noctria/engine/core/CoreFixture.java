package io.noctria.engine.core;

import io.noctria.codecs.Messages;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;
import org.agrona.sbe.MessageEncoderFlyweight;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives an {@link ExecutionCore} the way the host does: every input is encoded to real SBE bytes,
 * given the next journal index, wrapped by a decoder and passed in; every event the core emits is
 * copied out of the sink so tests decode and assert on it. The stamp clock is a counter, so two
 * fixtures fed the same inputs produce byte-identical events. Order requests are described by
 * {@link CoreRequest}; captured events are decoded with {@link CoreEvents} or
 * {@link #only(int, MessageDecoderFlyweight)}.
 */
final class CoreFixture
{
    static final long M = 1_000_000L;
    static final byte[] SECRET = "noctria-test-secret".getBytes(StandardCharsets.US_ASCII);

    static final String POLICY =
        "default:\n" +
        "  max_position_notional: 100000\n" +
        "  max_order_qty: 20000\n" +
        "  trading_hours_utc: [\"00:00-22:00\"]\n" +
        "  max_consecutive_losses: 3\n" +
        "  shrink_after_losses_pct: 50\n" +
        "  forbidden_symbols: [\"USDRUB\"]\n" +
        "  max_trace_notional: 1000000\n" +
        "  price_collar_pct: 5\n" +
        "  max_orders_per_second: 1000\n" +
        "  reference_prices: {USDJPY: 150}\n" +
        "overrides:\n" +
        "  USDJPY:\n" +
        "    max_position_notional: 150000\n" +
        "  EURJPY:\n" +
        "    trading_hours_utc: [\"08:00-12:00\", \"13:00-24:00\"]\n" +
        "  GBPJPY:\n" +
        "    max_trace_notional: 50000\n";

    /**
     * Core tests send keyless, untagged requests (contract v1.0 producers): neither key nor tag is required unless a
     * test says so (AuthTagTest covers the tag).
     */
    static final String ENGINE = "idempotency: {require_key: false, require_auth: false}\n";
    /** Core tests stamp ingress freely: no freshness bound unless a test sets one (the default of run is 30 s). */
    static final String NO_SKEW = "clock: {max_skew_ms: 0}\n";

    final List<byte[]> events = new ArrayList<>();
    /** Every input passed to the core, as journaled: its index and its SBE bytes (header included). */
    final List<RecordedInput> inputs = new ArrayList<>();
    final ExecutionCore core;
    final IdempotencyKeys keys = new IdempotencyKeys(SECRET);
    /** Operators every fixture trusts from the start; their controls are signed with {@link #keyPair}. */
    static final String[] TRUSTED = { "ops", "ops-alice", "ops-bob", "ops-random", "risk-desk" };
    private static final java.util.Map<String, KeyPair> OPERATOR_KEYS = new java.util.HashMap<>();
    private final java.util.Map<String, KeyPair> signers = new java.util.HashMap<>();
    private long submittedOffsetNs;

    private final UnsafeBuffer input = new UnsafeBuffer(new byte[4096]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private long nextInputIndex = 1;
    private long nextExecId = 1;
    private long clockNs;

    CoreFixture()
    {
        this(POLICY, ENGINE);
    }

    CoreFixture(final String policyYaml, final String engineYaml)
    {
        this(RiskPolicy.parse("test-policy.yml", policyYaml.getBytes(StandardCharsets.UTF_8)),
            EngineConfig.parse("test-engine.yml", keyOptional(engineYaml).getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code engineYaml} with {@link #ENGINE}'s key setting unless it sets its own. */
    static String keyOptional(final String engineYaml)
    {
        final String keys = engineYaml.contains("idempotency:") ? engineYaml : ENGINE + engineYaml;
        return keys.contains("clock:") ? keys : NO_SKEW + keys;
    }

    /** The built-in defaults, but keys not required (what {@code EngineConfig.defaults()} was before keys became required). */
    static EngineConfig keyOptionalDefaults()
    {
        return EngineConfig.parse("test-engine.yml", (ENGINE + NO_SKEW).getBytes(StandardCharsets.UTF_8));
    }

    CoreFixture(final RiskPolicy policy, final EngineConfig config)
    {
        this(policy, config, 1_000_000_000L);
    }

    /** @param clockStartNs first value of the stamp clock, which then advances 1 µs per event. */
    CoreFixture(final RiskPolicy policy, final EngineConfig config, final long clockStartNs)
    {
        clockNs = clockStartNs;
        core = new ExecutionCore(config, policy, new IdempotencyKeys(SECRET), this::capture, () -> clockNs += 1_000);
        // As the engine does at every start: the roster of trusted operators is journaled (here at index 0, so
        // the tests' own inputs keep their indices) before any control, and recorded, so replicas verify alike.
        roster(0, TRUSTED);
    }

    /**
     * Journals a roster of trusted operators (OperatorKey inputs, position 0 replacing the one in force) at
     * {@code index}; none: one entry of rosterSize 0 (trust nobody).
     */
    void roster(final long index, final String... names)
    {
        for (int position = 0; position < Math.max(1, names.length); position++)
        {
            final OperatorKeyEncoder encoder = new OperatorKeyEncoder().wrapAndApplyHeader(input, 0, headerEncoder)
                .ingressNs(clockNs)
                .position(position)
                .rosterSize(names.length)
                .operatorName(0 == names.length ? "" : names[position])
                .putPublicKey(0 == names.length ? new byte[32] :
                    ControlSignatures.rawPublicKey(keyPair(names[position]).getPublic()), 0, 32);
            feed(index, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        }
    }

    /** Journals a roster at the next input index (a restart with other keys). */
    long rosterNow(final String... names)
    {
        final long index = nextInputIndex++;
        roster(index, names);
        return index;
    }

    /** @return the test key pair of {@code operator}: the same for every fixture of this JVM. */
    static synchronized KeyPair keyPair(final String operator)
    {
        return OPERATOR_KEYS.computeIfAbsent(operator, name -> generateKeyPair());
    }

    static KeyPair generateKeyPair()
    {
        try
        {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        }
        catch (final java.security.GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Signs controls of {@code operator} with {@code key} from now on (null: send them unsigned). */
    void signAs(final String operator, final KeyPair key)
    {
        signers.put(operator, key);
    }

    /** The next controls carry submittedNs = ingress time + {@code offsetNs} (a stale or future control). */
    void submittedOffsetNs(final long offsetNs)
    {
        submittedOffsetNs = offsetNs;
    }

    /**
     * Appends the bytes of an earlier input again, as a producer copying an excerpt of inbound would: a new
     * inbound index and ingress time, everything else (the signature included) as it was.
     */
    long resend(final RecordedInput earlier)
    {
        input.putBytes(0, earlier.bytes);
        final int templateId = input.getShort(MessageHeaderEncoder.templateIdEncodingOffset(),
            java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int body = MessageHeaderEncoder.ENCODED_LENGTH;
        final boolean control = ControlEncoder.TEMPLATE_ID == templateId;
        final long index = nextInputIndex++;
        input.putLong(body + (control ? ControlEncoder.inboundIndexEncodingOffset() :
            PolicyReloadEncoder.inboundIndexEncodingOffset()), index + 1000, java.nio.ByteOrder.LITTLE_ENDIAN);
        input.putLong(body + (control ? ControlEncoder.ingressNsEncodingOffset() :
            PolicyReloadEncoder.ingressNsEncodingOffset()), clockNs, java.nio.ByteOrder.LITTLE_ENDIAN);
        feed(index, earlier.bytes.length);
        return index;
    }

    /** @return the input recorded at {@code index}. */
    RecordedInput input(final long index)
    {
        for (final RecordedInput in : inputs)
        {
            if (in.index == index)
            {
                return in;
            }
        }
        throw new IllegalArgumentException("no input at " + index);
    }

    private void signIfKnown(final String operator, final int length)
    {
        final KeyPair key = signers.containsKey(operator) ? signers.get(operator) :
            (java.util.Arrays.asList(TRUSTED).contains(operator) ? keyPair(operator) : null);
        // The buffer is reused: clear the previous control's signature, so an unsigned control really is.
        final int templateId = input.getShort(MessageHeaderEncoder.templateIdEncodingOffset(),
            java.nio.ByteOrder.LITTLE_ENDIAN);
        input.setMemory(MessageHeaderEncoder.ENCODED_LENGTH + (ControlEncoder.TEMPLATE_ID == templateId ?
            ControlEncoder.signatureEncodingOffset() : CancelAllEncoder.TEMPLATE_ID == templateId ?
            CancelAllEncoder.signatureEncodingOffset() : PolicyReloadEncoder.signatureEncodingOffset()),
            ControlSignatures.SIGNATURE_LENGTH, (byte)0);
        if (null != key)
        {
            ControlSignatures.sign(key.getPrivate(), input, 0, length);
        }
    }

    static long ts(final String iso)
    {
        final Instant instant = Instant.parse(iso);
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    static CoreRequest request()
    {
        return new CoreRequest();
    }

    /** Sets the stamp clock: the tsNs of the next broker reports (their journaled sequencing time). */
    void clockAt(final long ns)
    {
        clockNs = ns;
    }

    int mark()
    {
        return events.size();
    }

    long lastInputIndex()
    {
        return nextInputIndex - 1;
    }

    /** @return names of the events emitted since {@code mark}, in order. */
    List<String> typesSince(final int mark)
    {
        final List<String> names = new ArrayList<>();
        for (int i = mark; i < events.size(); i++)
        {
            headerDecoder.wrap(new UnsafeBuffer(events.get(i)), 0);
            names.add(Messages.name(headerDecoder.templateId()));
        }
        return names;
    }

    /** @return the events of one template emitted since {@code mark}. */
    List<byte[]> since(final int mark, final int templateId)
    {
        final List<byte[]> matching = new ArrayList<>();
        for (int i = mark; i < events.size(); i++)
        {
            headerDecoder.wrap(new UnsafeBuffer(events.get(i)), 0);
            if (headerDecoder.templateId() == templateId)
            {
                matching.add(events.get(i));
            }
        }
        return matching;
    }

    /** @return the one event of {@code decoder}'s template emitted since {@code mark}, wrapped by {@code decoder}. */
    <D extends MessageDecoderFlyweight> D only(final int mark, final D decoder)
    {
        return CoreEvents.decode(decoder, only(mark, decoder.sbeTemplateId()));
    }

    byte[] only(final int mark, final int templateId)
    {
        final List<byte[]> matching = since(mark, templateId);
        if (matching.size() != 1)
        {
            throw new AssertionError("expected one " + Messages.name(templateId) + " but got " + matching.size() +
                " in " + typesSince(mark));
        }
        return matching.get(0);
    }

    long submit(final CoreRequest r)
    {
        final OrderRequestEncoder encoder = new OrderRequestEncoder().wrapAndApplyHeader(input, 0, headerEncoder)
            .inboundIndex(r.inboundIndex)
            .ingressNs(r.ingressNs)
            .clientTsNs(r.clientTsNs)
            .qty(r.qty)
            .price(r.price)
            .missingRatio(r.missingRatio)
            .dataLagMs(r.dataLagMs)
            .symbol(r.symbol)
            .traceId(r.trace)
            .strategy(r.strategy)
            .keyPresent(null == r.key ? BooleanType.FALSE : BooleanType.TRUE)
            .putIdempotencyKey(null == r.key ? new byte[32] : r.key, 0, 32)
            .putAuthTag(null == r.authTag ? new byte[32] : r.authTag, 0, 32);
        final int base = MessageHeaderEncoder.ENCODED_LENGTH;
        input.putByte(base + OrderRequestEncoder.sideEncodingOffset(), (byte)r.side);
        input.putByte(base + OrderRequestEncoder.orderTypeEncodingOffset(), (byte)r.orderType);
        input.putByte(base + OrderRequestEncoder.timeInForceEncodingOffset(), (byte)r.timeInForce);
        if (r.keyPresentRaw >= 0)
        {
            input.putByte(base + OrderRequestEncoder.keyPresentEncodingOffset(), (byte)r.keyPresentRaw);
        }
        if (null != r.rawSymbol)
        {
            input.putBytes(base + OrderRequestEncoder.symbolEncodingOffset(), r.rawSymbol);
        }
        final long index = nextInputIndex++;
        record(index, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        core.onOrderRequest(index, new OrderRequestDecoder().wrap(input, base,
            r.actingVersion < 2 ? OrderRequestEncoder.authTagEncodingOffset() : encoder.sbeBlockLength(),
            r.actingVersion));
        return index;
    }

    /** Submits and returns the single OrderSent it must produce. */
    Sent submitSent(final CoreRequest r)
    {
        final int mark = mark();
        submit(r);
        return Sent.of(only(mark, OrderSentDecoder.TEMPLATE_ID));
    }

    long control(final ControlAction action, final String operator, final String reason)
    {
        return control(action.value(), operator, reason);
    }

    /** Sends a control with a raw action byte, valid or not. */
    long control(final short actionRaw, final String operator, final String reason)
    {
        final ControlEncoder encoder = new ControlEncoder().wrapAndApplyHeader(input, 0, headerEncoder)
            .inboundIndex(nextInputIndex + 1000)
            .ingressNs(clockNs)
            .submittedNs(clockNs + submittedOffsetNs)
            .action(ControlAction.PAUSE_ON)
            .operatorName(operator)
            .reason(reason);
        input.putByte(MessageHeaderEncoder.ENCODED_LENGTH + ControlEncoder.actionEncodingOffset(), (byte)actionRaw);
        final long index = nextInputIndex++;
        signIfKnown(operator, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        record(index, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        core.onControl(index, new ControlDecoder().wrap(input, MessageHeaderEncoder.ENCODED_LENGTH,
            encoder.sbeBlockLength(), MessageHeaderEncoder.SCHEMA_VERSION));
        return index;
    }

    /** Sends a PolicyReload carrying {@code yaml} through the core's input entry, as the host does. */
    long policyReload(final String operator, final String reason, final String source, final String yaml)
    {
        final PolicyReloadEncoder encoder = new PolicyReloadEncoder().wrapAndApplyHeader(input, 0, headerEncoder)
            .inboundIndex(nextInputIndex + 1000)
            .ingressNs(clockNs)
            .submittedNs(clockNs + submittedOffsetNs)
            .operatorName(operator)
            .reason(reason)
            .source(source)
            .policy(yaml);
        signIfKnown(operator, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        return feed(encoder);
    }

    void ack(final Sent order)
    {
        feed(new BrokerAckEncoder().wrapAndApplyHeader(input, 0, headerEncoder)
            .tsNs(clockNs).brokerTsNs(clockNs).brokerOrderId(9000 + order.inputIndex)
            .clOrdId(order.clOrdId).traceId(order.traceId).putIdempotencyKey(order.key, 0, 32));
    }

    void fill(final Sent order, final long qty, final long price)
    {
        feed(new FillEncoder().wrapAndApplyHeader(input, 0, headerEncoder)
            .tsNs(clockNs).brokerTsNs(clockNs).brokerOrderId(9000 + order.inputIndex).execId(nextExecId++)
            .fillQty(qty).fillPrice(price).cumQty(qty).leavesQty(0).fillType(FillType.PARTIAL).liquidity(Liquidity.TAKER)
            .clOrdId(order.clOrdId).traceId(order.traceId).putIdempotencyKey(order.key, 0, 32));
    }

    void reject(final Sent order, final BrokerRejectReason reason)
    {
        feed(new BrokerRejectEncoder().wrapAndApplyHeader(input, 0, headerEncoder)
            .tsNs(clockNs).brokerTsNs(clockNs).reason(reason)
            .clOrdId(order.clOrdId).traceId(order.traceId).putIdempotencyKey(order.key, 0, 32).text("venue says no"));
    }

    void expired(final Sent order, final long cumQty)
    {
        feed(new ExpiredEncoder().wrapAndApplyHeader(input, 0, headerEncoder)
            .tsNs(clockNs).brokerTsNs(clockNs).brokerOrderId(9000 + order.inputIndex).cumQty(cumQty)
            .clOrdId(order.clOrdId).traceId(order.traceId).putIdempotencyKey(order.key, 0, 32));
    }

    void canceled(final Sent order, final long cumQty)
    {
        feed(new CanceledEncoder().wrapAndApplyHeader(input, 0, headerEncoder)
            .tsNs(clockNs).brokerTsNs(clockNs).brokerOrderId(9000 + order.inputIndex).cumQty(cumQty)
            .clOrdId(order.clOrdId).traceId(order.traceId).putIdempotencyKey(order.key, 0, 32));
    }

    void sendFailed(final Sent order, final int attempt, final BrokerErrorCode error, final boolean finalAttempt)
    {
        feed(new SendFailedEncoder().wrapAndApplyHeader(input, 0, headerEncoder)
            .tsNs(clockNs).retryAtNs(0).attempt(attempt).errorCode(error)
            .finalAttempt(finalAttempt ? BooleanType.TRUE : BooleanType.FALSE)
            .clOrdId(order.clOrdId).traceId(order.traceId).putIdempotencyKey(order.key, 0, 32));
    }

    /** A CancelRequest of {@code order} under the action key {@code key} (unsigned: core tests need no tag). */
    long cancel(final Sent order, final byte[] key)
    {
        return cancel(order.key, key, null);
    }

    long cancel(final byte[] origKey, final byte[] key, final byte[] authTag)
    {
        return feed(new CancelRequestEncoder().wrapAndApplyHeader(input, 0, headerEncoder)
            .inboundIndex(nextInputIndex + 1000).ingressNs(clockNs).clientTsNs(clockNs).traceId("trace-cx")
            .strategy("alpha").putIdempotencyKey(key, 0, 32).putOrigIdempotencyKey(origKey, 0, 32)
            .putAuthTag(null == authTag ? new byte[32] : authTag, 0, 32));
    }

    /** A ReplaceRequest of {@code order} to {@code qty} at {@code price} under the action key {@code key}. */
    long replace(final Sent order, final byte[] key, final long qty, final long price)
    {
        return feed(new ReplaceRequestEncoder().wrapAndApplyHeader(input, 0, headerEncoder)
            .inboundIndex(nextInputIndex + 1000).ingressNs(clockNs).clientTsNs(clockNs).qty(qty).price(price)
            .traceId("trace-rp").strategy("alpha").putIdempotencyKey(key, 0, 32)
            .putOrigIdempotencyKey(order.key, 0, 32).putAuthTag(new byte[32], 0, 32));
    }

    /** A CancelAll by {@code operator} (signed when the fixture knows the operator), for {@code symbol} or all (""). */
    long cancelAll(final String operator, final String symbol, final String reason)
    {
        final CancelAllEncoder encoder = new CancelAllEncoder().wrapAndApplyHeader(input, 0, headerEncoder)
            .inboundIndex(nextInputIndex + 1000).ingressNs(clockNs).submittedNs(clockNs + submittedOffsetNs)
            .operatorName(operator).symbol(symbol).reason(reason);
        signIfKnown(operator, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        return feed(encoder);
    }

    void replaced(final Sent order, final long qty, final long price)
    {
        feed(new ReplacedEncoder().wrapAndApplyHeader(input, 0, headerEncoder)
            .tsNs(clockNs).brokerTsNs(clockNs).brokerOrderId(9000 + order.inputIndex).qty(qty).price(price).cumQty(0)
            .clOrdId(order.clOrdId).traceId(order.traceId).putIdempotencyKey(order.key, 0, 32).requestClOrdId("R"));
    }

    void cancelReject(final Sent order, final CxlRejReason reason, final CxlRejResponseTo responseTo)
    {
        feed(new CancelRejectEncoder().wrapAndApplyHeader(input, 0, headerEncoder)
            .tsNs(clockNs).brokerTsNs(clockNs).brokerOrderId(9000 + order.inputIndex).reason(reason)
            .responseTo(responseTo).clOrdId(order.clOrdId).traceId(order.traceId).putIdempotencyKey(order.key, 0, 32)
            .requestClOrdId("C").text("venue says no"));
    }

    /** The venue gateway's refusal of the venue's input, as it appends it to the reports it hands the engine. */
    long venueInputRefused(final VenueRefusal reason, final String msgType, final String clOrdId, final String traceId,
        final int tag, final String value, final String detail)
    {
        return feed(new VenueInputRefusedEncoder().wrapAndApplyHeader(input, 0, headerEncoder)
            .tsNs(clockNs).venueTsNs(clockNs - 5).refusalId(nextInputIndex).msgSeqNum(17).reason(reason).tag(tag).msgType(msgType)
            .clOrdId(clOrdId).traceId(traceId).value(value).detail(detail));
    }

    /** A start of the engine, journaled as an input: opens reconciliation of the working orders. */
    long engineStarted()
    {
        return feed(new EngineStartedEncoder().wrapAndApplyHeader(input, 0, headerEncoder)
            .tsNs(clockNs).resumeInboundIndex(-1).recoveredEvents(0).demo(BooleanType.FALSE).version("test"));
    }

    /** The venue's answer to status query {@code queryId} about {@code clOrdId}. */
    void statusReport(final long queryId, final String clOrdId, final VenueOrderState state, final long qty,
        final long cumQty, final long avgPrice)
    {
        final boolean terminal = state == VenueOrderState.FILLED || state == VenueOrderState.REJECTED ||
            state == VenueOrderState.EXPIRED || state == VenueOrderState.CANCELED;
        feed(new OrderStatusReportEncoder()
            .wrapAndApplyHeader(input, 0, headerEncoder)
            .tsNs(clockNs).brokerTsNs(clockNs).queryId(queryId)
            .brokerOrderId(state == VenueOrderState.UNKNOWN ? 0 : 4242).qty(state == VenueOrderState.UNKNOWN ? 0 : qty)
            .cumQty(cumQty).leavesQty(terminal || state == VenueOrderState.UNKNOWN ? 0 : qty - cumQty).avgPrice(avgPrice)
            .state(state).clOrdId(clOrdId));
    }

    /** @return the risk decision of the last request (there is exactly one since {@code mark}). */
    RiskDecisionDecoder riskDecisionSince(final int mark)
    {
        return only(mark, new RiskDecisionDecoder());
    }

    List<AlertDecoder> alertsSince(final int mark)
    {
        final List<AlertDecoder> alerts = new ArrayList<>();
        for (final byte[] event : since(mark, AlertDecoder.TEMPLATE_ID))
        {
            alerts.add(CoreEvents.decode(new AlertDecoder(), event));
        }
        return alerts;
    }

    /** Journals the input encoded in {@code input} at the next index and passes it to the core; returns the index. */
    private long feed(final MessageEncoderFlyweight encoder)
    {
        final long index = nextInputIndex++;
        feed(index, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        return index;
    }

    /** Journals the first {@code length} bytes of {@code input} at {@code index}, then passes them to the core. */
    private void feed(final long index, final int length)
    {
        record(index, length);
        core.onInput(index, input, 0);
    }

    private void record(final long index, final int length)
    {
        final byte[] copy = new byte[length];
        input.getBytes(0, copy);
        inputs.add(new RecordedInput(index, copy));
    }

    /** Feeds recorded inputs into another core exactly as the host's recovery does: through its one input entry. */
    static void replay(final List<RecordedInput> recorded, final ExecutionCore target)
    {
        for (final RecordedInput in : recorded)
        {
            target.onInput(in.index, new UnsafeBuffer(in.bytes), 0);
        }
    }

    private void capture(final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        events.add(copy);
    }

    /** One journaled input. */
    static final class RecordedInput
    {
        final long index;
        final byte[] bytes;

        RecordedInput(final long index, final byte[] bytes)
        {
            this.index = index;
            this.bytes = bytes;
        }
    }

    /** What an OrderSent told the broker, enough to address reports back to the order. */
    static final class Sent
    {
        final long inputIndex;
        final String clOrdId;
        final String traceId;
        final String symbol;
        final byte[] key = new byte[32];
        final long qty;
        final long price;
        final int attempt;
        final Side side;

        private Sent(final OrderSentDecoder d)
        {
            inputIndex = d.inputIndex();
            qty = d.qty();
            price = d.price();
            attempt = d.attempt();
            side = d.side();
            symbol = d.symbol();
            traceId = d.traceId();
            clOrdId = d.clOrdId();
            d.getIdempotencyKey(key, 0, 32);
        }

        static Sent of(final byte[] event)
        {
            return new Sent(CoreEvents.decode(new OrderSentDecoder(), event));
        }
    }
}

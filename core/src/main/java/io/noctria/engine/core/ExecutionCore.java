package io.noctria.engine.core;

import io.noctria.codecs.OrderTransitions;
import io.noctria.codecs.Position;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.config.ConfigException;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.QualityThresholds;
import io.noctria.engine.config.RiskPolicy;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The engine's deterministic business core: journaled inputs in, SBE events out, with no
 * threads, queues, clocks or randomness in any decision. The Disruptor pipeline hosts it live and
 * the replayer hosts it for recovery; both feed the same inputs in journal order, so both reach
 * the same events and the same {@link #stateHash()}.
 * <p>
 * An order request runs: input validation → authentication (a carried authTag is always verified; a missing
 * one is refused when {@code idempotency.require_auth}) → idempotency key (computed; verified when supplied)
 * → duplicate check against the outbox (a duplicate never reaches a gate, so it can never move
 * exposure) → quality gate → Noctus risk gate → OutboxRecorded → OrderSent (attempt 1). Broker
 * reports drive each order's {@link OrderTransitions life cycle}; fills update positions, realised PnL and
 * the losing-round-trip streak. Controls switch the trading pause and PolicyReloads replace the policy, but only
 * when signed by an operator of the roster journaled before them ({@link ControlGuard}, {@link ControlSignatures}). Business time is the request's
 * own ts ({@code clientTsNs}); the {@link EpochNanoClock} only stamps {@code tsNs} on events.
 * See docs/risk.md for every rule, its order and units.
 * <p>
 * Single-threaded by contract (the single writer). Steady state allocates nothing: flyweights,
 * buffers and tables are pre-allocated; tables grow by doubling. Not thread-safe.
 */
public final class ExecutionCore
{
    private static final byte[] POLICY_OPERATOR = nulPadded("policy", 32);
    /** Operator name of a pause the core switched on by itself (the runbook's automatic rules). */
    private static final byte[] AUTO_PAUSE_OPERATOR = nulPadded("auto-pause", 32);

    private final EngineConfig config;
    private final IdempotencyKeys keys;
    private final EventPublisher publisher;
    private final OrderRequestValidator validator;
    private final QualityGate qualityGate;
    private final RiskGate riskGate;
    private final SymbolBook symbols = new SymbolBook(64);
    private final TraceBook traces;
    private final Outbox outbox;
    private final OrderRateWindow rateWindow;
    private final OrderLifecycle lifecycle;
    private final OrderReconciler reconciler;
    private final AutoPauseMonitor autoPause;
    private final ControlGuard controlGuard;

    private final OrderTicket ticket = new OrderTicket();
    private final AsciiText text = new AsciiText(EventPublisher.MAX_TEXT);
    private final AsciiText controlAlert = new AsciiText(EventPublisher.MAX_TEXT);
    private final byte[] requestKey = new byte[IdempotencyKeys.KEY_LENGTH];
    private final byte[] requestTag = new byte[IdempotencyKeys.TAG_LENGTH];
    private final UnsafeBuffer requestKeyView = new UnsafeBuffer(requestKey);
    private final byte[] clOrdId = new byte[IdempotencyKeys.CL_ORD_ID_LENGTH];
    private final byte[] operatorName = new byte[32];
    private final byte[] controlReason = new byte[EventPublisher.MAX_TEXT];

    private final MessageHeaderDecoder inputHeader = new MessageHeaderDecoder();
    private final OrderRequestDecoder orderRequestInput = new OrderRequestDecoder();
    private final ControlDecoder controlInput = new ControlDecoder();
    private final BrokerAckDecoder brokerAckInput = new BrokerAckDecoder();
    private final FillDecoder fillInput = new FillDecoder();
    private final BrokerRejectDecoder brokerRejectInput = new BrokerRejectDecoder();
    private final ExpiredDecoder expiredInput = new ExpiredDecoder();
    private final CanceledDecoder canceledInput = new CanceledDecoder();
    private final SendFailedDecoder sendFailedInput = new SendFailedDecoder();
    private final PolicyReloadDecoder policyReloadInput = new PolicyReloadDecoder();
    private final OrderStatusReportDecoder statusReportInput = new OrderStatusReportDecoder();
    private final OperatorKeyDecoder operatorKeyInput = new OperatorKeyDecoder();

    private RiskPolicy policy;
    private boolean paused;

    /**
     * @param config     engine settings (quality thresholds, clock skew, key policy, send retries, outbox size).
     * @param policy     the risk policy in force; its {@code global_trading_pause} is the starting pause state.
     * @param keys       idempotency key calculator holding the secret.
     * @param sink       receives every event, in order.
     * @param stampClock stamps event {@code tsNs} only; never consulted by a decision.
     */
    public ExecutionCore(
        final EngineConfig config,
        final RiskPolicy policy,
        final IdempotencyKeys keys,
        final EventSink sink,
        final EpochNanoClock stampClock)
    {
        this.config = config;
        this.policy = policy;
        this.keys = keys;
        this.publisher = new EventPublisher(sink, stampClock);
        this.validator = new OrderRequestValidator(config.maxClockSkewNs());
        this.qualityGate = new QualityGate(config.quality());
        this.traces = new TraceBook(config.outboxCapacityHint());
        this.outbox = new Outbox(config.outboxCapacityHint());
        this.rateWindow = new OrderRateWindow(policy.maxOrdersPerSecond());
        this.riskGate = new RiskGate(symbols, traces, rateWindow);
        this.autoPause = new AutoPauseMonitor(config.autoPause());
        this.lifecycle = new OrderLifecycle(outbox, symbols, traces, publisher, autoPause, config.maxSendAttempts());
        this.reconciler = new OrderReconciler(outbox, symbols, traces, publisher, lifecycle);
        this.controlGuard = new ControlGuard(config.controlMaxAgeNs());
        this.paused = policy.globalTradingPause();
    }

    /**
     * Processes one journaled input message of any input template: the single entry point the
     * live host, recovery and the benchmarks share, so the decoding is written once.
     *
     * @param inputIndex journal index where the host journaled this input.
     * @param buffer     holding the SBE message, header included, as journaled.
     * @param offset     of the message header in {@code buffer}.
     * @throws IllegalStateException when the template is not an input ({@link #isInput} false): the
     *                               host filters inputs, so this is a bug, and diverging is worse than stopping.
     */
    public void onInput(final long inputIndex, final DirectBuffer buffer, final int offset)
    {
        inputHeader.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = inputHeader.blockLength();
        final int version = inputHeader.version();
        switch (inputHeader.templateId())
        {
            case OrderRequestDecoder.TEMPLATE_ID:
                onOrderRequest(inputIndex, orderRequestInput.wrap(buffer, body, blockLength, version));
                break;
            case ControlDecoder.TEMPLATE_ID:
                onControl(inputIndex, controlInput.wrap(buffer, body, blockLength, version));
                break;
            case PolicyReloadDecoder.TEMPLATE_ID:
                onPolicyReload(inputIndex, policyReloadInput.wrap(buffer, body, blockLength, version));
                break;
            case BrokerAckDecoder.TEMPLATE_ID:
            case FillDecoder.TEMPLATE_ID:
            case BrokerRejectDecoder.TEMPLATE_ID:
            case ExpiredDecoder.TEMPLATE_ID:
            case CanceledDecoder.TEMPLATE_ID:
            case SendFailedDecoder.TEMPLATE_ID:
                onBrokerReport(inputIndex, inputHeader.templateId(), buffer, body, blockLength, version);
                break;
            case OrderStatusReportDecoder.TEMPLATE_ID:
                reconciler.onStatusReport(inputIndex, statusReportInput.wrap(buffer, body, blockLength, version));
                break;
            case OperatorKeyDecoder.TEMPLATE_ID:
                onOperatorKey(operatorKeyInput.wrap(buffer, body, blockLength, version));
                break;
            case EngineStartedDecoder.TEMPLATE_ID:
                // A start is an input: the in-doubt orders it leaves are queried at this point of the journal, so
                // replay asks (and discards) the same queries and applies the same journaled answers.
                reconciler.onEngineStarted(inputIndex);
                break;
            default:
                throw new IllegalStateException("not an input: template " + inputHeader.templateId() + " at " + inputIndex);
        }
    }

    /** @return true when the template is an input the core consumes ({@link #onInput}); recovery uses it to pick inputs out of the journal. */
    public static boolean isInput(final int templateId)
    {
        switch (templateId)
        {
            case OrderRequestDecoder.TEMPLATE_ID:
            case ControlDecoder.TEMPLATE_ID:
            case PolicyReloadDecoder.TEMPLATE_ID:
            case BrokerAckDecoder.TEMPLATE_ID:
            case FillDecoder.TEMPLATE_ID:
            case BrokerRejectDecoder.TEMPLATE_ID:
            case ExpiredDecoder.TEMPLATE_ID:
            case CanceledDecoder.TEMPLATE_ID:
            case SendFailedDecoder.TEMPLATE_ID:
            case OrderStatusReportDecoder.TEMPLATE_ID:
            case EngineStartedDecoder.TEMPLATE_ID:
            case OperatorKeyDecoder.TEMPLATE_ID:
                return true;
            default:
                return false;
        }
    }

    /**
     * Processes one order request.
     *
     * @param inputIndex journal index where the host journaled this request.
     * @param request    the journaled request, wrapped with its acting block length and version.
     */
    public void onOrderRequest(final long inputIndex, final OrderRequestDecoder request)
    {
        autoPause.advance(request.ingressNs());
        final InputRejectReason invalid = validator.validate(request, ticket, text.reset());
        if (null != invalid)
        {
            publisher.inputRejected(ticket.inboundIndex, invalid, ticket.traceReadable ? ticket.traceId : null, text);
            return;
        }
        final Side side = 1 == ticket.sideRaw ? Side.BUY : Side.SELL;
        // Authenticate before any field is trusted, the key included: the key only dedupes (it covers five
        // fields and is read back from the journal by anyone who can tail it), the tag covers them all.
        if (!authenticated(side))
        {
            return;
        }
        if (ticket.keyPresent)
        {
            keys.compute(ticket.symbol, ticket.symbolLength, side, ticket.qty, ticket.clientTsNs, ticket.traceId,
                ticket.traceLength, requestKey, 0);
            if (!equalBytes(ticket.suppliedKey, requestKey, IdempotencyKeys.KEY_LENGTH))
            {
                // Never name the expected key or the secret: either would let a caller forge keys.
                text.append("idempotency_key does not match HMAC-SHA256 of symbol|side|qty_6dp|ts_floor_minute|trace_id ")
                    .append("under the engine's secret");
                publisher.inputRejected(ticket.inboundIndex, InputRejectReason.IDEMPOTENCY_KEY_MISMATCH, ticket.traceId,
                    text);
                return;
            }
        }
        else if (config.requireIdempotencyKey())
        {
            text.append("idempotency_key is required (idempotency.require_key: true)");
            publisher.inputRejected(ticket.inboundIndex, InputRejectReason.IDEMPOTENCY_KEY_REQUIRED, ticket.traceId, text);
            return;
        }
        else
        {
            keys.compute(ticket.symbol, ticket.symbolLength, side, ticket.qty, ticket.clientTsNs, ticket.traceId,
                ticket.traceLength, requestKey, 0);
        }

        final long k0 = requestKeyView.getLong(0, ByteOrder.LITTLE_ENDIAN);
        final long k1 = requestKeyView.getLong(8, ByteOrder.LITTLE_ENDIAN);
        final long k2 = requestKeyView.getLong(16, ByteOrder.LITTLE_ENDIAN);
        final long k3 = requestKeyView.getLong(24, ByteOrder.LITTLE_ENDIAN);
        final int existing = outbox.find(k0, k1, k2, k3);
        if (existing >= 0)
        {
            publisher.duplicateSuppressed(inputIndex, outbox.firstInputIndex(existing), ticket.traceId, requestKey);
            return;
        }

        final int symbolId = symbolIdOf(ticket.symbolWord0(), ticket.symbolWord1());
        if (!passQualityGate(inputIndex, symbolId))
        {
            return;
        }
        final long qty = qualityGate.finalQty();
        final int traceId = traces.find(ticket.traceWords);
        riskGate.evaluate(symbolId, ticket.sideSign(), qty, ticket.price, 2 == ticket.orderTypeRaw, ticket.clientTsNs,
            traceId, paused);
        publisher.riskDecision(inputIndex, qty, riskGate.finalQty(), riskGate.limitValue(), riskGate.observedValue(),
            riskGate.verdict(), riskGate.rule(), riskGate.severity(), ticket.symbol, symbols.policyName(symbolId),
            ticket.traceId, requestKey);
        for (int i = 0; i < riskGate.firedCount(); i++)
        {
            riskGate.describe(i, text.reset());
            publisher.alert(inputIndex, AlertCode.RISK_RULE, riskGate.firedSeverity(i), riskGate.firedRule(i),
                symbols.policyName(symbolId), ticket.traceId, text);
        }
        if (RiskVerdict.REJECT == riskGate.verdict())
        {
            return;
        }
        send(inputIndex, symbolId, traceId, k0, k1, k2, k3);
    }

    /**
     * Verifies the request's authTag (always, when it carries one) or refuses its absence when
     * {@code idempotency.require_auth}; publishes the InputRejected itself.
     *
     * @return true when the request may go on.
     */
    private boolean authenticated(final Side side)
    {
        if (!ticket.authPresent)
        {
            if (!config.requireAuth())
            {
                return true;
            }
            text.append("authTag is required (idempotency.require_auth: true): HMAC-SHA256 of the request's ")
                .append(IdempotencyKeys.AUTH_PREFIX).append(" text under the engine's secret; submit --sign adds it");
            publisher.inputRejected(ticket.inboundIndex, InputRejectReason.AUTH_TAG_MISSING, ticket.traceId, text);
            return false;
        }
        if (IdempotencyKeys.hasSeparator(ticket.traceId, ticket.traceLength) ||
            IdempotencyKeys.hasSeparator(ticket.strategy, ticket.strategyLength))
        {
            text.append("trace_id and strategy of an authenticated request must not contain '|', the separator of ")
                .append("the canonical text (the tag could not tell the two fields apart)");
            publisher.inputRejected(ticket.inboundIndex, InputRejectReason.AUTH_TAG_MISMATCH, ticket.traceId, text);
            return false;
        }
        keys.authTag(ticket.symbol, ticket.symbolLength, side, ticket.qty, ticket.price,
            OrderType.get(ticket.orderTypeRaw), TimeInForce.get(ticket.timeInForceRaw), ticket.clientTsNs,
            ticket.traceId, ticket.traceLength, ticket.strategy, ticket.strategyLength,
            ticket.keyPresent ? ticket.suppliedKey : null, ticket.missingRatioPpm, ticket.dataLagMs, requestTag, 0);
        if (!equalBytes(ticket.suppliedTag, requestTag, IdempotencyKeys.TAG_LENGTH))
        {
            // Never name the expected tag: it would be a valid tag for whatever the caller sent.
            text.append("authTag does not match HMAC-SHA256 of the request's ").append(IdempotencyKeys.AUTH_PREFIX)
                .append(" text under the engine's secret: some field was changed, or the tag was not made with it");
            publisher.inputRejected(ticket.inboundIndex, InputRejectReason.AUTH_TAG_MISMATCH, ticket.traceId, text);
            return false;
        }
        return true;
    }

    /**
     * Applies an operator control: PAUSE_ON / PAUSE_OFF switch the global trading pause (recorded
     * with who and why); POLICY_RELOAD is recorded as an alert, since the core reads no files: the
     * host loads the policy and calls {@link #applyPolicy} or {@link #policyReloadFailed}. A control from inbound
     * acts only when a trusted operator signed it, fresh and not a repeat (else InputRejected + CRITICAL alert).
     *
     * @param inputIndex journal index of the control.
     * @param control    the journaled control; the core rewinds it to read its reason.
     */
    public void onControl(final long inputIndex, final ControlDecoder control)
    {
        text.reset();
        final short action = control.actionRaw();
        control.getOperatorName(operatorName, 0);
        final int bodyLength = control.sbeDecodedLength();
        control.sbeRewind();
        final int reasonLength = control.reasonLength();
        if (reasonLength > controlReason.length)
        {
            text.append("reason of ").append(reasonLength).append(" bytes exceeds ").append(controlReason.length);
            publisher.inputRejected(control.inboundIndex(), InputRejectReason.INVALID_CONTROL, null, text);
            return;
        }
        control.getReason(controlReason, 0, reasonLength);
        if (OrderRequestValidator.fieldLength(operatorName, 0x20, false) <= 0)
        {
            text.append("operator must be 1 to 32 printable ASCII characters, NUL padded");
            publisher.inputRejected(control.inboundIndex(), InputRejectReason.INVALID_CONTROL, null, text);
            return;
        }
        // Malformed controls are refused above; a well-formed one acts only when a trusted operator signed it.
        if (control.inboundIndex() >= 0 && !signedByTrustedOperator(inputIndex, control.buffer(), control.offset(),
            bodyLength, control.inboundIndex(), control.ingressNs(), control.submittedNs()))
        {
            return;
        }
        switch (action)
        {
            case 1:
                switchPause(inputIndex, true, PauseSource.OPERATOR, operatorName, controlReason, reasonLength);
                break;
            case 2:
                switchPause(inputIndex, false, PauseSource.OPERATOR, operatorName, controlReason, reasonLength);
                break;
            case 3:
                text.append("policy reload requested by ").appendField(operatorName, 32).append(" (")
                    .appendBytes(controlReason, 0, reasonLength)
                    .append("): a Control carries no policy, so nothing changed; use `noctria reload-policy`, which sends ")
                    .append("the policy itself (PolicyReload)");
                publisher.alert(inputIndex, AlertCode.POLICY_RELOAD_FAILED, Severity.INFO, RiskRule.NONE, null, null, text);
                break;
            default:
                text.append("action ").append(action).append(" is not PAUSE_ON(1), PAUSE_OFF(2) or POLICY_RELOAD(3)");
                publisher.inputRejected(control.inboundIndex(), InputRejectReason.INVALID_CONTROL, null, text);
                break;
        }
    }

    /**
     * Replaces the policy in force with the one the input carries, or keeps it and alerts when that
     * policy is invalid. The policy's bytes are in the journaled input, so recovery and replay apply
     * exactly what the live engine applied. Parsing allocates: acceptable for a rare operator input, and
     * it never runs on an order's path.
     *
     * @param inputIndex journal index of the PolicyReload.
     * @param reload     the journaled input.
     */
    public void onPolicyReload(final long inputIndex, final PolicyReloadDecoder reload)
    {
        text.reset();
        reload.getOperatorName(operatorName, 0);
        final int bodyLength = reload.sbeDecodedLength();
        reload.sbeRewind();
        reload.skipReason();
        final String source = reload.source();
        final byte[] yaml = new byte[reload.policyLength()];
        reload.getPolicy(yaml, 0, yaml.length);
        if (OrderRequestValidator.fieldLength(operatorName, 0x20, false) <= 0)
        {
            text.append("operator must be 1 to 32 printable ASCII characters, NUL padded");
            publisher.inputRejected(reload.inboundIndex(), InputRejectReason.INVALID_CONTROL, null, text);
            return;
        }
        // The engine's own start-up reload (inboundIndex -1, never taken from inbound) is trusted unsigned; any
        // other acts only when a trusted operator signed it, policy bytes included.
        if (reload.inboundIndex() >= 0 && !signedByTrustedOperator(inputIndex, reload.buffer(), reload.offset(), bodyLength,
            reload.inboundIndex(), reload.ingressNs(), reload.submittedNs()))
        {
            return;
        }
        final String name = source.isEmpty() ? "(policy reload)" : source;
        final RiskPolicy loaded;
        try
        {
            loaded = RiskPolicy.parse(name, yaml);
        }
        catch (final ConfigException ex)
        {
            policyRefused(inputIndex, ex.getMessage());
            return;
        }
        catch (final RuntimeException | StackOverflowError ex)
        {
            // The bytes come from anyone who can append to the inbound queue, and a throw here would halt the business
            // thread and then every recovery that re-applies this input: a poison pill. The parser's own limits (no
            // aliases, bounded depth and size) make both impossible; this is the belt to those braces. Only the parse
            // is guarded: applyPolicy below changes state and gets a validated policy.
            policyRefused(inputIndex, ConfigException.clip(name, 128) + ": could not be read (" +
                ConfigException.clip(String.valueOf(ex), 256) + ")");
            return;
        }
        // PolicyLoaded (hash, overrides, source) is the record of success; who and why are in this input.
        applyPolicy(loaded, inputIndex);
    }

    private void policyRefused(final long inputIndex, final String reason)
    {
        text.append("policy reload by ").appendField(operatorName, 32).append(" refused, previous policy ")
            .append(policy.policyHashHex().substring(0, 16)).append(" kept: ").appendPrintable(reason);
        publisher.alert(inputIndex, AlertCode.POLICY_RELOAD_FAILED, Severity.WARNING, RiskRule.NONE, null, null, text);
    }

    /**
     * Applies one entry of the roster of trusted operators the engine journals at every start (never taken
     * from inbound): controls after it are verified against it.
     *
     * @param key the journaled OperatorKey.
     */
    public void onOperatorKey(final OperatorKeyDecoder key)
    {
        controlGuard.onOperatorKey(key);
    }

    /** @return how many operators the roster in force trusts. */
    public int trustedOperators()
    {
        return controlGuard.rosterSize();
    }

    /**
     * An operator control from inbound acts only when signed by a trusted operator, fresh and not a repeat;
     * otherwise InputRejected with its reason and a CRITICAL CONTROL_REJECTED alert, and nothing changes.
     * The signature covers the whole message, so the caller passes where it starts (header included).
     */
    private boolean signedByTrustedOperator(final long inputIndex, final DirectBuffer buffer, final int bodyOffset,
        final int bodyLength, final long inboundIndex, final long ingressNs, final long submittedNs)
    {
        final int offset = bodyOffset - MessageHeaderDecoder.ENCODED_LENGTH;
        final InputRejectReason refused = controlGuard.check(buffer, offset,
            MessageHeaderDecoder.ENCODED_LENGTH + bodyLength, operatorName, ingressNs, submittedNs, text.reset());
        if (null == refused)
        {
            text.reset();
            return true;
        }
        publisher.inputRejected(inboundIndex, refused, null, text);
        controlAlert.reset().append("operator control refused, nothing changed: ").append(refused.name())
            .append(" (inbound index ").append(inboundIndex).append("): ").appendBytes(text.bytes(), 0, text.length());
        publisher.alert(inputIndex, AlertCode.CONTROL_REJECTED, Severity.CRITICAL, RiskRule.NONE, null, null,
            controlAlert);
        text.reset();
        return false;
    }

    /**
     * Puts a newly loaded policy in force: every known symbol re-resolves its section, the rate
     * window takes the new limit, and PolicyLoaded is emitted. A policy whose
     * {@code global_trading_pause} is true pauses trading (source AUTO); a false one never lifts a
     * pause, which only an operator does. Also call it once at start-up to journal the initial policy.
     *
     * @param newPolicy  the validated policy.
     * @param inputIndex journal index of the input that caused the load (the POLICY_RELOAD control), -1 at start-up.
     */
    public void applyPolicy(final RiskPolicy newPolicy, final long inputIndex)
    {
        policy = newPolicy;
        symbols.applyPolicy(newPolicy);
        rateWindow.resize(newPolicy.maxOrdersPerSecond());
        publisher.policyLoaded(newPolicy.policyHash(), newPolicy.overrideCount(), newPolicy.source());
        if (newPolicy.globalTradingPause() && !paused)
        {
            final byte[] reason = "global_trading_pause: true in the loaded policy".getBytes(StandardCharsets.US_ASCII);
            switchPause(inputIndex, true, PauseSource.AUTO, POLICY_OPERATOR, reason, reason.length);
        }
    }

    /**
     * Records that the host could not load a requested policy; the policy in force is unchanged.
     *
     * @param inputIndex journal index of the POLICY_RELOAD control.
     * @param detail     the loader's message (file, key, value); must not contain secrets.
     */
    public void policyReloadFailed(final long inputIndex, final CharSequence detail)
    {
        text.reset().append("policy reload failed, previous policy kept: ").append(detail);
        publisher.alert(inputIndex, AlertCode.POLICY_RELOAD_FAILED, Severity.WARNING, RiskRule.NONE, null, null, text);
    }

    /**
     * Applies one broker report, whichever it is, the same way: the auto-pause clock advances to the report's
     * journaled time, the order life cycle applies it, and a rule it trips pauses trading.
     * <ul>
     *   <li>BrokerAck: SENT → ACKED, keeping the broker order id.</li>
     *   <li>Fill: to the order (cum qty, average price, PARTIALLY_FILLED or FILLED) and to the symbol's
     *   position, realised PnL and loss streak; alerts when the streak reaches the policy.</li>
     *   <li>BrokerReject: SENT → REJECTED, releasing the working quantity; a DUPLICATE_CLORDID rejection means
     *   the venue holds an earlier attempt: state kept, RECONCILE alert.</li>
     *   <li>Expired, Canceled: the order ends so and its remaining quantity stops counting as exposure.</li>
     *   <li>SendFailed: below {@code send_retry.max_attempts} (and not final) the next OrderSent with the same
     *   ClOrdID and attempt + 1 (the host applies the backoff); when giving up, a TIMEOUT leaves the order SENT
     *   (in doubt: the venue may have it) with a CRITICAL alert to reconcile, any other error marks it REJECTED
     *   locally and releases its exposure. Every SendFailed is also a broker API error.</li>
     * </ul>
     */
    private void onBrokerReport(final long inputIndex, final int templateId, final DirectBuffer buffer, final int body,
        final int blockLength, final int version)
    {
        // tsNs leads every broker report (schema convention, asserted by MessageTimesTest).
        autoPause.advance(buffer.getLong(body, MessageHeaderDecoder.BYTE_ORDER));
        switch (templateId)
        {
            case BrokerAckDecoder.TEMPLATE_ID:
                lifecycle.onBrokerAck(inputIndex, brokerAckInput.wrap(buffer, body, blockLength, version));
                break;
            case FillDecoder.TEMPLATE_ID:
                lifecycle.onFill(inputIndex, fillInput.wrap(buffer, body, blockLength, version));
                break;
            case BrokerRejectDecoder.TEMPLATE_ID:
                lifecycle.onBrokerReject(inputIndex, brokerRejectInput.wrap(buffer, body, blockLength, version));
                break;
            case ExpiredDecoder.TEMPLATE_ID:
                lifecycle.onExpired(inputIndex, expiredInput.wrap(buffer, body, blockLength, version));
                break;
            case CanceledDecoder.TEMPLATE_ID:
                lifecycle.onCanceled(inputIndex, canceledInput.wrap(buffer, body, blockLength, version));
                break;
            default:
                lifecycle.onSendFailed(inputIndex, sendFailedInput.wrap(buffer, body, blockLength, version));
                // Counted after the retry it caused was counted as a request (broker_api_errors_total).
                autoPause.onError();
                break;
        }
        pauseIfTripped(inputIndex);
    }

    /**
     * @return status queries of the current start not answered yet; the host takes no new input while this is
     * above 0 (nothing new is sent before reconciliation completes).
     */
    public int reconcilePending()
    {
        return reconciler.pending();
    }

    /** @return the first query id the last {@code EngineStarted} asked under; they run on for {@link #reconcileAsked()}. */
    public long reconcileFirstQueryId()
    {
        return reconciler.firstQueryId();
    }

    /** @return how many status queries the last {@code EngineStarted} asked. */
    public int reconcileAsked()
    {
        return reconciler.asked();
    }

    /** @return true while the global trading pause is on. */
    public boolean tradingPaused()
    {
        return paused;
    }

    /** @return the number of orders recorded in the outbox. */
    public int outboxSize()
    {
        return outbox.size();
    }

    /** @return the policy in force. */
    public RiskPolicy policy()
    {
        return policy;
    }

    /**
     * SHA-256 of the full decision state, fed in a fixed order: pause flag, rate window, symbols in
     * first-seen order (position, average cost, PnL, round trip, streak, open qty, last fill
     * price), traces in first-sent order with their notional, outbox entries in recording order
     * with their order state and pending status query, then the reconciliation counters. Observational stamps are excluded, so live and replay agree whatever
     * their clocks. Allocates; for start-up, shutdown and tests, not the hot path.
     *
     * @return 32 bytes (EngineStarted/EngineStopped.stateHash).
     */
    public byte[] stateDigest()
    {
        final StateHasher hasher = new StateHasher();
        hasher.putBoolean(paused);
        rateWindow.hashInto(hasher);
        symbols.hashInto(hasher);
        traces.hashInto(hasher);
        outbox.hashInto(hasher);
        reconciler.hashInto(hasher);
        autoPause.hashInto(hasher);
        controlGuard.hashInto(hasher);
        return hasher.finish();
    }

    /** @return the first 8 bytes of {@link #stateDigest()} as a little-endian long. */
    public long stateHash()
    {
        final byte[] digest = stateDigest();
        long hash = 0;
        for (int i = 7; i >= 0; i--)
        {
            hash = (hash << 8) | (digest[i] & 0xFF);
        }
        return hash;
    }

    /** @return the error-rate window's requests and errors at the monitor's clock, for tests. */
    long[] brokerErrorWindow()
    {
        return new long[] {autoPause.requestsInWindow(), autoPause.errorsInWindow()};
    }

    long position(final String symbol)
    {
        final int id = symbolIdOf(symbol);
        return id < 0 ? 0 : symbols.position(id);
    }

    long realisedPnl(final String symbol)
    {
        final int id = symbolIdOf(symbol);
        return id < 0 ? 0 : symbols.realisedPnl(id);
    }

    int lossStreak(final String symbol)
    {
        final int id = symbolIdOf(symbol);
        return id < 0 ? 0 : symbols.lossStreak(id);
    }

    long openQty(final String symbol, final int sideSign)
    {
        final int id = symbolIdOf(symbol);
        return id < 0 ? 0 : symbols.openQty(id, sideSign);
    }

    /** @return the symbol's position (the one P&L model, {@link Position}), or null when never seen; for tests. */
    Position positionOf(final String symbol)
    {
        final int id = symbolIdOf(symbol);
        return id < 0 ? null : symbols.positionOf(id);
    }

    /** @return the life-cycle state of the order recorded under {@code key}, or null when none. */
    EngineOrderState orderState(final byte[] key)
    {
        final int id = outboxIdOf(key);
        return id < 0 ? null : outbox.state(id);
    }

    /** @return the filled quantity of the order recorded under {@code key}, or 0 when none; for tests. */
    long orderCumQty(final byte[] key)
    {
        final int id = outboxIdOf(key);
        return id < 0 ? 0 : outbox.cumQty(id);
    }

    /** @return the average fill price of the order recorded under {@code key}, or 0 when none; for tests. */
    long orderAverageFillPrice(final byte[] key)
    {
        final int id = outboxIdOf(key);
        return id < 0 ? 0 : outbox.averageFillPrice(id);
    }

    private int outboxIdOf(final byte[] key)
    {
        final UnsafeBuffer view = new UnsafeBuffer(key);
        return outbox.find(view.getLong(0, ByteOrder.LITTLE_ENDIAN), view.getLong(8, ByteOrder.LITTLE_ENDIAN),
            view.getLong(16, ByteOrder.LITTLE_ENDIAN), view.getLong(24, ByteOrder.LITTLE_ENDIAN));
    }

    private int symbolIdOf(final String symbol)
    {
        final UnsafeBuffer view = new UnsafeBuffer(nulPadded(symbol, OrderTicket.SYMBOL_LENGTH));
        return symbols.find(view.getLong(0, ByteOrder.LITTLE_ENDIAN), view.getLong(8, ByteOrder.LITTLE_ENDIAN));
    }

    private boolean passQualityGate(final long inputIndex, final int symbolId)
    {
        qualityGate.evaluate(ticket.qty, ticket.missingRatioPpm, ticket.dataLagMs);
        publisher.qualityDecision(inputIndex, ticket.qty, qualityGate.finalQty(), qualityGate.factorPpm(),
            ticket.missingRatioPpm, ticket.dataLagMs, qualityGate.verdict(), qualityGate.reason(), ticket.traceId,
            requestKey);
        if (QualityVerdict.OK == qualityGate.verdict())
        {
            return true;
        }
        final boolean flat = QualityVerdict.FLAT == qualityGate.verdict();
        describeQuality(flat);
        if (!flat && qualityGate.finalQty() > 0)
        {
            publisher.alert(inputIndex, AlertCode.QUALITY, Severity.INFO, RiskRule.NONE, symbols.policyName(symbolId),
                ticket.traceId, text);
            return true;
        }
        final RiskRule rule = flat ? RiskRule.QUALITY_FLAT : RiskRule.ZERO_QTY_AFTER_ADJUSTMENT;
        publisher.riskDecision(inputIndex, ticket.qty, 0, 0, 0, RiskVerdict.REJECT, rule, Severity.WARNING,
            ticket.symbol, symbols.policyName(symbolId), ticket.traceId, requestKey);
        publisher.alert(inputIndex, AlertCode.QUALITY, Severity.WARNING, rule, symbols.policyName(symbolId),
            ticket.traceId, text);
        return false;
    }

    private void describeQuality(final boolean flat)
    {
        final QualityThresholds thresholds = qualityGate.thresholds();
        text.reset().append(flat ? "quality FLAT (" : "quality SCALE (").append(qualityGate.reason().name())
            .append("): missing_ratio ").append(ticket.missingRatioPpm).append(" ppm (")
            .append(flat ? "flat_at " : "scale_at ")
            .append(flat ? thresholds.missingRatioFlatPpm() : thresholds.missingRatioScalePpm())
            .append(" ppm), data_lag_ms ").append(ticket.dataLagMs).append(" (").append(flat ? "flat_at " : "scale_at ")
            .append(flat ? thresholds.dataLagFlatMs() : thresholds.dataLagScaleMs()).append(')');
        if (flat)
        {
            text.append("; no order");
        }
        else
        {
            text.append("; qty ").appendFixed6(ticket.qty).append(" scaled to ").appendFixed6(qualityGate.finalQty())
                .append(" by factor ").append(qualityGate.factorPpm()).append(" ppm");
        }
    }

    private void send(final long inputIndex, final int symbolId, final int knownTraceId, final long k0, final long k1,
        final long k2, final long k3)
    {
        final long qty = riskGate.finalQty();
        final int traceId = knownTraceId >= 0 ? knownTraceId : traces.add(ticket.traceWords);
        traces.addSentNotional(traceId, riskGate.orderNotional());
        rateWindow.recordSend();
        symbols.addOpen(symbolId, ticket.sideSign(), qty);
        final int id = outbox.add(k0, k1, k2, k3, symbolId, traceId, (byte)ticket.sideRaw, (byte)ticket.orderTypeRaw,
            (byte)ticket.timeInForceRaw, qty, ticket.price, inputIndex, ticket.clientTsNs);
        IdempotencyKeys.deriveClOrdId(requestKey, 0, clOrdId, 0);
        publisher.outboxRecorded(inputIndex, qty, ticket.price, ticket.sideRaw, ticket.orderTypeRaw,
            ticket.timeInForceRaw, ticket.symbol, ticket.traceId, clOrdId, requestKey);
        outbox.state(id, OrderTransitions.next(EngineOrderState.NEW, OrderTransitions.ON_SEND));
        outbox.attempts(id, 1);
        autoPause.onRequest();
        outbox.sentNs(id, publisher.orderSent(inputIndex, qty, ticket.price, 1, ticket.sideRaw, ticket.orderTypeRaw,
            ticket.timeInForceRaw, ticket.symbol, ticket.traceId, clOrdId, requestKey));
    }

    /**
     * When one of the runbook's rules tripped on this input and trading is not paused yet, pause it as the
     * system: TradingPauseChanged(paused, AUTO, "auto-pause", reason) and a CRITICAL alert coded by the rule
     * (BROKER_ERROR_RATE, SLIPPAGE_BREACH, LOSS_STREAK_PAUSE). Only an operator's PAUSE_OFF lifts it. A rule that
     * trips while already paused changes nothing.
     */
    private void pauseIfTripped(final long inputIndex)
    {
        final AlertCode code = autoPause.tripped();
        if (null == code)
        {
            return;
        }
        autoPause.clearTrip();
        if (paused)
        {
            return;
        }
        paused = true;
        final AsciiText reason = autoPause.reason();
        publisher.tradingPauseChanged(inputIndex, true, PauseSource.AUTO, AUTO_PAUSE_OPERATOR, reason.bytes(),
            reason.length());
        text.reset().append("trading paused automatically: ").appendBytes(reason.bytes(), 0, reason.length())
            .append("; stays paused until an operator turns it off (noctria pause --off)");
        publisher.alert(inputIndex, code, Severity.CRITICAL, RiskRule.NONE, null, null, text);
    }

    private void switchPause(final long inputIndex, final boolean on, final PauseSource source, final byte[] operator,
        final byte[] reason, final int reasonLength)
    {
        final AlertCode code = on ? AlertCode.TRADING_PAUSED : AlertCode.TRADING_RESUMED;
        text.reset();
        if (paused == on)
        {
            text.append(on ? "pause requested by " : "resume requested by ").appendField(operator, 32)
                .append(on ? " while already paused: " : " while not paused: ").appendBytes(reason, 0, reasonLength);
            publisher.alert(inputIndex, code, Severity.INFO, RiskRule.NONE, null, null, text);
            return;
        }
        paused = on;
        publisher.tradingPauseChanged(inputIndex, on, source, operator, reason, reasonLength);
        text.append(on ? "trading paused by " : "trading resumed by ").appendField(operator, 32).append(": ")
            .appendBytes(reason, 0, reasonLength);
        publisher.alert(inputIndex, code, on ? Severity.WARNING : Severity.INFO, RiskRule.NONE, null, null, text);
    }

    private int symbolIdOf(final long w0, final long w1)
    {
        final int id = symbols.find(w0, w1);
        return id >= 0 ? id : symbols.add(w0, w1, policy);
    }

    private static boolean equalBytes(final byte[] a, final byte[] b, final int length)
    {
        int difference = 0;
        for (int i = 0; i < length; i++)
        {
            difference |= a[i] ^ b[i];
        }
        return 0 == difference;
    }

    private static byte[] nulPadded(final String value, final int length)
    {
        final byte[] bytes = new byte[length];
        final byte[] ascii = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, bytes, 0, Math.min(ascii.length, length));
        return bytes;
    }
}

package io.noctria.engine.core;

import io.noctria.codecs.OrderTransitions;
import io.noctria.codecs.Position;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

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
 * when signed by an operator of the roster journaled before them ({@link OperatorControls}, {@link ControlGuard},
 * {@link ControlSignatures}). Authentication and the key are {@link RequestAuthenticator}'s. Business time is the request's
 * own ts ({@code clientTsNs}); the {@link EpochNanoClock} only stamps {@code tsNs} on events.
 * See docs/risk.md for every rule, its order and units.
 * <p>
 * Single-threaded by contract (the single writer). Steady state allocates nothing: flyweights,
 * buffers and tables are allocated at construction, at the capacities the configuration sets ({@code
 * outbox.capacity}, {@code outbox.trace_capacity}, {@code outbox.symbol_capacity}); a full table refuses the request
 * (OUTBOX_FULL, TRACE_BOOK_FULL, SYMBOL_BOOK_FULL) with a CRITICAL TABLE_FULL alert and the core carries on. Finished
 * orders leave the outbox after the dedupe horizon (docs/architecture.md, "Dedupe horizon"). Not thread-safe.
 * <p>
 * Why this file is over 600 lines: it is the state machine's one entry — the dispatch of every input template, the
 * order request's path in its order (validation → key → duplicate → quality → risk → send) and the read-only views
 * the host, snapshots and tests use. Every part with rules of its own already lives beside it ({@link RiskGate},
 * {@link QualityGate}, {@link OrderActions}, {@link OrderLifecycle}, {@link OrderReconciler}, {@link OperatorControls},
 * {@link Outbox}); what stays is the sequence, which reads best in one place.
 */
public final class ExecutionCore
{
    private final RequestAuthenticator authenticator;
    private final EventPublisher publisher;
    private final OrderRequestValidator validator;
    private final QualityGate qualityGate;
    private final RiskGate riskGate;
    private final SymbolBook symbols;
    private final TraceBook traces;
    private final Outbox outbox;
    private final OrderRateWindow rateWindow;
    private final OrderLifecycle lifecycle;
    private final OrderActions actions;
    private final OrderReconciler reconciler;
    private final AutoPauseMonitor autoPause;
    private final ControlGuard controlGuard;
    private final OperatorControls controls;
    // What a full book's refusal names.
    private final int outboxCapacity;
    private final int traceCapacity;
    private final int symbolCapacity;

    private final OrderTicket ticket = new OrderTicket();
    private final AsciiText text = new AsciiText(EventPublisher.MAX_TEXT);
    private final byte[] requestKey = new byte[IdempotencyKeys.KEY_LENGTH];
    private final UnsafeBuffer requestKeyView = new UnsafeBuffer(requestKey);
    private final byte[] clOrdId = new byte[IdempotencyKeys.CL_ORD_ID_LENGTH];

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
    private final CancelRequestDecoder cancelRequestInput = new CancelRequestDecoder();
    private final ReplaceRequestDecoder replaceRequestInput = new ReplaceRequestDecoder();
    private final CancelAllDecoder cancelAllInput = new CancelAllDecoder();
    private final ReplacedDecoder replacedInput = new ReplacedDecoder();
    private final CancelRejectDecoder cancelRejectInput = new CancelRejectDecoder();
    private final VenueInputRefusedDecoder venueRefusedInput = new VenueInputRefusedDecoder();
    private final VenueRefusals venueRefusals;

    /**
     * @param config     engine settings (quality thresholds, clock skew, key policy, send retries, table capacities,
     *                   dedupe horizon).
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
        this.publisher = new EventPublisher(sink, stampClock);
        this.authenticator = new RequestAuthenticator(keys, publisher, config);
        this.validator = new OrderRequestValidator(config.maxClockSkewNs());
        this.qualityGate = new QualityGate(config.quality());
        this.outboxCapacity = config.outboxCapacity();
        this.traceCapacity = config.traceCapacity();
        this.symbolCapacity = config.symbolCapacity();
        this.symbols = new SymbolBook(symbolCapacity);
        this.traces = new TraceBook(traceCapacity);
        this.outbox = new Outbox(outboxCapacity, config.dedupeHorizonNs());
        this.rateWindow = new OrderRateWindow(policy.maxOrdersPerSecond());
        this.riskGate = new RiskGate(symbols, traces, rateWindow);
        this.autoPause = new AutoPauseMonitor(config.autoPause());
        this.actions = new OrderActions(config, outbox, symbols, traces, riskGate, publisher, keys);
        this.lifecycle = new OrderLifecycle(outbox, symbols, traces, publisher, autoPause, actions,
            config.maxSendAttempts());
        this.reconciler = new OrderReconciler(outbox, symbols, traces, publisher, lifecycle);
        this.venueRefusals = new VenueRefusals(publisher);
        this.controlGuard = new ControlGuard(config.controlMaxAgeNs());
        this.controls = new OperatorControls(policy, publisher, symbols, rateWindow, autoPause, controlGuard, actions,
            config.pauseCancelWorking());
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
            case CancelRequestDecoder.TEMPLATE_ID:
                actions.onCancelRequest(inputIndex, cancelRequestInput.wrap(buffer, body, blockLength, version));
                break;
            case ReplaceRequestDecoder.TEMPLATE_ID:
                actions.onReplaceRequest(inputIndex, replaceRequestInput.wrap(buffer, body, blockLength, version),
                    controls.paused());
                break;
            case CancelAllDecoder.TEMPLATE_ID:
                controls.onCancelAll(inputIndex, cancelAllInput.wrap(buffer, body, blockLength, version));
                break;
            case BrokerAckDecoder.TEMPLATE_ID:
            case FillDecoder.TEMPLATE_ID:
            case BrokerRejectDecoder.TEMPLATE_ID:
            case ExpiredDecoder.TEMPLATE_ID:
            case CanceledDecoder.TEMPLATE_ID:
            case SendFailedDecoder.TEMPLATE_ID:
            case ReplacedDecoder.TEMPLATE_ID:
            case CancelRejectDecoder.TEMPLATE_ID:
                onBrokerReport(inputIndex, inputHeader.templateId(), buffer, body, blockLength, version);
                break;
            case VenueInputRefusedDecoder.TEMPLATE_ID:
                venueRefusals.onVenueInputRefused(inputIndex, venueRefusedInput.wrap(buffer, body, blockLength, version));
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
            case EngineStartedDecoder.TEMPLATE_ID:
            case OperatorKeyDecoder.TEMPLATE_ID:
            case CancelRequestDecoder.TEMPLATE_ID:
            case ReplaceRequestDecoder.TEMPLATE_ID:
            case CancelAllDecoder.TEMPLATE_ID:
                return true;
            default:
                return isBrokerReport(templateId);
        }
    }

    /**
     * @return true for every input a broker gateway delivers (execution reports, status answers and the gateway's
     * refusals of venue input): the one list the host's counters and recovery's resume point share with
     * {@link #isInput}.
     */
    public static boolean isBrokerReport(final int templateId)
    {
        switch (templateId)
        {
            case BrokerAckDecoder.TEMPLATE_ID:
            case FillDecoder.TEMPLATE_ID:
            case BrokerRejectDecoder.TEMPLATE_ID:
            case ExpiredDecoder.TEMPLATE_ID:
            case CanceledDecoder.TEMPLATE_ID:
            case SendFailedDecoder.TEMPLATE_ID:
            case OrderStatusReportDecoder.TEMPLATE_ID:
            case ReplacedDecoder.TEMPLATE_ID:
            case CancelRejectDecoder.TEMPLATE_ID:
            case VenueInputRefusedDecoder.TEMPLATE_ID: // the gateway's refusal of venue input, in the same stream
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
        outbox.advance(ticket.ingressNs);
        if (outbox.isStale(ticket.clientTsNs))
        {
            refuseStale();
            return;
        }
        if (!authenticator.admit(ticket, 1 == ticket.sideRaw ? Side.BUY : Side.SELL, text, requestKey))
        {
            return;
        }
        if (!ticket.keyPresent)
        {
            // The events after this one refer to the request for its key; one it did not carry is journaled here.
            publisher.requestKeyed(inputIndex, requestKey);
        }

        final long k0 = requestKeyView.getLong(0, ByteOrder.LITTLE_ENDIAN);
        final long k1 = requestKeyView.getLong(8, ByteOrder.LITTLE_ENDIAN);
        final long k2 = requestKeyView.getLong(16, ByteOrder.LITTLE_ENDIAN);
        final long k3 = requestKeyView.getLong(24, ByteOrder.LITTLE_ENDIAN);
        final int existing = outbox.find(k0, k1, k2, k3);
        if (existing >= 0)
        {
            publisher.duplicateSuppressed(inputIndex, outbox.firstInputIndex(existing));
            return;
        }

        final int symbolId = symbolIdOf(ticket.symbolWord0(), ticket.symbolWord1());
        final int traceId = traces.find(ticket.traceWords);
        if (symbolId < 0 || traceId < 0 && traces.isFull() || outbox.isFull())
        {
            refuseFull(inputIndex, symbolId);
            return;
        }
        if (!passQualityGate(inputIndex, symbolId))
        {
            return;
        }
        final long qty = qualityGate.finalQty();
        riskGate.evaluate(symbolId, ticket.sideSign(), qty, ticket.price, ticket.orderTypeRaw, ticket.timeInForceRaw,
            ticket.clientTsNs, traceId, controls.paused(), true);
        publisher.riskDecision(inputIndex, qty, riskGate.finalQty(), riskGate.limitValue(), riskGate.observedValue(),
            riskGate.verdict(), riskGate.rule(), riskGate.severity(), symbols.policyName(symbolId));
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
        controls.onControl(inputIndex, control);
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
        controls.onPolicyReload(inputIndex, reload);
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
        controls.applyPolicy(newPolicy, inputIndex);
    }

    /**
     * Records that the host could not load a requested policy; the policy in force is unchanged.
     *
     * @param inputIndex journal index of the POLICY_RELOAD control.
     * @param detail     the loader's message (file, key, value); must not contain secrets.
     */
    public void policyReloadFailed(final long inputIndex, final CharSequence detail)
    {
        controls.policyReloadFailed(inputIndex, detail);
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
            case ReplacedDecoder.TEMPLATE_ID:
                lifecycle.onReplaced(inputIndex, replacedInput.wrap(buffer, body, blockLength, version));
                break;
            case CancelRejectDecoder.TEMPLATE_ID:
                lifecycle.onCancelReject(inputIndex, cancelRejectInput.wrap(buffer, body, blockLength, version));
                break;
            default:
                lifecycle.onSendFailed(inputIndex, sendFailedInput.wrap(buffer, body, blockLength, version));
                // Counted after the retry it caused was counted as a request (broker_api_errors_total).
                autoPause.onError();
                break;
        }
        controls.pauseIfTripped(inputIndex);
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
        return controls.paused();
    }

    /** @return the number of orders in the outbox: open ones and finished ones within the dedupe horizon. */
    public int outboxSize()
    {
        return outbox.size();
    }

    /** @return finished orders evicted from the outbox past the dedupe horizon so far (observational). */
    public long outboxEvicted()
    {
        return outbox.evicted();
    }

    /** @return the policy in force. */
    public RiskPolicy policy()
    {
        return controls.policy();
    }

    /**
     * SHA-256 of the full decision state, fed in a fixed order: pause flag, rate window, symbols in
     * first-seen order (position, average cost, PnL, round trip, streak, open qty, last fill
     * price), traces in first-sent order with their notional, outbox entries in id order (recording order until
     * an evicted entry's id is reused) with their order state and pending status query, and, with a dedupe
     * horizon, its watermark, floor and finished ring; then the reconciliation counters. Nothing in it depends on
     * the books' capacities. Observational stamps are excluded, so live and replay agree whatever
     * their clocks. Allocates; for start-up, shutdown and tests, not the hot path.
     *
     * @return 32 bytes (EngineStarted/EngineStopped.stateHash).
     */
    public byte[] stateDigest()
    {
        final StateHasher hasher = new StateHasher();
        hasher.putBoolean(controls.paused());
        rateWindow.hashInto(hasher);
        symbols.hashInto(hasher);
        traces.hashInto(hasher);
        outbox.hashInto(hasher);
        reconciler.hashInto(hasher);
        autoPause.hashInto(hasher);
        controlGuard.hashInto(hasher);
        actions.hashInto(hasher);
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
        return ofSymbol(symbol, symbols::position);
    }

    long realisedPnl(final String symbol)
    {
        return ofSymbol(symbol, symbols::realisedPnl);
    }

    int lossStreak(final String symbol)
    {
        return (int)ofSymbol(symbol, symbols::lossStreak);
    }

    long openQty(final String symbol, final int sideSign)
    {
        return ofSymbol(symbol, id -> symbols.openQty(id, sideSign));
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

    /** @return the qty of the order recorded under {@code key} (a Replaced changes it), or 0 when none; for tests. */
    long orderQty(final byte[] key)
    {
        final int id = outboxIdOf(key);
        return id < 0 ? 0 : outbox.qty(id);
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

    /** @return {@code value} of the symbol's id, or 0 when the symbol was never seen; for tests (allocates). */
    private long ofSymbol(final String symbol, final java.util.function.IntToLongFunction value)
    {
        final int id = symbolIdOf(symbol);
        return id < 0 ? 0 : value.applyAsLong(id);
    }

    private int outboxIdOf(final byte[] key)
    {
        final UnsafeBuffer view = new UnsafeBuffer(key);
        return outbox.find(view.getLong(0, ByteOrder.LITTLE_ENDIAN), view.getLong(8, ByteOrder.LITTLE_ENDIAN),
            view.getLong(16, ByteOrder.LITTLE_ENDIAN), view.getLong(24, ByteOrder.LITTLE_ENDIAN));
    }

    private int symbolIdOf(final String symbol)
    {
        final UnsafeBuffer view = new UnsafeBuffer(AsciiText.nulPadded(symbol, OrderTicket.SYMBOL_LENGTH));
        return symbols.find(view.getLong(0, ByteOrder.LITTLE_ENDIAN), view.getLong(8, ByteOrder.LITTLE_ENDIAN));
    }

    private boolean passQualityGate(final long inputIndex, final int symbolId)
    {
        qualityGate.evaluate(ticket.qty, ticket.missingRatioPpm, ticket.dataLagMs);
        publisher.qualityDecision(inputIndex, ticket.qty, qualityGate.finalQty(), qualityGate.factorPpm(),
            ticket.missingRatioPpm, ticket.dataLagMs, qualityGate.verdict(), qualityGate.reason());
        if (QualityVerdict.OK == qualityGate.verdict())
        {
            return true;
        }
        final boolean flat = QualityVerdict.FLAT == qualityGate.verdict();
        qualityGate.describe(ticket.qty, ticket.missingRatioPpm, ticket.dataLagMs, text.reset());
        if (!flat && qualityGate.finalQty() > 0)
        {
            publisher.alert(inputIndex, AlertCode.QUALITY, Severity.INFO, RiskRule.NONE, symbols.policyName(symbolId),
                ticket.traceId, text);
            return true;
        }
        final RiskRule rule = flat ? RiskRule.QUALITY_FLAT : RiskRule.ZERO_QTY_AFTER_ADJUSTMENT;
        publisher.riskDecision(inputIndex, ticket.qty, 0, 0, 0, RiskVerdict.REJECT, rule, Severity.WARNING,
            symbols.policyName(symbolId));
        publisher.alert(inputIndex, AlertCode.QUALITY, Severity.WARNING, rule, symbols.policyName(symbolId),
            ticket.traceId, text);
        return false;
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
        actions.onOrderAdded(id);
        IdempotencyKeys.deriveClOrdId(requestKey, 0, clOrdId, 0);
        publisher.outboxRecorded(inputIndex, outbox, id);
        outbox.state(id, OrderTransitions.next(EngineOrderState.NEW, OrderTransitions.ON_SEND));
        outbox.attempts(id, 1);
        autoPause.onRequest();
        outbox.sentNs(id, publisher.orderSent(inputIndex, outbox, id, ticket.symbol, ticket.traceId, clOrdId, requestKey));
    }

    /** @return the symbol's id, added when new; -1 when it is new and the symbol book is full. */
    private int symbolIdOf(final long w0, final long w1)
    {
        final int id = symbols.find(w0, w1);
        if (id >= 0)
        {
            return id;
        }
        return symbols.isFull() ? -1 : symbols.add(w0, w1, controls.policy());
    }

    /**
     * The request's ts is below the outbox's staleness floor: a request that old may carry the key of an order the
     * outbox has already forgotten, so it is refused as stale like one beyond {@code clock.max_skew_ms}.
     */
    private void refuseStale()
    {
        text.reset().append("ts is ").append((outbox.floorNs() - ticket.clientTsNs) / 1_000_000)
            .append(" ms before the dedupe floor (the newest ingress time less outbox.dedupe_horizon_ms): ")
            .append("too old to tell from an order already forgotten");
        publisher.inputRejected(ticket.inboundIndex, InputRejectReason.TIMESTAMP_TOO_OLD, ticket.traceId, text);
    }

    /** A table the request needs has no room: refused with the reason, and a CRITICAL alert for the operator. */
    private void refuseFull(final long inputIndex, final int symbolId)
    {
        final InputRejectReason reason;
        text.reset();
        if (symbolId < 0)
        {
            reason = InputRejectReason.SYMBOL_BOOK_FULL;
            text.append("symbol book full: ").append(symbolCapacity)
                .append(" symbols (outbox.symbol_capacity); new symbols are refused");
        }
        else if (outbox.isFull())
        {
            reason = InputRejectReason.OUTBOX_FULL;
            text.append("outbox full: ").append(outboxCapacity)
                .append(" orders open or finished within the dedupe horizon (outbox.capacity); new orders are refused");
        }
        else
        {
            reason = InputRejectReason.TRACE_BOOK_FULL;
            text.append("trace book full: ").append(traceCapacity)
                .append(" trace ids (outbox.trace_capacity); requests with a new trace id are refused");
        }
        publisher.inputRejected(ticket.inboundIndex, reason, ticket.traceId, text);
        publisher.alert(inputIndex, AlertCode.TABLE_FULL, Severity.CRITICAL, RiskRule.NONE,
            symbolId < 0 ? null : symbols.policyName(symbolId), ticket.traceId, text);
    }

    // The parts CoreSnapshot writes and restores.

    OperatorControls controls()
    {
        return controls;
    }

    OrderRateWindow rateWindow()
    {
        return rateWindow;
    }

    SymbolBook symbols()
    {
        return symbols;
    }

    TraceBook traces()
    {
        return traces;
    }

    Outbox outbox()
    {
        return outbox;
    }

    OrderActions actions()
    {
        return actions;
    }

    OrderReconciler reconciler()
    {
        return reconciler;
    }

    AutoPauseMonitor autoPause()
    {
        return autoPause;
    }

    ControlGuard controlGuard()
    {
        return controlGuard;
    }
}

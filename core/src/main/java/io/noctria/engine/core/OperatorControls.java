package io.noctria.engine.core;

import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.CancelAllDecoder;
import io.noctria.codecs.sbe.ControlDecoder;
import io.noctria.codecs.sbe.InputRejectReason;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.PauseSource;
import io.noctria.codecs.sbe.PolicyReloadDecoder;
import io.noctria.codecs.sbe.RiskRule;
import io.noctria.codecs.sbe.Severity;
import io.noctria.engine.config.ConfigException;
import io.noctria.engine.config.RiskPolicy;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * The operator's side of the core: Controls (pause on/off), PolicyReloads, the policy in force and the global
 * trading pause, whoever switches it (an operator, a loaded policy, or one of the runbook's automatic rules).
 * It is split from {@link ExecutionCore} because none of this is on an order's path: the core asks it only
 * whether trading is paused and which policy a new symbol resolves against. An operator input from inbound
 * acts only when signed by an operator of the roster journaled before it ({@link ControlGuard}).
 * <p>
 * Single-threaded, owned by the core's single writer; deterministic (no clock, every input journaled).
 */
final class OperatorControls
{
    private static final int OPERATOR_LENGTH = 32;
    private static final byte[] POLICY_OPERATOR = AsciiText.nulPadded("policy", OPERATOR_LENGTH);
    /** Operator name of a pause the core switched on by itself (the runbook's automatic rules). */
    private static final byte[] AUTO_PAUSE_OPERATOR = AsciiText.nulPadded("auto-pause", OPERATOR_LENGTH);

    private final EventPublisher publisher;
    private final SymbolBook symbols;
    private final OrderRateWindow rateWindow;
    private final AutoPauseMonitor autoPause;
    private final ControlGuard controlGuard;
    private final OrderActions actions;
    /** {@code pause.cancel_working}: a pause halts (cancels every working order) rather than only refusing new risk. */
    private final boolean cancelOnPause;

    private final AsciiText text = new AsciiText(EventPublisher.MAX_TEXT);
    private final AsciiText controlAlert = new AsciiText(EventPublisher.MAX_TEXT);
    private final byte[] operatorName = new byte[OPERATOR_LENGTH];
    private final byte[] controlReason = new byte[EventPublisher.MAX_TEXT];
    private final byte[] filterSymbol = new byte[OrderTicket.SYMBOL_LENGTH];
    private final org.agrona.concurrent.UnsafeBuffer filterSymbolView = new org.agrona.concurrent.UnsafeBuffer(filterSymbol);

    private RiskPolicy policy;
    private boolean paused;

    /** @param policy the policy in force at start; its {@code global_trading_pause} is the starting pause state. */
    OperatorControls(final RiskPolicy policy, final EventPublisher publisher, final SymbolBook symbols,
        final OrderRateWindow rateWindow, final AutoPauseMonitor autoPause, final ControlGuard controlGuard,
        final OrderActions actions, final boolean cancelOnPause)
    {
        this.actions = actions;
        this.cancelOnPause = cancelOnPause;
        this.policy = policy;
        this.paused = policy.globalTradingPause();
        this.publisher = publisher;
        this.symbols = symbols;
        this.rateWindow = rateWindow;
        this.autoPause = autoPause;
        this.controlGuard = controlGuard;
    }

    /** @return true while the global trading pause is on. */
    boolean paused()
    {
        return paused;
    }

    /** @return the policy in force. */
    RiskPolicy policy()
    {
        return policy;
    }

    /** See {@link ExecutionCore#onControl}. */
    void onControl(final long inputIndex, final ControlDecoder control)
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
        // Malformed controls are refused first; a well-formed one acts only when a trusted operator signed it.
        if (!operatorNamed(control.inboundIndex()) ||
            !trusted(inputIndex, control.buffer(), control.offset(), bodyLength, control.inboundIndex(),
                control.ingressNs(), control.submittedNs()))
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
                text.append("policy reload requested by ").appendField(operatorName, OPERATOR_LENGTH).append(" (")
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
     * A CancelAll: when a trusted operator signed it, a CancelSent for every working order (of its symbol, when it
     * names one), then an INFO alert with who, why and how many.
     */
    void onCancelAll(final long inputIndex, final CancelAllDecoder cancelAll)
    {
        text.reset();
        cancelAll.getOperatorName(operatorName, 0);
        cancelAll.getSymbol(filterSymbol, 0);
        final int bodyLength = cancelAll.sbeDecodedLength();
        cancelAll.sbeRewind();
        final int reasonLength = cancelAll.reasonLength();
        final int symbolLength = OrderRequestValidator.fieldLength(filterSymbol, 0x21, true);
        if (reasonLength > controlReason.length || symbolLength < 0)
        {
            text.append(symbolLength < 0 ? "symbol must be printable ASCII without spaces or '|'" : "reason of ")
                .append(symbolLength < 0 ? "" : reasonLength + " bytes exceeds " + controlReason.length);
            publisher.inputRejected(cancelAll.inboundIndex(), InputRejectReason.INVALID_CONTROL, null, text);
            return;
        }
        cancelAll.getReason(controlReason, 0, reasonLength);
        if (!operatorNamed(cancelAll.inboundIndex()) ||
            !trusted(inputIndex, cancelAll.buffer(), cancelAll.offset(), bodyLength, cancelAll.inboundIndex(),
                cancelAll.ingressNs(), cancelAll.submittedNs()))
        {
            return;
        }
        final int symbolId = 0 == symbolLength ? -1 : symbols.find(
            filterSymbolView.getLong(0, java.nio.ByteOrder.LITTLE_ENDIAN),
            filterSymbolView.getLong(8, java.nio.ByteOrder.LITTLE_ENDIAN));
        final int sent = 0 == symbolLength || symbolId >= 0 ? actions.cancelWorking(inputIndex, symbolId) : 0;
        text.reset().append("cancel-all by ").appendField(operatorName, OPERATOR_LENGTH);
        if (symbolLength > 0)
        {
            text.append(" for ").appendField(filterSymbol, OrderTicket.SYMBOL_LENGTH);
        }
        text.append(": ").append(sent).append(" working order(s) sent a cancel: ")
            .appendBytes(controlReason, 0, reasonLength);
        publisher.alert(inputIndex, AlertCode.RISK_RULE, Severity.INFO, RiskRule.NONE, null, null, text);
    }

    /** See {@link ExecutionCore#onPolicyReload}. */
    void onPolicyReload(final long inputIndex, final PolicyReloadDecoder reload)
    {
        text.reset();
        reload.getOperatorName(operatorName, 0);
        final int bodyLength = reload.sbeDecodedLength();
        reload.sbeRewind();
        reload.skipReason();
        final String source = reload.source();
        final byte[] yaml = new byte[reload.policyLength()];
        reload.getPolicy(yaml, 0, yaml.length);
        // The engine's own start-up reload (inboundIndex -1, never taken from inbound) is trusted unsigned; any
        // other acts only when a trusted operator signed it, policy bytes included.
        if (!operatorNamed(reload.inboundIndex()) ||
            !trusted(inputIndex, reload.buffer(), reload.offset(), bodyLength, reload.inboundIndex(),
                reload.ingressNs(), reload.submittedNs()))
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

    /** See {@link ExecutionCore#applyPolicy}. */
    void applyPolicy(final RiskPolicy newPolicy, final long inputIndex)
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

    /** See {@link ExecutionCore#policyReloadFailed}. */
    void policyReloadFailed(final long inputIndex, final CharSequence detail)
    {
        text.reset().append("policy reload failed, previous policy kept: ").append(detail);
        publisher.alert(inputIndex, AlertCode.POLICY_RELOAD_FAILED, Severity.WARNING, RiskRule.NONE, null, null, text);
    }

    /**
     * When one of the runbook's rules tripped on this input and trading is not paused yet, pause it as the
     * system: TradingPauseChanged(paused, AUTO, "auto-pause", reason) and a CRITICAL alert coded by the rule
     * (BROKER_ERROR_RATE, SLIPPAGE_BREACH, LOSS_STREAK_PAUSE). Only an operator's PAUSE_OFF lifts it. A rule that
     * trips while already paused changes nothing.
     */
    void pauseIfTripped(final long inputIndex)
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
        haltIfConfigured(inputIndex);
    }

    /** With {@code pause.cancel_working}, a pause that just switched on cancels every working order. */
    private void haltIfConfigured(final long inputIndex)
    {
        if (cancelOnPause)
        {
            actions.cancelWorking(inputIndex, -1);
        }
    }

    private void policyRefused(final long inputIndex, final String reason)
    {
        text.append("policy reload by ").appendField(operatorName, OPERATOR_LENGTH).append(" refused, previous policy ")
            .append(policy.policyHashHex().substring(0, 16)).append(" kept: ").appendPrintable(reason);
        publisher.alert(inputIndex, AlertCode.POLICY_RELOAD_FAILED, Severity.WARNING, RiskRule.NONE, null, null, text);
    }

    /** @return true when the operator name just read is well formed; else InputRejected(INVALID_CONTROL). */
    private boolean operatorNamed(final long inboundIndex)
    {
        if (OrderRequestValidator.fieldLength(operatorName, 0x20, false) > 0)
        {
            return true;
        }
        text.append("operator must be 1 to 32 printable ASCII characters, NUL padded");
        publisher.inputRejected(inboundIndex, InputRejectReason.INVALID_CONTROL, null, text);
        return false;
    }

    /**
     * An operator input from inbound acts only when signed by a trusted operator, fresh and not a repeat;
     * otherwise InputRejected with its reason and a CRITICAL CONTROL_REJECTED alert, and nothing changes. One the
     * engine journaled itself (inbound index -1) is trusted. The signature covers the whole message, so the
     * check starts at the header before {@code bodyOffset}.
     */
    private boolean trusted(final long inputIndex, final DirectBuffer buffer, final int bodyOffset,
        final int bodyLength, final long inboundIndex, final long ingressNs, final long submittedNs)
    {
        if (inboundIndex < 0)
        {
            return true;
        }
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

    private void switchPause(final long inputIndex, final boolean on, final PauseSource source, final byte[] operator,
        final byte[] reason, final int reasonLength)
    {
        final AlertCode code = on ? AlertCode.TRADING_PAUSED : AlertCode.TRADING_RESUMED;
        text.reset();
        if (paused == on)
        {
            text.append(on ? "pause requested by " : "resume requested by ").appendField(operator, OPERATOR_LENGTH)
                .append(on ? " while already paused: " : " while not paused: ").appendBytes(reason, 0, reasonLength);
            publisher.alert(inputIndex, code, Severity.INFO, RiskRule.NONE, null, null, text);
            return;
        }
        paused = on;
        publisher.tradingPauseChanged(inputIndex, on, source, operator, reason, reasonLength);
        text.append(on ? "trading paused by " : "trading resumed by ").appendField(operator, OPERATOR_LENGTH)
            .append(": ").appendBytes(reason, 0, reasonLength);
        publisher.alert(inputIndex, code, on ? Severity.WARNING : Severity.INFO, RiskRule.NONE, null, null, text);
        if (on)
        {
            haltIfConfigured(inputIndex);
        }
    }

    /**
     * Puts back the policy in force and the pause a snapshot holds, without any event (they were journaled when
     * they happened); every symbol added after this resolves against {@code restored}.
     */
    void restore(final RiskPolicy restored, final boolean pausedNow)
    {
        policy = restored;
        paused = pausedNow;
    }
}

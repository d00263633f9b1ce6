package io.noctria.engine.cli;

import io.noctria.codecs.Messages;
import io.noctria.codecs.sbe.*;
import io.noctria.replay.InvalidExcerpt;
import io.noctria.replay.TraceTimeline;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;

/**
 * What a postmortem needs from a replayed window, gathered in one pass over its (unfiltered) timeline in
 * journal order: the notable events for the Timeline section, the pause changes and operator controls, alert
 * counts by severity and code, engine starts and stops, policy loads, reject bursts and message counts.
 * <p>
 * Notable: engine starts and stops, policy loads, trading pause changes, policy-reload controls, every
 * CRITICAL alert, operational WARNING/INFO alerts (broker error rate, slippage, loss-streak pause, ...; not the
 * per-order RISK_RULE/QUALITY alerts, which are counted instead), invalid excerpts, and reject bursts: at least
 * {@link #BURST_MIN_REJECTS} rejects (RiskDecision REJECT, BrokerReject, InputRejected) each within
 * {@link #BURST_GAP_NS} of the previous one.
 */
final class PostmortemFacts
{
    /** A reject burst has at least this many rejects... */
    static final int BURST_MIN_REJECTS = 10;
    /** ...each no later than this after the previous one. */
    static final long BURST_GAP_NS = 1_000_000_000L;

    /** Timeline entry kinds, in the order they keep their place when the list is capped. */
    enum Kind
    {
        ENGINE("engine start/stop"),
        POLICY("policy load"),
        PAUSE("pause change"),
        CONTROL("operator control"),
        CRITICAL("CRITICAL alert"),
        REJECT_BURST("reject burst"),
        INVALID("invalid excerpt"),
        WARNING("WARNING alert"),
        INFO("INFO alert");

        private final String label;

        Kind(final String label)
        {
            this.label = label;
        }

        String label()
        {
            return label;
        }
    }

    /** One line of the Timeline section. */
    record Entry(long index, long timeNs, Kind kind, String text)
    {
    }

    /** A TradingPauseChanged. */
    record PauseChange(long index, long timeNs, boolean paused, String source, String operator, String reason)
    {
    }

    /** An EngineStarted or PolicyLoaded: the configuration and policy hashes that came into force. */
    record ConfigEvent(long index, long timeNs, String type, String configHash, String policyHash, String detail)
    {
    }

    final List<Entry> entries = new ArrayList<>();
    final List<PauseChange> pauses = new ArrayList<>();
    final List<Entry> controls = new ArrayList<>();
    final List<ConfigEvent> configEvents = new ArrayList<>();
    final List<Entry> engineStops = new ArrayList<>();
    /** severity → alert code → count. */
    final Map<String, Map<String, Long>> alertsBySeverityAndCode = new TreeMap<>();
    /** message type → count. */
    final Map<String, Long> messageCounts = new TreeMap<>();
    long firstCriticalNs = Long.MIN_VALUE;
    long firstCriticalIndex = -1;
    long fatalStops;
    long rejectBursts;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final EngineStartedDecoder engineStarted = new EngineStartedDecoder();
    private final EngineStoppedDecoder engineStopped = new EngineStoppedDecoder();
    private final PolicyLoadedDecoder policyLoaded = new PolicyLoadedDecoder();
    private final TradingPauseChangedDecoder pauseChanged = new TradingPauseChangedDecoder();
    private final ControlDecoder control = new ControlDecoder();
    private final PolicyReloadDecoder policyReload = new PolicyReloadDecoder();
    private final AlertDecoder alert = new AlertDecoder();
    private final RiskDecisionDecoder riskDecision = new RiskDecisionDecoder();
    private final BrokerRejectDecoder brokerReject = new BrokerRejectDecoder();
    private final InputRejectedDecoder inputRejected = new InputRejectedDecoder();
    private final Burst burst = new Burst();

    /** Gathers the facts of every event of {@code timeline}, which must hold every event (no trace filter). */
    PostmortemFacts(final TraceTimeline timeline)
    {
        for (int i = 0, n = timeline.size(); i < n; i++)
        {
            onEvent(timeline, i);
        }
        burst.close();
        entries.sort((a, b) -> Long.compare(a.index(), b.index()));
    }

    /** @return the alert count of a severity, every code. */
    long alerts(final String severity)
    {
        final Map<String, Long> byCode = alertsBySeverityAndCode.get(severity);
        long total = 0;
        if (byCode != null)
        {
            for (final long count : byCode.values())
            {
                total += count;
            }
        }
        return total;
    }

    private void onEvent(final TraceTimeline timeline, final int position)
    {
        final long index = timeline.index(position);
        final long timeNs = timeline.timeNs(position);
        final InvalidExcerpt invalid = timeline.invalid(position);
        if (invalid != null)
        {
            messageCounts.merge("Invalid", 1L, Long::sum);
            entries.add(new Entry(index, timeNs, Kind.INVALID,
                "Invalid journal excerpt: " + invalid.error() + ": " + invalid.detail()));
            return;
        }
        final int templateId = timeline.templateId(position);
        messageCounts.merge(Messages.name(templateId), 1L, Long::sum);
        switch (templateId)
        {
            case EngineStartedDecoder.TEMPLATE_ID:
                onEngineStarted(index, timeNs, wrap(timeline, position));
                break;
            case EngineStoppedDecoder.TEMPLATE_ID:
                onEngineStopped(index, timeNs, wrap(timeline, position));
                break;
            case PolicyLoadedDecoder.TEMPLATE_ID:
                onPolicyLoaded(index, timeNs, wrap(timeline, position));
                break;
            case TradingPauseChangedDecoder.TEMPLATE_ID:
                onPauseChanged(index, timeNs, wrap(timeline, position));
                break;
            case ControlDecoder.TEMPLATE_ID:
                onControl(index, timeNs, wrap(timeline, position));
                break;
            case PolicyReloadDecoder.TEMPLATE_ID:
                onPolicyReload(index, timeNs, wrap(timeline, position));
                break;
            case AlertDecoder.TEMPLATE_ID:
                onAlert(index, timeNs, wrap(timeline, position));
                break;
            case RiskDecisionDecoder.TEMPLATE_ID:
            {
                final int body = wrap(timeline, position);
                riskDecision.wrap(view, body, header.blockLength(), header.version());
                if (riskDecision.verdict() == RiskVerdict.REJECT)
                {
                    burst.add(index, timeNs, "risk", riskDecision.rule().name());
                }
                break;
            }
            case BrokerRejectDecoder.TEMPLATE_ID:
            {
                final int body = wrap(timeline, position);
                brokerReject.wrap(view, body, header.blockLength(), header.version());
                burst.add(index, timeNs, "broker", brokerReject.reason().name());
                break;
            }
            case InputRejectedDecoder.TEMPLATE_ID:
            {
                final int body = wrap(timeline, position);
                inputRejected.wrap(view, body, header.blockLength(), header.version());
                burst.add(index, timeNs, "input", inputRejected.reason().name());
                break;
            }
            default:
                break;
        }
    }

    /** Points the view at the event and decodes its header. @return the body offset. */
    private int wrap(final TraceTimeline timeline, final int position)
    {
        view.wrap(timeline.messageBytes(position));
        header.wrap(view, 0);
        return MessageHeaderDecoder.ENCODED_LENGTH;
    }

    private void onEngineStarted(final long index, final long timeNs, final int body)
    {
        engineStarted.wrap(view, body, header.blockLength(), header.version());
        final String configHash = hex(engineStarted::configHash);
        final String policyHash = hex(engineStarted::policyHash);
        final String stateHash = hex(engineStarted::stateHash);
        final String text = String.format(Locale.ROOT,
            "Engine started: version %s%s, resumed inbound at %d, %,d journaled records recovered, state hash %s; " +
            "config sha256 %s, policy sha256 %s",
            engineStarted.version(), engineStarted.demo() == BooleanType.TRUE ? " (DEMO)" : "",
            engineStarted.resumeInboundIndex(), engineStarted.recoveredEvents(), shortHash(stateHash),
            configHash, policyHash);
        entries.add(new Entry(index, timeNs, Kind.ENGINE, text));
        configEvents.add(new ConfigEvent(index, timeNs, "EngineStarted", configHash, policyHash,
            "version " + engineStarted.version() + (engineStarted.demo() == BooleanType.TRUE ? ", demo" : "")));
    }

    private void onEngineStopped(final long index, final long timeNs, final int body)
    {
        engineStopped.wrap(view, body, header.blockLength(), header.version());
        final StopReason reason = engineStopped.reason();
        final boolean fatal = reason == StopReason.FATAL;
        if (fatal)
        {
            fatalStops++;
        }
        final Entry entry = new Entry(index, timeNs, Kind.ENGINE, (fatal ? "**Engine stopped: FATAL**" :
            "Engine stopped: " + reason.name()) + ", last inbound index " + engineStopped.lastInboundIndex() +
            ", state hash " + shortHash(hex(engineStopped::stateHash)));
        entries.add(entry);
        engineStops.add(entry);
    }

    private void onPolicyLoaded(final long index, final long timeNs, final int body)
    {
        policyLoaded.wrap(view, body, header.blockLength(), header.version());
        final String policyHash = hex(policyLoaded::policyHash);
        final int overrides = policyLoaded.overrides();
        final String source = policyLoaded.source();
        entries.add(new Entry(index, timeNs, Kind.POLICY, "Policy loaded from " + source + ": sha256 " + policyHash +
            ", " + overrides + " symbol override" + (overrides == 1 ? "" : "s")));
        configEvents.add(new ConfigEvent(index, timeNs, "PolicyLoaded", null, policyHash, source));
    }

    private void onPauseChanged(final long index, final long timeNs, final int body)
    {
        pauseChanged.wrap(view, body, header.blockLength(), header.version());
        final boolean paused = pauseChanged.paused() == BooleanType.TRUE;
        final String source = pauseChanged.source().name();
        final String operator = pauseChanged.operatorName();
        final String reason = pauseChanged.reason();
        pauses.add(new PauseChange(index, timeNs, paused, source, operator, reason));
        entries.add(new Entry(index, timeNs, Kind.PAUSE, (paused ? "**Trading PAUSED**" : "**Trading RESUMED**") +
            " (" + source + ", operator " + (operator.isEmpty() ? "-" : operator) + "): " + reason));
    }

    private void onControl(final long index, final long timeNs, final int body)
    {
        control.wrap(view, body, header.blockLength(), header.version());
        final ControlAction action = control.action();
        final String operator = control.operatorName();
        final String reason = control.reason();
        final Entry entry = new Entry(index, timeNs, Kind.CONTROL, "Control " + action.name() + " by " +
            (operator.isEmpty() ? "-" : operator) + ": " + reason);
        controls.add(entry);
        if (action != ControlAction.PAUSE_ON && action != ControlAction.PAUSE_OFF)
        {
            // A pause control shows as its TradingPauseChanged; a policy reload has no other trace of its request.
            entries.add(entry);
        }
    }

    private void onPolicyReload(final long index, final long timeNs, final int body)
    {
        policyReload.wrap(view, body, header.blockLength(), header.version());
        final String operator = policyReload.operatorName();
        final String reason = policyReload.reason();
        final String source = policyReload.source();
        // Who asked and why; the outcome follows as PolicyLoaded or a POLICY_RELOAD_FAILED alert.
        final Entry entry = new Entry(index, timeNs, Kind.CONTROL, "PolicyReload of " + source + " by " +
            (operator.isEmpty() ? "-" : operator) + ": " + reason);
        controls.add(entry);
        entries.add(entry);
    }

    private void onAlert(final long index, final long timeNs, final int body)
    {
        alert.wrap(view, body, header.blockLength(), header.version());
        final Severity severity = alert.severity();
        final AlertCode code = alert.code();
        final RiskRule rule = alert.rule();
        final String policy = alert.policy();
        final String traceId = alert.traceId();
        final String message = alert.message();
        alertsBySeverityAndCode.computeIfAbsent(severity.name(), s -> new TreeMap<>()).merge(code.name(), 1L, Long::sum);
        final String text = severity.name() + " alert " + code.name() +
            (rule == RiskRule.NONE || rule == RiskRule.NULL_VAL ? "" : " (" + rule.name() + ")") +
            (policy.isEmpty() ? "" : ", policy " + policy) + (traceId.isEmpty() ? "" : ", trace " + traceId) +
            ": " + message;
        if (severity == Severity.CRITICAL)
        {
            if (firstCriticalIndex < 0)
            {
                firstCriticalIndex = index;
                firstCriticalNs = timeNs;
            }
            entries.add(new Entry(index, timeNs, Kind.CRITICAL, "**" + text + "**"));
        }
        else if (operational(code))
        {
            entries.add(new Entry(index, timeNs, severity == Severity.WARNING ? Kind.WARNING : Kind.INFO, text));
        }
    }

    /** @return true for alerts about the system rather than one order (those are counted, not listed). */
    private static boolean operational(final AlertCode code)
    {
        switch (code)
        {
            case RISK_RULE:
            case QUALITY:
            case TRADING_PAUSED:
            case TRADING_RESUMED:
                return false;
            default:
                return true;
        }
    }

    /** @return lowercase hex of a 32-byte SBE array field read through its indexed accessor. */
    static String hex(final IntUnaryOperator bytes)
    {
        final StringBuilder hex = new StringBuilder(64);
        for (int i = 0; i < 32; i++)
        {
            final int b = bytes.applyAsInt(i) & 0xFF;
            hex.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }

    private static String shortHash(final String hex)
    {
        return hex.substring(0, 16);
    }

    /** Groups rejects into bursts as they arrive in journal order. */
    private final class Burst
    {
        private final Map<String, Long> byCause = new TreeMap<>();
        private long firstIndex = -1;
        private long firstNs;
        private long lastNs;
        private long count;

        void add(final long index, final long timeNs, final String kind, final String cause)
        {
            if (count > 0 && timeNs - lastNs > BURST_GAP_NS)
            {
                close();
            }
            if (count == 0)
            {
                firstIndex = index;
                firstNs = timeNs;
                lastNs = timeNs;
            }
            count++;
            // Stamps from two threads interleave: a burst spans its earliest to its latest reject.
            firstNs = Math.min(firstNs, timeNs);
            lastNs = Math.max(lastNs, timeNs);
            byCause.merge(kind + " " + cause, 1L, Long::sum);
        }

        void close()
        {
            if (count >= BURST_MIN_REJECTS)
            {
                rejectBursts++;
                entries.add(new Entry(firstIndex, firstNs, Kind.REJECT_BURST, String.format(Locale.ROOT,
                    "Reject burst: %,d rejects in %s (until %s): %s", count, TimeText.duration(lastNs - firstNs),
                    TimeText.utc(lastNs), causes())));
            }
            byCause.clear();
            count = 0;
        }

        private String causes()
        {
            final List<Map.Entry<String, Long>> sorted = new ArrayList<>(byCause.entrySet());
            sorted.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey()) :
                Long.compare(b.getValue(), a.getValue()));
            final StringBuilder text = new StringBuilder();
            final int shown = Math.min(5, sorted.size());
            for (int i = 0; i < shown; i++)
            {
                text.append(i == 0 ? "" : ", ").append(sorted.get(i).getKey()).append(' ')
                    .append(String.format(Locale.ROOT, "%,d", sorted.get(i).getValue()));
            }
            if (sorted.size() > shown)
            {
                long rest = 0;
                for (int i = shown; i < sorted.size(); i++)
                {
                    rest += sorted.get(i).getValue();
                }
                text.append(String.format(Locale.ROOT, ", %,d more of %d other causes", rest, sorted.size() - shown));
            }
            return text.toString();
        }
    }
}

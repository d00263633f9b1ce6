package io.noctria.engine.badinput;

import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.testing.DecodingConsumer;
import io.noctria.engine.testing.Journals;
import org.agrona.DirectBuffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the engine journaled about each inbound excerpt, read back from {@code data/journal}: the
 * rejections naming its inbound index, the request journaled for it, and that request's risk
 * decision and sends. The matrices assert one outcome per bad input from this.
 */
public final class JournalOutcomes extends DecodingConsumer
{
    /** One InputRejected. */
    public record Rejection(InputRejectReason reason, String detail, String traceId)
    {
    }

    /** One RiskDecision. */
    public record Decision(RiskVerdict verdict, RiskRule rule)
    {
    }

    private final OrderRequestDecoder request = new OrderRequestDecoder();
    private final ControlDecoder control = new ControlDecoder();
    private final PolicyReloadDecoder policyReload = new PolicyReloadDecoder();
    private final InputRejectedDecoder rejected = new InputRejectedDecoder();
    private final RiskDecisionDecoder risk = new RiskDecisionDecoder();
    private final OrderSentDecoder sent = new OrderSentDecoder();
    private final AlertDecoder alert = new AlertDecoder();

    private final Map<Long, List<Rejection>> rejectionsByInbound = new HashMap<>();
    private final Map<Long, Long> journalIndexByInbound = new HashMap<>();
    private final Map<Long, Decision> decisionByJournalIndex = new HashMap<>();
    private final Map<Long, List<String>> alertsByJournalIndex = new HashMap<>();
    private final Map<Long, Integer> sendsByJournalIndex = new HashMap<>();
    private final Map<String, Integer> sendsByTrace = new LinkedHashMap<>();
    private final List<String> invalid = new ArrayList<>();
    private final Map<Long, List<AlertCode>> alertCodesByJournalIndex = new HashMap<>();
    private int policiesLoaded;
    private int engineStarts;
    private int engineStops;

    private JournalOutcomes()
    {
    }

    /** Reads the whole journal of {@code dataDir}. */
    public static JournalOutcomes read(final Path dataDir)
    {
        return Journals.readJournal(dataDir, new JournalOutcomes());
    }

    @Override
    protected void onMessage(final long index, final int templateId, final DirectBuffer buffer, final int body,
        final int blockLength, final int version)
    {
        switch (templateId)
        {
            case OrderRequestDecoder.TEMPLATE_ID:
                journalIndexByInbound.put(request.wrap(buffer, body, blockLength, version).inboundIndex(), index);
                break;
            case ControlDecoder.TEMPLATE_ID:
                journalIndexByInbound.put(control.wrap(buffer, body, blockLength, version).inboundIndex(), index);
                break;
            case PolicyReloadDecoder.TEMPLATE_ID:
                journalIndexByInbound.put(policyReload.wrap(buffer, body, blockLength, version).inboundIndex(), index);
                break;
            case PolicyLoadedDecoder.TEMPLATE_ID:
                policiesLoaded++;
                break;
            case InputRejectedDecoder.TEMPLATE_ID:
                rejected.wrap(buffer, body, blockLength, version);
                final long inbound = rejected.inboundIndex();
                final InputRejectReason reason = rejected.reason();
                final String traceId = rejected.traceId();
                rejectionsByInbound.computeIfAbsent(inbound, k -> new ArrayList<>())
                    .add(new Rejection(reason, rejected.detail(), traceId));
                break;
            case RiskDecisionDecoder.TEMPLATE_ID:
                risk.wrap(buffer, body, blockLength, version);
                decisionByJournalIndex.put(risk.inputIndex(), new Decision(risk.verdict(), risk.rule()));
                break;
            case AlertDecoder.TEMPLATE_ID:
                alert.wrap(buffer, body, blockLength, version);
                final long input = alert.inputIndex();
                alertCodesByJournalIndex.computeIfAbsent(input, k -> new ArrayList<>()).add(alert.code());
                alertsByJournalIndex.computeIfAbsent(input, k -> new ArrayList<>()).add(alert.message());
                break;
            case OrderSentDecoder.TEMPLATE_ID:
                sent.wrap(buffer, body, blockLength, version);
                sendsByJournalIndex.merge(sent.inputIndex(), 1, Integer::sum);
                sendsByTrace.merge(sent.traceId(), 1, Integer::sum);
                break;
            case EngineStartedDecoder.TEMPLATE_ID:
                engineStarts++;
                break;
            case EngineStoppedDecoder.TEMPLATE_ID:
                engineStops++;
                break;
            default:
                break;
        }
    }

    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        invalid.add(index + ": " + error + ": " + detail);
    }

    /** @return the InputRejected records naming {@code inboundIndex}. */
    public List<Rejection> rejections(final long inboundIndex)
    {
        return rejectionsByInbound.getOrDefault(inboundIndex, List.of());
    }

    /** @return every inbound index some InputRejected names. */
    public java.util.Set<Long> rejectedInboundIndexes()
    {
        return rejectionsByInbound.keySet();
    }

    /** @return the journal index the input from {@code inboundIndex} was journaled at, or -1 when it was not. */
    public long journalIndex(final long inboundIndex)
    {
        return journalIndexByInbound.getOrDefault(inboundIndex, -1L);
    }

    /** @return the risk decision on the request from {@code inboundIndex}, or null. */
    public Decision decision(final long inboundIndex)
    {
        return decisionByJournalIndex.get(journalIndex(inboundIndex));
    }

    /** @return the alert messages caused by the input from {@code inboundIndex}. */
    public List<String> alerts(final long inboundIndex)
    {
        return alertsByJournalIndex.getOrDefault(journalIndex(inboundIndex), List.of());
    }

    /** @return OrderSent records (first attempts and retries) for the request from {@code inboundIndex}. */
    public int sends(final long inboundIndex)
    {
        return sendsByJournalIndex.getOrDefault(journalIndex(inboundIndex), 0);
    }

    /** @return OrderSent records per trace id. */
    public Map<String, Integer> sendsByTrace()
    {
        return sendsByTrace;
    }

    /** @return journal excerpts that were not valid messages (must be none). */
    public List<String> invalid()
    {
        return invalid;
    }

    /** @return the codes of the alerts caused by the input from {@code inboundIndex}, in journal order. */
    public List<AlertCode> alertCodes(final long inboundIndex)
    {
        return alertCodesByJournalIndex.getOrDefault(journalIndex(inboundIndex), List.of());
    }

    /** @return how many PolicyLoaded records the journal holds (one per start, one per applied reload). */
    public int policiesLoaded()
    {
        return policiesLoaded;
    }

    public int engineStarts()
    {
        return engineStarts;
    }

    public int engineStops()
    {
        return engineStops;
    }
}

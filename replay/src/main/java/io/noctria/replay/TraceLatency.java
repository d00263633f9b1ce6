package io.noctria.replay;

import io.noctria.engine.core.Hash32Key;
import io.noctria.journal.MessageBodyConsumer;
import io.noctria.codecs.FrameInput;
import io.noctria.codecs.OrderTransitions;
import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.*;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code obs_trace_latency}: the duration of each {@link LatencyStage} of every order request, one
 * {@link RequestLatency} per OrderRequest (a trace that sends several orders has several rows), plus an
 * HdrHistogram per stage over all requests for the KPIs.
 * <p>
 * A fold over journal messages in index order (see {@link OutboxProjection} for live and replay use). Engine
 * events find their request by {@code inputIndex}; broker reports, which carry none, by the idempotency key the
 * request's OutboxRecorded or OrderSent registered; an InputRejected by the inbound index of the request it
 * refused. A stage is recorded once, when its second end arrives, so a histogram is final for every request
 * folded so far. Histograms hold nanoseconds (3 significant digits); a negative duration (stamps from two
 * threads' clocks that disagree) is recorded as 0 there, and kept exact in the row. Events of requests that
 * came before the replay window are ignored: their ingress is unknown.
 * <p>
 * With a trace id filter, {@link #rows()} holds that trace's rows only; the histograms still cover every
 * request. Single-threaded.
 */
public final class TraceLatency implements MessageBodyConsumer
{
    private static final int SIGNIFICANT_DIGITS = 3;
    private static final LatencyStage[] STAGES = LatencyStage.values();
    private static final ByteOrder ORDER = MessageHeaderDecoder.BYTE_ORDER;

    private final String traceIdFilter;
    private final FrameInput frameInput;
    private final OrderRequestDecoder orderRequest = new OrderRequestDecoder();
    private final QualityDecisionDecoder qualityDecision = new QualityDecisionDecoder();
    private final RiskDecisionDecoder riskDecision = new RiskDecisionDecoder();
    private final InputRejectedDecoder inputRejected = new InputRejectedDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final SendFailedDecoder sendFailed = new SendFailedDecoder();
    private final Hash32Key probe = new Hash32Key();
    // Open requests only: a request leaves the lookups when it reaches its final state. Output order comes
    // from the rows list, never from these maps.
    private final Long2ObjectHashMap<RequestLatency> byInputIndex = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<RequestLatency> byInboundIndex = new Long2ObjectHashMap<>();
    private final Map<Hash32Key, RequestLatency> byKey = new HashMap<>();
    private final List<RequestLatency> rows = new ArrayList<>();
    private final List<RequestLatency> rowsView = Collections.unmodifiableList(rows);
    private final Histogram[] histograms = new Histogram[STAGES.length];
    private final long[] maxNs = new long[STAGES.length];
    private final long[] sumNs = new long[STAGES.length];
    private long lastIndex = -1;

    /**
     * @param traceIdFilter keep rows of this trace only; null for every trace.
     * @param frameInput    what the events of the frame being folded refer to, fed by the caller.
     */
    public TraceLatency(final String traceIdFilter, final FrameInput frameInput)
    {
        this.traceIdFilter = traceIdFilter;
        this.frameInput = frameInput;
        for (int i = 0; i < STAGES.length; i++)
        {
            histograms[i] = new Histogram(SIGNIFICANT_DIGITS);
        }
    }

    /**
     * Folds one journal message in. Messages without a stage timestamp are ignored.
     *
     * @param index       journal index of the message.
     * @param templateId  its template.
     * @param buffer      holding the message.
     * @param body        where its body starts.
     * @param blockLength its acting block length.
     * @param version     its acting schema version.
     */
    @Override
    public void onMessage(
        final long index, final int templateId, final DirectBuffer buffer, final int body, final int blockLength,
        final int version)
    {
        lastIndex = index;
        switch (templateId)
        {
            case OrderRequestDecoder.TEMPLATE_ID:
                onOrderRequest(index, orderRequest.wrap(buffer, body, blockLength, version));
                break;
            case QualityDecisionDecoder.TEMPLATE_ID:
            case RiskDecisionDecoder.TEMPLATE_ID:
            case DuplicateSuppressedDecoder.TEMPLATE_ID:
            case OutboxRecordedDecoder.TEMPLATE_ID:
            case OrderSentDecoder.TEMPLATE_ID:
                onEngineEvent(templateId, buffer, body, blockLength, version);
                break;
            case InputRejectedDecoder.TEMPLATE_ID:
            {
                inputRejected.wrap(buffer, body, blockLength, version);
                final long inboundIndex = inputRejected.inboundIndex();
                final RequestLatency row = inboundIndex < 0 ? null : byInboundIndex.get(inboundIndex);
                if (row != null)
                {
                    decide(row, inputRejected.tsNs());
                    finish(row, inputRejected.tsNs(), FinalState.INPUT_REJECTED);
                }
                break;
            }
            case BrokerAckDecoder.TEMPLATE_ID:
            {
                final RequestLatency row = byKey(buffer, body, templateId);
                if (row != null)
                {
                    reach(row, LatencyPoint.ACK,
                        buffer.getLong(body + BrokerAckDecoder.tsNsEncodingOffset(), BrokerAckDecoder.BYTE_ORDER));
                }
                break;
            }
            case FillDecoder.TEMPLATE_ID:
            {
                final RequestLatency row = byKey(buffer, body, templateId);
                if (row != null)
                {
                    fill.wrap(buffer, body, blockLength, version);
                    reach(row, LatencyPoint.FILL, fill.tsNs());
                    if (fill.fillType() == FillType.FULL)
                    {
                        finish(row, fill.tsNs(), FinalState.FILLED);
                    }
                }
                break;
            }
            case BrokerRejectDecoder.TEMPLATE_ID:
                finishByKey(buffer, body, templateId, EngineOrderState.REJECTED);
                break;
            case ExpiredDecoder.TEMPLATE_ID:
                finishByKey(buffer, body, templateId, EngineOrderState.EXPIRED);
                break;
            case CanceledDecoder.TEMPLATE_ID:
                finishByKey(buffer, body, templateId, EngineOrderState.CANCELED);
                break;
            case SendFailedDecoder.TEMPLATE_ID:
                sendFailed.wrap(buffer, body, blockLength, version);
                if (sendFailed.finalAttempt() == BooleanType.TRUE)
                {
                    // The engine gave up: REJECTED locally, or SENT in doubt after a timeout (not final: the
                    // venue may still answer), by the one life cycle.
                    finishByKey(buffer, body, templateId, OrderTransitions.afterGivingUp(
                        BrokerErrorCode.TIMEOUT.value() == sendFailed.errorCodeRaw()));
                }
                break;
            default:
                break;
        }
    }

    /** An engine event about one request, found by the {@code inputIndex} every such event carries. */
    private void onEngineEvent(
        final int templateId, final DirectBuffer buffer, final int body, final int blockLength, final int version)
    {
        final RequestLatency row = byInputIndex.get(buffer.getLong(body + inputIndexOffset(templateId), ORDER));
        if (row == null)
        {
            return;
        }
        // Every event of the schema leads with tsNs.
        final long tsNs = buffer.getLong(body, ORDER);
        switch (templateId)
        {
            case QualityDecisionDecoder.TEMPLATE_ID:
                noteKey(row, buffer, body, templateId);
                // OK and SCALE go on to the risk gate, whose decision is the one measured.
                if (qualityDecision.wrap(buffer, body, blockLength, version).verdict() == QualityVerdict.FLAT)
                {
                    decide(row, tsNs);
                    finish(row, tsNs, FinalState.QUALITY_FLAT);
                }
                break;
            case RiskDecisionDecoder.TEMPLATE_ID:
                noteKey(row, buffer, body, templateId);
                decide(row, tsNs);
                if (riskDecision.wrap(buffer, body, blockLength, version).verdict() == RiskVerdict.REJECT)
                {
                    finish(row, tsNs, FinalState.RISK_REJECTED);
                }
                break;
            case DuplicateSuppressedDecoder.TEMPLATE_ID:
                noteKey(row, buffer, body, templateId);
                decide(row, tsNs);
                finish(row, tsNs, FinalState.DUPLICATE);
                break;
            case OrderSentDecoder.TEMPLATE_ID:
                register(row, buffer, body, templateId);
                reach(row, LatencyPoint.SENT, tsNs);
                break;
            default:
                register(row, buffer, body, templateId);
                break;
        }
    }

    private static int inputIndexOffset(final int templateId)
    {
        switch (templateId)
        {
            case QualityDecisionDecoder.TEMPLATE_ID: return QualityDecisionDecoder.inputIndexEncodingOffset();
            case RiskDecisionDecoder.TEMPLATE_ID: return RiskDecisionDecoder.inputIndexEncodingOffset();
            case DuplicateSuppressedDecoder.TEMPLATE_ID: return DuplicateSuppressedDecoder.inputIndexEncodingOffset();
            case OutboxRecordedDecoder.TEMPLATE_ID: return OutboxRecordedDecoder.inputIndexEncodingOffset();
            default: return OrderSentDecoder.inputIndexEncodingOffset();
        }
    }

    /** Invalid excerpts carry no stage: nothing to fold. */
    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        lastIndex = index;
    }

    /** @return the rows kept (every request, or the filtered trace's), in journal order of their OrderRequest. */
    public List<RequestLatency> rows()
    {
        return rowsView;
    }

    /** @return the trace id whose rows are kept, or null for all. */
    public String traceIdFilter()
    {
        return traceIdFilter;
    }

    /** @return how many requests completed the stage. */
    public long count(final LatencyStage stage)
    {
        return histograms[stage.ordinal()].getTotalCount();
    }

    /** @return the longest duration of the stage in nanoseconds, exact (negative ones count as 0); 0 when none. */
    public long maxNs(final LatencyStage stage)
    {
        return maxNs[stage.ordinal()];
    }

    /** @return the durations of the stage added up in nanoseconds, exact (negative ones count as 0). */
    public long sumNs(final LatencyStage stage)
    {
        return sumNs[stage.ordinal()];
    }

    /**
     * @param percentile 0 to 100, e.g. 99.9.
     * @return the HdrHistogram value at the percentile in nanoseconds (the top of its bucket: 3 significant
     * digits), capped at the exact {@link #maxNs}; 0 when the stage has no sample.
     */
    public long percentileNs(final LatencyStage stage, final double percentile)
    {
        final Histogram histogram = histograms[stage.ordinal()];
        if (histogram.getTotalCount() == 0)
        {
            return 0;
        }
        return Math.min(histogram.getValueAtPercentile(percentile), maxNs[stage.ordinal()]);
    }

    /** @return the stage's histogram in nanoseconds. Live: read it on the folding thread, do not modify it. */
    public Histogram histogram(final LatencyStage stage)
    {
        return histograms[stage.ordinal()];
    }

    /** @return journal index of the last excerpt folded in, or -1. */
    public long lastIndex()
    {
        return lastIndex;
    }

    private void onOrderRequest(final long index, final OrderRequestDecoder request)
    {
        final String traceId = request.traceId();
        final RequestLatency row = new RequestLatency(index, request.inboundIndex(), traceId, request.ingressNs());
        byInputIndex.put(index, row);
        if (row.inboundIndex() >= 0)
        {
            byInboundIndex.put(row.inboundIndex(), row);
        }
        if (traceIdFilter == null || traceIdFilter.equals(traceId))
        {
            rows.add(row);
        }
    }

    private void decide(final RequestLatency row, final long tsNs)
    {
        reach(row, LatencyPoint.DECISION, tsNs);
    }

    /** Stamps the point the first time the request reaches it, and measures the stages that end there. */
    private void reach(final RequestLatency row, final LatencyPoint point, final long tsNs)
    {
        if (row.reach(point, tsNs))
        {
            for (final LatencyStage stage : STAGES)
            {
                if (stage.to == point)
                {
                    record(stage, row);
                }
            }
        }
    }

    private void finish(final RequestLatency row, final long tsNs, final FinalState state)
    {
        if (row.finalState() != null)
        {
            return;
        }
        row.finalState(state);
        reach(row, LatencyPoint.FINAL, tsNs);
        byInputIndex.remove(row.inputIndex());
        if (row.inboundIndex() >= 0 && byInboundIndex.get(row.inboundIndex()) == row)
        {
            byInboundIndex.remove(row.inboundIndex());
        }
        if (row.registered() && byKey.get(row.key()) == row)
        {
            byKey.remove(row.key());
        }
    }

    /** Finishes the row of the report's key when {@code state} is terminal. */
    private void finishByKey(
        final DirectBuffer buffer, final int body, final int templateId, final EngineOrderState state)
    {
        final FinalState finalState = FinalState.of(state);
        final RequestLatency row = finalState == null ? null : byKey(buffer, body, templateId);
        if (row != null)
        {
            finish(row, buffer.getLong(body, ORDER), finalState);
        }
    }

    private RequestLatency byKey(final DirectBuffer buffer, final int body, final int templateId)
    {
        return frameInput.keyAt(templateId, buffer, body) ?
            byKey.get(probe.set(frameInput.buffer(), frameInput.index())) : null;
    }

    /** Broker reports name the order by key only: map the key to the request once the outbox has it. */
    private void register(final RequestLatency row, final DirectBuffer buffer, final int body, final int templateId)
    {
        noteKey(row, buffer, body, templateId);
        if (!row.registered())
        {
            row.registered(true);
            byKey.put(row.key(), row);
        }
    }

    /** Keeps the key from the first engine event that carries it (the request itself may have had none). */
    private void noteKey(final RequestLatency row, final DirectBuffer buffer, final int body, final int templateId)
    {
        if (row.key() == null && frameInput.keyAt(templateId, buffer, body))
        {
            row.key(probe.set(frameInput.buffer(), frameInput.index()).copy());
        }
    }

    private void record(final LatencyStage stage, final RequestLatency row)
    {
        final long durationNs = row.durationNs(stage);
        if (durationNs == RequestLatency.NOT_REACHED)
        {
            return;
        }
        final long recorded = Math.max(0, durationNs);
        histograms[stage.ordinal()].recordValue(recorded);
        maxNs[stage.ordinal()] = Math.max(maxNs[stage.ordinal()], recorded);
        sumNs[stage.ordinal()] += recorded;
    }
}

package io.noctria.replay;

import io.noctria.engine.core.OutboxEntry;
import io.noctria.journal.MessageBodyConsumer;
import io.noctria.codecs.FixedPoint;
import io.noctria.codecs.Position;
import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.*;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;

import java.util.Arrays;

/**
 * The Check layer's KPIs over the folded journal: request, gate and broker counts, stage latency, slippage,
 * realised PnL, win rate, max drawdown and alerts.
 * <p>
 * Definitions (the report's {@code kpis.json} keys in brackets):
 * <ul>
 *   <li>[orders_received] OrderRequest messages; [inputs_rejected] InputRejected events (refused requests and
 *       unreadable inbound excerpts); [duplicates_suppressed] DuplicateSuppressed events; [orders_sent] keys sent
 *       at least once (first OrderSent of a key);</li>
 *   <li>[risk] RiskDecision verdicts ALLOW, CLAMP, SHRINK, REJECT; [risk.scaled] requests the quality gate
 *       SCALEd that reached the risk gate (a RiskDecision following a QualityDecision SCALE of the same
 *       request), whatever the risk verdict; [risk.by_rule] RiskDecisions per deciding rule (NONE, the rule of
 *       an unchanged order, is not listed); [quality] QualityDecision verdicts;</li>
 *   <li>[broker.requests] OrderSent events, retries included; [broker.errors] SendFailed events;
 *       [broker.error_rate] errors / requests; [broker.fills] Fill events, [broker.partial_fills] those of
 *       type PARTIAL; acks, rejects, expired, canceled: BrokerAck, BrokerReject, Expired, Canceled events;</li>
 *   <li>[latency_us] from {@link TraceLatency}'s stage histograms;</li>
 *   <li>[slippage_pct] one value per order that ended (FILLED, or EXPIRED/CANCELED/REJECTED after partial
 *       fills) with a fill: BUY (avg fill − price) / price × 100, SELL (price − avg fill) / price × 100, with
 *       the outbox's average fill price and the order's limit/reference price; positive is worse than the
 *       reference. Exact to 10^-6 percent; percentiles by nearest rank;</li>
 *   <li>[pnl] realised PnL, win rate and max drawdown from every attributed fill (see {@link PositionBook});</li>
 *   <li>[alerts] Alert events per severity (and, for the live metrics, per severity and code).</li>
 * </ul>
 * Broker reports whose key has no outbox entry (the window began after the order was recorded) are counted
 * but cannot be attributed to a side or symbol: {@link #unattributedFills()}.
 * <p>
 * Reads the order state of the {@link OutboxProjection} given at construction, which must fold each message
 * before this does ({@link Projections} does so; checked). Single-threaded.
 */
public final class Kpis implements MessageBodyConsumer
{
    private static final RiskRule[] RULES = RiskRule.values();
    private static final Severity[] SEVERITIES = Severity.values();
    private static final AlertCode[] ALERT_CODES = AlertCode.values();

    private final OutboxProjection outbox;
    private final TraceLatency latency;
    private final QualityDecisionDecoder qualityDecision = new QualityDecisionDecoder();
    private final RiskDecisionDecoder riskDecision = new RiskDecisionDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final AlertDecoder alert = new AlertDecoder();
    private final LongHashSet scaledRequests = new LongHashSet();
    private final PositionBook positions = new PositionBook();
    private final LongArrayList slippage = new LongArrayList();
    private final long[] riskByRule = new long[RULES.length];
    /** Decisions by verdict, indexed by the verdict's ordinal (NULL_VAL's slot is never read). */
    private final long[] riskByVerdict = new long[RiskVerdict.values().length];
    private final long[] qualityByVerdict = new long[QualityVerdict.values().length];
    private final long[] alertsBySeverity = new long[SEVERITIES.length];
    private final long[][] alertsBySeverityAndCode = new long[SEVERITIES.length][ALERT_CODES.length];

    private long ordersReceived;
    private long ordersSent;
    private long duplicatesSuppressed;
    private long inputsRejected;
    private long riskScaled;
    private long brokerRequests;
    private long brokerErrors;
    private long acks;
    private long fills;
    private long partialFills;
    private long rejects;
    private long expired;
    private long canceled;
    private long unattributedFills;

    /**
     * @param outbox  the outbox projection fed the same messages just before this one.
     * @param latency the latency projection whose stage histograms are the latency KPIs.
     */
    public Kpis(final OutboxProjection outbox, final TraceLatency latency)
    {
        this.outbox = outbox;
        this.latency = latency;
    }

    /**
     * Folds one journal message in, after the outbox projection has.
     *
     * @param index       journal index of the message.
     * @param templateId  its template.
     * @param buffer      holding the message.
     * @param body        where its body starts.
     * @param blockLength its acting block length.
     * @param version     its acting schema version.
     * @throws IllegalStateException when the outbox projection has not folded this message yet.
     */
    @Override
    public void onMessage(
        final long index, final int templateId, final DirectBuffer buffer, final int body, final int blockLength,
        final int version)
    {
        if (outbox.lastIndex() != index)
        {
            throw new IllegalStateException("Kpis read the outbox state of journal index " + index +
                " but the outbox projection is at " + outbox.lastIndex() + ": feed it each message first");
        }
        switch (templateId)
        {
            case OrderRequestDecoder.TEMPLATE_ID:
                ordersReceived++;
                break;
            case InputRejectedDecoder.TEMPLATE_ID:
                inputsRejected++;
                break;
            case DuplicateSuppressedDecoder.TEMPLATE_ID:
                duplicatesSuppressed++;
                break;
            case QualityDecisionDecoder.TEMPLATE_ID:
                onQualityDecision(qualityDecision.wrap(buffer, body, blockLength, version));
                break;
            case RiskDecisionDecoder.TEMPLATE_ID:
                onRiskDecision(riskDecision.wrap(buffer, body, blockLength, version));
                break;
            case OrderSentDecoder.TEMPLATE_ID:
            {
                brokerRequests++;
                final OutboxEntry entry = outbox.entryFor(buffer, body, templateId);
                if (entry != null && entry.sends() == 1)
                {
                    ordersSent++;
                }
                break;
            }
            case SendFailedDecoder.TEMPLATE_ID:
                brokerErrors++;
                break;
            case BrokerAckDecoder.TEMPLATE_ID:
                acks++;
                break;
            case FillDecoder.TEMPLATE_ID:
                onFill(index, buffer, body, fill.wrap(buffer, body, blockLength, version));
                break;
            case BrokerRejectDecoder.TEMPLATE_ID:
                rejects++;
                onOrderEnd(index, outbox.entryFor(buffer, body, templateId));
                break;
            case ExpiredDecoder.TEMPLATE_ID:
                expired++;
                onOrderEnd(index, outbox.entryFor(buffer, body, templateId));
                break;
            case CanceledDecoder.TEMPLATE_ID:
                canceled++;
                onOrderEnd(index, outbox.entryFor(buffer, body, templateId));
                break;
            case AlertDecoder.TEMPLATE_ID:
            {
                alert.wrap(buffer, body, blockLength, version);
                final Severity severity = alert.severity();
                if (severity != Severity.NULL_VAL)
                {
                    alertsBySeverity[severity.ordinal()]++;
                    alertsBySeverityAndCode[severity.ordinal()][codeOrdinal(alert.codeRaw())]++;
                }
                break;
            }
            default:
                break;
        }
    }

    /** Invalid excerpts are counted by {@link Projections}, not here. */
    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
    }

    /** @return OrderRequest messages. */
    public long ordersReceived()
    {
        return ordersReceived;
    }

    /** @return keys sent to the broker at least once. */
    public long ordersSent()
    {
        return ordersSent;
    }

    /** @return DuplicateSuppressed events. */
    public long duplicatesSuppressed()
    {
        return duplicatesSuppressed;
    }

    /** @return InputRejected events. */
    public long inputsRejected()
    {
        return inputsRejected;
    }

    /** @return RiskDecisions with verdict ALLOW. */
    public long riskAllowed()
    {
        return riskByVerdict[RiskVerdict.ALLOW.ordinal()];
    }

    /** @return RiskDecisions with verdict CLAMP. */
    public long riskClamped()
    {
        return riskByVerdict[RiskVerdict.CLAMP.ordinal()];
    }

    /** @return requests SCALEd by the quality gate that reached the risk gate. */
    public long riskScaled()
    {
        return riskScaled;
    }

    /** @return RiskDecisions with verdict SHRINK. */
    public long riskShrunk()
    {
        return riskByVerdict[RiskVerdict.SHRINK.ordinal()];
    }

    /** @return RiskDecisions with verdict REJECT. */
    public long riskRejected()
    {
        return riskByVerdict[RiskVerdict.REJECT.ordinal()];
    }

    /** @return RiskDecisions decided by the rule. */
    public long riskByRule(final RiskRule rule)
    {
        return rule == RiskRule.NULL_VAL ? 0 : riskByRule[rule.ordinal()];
    }

    /** @return QualityDecisions with verdict OK. */
    public long qualityOk()
    {
        return qualityByVerdict[QualityVerdict.OK.ordinal()];
    }

    /** @return QualityDecisions with verdict SCALE. */
    public long qualityScale()
    {
        return qualityByVerdict[QualityVerdict.SCALE.ordinal()];
    }

    /** @return QualityDecisions with verdict FLAT. */
    public long qualityFlat()
    {
        return qualityByVerdict[QualityVerdict.FLAT.ordinal()];
    }

    /** @return OrderSent events, retries included. */
    public long brokerRequests()
    {
        return brokerRequests;
    }

    /** @return SendFailed events. */
    public long brokerErrors()
    {
        return brokerErrors;
    }

    /** @return errors / requests as a fixed-point ratio (scale 10^6, half away from zero), or -1 with no request. */
    public long brokerErrorRate()
    {
        return brokerRequests == 0 ? -1 : FixedPoint.ratioExact(brokerErrors, brokerRequests);
    }

    /** @return BrokerAck events. */
    public long acks()
    {
        return acks;
    }

    /** @return Fill events. */
    public long fills()
    {
        return fills;
    }

    /** @return Fill events of type PARTIAL. */
    public long partialFills()
    {
        return partialFills;
    }

    /** @return BrokerReject events. */
    public long rejects()
    {
        return rejects;
    }

    /** @return Expired events. */
    public long expired()
    {
        return expired;
    }

    /** @return Canceled events. */
    public long canceled()
    {
        return canceled;
    }

    /** @return fills whose key has no outbox entry: not in PnL or slippage. */
    public long unattributedFills()
    {
        return unattributedFills;
    }

    /** @return the stage latency projection behind the latency KPIs. */
    public TraceLatency latency()
    {
        return latency;
    }

    /** @return how many ended orders have a slippage value. */
    public int slippageCount()
    {
        return slippage.size();
    }

    /**
     * @param ended 0 to {@link #slippageCount()} − 1: the orders in the order they ended.
     * @return that order's slippage percentage (fixed point, scale 10^6: 100_000 = 0.1 %).
     */
    public long slippagePctAt(final int ended)
    {
        return slippage.getLong(ended);
    }

    /**
     * @param perMille the percentile in tenths of a percent (500 = p50, 900 = p90, 1000 = max).
     * @return the slippage percentage at that nearest rank (fixed point, scale 10^6: 100_000 = 0.1 %), or
     * {@link Long#MIN_VALUE} when no order has one.
     */
    public long slippagePct(final int perMille)
    {
        final int count = slippage.size();
        if (count == 0)
        {
            return Long.MIN_VALUE;
        }
        final long[] sorted = slippage.toLongArray();
        Arrays.sort(sorted);
        final long rank = ((long)count * perMille + 999) / 1000;
        return sorted[(int)Math.max(1, rank) - 1];
    }

    /** @return cumulative realised PnL (scale 10^6 of the quote currency). */
    public long realizedPnl()
    {
        return positions.realized();
    }

    /** @return the largest fall of cumulative realised PnL from its running peak (scale 10^6); 0 or more. */
    public long maxDrawdown()
    {
        return positions.maxDrawdown();
    }

    /** @return closed round trips (flat to flat per symbol). */
    public long roundTrips()
    {
        return positions.roundTrips();
    }

    /** @return closed round trips with positive realised PnL. */
    public long winningRoundTrips()
    {
        return positions.winningRoundTrips();
    }

    /** @return winning / closed round trips as a fixed-point ratio (scale 10^6), or -1 when none closed. */
    public long winRate()
    {
        final long trips = positions.roundTrips();
        return trips == 0 ? -1 : FixedPoint.ratioExact(positions.winningRoundTrips(), trips);
    }

    /** @return the signed open position of a symbol (scale 10^6). */
    public long position(final String symbol)
    {
        return positions.position(symbol);
    }

    /** @return the signed cost of a symbol's open position (scale 10^6 of the quote currency); 0 when flat. */
    public long positionCost(final String symbol)
    {
        final Position position = positions.positionOf(symbol);
        return position == null ? 0 : position.cost();
    }

    /** @return the P&amp;L realised on a symbol (scale 10^6 of the quote currency). */
    public long realisedPnl(final String symbol)
    {
        final Position position = positions.positionOf(symbol);
        return position == null ? 0 : position.realisedPnl();
    }

    /** @return the P&amp;L realised in a symbol's round trip in progress; 0 when flat. */
    public long roundTripPnl(final String symbol)
    {
        final Position position = positions.positionOf(symbol);
        return position == null ? 0 : position.roundTripPnl();
    }

    /** @return Alert events of the severity. */
    public long alerts(final Severity severity)
    {
        return severity == Severity.NULL_VAL ? 0 : alertsBySeverity[severity.ordinal()];
    }

    /** @return Alert events of the severity and code (an unknown code counts as {@link AlertCode#NULL_VAL}). */
    public long alerts(final Severity severity, final AlertCode code)
    {
        return severity == Severity.NULL_VAL ? 0 : alertsBySeverityAndCode[severity.ordinal()][code.ordinal()];
    }

    /** @return the ordinal of the alert code with this value; NULL_VAL's for a code this schema does not know. */
    private static int codeOrdinal(final int raw)
    {
        for (final AlertCode code : ALERT_CODES)
        {
            if (code.value() == raw)
            {
                return code.ordinal();
            }
        }
        return AlertCode.NULL_VAL.ordinal();
    }

    private void onQualityDecision(final QualityDecisionDecoder decision)
    {
        final QualityVerdict verdict = decision.verdict();
        qualityByVerdict[verdict.ordinal()]++;
        if (verdict == QualityVerdict.SCALE)
        {
            scaledRequests.add(decision.inputIndex());
        }
    }

    private void onRiskDecision(final RiskDecisionDecoder decision)
    {
        if (scaledRequests.remove(decision.inputIndex()))
        {
            riskScaled++;
        }
        riskByVerdict[decision.verdict().ordinal()]++;
        final RiskRule rule = decision.rule();
        if (rule != RiskRule.NONE && rule != RiskRule.NULL_VAL)
        {
            riskByRule[rule.ordinal()]++;
        }
    }

    private void onFill(final long index, final DirectBuffer buffer, final int body, final FillDecoder fill)
    {
        fills++;
        if (fill.fillType() == FillType.PARTIAL)
        {
            partialFills++;
        }
        final OutboxEntry entry = outbox.entryFor(buffer, body, FillDecoder.TEMPLATE_ID);
        if (entry == null)
        {
            unattributedFills++;
            return;
        }
        if (!outbox.bookedFill(index))
        {
            return; // the engine ignored it (a fill on a closed order, an over-fill): no position, no P&L
        }
        positions.onFill(entry.symbol(), entry.side() == Side.BUY, fill.fillQty(), fill.fillPrice());
        onOrderEnd(index, entry);
    }

    /** Records the order's slippage when this message ended it with something filled. */
    private void onOrderEnd(final long index, final OutboxEntry entry)
    {
        if (entry == null || entry.terminalIndex() != index || entry.filledQty() <= 0 || entry.price() <= 0)
        {
            return;
        }
        final long average = entry.avgFillPrice();
        final long worse = entry.side() == Side.SELL ? entry.price() - average : average - entry.price();
        slippage.addLong(FixedPoint.mulDivExact(worse, 100 * FixedPoint.SCALE, entry.price()));
    }
}

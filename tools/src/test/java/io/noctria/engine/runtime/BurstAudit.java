package io.noctria.engine.runtime;

import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.*;
import io.noctria.journal.MessageBodyConsumer;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongHashSet;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a journal in order and checks that every journaled {@code OrderRequest} got exactly one outcome
 * among the events that follow it up to the next input: sent ({@code OutboxRecorded} + a first-attempt
 * {@code OrderSent}, both naming the request), suppressed as a duplicate, or rejected (input or risk).
 * Also checks that journaled inputs come in inbound order, that no ClOrdID is first-sent twice, and that
 * an {@code OrderSent} never appears anywhere but right after its request (or after a SendFailed for a retry).
 * Allocation is bounded by a few primitive sets, so a million-request journal fits a test heap.
 */
final class BurstAudit implements MessageBodyConsumer
{
    private static final int NONE = 0;
    private static final int REQUEST = 1;
    private static final int SEND_FAILED = 2;
    private static final int OTHER_INPUT = 3;

    private final OrderRequestDecoder request = new OrderRequestDecoder();
    private final OutboxRecordedDecoder outboxRecorded = new OutboxRecordedDecoder();
    private final OrderSentDecoder orderSent = new OrderSentDecoder();
    private final DuplicateSuppressedDecoder duplicate = new DuplicateSuppressedDecoder();
    private final RiskDecisionDecoder risk = new RiskDecisionDecoder();
    private final InputRejectedDecoder rejected = new InputRejectedDecoder();
    private final byte[] clOrdId = new byte[32];
    private final LongHashSet firstSentClOrdIds = new LongHashSet();
    private final List<String> violations = new ArrayList<>();

    private int current = NONE;
    private long currentIndex = -1;
    private int outboxEvents;
    private int firstSends;
    private int duplicates;
    private int rejections;
    private long lastInboundIndex = -1;

    long requests;
    long sent;
    long suppressed;
    long rejectedRequests;
    long ingressRejected;
    long retries;
    long violationCount;
    /** Sum of the hashes of every first-sent ClOrdID: compared with what the gateway saw. */
    long clOrdIdChecksum;
    long engineStopped;
    /** Bytes of every excerpt read. */
    long bytes;
    StopReason lastStopReason;

    @Override
    public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        bytes += length;
        MessageBodyConsumer.super.onMessage(index, buffer, offset, length);
    }

    @Override
    public void onMessage(final long index, final int templateId, final DirectBuffer buffer, final int body,
        final int block, final int version)
    {
        switch (templateId)
        {
            case OrderRequestDecoder.TEMPLATE_ID:
                close();
                request.wrap(buffer, body, block, version);
                inboundInOrder(index, request.inboundIndex());
                requests++;
                current = REQUEST;
                currentIndex = index;
                break;
            case ControlDecoder.TEMPLATE_ID:
            case PolicyReloadDecoder.TEMPLATE_ID:
            case BrokerAckDecoder.TEMPLATE_ID:
            case FillDecoder.TEMPLATE_ID:
            case BrokerRejectDecoder.TEMPLATE_ID:
            case ExpiredDecoder.TEMPLATE_ID:
            case CanceledDecoder.TEMPLATE_ID:
            case OrderStatusReportDecoder.TEMPLATE_ID:
                close();
                current = OTHER_INPUT;
                break;
            case SendFailedDecoder.TEMPLATE_ID:
                close();
                current = SEND_FAILED;
                break;
            case OutboxRecordedDecoder.TEMPLATE_ID:
                outboxRecorded.wrap(buffer, body, block, version);
                expectRequest(index, "OutboxRecorded", outboxRecorded.inputIndex());
                outboxEvents++;
                break;
            case OrderSentDecoder.TEMPLATE_ID:
                orderSent.wrap(buffer, body, block, version);
                if (orderSent.attempt() == 1)
                {
                    expectRequest(index, "OrderSent", orderSent.inputIndex());
                    firstSends++;
                    orderSent.getClOrdId(clOrdId, 0);
                    final long prefix = hash(clOrdId, 0);
                    if (!firstSentClOrdIds.add(prefix))
                    {
                        violation(index, "ClOrdID " + new String(clOrdId, java.nio.charset.StandardCharsets.US_ASCII) +
                            " sent as a new order twice");
                    }
                    clOrdIdChecksum += prefix;
                }
                else if (current != SEND_FAILED)
                {
                    violation(index, "retry OrderSent (attempt " + orderSent.attempt() + ") not after a SendFailed");
                }
                else
                {
                    retries++;
                }
                break;
            case DuplicateSuppressedDecoder.TEMPLATE_ID:
                duplicate.wrap(buffer, body, block, version);
                expectRequest(index, "DuplicateSuppressed", duplicate.inputIndex());
                duplicates++;
                break;
            case RiskDecisionDecoder.TEMPLATE_ID:
                risk.wrap(buffer, body, block, version);
                if (risk.verdict() == RiskVerdict.REJECT)
                {
                    expectRequest(index, "RiskDecision REJECT", risk.inputIndex());
                    rejections++;
                }
                break;
            case InputRejectedDecoder.TEMPLATE_ID:
                rejected.wrap(buffer, body, block, version);
                if (current == REQUEST && rejected.inboundIndex() == lastInboundIndex)
                {
                    rejections++; // the core refused the journaled request
                }
                else
                {
                    close(); // ingress refused an excerpt: the rejection is its journal record
                    inboundInOrder(index, rejected.inboundIndex());
                    ingressRejected++;
                    current = OTHER_INPUT;
                }
                break;
            case EngineStoppedDecoder.TEMPLATE_ID:
                close();
                engineStopped++;
                lastStopReason = new EngineStoppedDecoder().wrap(buffer, body, block, version).reason();
                current = NONE;
                break;
            case EngineStartedDecoder.TEMPLATE_ID:
                close();
                current = NONE;
                break;
            default:
                break; // decisions, alerts, PolicyLoaded: not outcomes
        }
    }

    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        violation(index, "invalid journal excerpt: " + error + " " + detail);
    }

    /** Call after the last message: closes the last request's outcome. */
    BurstAudit finish()
    {
        close();
        return this;
    }

    List<String> violations()
    {
        return violations;
    }

    long lastInboundIndex()
    {
        return lastInboundIndex;
    }

    @Override
    public String toString()
    {
        return "requests=" + requests + " sent=" + sent + " suppressed=" + suppressed + " rejected=" + rejectedRequests +
            " ingressRejected=" + ingressRejected + " retries=" + retries + " violations=" + violationCount +
            (violations.isEmpty() ? "" : " first: " + violations);
    }

    private void inboundInOrder(final long journalIndex, final long inboundIndex)
    {
        if (inboundIndex <= lastInboundIndex)
        {
            violation(journalIndex, "inbound index " + inboundIndex + " journaled after " + lastInboundIndex);
        }
        lastInboundIndex = inboundIndex;
    }

    private void expectRequest(final long index, final String what, final long inputIndex)
    {
        if (current != REQUEST || inputIndex != currentIndex)
        {
            violation(index, what + " for input " + inputIndex + " is not right after its request (current input " +
                currentIndex + ")");
        }
    }

    private void close()
    {
        if (current == REQUEST)
        {
            final boolean isSent = outboxEvents == 1 && firstSends == 1 && duplicates == 0 && rejections == 0;
            final boolean isDuplicate = duplicates == 1 && outboxEvents == 0 && firstSends == 0 && rejections == 0;
            final boolean isRejected = rejections == 1 && outboxEvents == 0 && firstSends == 0 && duplicates == 0;
            if (isSent)
            {
                sent++;
            }
            else if (isDuplicate)
            {
                suppressed++;
            }
            else if (isRejected)
            {
                rejectedRequests++;
            }
            else
            {
                violation(currentIndex, "request without exactly one outcome: outboxRecorded=" + outboxEvents +
                    " firstSends=" + firstSends + " duplicates=" + duplicates + " rejections=" + rejections);
            }
        }
        current = NONE;
        outboxEvents = 0;
        firstSends = 0;
        duplicates = 0;
        rejections = 0;
    }

    private void violation(final long index, final String what)
    {
        violationCount++;
        if (violations.size() < 20)
        {
            violations.add("journal index " + index + ": " + what);
        }
    }

    /** FNV-1a 64 over a 32-byte ClOrdID: collisions among a million ids are vanishingly unlikely. */
    static long hash(final byte[] clOrdId, final int offset)
    {
        long value = 0xcbf29ce484222325L;
        for (int i = 0; i < 32; i++)
        {
            value = (value ^ (clOrdId[offset + i] & 0xFF)) * 0x100000001b3L;
        }
        return value;
    }
}

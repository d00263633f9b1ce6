package io.noctria.engine.runtime;

import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.engine.core.IdempotencyKeys;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads what an engine and its venue left on disk — the engine's journal and inbound queue, the venue's ledger and
 * report stream — and lists every breach of exactly-once: a ClOrdID the venue took twice or refused as a
 * duplicate, an inbound request journaled twice or skipped, a journaled request without a decision, a key recorded
 * twice, an order that reached neither a final nor a reconciled state, and a recovered state that a fresh replay of
 * the journal does not reproduce. Read-only; safe while the processes run.
 * <p>
 * The venue is {@code broker-sim} (its ledger and report stream) or {@code fix-venue} (its
 * {@code orders-received.txt}, one line per NewOrderSingle read). fix-venue's orders die with it (docs/fix.md,
 * "Known limits"), so for the ClOrdIDs a killed venue life had taken ({@code lostByVenue}) two outcomes are the
 * expected ones rather than breaches: reconciliation's {@code CONFLICT} on the venue's "unknown order" for an order it
 * had acknowledged (not sent again), and the venue's refusal as a duplicate ClOrdID of an order never acknowledged that
 * reconciliation sent again (the restarted venue keeps the ClOrdIDs it took unique). Both leave the order to an
 * operator; either counts as settled. A ClOrdID taken twice is a breach in both modes.
 */
final class ExactlyOnceAudit
{
    // What the events of the frame being read refer to (schema 3), for every queue this audit reads.
    private final io.noctria.codecs.FrameInput frameInput = new io.noctria.codecs.FrameInput();

    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;

    final List<String> violations = new ArrayList<>();
    final Map<String, Integer> counts = new TreeMap<>();

    private final Path dataDir;
    private final Path venueDir;
    /** fix-venue: the ClOrdIDs taken by venue lives that were killed; null for broker-sim. */
    private final Set<String> lostByVenue;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    // journal facts
    private long inboundExcerpts;
    private final Map<Long, Integer> journaledInbound = new HashMap<>();
    private final Set<Long> requestInputs = new HashSet<>();
    private final Set<Long> decidedInputs = new HashSet<>();
    private final Set<Long> rejectedInbound = new HashSet<>();
    private final Map<Long, Long> inboundOfInput = new HashMap<>();
    private final Map<String, Order> orders = new LinkedHashMap<>();
    private final Map<Long, String> lastStartQueries = new HashMap<>();
    private int lastStartAnswered;

    private ExactlyOnceAudit(final Path dataDir, final Path venueDir, final Set<String> lostByVenue)
    {
        this.dataDir = dataDir;
        this.venueDir = venueDir;
        this.lostByVenue = lostByVenue;
    }

    /**
     * Reads the engine side only: enough to decide whether a run has settled.
     *
     * @param lostByVenue null: the venue is broker-sim; else the venue is fix-venue and these are the ClOrdIDs taken
     *                    by its lives that were killed.
     */
    static ExactlyOnceAudit journal(final Path dataDir, final Path venueDir, final Set<String> lostByVenue)
    {
        final ExactlyOnceAudit audit = new ExactlyOnceAudit(dataDir, venueDir, lostByVenue);
        audit.readInbound();
        audit.readJournal();
        return audit;
    }

    /**
     * @return true when every inbound excerpt is journaled, the last start's reconciliation is answered and every
     * order is final or reconciled: the state a clean stop may be taken in.
     */
    boolean settled()
    {
        return journaledInbound.size() == inboundExcerpts && lastStartAnswered == lastStartQueries.size() &&
            orders.values().stream().allMatch(Order::settled);
    }

    /** What keeps the run from settling, for a timeout's message. */
    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder().append("inbound ").append(inboundExcerpts).append(", journaled ")
            .append(journaledInbound.size()).append(", last start's queries answered ").append(lastStartAnswered)
            .append(" of ").append(lastStartQueries.size());
        orders.forEach((clOrdId, order) ->
        {
            if (!order.settled())
            {
                text.append("\n  unsettled ").append(clOrdId).append(": ").append(order);
            }
        });
        return text.toString();
    }

    /** Every check, the replay included; fills {@link #violations} and {@link #counts}. */
    static ExactlyOnceAudit full(final Path dataDir, final Path venueDir, final Set<String> lostByVenue,
        final Path config, final Path policy, final byte[] secret) throws java.io.IOException
    {
        final ExactlyOnceAudit audit = journal(dataDir, venueDir, lostByVenue);
        if (lostByVenue == null)
        {
            audit.checkVenue();
        }
        else
        {
            audit.checkFixVenue();
        }
        audit.checkJournal();
        audit.checkReplay(config, policy, secret);
        return audit;
    }

    private void readInbound()
    {
        read(new DataDirectory(dataDir).queue(DataDirectory.INBOUND), (index, buffer, offset, length) -> inboundExcerpts++);
    }

    private void readJournal()
    {
        final OrderRequestDecoder request = new OrderRequestDecoder();
        final InputRejectedDecoder rejected = new InputRejectedDecoder();
        final QualityDecisionDecoder quality = new QualityDecisionDecoder();
        final DuplicateSuppressedDecoder duplicate = new DuplicateSuppressedDecoder();
        final OutboxRecordedDecoder recorded = new OutboxRecordedDecoder();
        final OrderSentDecoder sent = new OrderSentDecoder();
        final FillDecoder fill = new FillDecoder();
        final BrokerRejectDecoder reject = new BrokerRejectDecoder();
        final ExpiredDecoder expired = new ExpiredDecoder();
        final CanceledDecoder canceled = new CanceledDecoder();
        final SendFailedDecoder failed = new SendFailedDecoder();
        final ReconcileRequestedDecoder requested = new ReconcileRequestedDecoder();
        final OrderReconciledDecoder reconciled = new OrderReconciledDecoder();
        read(journalDir(), (index, buffer, offset, length) ->
        {
            header.wrap(buffer, offset);
            final int body = offset + HEADER;
            final int block = header.blockLength();
            final int version = header.version();
            count(io.noctria.codecs.Messages.name(header.templateId()));
            switch (header.templateId())
            {
                case OrderRequestDecoder.TEMPLATE_ID:
                    request.wrap(buffer, body, block, version);
                    journaledInbound.merge(request.inboundIndex(), 1, Integer::sum);
                    requestInputs.add(index);
                    inboundOfInput.put(index, request.inboundIndex());
                    break;
                case ControlDecoder.TEMPLATE_ID:
                    journaledInbound.merge(new ControlDecoder().wrap(buffer, body, block, version).inboundIndex(), 1,
                        Integer::sum);
                    break;
                case InputRejectedDecoder.TEMPLATE_ID:
                    rejected.wrap(buffer, body, block, version);
                    rejectedInbound.add(rejected.inboundIndex());
                    if (!journaledInbound.containsKey(rejected.inboundIndex()) &&
                        !inboundOfInput.containsValue(rejected.inboundIndex()))
                    {
                        journaledInbound.merge(rejected.inboundIndex(), 1, Integer::sum); // never became an input
                    }
                    break;
                case QualityDecisionDecoder.TEMPLATE_ID:
                    decidedInputs.add(quality.wrap(buffer, body, block, version).inputIndex());
                    break;
                case DuplicateSuppressedDecoder.TEMPLATE_ID:
                    decidedInputs.add(duplicate.wrap(buffer, body, block, version).inputIndex());
                    count("duplicates suppressed");
                    break;
                case OutboxRecordedDecoder.TEMPLATE_ID:
                {
                    recorded.wrap(buffer, body, block, version);
                    // Schema 3: the event refers to its request, whose key the ClOrdID derives from.
                    if (!frameInput.keyAt(OutboxRecordedDecoder.TEMPLATE_ID, buffer, body))
                    {
                        violations.add("OutboxRecorded at journal " + index + " names no key");
                        break;
                    }
                    final String clOrdId = IdempotencyKeys.clOrdId(frameInput.buffer(), frameInput.index());
                    final Order order = orders.get(clOrdId);
                    if (order != null)
                    {
                        violations.add("ClOrdID " + clOrdId + " recorded in the outbox twice (journal " +
                            order.recordedAt + " and " + index + ")");
                    }
                    else
                    {
                        orders.put(clOrdId, new Order(index));
                    }
                    break;
                }
                case OrderSentDecoder.TEMPLATE_ID:
                    order(sent.wrap(buffer, body, block, version).clOrdId(), index).onSent(index);
                    break;
                case FillDecoder.TEMPLATE_ID:
                    fill.wrap(buffer, body, block, version);
                    if (fill.leavesQty() == 0)
                    {
                        order(fill.clOrdId(), index).onFinal(index);
                    }
                    break;
                case BrokerRejectDecoder.TEMPLATE_ID:
                    reject.wrap(buffer, body, block, version);
                    if (reject.reason() == BrokerRejectReason.DUPLICATE_CLORDID && lostBy(reject.clOrdId()))
                    {
                        count("lost by the venue: resend refused as a duplicate");
                        order(reject.clOrdId(), index).onLostAtVenue(index);
                    }
                    else if (reject.reason() == BrokerRejectReason.DUPLICATE_CLORDID)
                    {
                        violations.add("journal " + index + ": the venue refused ClOrdID " + reject.clOrdId() +
                            " as a duplicate: the engine sent an order the venue already held");
                    }
                    else
                    {
                        order(reject.clOrdId(), index).onFinal(index);
                    }
                    break;
                case ExpiredDecoder.TEMPLATE_ID:
                    order(expired.wrap(buffer, body, block, version).clOrdId(), index).onFinal(index);
                    break;
                case CanceledDecoder.TEMPLATE_ID:
                    order(canceled.wrap(buffer, body, block, version).clOrdId(), index).onFinal(index);
                    break;
                case SendFailedDecoder.TEMPLATE_ID:
                    failed.wrap(buffer, body, block, version);
                    if (failed.finalAttempt() == BooleanType.TRUE && failed.errorCode() != BrokerErrorCode.TIMEOUT)
                    {
                        order(failed.clOrdId(), index).onFinal(index);
                    }
                    break;
                case EngineStartedDecoder.TEMPLATE_ID:
                    lastStartQueries.clear();
                    lastStartAnswered = 0;
                    break;
                case ReconcileRequestedDecoder.TEMPLATE_ID:
                    requested.wrap(buffer, body, block, version);
                    lastStartQueries.put(requested.queryId(), requested.clOrdId());
                    count("reconcile queries");
                    break;
                case OrderReconciledDecoder.TEMPLATE_ID:
                {
                    reconciled.wrap(buffer, body, block, version);
                    count("reconciled " + reconciled.outcome());
                    if (lastStartQueries.containsKey(reconciled.queryId()))
                    {
                        lastStartAnswered++;
                    }
                    final Order order = order(reconciled.clOrdId(), index);
                    switch (reconciled.outcome())
                    {
                        case CONFLICT:
                            if (reconciled.venueState() == VenueOrderState.UNKNOWN && lostBy(reconciled.clOrdId()))
                            {
                                count("lost by the venue: acknowledged, then unknown (CONFLICT)");
                                order.onLostAtVenue(index);
                                break;
                            }
                            violations.add("journal " + index + ": reconciliation of " + reconciled.clOrdId() +
                                " found the venue contradicting the journal (engine " + reconciled.engineState() +
                                ", venue " + reconciled.venueState() + ", taken by a killed venue life: " +
                                lostBy(reconciled.clOrdId()) + "; " + order + ")");
                            break;
                        case CONFIRMED:
                        case ADOPTED:
                            final EngineOrderState state = reconciled.engineState();
                            if (state == EngineOrderState.FILLED || state == EngineOrderState.REJECTED ||
                                state == EngineOrderState.EXPIRED || state == EngineOrderState.CANCELED)
                            {
                                order.onFinal(index);
                            }
                            else
                            {
                                order.onReconciledWorking(index);
                            }
                            break;
                        default:
                            break; // RESENT: an OrderSent follows; SUPERSEDED: a retry is on its way
                    }
                    break;
                }
                default:
                    break;
            }
        });
    }

    private void checkVenue()
    {
        final Map<String, Integer> recorded = new HashMap<>();
        final VenueOrderReceivedDecoder entry = new VenueOrderReceivedDecoder();
        read(new DataDirectory(venueDir).queue(DataDirectory.BROKER_LEDGER), (index, buffer, offset, length) ->
        {
            header.wrap(buffer, offset);
            entry.wrap(buffer, offset + HEADER, header.blockLength(), header.version());
            count("venue arrivals");
            if (entry.recorded() == BooleanType.TRUE)
            {
                recorded.merge(entry.clOrdId(), 1, Integer::sum);
            }
        });
        checkTaken(recorded);
        final BrokerRejectDecoder reject = new BrokerRejectDecoder();
        read(new DataDirectory(venueDir).queue(DataDirectory.BROKER_REPORTS), (index, buffer, offset, length) ->
        {
            header.wrap(buffer, offset);
            if (header.templateId() == BrokerRejectDecoder.TEMPLATE_ID &&
                reject.wrap(buffer, offset + HEADER, header.blockLength(), header.version()).reason() ==
                    BrokerRejectReason.DUPLICATE_CLORDID)
            {
                violations.add("broker-reports " + index + ": the venue refused " + reject.clOrdId() + " as a duplicate");
            }
        });
    }

    /** fix-venue's record: each ClOrdID taken at most once, and only ones the journal recorded in the outbox. */
    private void checkFixVenue() throws java.io.IOException
    {
        final Map<String, Integer> taken = new HashMap<>();
        for (final String line : Files.readAllLines(venueDir.resolve("orders-received.txt")))
        {
            final String[] fields = line.split(" ");
            if (fields.length != 4)
            {
                count("venue record lines cut off by a kill");
                continue;
            }
            count("venue " + fields[3]);
            if (fields[3].equals("taken"))
            {
                taken.merge(fields[0], 1, Integer::sum);
            }
        }
        counts.put("venue ClOrdIDs lost by killed lives", lostByVenue.size());
        checkTaken(taken);
    }

    /** The venue's record, ClOrdID → times taken as a new order: each at most once, each one the journal recorded. */
    private void checkTaken(final Map<String, Integer> taken)
    {
        counts.put("venue ClOrdIDs", taken.size());
        taken.forEach((clOrdId, n) ->
        {
            if (n > 1)
            {
                violations.add("the venue took ClOrdID " + clOrdId + " as a new order " + n + " times: a double send");
            }
            if (!orders.containsKey(clOrdId))
            {
                violations.add("the venue holds ClOrdID " + clOrdId + ", which no OutboxRecorded in the journal names");
            }
        });
    }

    private boolean lostBy(final String clOrdId)
    {
        return lostByVenue != null && lostByVenue.contains(clOrdId);
    }

    private void checkJournal()
    {
        final List<Long> inboundIndexes = new ArrayList<>();
        read(new DataDirectory(dataDir).queue(DataDirectory.INBOUND), (index, buffer, offset, length) -> inboundIndexes.add(index));
        for (final long index : inboundIndexes)
        {
            final int times = journaledInbound.getOrDefault(index, 0);
            if (times != 1)
            {
                violations.add("inbound excerpt " + index + " journaled " + times + " times (expected once)");
            }
        }
        counts.put("inbound requests", inboundIndexes.size());
        for (final long input : requestInputs)
        {
            if (!decidedInputs.contains(input) && !rejectedInbound.contains(inboundOfInput.get(input)))
            {
                violations.add("journaled OrderRequest " + input + " has no decision (quality, duplicate or reject)");
            }
        }
        counts.put("orders", orders.size());
        orders.forEach((clOrdId, order) ->
        {
            if (order.lastSent < 0)
            {
                violations.add("order " + clOrdId + " (journal " + order.recordedAt + ") was never sent");
            }
            else if (!order.settled())
            {
                violations.add("order " + clOrdId + " (journal " + order.recordedAt + ", last sent at " +
                    order.lastSent + ") reached neither a final nor a reconciled state");
            }
            if (order.finalAt >= 0)
            {
                count("orders final");
            }
            else if (order.lostAt >= 0)
            {
                count("orders lost by the venue, left to an operator");
            }
            else if (order.reconciledAt > order.lastSent)
            {
                count("orders reconciled working");
            }
        });
    }

    /** A fresh core over the whole journal: its state must equal every EngineStarted's and EngineStopped's digest. */
    private void checkReplay(final Path config, final Path policy, final byte[] secret)
    {
        final ExecutionCore core = new ExecutionCore(EngineConfig.load(config), RiskPolicy.load(policy),
            new IdempotencyKeys(secret), (buffer, offset, length) -> { }, () -> 0L);
        final UnsafeBuffer input = new UnsafeBuffer(new byte[InputSlot.CAPACITY]);
        final byte[] digest = new byte[32];
        read(journalDir(), (index, buffer, offset, length) ->
        {
            header.wrap(buffer, offset);
            final int templateId = header.templateId();
            if (templateId == EngineStartedDecoder.TEMPLATE_ID)
            {
                new EngineStartedDecoder().wrap(buffer, offset + HEADER, header.blockLength(), header.version())
                    .getStateHash(digest, 0, 32);
                compare(core, digest, "EngineStarted", index);
            }
            else if (templateId == EngineStoppedDecoder.TEMPLATE_ID)
            {
                new EngineStoppedDecoder().wrap(buffer, offset + HEADER, header.blockLength(), header.version())
                    .getStateHash(digest, 0, 32);
                compare(core, digest, "EngineStopped", index);
            }
            if (ExecutionCore.isInput(templateId))
            {
                input.putBytes(0, buffer, offset, length);
                core.onInput(index, input, 0);
            }
        });
    }

    private void compare(final ExecutionCore core, final byte[] journaled, final String what, final long index)
    {
        count("replay checkpoints (" + what + ")");
        if (!Arrays.equals(core.stateDigest(), journaled))
        {
            violations.add("a fresh replay's state differs from the " + what + " digest at journal " + index);
        }
    }

    private Order order(final String clOrdId, final long index)
    {
        final Order order = orders.get(clOrdId);
        if (order == null)
        {
            violations.add("journal " + index + " names ClOrdID " + clOrdId + " with no OutboxRecorded before it");
            final Order orphan = new Order(index);
            orders.put(clOrdId, orphan);
            return orphan;
        }
        return order;
    }

    private void count(final String what)
    {
        counts.merge(what, 1, Integer::sum);
    }

    private Path journalDir()
    {
        return new DataDirectory(dataDir).queue(DataDirectory.JOURNAL);
    }

    private interface Excerpts
    {
        void onMessage(long index, DirectBuffer buffer, int offset, int length);
    }

    private void read(final Path queue, final Excerpts excerpts)
    {
        if (!Files.exists(queue.resolve("metadata.cq4t")))
        {
            return;
        }
        try (JournalReader reader = JournalReader.open(queue))
        {
            final JournalConsumer consumer = new JournalConsumer()
            {
                @Override
                public void onFrame(final long index, final int messages)
                {
                    frameInput.onFrame(messages);
                }

                @Override
                public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
                {
                    final int folded = frameInput.next(buffer, offset, length);
                    excerpts.onMessage(index, frameInput.foldBuffer(), frameInput.foldOffset(), folded);
                }

                @Override
                public void onInvalid(final long index, final RecordError error, final String detail)
                {
                    violations.add("invalid excerpt " + index + " in " + queue.getFileName() + ": " + detail);
                }
            };
            while (reader.poll(consumer, 4096) > 0)
            {
                // all of it
            }
        }
    }

    /** What the journal says happened to one order. */
    private static final class Order
    {
        final long recordedAt;
        long lastSent = -1;
        long finalAt = -1;
        long reconciledAt = -1;
        long lostAt = -1;

        Order(final long recordedAt)
        {
            this.recordedAt = recordedAt;
        }

        void onSent(final long index)
        {
            lastSent = index;
        }

        void onFinal(final long index)
        {
            if (finalAt < 0)
            {
                finalAt = index;
            }
        }

        void onReconciledWorking(final long index)
        {
            reconciledAt = index;
        }

        void onLostAtVenue(final long index)
        {
            lostAt = index;
        }

        /**
         * Final, or confirmed working at the venue by a reconciliation after its last send, or (fix-venue) found lost
         * by a killed venue life. The last holds after later sends too: an order never acknowledged is sent again at
         * each start (the venue answers "unknown order"), refused each time as a duplicate, and the gateway drops a
         * refusal it has already passed on as a repeat.
         */
        boolean settled()
        {
            return finalAt >= 0 || lostAt >= 0 || (lastSent >= 0 && reconciledAt > lastSent);
        }

        @Override
        public String toString()
        {
            return "recorded " + recordedAt + ", last sent " + lastSent + ", final " + finalAt + ", reconciled " +
                reconciledAt + ", lost by the venue " + lostAt;
        }
    }
}

package io.noctria.engine.core;

import io.noctria.codecs.OrderTransitions;
import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.codecs.sbe.OrderStatusReportDecoder;
import io.noctria.codecs.sbe.ReconcileOutcome;
import io.noctria.codecs.sbe.RiskRule;
import io.noctria.codecs.sbe.Severity;
import io.noctria.codecs.sbe.VenueOrderState;

/**
 * Settles the orders a restart leaves in doubt, as plain state-machine steps over journaled inputs.
 * <p>
 * <b>In doubt</b> is every order still working when the engine starts (SENT, ACKED, PARTIALLY_FILLED): the
 * previous life may have died before the hand-off reached the venue, before a report was journaled, or the
 * venue may have lost pending reports in its own crash. {@code EngineStarted} is an input: on it every such
 * order gets a status query under a fresh {@code queryId} (a counter in the state, so ids never repeat across
 * restarts) and a {@code ReconcileRequested} event, which the host turns into {@code OrderStatusQuery}. Queries
 * of an earlier life that were never answered are abandoned; their late answers change nothing.
 * <p>
 * <b>Answers</b> ({@code OrderStatusReport}, journaled inputs) are applied once each, then recorded as
 * {@code OrderReconciled}:
 * <ul>
 * <li>venue state {@code UNKNOWN}: the venue never recorded the ClOrdID. It reads its orders queue in order, so
 * it had already taken every earlier send of this order when it answered: none got through. The request reached
 * the journal, so it must not be lost: it is sent again with the same ClOrdID (attempt + 1) — {@code RESENT}.
 * Re-sending is safe even if this reasoning were wrong, because the venue refuses a ClOrdID it holds. When a
 * retry was already sent after the query was asked (a transient error delivered meanwhile), the answer is
 * older than that retry, whose own reports decide — {@code SUPERSEDED}. An order the venue had acknowledged
 * (ACKED or later in the journal) and now does not know was lost by the venue (a restart without its orders): it is
 * not sent again, which would be a second order — {@code CONFLICT}, as below;</li>
 * <li>known to the venue: its state and fills are adopted where they are ahead of the engine (the engine missed
 * reports, e.g. they were written before a restart that could not resume the report stream): the missing
 * quantity becomes one fill at the implied average price, the state follows the venue's, a terminal state
 * releases the working quantity — {@code ADOPTED}; {@code CONFIRMED} when the engine already agreed. An order the
 * engine already holds expired or canceled with less filled than the venue answers (its end report, which carries no
 * fills, came before the answer and its fills were lost) gets the missing fills adopted too, moving only the position
 * (its working quantity was released when it ended);</li>
 * <li>an answer that contradicts the journal (venue filled less than the engine counted, terminal states that
 * differ) changes nothing and raises a CRITICAL RECONCILE alert — {@code CONFLICT}.</li>
 * </ul>
 * The host takes no new input until every query of the current start is answered, so nothing new is sent before
 * reconciliation completes; replay sees the same journaled answers in the same places and reaches the same state.
 * Allocates only when a start has more in-doubt orders than any before (cold path).
 */
final class OrderReconciler
{
    /** The schema's venue states, read once: looked up by raw value without the decoder's throw on an unknown one. */
    private static final VenueOrderState[] VENUE_STATES = VenueOrderState.values();

    private final Outbox outbox;
    private final SymbolBook symbols;
    private final TraceBook traces;
    private final EventPublisher publisher;
    private final AsciiText text = new AsciiText(EventPublisher.MAX_TEXT);
    private final byte[] key = new byte[IdempotencyKeys.KEY_LENGTH];
    private final byte[] clOrdId = new byte[IdempotencyKeys.CL_ORD_ID_LENGTH];
    private final byte[] answerClOrdId = new byte[IdempotencyKeys.CL_ORD_ID_LENGTH];
    private final byte[] entryTrace = new byte[OrderTicket.TRACE_LENGTH];
    private final byte[] entrySymbol = new byte[OrderTicket.SYMBOL_LENGTH];
    private final int[] outcomes = new int[ReconcileOutcome.CONFLICT.value() + 1];
    private final OrderLifecycle lifecycle;

    private int[] queryOrders = new int[16];
    private long querySequence;
    private long firstQueryId = 1;
    private int asked;
    private int pending;

    OrderReconciler(final Outbox outbox, final SymbolBook symbols, final TraceBook traces, final EventPublisher publisher,
        final OrderLifecycle lifecycle)
    {
        this.lifecycle = lifecycle;
        this.outbox = outbox;
        this.symbols = symbols;
        this.traces = traces;
        this.publisher = publisher;
    }

    /** A start: abandon the previous life's open queries, ask about every working order. */
    void onEngineStarted(final long inputIndex)
    {
        // Ids, not the count: an evicted (finished) entry leaves a gap that a later order may refill.
        final int idLimit = outbox.idLimit();
        int working = 0;
        for (int id = 0; id < idLimit; id++)
        {
            if (!outbox.isLive(id))
            {
                continue;
            }
            outbox.pendingQuery(id, 0, 0);
            if (OrderTransitions.isWorking(outbox.state(id)))
            {
                working++;
            }
        }
        if (working > queryOrders.length)
        {
            queryOrders = new int[Integer.highestOneBit(working) << 1];
        }
        firstQueryId = querySequence + 1;
        asked = 0;
        for (int i = 0; i < outcomes.length; i++)
        {
            outcomes[i] = 0;
        }
        for (int id = 0; id < idLimit; id++)
        {
            final EngineOrderState state = outbox.state(id);
            if (!outbox.isLive(id) || !OrderTransitions.isWorking(state))
            {
                continue;
            }
            final long queryId = ++querySequence;
            queryOrders[asked++] = id;
            outbox.pendingQuery(id, queryId, outbox.attempts(id));
            loadIdentity(id);
            publisher.reconcileRequested(inputIndex, queryId, outbox.firstInputIndex(id), outbox.attempts(id),
                outbox.cumQty(id), state, clOrdId, entryTrace, key);
        }
        pending = asked;
        if (asked > 0)
        {
            text.reset().append("restart: ").append(asked).append(" order(s) in doubt (working when the engine stopped); ")
                .append("querying the venue (query ids ").append(firstQueryId).append('-').append(querySequence)
                .append(") before taking new input");
            publisher.alert(inputIndex, AlertCode.RECONCILE, Severity.WARNING, RiskRule.NONE, null, null, text);
        }
    }

    /** The venue's answer to a status query; stale or repeated answers change nothing. */
    void onStatusReport(final long inputIndex, final OrderStatusReportDecoder report)
    {
        final long queryId = report.queryId();
        final long slot = queryId - firstQueryId;
        if (slot < 0 || slot >= asked)
        {
            return; // a query of an earlier life (abandoned) or not the engine's: journaled as evidence only
        }
        final int id = queryOrders[(int)slot];
        if (outbox.pendingQueryId(id) != queryId)
        {
            return; // answered already: a restarted venue may answer its last queries twice
        }
        loadIdentity(id);
        report.getClOrdId(answerClOrdId, 0);
        if (!IdempotencyKeys.equalBytes(clOrdId, answerClOrdId, IdempotencyKeys.CL_ORD_ID_LENGTH))
        {
            text.reset().append("OrderStatusReport for query ").append(queryId).append(" names ClOrdID ")
                .appendField(answerClOrdId, IdempotencyKeys.CL_ORD_ID_LENGTH).append(", not ")
                .appendField(clOrdId, IdempotencyKeys.CL_ORD_ID_LENGTH).append(" asked about; ignored, still waiting");
            publisher.alert(inputIndex, AlertCode.UNKNOWN_ORDER, Severity.WARNING, RiskRule.NONE,
                symbols.policyName(outbox.symbolId(id)), entryTrace, text);
            return;
        }
        final int queriedAttempts = outbox.queriedAttempts(id);
        outbox.pendingQuery(id, 0, 0);
        pending--;
        final short venueState = report.stateRaw();
        if (VenueOrderState.UNKNOWN.value() == venueState)
        {
            onUnknownAtVenue(inputIndex, queryId, id, queriedAttempts);
        }
        else
        {
            onKnownAtVenue(inputIndex, queryId, id, venueState, report);
        }
        if (0 == pending)
        {
            text.reset().append("reconciliation complete: ").append(asked).append(" order(s): ")
                .append(outcomes[ReconcileOutcome.CONFIRMED.value()]).append(" confirmed, ")
                .append(outcomes[ReconcileOutcome.ADOPTED.value()]).append(" adopted, ")
                .append(outcomes[ReconcileOutcome.RESENT.value()]).append(" resent, ")
                .append(outcomes[ReconcileOutcome.SUPERSEDED.value()]).append(" superseded, ")
                .append(outcomes[ReconcileOutcome.CONFLICT.value()]).append(" in conflict");
            publisher.alert(inputIndex, AlertCode.RECONCILE, Severity.INFO, RiskRule.NONE, null, null, text);
        }
    }

    /** @return queries of the current start still unanswered. */
    int pending()
    {
        return pending;
    }

    /** @return the first query id of the current start (the ids run on for {@link #asked()}). */
    long firstQueryId()
    {
        return firstQueryId;
    }

    /** @return how many queries the current start asked. */
    int asked()
    {
        return asked;
    }

    void hashInto(final StateHasher hasher)
    {
        hasher.putLong(querySequence).putLong(firstQueryId).putInt(asked).putInt(pending);
    }

    private void onUnknownAtVenue(final long inputIndex, final long queryId, final int id, final int queriedAttempts)
    {
        final EngineOrderState state = outbox.state(id);
        if (outbox.attempts(id) != queriedAttempts)
        {
            record(inputIndex, queryId, id, ReconcileOutcome.SUPERSEDED, VenueOrderState.UNKNOWN.value(), 0, 0);
            return;
        }
        if (EngineOrderState.SENT != state)
        {
            // The journal holds the venue's ack: the venue took this ClOrdID once and has lost it since (a venue
            // restart without its orders). Sending it again would be a second order; only an operator can tell.
            text.reset().append("venue answers UNKNOWN for ClOrdID ").appendField(clOrdId, IdempotencyKeys.CL_ORD_ID_LENGTH)
                .append(", which it acknowledged (engine state ").append(state.name())
                .append("): the venue lost the order; not sent again, state kept, check the venue by hand");
            publisher.alert(inputIndex, AlertCode.RECONCILE, Severity.CRITICAL, RiskRule.NONE,
                symbols.policyName(outbox.symbolId(id)), entryTrace, text);
            record(inputIndex, queryId, id, ReconcileOutcome.CONFLICT, VenueOrderState.UNKNOWN.value(), 0, 0);
            return;
        }
        outbox.attempts(id, queriedAttempts + 1);
        record(inputIndex, queryId, id, ReconcileOutcome.RESENT, VenueOrderState.UNKNOWN.value(), 0, 0);
        symbols.symbolBytes(outbox.symbolId(id), entrySymbol);
        outbox.sentNs(id, publisher.orderSent(inputIndex, outbox, id, entrySymbol, entryTrace, clOrdId, key));
    }

    private void onKnownAtVenue(final long inputIndex, final long queryId, final int id, final short venueState,
        final OrderStatusReportDecoder report)
    {
        final EngineOrderState state = outbox.state(id);
        final long qty = outbox.qty(id);
        final long engineCum = outbox.cumQty(id);
        final long venueCum = report.cumQty();
        final EngineOrderState target = target(state, venueState);
        final boolean consistent = venueCum >= engineCum && venueCum <= qty &&
            null != target &&
            (EngineOrderState.FILLED != target || venueCum == qty) &&
            (EngineOrderState.REJECTED != target || venueCum == 0) &&
            (!OrderTransitions.isTerminal(state) || (target == state && (venueCum == engineCum || endedShort(state))));
        if (!consistent)
        {
            text.reset().append("venue answers ClOrdID ").appendField(clOrdId, IdempotencyKeys.CL_ORD_ID_LENGTH)
                .append(" state ").append(venueState).append(" cumQty ").appendFixed6(venueCum).append(", the engine has ")
                .append(state.name()).append(" cumQty ").appendFixed6(engineCum)
                .append(": the answer contradicts the journal; state kept, check the venue by hand");
            publisher.alert(inputIndex, AlertCode.RECONCILE, Severity.CRITICAL, RiskRule.NONE,
                symbols.policyName(outbox.symbolId(id)), entryTrace, text);
            record(inputIndex, queryId, id, ReconcileOutcome.CONFLICT, venueState, 0, 0);
            return;
        }
        final long adoptedQty = venueCum - engineCum;
        long adoptedPrice = 0;
        boolean changed = false;
        if (0 == outbox.brokerOrderId(id) && report.brokerOrderId() != 0)
        {
            outbox.brokerOrderId(id, report.brokerOrderId());
            changed = true;
        }
        if (adoptedQty > 0)
        {
            adoptedPrice = impliedPrice(engineCum, outbox.averageFillPrice(id), venueCum, report.avgPrice(), adoptedQty);
            // Booked as a live fill would be (the order was working, so its open quantity is released), and judged
            // for the losing streak like one.
            // An order already ended (its end report came before this answer, its fills lost on the way) released
            // its open quantity when it ended: the fills only move the position.
            lifecycle.applyExecution(inputIndex, id, report.brokerOrderId(), adoptedQty, adoptedPrice,
                !OrderTransitions.isTerminal(state));
            changed = true;
        }
        if (target != state)
        {
            if (OrderTransitions.isPending(state))
            {
                lifecycle.actionEnded(id); // ended at the venue while its cancel or replace was out
            }
            outbox.state(id, target);
            if (OrderTransitions.isTerminal(target))
            {
                symbols.releaseOpen(outbox.symbolId(id), outbox.sideSign(id), outbox.leavesQty(id));
            }
            changed = true;
        }
        record(inputIndex, queryId, id, changed ? ReconcileOutcome.ADOPTED : ReconcileOutcome.CONFIRMED, venueState,
            adoptedQty, adoptedPrice);
    }

    /**
     * Expired or canceled: an end report carries the venue's cumQty but no fills, so the engine may hold the order
     * ended with fills missing (the venue's reports sent into a dead connection are lost; the end report, sent after
     * the reconnect, arrives before the status answer). The venue's larger cumQty is then adopted, not a conflict.
     */
    private static boolean endedShort(final EngineOrderState state)
    {
        return EngineOrderState.EXPIRED == state || EngineOrderState.CANCELED == state;
    }

    /** The engine state the venue's answer implies, or ILLEGAL when it would move the order backwards. */
    private static EngineOrderState target(final EngineOrderState state, final short venueState)
    {
        final EngineOrderState implied;
        switch (venueStateOf(venueState))
        {
            case PENDING_NEW: implied = state; break;
            case NEW: implied = EngineOrderState.SENT == state ? EngineOrderState.ACKED : state; break;
            case PARTIALLY_FILLED: implied = EngineOrderState.PARTIALLY_FILLED; break;
            case FILLED: implied = EngineOrderState.FILLED; break;
            case REJECTED: implied = EngineOrderState.REJECTED; break;
            case EXPIRED: implied = EngineOrderState.EXPIRED; break;
            case CANCELED: implied = EngineOrderState.CANCELED; break;
            default: return null;
        }
        if (implied == state)
        {
            return state;
        }
        if (OrderTransitions.isTerminal(state))
        {
            return null;
        }
        if (EngineOrderState.REJECTED == implied)
        {
            return EngineOrderState.SENT == state ? implied : null; // only before the ack
        }
        if (EngineOrderState.PARTIALLY_FILLED == implied || EngineOrderState.ACKED == implied)
        {
            if (OrderTransitions.isPending(state))
            {
                return state; // still working at the venue: the cancel's or replace's answer is yet to come
            }
            if (EngineOrderState.REPLACED == state)
            {
                return EngineOrderState.PARTIALLY_FILLED == implied ? implied : state;
            }
            return implied.value() >= state.value() ? implied : null;
        }
        return implied;
    }

    /**
     * Average price of the quantity the engine missed: (venue notional − engine notional) / adopted, exact when
     * both notionals fit 63 bits, else (and whenever the result is not positive) the venue's average price.
     */
    private static long impliedPrice(final long engineCum, final long engineAvg, final long venueCum,
        final long venueAvg, final long adoptedQty)
    {
        if (0 == engineCum)
        {
            return venueAvg;
        }
        if (0 != Math.multiplyHigh(venueCum, venueAvg) || 0 != Math.multiplyHigh(engineCum, engineAvg))
        {
            return venueAvg;
        }
        final long venueNotional = venueCum * venueAvg;
        final long engineNotional = engineCum * engineAvg;
        if (venueNotional < 0 || engineNotional < 0 || venueNotional <= engineNotional)
        {
            return venueAvg;
        }
        final long price = (venueNotional - engineNotional) / adoptedQty;
        return price > 0 ? price : venueAvg;
    }

    /** @return the venue state of that raw value, NULL_VAL for a value the schema does not define. */
    static VenueOrderState venueStateOf(final short raw)
    {
        for (final VenueOrderState candidate : VENUE_STATES)
        {
            if (candidate.value() == raw)
            {
                return candidate;
            }
        }
        return VenueOrderState.NULL_VAL;
    }

    private void record(final long inputIndex, final long queryId, final int id, final ReconcileOutcome outcome,
        final short venueState, final long adoptedQty, final long adoptedPrice)
    {
        outcomes[outcome.value()]++;
        publisher.orderReconciled(inputIndex, queryId, outcome, venueState, outbox.state(id), adoptedQty, adoptedPrice,
            outbox.cumQty(id), outbox.averageFillPrice(id), outbox.brokerOrderId(id), outbox.attempts(id), clOrdId,
            entryTrace, key);
    }

    private void loadIdentity(final int id)
    {
        outbox.keyBytes(id, key);
        IdempotencyKeys.deriveClOrdId(key, 0, clOrdId, 0);
        traces.traceBytes(outbox.traceId(id), entryTrace);
    }

    // Snapshot access (CoreSnapshot).

    long querySequence()
    {
        return querySequence;
    }

    /** @return the outbox entry the {@code i}-th query of the current start asked about ({@code i < asked()}). */
    int queryOrder(final int i)
    {
        return queryOrders[i];
    }

    /** @return how many answers of the current start had this {@link ReconcileOutcome} value. */
    int outcomes(final int outcome)
    {
        return outcomes[outcome];
    }

    /** @return the number of outcome counters ({@link ReconcileOutcome} values). */
    int outcomeKinds()
    {
        return outcomes.length;
    }

    /** Puts back the reconciliation a snapshot holds. */
    void restore(final long sequence, final long firstId, final int askedNow, final int pendingNow,
        final int[] outcomeCounts, final int[] orders)
    {
        if (askedNow < 0 || pendingNow < 0 || pendingNow > askedNow || outcomeCounts.length != outcomes.length ||
            orders.length < askedNow)
        {
            throw new IllegalArgumentException("reconciliation of " + askedNow + " queries, " + pendingNow +
                " pending, " + outcomeCounts.length + " outcome kinds does not fit");
        }
        querySequence = sequence;
        firstQueryId = firstId;
        asked = askedNow;
        pending = pendingNow;
        System.arraycopy(outcomeCounts, 0, outcomes, 0, outcomes.length);
        queryOrders = new int[Math.max(16, askedNow)];
        for (int i = 0; i < askedNow; i++)
        {
            if (orders[i] < 0 || orders[i] >= outbox.idLimit())
            {
                throw new IllegalArgumentException("query " + i + " names outbox entry " + orders[i] + " of " +
                    outbox.idLimit() + " ids");
            }
            queryOrders[i] = orders[i];
        }
    }
}

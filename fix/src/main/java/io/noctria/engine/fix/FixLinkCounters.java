package io.noctria.engine.fix;

import io.noctria.engine.gateway.VenueLinkCounters;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The FIX gateway's counters, among the venue link's in the engine's counters file (so {@code noctria status} and
 * {@code /metrics} show the session live), each with the thread that writes it:
 * <ul>
 *   <li>the {@link OrderForwarder} ({@code noctria-fix-forwarder}): D, F, G and H handed to the session, excerpts of
 *   {@code broker-orders} it could not send, its longest duty cycle;</li>
 *   <li>the FIX library's session thread ({@link ExecutionReportAdapter}): reports taken into {@code broker-reports},
 *   refused (by reason), and Pending Cancel / Pending Replace noted;</li>
 *   <li>any of the library's threads ({@link FixSessionLog}): session errors, with atomic increments; logons, and
 *   whether the session is logged on now (1 or 0, set at each logon and logout).</li>
 * </ul>
 * Names are part of the counters file's contract, as the engine's labels are (docs/operations.md).
 */
final class FixLinkCounters
{
    final AtomicCounter ordersForwarded;
    final AtomicCounter cancelsForwarded;
    final AtomicCounter replacesForwarded;
    final AtomicCounter queriesForwarded;
    final AtomicCounter notForwarded;
    final AtomicCounter forwarderMaxCycleNs;
    final AtomicCounter reportsTaken;
    final AtomicCounter unknownClOrdIds;
    final AtomicCounter unmapped;
    final AtomicCounter malformed;
    final AtomicCounter duplicates;
    final AtomicCounter pendingNoted;
    final AtomicCounter sessionErrors;
    final AtomicCounter logons;
    final AtomicCounter loggedOn;
    /** Errors of the gateway's threads: the engine's {@code errors} counter and its distinct-error log. */
    final ErrorHandler errors;

    FixLinkCounters(final VenueLinkCounters link)
    {
        errors = link.errorHandler();
        ordersForwarded = link.newEvents("FIX orders forwarded (D)");
        cancelsForwarded = link.newEvents("FIX cancels forwarded (F)");
        replacesForwarded = link.newEvents("FIX replaces forwarded (G)");
        queriesForwarded = link.newEvents("FIX status requests forwarded (H)");
        notForwarded = link.newEvents("FIX broker-orders excerpts not sent");
        forwarderMaxCycleNs = link.newGauge("FIX forwarder max duty cycle (ns)");
        reportsTaken = link.newEvents("FIX reports taken");
        unknownClOrdIds = link.newEvents("FIX reports refused: unknown ClOrdID");
        unmapped = link.newEvents("FIX reports refused: no report for the ExecType");
        malformed = link.newEvents("FIX reports refused: unreadable");
        duplicates = link.newEvents("FIX reports refused: repeat");
        pendingNoted = link.newEvents("FIX pending cancel/replace noted");
        sessionErrors = link.newEvents("FIX session errors");
        logons = link.newEvents("FIX logons");
        loggedOn = link.newGauge("FIX session logged on");
    }

    /** @return counters no other process sees, for an adapter or forwarder tested alone. */
    static FixLinkCounters standalone()
    {
        return new FixLinkCounters(VenueLinkCounters.standalone(error ->
        {
            throw new IllegalStateException("FIX link thread failed", error);
        }));
    }

    /** @return every report refused: an unknown ClOrdID, no report for its ExecType, unreadable, or a repeat. */
    long reportsRefused()
    {
        return unknownClOrdIds.get() + unmapped.get() + malformed.get() + duplicates.get();
    }
}

package io.noctria.codecs;

import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.codecs.sbe.VenueOrderState;
import org.junit.jupiter.api.Test;

import static io.noctria.codecs.OrderTransitions.*;
import static io.noctria.codecs.sbe.EngineOrderState.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderTransitionsTest
{
    private static final long QTY = 10_000_000L;
    private static final long PRICE = 101_250_000L;

    @Test
    void shouldFollowTheHappyPathNewSentAckedPartiallyFilledFilled()
    {
        EngineOrderState state = NEW;
        state = next(state, ON_SEND);
        assertEquals(SENT, state);
        state = next(state, ON_ACK);
        assertEquals(ACKED, state);
        state = next(state, ON_PARTIAL_FILL);
        assertEquals(PARTIALLY_FILLED, state);
        state = next(state, ON_PARTIAL_FILL);
        assertEquals(PARTIALLY_FILLED, state);
        state = next(state, ON_FULL_FILL);
        assertEquals(FILLED, state);
        assertTrue(isTerminal(state));
    }

    @Test
    void shouldAllowRejectOnlyBeforeTheAck()
    {
        assertEquals(REJECTED, next(SENT, ON_REJECT));
        assertNull(next(ACKED, ON_REJECT));
        assertNull(next(PARTIALLY_FILLED, ON_REJECT));
    }

    @Test
    void shouldEndWorkingOrdersByExpiryOrCancel()
    {
        for (final EngineOrderState working : new EngineOrderState[]{SENT, ACKED, PARTIALLY_FILLED, REPLACED,
            PENDING_CANCEL, PENDING_REPLACE})
        {
            assertTrue(isWorking(working));
            assertEquals(EXPIRED, next(working, ON_EXPIRE));
            assertEquals(CANCELED, next(working, ON_CANCEL));
        }
    }

    @Test
    void shouldAcceptNothingInATerminalState()
    {
        for (final EngineOrderState terminal : new EngineOrderState[]{FILLED, REJECTED, EXPIRED, CANCELED})
        {
            assertFalse(isWorking(terminal));
            for (int event = ON_SEND; event <= ON_CANCEL_REJECT_FILLED; event++)
            {
                assertNull(next(terminal, event), terminal + " + " + eventName(event));
            }
        }
    }

    @Test
    void shouldRefuseAckTwiceAndSendFailedAfterAck()
    {
        assertNull(next(ACKED, ON_ACK));
        assertNull(next(ACKED, ON_SEND_FAILED));
        assertEquals(SENT, next(SENT, ON_SEND_FAILED));
        assertNull(next(NEW, ON_ACK));
        assertNull(next(SENT, ON_SEND));
    }

    @Test
    void shouldCompleteAnOrderWhenItsFillsReachItsQuantityWhateverTheFillType()
    {
        assertEquals(ON_FULL_FILL, fillEvent(QTY, QTY));
        assertEquals(ON_PARTIAL_FILL, fillEvent(QTY - 1, QTY));
    }

    @Test
    void shouldBookAFillOnlyWhileWorkingOrWhenItRacedACancelOrExpiry()
    {
        assertTrue(booksFill(SENT, QTY, PRICE, QTY));
        assertTrue(booksFill(PARTIALLY_FILLED, 1, PRICE, QTY));
        assertTrue(booksFill(CANCELED, 1, PRICE, QTY), "raced the cancel at the venue");
        assertTrue(booksFill(EXPIRED, QTY, PRICE, QTY), "raced the expiry at the venue");
        assertFalse(booksFill(FILLED, 1, PRICE, 1), "a fill on a filled order is not booked");
        assertFalse(booksFill(REJECTED, 1, PRICE, QTY), "nor on a rejected one");
        assertFalse(booksFill(NEW, 1, PRICE, QTY), "nor before the send");
        assertFalse(booksFill(ACKED, QTY + 1, PRICE, QTY), "an over-fill is not booked");
        assertFalse(booksFill(ACKED, 0, PRICE, QTY), "nor an empty one");
        assertFalse(booksFill(CANCELED, 1, 0, QTY), "nor one without a price");
    }

    @Test
    void shouldKeepATimedOutSendInDoubtAndRejectAnyOtherGivenUpSend()
    {
        assertEquals(SENT, afterGivingUp(true));
        assertEquals(REJECTED, afterGivingUp(false));
    }

    @Test
    void shouldTakeALateAckOnlyAfterAFillOrTheEndImpliedIt()
    {
        assertTrue(impliedAck(PARTIALLY_FILLED));
        assertTrue(impliedAck(FILLED));
        assertTrue(impliedAck(CANCELED));
        assertTrue(impliedAck(EXPIRED));
        assertFalse(impliedAck(REJECTED));
        assertFalse(impliedAck(ACKED));
    }

    @Test
    void shouldEndAnOrderAtTheVenueOnlyInTheFixTerminalStates()
    {
        for (final VenueOrderState state : VenueOrderState.values())
        {
            final boolean terminal = state == VenueOrderState.FILLED || state == VenueOrderState.REJECTED ||
                state == VenueOrderState.EXPIRED || state == VenueOrderState.CANCELED;
            assertEquals(terminal, isTerminal(state), state.name());
        }
    }

    @Test
    void shouldSendACancelOrReplaceOnlyFromAWorkingStateWithNothingPending()
    {
        for (final EngineOrderState working : new EngineOrderState[]{SENT, ACKED, PARTIALLY_FILLED, REPLACED})
        {
            assertEquals(PENDING_CANCEL, next(working, ON_CANCEL_SENT), working.name());
            assertEquals(PENDING_REPLACE, next(working, ON_REPLACE_SENT), working.name());
        }
        for (final EngineOrderState other : new EngineOrderState[]{NEW, PENDING_CANCEL, PENDING_REPLACE, FILLED,
            REJECTED, EXPIRED, CANCELED})
        {
            assertNull(next(other, ON_CANCEL_SENT), other.name());
            assertNull(next(other, ON_REPLACE_SENT), other.name());
        }
    }

    @Test
    void shouldKeepAPendingActionWorkingUntilTheVenueAnswers()
    {
        for (final EngineOrderState pending : new EngineOrderState[]{PENDING_CANCEL, PENDING_REPLACE})
        {
            assertTrue(isPending(pending));
            assertEquals(pending, next(pending, ON_PARTIAL_FILL), "a partial fill keeps " + pending);
            assertEquals(FILLED, next(pending, ON_FULL_FILL), "a full fill wins the race with " + pending);
            assertEquals(CANCELED, next(pending, ON_CANCEL));
            assertEquals(EXPIRED, next(pending, ON_EXPIRE));
            assertEquals(ACKED, next(pending, cancelRejectEvent(0)));
            assertEquals(PARTIALLY_FILLED, next(pending, cancelRejectEvent(1)));
            assertNull(next(pending, ON_ACK), "a late ack is implied, never a transition");
            assertTrue(impliedAck(pending));
            assertNull(next(pending, ON_SEND_FAILED));
            assertEquals(REJECTED, next(pending, ON_REJECT), "the order's own rejection answers the action too");
            assertTrue(booksFill(pending, 1, PRICE, QTY));
        }
        assertEquals(REPLACED, next(PENDING_REPLACE, ON_REPLACED));
        assertNull(next(PENDING_CANCEL, ON_REPLACED), "a Replaced answers no cancel");
        assertNull(next(ACKED, ON_REPLACED), "nor an order with no replace out");
    }

    @Test
    void shouldWorkAReplacedOrderLikeAnAckedOne()
    {
        assertEquals(PARTIALLY_FILLED, next(REPLACED, ON_PARTIAL_FILL));
        assertEquals(FILLED, next(REPLACED, ON_FULL_FILL));
        assertEquals(CANCELED, next(REPLACED, ON_CANCEL));
        assertNull(next(REPLACED, ON_ACK));
        assertTrue(impliedAck(REPLACED), "a Replaced before the ack implies it");
        assertNull(next(REPLACED, ON_REJECT));
        assertFalse(isTerminal(REPLACED));
    }

    @Test
    void shouldLeaveAFinalOrderAloneOnALateCancelReject()
    {
        for (final EngineOrderState terminal : new EngineOrderState[]{FILLED, REJECTED, EXPIRED, CANCELED})
        {
            assertNull(next(terminal, cancelRejectEvent(0)));
            assertNull(next(terminal, cancelRejectEvent(1)));
        }
    }
}

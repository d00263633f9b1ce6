package io.noctria.engine.core;

import org.junit.jupiter.api.Test;

import static io.noctria.engine.core.OrderStateMachine.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderStateMachineTest
{
    @Test
    void shouldFollowTheHappyPathNewSentAckedPartiallyFilledFilled()
    {
        byte state = NEW;
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
        assertEquals(ILLEGAL, next(ACKED, ON_REJECT));
        assertEquals(ILLEGAL, next(PARTIALLY_FILLED, ON_REJECT));
    }

    @Test
    void shouldEndWorkingOrdersByExpiryOrCancel()
    {
        for (final byte working : new byte[]{SENT, ACKED, PARTIALLY_FILLED})
        {
            assertTrue(isWorking(working));
            assertEquals(EXPIRED, next(working, ON_EXPIRE));
            assertEquals(CANCELED, next(working, ON_CANCEL));
        }
    }

    @Test
    void shouldAcceptNothingInATerminalState()
    {
        for (final byte terminal : new byte[]{FILLED, REJECTED, EXPIRED, CANCELED})
        {
            assertFalse(isWorking(terminal));
            for (int event = ON_SEND; event <= ON_SEND_FAILED; event++)
            {
                assertEquals(ILLEGAL, next(terminal, event), stateName(terminal) + " + " + eventName(event));
            }
        }
    }

    @Test
    void shouldRefuseAckTwiceAndSendFailedAfterAck()
    {
        assertEquals(ILLEGAL, next(ACKED, ON_ACK));
        assertEquals(ILLEGAL, next(ACKED, ON_SEND_FAILED));
        assertEquals(SENT, next(SENT, ON_SEND_FAILED));
        assertEquals(ILLEGAL, next(NEW, ON_ACK));
        assertEquals(ILLEGAL, next(SENT, ON_SEND));
    }
}

package io.noctria.engine.outbox;

import io.noctria.replay.OrderState;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntryLayoutTest
{
    @Test
    void shouldGiveEveryStateItsOwnCodeAndTheReplaysNotionOfTerminal()
    {
        final Set<Byte> codes = new HashSet<>();
        for (final OrderState state : OrderState.values())
        {
            final byte code = EntryLayout.stateCode(state);
            assertTrue(codes.add(code), "code " + code + " used twice");
            assertEquals(state, EntryLayout.state(code));
            assertEquals(state.isTerminal(), EntryLayout.isTerminal(code), state.name());
        }
        assertNull(EntryLayout.state((byte)0), "a zeroed entry is not a state");
    }

    @Test
    void shouldFitVersionOneInsideTheFixedValue()
    {
        assertTrue(EntryLayout.ENTRY_END <= EntryLayout.VALUE_SIZE);
        assertEquals(EntryLayout.KEY_SIZE, EntryLayout.META_KEY.length);
        assertTrue(EntryLayout.META_CHECKPOINT_LENGTH + Integer.BYTES <= EntryLayout.VALUE_SIZE);
    }
}

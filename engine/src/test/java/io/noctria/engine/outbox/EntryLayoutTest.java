package io.noctria.engine.outbox;

import io.noctria.codecs.sbe.EngineOrderState;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntryLayoutTest
{
    @Test
    void shouldStoreEveryStateUnderItsSbeCode()
    {
        final Set<Byte> codes = new HashSet<>();
        for (final EngineOrderState state : EngineOrderState.values())
        {
            if (state == EngineOrderState.NULL_VAL)
            {
                continue;
            }
            final byte code = EntryLayout.stateCode(state);
            assertTrue(codes.add(code), "code " + code + " used twice");
            assertEquals(state.value(), code, state.name());
            assertEquals(state, EntryLayout.state(code));
        }
        assertNull(EntryLayout.state((byte)0), "a zeroed entry is not a state");
        assertNull(EntryLayout.state((byte)9), "the FAILED of mirrors before the one life cycle: rebuild them");
    }

    @Test
    void shouldFitVersionOneInsideTheFixedValue()
    {
        assertTrue(EntryLayout.ENTRY_END <= EntryLayout.VALUE_SIZE);
        assertEquals(EntryLayout.KEY_SIZE, EntryLayout.META_KEY.length);
        assertTrue(EntryLayout.META_CHECKPOINT_LENGTH + Integer.BYTES <= EntryLayout.VALUE_SIZE);
    }
}

package io.noctria.journal;

import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class JournalConfigTest
{
    @Test
    void shouldDefaultToFastDaily()
    {
        assertEquals("FAST_DAILY", JournalConfig.defaults().rollCycle());
        assertSame(RollCycles.FAST_DAILY, JournalConfig.defaults().chronicleRollCycle());
    }

    @Test
    void shouldAcceptEveryListedRollCycleCaseInsensitively()
    {
        for (final String name : JournalConfig.rollCycleNames())
        {
            assertEquals(name, JournalConfig.defaults().withRollCycle(name.toLowerCase()).rollCycle());
        }
        assertSame(LegacyRollCycles.MINUTELY, JournalConfig.defaults().withRollCycle("MINUTELY").chronicleRollCycle());
        assertSame(RollCycles.FAST_HOURLY, JournalConfig.defaults().withRollCycle(" fast_hourly ").chronicleRollCycle());
        assertTrue(JournalConfig.rollCycleNames().containsAll(
            java.util.List.of("FAST_DAILY", "FAST_HOURLY", "TEN_MINUTELY", "FIVE_MINUTELY", "MINUTELY", "WEEKLY")));
    }

    @Test
    void shouldRejectUnknownRollCycleListingTheAllowedOnes()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> JournalConfig.defaults().withRollCycle("FORTNIGHTLY"));
        assertTrue(ex.getMessage().contains("'FORTNIGHTLY'"), ex.getMessage());
        for (final String name : JournalConfig.rollCycleNames())
        {
            assertTrue(ex.getMessage().contains(name), ex.getMessage());
        }
    }

    @Test
    void shouldRecogniseTheRollCycleOfACycleFileName()
    {
        assertSame(LegacyRollCycles.MINUTELY, JournalConfig.rollCycleOfFileName("20231114-2213"));
        assertSame(RollCycles.FIVE_MINUTELY, JournalConfig.rollCycleOfFileName("20231114-2215V"));
        assertSame(RollCycles.FAST_DAILY, JournalConfig.rollCycleOfFileName("20231114F"));
        assertSame(RollCycles.FAST_HOURLY, JournalConfig.rollCycleOfFileName("20231114-22F"));
        assertNull(JournalConfig.rollCycleOfFileName("not-a-cycle"));
    }
}

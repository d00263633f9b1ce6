package io.noctria.codecs;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CivilDateTest
{
    @Test
    void shouldPackYearMonthDay()
    {
        assertEquals(19_700_101L, CivilDate.fromEpochDay(0));
        assertEquals(19_691_231L, CivilDate.fromEpochDay(-1));
        final long leapDay = CivilDate.fromEpochDay(LocalDate.of(2024, 2, 29).toEpochDay());
        assertEquals(2024, CivilDate.year(leapDay));
        assertEquals(2, CivilDate.month(leapDay));
        assertEquals(29, CivilDate.day(leapDay));
    }

    @Test
    void shouldAgreeWithJavaTimeOnEveryDayOfTheNanosecondRangeAndRandomFarDays()
    {
        // Every day a long of epoch nanoseconds can name: 1677-09-21 to 2262-04-11.
        final long first = Math.floorDiv(Long.MIN_VALUE, 86_400_000_000_000L);
        final long last = Math.floorDiv(Long.MAX_VALUE, 86_400_000_000_000L);
        for (long day = first; day <= last; day++)
        {
            assertDate(day, "every day");
        }
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        for (int i = 0; i < 100_000; i++)
        {
            // java.time's own range: years -999_999_999 to 999_999_999 (about ±3.65e11 days).
            assertDate(random.nextLong() % 365_000_000_000L, "seed " + seed);
        }
    }

    private static void assertDate(final long epochDay, final String where)
    {
        final LocalDate expected = LocalDate.ofEpochDay(epochDay);
        final long packed = CivilDate.fromEpochDay(epochDay);
        final String message = where + ": epoch day " + epochDay;
        assertEquals(expected.getYear(), CivilDate.year(packed), message);
        assertEquals(expected.getMonthValue(), CivilDate.month(packed), message);
        assertEquals(expected.getDayOfMonth(), CivilDate.day(packed), message);
    }
}

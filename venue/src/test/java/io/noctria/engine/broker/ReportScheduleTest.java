package io.noctria.engine.broker;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class ReportScheduleTest
{
    @Test
    void shouldRemoveSlotsInDueThenTiebreakOrder()
    {
        final ReportSchedule schedule = new ReportSchedule(8);
        schedule.schedule(0, 300, 1);
        schedule.schedule(1, 100, 9);
        schedule.schedule(2, 100, 2);
        schedule.schedule(3, 200, 5);

        assertEquals(4, schedule.size());
        assertRemovedInOrder(schedule, 2, 1, 3, 0);
        assertEquals(0, schedule.size());
    }

    @Test
    void shouldMoveAScheduledSlotEarlierOrLater()
    {
        final ReportSchedule schedule = new ReportSchedule(4);
        schedule.schedule(0, 100, 1);
        schedule.schedule(1, 200, 2);
        schedule.schedule(2, 300, 3);

        schedule.schedule(2, 50, 4);
        assertEquals(2, schedule.first());
        schedule.schedule(2, 250, 5);
        assertEquals(3, schedule.size(), "moving does not add an entry");
        assertEquals(250, schedule.dueNs(2));
        assertRemovedInOrder(schedule, 0, 1, 2);
        assertFalse(schedule.isScheduled(2));
    }

    @Test
    void shouldMatchASortedReferenceUnderRandomOperationsAndGrowth()
    {
        final long seed = 77;
        final SplittableRandom random = new SplittableRandom(seed);
        final int slots = 64;
        final ReportSchedule schedule = new ReportSchedule(2);
        final long[] due = new long[slots];
        final long[] tiebreaks = new long[slots];
        final boolean[] scheduled = new boolean[slots];
        long tiebreak = 0;
        for (int op = 0; op < 50_000; op++)
        {
            // The slot range widens while slots are scheduled, as the in-flight pool grows.
            final int activeSlots = Math.min(slots, 2 << (op / 5_000));
            schedule.ensureCapacity(activeSlots);
            final int slot = random.nextInt(activeSlots);
            if (random.nextInt(3) == 0 && schedule.size() > 0)
            {
                int expected = -1;
                for (int s = 0; s < slots; s++)
                {
                    if (scheduled[s] && (expected < 0 || due[s] < due[expected] ||
                        (due[s] == due[expected] && tiebreaks[s] < tiebreaks[expected])))
                    {
                        expected = s;
                    }
                }
                assertEquals(expected, schedule.removeFirst(), "seed " + seed + " op " + op);
                scheduled[expected] = false;
            }
            else
            {
                // Schedules a free slot or moves a scheduled one, earlier or later.
                due[slot] = random.nextLong(1_000);
                tiebreaks[slot] = ++tiebreak;
                scheduled[slot] = true;
                schedule.schedule(slot, due[slot], tiebreaks[slot]);
            }
            int expectedSize = 0;
            for (int s = 0; s < activeSlots; s++)
            {
                expectedSize += scheduled[s] ? 1 : 0;
                assertEquals(scheduled[s], schedule.isScheduled(s));
            }
            assertEquals(expectedSize, schedule.size());
        }
    }

    private static void assertRemovedInOrder(final ReportSchedule schedule, final int... slots)
    {
        for (int i = 0; i < slots.length; i++)
        {
            assertEquals(slots[i], schedule.removeFirst(), "removal " + i);
        }
    }
}

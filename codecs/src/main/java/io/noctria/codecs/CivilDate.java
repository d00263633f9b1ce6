package io.noctria.codecs;

/**
 * The proleptic Gregorian date of a day counted from 1970-01-01 (H. Hinnant, "chrono-compatible
 * low-level date algorithms"): what {@code java.time.LocalDate.ofEpochDay} computes, without its
 * allocation, so timestamps can be printed and idempotency keys formatted on the hot path.
 * <p>
 * The date comes back packed in one {@code long} as {@code year × 10_000 + month × 100 + day}
 * (2026-12-04 is {@code 20261204}); {@link #year}, {@link #month} and {@link #day} unpack it, for
 * negative years too.
 */
public final class CivilDate
{
    private static final long DAYS_FROM_0000_03_01_TO_EPOCH = 719_468;
    private static final long DAYS_PER_ERA = 146_097;

    private CivilDate()
    {
    }

    /**
     * @param epochDay days since 1970-01-01, negative before it; within ±2^50 so the arithmetic cannot overflow.
     * @return the date packed as {@code year × 10_000 + month × 100 + day}.
     */
    public static long fromEpochDay(final long epochDay)
    {
        final long shifted = epochDay + DAYS_FROM_0000_03_01_TO_EPOCH;
        final long era = Math.floorDiv(shifted, DAYS_PER_ERA);
        final long dayOfEra = shifted - era * DAYS_PER_ERA;
        final long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        final long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        // Months count from March so the leap day is the last day of the computed year.
        final long monthFromMarch = (5 * dayOfYear + 2) / 153;
        final long day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
        final long month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
        final long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        return year * 10_000 + month * 100 + day;
    }

    /** @return the year of a date packed by {@link #fromEpochDay}. */
    public static long year(final long packed)
    {
        return Math.floorDiv(packed, 10_000);
    }

    /** @return the month, 1 to 12, of a date packed by {@link #fromEpochDay}. */
    public static int month(final long packed)
    {
        return (int)(Math.floorMod(packed, 10_000) / 100);
    }

    /** @return the day of the month, 1 to 31, of a date packed by {@link #fromEpochDay}. */
    public static int day(final long packed)
    {
        return (int)Math.floorMod(packed, 100);
    }
}

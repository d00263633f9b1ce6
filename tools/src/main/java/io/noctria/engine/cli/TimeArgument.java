package io.noctria.engine.cli;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Parses the time arguments of the CLI ({@code --from-time}, {@code --from}, {@code --to}) into epoch nanoseconds.
 * Accepted: {@code 2026-11-22T04:20:00Z}, with fractions, with an offset ({@code +09:00}), without a zone
 * (taken as UTC), or a date alone ({@code 2026-11-22}, midnight UTC).
 */
final class TimeArgument
{
    private TimeArgument()
    {
    }

    static long parseEpochNanos(final String option, final String text)
    {
        final Instant instant = parse(option, text.trim());
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    private static Instant parse(final String option, final String text)
    {
        try
        {
            if (text.length() == 10)
            {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (text.endsWith("Z") || text.endsWith("z"))
            {
                return Instant.parse(text.toUpperCase());
            }
            if (text.matches(".*[+-]\\d\\d:?\\d\\d$"))
            {
                return OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        }
        catch (final DateTimeException | ArithmeticException ex)
        {
            throw new CommandFailure(option + ": '" + text + "' is not an ISO-8601 time " +
                "(e.g. 2026-11-22T04:20:00Z, 2026-11-22T13:20:00+09:00 or 2026-11-22)", 2);
        }
    }
}

package io.noctria.engine.cli;

import io.noctria.codecs.MessageTimes;
import io.noctria.replay.ReportWriter;

import java.util.Locale;

/**
 * Times and durations as the replay and postmortem tools print them: UTC (authoritative) with nine fraction
 * digits, Japan Standard Time alongside, durations in readable units. Pure functions of their arguments.
 */
final class TimeText
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private TimeText()
    {
    }

    /** @return {@code 2026-11-22T04:20:03.123456789Z}, or {@code -} for {@link MessageTimes#UNKNOWN}. */
    static String utc(final long epochNs)
    {
        if (epochNs == MessageTimes.UNKNOWN)
        {
            return "-";
        }
        return MessageTimes.appendIso8601Utc(new StringBuilder(30), epochNs).toString();
    }

    /** @return {@code 2026-11-22T13:20:03.123456789+09:00}, or {@code -} for {@link MessageTimes#UNKNOWN}. */
    static String jst(final long epochNs)
    {
        if (epochNs == MessageTimes.UNKNOWN)
        {
            return "-";
        }
        final StringBuilder out = new StringBuilder(35);
        ReportWriter.appendJst(out, epochNs);
        return out.toString();
    }

    /**
     * @return a duration such as {@code 0.000412 s}, {@code 12.500000 s} or {@code 1 h 02 min 03.100000 s}:
     * microsecond precision (the journal's stamps are nanoseconds; humans read microseconds at most).
     */
    static String duration(final long durationNs)
    {
        final String sign = durationNs < 0 ? "-" : "";
        final long ns = Math.abs(durationNs);
        final long totalSeconds = ns / NANOS_PER_SECOND;
        final long micros = (ns % NANOS_PER_SECOND) / 1_000;
        final long hours = totalSeconds / 3_600;
        final long minutes = totalSeconds / 60 % 60;
        final long seconds = totalSeconds % 60;
        if (hours > 0)
        {
            return String.format(Locale.ROOT, "%s%d h %02d min %02d.%06d s", sign, hours, minutes, seconds, micros);
        }
        if (minutes > 0)
        {
            return String.format(Locale.ROOT, "%s%d min %02d.%06d s", sign, minutes, seconds, micros);
        }
        return String.format(Locale.ROOT, "%s%d.%06d s", sign, seconds, micros);
    }

    /** @return exact microseconds to three decimals, e.g. {@code 40.500 us}. */
    static String micros(final long durationNs)
    {
        final String sign = durationNs < 0 ? "-" : "";
        final long ns = Math.abs(durationNs);
        return String.format(Locale.ROOT, "%s%d.%03d us", sign, ns / 1_000, ns % 1_000);
    }

    /** @return milliseconds with microsecond digits, e.g. {@code 34.766 ms}. */
    static String millis(final long ns)
    {
        final long micros = ns / 1_000;
        return String.format(Locale.ROOT, "%d.%03d ms", micros / 1_000, micros % 1_000);
    }
}

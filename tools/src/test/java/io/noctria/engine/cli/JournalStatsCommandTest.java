package io.noctria.engine.cli;

import io.noctria.journal.DataDirectory;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code noctria journal-stats}: the journal's shape, one frame per input, and damage counted with its index. */
class JournalStatsCommandTest
{
    private static final Pattern TOTALS = Pattern.compile("excerpts ([\\d,]+) \\| messages ([\\d,]+) \\| bytes ([\\d,]+)");
    private static final Pattern PER_REQUEST = Pattern.compile("order requests ([\\d,]+): ([\\d.]+) excerpts");

    @TempDir
    Path dataDir;

    @Test
    void shouldCountFramesMessagesAndTheCostOfAnOrderRequestThenReportDamage()
    {
        final CliRun demo = CliRun.run("run", "--demo", "200", "--seed", "7", "--data-dir", dataDir.toString(),
            "--config", "../configs/engine.yml", "--policy", "../configs/risk_policy.yml");
        assertEquals(0, demo.exitCode, demo.toString());

        final CliRun stats = CliRun.run("journal-stats", "--data-dir", dataDir.toString());
        assertEquals(0, stats.exitCode, stats.toString());
        assertTrue(stats.out.contains("(format 2: one frame per excerpt)"), stats.out);
        final Matcher totals = TOTALS.matcher(stats.out);
        assertTrue(totals.find(), stats.out);
        final long excerpts = number(totals.group(1));
        final long messages = number(totals.group(2));
        assertTrue(messages > 2 * excerpts, "an order request's frame holds its decisions: " + stats.out);
        final Matcher perRequest = PER_REQUEST.matcher(stats.out);
        assertTrue(perRequest.find(), stats.out);
        assertEquals(200, number(perRequest.group(1)), stats.out);
        // One frame for the request with all of its events, then one per broker report (ack, fills).
        assertTrue(Double.parseDouble(perRequest.group(2)) < 4.0, stats.out);

        final long garbage;
        try (SingleChronicleQueue raw = SingleChronicleQueueBuilder.binary(
                new DataDirectory(dataDir).queue(DataDirectory.JOURNAL)).build();
             ExcerptAppender appender = raw.createAppender())
        {
            appender.writeBytes(net.openhft.chronicle.bytes.Bytes.wrapForRead(new byte[]{ 9, 9, 9, 9 }));
            garbage = appender.lastIndexAppended();
        }
        final CliRun damaged = CliRun.run("journal-stats", "--data-dir", dataDir.toString());
        // UNFRAMED in a framed journal is damage: exit 5, as tail (docs/operations-journal.md).
        assertEquals(5, damaged.exitCode, damaged.toString());
        assertTrue(damaged.err.contains("excerpt " + garbage + " (0x" + Long.toHexString(garbage) + ") is not " +
            "readable: UNFRAMED"), damaged.err);
        assertTrue(damaged.out.contains("damaged or unreadable excerpts 1"), damaged.out);
    }

    private static long number(final String digits)
    {
        return Long.parseLong(digits.replace(",", ""));
    }
}

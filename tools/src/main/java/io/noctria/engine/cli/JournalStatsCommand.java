package io.noctria.engine.cli;

import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderRequestDecoder;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalDamagedException;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * {@code noctria journal-stats}: the shape of a queue: excerpts, messages and bytes, and per order request (the
 * figures journal format 2 is measured by: issue 12's "excerpts and bytes journaled per order request"). Read-only;
 * invalid excerpts are counted and reported with their index, exit 3; a damaged queue exits 5, as {@code tail}
 * ({@link QueueDamage}).
 */
@Command(
    name = "journal-stats",
    mixinStandardHelpOptions = true,
    description = {
        "Count a queue's excerpts, messages and bytes, and what one order request costs in the journal.",
        "Read-only. Exit 5 when the queue is damaged, 3 when other invalid excerpts were found (each reported",
        "with its index)." })
final class JournalStatsCommand extends NoctriaSubcommand
{
    @Option(names = "--queue", paramLabel = "NAME", defaultValue = DataDirectory.JOURNAL,
        description = "Queue to measure: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
        completionCandidates = TailCommand.QueueNames.class)
    String queue;

    @Override
    public Integer call()
    {
        final Path queueDir = new DataDirectory(parent.dataDir).queue(queue);
        if (!Files.isDirectory(queueDir))
        {
            throw new CommandFailure("no queue '" + queue + "' at " + queueDir + " (is --data-dir right?)");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Count count = new Count(err);
        final Boolean framed;
        try (JournalReader reader = JournalReader.open(queueDir))
        {
            framed = reader.framed();
            reader.toStart();
            try
            {
                while (reader.poll(count, 1) > 0)
                {
                    count.bytes += reader.lastExcerptLength();
                }
            }
            catch (final JournalDamagedException ex)
            {
                // The figures below cover what came before it; the summary line names it.
                count.damage.unreadable(ex);
                err.println(QueueDamage.unreadableLine("journal-stats", ex));
            }
        }
        out.println(queue + " " + queueDir + " (" + (framed == null ? "empty" : framed ? "format 2: one frame per " +
            "excerpt" : "format 1: one message per excerpt") + ")");
        out.printf("excerpts %,d | messages %,d | bytes %,d in excerpts, %,d in cycle files on disk%n",
            count.excerpts, count.messages, count.bytes, diskBytes(queueDir));
        if (count.orderRequests > 0)
        {
            out.printf("order requests %,d: %.2f excerpts and %,.0f bytes per order request%n", count.orderRequests,
                (double)count.excerpts / count.orderRequests, (double)count.bytes / count.orderRequests);
        }
        out.printf("damaged or unreadable excerpts %,d%n", count.invalid);
        out.flush();
        return count.damage.report("journal-stats", queueDir, err, count.invalid > 0 ? 3 : 0);
    }

    private static long diskBytes(final Path queueDir)
    {
        try (Stream<Path> files = Files.list(queueDir))
        {
            return files.filter(path -> path.getFileName().toString().endsWith(".cq4"))
                .mapToLong(path -> path.toFile().length())
                .sum();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + queueDir, ex);
        }
    }

    private static final class Count implements JournalConsumer
    {
        private final PrintWriter err;
        final QueueDamage damage = new QueueDamage();
        long excerpts;
        long messages;
        long bytes;
        long orderRequests;
        long invalid;
        private long lastIndex = Long.MIN_VALUE;

        Count(final PrintWriter err)
        {
            this.err = err;
        }

        @Override
        public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
        {
            if (index != lastIndex)
            {
                lastIndex = index;
                excerpts++;
            }
            messages++;
            if ((buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
                MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF) == OrderRequestDecoder.TEMPLATE_ID)
            {
                orderRequests++;
            }
        }

        @Override
        public void onInvalid(final long index, final RecordError error, final String detail)
        {
            lastIndex = index;
            excerpts++;
            invalid++;
            damage.note(index, error);
            err.println("noctria journal-stats: excerpt " + index + " (0x" + Long.toHexString(index) + ") is not " +
                "readable: " + error + ": " + detail);
        }
    }
}

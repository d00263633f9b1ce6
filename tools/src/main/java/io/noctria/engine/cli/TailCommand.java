package io.noctria.engine.cli;

import io.noctria.codecs.Messages;
import io.noctria.journal.DataDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code noctria tail}: decodes one of the engine's queues to text or JSON lines. Read-only.
 */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = {
        "Decode a queue (journal, inbound, ...) to one line per message, index first.",
        "Read-only: never creates or modifies a queue. Exit code 5 when the queue is damaged (each damaged index",
        "is named on stderr), 3 when other invalid excerpts were found." })
final class TailCommand extends NoctriaSubcommand
{
    @Option(names = "--queue", paramLabel = "NAME", defaultValue = "journal",
        description = "Queue to read: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
        completionCandidates = QueueNames.class)
    String queue;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "text",
        description = "text or json (one JSON object per line with every field by its schema name, plus index and type).")
    JournalTail.Format format;

    @Option(names = { "-f", "--follow" }, description = "Keep reading as messages are appended.")
    boolean follow;

    @Option(names = "--from-index", paramLabel = "INDEX", description = "Start at this excerpt index (decimal or 0x hex).")
    String fromIndex;

    @Option(names = "--from-time", paramLabel = "ISO", description = "Start at the first message at or after this time (binary search, no full scan).")
    String fromTime;

    @Option(names = "--last", paramLabel = "N", description = "Start with the last N excerpts.")
    Integer last;

    @Option(names = "--trace-id", paramLabel = "ID", description = "Only messages of this trace.")
    String traceId;

    @Option(names = "--type", paramLabel = "TYPE", split = ",", description = "Only these message types (comma-separated schema names, e.g. OrderSent,Fill).")
    String[] types;

    @Option(names = "--max", paramLabel = "N", description = "Stop after printing N records.")
    Long max;

    @Override
    public Integer call() throws Exception
    {
        final Path dataDir = parent.dataDir;
        final Path queueDir = new DataDirectory(dataDir).queue(queue);
        if (!Files.isDirectory(queueDir))
        {
            throw new CommandFailure("no queue '" + queue + "' at " + queueDir + " (is --data-dir right?)");
        }
        int starts = 0;
        starts += fromIndex != null ? 1 : 0;
        starts += fromTime != null ? 1 : 0;
        starts += last != null ? 1 : 0;
        if (starts > 1)
        {
            throw new CommandFailure("--from-index, --from-time and --last are mutually exclusive", 2);
        }
        final JournalTail tail = new JournalTail(queueDir, spec.commandLine().getOut(), spec.commandLine().getErr())
            .withFormat(format)
            .withFollow(follow);
        if (fromIndex != null)
        {
            tail.withStartIndex(parseIndex(fromIndex));
        }
        if (fromTime != null)
        {
            tail.withStartTime(TimeArgument.parseEpochNanos("--from-time", fromTime));
        }
        if (last != null)
        {
            if (last < 0)
            {
                throw new CommandFailure("--last must be >= 0, was " + last, 2);
            }
            tail.withLast(last);
        }
        if (max != null)
        {
            if (max < 0)
            {
                throw new CommandFailure("--max must be >= 0, was " + max, 2);
            }
            tail.withMaxMessages(max);
        }
        if (traceId != null)
        {
            tail.withTraceId(traceId);
        }
        if (types != null)
        {
            int[] ids = new int[0];
            for (final String type : types)
            {
                final int[] named = Messages.templateIds(type.trim());
                if (named.length == 0)
                {
                    throw new CommandFailure("--type: unknown message type '" + type + "'", 2);
                }
                final int from = ids.length;
                ids = java.util.Arrays.copyOf(ids, from + named.length);
                System.arraycopy(named, 0, ids, from, named.length);
            }
            tail.withTypes(ids);
        }
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread hook = new Thread(() -> stop.set(true), "tail-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            tail.withStopRequested(stop::get).run();
        }
        finally
        {
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException ignore)
            {
                // JVM already shutting down.
            }
        }
        if (DataDirectory.JOURNAL.equals(queue) && !follow && max == null && tail.lastReadIndex() >= 0)
        {
            // Read to its end: a journal that ends before what the last run appended lost frames.
            tail.damage().checkEnd(dataDir, tail.lastReadIndex());
        }
        return tail.damage().report("tail", queueDir, spec.commandLine().getErr(), tail.invalid() > 0 ? 3 : 0);
    }

    private static long parseIndex(final String text)
    {
        try
        {
            return text.startsWith("0x") || text.startsWith("0X") ?
                Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new CommandFailure("--from-index: '" + text + "' is not an index (decimal or 0x hex)", 2);
        }
    }

    static final class QueueNames implements Iterable<String>
    {
        @Override
        public java.util.Iterator<String> iterator()
        {
            return DataDirectory.queueNames().iterator();
        }
    }
}

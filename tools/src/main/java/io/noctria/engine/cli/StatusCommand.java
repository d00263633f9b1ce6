package io.noctria.engine.cli;

import io.noctria.codecs.MessageFormatter;
import io.noctria.codecs.MessageTimes;
import io.noctria.engine.runtime.EngineCounter;
import io.noctria.engine.runtime.EngineCounters;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.JournalDamagedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code noctria status}: how the engine of a data directory is, read from another process as AeronStat reads a
 * media driver: its counters file ({@code cnc.dat}: state, pid, counters, distinct errors) and its journal (the
 * trading pause in force and who set it, the policy in force, how far inbound is behind). Read-only: it takes no
 * lock and works while the engine runs, after it stopped, or after it died ({@code alive false}).
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
        "Show the engine of --data-dir: state, pid, trading pause and who set it, policy in force, inbound lag,",
        "orders in flight, last journal index, counters and errors. Read-only; works on a running or stopped engine.",
        "Exit 2 when the data directory has no counters file, 5 when its journal is damaged." })
final class StatusCommand extends NoctriaSubcommand
{
    @Option(names = "--json", description = "One JSON object per sample instead of text.")
    boolean json;

    @Option(names = "--watch", description = "Print a sample every --interval-ms until interrupted (or --count).")
    boolean watch;

    @Option(names = "--interval-ms", paramLabel = "MS", defaultValue = "1000",
        description = "Time between samples with --watch (default: ${DEFAULT-VALUE}).")
    long intervalMs;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
        description = "With --watch: stop after N samples (default: until interrupted).")
    long count;

    @Override
    public Integer call() throws InterruptedException
    {
        if (intervalMs < 10)
        {
            throw new CommandFailure("--interval-ms must be at least 10: " + intervalMs, 2);
        }
        final Path dataDir = parent.dataDir;
        if (!Files.isRegularFile(dataDir.resolve("cnc.dat")))
        {
            throw new CommandFailure("no engine counters at " + dataDir.resolve("cnc.dat") +
                " (has an engine run with --data-dir " + dataDir + "?)", 2);
        }
        final PrintWriter out = spec.commandLine().getOut();
        final DataDirectory data = new DataDirectory(dataDir);
        try (EngineJournalFacts journal = new EngineJournalFacts(data.queue(DataDirectory.JOURNAL)))
        {
            long samples = 0;
            do
            {
                try (EngineCounters counters = EngineCounters.open(dataDir))
                {
                    journal.catchUp();
                    final long lag = EngineJournalFacts.inboundLag(data.queue(DataDirectory.INBOUND), journal.lastInboundIndex);
                    out.println(json ? json(counters, journal, lag) : text(counters, journal, lag));
                    out.flush();
                }
                catch (final IllegalStateException ex)
                {
                    throw new CommandFailure(ex.getMessage(), 2);
                }
                catch (final JournalDamagedException ex)
                {
                    spec.commandLine().getErr().println(QueueDamage.unreadableLine("status", ex));
                    return CommandFailure.QUEUE_DAMAGED_EXIT;
                }
                samples++;
                if (watch && (count <= 0 || samples < count))
                {
                    TimeUnit.MILLISECONDS.sleep(intervalMs); // a CLI's pace, between samples
                }
            }
            while (watch && (count <= 0 || samples < count));
        }
        return 0;
    }

    private static String text(final EngineCounters counters, final EngineJournalFacts journal, final long lag)
    {
        final StringBuilder out = new StringBuilder(1024);
        final long pid = counters.pid();
        out.append(String.format("engine     %s  pid %d (%s)  started %s%n",
            EngineCounters.stateName(counters.value(EngineCounter.ENGINE_STATE)), pid,
            alive(pid) ? "alive" : "not running", Instant.ofEpochMilli(counters.startEpochMs())));
        if (journal.pauseKnown)
        {
            out.append(String.format("trading    %s since %s, %s by %s (%s): %s%n",
                journal.paused ? "PAUSED" : "ACTIVE", iso(journal.pauseNs), journal.paused ? "paused" : "resumed",
                journal.pauseOperator.isEmpty() ? "-" : journal.pauseOperator, journal.pauseSource,
                quoted(journal.pauseReason)));
        }
        else
        {
            out.append(String.format("trading    ACTIVE (no pause journaled)%n"));
        }
        out.append(String.format("policy     %s%n", journal.policyHash == null ? "none journaled" :
            "sha256 " + journal.policyHash + "  " + journal.policySource + "  (" + journal.policyOverrides +
            " override(s))"));
        out.append(String.format("inbound    consumed %,d this run | lag %s excerpt(s) after inbound index %d%n",
            counters.value(EngineCounter.INBOUND_CONSUMED), lag < 0 ? "unknown" : String.format("%,d", lag),
            journal.lastInboundIndex));
        out.append(String.format("orders     in flight at the broker %,d | sent %,d | ring %,d | hand-off %,d bytes%n",
            counters.value(EngineCounter.BROKER_IN_FLIGHT), counters.value(EngineCounter.ORDERS_SENT),
            counters.value(EngineCounter.RING_OCCUPANCY), counters.value(EngineCounter.HANDOFF_OCCUPANCY)));
        out.append(String.format("journal    last index %d | frames read %,d | disk usable %,d MiB%n",
            journal.lastIndex, journal.frames, counters.value(EngineCounter.DISK_USABLE_BYTES) >> 20));
        final List<String> errors = errors(counters);
        out.append(String.format("errors     %,d counted, %d distinct%n", counters.value(EngineCounter.ERRORS),
            errors.size()));
        for (final String error : errors)
        {
            out.append("  ").append(error.lines().findFirst().orElse("")).append(System.lineSeparator());
        }
        out.append("counters").append(System.lineSeparator());
        counters.reader().forEach((value, id, label) ->
            out.append(String.format("  %-52s %,d%n", label, value)));
        return out.toString().stripTrailing();
    }

    private static String json(final EngineCounters counters, final EngineJournalFacts journal, final long lag)
    {
        final StringBuilder out = new StringBuilder(2048);
        final long pid = counters.pid();
        out.append("{\"engine\":{\"state\":");
        MessageFormatter.appendJsonString(out, EngineCounters.stateName(counters.value(EngineCounter.ENGINE_STATE)));
        out.append(",\"pid\":").append(pid).append(",\"alive\":").append(alive(pid)).append(",\"started\":");
        MessageFormatter.appendJsonString(out, Instant.ofEpochMilli(counters.startEpochMs()).toString());
        out.append("},\"trading\":{\"paused\":").append(journal.pauseKnown && journal.paused);
        if (journal.pauseKnown)
        {
            out.append(",\"source\":");
            MessageFormatter.appendJsonString(out, journal.pauseSource);
            out.append(",\"operator\":");
            MessageFormatter.appendJsonString(out, journal.pauseOperator);
            out.append(",\"reason\":");
            MessageFormatter.appendJsonString(out, journal.pauseReason);
            out.append(",\"since\":");
            MessageFormatter.appendJsonString(out, iso(journal.pauseNs));
        }
        out.append("},\"policy\":");
        if (journal.policyHash == null)
        {
            out.append("null");
        }
        else
        {
            out.append("{\"sha256\":");
            MessageFormatter.appendJsonString(out, journal.policyHash);
            out.append(",\"source\":");
            MessageFormatter.appendJsonString(out, journal.policySource);
            out.append(",\"overrides\":").append(journal.policyOverrides).append('}');
        }
        out.append(",\"inbound\":{\"consumed\":").append(counters.value(EngineCounter.INBOUND_CONSUMED))
            .append(",\"last_index_journaled\":").append(journal.lastInboundIndex)
            .append(",\"lag_excerpts\":").append(lag < 0 ? "null" : Long.toString(lag)).append('}');
        out.append(",\"orders\":{\"in_flight\":").append(counters.value(EngineCounter.BROKER_IN_FLIGHT))
            .append(",\"sent\":").append(counters.value(EngineCounter.ORDERS_SENT)).append('}');
        out.append(",\"journal\":{\"last_index\":").append(journal.lastIndex)
            .append(",\"disk_usable_bytes\":").append(counters.value(EngineCounter.DISK_USABLE_BYTES)).append('}');
        out.append(",\"errors\":{\"count\":").append(counters.value(EngineCounter.ERRORS)).append(",\"distinct\":[");
        final List<String> errors = errors(counters);
        for (int i = 0; i < errors.size(); i++)
        {
            if (i > 0)
            {
                out.append(',');
            }
            MessageFormatter.appendJsonString(out, errors.get(i));
        }
        out.append("]},\"counters\":{");
        final boolean[] first = { true };
        counters.reader().forEach((value, id, label) ->
        {
            if (!first[0])
            {
                out.append(',');
            }
            first[0] = false;
            MessageFormatter.appendJsonString(out, label);
            out.append(':').append(value);
        });
        return out.append("}}").toString();
    }

    private static List<String> errors(final EngineCounters counters)
    {
        final List<String> errors = new ArrayList<>();
        counters.readErrors((observations, firstMs, lastMs, encodedException) ->
            errors.add(observations + "x, last " + Instant.ofEpochMilli(lastMs) + ": " + encodedException));
        return errors;
    }

    private static boolean alive(final long pid)
    {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String iso(final long epochNs)
    {
        final StringBuilder out = new StringBuilder(32);
        MessageTimes.appendIso8601Utc(out, epochNs);
        return out.toString();
    }

    private static String quoted(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length() + 2);
        MessageFormatter.appendJsonString(out, text);
        return out.toString();
    }
}

package io.noctria.engine.cli;

import io.noctria.codecs.sbe.InputRejectReason;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import io.noctria.journal.UsableSpace;
import io.noctria.engine.config.EngineConfig;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.LongSupplier;

/**
 * {@code noctria submit FILE|-}: appends order requests (JSON lines) to the inbound queue.
 * Each bad line (unreadable bytes included, see {@link JsonLines}) is reported with its line number and reason on
 * stderr; good lines are still submitted.
 * <p>
 * Disk guard: the inbound queue is a memory-mapped Chronicle queue, so appending into a full file system is a
 * SIGBUS, not an exception. Before the first append and every {@value #SPACE_CHECK_LINES} lines, submit reads the
 * usable space of the inbound queue's file system and stops below {@code journal.min_free_mb} (of {@code --config},
 * else its default), exit {@value #DISK_SPACE_LOW_EXIT}. Whenever it stops early (disk space, an append that
 * failed) it says exactly which lines landed: {@code submit: stopped at line N: REASON; lines 1..M appended
 * (K requests), lines N.. not appended}, so the producer can resubmit from line N.
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
        "Append order requests (one JSON object per line) to the inbound queue for the engine.",
        "Fields: symbol, side, qty, price, order_type, tif, trace_id, strategy, ts, idempotency_key,",
        "missing_ratio, data_lag_ms, auth. Exit code 1 when any line was bad (the good ones are still submitted).",
        "Stops before the inbound file system falls below journal.min_free_mb (exit 4) or when an append fails",
        "(exit 3), saying on stderr which lines were appended and from which line to resubmit.",
        "--sign computes each missing idempotency_key and the auth tag (and checks present ones) with",
        "NOCTRIA_IDEMPOTENCY_SECRET from the environment (at least 32 bytes), for an engine that requires them",
        "(idempotency.require_key and require_auth, the defaults of run)." })
final class SubmitCommand extends NoctriaSubcommand
{
    @Parameters(index = "0", paramLabel = "FILE|-", description = "JSON lines file, or - for standard input.")
    String file;

    @Option(names = "--sign", description = "Attach the idempotency key to requests without one and the auth tag to " +
        "every request, and refuse lines whose key or auth is wrong, using the secret in NOCTRIA_IDEMPOTENCY_SECRET " +
        "(never printed).")
    boolean sign;

    @Option(names = "--config", paramLabel = "FILE", description = "Engine settings whose journal.min_free_mb " +
        "is the disk guard's threshold (default: the engine's default, " + EngineConfig.DEFAULT_JOURNAL_MIN_FREE_MB +
        " MiB).")
    Path config;

    /** Where --sign reads the secret: the process environment; tests substitute their own. */
    static volatile java.util.function.Function<String, String> environment = System::getenv;

    /** The usable-space source of the inbound queue's file system: null for the real one; tests inject theirs. */
    static volatile LongSupplier usableSpace;

    /** Exit status when submit stopped because the inbound file system is below journal.min_free_mb (as run's). */
    static final int DISK_SPACE_LOW_EXIT = RunCommand.DISK_SPACE_LOW_EXIT;
    /** Exit status when an append failed: the message says which lines landed. */
    static final int APPEND_FAILED_EXIT = 3;
    /** Lines between two reads of the usable space (one statfs each: cheap next to 256 appends, far below 1 MB). */
    static final int SPACE_CHECK_LINES = 256;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final OrderRequestJson json = new OrderRequestJson();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        long submitted = 0;
        long bad = 0;
        long firstIndex = -1;
        long lastIndex = -1;
        final RequestSigner signer = sign ? new RequestSigner(secret()) : null;
        final Path inboundDir = new DataDirectory(parent.dataDir).queue(DataDirectory.INBOUND);
        final long minFreeBytes = minFreeBytes();
        final LongSupplier usable = usableSpace != null ? usableSpace : UsableSpace.of(inboundDir);
        // Checked before the queue is even opened: opening creates and maps its files.
        final String source = config == null ? "the default; --config FILE takes the engine's" : "of --config " + config;
        String stop = spaceProblem(usable, minFreeBytes, source, inboundDir);
        if (stop != null)
        {
            throw new CommandFailure("nothing appended: " + stop, DISK_SPACE_LOW_EXIT);
        }
        long lastLine = 0;
        int exit = 0;
        try (InputStream input = open(file);
             Journal inbound = Journal.open(inboundDir, JournalConfig.defaults().withSharedWriters()))
        {
            final JsonLines lines = new JsonLines(input);
            while (lines.next())
            {
                if (lines.lineNumber() % SPACE_CHECK_LINES == 1 && lines.lineNumber() > 1)
                {
                    stop = spaceProblem(usable, minFreeBytes, source, inboundDir);
                    if (stop != null)
                    {
                        exit = DISK_SPACE_LOW_EXIT;
                        break;
                    }
                }
                lastLine = lines.lineNumber();
                final String line = lines.line();
                if (line == null)
                {
                    bad++;
                    err.println(label(file) + ":" + lines.lineNumber() + ": " + InputRejectReason.MALFORMED + ": " +
                        lines.error());
                    continue;
                }
                if (line.isBlank())
                {
                    continue;
                }
                try
                {
                    final int length = json.encode(line, buffer, 0);
                    final String wrongKey = signer == null ? null : signer.sign(buffer, 0);
                    if (wrongKey != null)
                    {
                        bad++;
                        err.println(label(file) + ":" + lines.lineNumber() + ": " + signer.reason() + ": " + wrongKey);
                        continue;
                    }
                    try
                    {
                        lastIndex = inbound.append(buffer, 0, length);
                    }
                    catch (final RuntimeException | InternalError ex)
                    {
                        // Chronicle reports a mapping it could not extend as an InternalError or an unchecked
                        // exception: either way this line did not land, and the producer must know which did.
                        lastLine = lines.lineNumber() - 1;
                        stop = "appending to " + inboundDir + " failed: " + ex;
                        exit = APPEND_FAILED_EXIT;
                        break;
                    }
                    if (firstIndex < 0)
                    {
                        firstIndex = lastIndex;
                    }
                    submitted++;
                }
                catch (final OrderRequestJson.InvalidRequest ex)
                {
                    bad++;
                    err.println(label(file) + ":" + lines.lineNumber() + ": " + ex.reason() + ": " + ex.getMessage());
                }
            }
        }
        if (stop != null)
        {
            err.println("submit: stopped at line " + (lastLine + 1) + ": " + stop + "; " +
                (lastLine > 0 ? "lines 1.." + lastLine + " appended (" + submitted + " requests" +
                    (bad > 0 ? ", " + bad + " bad line(s) rejected" : "") + ")" : "no line appended") +
                ", lines " + (lastLine + 1) + ".. not appended");
        }
        out.println("submitted " + submitted + " order request(s) to " +
            new DataDirectory(parent.dataDir).queue(DataDirectory.INBOUND) +
            (submitted > 0 ? " (inbound index " + firstIndex + ".." + lastIndex + ")" : "") +
            (bad > 0 ? "; " + bad + " bad line(s) rejected" : ""));
        out.flush();
        err.flush();
        return exit != 0 ? exit : bad > 0 ? 1 : 0;
    }

    private long minFreeBytes()
    {
        if (config == null)
        {
            return EngineConfig.DEFAULT_JOURNAL_MIN_FREE_MB * 1024L * 1024L;
        }
        return ConfigFiles.engineConfig(config).journalMinFreeBytes();
    }

    /** @return why no more may be appended (usable space below the threshold, or unreadable), or null. */
    private static String spaceProblem(final LongSupplier usable, final long minFreeBytes, final String source,
        final Path inboundDir)
    {
        final long bytes = UsableSpace.belowThreshold(usable, minFreeBytes);
        if (bytes < 0)
        {
            return null;
        }
        return "disk space low: " + UsableSpace.mib(bytes) + " MiB usable on the file system of the inbound queue " +
            inboundDir + ", below journal.min_free_mb " + minFreeBytes / (1024L * 1024L) + " (" + source + "): " +
            "appending into a full file system crashes the writer (SIGBUS); free space there, then resubmit the lines " +
            "not appended";
    }

    static byte[] secret()
    {
        final String value = environment.apply(RunCommand.SECRET_ENV);
        if (value == null || value.isEmpty())
        {
            throw new CommandFailure("--sign needs the idempotency secret in " + RunCommand.SECRET_ENV +
                " (the engine's own); nothing was submitted", 2);
        }
        return RunCommand.checkedSecret(value, "nothing was submitted");
    }

    private static String label(final String file)
    {
        return "-".equals(file) ? "<stdin>" : file;
    }

    private static InputStream open(final String file) throws IOException
    {
        if ("-".equals(file))
        {
            return System.in;
        }
        final Path path = Paths.get(file);
        try
        {
            return Files.newInputStream(path);
        }
        catch (final NoSuchFileException ex)
        {
            throw new CommandFailure("no such file: " + path);
        }
    }
}

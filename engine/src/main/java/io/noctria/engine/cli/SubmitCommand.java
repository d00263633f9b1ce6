package io.noctria.engine.cli;

import io.noctria.codecs.sbe.InputRejectReason;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;

/**
 * {@code noctria submit FILE|-}: appends order requests (JSON lines) to the inbound queue.
 * Each bad line (unreadable bytes included, see {@link JsonLines}) is reported with its line number and reason on
 * stderr; good lines are still submitted.
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
        "Append order requests (one JSON object per line) to the inbound queue for the engine.",
        "Fields: symbol, side, qty, price, order_type, tif, trace_id, strategy, ts, idempotency_key,",
        "missing_ratio, data_lag_ms, auth. Exit code 1 when any line was bad (the good ones are still submitted).",
        "--sign computes each missing idempotency_key and the auth tag (and checks present ones) with",
        "NOCTRIA_IDEMPOTENCY_SECRET from the environment (at least 32 bytes), for an engine that requires them",
        "(idempotency.require_key and require_auth, the defaults of run)." })
final class SubmitCommand implements Callable<Integer>
{
    @ParentCommand
    NoctriaCli parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|-", description = "JSON lines file, or - for standard input.")
    String file;

    @Option(names = "--sign", description = "Attach the idempotency key to requests without one and the auth tag to " +
        "every request, and refuse lines whose key or auth is wrong, using the secret in NOCTRIA_IDEMPOTENCY_SECRET " +
        "(never printed).")
    boolean sign;

    /** Where --sign reads the secret: the process environment; tests substitute their own. */
    static volatile java.util.function.Function<String, String> environment = System::getenv;

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
        try (InputStream input = open(file);
             Journal inbound = Journal.open(new DataDirectory(parent.dataDir).queue(DataDirectory.INBOUND),
                 JournalConfig.defaults().withSharedWriters()))
        {
            final JsonLines lines = new JsonLines(input);
            while (lines.next())
            {
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
                    lastIndex = inbound.append(buffer, 0, length);
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
        out.println("submitted " + submitted + " order request(s) to " +
            new DataDirectory(parent.dataDir).queue(DataDirectory.INBOUND) +
            (submitted > 0 ? " (inbound index " + firstIndex + ".." + lastIndex + ")" : "") +
            (bad > 0 ? "; " + bad + " bad line(s) rejected" : ""));
        return bad > 0 ? 1 : 0;
    }

    private static byte[] secret()
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

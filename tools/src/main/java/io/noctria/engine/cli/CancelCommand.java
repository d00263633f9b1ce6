package io.noctria.engine.cli;

import io.noctria.codecs.sbe.CancelRequestEncoder;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.engine.core.IdempotencyKeys;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * {@code noctria cancel KEY... [--trace-id T] [--attempt N] [--sign]}: a CancelRequest for each order named by its
 * idempotency key (64 hex). Each cancel's own key is SHA-256 of {@code noctria-cancel|KEY|ATTEMPT}, so running the
 * same command twice cancels once (the engine refuses the repeat as DUPLICATE); {@code --attempt} asks again after a
 * CancelReject. {@code --sign} adds the authTag under {@code NOCTRIA_IDEMPOTENCY_SECRET}, which an engine that requires
 * authentication needs, like {@code submit --sign}.
 */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = "Cancel orders by their idempotency key (a CancelRequest each; docs/messages.md, Actions).")
final class CancelCommand extends NoctriaSubcommand
{
    @Parameters(arity = "1..*", paramLabel = "KEY", description = "Idempotency key of an order: 64 lowercase hex.")
    java.util.List<String> keys;

    @Option(names = "--trace-id", paramLabel = "TRACE", description = "Trace id of the cancels (default: cancel-cli).")
    String traceId = "cancel-cli";

    @Option(names = "--attempt", paramLabel = "N", description = "Asks again after a refusal: a new cancel key (default 1).")
    int attempt = 1;

    @Option(names = "--sign", description = "Add the authTag (HMAC-SHA256 under NOCTRIA_IDEMPOTENCY_SECRET).")
    boolean sign;

    @Override
    public Integer call()
    {
        if (traceId.isEmpty() || traceId.length() > 64 || !traceId.matches("[\\x21-\\x7E&&[^|]]+"))
        {
            throw new CommandFailure("--trace-id '" + traceId + "' must be 1 to 64 printable ASCII characters, no '|'", 2);
        }
        final byte[][] origKeys = new byte[keys.size()][];
        for (int i = 0; i < keys.size(); i++)
        {
            final String hex = keys.get(i);
            if (!hex.matches("[0-9a-f]{64}"))
            {
                throw new CommandFailure("KEY '" + hex + "' (argument " + (i + 1) + ") is not 64 lowercase hex " +
                    "characters; nothing was appended", 2);
            }
            origKeys[i] = IdempotencyKeys.fromHex(hex);
        }
        final RequestSigner signer = sign ? new RequestSigner(SubmitCommand.secret()) : null;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final CancelRequestEncoder encoder = new CancelRequestEncoder();
        long first = -1;
        long last = -1;
        try (Journal inbound = Journal.open(new DataDirectory(parent.dataDir).queue(DataDirectory.INBOUND),
            JournalConfig.defaults().withSharedWriters()))
        {
            for (final byte[] origKey : origKeys)
            {
                encoder.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).inboundIndex(-1).ingressNs(0)
                    .clientTsNs(SignedControlOptions.nowNs()).traceId(traceId).strategy("")
                    .putIdempotencyKey(cancelKey(origKey, attempt), 0, 32).putOrigIdempotencyKey(origKey, 0, 32)
                    .putAuthTag(new byte[32], 0, 32);
                final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
                if (null != signer)
                {
                    final String problem = signer.sign(buffer, 0);
                    if (null != problem)
                    {
                        throw new CommandFailure(problem, 2);
                    }
                }
                last = inbound.append(buffer, 0, length);
                first = first < 0 ? last : first;
            }
        }
        spec.commandLine().getOut().println("submitted " + origKeys.length + " cancel request(s) (inbound index " +
            first + ".." + last + ")");
        return 0;
    }

    /** @return the cancel's own key: SHA-256 of {@code noctria-cancel|KEY_HEX|ATTEMPT}. */
    static byte[] cancelKey(final byte[] origKey, final int attempt)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(("noctria-cancel|" + IdempotencyKeys.toHex(origKey) +
                "|" + attempt).getBytes(StandardCharsets.US_ASCII));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 is required of every JVM", ex);
        }
    }
}

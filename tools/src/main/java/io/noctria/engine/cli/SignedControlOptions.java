package io.noctria.engine.cli;

import io.noctria.engine.core.ControlSignatures;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * What every signed operator control ({@code pause}, {@code reload-policy}) takes and does the same way: the
 * options {@code --reason}, {@code --key} and {@code --operator} (a picocli mixin), the key check, and signing
 * the encoded control and appending it to the inbound queue. Each command only encodes its own message.
 */
final class SignedControlOptions
{
    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (journaled).")
    String reason;

    @Option(names = "--key", paramLabel = "FILE",
        description = "The operator's Ed25519 private key (NAME.key from `noctria keygen`); default: the file named by " +
            "NOCTRIA_OPERATOR_KEY. The control is signed with it and carries NAME as its operator.")
    Path key;

    @Option(names = "--operator", paramLabel = "NAME", description = "Who; optional, must match the key file's NAME.")
    String operator;

    /**
     * @return the operator's key, once it resolves and the reason is not blank; nothing is sent before this.
     * @throws CommandFailure (exit 2) for a missing or mismatched key or a blank reason.
     */
    OperatorKeyFile signer()
    {
        final OperatorKeyFile signer = OperatorKeyFile.resolve(key, operator);
        if (reason.isBlank())
        {
            throw new CommandFailure("--reason must not be blank", 2);
        }
        return signer;
    }

    /**
     * Sign the control encoded at offset 0 (header included) and append it to the data directory's inbound queue.
     *
     * @return the inbound index it was appended at.
     */
    static long signAndAppend(final OperatorKeyFile signer, final Path dataDir, final UnsafeBuffer buffer,
        final int length)
    {
        ControlSignatures.sign(signer.key(), buffer, 0, length);
        try (Journal inbound = Journal.open(new DataDirectory(dataDir).queue(DataDirectory.INBOUND),
            JournalConfig.defaults().withSharedWriters()))
        {
            return inbound.append(buffer, 0, length);
        }
    }

    /** @return wall-clock now in epoch ns: when the operator asked ({@code submittedNs}), never used in decisions. */
    static long nowNs()
    {
        final java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}

package io.noctria.engine.cli;

import io.noctria.engine.core.ControlSignatures;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What every signed operator control ({@code pause}, {@code reload-policy}) takes and does the same way: the
 * options {@code --reason}, {@code --key} and {@code --operator} (a picocli mixin), the key check, and signing
 * the encoded control and appending it to the inbound queue. Each command only encodes its own message.
 */
final class SignedControlOptions
{
    /** The longest {@code --reason} of a {@code pause} or {@code cancel-all}, in UTF-8 bytes. */
    static final int MAX_REASON_BYTES = 1024;
    /** What a {@code pause} or {@code cancel-all} is encoded in: its reason, operator name and symbol fit. */
    static final int CONTROL_BUFFER_BYTES = 2048;

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
     * @return {@code --reason} as UTF-8 for a control whose reason is its only long field ({@code pause},
     * {@code cancel-all}): at most {@value #MAX_REASON_BYTES} bytes, so it fits a {@link #CONTROL_BUFFER_BYTES} buffer.
     * @throws CommandFailure (exit 2) when it is longer.
     */
    byte[] reasonBytes()
    {
        final byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        if (reasonBytes.length > MAX_REASON_BYTES)
        {
            throw new CommandFailure("--reason is " + reasonBytes.length + " bytes; the limit is " + MAX_REASON_BYTES, 2);
        }
        return reasonBytes;
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

package io.noctria.engine.cli;

import io.noctria.engine.runtime.OperatorKeys;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;

/**
 * {@code noctria keygen}: the secrets the engine's trust boundaries need.
 * <ul>
 * <li>{@code keygen --operator NAME --out DIR}: a fresh Ed25519 key pair for an operator, written as
 * {@code DIR/NAME.key} (PEM PKCS#8, 0600; the operator keeps it and signs controls with it:
 * {@code pause --key}, {@code reload-policy --key}) and {@code DIR/NAME.pub} (PEM X.509, 0600; copy it into
 * the engine's operators directory, {@code run --operators}). DIR is created owner-only when missing;
 * existing files are never overwritten.</li>
 * <li>{@code keygen --secret}: 32 fresh random bytes as 64 hex characters on stdout, for
 * {@code NOCTRIA_IDEMPOTENCY_SECRET}.</li>
 * </ul>
 */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
        "Create an operator's Ed25519 key pair (--operator NAME --out DIR: NAME.key to sign controls with,",
        "NAME.pub for the engine's operators directory; both 0600, never overwritten),",
        "or print a fresh 32-byte secret as hex for NOCTRIA_IDEMPOTENCY_SECRET (--secret)." })
final class KeygenCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode
    {
        @ArgGroup(exclusive = false)
        OperatorPair operator;

        @Option(names = "--secret", required = true,
            description = "Print 32 random bytes as 64 hex characters (for NOCTRIA_IDEMPOTENCY_SECRET).")
        boolean secret;
    }

    static final class OperatorPair
    {
        @Option(names = "--operator", required = true, paramLabel = "NAME",
            description = "Operator name: 1 to 32 characters of [A-Za-z0-9._-]; the controls signed with the key carry it.")
        String name;

        @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Where to write NAME.key and NAME.pub (created owner-only if missing).")
        Path out;
    }

    @Override
    public Integer call()
    {
        if (mode.secret)
        {
            final byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            spec.commandLine().getOut().println(HexFormat.of().formatHex(secret));
            return 0;
        }
        final String name = mode.operator.name;
        if (!OperatorKeys.validName(name))
        {
            throw new CommandFailure("--operator must be 1 to 32 characters of [A-Za-z0-9._-], was '" + name + "'", 2);
        }
        final Path dir = mode.operator.out;
        try
        {
            OperatorKeys.write(dir, name, OperatorKeys.generate());
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw new CommandFailure(ex.getFile() + " already exists; refusing to overwrite a key file (nothing written)", 2);
        }
        catch (final IOException ex)
        {
            throw new CommandFailure("cannot write the key pair into " + dir + ": " + ex, 1);
        }
        spec.commandLine().getOut().println("operator " + name + ": private key " + dir.resolve(name + ".key") +
            " (keep it; sign with `noctria pause --key` / `reload-policy --key` or NOCTRIA_OPERATOR_KEY), public key " +
            dir.resolve(name + ".pub") + " (copy it into the engine's operators directory, `run --operators DIR`, " +
            "owner-only)");
        return 0;
    }
}

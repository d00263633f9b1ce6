package io.noctria.engine.cli;

import io.noctria.engine.core.ControlSignatures;
import io.noctria.engine.runtime.OperatorKeys;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;

/**
 * The demo operator of {@code run --demo}: a key pair kept in {@code <data-dir>/demo-operator-key/} (created on
 * the first demo run, owner-only, announced loudly), trusted by demo runs only, that signs the demo flow's
 * pause drill. It lets the demo work with no setup while the engine still refuses every unsigned control.
 */
final class DemoOperator
{
    static final String NAME = "demo-operator";
    static final String DIR = "demo-operator-key";

    private final PrivateKey privateKey;
    private final byte[] publicKey;

    private DemoOperator(final PrivateKey privateKey, final byte[] publicKey)
    {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** Loads the demo key pair from the data directory, creating it first when missing. */
    static DemoOperator ensure(final Path dataDir, final PrintWriter err)
    {
        final Path dir = dataDir.resolve(DIR);
        final Path keyFile = dir.resolve(NAME + OperatorKeys.PRIVATE_SUFFIX);
        final Path pubFile = dir.resolve(NAME + OperatorKeys.PUBLIC_SUFFIX);
        try
        {
            if (!Files.exists(keyFile) && !Files.exists(pubFile))
            {
                OperatorKeys.write(dir, NAME, OperatorKeys.generate());
                err.println("WARNING: DEMO MODE - created the demo operator key " + keyFile.toAbsolutePath().normalize() +
                    " (and " + NAME + OperatorKeys.PUBLIC_SUFFIX + "); demo runs trust it and sign their pause drill " +
                    "with it. It is not trusted by `run` without --demo; never put it in an operators directory.");
            }
            else
            {
                err.println("WARNING: DEMO MODE - demo runs trust the demo operator key " +
                    keyFile.toAbsolutePath().normalize() + " for their pause drill.");
            }
            err.flush();
            return new DemoOperator(OperatorKeys.readPrivateKey(keyFile),
                ControlSignatures.rawPublicKey(OperatorKeys.readPublicKey(pubFile)));
        }
        catch (final IOException | io.noctria.engine.config.ConfigException ex)
        {
            throw new CommandFailure("demo operator key in " + dir + ": " + ex.getMessage(), 2);
        }
    }

    String name()
    {
        return NAME;
    }

    PrivateKey privateKey()
    {
        return privateKey;
    }

    byte[] publicKey()
    {
        return publicKey.clone();
    }
}

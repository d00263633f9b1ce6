package io.noctria.engine.cli;

import io.noctria.engine.config.ConfigException;
import io.noctria.engine.runtime.OperatorKeys;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.PrivateKey;

/**
 * The key an operator signs controls with ({@code pause}, {@code reload-policy}): {@code --key FILE}, else the
 * file named by {@code NOCTRIA_OPERATOR_KEY}. The operator name the control carries is the file's stem, so a
 * control can only claim the name its key stands for; {@code --operator NAME}, if given, must match it.
 */
final class OperatorKeyFile
{
    /** Environment variable naming the operator's private key file when {@code --key} is not given. */
    static final String KEY_ENV = "NOCTRIA_OPERATOR_KEY";

    private final String operator;
    private final PrivateKey key;

    private OperatorKeyFile(final String operator, final PrivateKey key)
    {
        this.operator = operator;
        this.key = key;
    }

    /**
     * @param keyOption      {@code --key}, or null.
     * @param operatorOption {@code --operator}, or null.
     * @throws CommandFailure (exit 2) when there is no key, the file is unusable, or the names disagree.
     */
    static OperatorKeyFile resolve(final Path keyOption, final String operatorOption)
    {
        final String fromEnv = System.getenv(KEY_ENV);
        final Path file = keyOption != null ? keyOption :
            (fromEnv != null && !fromEnv.isEmpty() ? Paths.get(fromEnv) : null);
        if (null == file)
        {
            throw new CommandFailure("no operator key: pass --key FILE or set " + KEY_ENV + " to your NAME.key " +
                "(create one with `noctria keygen --operator NAME --out DIR` and put DIR/NAME.pub in the engine's " +
                "operators directory); the engine refuses unsigned controls", 2);
        }
        final String name = OperatorKeys.operatorName(file);
        if (null != operatorOption && !operatorOption.equals(name))
        {
            throw new CommandFailure("--operator " + operatorOption + " does not match the key " + file + ", which is " +
                "operator " + name + " (the operator name is the key file's stem)", 2);
        }
        try
        {
            return new OperatorKeyFile(name, OperatorKeys.readPrivateKey(file));
        }
        catch (final ConfigException ex)
        {
            throw new CommandFailure(ex.getMessage(), 2);
        }
    }

    String operator()
    {
        return operator;
    }

    PrivateKey key()
    {
        return key;
    }
}

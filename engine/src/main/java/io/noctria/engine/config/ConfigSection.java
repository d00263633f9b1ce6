package io.noctria.engine.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One YAML mapping of a configuration file, read with typed accessors whose failures name the
 * file, the dotted key path, the bad value and what is allowed.
 * <p>
 * Start-up code only: it allocates freely and throws {@link ConfigException}.
 */
final class ConfigSection
{
    /** Fixed-point scale shared with the wire contract: 10^6. */
    static final int DECIMALS = 6;

    private final String source;
    private final String path;
    private final Map<String, Object> values;

    private ConfigSection(final String source, final String path, final Map<String, Object> values)
    {
        this.source = source;
        this.path = path;
        this.values = values;
    }

    /** Reads a whole file; a missing or unreadable file is an error, never an empty config. */
    static byte[] readFile(final Path file)
    {
        try
        {
            return Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new ConfigException(file + ": cannot read the file (" + ex.getClass().getSimpleName() + ": " +
                ex.getMessage() + ")", ex);
        }
    }

    /** SHA-256 of the file bytes: the hash journaled so a postmortem knows which config was in force. */
    static byte[] sha256(final byte[] bytes)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 is mandatory in every Java runtime", ex);
        }
    }

    /**
     * Parses YAML (safe constructor, no duplicate keys) into the root mapping. An empty document is
     * an error: it is more often a truncated file than a deliberate choice.
     */
    static ConfigSection parseRoot(final String source, final byte[] bytes)
    {
        final LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        final Object root;
        try
        {
            root = new Yaml(new SafeConstructor(options)).load(new String(bytes, StandardCharsets.UTF_8));
        }
        catch (final RuntimeException ex)
        {
            throw new ConfigException(source + ": is not valid YAML (" + ex.getMessage().replace('\n', ' ') + ")", ex);
        }
        if (null == root)
        {
            throw new ConfigException(source + ": is empty (must be a YAML mapping)");
        }
        return of(source, "", root);
    }

    private static ConfigSection of(final String source, final String path, final Object value)
    {
        if (!(value instanceof Map))
        {
            throw new ConfigException(source + ": " + (path.isEmpty() ? "document" : path) + ": " + render(value) +
                " is invalid (must be a mapping of key: value)");
        }
        final Map<?, ?> raw = (Map<?, ?>)value;
        final Map<String, Object> values = new LinkedHashMap<>();
        for (final Map.Entry<?, ?> entry : raw.entrySet())
        {
            if (!(entry.getKey() instanceof String))
            {
                throw new ConfigException(source + ": " + (path.isEmpty() ? "" : path + ": ") + "key " +
                    render(entry.getKey()) + " is invalid (keys must be strings; quote keys such as \"ON\" or \"NO\" " +
                    "that YAML reads as booleans, and numbers)");
            }
            values.put((String)entry.getKey(), entry.getValue());
        }
        return new ConfigSection(source, path, values);
    }

    String source()
    {
        return source;
    }

    /** Dotted path of {@code key} inside this section, as shown in error messages. */
    String pathOf(final String key)
    {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Keys in file order. */
    List<String> keys()
    {
        return Collections.unmodifiableList(new ArrayList<>(values.keySet()));
    }

    boolean has(final String key)
    {
        return values.containsKey(key);
    }

    /** Rejects any key not in {@code allowed}: a misspelt limit must not silently fall back to a default. */
    void allowOnly(final String... allowed)
    {
        final List<String> allowedList = Arrays.asList(allowed);
        for (final String key : values.keySet())
        {
            if (!allowedList.contains(key))
            {
                throw new ConfigException(source + ": " + pathOf(key) + " is not a known key (allowed: " +
                    String.join(", ", allowed) + ")");
            }
        }
    }

    void require(final String key, final String allowed)
    {
        if (!values.containsKey(key) || null == values.get(key))
        {
            throw new ConfigException(source + ": " + pathOf(key) + " is missing (" + allowed + ")");
        }
    }

    /** @return the nested mapping, or an empty one when the key is absent. */
    ConfigSection section(final String key)
    {
        final Object value = values.get(key);
        if (null == value)
        {
            return new ConfigSection(source, pathOf(key), Collections.emptyMap());
        }
        return of(source, pathOf(key), value);
    }

    Object raw(final String key)
    {
        return values.get(key);
    }

    ConfigException invalid(final String key, final Object value, final String allowed)
    {
        return new ConfigException(source + ": " + pathOf(key) + ": " + render(value) + " is invalid (" + allowed + ")");
    }

    boolean bool(final String key, final boolean defaultValue)
    {
        final Object value = values.get(key);
        if (null == value)
        {
            return defaultValue;
        }
        if (!(value instanceof Boolean))
        {
            throw invalid(key, value, "must be true or false");
        }
        return (Boolean)value;
    }

    /** An integer in {@code [min, max]}; decimals and strings are errors. */
    long integer(final String key, final long defaultValue, final long min, final long max, final String allowed)
    {
        final Object value = values.get(key);
        if (null == value)
        {
            return defaultValue;
        }
        if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger))
        {
            throw invalid(key, value, allowed);
        }
        final BigInteger big = new BigInteger(value.toString());
        if (big.compareTo(BigInteger.valueOf(min)) < 0 || big.compareTo(BigInteger.valueOf(max)) > 0)
        {
            throw invalid(key, value, allowed);
        }
        return big.longValueExact();
    }

    /**
     * A decimal number converted exactly to a fixed-point long of scale 10^6, within
     * {@code (minExclusive or minInclusive, maxInclusive]} in fixed point. More than six decimals
     * is an error rather than a silent rounding.
     */
    long fixed6(final String key, final long defaultValue, final long min, final boolean minInclusive,
        final long max, final String allowed)
    {
        final Object value = values.get(key);
        if (null == value)
        {
            return defaultValue;
        }
        return toFixed6(key, value, min, minInclusive, max, allowed);
    }

    long toFixed6(final String key, final Object value, final long min, final boolean minInclusive,
        final long max, final String allowed)
    {
        if (!(value instanceof Number) || value instanceof Double && !Double.isFinite((Double)value) ||
            value instanceof Float)
        {
            throw invalid(key, value, allowed);
        }
        final BigDecimal decimal = new BigDecimal(value.toString());
        if (decimal.stripTrailingZeros().scale() > DECIMALS)
        {
            throw invalid(key, value, allowed + "; at most " + DECIMALS + " decimal places");
        }
        final BigDecimal scaled = decimal.movePointRight(DECIMALS);
        if (scaled.compareTo(BigDecimal.valueOf(max)) > 0 ||
            (minInclusive ? scaled.compareTo(BigDecimal.valueOf(min)) < 0 : scaled.compareTo(BigDecimal.valueOf(min)) <= 0))
        {
            throw invalid(key, value, allowed);
        }
        return scaled.longValueExact();
    }

    String string(final String key, final String defaultValue, final String allowed)
    {
        final Object value = values.get(key);
        if (null == value)
        {
            return defaultValue;
        }
        if (!(value instanceof String))
        {
            throw invalid(key, value, allowed);
        }
        return (String)value;
    }

    /** A YAML sequence; absent gives null so the caller decides between default and error. */
    List<?> list(final String key, final String allowed)
    {
        final Object value = values.get(key);
        if (null == value)
        {
            return null;
        }
        if (!(value instanceof List))
        {
            throw invalid(key, value, allowed);
        }
        return (List<?>)value;
    }

    /** Renders a YAML value for an error message: strings quoted, everything else as YAML would show it. */
    static String render(final Object value)
    {
        if (value instanceof String)
        {
            return "\"" + value + "\"";
        }
        if (value instanceof Double && Double.isFinite((Double)value))
        {
            // As written in the file, not as Java prints doubles: 0.0000001, never 1.0E-7.
            return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }
}

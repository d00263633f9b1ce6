package io.noctria.engine.config;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.Construct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
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
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

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

    /** Largest configuration file: ours are a few KiB; a bigger one is a mistake or an attack. */
    static final int MAX_DOCUMENT_BYTES = 64 * 1024;

    /** Deepest nesting of mappings and lists: ours need 4. */
    static final int MAX_NESTING_DEPTH = 16;

    /** Longest value or key echoed in an error message, in characters. */
    static final int MAX_VALUE_LENGTH = 64;

    private final String source;
    private final String path;
    private final Map<String, Object> values;

    private ConfigSection(final String source, final String path, final Map<String, Object> values)
    {
        this.source = source;
        this.path = path;
        this.values = values;
    }

    /**
     * Reads a whole file; a missing or unreadable file is an error, never an empty config. Reads at most one
     * byte more than {@link #MAX_DOCUMENT_BYTES}, so a huge file or a device is refused by
     * {@link #parseRoot} without being loaded.
     */
    static byte[] readFile(final Path file)
    {
        try (InputStream in = Files.newInputStream(file))
        {
            return in.readNBytes(MAX_DOCUMENT_BYTES + 1);
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
     * Parses YAML into the root mapping, refusing what a configuration file never needs and an attacker
     * would use: more than {@link #MAX_DOCUMENT_BYTES} bytes, anchors and aliases (recursive or exponentially
     * expanding documents: {@code default: &r [[*r]]}, "billion laughs"), nesting deeper than
     * {@link #MAX_NESTING_DEPTH}, duplicate keys and any tag beyond the safe constructor's. Decimals are read
     * exactly as {@link BigDecimal}, never through {@code double}. An empty document is an error: it is more
     * often a truncated file than a deliberate choice.
     */
    static ConfigSection parseRoot(final String source, final byte[] bytes)
    {
        if (bytes.length > MAX_DOCUMENT_BYTES)
        {
            throw new ConfigException(source + ": is larger than the " + MAX_DOCUMENT_BYTES +
                " bytes a configuration file may have");
        }
        final String text = new String(bytes, StandardCharsets.UTF_8);
        final LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        // Belt and braces: the event scan below refuses these before the composer sees them.
        options.setMaxAliasesForCollections(0);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setCodePointLimit(MAX_DOCUMENT_BYTES);
        final Object root;
        try
        {
            refuseAliasesAndDepth(source, text, options);
            root = new Yaml(new ExactConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options).load(text);
        }
        catch (final ConfigException ex)
        {
            throw ex;
        }
        catch (final RuntimeException | StackOverflowError ex)
        {
            // The limits above make a StackOverflowError impossible; if one came anyway it is this file's fault and
            // is reported as such. The parser's message is clipped and no cause is kept: it may quote the file.
            throw new ConfigException(source + ": is not valid YAML (" +
                ConfigException.clip(oneLine(ex), MAX_VALUE_LENGTH * 4) + ")");
        }
        if (null == root)
        {
            throw new ConfigException(source + ": is empty (must be a YAML mapping)");
        }
        return of(source, "", root);
    }

    /**
     * Walks the parser's events, which builds no objects, so a hostile document is refused before the
     * composer could expand or recurse into it.
     */
    private static void refuseAliasesAndDepth(final String source, final String text, final LoaderOptions options)
    {
        int depth = 0;
        for (final Event event : new Yaml(options).parse(new StringReader(text)))
        {
            if (event instanceof AliasEvent)
            {
                throw new ConfigException(source + ": " + at(event) + ": alias *" +
                    ConfigException.clip(((AliasEvent)event).getAnchor(), MAX_VALUE_LENGTH) + " is not allowed " +
                    "(anchors and aliases are refused in configuration files; write each value out)");
            }
            if (event instanceof NodeEvent && null != ((NodeEvent)event).getAnchor())
            {
                throw new ConfigException(source + ": " + at(event) + ": anchor &" +
                    ConfigException.clip(((NodeEvent)event).getAnchor(), MAX_VALUE_LENGTH) + " is not allowed " +
                    "(anchors and aliases are refused in configuration files; write each value out)");
            }
            if (event instanceof CollectionStartEvent && ++depth > MAX_NESTING_DEPTH)
            {
                throw new ConfigException(source + ": " + at(event) + ": nesting is deeper than " + MAX_NESTING_DEPTH +
                    " levels of mappings and lists");
            }
            if (event instanceof CollectionEndEvent)
            {
                depth--;
            }
        }
    }

    private static String at(final Event event)
    {
        final Mark mark = event.getStartMark();
        return null == mark ? "document" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    private static String oneLine(final Throwable ex)
    {
        final String message = ex.getMessage();
        return (null == message ? ex.getClass().getSimpleName() : message).replace('\n', ' ');
    }

    /**
     * SnakeYAML's safe constructor with one change: a plain decimal ({@code 0.30}, {@code 1_000.5}, {@code 1e-3})
     * becomes the exact {@link BigDecimal} it spells, never a {@code double} (which reads 9223372036854.775808 as
     * 9223372036854.775391 and 0.1 as 0.1000000000000000055…). {@code .inf}, {@code .nan} and base-60 floats stay
     * doubles, which every decimal accessor refuses.
     */
    private static final class ExactConstructor extends SafeConstructor
    {
        private static final Pattern PLAIN_DECIMAL = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]{1,4})?");

        ExactConstructor(final LoaderOptions options)
        {
            super(options);
            final Construct doubles = yamlConstructors.get(Tag.FLOAT);
            yamlConstructors.put(Tag.FLOAT, new AbstractConstruct()
            {
                @Override
                public Object construct(final Node node)
                {
                    final String spelt = constructScalar((ScalarNode)node).replace("_", "");
                    return PLAIN_DECIMAL.matcher(spelt).matches() ? new BigDecimal(spelt) : doubles.construct(node);
                }
            });
        }
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

    private static String clip(final String text)
    {
        return ConfigException.clip(text, MAX_VALUE_LENGTH);
    }

    /** Dotted path of {@code key} inside this section, as shown in error messages; a long key is cut. */
    String pathOf(final String key)
    {
        return path.isEmpty() ? clip(key) : path + "." + clip(key);
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
        // Only exact numbers: the parser makes every plain decimal a BigDecimal, so a Double here is .inf, .nan
        // or a base-60 float, none of which is a limit.
        final BigDecimal decimal;
        if (value instanceof BigDecimal)
        {
            decimal = (BigDecimal)value;
        }
        else if (value instanceof Integer || value instanceof Long)
        {
            decimal = BigDecimal.valueOf(((Number)value).longValue());
        }
        else if (value instanceof BigInteger)
        {
            decimal = new BigDecimal((BigInteger)value);
        }
        else
        {
            throw invalid(key, value, allowed);
        }
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

    /**
     * A key that names one of {@code allowed} by its {@link #configName}; absent gives the default.
     *
     * @param allowedText what the error says is allowed, for a name outside {@code allowed} or a value that is not text.
     */
    <E extends Enum<E>> E choice(final String key, final E defaultValue, final String allowedText, final E[] allowed)
    {
        final String name = string(key, configName(defaultValue), allowedText);
        for (final E candidate : allowed)
        {
            if (configName(candidate).equals(name))
            {
                return candidate;
            }
        }
        throw invalid(key, name, allowedText);
    }

    /** @return how the config files spell an enum constant: its name in lower case, '-' for '_' (BUSY_SPIN: busy-spin). */
    static String configName(final Enum<?> value)
    {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
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

    /**
     * Renders a YAML value for an error message: strings quoted, everything else as YAML would show it, cut
     * to {@link #MAX_VALUE_LENGTH} characters.
     */
    static String render(final Object value)
    {
        if (value instanceof String)
        {
            return "\"" + clip((String)value) + "\"";
        }
        if (value instanceof BigDecimal)
        {
            // As written in the file, not in scientific notation; but 1e9999 is not expanded to 10,000 digits.
            final BigDecimal decimal = (BigDecimal)value;
            return clip(Math.abs(decimal.scale()) <= MAX_VALUE_LENGTH ? decimal.toPlainString() : decimal.toString());
        }
        if (value instanceof Double && Double.isFinite((Double)value))
        {
            return clip(new BigDecimal(value.toString()).stripTrailingZeros().toPlainString());
        }
        if (value instanceof byte[])
        {
            return "!!binary data"; // its toString is an identity hash, which would make a refusal differ between runs
        }
        if (value instanceof java.util.Date)
        {
            return clip(((java.util.Date)value).toInstant().toString()); // not in the host's time zone
        }
        // A structure is at most 16 levels and 64 KiB deep and has no aliases, so printing it cannot recurse forever.
        return clip(String.valueOf(value));
    }
}

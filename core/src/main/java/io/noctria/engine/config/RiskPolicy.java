package io.noctria.engine.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Noctus risk policy, loaded once from {@code configs/risk_policy.yml} in the platform's own
 * format: a {@code default:} section and optional {@code overrides: SYMBOL: {...}} that inherit
 * every key they do not name from the default. See docs/risk.md for each rule's semantics.
 * <p>
 * Keys allowed in {@code default} and in an override: {@code max_position_notional},
 * {@code max_order_qty}, {@code max_trace_notional}, {@code trading_hours_utc},
 * {@code max_consecutive_losses}, {@code shrink_after_losses_pct}, {@code price_collar_pct}, and {@code venue}
 * (the venue's capabilities for the symbol: {@link VenueCapabilities}).
 * Keys allowed only in {@code default} because they are not about one symbol:
 * {@code forbidden_symbols}, {@code global_trading_pause}, {@code max_orders_per_second},
 * {@code reference_prices}. The platform's sample file (which lacks the optional rules) loads
 * unchanged; optional rules are off when absent.
 * <p>
 * Immutable; the SHA-256 of the file bytes is the policy hash journaled in PolicyLoaded.
 */
public final class RiskPolicy
{
    /** Policy name of the default section, carried by decisions for symbols without an override. */
    public static final String DEFAULT_POLICY_NAME = "default";
    /** Longest symbol of the wire contract (Symbol is char[16]). */
    public static final int MAX_SYMBOL_LENGTH = 16;
    /** Upper bound of the order rate limit; the rate window holds one timestamp per allowed order. */
    public static final int MAX_ORDERS_PER_SECOND_LIMIT = 1_000_000;

    private static final String MAX_POSITION_NOTIONAL = "max_position_notional";
    private static final String MAX_ORDER_QTY = "max_order_qty";
    private static final String MAX_TRACE_NOTIONAL = "max_trace_notional";
    private static final String TRADING_HOURS_UTC = "trading_hours_utc";
    private static final String MAX_CONSECUTIVE_LOSSES = "max_consecutive_losses";
    private static final String SHRINK_AFTER_LOSSES_PCT = "shrink_after_losses_pct";
    private static final String PRICE_COLLAR_PCT = "price_collar_pct";
    private static final String FORBIDDEN_SYMBOLS = "forbidden_symbols";
    private static final String GLOBAL_TRADING_PAUSE = "global_trading_pause";
    private static final String MAX_ORDERS_PER_SECOND = "max_orders_per_second";
    private static final String REFERENCE_PRICES = "reference_prices";
    private static final String VENUE = "venue";

    private static final String[] SYMBOL_KEYS =
    {
        MAX_POSITION_NOTIONAL, MAX_ORDER_QTY, MAX_TRACE_NOTIONAL, TRADING_HOURS_UTC, MAX_CONSECUTIVE_LOSSES,
        SHRINK_AFTER_LOSSES_PCT, PRICE_COLLAR_PCT, VENUE,
    };
    private static final String[] DEFAULT_KEYS =
    {
        MAX_POSITION_NOTIONAL, MAX_ORDER_QTY, MAX_TRACE_NOTIONAL, TRADING_HOURS_UTC, MAX_CONSECUTIVE_LOSSES,
        SHRINK_AFTER_LOSSES_PCT, PRICE_COLLAR_PCT, FORBIDDEN_SYMBOLS, GLOBAL_TRADING_PAUSE, MAX_ORDERS_PER_SECOND,
        REFERENCE_PRICES, VENUE,
    };
    private static final Pattern WINDOW = Pattern.compile("(\\d\\d):(\\d\\d)-(\\d\\d):(\\d\\d)");

    private final String source;
    private final byte[] policyHash;
    private final SymbolLimits defaults;
    private final Map<String, SymbolLimits> overrides;
    private final List<String> forbiddenSymbols;
    private final Map<String, Long> referencePrices;
    private final boolean globalTradingPause;
    private final int maxOrdersPerSecond;
    private final byte[] yaml;

    private RiskPolicy(
        final String source,
        final byte[] policyHash,
        final SymbolLimits defaults,
        final Map<String, SymbolLimits> overrides,
        final List<String> forbiddenSymbols,
        final Map<String, Long> referencePrices,
        final boolean globalTradingPause,
        final int maxOrdersPerSecond,
        final byte[] yaml)
    {
        this.source = source;
        this.policyHash = policyHash;
        this.defaults = defaults;
        this.overrides = overrides;
        this.forbiddenSymbols = forbiddenSymbols;
        this.referencePrices = referencePrices;
        this.globalTradingPause = globalTradingPause;
        this.maxOrdersPerSecond = maxOrdersPerSecond;
        this.yaml = yaml;
    }

    /**
     * Loads and validates a policy file.
     *
     * @param file the YAML file; missing or unreadable is an error.
     * @return the validated policy.
     * @throws ConfigException naming file, key, value and what is allowed.
     */
    public static RiskPolicy load(final Path file)
    {
        return parse(file.toString(), ConfigSection.readFile(file));
    }

    /**
     * Validates policy bytes.
     *
     * @param source the name used in error messages and PolicyLoaded, normally the file path.
     * @param yaml   the file bytes; their SHA-256 is the policy hash.
     * @return the validated policy.
     * @throws ConfigException naming source, key, value and what is allowed.
     */
    public static RiskPolicy parse(final String source, final byte[] yaml)
    {
        final ConfigSection root = ConfigSection.parseRoot(source, yaml);
        root.allowOnly("default", "overrides");
        root.require("default", "a mapping with " + MAX_POSITION_NOTIONAL + ", " + MAX_ORDER_QTY + ", " +
            TRADING_HOURS_UTC + ", " + MAX_CONSECUTIVE_LOSSES + ", " + SHRINK_AFTER_LOSSES_PCT);
        final ConfigSection defaultSection = root.section("default");
        defaultSection.allowOnly(DEFAULT_KEYS);
        final SymbolLimits defaults = limits(DEFAULT_POLICY_NAME, defaultSection, null);

        final List<String> forbidden = forbiddenSymbols(defaultSection);
        final Map<String, Long> referencePrices = referencePrices(defaultSection);
        final boolean pause = defaultSection.bool(GLOBAL_TRADING_PAUSE, false);
        final int maxOrdersPerSecond = (int)defaultSection.integer(MAX_ORDERS_PER_SECOND, 0, 1,
            MAX_ORDERS_PER_SECOND_LIMIT, "must be an integer from 1 to " + MAX_ORDERS_PER_SECOND_LIMIT +
            "; leave it out to turn the rate limit off");

        final ConfigSection overridesSection = root.section("overrides");
        final Map<String, SymbolLimits> overrides = new TreeMap<>();
        for (final String symbol : overridesSection.keys())
        {
            checkSymbol(overridesSection, symbol, symbol);
            final ConfigSection override = overridesSection.section(symbol);
            for (final String key : override.keys())
            {
                if (isDefaultOnly(key))
                {
                    throw new ConfigException(source + ": " + override.pathOf(key) +
                        " is not allowed in an override (it applies to all symbols: set it under default)");
                }
            }
            override.allowOnly(SYMBOL_KEYS);
            overrides.put(symbol, limits(symbol, override, defaults));
        }

        return new RiskPolicy(source, ConfigSection.sha256(yaml), defaults, Collections.unmodifiableMap(overrides),
            forbidden, referencePrices, pause, maxOrdersPerSecond, yaml.clone());
    }

    /** @return where the policy came from, as named in errors and PolicyLoaded. */
    public String source()
    {
        return source;
    }

    /** @return a copy of the file bytes the policy was parsed from (what a PolicyReload input carries). */
    public byte[] yaml()
    {
        return yaml.clone();
    }

    /** @return a copy of the SHA-256 of the policy file bytes. */
    public byte[] policyHash()
    {
        return policyHash.clone();
    }

    /** @return the policy hash as lowercase hex, for logs and reports. */
    public String policyHashHex()
    {
        final StringBuilder sb = new StringBuilder(64);
        for (final byte b : policyHash)
        {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }

    /** @return the limits of the {@code default} section. */
    public SymbolLimits defaults()
    {
        return defaults;
    }

    /** @return the override of {@code symbol} merged over the default, or the default when it has none. */
    public SymbolLimits limitsFor(final String symbol)
    {
        final SymbolLimits override = overrides.get(symbol);
        return null == override ? defaults : override;
    }

    /** @return the number of per-symbol overrides. */
    public int overrideCount()
    {
        return overrides.size();
    }

    /** @return the overridden symbols in sorted order. */
    public List<String> overrideSymbols()
    {
        return Collections.unmodifiableList(new ArrayList<>(overrides.keySet()));
    }

    /** @return true when orders for {@code symbol} are always rejected. */
    public boolean isForbidden(final String symbol)
    {
        return forbiddenSymbols.contains(symbol);
    }

    /** @return the forbidden symbols in sorted order. */
    public List<String> forbiddenSymbols()
    {
        return forbiddenSymbols;
    }

    /** @return the configured reference price of {@code symbol}, scale 10^6, or 0 when none is configured. */
    public long referencePrice(final String symbol)
    {
        final Long price = referencePrices.get(symbol);
        return null == price ? 0 : price;
    }

    /** @return the trading-pause state an engine starts with. */
    public boolean globalTradingPause()
    {
        return globalTradingPause;
    }

    /** @return the most orders sent in any one-second window, all symbols together; 0 when the rule is off. */
    public int maxOrdersPerSecond()
    {
        return maxOrdersPerSecond;
    }

    /** @return the effective policy, one section per line, for the start-up log. */
    public String describe()
    {
        final StringBuilder sb = new StringBuilder("risk policy ").append(source).append(" sha256=")
            .append(policyHashHex()).append('\n').append("  ").append(defaults.describe()).append('\n');
        for (final SymbolLimits override : overrides.values())
        {
            sb.append("  ").append(override.describe()).append('\n');
        }
        return sb.append("  forbidden_symbols: ").append(forbiddenSymbols)
            .append(", global_trading_pause: ").append(globalTradingPause)
            .append(", max_orders_per_second: ").append(0 == maxOrdersPerSecond ? "off" : maxOrdersPerSecond)
            .append(", reference_prices: ").append(referencePrices.keySet()).toString();
    }

    @Override
    public String toString()
    {
        return "RiskPolicy{" + source + ", sha256=" + policyHashHex() + ", overrides=" + overrides.keySet() + "}";
    }

    /**
     * The symbol rule shared with the engine's input validation: 1 to 16 printable ASCII characters
     * without space or '|', since '|' separates the fields of the idempotency key's message.
     */
    public static boolean isValidSymbol(final String symbol)
    {
        if (symbol.isEmpty() || symbol.length() > MAX_SYMBOL_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < symbol.length(); i++)
        {
            final char c = symbol.charAt(i);
            if (c < 0x21 || c > 0x7E || c == '|')
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isDefaultOnly(final String key)
    {
        return FORBIDDEN_SYMBOLS.equals(key) || GLOBAL_TRADING_PAUSE.equals(key) ||
            MAX_ORDERS_PER_SECOND.equals(key) || REFERENCE_PRICES.equals(key);
    }

    private static SymbolLimits limits(final String name, final ConfigSection section, final SymbolLimits parent)
    {
        if (null == parent)
        {
            section.require(MAX_POSITION_NOTIONAL, "must be a positive number, quote currency");
            section.require(MAX_ORDER_QTY, "must be a positive number of units");
            section.require(TRADING_HOURS_UTC, "must be a list of \"HH:MM-HH:MM\" UTC windows");
            section.require(MAX_CONSECUTIVE_LOSSES, "must be a positive integer");
            section.require(SHRINK_AFTER_LOSSES_PCT, "must be a percentage above 0 and below 100");
        }
        final long maxPositionNotional = section.fixed6(MAX_POSITION_NOTIONAL,
            null == parent ? 0 : parent.maxPositionNotional(), 0, false, Long.MAX_VALUE, "must be a positive number");
        final long maxOrderQty = section.fixed6(MAX_ORDER_QTY,
            null == parent ? 0 : parent.maxOrderQty(), 0, false, Long.MAX_VALUE, "must be a positive number");
        final long maxTraceNotional = section.fixed6(MAX_TRACE_NOTIONAL,
            null == parent ? 0 : parent.maxTraceNotional(), 0, false, Long.MAX_VALUE,
            "must be a positive number; leave it out to turn the rule off");
        final int maxConsecutiveLosses = (int)section.integer(MAX_CONSECUTIVE_LOSSES,
            null == parent ? 0 : parent.maxConsecutiveLosses(), 1, 1_000_000, "must be an integer from 1 to 1000000");
        final int shrinkPpm = null == parent || section.has(SHRINK_AFTER_LOSSES_PCT) ?
            percentPpm(section, SHRINK_AFTER_LOSSES_PCT, 100_000_000L - 100,
                "must be a percentage above 0 and below 100") :
            parent.shrinkAfterLossesPpm();
        final int collarPpm = section.has(PRICE_COLLAR_PCT) ?
            percentPpm(section, PRICE_COLLAR_PCT, 100_000_000L,
                "must be a percentage above 0 and at most 100; leave it out to turn the collar off") :
            null == parent ? 0 : parent.priceCollarPpm();

        final int[] starts;
        final int[] ends;
        if (null == parent || section.has(TRADING_HOURS_UTC))
        {
            final List<?> windows = section.list(TRADING_HOURS_UTC, "must be a list of \"HH:MM-HH:MM\" UTC windows");
            if (null == windows || windows.isEmpty())
            {
                throw section.invalid(TRADING_HOURS_UTC, windows,
                    "must list at least one \"HH:MM-HH:MM\" UTC window; forbid a symbol with forbidden_symbols");
            }
            starts = new int[windows.size()];
            ends = new int[windows.size()];
            for (int i = 0; i < windows.size(); i++)
            {
                parseWindow(section, windows.get(i), i, starts, ends);
            }
        }
        else
        {
            starts = new int[parent.tradingWindowCount()];
            ends = new int[parent.tradingWindowCount()];
            for (int i = 0; i < starts.length; i++)
            {
                starts[i] = parent.windowStartMinute(i);
                ends[i] = parent.windowEndMinute(i);
            }
        }
        final VenueCapabilities venue = VenueCapabilities.parse(section.section(VENUE),
            null == parent ? VenueCapabilities.ANY : parent.venue());
        return new SymbolLimits(name, maxPositionNotional, maxOrderQty, maxTraceNotional, starts, ends,
            maxConsecutiveLosses, shrinkPpm, collarPpm, venue);
    }

    /** A percentage with at most 4 decimals, as parts per million: 50 → 500_000. */
    private static int percentPpm(final ConfigSection section, final String key, final long maxFixed6,
        final String allowed)
    {
        final long fixed6 = section.fixed6(key, 0, 0, false, maxFixed6, allowed);
        if (fixed6 % 100 != 0)
        {
            throw section.invalid(key, section.raw(key), allowed + "; at most 4 decimal places");
        }
        return (int)(fixed6 / 100);
    }

    private static void parseWindow(final ConfigSection section, final Object value, final int i,
        final int[] starts, final int[] ends)
    {
        final String key = TRADING_HOURS_UTC + "[" + i + "]";
        final String allowed = "must be \"HH:MM-HH:MM\" in UTC with start before end, 24:00 allowed as an end; " +
            "a window may not wrap midnight: write \"22:00-24:00\" and \"00:00-02:00\"";
        if (!(value instanceof String))
        {
            throw section.invalid(key, value, allowed);
        }
        final Matcher m = WINDOW.matcher((String)value);
        if (!m.matches())
        {
            throw section.invalid(key, value, allowed);
        }
        final int startHour = Integer.parseInt(m.group(1));
        final int startMinute = Integer.parseInt(m.group(2));
        final int endHour = Integer.parseInt(m.group(3));
        final int endMinute = Integer.parseInt(m.group(4));
        final boolean startValid = startHour <= 23 && startMinute <= 59;
        final boolean endValid = endHour <= 23 && endMinute <= 59 || endHour == 24 && endMinute == 0;
        final int start = startHour * 60 + startMinute;
        final int end = endHour * 60 + endMinute;
        if (!startValid || !endValid || start >= end)
        {
            throw section.invalid(key, value, allowed);
        }
        starts[i] = start;
        ends[i] = end;
    }

    private static List<String> forbiddenSymbols(final ConfigSection section)
    {
        final String allowed = "must be a list of symbols (1 to 16 printable ASCII characters, no space or '|')";
        final List<?> list = section.list(FORBIDDEN_SYMBOLS, allowed);
        final TreeSet<String> symbols = new TreeSet<>();
        if (null != list)
        {
            for (int i = 0; i < list.size(); i++)
            {
                final Object value = list.get(i);
                if (!(value instanceof String) || !isValidSymbol((String)value))
                {
                    throw section.invalid(FORBIDDEN_SYMBOLS + "[" + i + "]", value, allowed);
                }
                symbols.add((String)value);
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(symbols));
    }

    private static Map<String, Long> referencePrices(final ConfigSection section)
    {
        final ConfigSection prices = section.section(REFERENCE_PRICES);
        final Map<String, Long> result = new HashMap<>();
        for (final String symbol : prices.keys())
        {
            checkSymbol(prices, symbol, symbol);
            result.put(symbol, prices.toFixed6(symbol, prices.raw(symbol), 0, false, Long.MAX_VALUE,
                "must be a positive price"));
        }
        return Collections.unmodifiableMap(result);
    }

    private static void checkSymbol(final ConfigSection section, final String key, final String symbol)
    {
        if (!isValidSymbol(symbol))
        {
            throw new ConfigException(section.source() + ": " + section.pathOf(key) +
                " is not a valid symbol (1 to 16 printable ASCII characters, no space or '|')");
        }
    }
}

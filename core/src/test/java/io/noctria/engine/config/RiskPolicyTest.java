package io.noctria.engine.config;

import io.noctria.engine.testing.Policies;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

import static io.noctria.engine.testing.Policies.MINIMAL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RiskPolicyTest
{
    private static final long M = 1_000_000L;

    @Test
    void shouldLoadThePlatformsSamplePolicyUnchanged()
    {
        final RiskPolicy policy = RiskPolicy.load(RepositoryFiles.resource("/config/domain-sample-policy.yml"));
        final SymbolLimits defaults = policy.defaults();
        assertEquals("default", defaults.policyName());
        assertEquals(100_000 * M, defaults.maxPositionNotional());
        assertEquals(20_000 * M, defaults.maxOrderQty());
        assertEquals(3, defaults.maxConsecutiveLosses());
        assertEquals(500_000, defaults.shrinkAfterLossesPpm());
        assertEquals(1, defaults.tradingWindowCount());
        assertEquals(0, defaults.windowStartMinute(0));
        assertEquals(22 * 60, defaults.windowEndMinute(0));
        assertEquals(0, defaults.maxTraceNotional(), "optional rules are off when absent");
        assertEquals(0, defaults.priceCollarPpm());
        assertEquals(0, policy.maxOrdersPerSecond());
        assertFalse(policy.globalTradingPause());
        assertEquals(List.of(), policy.forbiddenSymbols());

        final SymbolLimits usdJpy = policy.limitsFor("USDJPY");
        assertEquals("USDJPY", usdJpy.policyName());
        assertEquals(150_000 * M, usdJpy.maxPositionNotional());
        assertEquals(20_000 * M, usdJpy.maxOrderQty(), "an override inherits what it does not name");
        assertEquals(22 * 60, usdJpy.windowEndMinute(0));
        assertSame(defaults, policy.limitsFor("EURJPY"));
        assertEquals(1, policy.overrideCount());
    }

    @Test
    void shouldLoadTheRepositoryPolicyAndHashItsBytes() throws Exception
    {
        final Path file = RepositoryFiles.repoFile("configs/risk_policy.yml");
        final RiskPolicy policy = RiskPolicy.load(file);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)), policy.policyHash());
        assertEquals(64, policy.policyHashHex().length());
        assertEquals(file.toString(), policy.source());
        assertTrue(policy.isForbidden("USDRUB"));
        assertEquals(120_000 * M, policy.defaults().maxTraceNotional());
        assertEquals(50_000, policy.defaults().priceCollarPpm());
        assertTrue(policy.maxOrdersPerSecond() > 0, "the rate limit is on");
        assertEquals(150 * M, policy.referencePrice("USDJPY"));
        assertEquals(0, policy.referencePrice("XAUUSD"));
        assertEquals(150_000 * M, policy.limitsFor("USDJPY").maxPositionNotional());
        assertTrue(policy.describe().contains("USDJPY {max_position_notional: 150000"), policy.describe());
    }

    @Test
    void shouldNameFileKeyValueAndWhatIsAllowed()
    {
        assertError("configs/risk_policy.yml: overrides.USDJPY.max_position_notional: -5 is invalid (must be a positive number)",
            MINIMAL + "overrides:\n  USDJPY:\n    max_position_notional: -5\n");
        assertError("configs/risk_policy.yml: default.max_order_qty: \"20000\" is invalid (must be a positive number)",
            Policies.minimalWith("max_order_qty: 20000", "max_order_qty: \"20000\""));
        assertError("configs/risk_policy.yml: default.max_order_qty: 0.0000001 is invalid (must be a positive number; " +
            "at most 6 decimal places)", Policies.minimalWith("max_order_qty: 20000", "max_order_qty: 0.0000001"));
        assertError("configs/risk_policy.yml: default.max_consecutive_losses: 2.5 is invalid (must be an integer from 1 to 1000000)",
            Policies.minimalWith("max_consecutive_losses: 3", "max_consecutive_losses: 2.5"));
    }

    @Test
    void shouldRejectUnknownKeysInsteadOfIgnoringThem()
    {
        final ConfigException error = assertThrows(ConfigException.class,
            () -> parse(MINIMAL + "  max_order_quantity: 5\n"));
        assertTrue(error.getMessage().startsWith(
            "configs/risk_policy.yml: default.max_order_quantity is not a known key (allowed: max_position_notional, "),
            error.getMessage());
        assertError("configs/risk_policy.yml: overrides.USDJPY.max_qty is not a known key (allowed: max_position_notional, " +
            "max_order_qty, max_trace_notional, trading_hours_utc, max_consecutive_losses, shrink_after_losses_pct, " +
            "price_collar_pct, venue)", MINIMAL + "overrides:\n  USDJPY:\n    max_qty: 5\n");
        assertError("configs/risk_policy.yml: limits is not a known key (allowed: default, overrides)",
            MINIMAL + "limits: {}\n");
    }

    @Test
    void shouldRequireTheSampleKeysInDefault()
    {
        assertError("configs/risk_policy.yml: default.max_order_qty is missing (must be a positive number of units)",
            Policies.minimalWith("  max_order_qty: 20000\n", ""));
        assertError("configs/risk_policy.yml: default is missing (a mapping with max_position_notional, max_order_qty, " +
            "trading_hours_utc, max_consecutive_losses, shrink_after_losses_pct)", "overrides: {}\n");
    }

    @Test
    void shouldKeepGlobalKeysOutOfOverrides()
    {
        assertError("configs/risk_policy.yml: overrides.USDJPY.forbidden_symbols is not allowed in an override " +
            "(it applies to all symbols: set it under default)", MINIMAL + "overrides:\n  USDJPY:\n    forbidden_symbols: []\n");
    }

    @Test
    void shouldValidateTradingWindows()
    {
        final String allowed = "(must be \"HH:MM-HH:MM\" in UTC with start before end, 24:00 allowed as an end; " +
            "a window may not wrap midnight: write \"22:00-24:00\" and \"00:00-02:00\")";
        assertError("configs/risk_policy.yml: default.trading_hours_utc[0]: \"22:00-02:00\" is invalid " + allowed,
            windows("\"22:00-02:00\""));
        assertError("configs/risk_policy.yml: default.trading_hours_utc[1]: \"00:00-24:30\" is invalid " + allowed,
            windows("\"08:00-09:00\", \"00:00-24:30\""));
        assertError("configs/risk_policy.yml: default.trading_hours_utc[0]: \"24:00-24:00\" is invalid " + allowed,
            windows("\"24:00-24:00\""));
        assertError("configs/risk_policy.yml: default.trading_hours_utc[0]: \"9:00-10:00\" is invalid " + allowed,
            windows("\"9:00-10:00\""));
        assertError("configs/risk_policy.yml: default.trading_hours_utc: [] is invalid (must list at least one " +
            "\"HH:MM-HH:MM\" UTC window; forbid a symbol with forbidden_symbols)", windows(""));
        final SymbolLimits allDay = parse(windows("\"00:00-24:00\"")).defaults();
        assertEquals(24 * 60, allDay.windowEndMinute(0));
    }

    @Test
    void shouldOpenWindowsAtTheirStartAndCloseThemAtTheirEnd()
    {
        final SymbolLimits limits = parse(windows("\"08:00-12:00\", \"13:30-24:00\"")).defaults();
        final long minute = SymbolLimits.MINUTE_NS;
        assertFalse(limits.isWithinTradingHours(8 * 60 * minute - 1));
        assertTrue(limits.isWithinTradingHours(8 * 60 * minute));
        assertTrue(limits.isWithinTradingHours(12 * 60 * minute - 1));
        assertFalse(limits.isWithinTradingHours(12 * 60 * minute));
        assertFalse(limits.isWithinTradingHours((13 * 60 + 29) * minute));
        assertTrue(limits.isWithinTradingHours((13 * 60 + 30) * minute));
        assertTrue(limits.isWithinTradingHours(24 * 60 * minute - 1));
        assertFalse(limits.isWithinTradingHours(0));
    }

    @Test
    void shouldValidatePercentagesAndRates()
    {
        assertError("configs/risk_policy.yml: default.shrink_after_losses_pct: 100 is invalid (must be a percentage above 0 " +
            "and below 100)", Policies.minimalWith("shrink_after_losses_pct: 50", "shrink_after_losses_pct: 100"));
        assertError("configs/risk_policy.yml: default.shrink_after_losses_pct: 0 is invalid (must be a percentage above 0 " +
            "and below 100)", Policies.minimalWith("shrink_after_losses_pct: 50", "shrink_after_losses_pct: 0"));
        assertEquals(125_000,
            parse(Policies.minimalWith("shrink_after_losses_pct: 50", "shrink_after_losses_pct: 12.5"))
                .defaults().shrinkAfterLossesPpm());
        assertError("configs/risk_policy.yml: default.max_orders_per_second: 0 is invalid (must be an integer from 1 to " +
            "1000000; leave it out to turn the rate limit off)", MINIMAL + "  max_orders_per_second: 0\n");
        assertError("configs/risk_policy.yml: default.price_collar_pct: -1 is invalid (must be a percentage above 0 and " +
            "at most 100; leave it out to turn the collar off)", MINIMAL + "  price_collar_pct: -1\n");
    }

    @Test
    void shouldRejectSymbolsThatCannotBeOnTheWire()
    {
        assertError("configs/risk_policy.yml: default.forbidden_symbols[1]: \"A|B\" is invalid (must be a list of symbols " +
            "(1 to 16 printable ASCII characters, no space or '|'))", MINIMAL + "  forbidden_symbols: [\"OK\", \"A|B\"]\n");
        assertError("configs/risk_policy.yml: overrides.THIS_SYMBOL_IS_TOO_LONG is not a valid symbol (1 to 16 printable " +
            "ASCII characters, no space or '|')", MINIMAL + "overrides:\n  THIS_SYMBOL_IS_TOO_LONG: {max_order_qty: 1}\n");
        final ConfigException booleanKey = assertThrows(ConfigException.class,
            () -> parse(MINIMAL + "overrides:\n  ON: {max_order_qty: 1}\n"));
        assertTrue(booleanKey.getMessage().startsWith("configs/risk_policy.yml: overrides: key true is invalid (keys must " +
            "be strings;"), booleanKey.getMessage());
    }

    @Test
    void shouldRefuseDuplicateKeysEmptyFilesAndMissingFiles()
    {
        final ConfigException duplicate = assertThrows(ConfigException.class,
            () -> parse(MINIMAL + "  max_order_qty: 1\n"));
        assertTrue(duplicate.getMessage().startsWith("configs/risk_policy.yml: is not valid YAML ("), duplicate.getMessage());
        assertError("configs/risk_policy.yml: is empty (must be a YAML mapping)", "# nothing\n");
        final ConfigException missing = assertThrows(ConfigException.class,
            () -> RiskPolicy.load(Path.of("no/such/risk_policy.yml")));
        assertTrue(missing.getMessage().startsWith("no/such/risk_policy.yml: cannot read the file (NoSuchFileException"),
            missing.getMessage());
    }

    private static String windows(final String list)
    {
        return Policies.minimalWith("trading_hours_utc: [\"00:00-22:00\"]", "trading_hours_utc: [" + list + "]");
    }

    private static RiskPolicy parse(final String yaml)
    {
        return RiskPolicy.parse("configs/risk_policy.yml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertError(final String expected, final String yaml)
    {
        final ConfigException error = assertThrows(ConfigException.class, () -> parse(yaml));
        assertEquals(expected, error.getMessage());
    }
}

package io.noctria.engine.config;

import io.noctria.engine.testing.PoisonYaml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile policy and engine files are refused, quickly, with a short message naming the file and what is wrong;
 * decimals are read exactly.
 */
class PoisonConfigTest
{
    private static final long M = 1_000_000L;
    private static final String POLICY_HEAD =
        "default:\n" +
        "  max_order_qty: 20000\n" +
        "  trading_hours_utc: [\"00:00-22:00\"]\n" +
        "  max_consecutive_losses: 3\n" +
        "  shrink_after_losses_pct: 50\n" +
        "  max_position_notional: ";

    @Test
    void shouldRefuseARecursiveAliasNamingFileLineAndColumn()
    {
        assertEquals("poison.yml: line 1, column 10: anchor &r is not allowed (anchors and aliases are refused in " +
            "configuration files; write each value out)", policyError(PoisonYaml.RECURSIVE_ALIAS));
        assertEquals("poison.yml: line 1, column 4: alias *x is not allowed (anchors and aliases are refused in " +
            "configuration files; write each value out)", engineError("a: *x\n"));
    }

    @Test
    void shouldRefuseABillionLaughsAtItsFirstAnchor()
    {
        assertEquals("poison.yml: line 1, column 5: anchor &a0 is not allowed (anchors and aliases are refused in " +
            "configuration files; write each value out)", policyError(PoisonYaml.BILLION_LAUGHS));
    }

    @Test
    void shouldRefuseNestingDeeperThanSixteen()
    {
        assertEquals("poison.yml: line 1, column 25: nesting is deeper than 16 levels of mappings and lists",
            policyError(PoisonYaml.DEEP_NESTING));
        // 16 levels (the root mapping is the first) parse, and fail on what they mean instead.
        final String sixteen = "default: " + "[".repeat(15) + "]".repeat(15) + "\n";
        assertTrue(policyError(sixteen).startsWith("poison.yml: default: "), policyError(sixteen));
    }

    @Test
    void shouldRefuseAnOversizedDocumentWithoutParsingIt(@TempDir final Path dir) throws Exception
    {
        assertEquals("poison.yml: is larger than the 65536 bytes a configuration file may have",
            policyError(PoisonYaml.OVERSIZED));
        // From a file, at most one byte past the limit is read: a huge file is refused without being loaded.
        final Path file = dir.resolve("huge.yml");
        Files.write(file, new byte[4 << 20]);
        final ConfigException error = assertThrows(ConfigException.class, () -> RiskPolicy.load(file));
        assertEquals(file + ": is larger than the 65536 bytes a configuration file may have", error.getMessage());
    }

    @Test
    void shouldNameTheFileAndCutEchoedValuesAndKeys()
    {
        final String message = policyError(PoisonYaml.LONG_KEY);
        assertTrue(message.startsWith("poison.yml: default." + "k".repeat(63) + "\u2026 is not a known key (allowed: "),
            message);
        final String longValue = policyError(POLICY_HEAD + "\"" + "v".repeat(10_000) + "\"\n");
        assertEquals("poison.yml: default.max_position_notional: \"" + "v".repeat(63) + "\u2026\" is invalid " +
            "(must be a positive number)", longValue);
        final ConfigException longSource = assertThrows(ConfigException.class,
            () -> RiskPolicy.parse("s".repeat(5_000), PoisonYaml.bytes(PoisonYaml.RECURSIVE_ALIAS)));
        assertEquals(ConfigException.MAX_MESSAGE_LENGTH, longSource.getMessage().length());
        assertTrue(longSource.getMessage().endsWith("\u2026"));
    }

    @Test
    void shouldRefuseEveryPoisonQuicklyWithABoundedMessageNamingTheFile()
    {
        for (final Map.Entry<String, String> poison : PoisonYaml.all().entrySet())
        {
            final List<Function<String, String>> parsers = List.of(PoisonConfigTest::policyError,
                PoisonConfigTest::engineError);
            for (final Function<String, String> parser : parsers)
            {
                final String message = assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                    () -> parser.apply(poison.getValue()), poison.getKey());
                assertTrue(message.startsWith("poison.yml: "), poison.getKey() + ": " + message);
                assertTrue(message.length() <= ConfigException.MAX_MESSAGE_LENGTH, poison.getKey() + ": " + message);
            }
        }
    }

    @Test
    void shouldReadDecimalsExactlyNeverThroughDouble()
    {
        assertEquals(Long.MAX_VALUE, notional("9223372036854.775807"), "the largest fixed-point value, to the unit");
        assertEquals(1_234_567_890_123_456_789L, notional("1234567890123.456789"), "a double would read ...4568");
        assertEquals(100_000L, notional("0.1"));
        assertEquals(1L, notional("0.000001"));
        assertEquals(1L, notional("1e-6"));
        assertEquals(1_000 * M + 1, notional("1_000.000001"));
        assertEquals(300_000L, notional("0.30"));
        assertEquals(300_000, EngineConfig.parse("poison.yml",
            PoisonYaml.bytes("broker_sim: {maker_probability: 0.30, reject_probability: 0.000001}\n"))
            .brokerSim().makerPpm());
        assertEquals(1, EngineConfig.parse("poison.yml",
            PoisonYaml.bytes("broker_sim: {reject_probability: 0.000001}\n")).brokerSim().rejectPpm());
    }

    @Test
    void shouldRefuseDecimalsOutOfRangeOrTooPreciseInsteadOfRounding()
    {
        assertEquals("poison.yml: default.max_position_notional: 9223372036854.775808 is invalid (must be a " +
            "positive number)", policyError(POLICY_HEAD + "9223372036854.775808\n"));
        assertEquals("poison.yml: default.max_position_notional: 0.0000001 is invalid (must be a positive number; " +
            "at most 6 decimal places)", policyError(POLICY_HEAD + "0.0000001\n"));
        assertEquals("poison.yml: default.max_position_notional: 1E+9999 is invalid (must be a positive number)",
            policyError(POLICY_HEAD + "1e9999\n"));
        assertEquals("poison.yml: default.max_position_notional: Infinity is invalid (must be a positive number)",
            policyError(POLICY_HEAD + ".inf\n"));
        assertEquals("poison.yml: broker_sim.maker_probability: 1.0000001 is invalid (must be a probability from " +
            "0 to 1; at most 6 decimal places)", engineError("broker_sim: {maker_probability: 1.0000001}\n"));
    }

    private static long notional(final String decimal)
    {
        return RiskPolicy.parse("poison.yml", PoisonYaml.bytes(POLICY_HEAD + decimal + "\n")).defaults()
            .maxPositionNotional();
    }

    private static String policyError(final String yaml)
    {
        return assertThrows(ConfigException.class, () -> RiskPolicy.parse("poison.yml", PoisonYaml.bytes(yaml)))
            .getMessage();
    }

    private static String engineError(final String yaml)
    {
        return assertThrows(ConfigException.class, () -> EngineConfig.parse("poison.yml", PoisonYaml.bytes(yaml)))
            .getMessage();
    }
}

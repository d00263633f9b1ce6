package io.noctria.engine.testing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hostile YAML documents that once halted the engine or exhausted its memory, shared by the parser, core and
 * process tests so each layer is tested against the same attacks.
 */
public final class PoisonYaml
{
    /** 18 bytes: a list that contains itself; building or printing it recursed until StackOverflowError. */
    public static final String RECURSIVE_ALIAS = "default: &r [[*r]]";

    /** Nine levels of nine aliases each: 9^9 strings once expanded, from a few hundred bytes. */
    public static final String BILLION_LAUGHS = billionLaughs();

    /** A list nested 100 deep: the composer and constructor recurse once per level. */
    public static final String DEEP_NESTING = "default: " + "[".repeat(100) + "]".repeat(100) + "\n";

    /** A valid-looking policy padded past the 64 KiB a configuration file may have. */
    public static final String OVERSIZED = "# padding\n".repeat(7_000) +
        "default:\n  max_position_notional: 100000\n  max_order_qty: 20000\n" +
        "  trading_hours_utc: [\"00:00-22:00\"]\n  max_consecutive_losses: 3\n  shrink_after_losses_pct: 50\n";

    /** An unknown key of 1,000 characters (YAML's longest plain key is 1,024): the refusal must not echo it whole. */
    public static final String LONG_KEY = "default:\n  " + "k".repeat(1_000) + ": 1\n";

    private PoisonYaml()
    {
    }

    /** @return every poison document by name, in a fixed order. */
    public static Map<String, String> all()
    {
        final Map<String, String> documents = new LinkedHashMap<>();
        documents.put("recursive alias", RECURSIVE_ALIAS);
        documents.put("billion laughs", BILLION_LAUGHS);
        documents.put("100-deep nesting", DEEP_NESTING);
        documents.put("oversized document", OVERSIZED);
        documents.put("1,000-character key", LONG_KEY);
        return documents;
    }

    /** @return the UTF-8 bytes of {@code document}. */
    public static byte[] bytes(final String document)
    {
        return document.getBytes(StandardCharsets.UTF_8);
    }

    private static String billionLaughs()
    {
        final StringBuilder yaml = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int level = 1; level <= 8; level++)
        {
            yaml.append('a').append(level).append(": &a").append(level).append(" [");
            for (int i = 0; i < 9; i++)
            {
                yaml.append(i == 0 ? "" : ",").append("*a").append(level - 1);
            }
            yaml.append("]\n");
        }
        return yaml.append("default: [*a8,*a8,*a8,*a8,*a8,*a8,*a8,*a8,*a8]\n").toString();
    }
}

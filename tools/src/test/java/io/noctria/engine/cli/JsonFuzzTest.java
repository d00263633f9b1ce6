package io.noctria.engine.cli;

import io.noctria.codecs.MessageValidator;
import io.noctria.codecs.sbe.OrderRequestDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import io.noctria.engine.testing.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Seeded fuzzing of the submit path's decoders ({@link JsonLines} then {@link OrderRequestJson}): valid
 * request lines mutated by bit flips, byte swaps, deletions, duplications, truncation, splices and inserted
 * JSON tokens. Every input must come out as encoded requests that are valid SBE, or as a refusal with a
 * reason and a message, within a bounded time; any other exception is a defect.
 * <p>
 * CI runs {@value #DEFAULT_INPUTS} inputs with a fixed seed; the soak profile ({@code mvn -B verify -Psoak})
 * runs {@value #SOAK_INPUTS}. Any length:
 * {@code mvn -o -pl engine -am verify -Dtest=JsonFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dnoctria.fuzz.inputs=2000000 -Dnoctria.fuzz.seed=N}. A failure names the seed, the input number and the bytes.
 */
class JsonFuzzTest
{
    static final int DEFAULT_INPUTS = 40_000;
    static final int SOAK_INPUTS = 1_000_000;
    private static final long DEFAULT_SEED = 20_261_122L;
    private static final long SLOW_INPUT_NS = TimeUnit.SECONDS.toNanos(1);

    private static final String[] SEEDS = {
        "{\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":100,\"price\":150.25,\"trace_id\":\"t-1\",\"strategy\":\"momo\"," +
            "\"ts\":\"2026-11-22T04:20:00Z\"}",
        "{\"symbol\":\"EURJPY\",\"side\":\"sell\",\"qty\":\"0.5\",\"price\":160.125,\"order_type\":\"LIMIT\",\"tif\":\"IOC\"," +
            "\"trace_id\":\"t-3\",\"ts\":\"2026-11-22T13:20:00+09:00\",\"missing_ratio\":0.05,\"data_lag_ms\":250," +
            "\"idempotency_key\":\"" + "ab".repeat(32) + "\"}",
        "{\"symbol\":\"GBPJPY\",\"side\":\"BUY\",\"qty\":1,\"price\":190,\"trace_id\":\"t-9\",\"strategy\":null," +
            "\"idempotency_key\":null,\"order_type\":\"market\",\"tif\":\"gtc\",\"ts\":\"2026-01-06T10:00:00.123456789Z\"}",
    };
    private static final String STRUCTURAL = "{}[]\":,.-+e0123456789 \\aZ";
    private static final String[] TOKENS = {
        "null", "true", "false", "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\ud800", "0", "-0", "01", "1e309",
        "-1", "99999999999999999999999", "1.0000001", "NaN", "\"qty\"", "\"qty\":", "\"side\":\"HOLD\"", "\"ts\":\"\"",
        "\"extra\":{\"a\":[1,2,{}]}", "\u00e9", "\u30e6", "\ud83d\udcb4", "\r", "\n", "\t", "  ", "\"\"",
        "[[[[[[[[[[[[[[[[", "]]]]]]]]", "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{}}}}}}}}",
    };

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldAcceptOrRefuseEveryMutatedLineWithAReason() throws IOException
    {
        fuzz(Integer.getInteger("noctria.fuzz.inputs", DEFAULT_INPUTS), Long.getLong("noctria.fuzz.seed", DEFAULT_SEED));
    }

    /** The long run ({@code -Psoak}): {@value #SOAK_INPUTS} inputs, seed as in CI unless -Dnoctria.seed says otherwise. */
    @Test
    @Tag("soak")
    @Timeout(value = 3_600, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldAcceptOrRefuseEveryMutatedLineWithAReasonOverTheLongRun() throws IOException
    {
        fuzz(Integer.getInteger("noctria.soak.fuzz.inputs", SOAK_INPUTS), Seeds.seed(DEFAULT_SEED));
    }

    private void fuzz(final int inputs, final long seed) throws IOException
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final OrderRequestJson json = new OrderRequestJson();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final MessageValidator validator = new MessageValidator();
        final byte[][] seeds = new byte[SEEDS.length][];
        for (int i = 0; i < SEEDS.length; i++)
        {
            seeds[i] = SEEDS[i].getBytes(StandardCharsets.UTF_8);
        }
        long accepted = 0;
        long refused = 0;
        long unreadable = 0;
        for (int n = 0; n < inputs; n++)
        {
            final byte[] input = mutate(random, seeds);
            final String where = "seed " + seed + ", input " + n + ": " + HexFormat.of().formatHex(input);
            final long startNs = System.nanoTime();
            try
            {
                final JsonLines lines = new JsonLines(new ByteArrayInputStream(input));
                while (lines.next())
                {
                    if (lines.line() == null)
                    {
                        assertFalse(lines.error().isEmpty(), where);
                        unreadable++;
                        continue;
                    }
                    if (lines.line().isBlank())
                    {
                        continue;
                    }
                    try
                    {
                        final int length = json.encode(lines.line(), buffer, 0);
                        assertTrue(validator.validate(buffer, 0, length), where + ": " + validator.detail());
                        assertEquals(OrderRequestDecoder.TEMPLATE_ID, validator.templateId(), where);
                        accepted++;
                    }
                    catch (final OrderRequestJson.InvalidRequest ex)
                    {
                        assertNotNull(ex.reason(), where);
                        assertNotNull(ex.getMessage(), where);
                        assertFalse(ex.getMessage().isBlank(), where);
                        refused++;
                    }
                }
            }
            catch (final RuntimeException | IOException ex)
            {
                throw new AssertionError("unexpected " + ex + " at " + where, ex);
            }
            final long tookNs = System.nanoTime() - startNs;
            assertTrue(tookNs < SLOW_INPUT_NS, "took " + tookNs / 1_000_000 + " ms at " + where);
        }
        assertTrue(accepted > inputs / 100, "the mutations must leave some lines valid: accepted " + accepted);
        assertTrue(refused > inputs / 2, "refused " + refused);
        assertTrue(unreadable > 0, "some inputs must not even be UTF-8: " + unreadable);
    }

    /** One to four stacked mutations of a seed line; one input in 16 is plain noise. */
    static byte[] mutate(final SplittableRandom random, final byte[][] seeds)
    {
        if (random.nextInt(16) == 0)
        {
            final byte[] noise = new byte[random.nextInt(300)];
            for (int i = 0; i < noise.length; i++)
            {
                noise[i] = (byte)random.nextInt(256);
            }
            return noise;
        }
        byte[] bytes = seeds[random.nextInt(seeds.length)].clone();
        final int count = 1 + random.nextInt(4);
        for (int m = 0; m < count; m++)
        {
            bytes = mutateOnce(random, seeds, bytes);
        }
        return bytes;
    }

    private static byte[] mutateOnce(final SplittableRandom random, final byte[][] seeds, final byte[] bytes)
    {
        final int length = bytes.length;
        final int at = length == 0 ? 0 : random.nextInt(length);
        switch (random.nextInt(8))
        {
            case 0: // bit flip
                if (length > 0)
                {
                    bytes[at] ^= (byte)(1 << random.nextInt(8));
                }
                return bytes;
            case 1: // printable or structural byte
                if (length > 0)
                {
                    bytes[at] = (byte)STRUCTURAL.charAt(random.nextInt(STRUCTURAL.length()));
                }
                return bytes;
            case 2: // delete a range
            {
                final int end = Math.min(length, at + 1 + random.nextInt(12));
                return concat(slice(bytes, 0, at), slice(bytes, end, length));
            }
            case 3: // duplicate a range
            {
                final int end = Math.min(length, at + 1 + random.nextInt(24));
                return concat(slice(bytes, 0, end), slice(bytes, at, length));
            }
            case 4: // truncate
                return slice(bytes, 0, at);
            case 5: // splice with another seed
            {
                final byte[] other = seeds[random.nextInt(seeds.length)];
                final int from = random.nextInt(other.length);
                return concat(slice(bytes, 0, at), slice(other, from, other.length));
            }
            case 6: // insert a JSON token
            {
                final byte[] token = TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
                return concat(concat(slice(bytes, 0, at), token), slice(bytes, at, length));
            }
            default: // any byte
                if (length > 0)
                {
                    bytes[at] = (byte)random.nextInt(256);
                }
                return bytes;
        }
    }

    private static byte[] slice(final byte[] bytes, final int from, final int to)
    {
        return java.util.Arrays.copyOfRange(bytes, from, Math.max(from, to));
    }

    private static byte[] concat(final byte[] a, final byte[] b)
    {
        final byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

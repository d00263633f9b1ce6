package io.noctria.engine.core;

import io.noctria.engine.testing.Seeds;
import io.noctria.codecs.sbe.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;

import static io.noctria.engine.core.CoreFixture.ts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Known vectors computed independently with Python's hmac module:
 * {@code hmac.new(secret, f"{symbol}|{side}|{qty:.6f}|{ts:%Y-%m-%dT%H:%MZ}|{trace}".encode(), sha256).hexdigest()}.
 */
class IdempotencyKeysTest
{
    private static final byte[] SECRET = "noctria-test-secret".getBytes(StandardCharsets.US_ASCII);

    /**
     * Python vectors: a whole qty at a sub-minute ts, the smallest qty on the exact minute of a leap day, the last
     * nanosecond of a year floored to its own minute, a new day at midnight, a large fractional qty with a
     * 64-character trace.
     */
    static Stream<Arguments> pythonVectors()
    {
        final String trace64 = "x".repeat(64);
        return Stream.of(
            Arguments.of("USDJPY", Side.BUY, 1_000_000_000L, 1_736_933_445_123_456_789L, "trace-0001",
                "823e57b109ec66c12683273f774b73ccc94751d1348eb01bef9255ca5b368e72",
                "USDJPY|BUY|1000.000000|2025-01-15T09:30Z|trace-0001"),
            Arguments.of("EURUSD", Side.SELL, 1L, ts("2024-02-29T23:59:00Z"), "t",
                "82633c5c5e9b74a73b820a1f564c39459ad3d0d20f8c80bc9d920e8646327204",
                "EURUSD|SELL|0.000001|2024-02-29T23:59Z|t"),
            Arguments.of("USDJPY", Side.SELL, 2_500_500_000L, ts("2024-12-31T23:59:59.999999999Z"), "trace-eoy",
                "34b2074a5869172eeb3d936385f6adf56f1ed0738a0867333af2ff62e8788587",
                "USDJPY|SELL|2500.500000|2024-12-31T23:59Z|trace-eoy"),
            Arguments.of("USDJPY", Side.BUY, 2_500_500_000L, ts("2025-01-01T00:00:00Z"), "trace-eoy",
                "ca456bb19f7d358d521fcf349d45f37c3a43f8b88dc3d455465f63f82c304f30",
                "USDJPY|BUY|2500.500000|2025-01-01T00:00Z|trace-eoy"),
            Arguments.of("GBPJPY", Side.BUY, 123_456_789_123_456L, ts("2025-06-30T23:59:59.999Z"), trace64,
                "5a58e1f73ed647fbc8b1a8f33c992305d1ac60f666306cfd5a7d2a9ccb077130",
                "GBPJPY|BUY|123456789.123456|2025-06-30T23:59Z|" + trace64));
    }

    @ParameterizedTest(name = "{6}")
    @MethodSource("pythonVectors")
    void shouldMatchPythonVector(final String symbol, final Side side, final long qty, final long tsNs,
        final String trace, final String expectedHex, final String expectedMessage)
    {
        final IdempotencyKeys keys = new IdempotencyKeys(SECRET);
        assertEquals(expectedHex, keys.computeHex(symbol, side, qty, tsNs, trace));
        assertEquals(expectedMessage, keys.lastMessage());
    }

    @Test
    void shouldHashSecretsLongerThanOneBlockFirstLikeRfc2104()
    {
        final IdempotencyKeys keys = new IdempotencyKeys("k".repeat(100).getBytes(StandardCharsets.US_ASCII));
        assertEquals("bea079c0d774eb85be00e7e387c0c636f99ca07d8f84a471ade0a18a3d272bae",
            keys.computeHex("BTCUSD", Side.SELL, 150_250_000L, ts("2030-03-01T00:00:59.999999999Z"), "trace-long-secret"));
    }

    @Test
    void shouldAcceptBinarySecretAndPipeInsideTraceId()
    {
        final IdempotencyKeys keys = new IdempotencyKeys(new byte[]{0, 1, 2, 's', 'e', 'c', 'r', 'e', 't'});
        assertEquals("645bc7cda741a86da729781e7f6558984fe9050f5bc378cec23b8feff80a0c7f",
            keys.computeHex("XAUUSD", Side.BUY, 999_999_999_999L, ts("2000-01-01T12:34:56Z"), "a|b"));
        assertEquals("XAUUSD|BUY|999999.999999|2000-01-01T12:34Z|a|b", keys.lastMessage());
    }

    @Test
    void shouldAgreeWithJavaxCryptoMacOnRandomInputs() throws Exception
    {
        final long seed = Seeds.seed(20_261_207L);
        final Random random = new Random(seed);
        final byte[] secret = new byte[1 + random.nextInt(150)];
        random.nextBytes(secret);
        final IdempotencyKeys keys = new IdempotencyKeys(secret);
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        final byte[] key = new byte[32];
        for (int i = 0; i < 500; i++)
        {
            final String symbol = "S" + random.nextInt(100_000);
            final String trace = "trace-" + Long.toHexString(random.nextLong());
            final long qty = 1 + (random.nextLong() >>> 14);
            final long tsNs = 1 + (random.nextLong() >>> 1);
            final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            final byte[] symbolBytes = symbol.getBytes(StandardCharsets.US_ASCII);
            final byte[] traceBytes = trace.getBytes(StandardCharsets.US_ASCII);
            keys.compute(symbolBytes, symbolBytes.length, side, qty, tsNs, traceBytes, traceBytes.length, key, 0);
            final byte[] expected = mac.doFinal(keys.lastMessage().getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(expected, key, "seed " + seed + " message " + keys.lastMessage());
            final java.time.Instant instant = java.time.Instant.ofEpochSecond(0, tsNs);
            final String minute = instant.toString().substring(0, 16) + "Z";
            final String qtyText = java.math.BigDecimal.valueOf(qty, 6).toPlainString();
            assertEquals(symbol + "|" + side + "|" + qtyText + "|" + minute + "|" + trace, keys.lastMessage(),
                "seed " + seed);
        }
    }

    @Test
    void shouldNeverRevealTheSecretInToString()
    {
        final IdempotencyKeys keys = new IdempotencyKeys("super-secret-value".getBytes(StandardCharsets.US_ASCII));
        assertFalse(keys.toString().contains("super-secret-value"));
        assertTrue(keys.toString().contains("redacted"));
    }

    @Test
    void shouldRefuseAnEmptySecret()
    {
        assertThrows(IllegalArgumentException.class, () -> new IdempotencyKeys(new byte[0]));
    }

    @Test
    void shouldComputeWithoutAllocating()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final IdempotencyKeys keys = new IdempotencyKeys(SECRET);
        final byte[] symbol = "USDJPY".getBytes(StandardCharsets.US_ASCII);
        final byte[] trace = "trace-allocation".getBytes(StandardCharsets.US_ASCII);
        final byte[] key = new byte[32];
        for (int i = 0; i < 20_000; i++)
        {
            keys.compute(symbol, symbol.length, Side.BUY, i + 1, 1_736_933_445_000_000_000L + i, trace, trace.length, key, 0);
        }
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 10_000; i++)
        {
            keys.compute(symbol, symbol.length, Side.SELL, i + 1, 1_736_933_445_000_000_000L + i, trace, trace.length, key, 0);
        }
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over 10000 keys");
    }
}

package io.noctria.engine.core;

import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;
import io.noctria.engine.testing.Seeds;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The idempotency key's message and the request's canonical text are a contract with producers: the direct encoding
 * ({@link CanonicalText}) must give exactly the bytes the old {@link AsciiText} formatting gave
 * ({@link LegacyCanonicalText}) for any request, and so the same HMAC as {@code javax.crypto.Mac} over those bytes.
 * Seeded random requests cover the whole range of every number (negative, 0, Long.MIN_VALUE and MAX_VALUE, every
 * digit count), every enum value, binary and over-long text (cut at the capacity), absent keys, and runs of requests
 * in one minute and across minute, day and year boundaries (the minute text is cached).
 */
class CanonicalTextPropertyTest
{
    private static final int REQUESTS = 200_000;
    private static final long[] EDGES = {
        0, 1, -1, 9, 10, 99, 100, 999_999, 1_000_000, 1_000_001, -999_999, -1_000_000, Long.MAX_VALUE,
        Long.MAX_VALUE - 1, Long.MIN_VALUE, Long.MIN_VALUE + 1, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L,
        -999_999_999_999_999_999L, -1_000_000_000_000_000_000L, 59_999_999_999L, 60_000_000_000L, 86_399_999_999_999L,
        // 2024-12-31T23:59:59.999999999Z and the next nanosecond, 2024-02-29T00:00Z (leap day)
        1_735_689_599_999_999_999L, 1_735_689_600_000_000_000L, 1_709_164_800_000_000_000L,
    };

    @Test
    void shouldEncodeExactlyTheOldKeyMessageAndItsHmac() throws Exception
    {
        final SeededRun run = new SeededRun(20_261_204L, 1);
        final Random random = run.random;
        final byte[] key = new byte[IdempotencyKeys.KEY_LENGTH];
        long tsNs = 0;
        for (int i = 0; i < REQUESTS; i++)
        {
            final byte[] symbol = text(random, 16);
            final byte[] trace = text(random, 64);
            final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            final long qty = number(random);
            tsNs = nextTs(random, tsNs);
            run.keys.compute(symbol, symbol.length, side, qty, tsNs, trace, trace.length, key, 0);
            run.assertSame(run.legacy.keyMessage(symbol, symbol.length, side, qty, tsNs, trace, trace.length),
                run.keys.lastMessage(), key, i);
        }
    }

    @Test
    void shouldEncodeExactlyTheOldAuthTextAndItsHmac() throws Exception
    {
        final SeededRun run = new SeededRun(20_261_205L, IdempotencyKeys.MIN_SECRET_LENGTH);
        final Random random = run.random;
        final byte[] tag = new byte[IdempotencyKeys.TAG_LENGTH];
        final TimeInForce[] tifs = TimeInForce.values();
        long tsNs = 0;
        for (int i = 0; i < REQUESTS; i++)
        {
            final byte[] symbol = text(random, 16);
            final byte[] trace = text(random, 64);
            final byte[] strategy = random.nextInt(4) == 0 ? new byte[0] : text(random, 32);
            final byte[] carriedKey = random.nextBoolean() ? null : new byte[IdempotencyKeys.KEY_LENGTH];
            if (null != carriedKey)
            {
                random.nextBytes(carriedKey);
            }
            final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            final OrderType orderType = random.nextBoolean() ? OrderType.LIMIT : OrderType.MARKET;
            final TimeInForce tif = tifs[random.nextInt(tifs.length)];
            final long qty = number(random);
            final long price = number(random);
            final long missingRatio = number(random);
            final long dataLagMs = number(random);
            tsNs = nextTs(random, tsNs);
            run.keys.authTag(symbol, symbol.length, side, qty, price, orderType, tif, tsNs, trace, trace.length,
                strategy, strategy.length, carriedKey, missingRatio, dataLagMs, tag, 0);
            run.assertSame(run.legacy.authMessage(symbol, symbol.length, side, qty, price, orderType, tif, tsNs, trace,
                trace.length, strategy, strategy.length, carriedKey, missingRatio, dataLagMs), run.keys.lastAuthMessage(),
                tag, i);
        }
    }

    @Test
    void shouldCountDigitsOfEveryMagnitude()
    {
        long power = 1;
        for (int digits = 1; digits <= 19; digits++, power *= 10)
        {
            assertEquals(digits, CanonicalText.digitCount(power), "10^" + (digits - 1));
            assertEquals(digits, CanonicalText.digitCount(power * 10 - 1 < 0 ? Long.MAX_VALUE : power * 10 - 1),
                "10^" + digits + " - 1");
        }
        assertEquals(1, CanonicalText.digitCount(0));
    }

    /** Mostly short printable ASCII; sometimes any bytes, empty, or longer than both capacities together. */
    private static byte[] text(final Random random, final int usualMax)
    {
        final int shape = random.nextInt(20);
        final int length = 0 == shape ? 0 : 1 == shape ? 200 + random.nextInt(400) : 1 + random.nextInt(usualMax);
        final byte[] bytes = new byte[length];
        if (2 == shape)
        {
            random.nextBytes(bytes);
            return bytes;
        }
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(0x21 + random.nextInt(0x5E));
        }
        return bytes;
    }

    /** Any long: an edge, a fixed-point value of typical size, or any magnitude of either sign. */
    private static long number(final Random random)
    {
        switch (random.nextInt(4))
        {
            case 0:
                return EDGES[random.nextInt(EDGES.length)];
            case 1:
                return random.nextInt(1_000_000_000) * (long)random.nextInt(1_000_000);
            case 2:
                return random.nextLong();
            default:
                final long magnitude = random.nextLong() >>> random.nextInt(64);
                return random.nextBoolean() ? magnitude : -magnitude;
        }
    }

    /** Mostly a little after the last ts (the minute cache's hit and its boundaries), sometimes anywhere. */
    private static long nextTs(final Random random, final long lastTs)
    {
        switch (random.nextInt(8))
        {
            case 0:
                return EDGES[random.nextInt(EDGES.length)];
            case 1:
                return number(random);
            case 2:
                return lastTs - random.nextInt(1_000_000);
            default:
                final long next = lastTs + random.nextInt(30_000_000) * 1_000L;
                return next < lastTs ? lastTs : next;
        }
    }

    /** One seeded run: the keys under a random secret, and the old formatting and javax.crypto.Mac to check them. */
    private static final class SeededRun
    {
        final long seed;
        final Random random;
        final IdempotencyKeys keys;
        final LegacyCanonicalText legacy = new LegacyCanonicalText();
        final Mac mac;

        SeededRun(final long fixedSeed, final int minSecretLength) throws Exception
        {
            seed = Seeds.seed(fixedSeed);
            random = new Random(seed);
            final byte[] secret = new byte[minSecretLength + random.nextInt(100)];
            random.nextBytes(secret);
            keys = new IdempotencyKeys(secret);
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        }

        /** The new text must be the old bytes (read one char per byte), and its HMAC the Mac's over them. */
        void assertSame(final byte[] oldBytes, final String newText, final byte[] newHmac, final int request)
        {
            final String oldText = new String(oldBytes, StandardCharsets.ISO_8859_1);
            final String where = Seeds.describe(seed) + ", request " + request + ": " + oldText;
            assertEquals(oldText, newText, where);
            assertArrayEquals(mac.doFinal(oldBytes), newHmac, where);
        }
    }
}

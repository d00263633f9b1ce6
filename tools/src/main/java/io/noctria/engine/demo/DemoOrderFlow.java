package io.noctria.engine.demo;

import io.noctria.codecs.Decimals;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.core.ControlSignatures;
import io.noctria.engine.core.IdempotencyKeys;
import io.noctria.journal.Journal;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.function.LongSupplier;
import java.util.SplittableRandom;

/**
 * Writes a seeded, reproducible day of order flow into the inbound queue for {@code run --demo}.
 * <p>
 * The flow walks one trading day of request time (2026-01-05 00:00 to 22:30 UTC) and mixes: normal
 * mean-reverting flow on a few JPY crosses with random-walk prices; exact duplicates, adjacent and
 * ~1000 requests apart; oversized orders (max qty clamp, position clamp/reject); multi-order traces
 * (max notional per trace); off-collar limit prices; bursts in one second (order rate limit); bad
 * data quality (scale and flat); a forbidden symbol; off-hours requests (the last 30 minutes);
 * requests carrying a correct or a forged idempotency key; invalid requests and garbage excerpts; and
 * the trading pause switched on and off by an operator (signed with the demo operator's key). Losing round trips come from the simulated
 * broker's adverse slippage and the price walk, which exercises the loss-streak shrink.
 * <p>
 * Same seed and count → the same inbound bytes, except the two controls' submittedNs and signatures.
 */
public final class DemoOrderFlow
{
    /** Request time of the first request: Monday 2026-01-05T00:00:00Z. */
    public static final long DAY_START_NS = 1_767_571_200_000_000_000L;
    private static final long SPAN_NS = (22L * 3600 + 1800) * 1_000_000_000L;
    private static final String[] SYMBOLS = { "USDJPY", "EURJPY", "GBPJPY", "AUDJPY" };
    private static final long[] START_PRICES = { 150_000_000L, 162_000_000L, 190_000_000L, 97_000_000L };
    private static final int FAR_DUPLICATE_DISTANCE = 1000;

    private final long seed;
    private final int count;
    private final IdempotencyKeys keys;
    private final String operator;
    private final PrivateKey operatorKey;
    private final LongSupplier wallClockNs;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final OrderRequestEncoder request = new OrderRequestEncoder();
    private final byte[][] history = new byte[FAR_DUPLICATE_DISTANCE][];
    private final long[] mid = START_PRICES.clone();
    private final long[] position = new long[SYMBOLS.length];
    private final byte[] key = new byte[32];

    private long requests;
    private long excerpts;

    /**
     * @param seed  drives every choice.
     * @param count order requests to write (duplicates and invalid ones included).
     * @param keys  computes the keys some requests carry (the demo secret's).
     * @param operator    the demo operator's name, whose key signs the pause drill's controls.
     * @param operatorKey its Ed25519 private key (the engine trusts its public key for the demo).
     * @param wallClockNs stamps the controls' submittedNs: a control must be fresh when the engine takes it
     *                    (controls.max_age_ms), so the drill's two controls carry the time they are written,
     *                    not the flow's request time. Everything else stays a function of seed and count.
     */
    public DemoOrderFlow(final long seed, final int count, final IdempotencyKeys keys, final String operator,
        final PrivateKey operatorKey, final LongSupplier wallClockNs)
    {
        this.seed = seed;
        this.count = count;
        this.keys = keys;
        this.operator = operator;
        this.operatorKey = operatorKey;
        this.wallClockNs = wallClockNs;
    }

    /**
     * Appends the whole flow to {@code inbound}.
     *
     * @return the number of excerpts written (requests, controls and garbage).
     */
    public long writeTo(final Journal inbound)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final long stepNs = Math.max(1_000_000L, SPAN_NS / Math.max(1, count));
        final int pauseOnAt = (int)(count * 0.40);
        final int pauseOffAt = (int)(count * 0.45);
        final int burstAt = count >= 2_000 ? (int)(count * 0.25) : -1;
        // Over twice max_orders_per_second (100): the burst alternates sides, and only the reducing half is sure to
        // reach the rate check (the other half meets the position limit when fills have brought the symbol to it,
        // which depends on how fast the venue answered); 150 left the rate rule unfired in a loaded CI run.
        final int burstSize = 250;
        final int offHoursFrom = count - Math.min(3_000, Math.max(5, count / 200)); // 22:40 + 50 min at most
        int i = 0;
        while (i < count)
        {
            final long tsNs = i >= offHoursFrom ?
                DAY_START_NS + SPAN_NS + (i - offHoursFrom) * 1_000_000_000L + 600_000_000_000L : // 22:40 on, 1 s apart
                DAY_START_NS + i * stepNs;
            if (i == 0 && count > 1)
            {
                // The day's first request: EURJPY's max_order_qty clamp (500 units) with nothing else able to bind
                // yet (no position, no loss streak, 500 x 162 inside the position and trace limits). Later oversized
                // orders meet whatever position and streak the venue's fills have made by then.
                write(inbound, SYMBOLS[1], Side.BUY, 1_000 * Decimals.SCALE, mid[1], OrderType.MARKET,
                    "demo-" + seed + "-first", tsNs, 0, 0, false);
                position[1] += 500;
                i++;
                continue;
            }
            if (i == pauseOnAt)
            {
                control(inbound, ControlAction.PAUSE_ON, "demo: operator halts trading (drill)");
            }
            if (i == pauseOffAt)
            {
                control(inbound, ControlAction.PAUSE_OFF, "demo: drill over, trading resumes");
            }
            if (i == burstAt)
            {
                for (int b = 0; b < burstSize && i < count; b++, i++)
                {
                    // Small alternating orders in one second of request time: only the rate limit can stop them.
                    final int s = 0;
                    write(inbound, SYMBOLS[s], (b & 1) == 0 ? Side.BUY : Side.SELL, 1_000_000L, mid[s], OrderType.MARKET,
                        "demo-" + seed + "-burst-" + b, DAY_START_NS + burstAt * stepNs, 0, 0, false);
                }
                continue;
            }
            final int dice = random.nextInt(1000);
            if (dice < 20 && requests > 0)
            {
                rewrite(inbound, history[(int)((requests - 1) % FAR_DUPLICATE_DISTANCE)]); // adjacent exact duplicate
            }
            else if (dice < 30 && requests >= FAR_DUPLICATE_DISTANCE)
            {
                rewrite(inbound, history[(int)(requests % FAR_DUPLICATE_DISTANCE)]); // the request 1000 ago, again
            }
            else if (dice < 35)
            {
                invalid(inbound, random, i, tsNs);
            }
            else if (dice < 37)
            {
                garbage(inbound, random);
            }
            else
            {
                normal(inbound, random, i, tsNs, dice);
            }
            i++;
        }
        return excerpts;
    }

    /** @return order requests written (valid or not). */
    public long requests()
    {
        return requests;
    }

    private void normal(final Journal inbound, final SplittableRandom random, final int i, final long tsNs, final int dice)
    {
        final int s = pickSymbol(random);
        // A small random walk of the mid price: +-0.05% per step.
        mid[s] = Math.max(1_000_000L, mid[s] + mid[s] / 2000 * (random.nextInt(3) - 1));
        final Side side = position[s] > 0 ? (random.nextInt(10) < 7 ? Side.SELL : Side.BUY) :
            position[s] < 0 ? (random.nextInt(10) < 7 ? Side.BUY : Side.SELL) :
            (random.nextBoolean() ? Side.BUY : Side.SELL);
        long qty = (1 + random.nextInt(40)) * Decimals.SCALE;
        long price = mid[s];
        OrderType type = random.nextInt(4) == 0 ? OrderType.LIMIT : OrderType.MARKET;
        String symbol = SYMBOLS[s];
        String trace = "demo-" + seed + "-" + i;
        int missingPpm = 0;
        long lagMs = random.nextInt(200);
        boolean withKey = random.nextInt(10) == 0;

        if (dice < 41)
        {
            // EURJPY's tighter max_order_qty (500) binds: 500 units are inside its position limit when flat.
            symbol = SYMBOLS[1];
            final Side reducing = position[1] > 0 ? Side.SELL : Side.BUY;
            qty = (600 + random.nextInt(900)) * Decimals.SCALE;
            position[1] += reducing == Side.BUY ? 500 : -500;
            write(inbound, symbol, reducing, qty, mid[1], type, trace, tsNs, missingPpm, lagMs, withKey);
            return;
        }
        if (dice < 45)
        {
            qty = (25_000 + random.nextInt(50_000)) * Decimals.SCALE; // > max_order_qty: clamp, then position
        }
        else if (dice < 55)
        {
            trace = "demo-" + seed + "-chain-" + (i / 8); // child orders of one decision chain
            qty = (150 + random.nextInt(150)) * Decimals.SCALE;
        }
        else if (dice < 60)
        {
            type = OrderType.LIMIT;
            price = mid[s] + (random.nextBoolean() ? 1 : -1) * mid[s] / 10; // 10% off: outside the collar
        }
        else if (dice < 90)
        {
            missingPpm = 50_000 + random.nextInt(150_000); // SCALE band
        }
        else if (dice < 100)
        {
            missingPpm = 200_000 + random.nextInt(300_000); // FLAT
        }
        else if (dice < 120)
        {
            lagMs = 500 + random.nextInt(1_500); // SCALE band
        }
        else if (dice < 130)
        {
            lagMs = 2_000 + random.nextInt(10_000); // FLAT
        }
        else if (dice < 135)
        {
            symbol = "USDRUB"; // forbidden
        }
        else if (dice == 136)
        {
            qty = 1_000_000_000L * Decimals.SCALE;
            price = 1_000_000_000L * Decimals.SCALE; // notional beyond 64-bit fixed point
            type = OrderType.LIMIT;
            symbol = "AUDJPY";
        }
        position[s] += side == Side.BUY ? qty / Decimals.SCALE : -qty / Decimals.SCALE;
        write(inbound, symbol, side, qty, price, type, trace, tsNs, missingPpm, lagMs, withKey);
    }

    private int pickSymbol(final SplittableRandom random)
    {
        final int p = random.nextInt(100);
        return p < 45 ? 0 : p < 70 ? 1 : p < 90 ? 2 : 3;
    }

    private void invalid(final Journal inbound, final SplittableRandom random, final int i, final long tsNs)
    {
        final String trace = "demo-" + seed + "-bad-" + i;
        switch (random.nextInt(5))
        {
            case 0:
                write(inbound, "USDJPY", Side.BUY, 0, mid[0], OrderType.MARKET, trace, tsNs, 0, 0, false); // zero qty
                break;
            case 1:
                write(inbound, "EURJPY", Side.SELL, Decimals.SCALE, -5, OrderType.LIMIT, trace, tsNs, 0, 0, false);
                break;
            case 2:
                write(inbound, "GBPJPY", Side.NULL_VAL, Decimals.SCALE, mid[2], OrderType.MARKET, trace, tsNs, 0, 0, false);
                break;
            case 3:
                write(inbound, "USDJPY", Side.BUY, 10 * Decimals.SCALE, mid[0], OrderType.MARKET, "", tsNs, 0, 0, false);
                break;
            default:
                // A forged key: present, but not the HMAC of the fields under the engine's secret.
                encode("USDJPY", Side.BUY, 10 * Decimals.SCALE, mid[0], OrderType.MARKET, trace, tsNs, 0, 0);
                for (int b = 0; b < 32; b++)
                {
                    key[b] = (byte)random.nextInt(256);
                }
                request.keyPresent(BooleanType.TRUE).putIdempotencyKey(key, 0, 32);
                append(inbound);
        }
    }

    private void garbage(final Journal inbound, final SplittableRandom random)
    {
        final int length = 1 + random.nextInt(40);
        for (int b = 0; b < length; b++)
        {
            buffer.putByte(b, (byte)random.nextInt(256));
        }
        inbound.append(buffer, 0, length);
        excerpts++;
    }

    private void write(
        final Journal inbound, final String symbol, final Side side, final long qty, final long price,
        final OrderType type, final String trace, final long tsNs, final int missingPpm, final long lagMs,
        final boolean withKey)
    {
        encode(symbol, side, qty, price, type, trace, tsNs, missingPpm, lagMs);
        if (withKey && side != Side.NULL_VAL)
        {
            final byte[] symbolBytes = symbol.getBytes(StandardCharsets.US_ASCII);
            final byte[] traceBytes = trace.getBytes(StandardCharsets.US_ASCII);
            keys.compute(symbolBytes, symbolBytes.length, side, qty, tsNs, traceBytes, traceBytes.length, key, 0);
            request.keyPresent(BooleanType.TRUE).putIdempotencyKey(key, 0, 32);
        }
        append(inbound);
    }

    private void encode(
        final String symbol, final Side side, final long qty, final long price, final OrderType type,
        final String trace, final long tsNs, final int missingPpm, final long lagMs)
    {
        request.wrapAndApplyHeader(buffer, 0, header)
            .inboundIndex(-1)
            .ingressNs(0)
            .clientTsNs(tsNs)
            .qty(qty)
            .price(price)
            .missingRatio(missingPpm)
            .dataLagMs(lagMs)
            .side(side)
            .orderType(type)
            .timeInForce(type == OrderType.LIMIT ? TimeInForce.DAY : TimeInForce.IOC)
            .keyPresent(BooleanType.FALSE)
            .symbol(symbol)
            .traceId(trace)
            .strategy("demo");
        for (int b = 0; b < 32; b++)
        {
            request.idempotencyKey(b, (short)0);
            // Untagged on purpose: demo runs do not require auth (idempotency.require_auth unset), and the
            // buffer is shared with Control messages, so the tag is zeroed rather than left as it was.
            request.authTag(b, (short)0);
        }
    }

    private void append(final Journal inbound)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + request.encodedLength();
        inbound.append(buffer, 0, length);
        final int slot = (int)(requests % FAR_DUPLICATE_DISTANCE);
        byte[] copy = history[slot];
        if (copy == null || copy.length != length)
        {
            copy = new byte[length];
            history[slot] = copy;
        }
        buffer.getBytes(0, copy);
        requests++;
        excerpts++;
    }

    private void rewrite(final Journal inbound, final byte[] bytes)
    {
        buffer.putBytes(0, bytes);
        request.wrap(buffer, MessageHeaderEncoder.ENCODED_LENGTH);
        append(inbound);
    }

    private void control(final Journal inbound, final ControlAction action, final String reason)
    {
        final ControlEncoder control = new ControlEncoder().wrapAndApplyHeader(buffer, 0, header)
            .inboundIndex(-1)
            .ingressNs(0)
            .submittedNs(wallClockNs.getAsLong())
            .action(action)
            .operatorName(operator);
        final byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        control.putReason(text, 0, text.length);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + control.encodedLength();
        ControlSignatures.sign(operatorKey, buffer, 0, length);
        inbound.append(buffer, 0, length);
        excerpts++;
    }
}

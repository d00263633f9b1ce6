package io.noctria.engine.core;

import io.noctria.codecs.CivilDate;
import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;

import java.util.Arrays;

/**
 * The HMAC inputs exactly as {@link IdempotencyKeys} formatted them before {@link CanonicalText}: the general
 * {@link AsciiText} builder with the same capacities, its code copied unchanged. The reference the new encoding must
 * equal byte for byte, because the keys and tags are a contract with producers.
 */
final class LegacyCanonicalText
{
    private static final long NANOS_PER_MINUTE = 60_000_000_000L;
    private static final int MINUTES_PER_DAY = 1440;

    private final AsciiText message = new AsciiText(256);
    private final AsciiText authMessage = new AsciiText(512);
    private final byte[] keyHex = new byte[2 * IdempotencyKeys.KEY_LENGTH];

    byte[] keyMessage(final byte[] symbol, final int symbolLength, final Side side, final long qty, final long tsNs,
        final byte[] traceId, final int traceLength)
    {
        message.reset()
            .appendBytes(symbol, 0, symbolLength).append('|')
            .append(Side.BUY == side ? "BUY" : "SELL").append('|')
            .appendFixed6(qty).append('|');
        appendFloorMinute(tsNs);
        message.append('|').appendBytes(traceId, 0, traceLength);
        return Arrays.copyOf(message.bytes(), message.length());
    }

    byte[] authMessage(final byte[] symbol, final int symbolLength, final Side side, final long qty, final long price,
        final OrderType orderType, final TimeInForce timeInForce, final long tsNs, final byte[] traceId,
        final int traceLength, final byte[] strategy, final int strategyLength, final byte[] key,
        final long missingRatio, final long dataLagMs)
    {
        authMessage.reset()
            .append(IdempotencyKeys.AUTH_PREFIX).append('|')
            .appendBytes(symbol, 0, symbolLength).append('|')
            .append(Side.BUY == side ? "BUY" : "SELL").append('|')
            .appendFixed6(qty).append('|')
            .appendFixed6(price).append('|')
            .append(OrderType.LIMIT == orderType ? "LIMIT" : "MARKET").append('|')
            .append(timeInForceName(timeInForce)).append('|')
            .append(tsNs).append('|')
            .appendBytes(traceId, 0, traceLength).append('|')
            .appendBytes(strategy, 0, strategyLength).append('|');
        if (null != key)
        {
            IdempotencyKeys.toHex(key, 0, IdempotencyKeys.KEY_LENGTH, keyHex, 0);
            authMessage.appendBytes(keyHex, 0, keyHex.length);
        }
        authMessage.append('|').appendFixed6(missingRatio).append('|').append(dataLagMs);
        return Arrays.copyOf(authMessage.bytes(), authMessage.length());
    }

    private void appendFloorMinute(final long tsNs)
    {
        final long epochMinute = Math.floorDiv(tsNs, NANOS_PER_MINUTE);
        final long date = CivilDate.fromEpochDay(Math.floorDiv(epochMinute, MINUTES_PER_DAY));
        final long minuteOfDay = Math.floorMod(epochMinute, MINUTES_PER_DAY);
        message.appendPadded(CivilDate.year(date), 4).append('-').appendPadded(CivilDate.month(date), 2).append('-')
            .appendPadded(CivilDate.day(date), 2)
            .append('T').appendPadded(minuteOfDay / 60, 2).append(':').appendPadded(minuteOfDay % 60, 2).append('Z');
    }

    private static String timeInForceName(final TimeInForce timeInForce)
    {
        switch (timeInForce)
        {
            case GTC: return "GTC";
            case IOC: return "IOC";
            case FOK: return "FOK";
            default: return "DAY";
        }
    }
}

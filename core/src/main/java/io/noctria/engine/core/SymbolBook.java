package io.noctria.engine.core;

import io.noctria.codecs.Position;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.config.SymbolLimits;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Per-symbol state: filled position at cost basis with its realised PnL and the PnL of the round
 * trip in progress (a {@link Position}), the losing-round-trip streak, open (working) quantity per side, the last fill
 * price, and the policy section that applies. A symbol is the two little-endian longs of its
 * NUL-padded 16-byte field; ids are dense in first-seen order, which is also the state-hash order.
 * <p>
 * All money and quantities are fixed point, scale 10^6. Fixed capacity ({@code outbox.symbol_capacity}): every array,
 * position and policy-name buffer is allocated at construction; a symbol is never removed (its position lives on), so
 * a full book refuses new symbols (SYMBOL_BOOK_FULL, checked by the caller with {@link #isFull()}). Allocation free
 * except for resolving a new symbol's policy section (a String lookup, once per symbol).
 */
final class SymbolBook
{
    /** Result of {@link #applyFill}: the fill did not bring the position to or through zero. */
    static final int ROUND_TRIP_OPEN = Position.ROUND_TRIP_OPEN;
    /** Result of {@link #applyFill}: a round trip closed with a gain; the streak is reset. */
    static final int ROUND_TRIP_WIN = Position.ROUND_TRIP_WIN;
    /** Result of {@link #applyFill}: a round trip closed with a loss; the streak grew. */
    static final int ROUND_TRIP_LOSS = Position.ROUND_TRIP_LOSS;
    /** Result of {@link #applyFill}: a round trip closed flat; the streak is unchanged. */
    static final int ROUND_TRIP_SCRATCH = Position.ROUND_TRIP_SCRATCH;

    private static final int POLICY_NAME_LENGTH = 32;

    private final byte[] symbolScratch = new byte[16];
    // The two symbol words of find/add, so the key store takes them as one array without allocating.
    private final long[] probe = new long[2];
    private final DenseKeys keys;
    private final Position[] positions;
    private final long[] openBuyQty;
    private final long[] openSellQty;
    private final long[] lastFillPrice;
    private final long[] referencePrice;
    private final int[] lossStreak;
    private final boolean[] forbidden;
    private final SymbolLimits[] limits;
    private final byte[][] policyName;

    /** @param capacity the most symbols held. */
    SymbolBook(final int capacity)
    {
        keys = new DenseKeys(2, capacity);
        positions = new Position[capacity];
        openBuyQty = new long[capacity];
        openSellQty = new long[capacity];
        lastFillPrice = new long[capacity];
        referencePrice = new long[capacity];
        lossStreak = new int[capacity];
        forbidden = new boolean[capacity];
        limits = new SymbolLimits[capacity];
        policyName = new byte[capacity][];
        for (int id = 0; id < capacity; id++)
        {
            positions[id] = new Position();
            policyName[id] = new byte[POLICY_NAME_LENGTH];
        }
    }

    /** @return true when no new symbol can be added. */
    boolean isFull()
    {
        return keys.isFull();
    }

    /** @return the id of the symbol, or -1 when never seen. */
    int find(final long w0, final long w1)
    {
        probe[0] = w0;
        probe[1] = w1;
        return keys.find(probe, 0);
    }

    /** Adds a symbol never seen before (the caller checked {@link #isFull()}) and resolves its policy section. */
    int add(final long w0, final long w1, final RiskPolicy policy)
    {
        probe[0] = w0;
        probe[1] = w1;
        final int id = keys.add(probe, 0);
        resolve(id, policy);
        return id;
    }

    /** Re-resolves every symbol's limits, forbidden flag and configured reference price after a reload. */
    void applyPolicy(final RiskPolicy policy)
    {
        for (int id = 0; id < keys.size(); id++)
        {
            resolve(id, policy);
        }
    }

    SymbolLimits limits(final int id)
    {
        return limits[id];
    }

    /** @return the 32-byte NUL-padded policy name ("default" or the override symbol). */
    byte[] policyName(final int id)
    {
        return policyName[id];
    }

    boolean isForbidden(final int id)
    {
        return forbidden[id];
    }

    /** Writes the NUL-padded 16-byte symbol into {@code dst}. */
    void symbolBytes(final int id, final byte[] dst)
    {
        keys.unpack(id, dst);
    }

    long position(final int id)
    {
        return positions[id].qty();
    }

    /** @return the average cost per unit of the open position; 0 when flat. */
    long averagePrice(final int id)
    {
        return positions[id].averagePrice();
    }

    long realisedPnl(final int id)
    {
        return positions[id].realisedPnl();
    }

    /** @return the symbol's position; the caller reads it, only {@link #applyFill} changes it. */
    Position positionOf(final int id)
    {
        return positions[id];
    }

    int lossStreak(final int id)
    {
        return lossStreak[id];
    }

    long openQty(final int id, final int sideSign)
    {
        return sideSign > 0 ? openBuyQty[id] : openSellQty[id];
    }

    /** @return last fill price, else the policy's configured reference price, else 0 (no reference). */
    long referencePrice(final int id)
    {
        return lastFillPrice[id] > 0 ? lastFillPrice[id] : referencePrice[id];
    }

    /**
     * An order is position-reducing when it trades against the filled position and, even if every
     * working order on its side fills too, cannot take the position through zero.
     */
    boolean isReducing(final int id, final int sideSign, final long qty)
    {
        final long pos = positions[id].qty();
        if (sideSign > 0)
        {
            return pos < 0 && openBuyQty[id] + qty <= -pos;
        }
        return pos > 0 && openSellQty[id] + qty <= pos;
    }

    /**
     * Worst-case exposure in the order's direction before it: position plus working orders on the
     * same side, signed so that positive means exposure the order would add to.
     */
    long directionalExposure(final int id, final int sideSign)
    {
        final long pos = positions[id].qty();
        return sideSign > 0 ? pos + openBuyQty[id] : openSellQty[id] - pos;
    }

    void addOpen(final int id, final int sideSign, final long qty)
    {
        if (sideSign > 0)
        {
            openBuyQty[id] += qty;
        }
        else
        {
            openSellQty[id] += qty;
        }
    }

    void releaseOpen(final int id, final int sideSign, final long qty)
    {
        if (sideSign > 0)
        {
            openBuyQty[id] -= qty;
        }
        else
        {
            openSellQty[id] -= qty;
        }
    }

    /**
     * Applies a fill to the symbol's {@link Position} (the platform's one cost-basis model, the one the replay's
     * KPIs use). When the position reaches or crosses zero the round trip closes: a loss extends the streak,
     * a gain resets it, a flat result leaves it.
     *
     * @param working true when the fill comes off a working order whose leaves count as open qty (they shrink
     *                by the fill); false for a fill after the order ended (its leaves were released already).
     * @return one of the ROUND_TRIP_* results.
     */
    int applyFill(final int id, final int sideSign, final long qty, final long price, final boolean working)
    {
        lastFillPrice[id] = price;
        if (working)
        {
            releaseOpen(id, sideSign, qty);
        }
        final int outcome = positions[id].applyFill(sideSign > 0, qty, price);
        if (ROUND_TRIP_LOSS == outcome)
        {
            lossStreak[id]++;
        }
        else if (ROUND_TRIP_WIN == outcome)
        {
            lossStreak[id] = 0;
        }
        return outcome;
    }

    /** Hashes every symbol's state in id (first-seen) order. */
    void hashInto(final StateHasher hasher)
    {
        final int size = keys.size();
        hasher.putInt(size);
        for (int id = 0; id < size; id++)
        {
            keys.hashInto(hasher, id)
                .putLong(positions[id].qty()).putLong(positions[id].cost()).putLong(positions[id].realisedPnl())
                .putLong(positions[id].roundTripPnl())
                .putLong(openBuyQty[id]).putLong(openSellQty[id]).putLong(lastFillPrice[id])
                .putInt(lossStreak[id]);
        }
    }

    private void resolve(final int id, final RiskPolicy policy)
    {
        symbolBytes(id, symbolScratch);
        int length = 0;
        while (length < symbolScratch.length && symbolScratch[length] != 0)
        {
            length++;
        }
        final String symbol = new String(symbolScratch, 0, length, StandardCharsets.US_ASCII);
        limits[id] = policy.limitsFor(symbol);
        forbidden[id] = policy.isForbidden(symbol);
        referencePrice[id] = policy.referencePrice(symbol);
        // Rewritten in place: events copy the name when they are encoded, nothing keeps the array.
        final byte[] name = policyName[id];
        final byte[] nameBytes = limits[id].policyName().getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(name, (byte)0);
        System.arraycopy(nameBytes, 0, name, 0, Math.min(nameBytes.length, name.length));
    }
}

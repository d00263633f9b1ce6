package io.noctria.engine.core;

import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;

import java.nio.charset.StandardCharsets;

/**
 * A mutable order request with valid defaults: a LIMIT DAY BUY of 100 USDJPY at 150 inside trading hours. What
 * {@link CoreFixture#submit} encodes to SBE; the fixture drives the core, this only describes the input.
 */
final class CoreRequest implements Cloneable
{
    String symbol = "USDJPY";
    byte[] rawSymbol;
    int side = 1;
    long qty = 100 * CoreFixture.M;
    long price = 150 * CoreFixture.M;
    int orderType = 2;
    int timeInForce = 1;
    String trace = "trace-1";
    String strategy = "alpha";
    long clientTsNs = CoreFixture.ts("2025-01-15T09:30:00Z");
    long ingressNs = clientTsNs + 1_000_000;
    long inboundIndex = 77;
    int missingRatio;
    long dataLagMs;
    byte[] key;
    int keyPresentRaw = -1;
    byte[] authTag;
    /** Schema version the request is decoded with; 1 is a producer from before authTag (block of 200 bytes). */
    int actingVersion = MessageHeaderEncoder.SCHEMA_VERSION;

    /**
     * @return an exact copy: the same request sent again is a duplicate. A field-by-field clone (arrays shared, as
     * no test writes into them), so a field added here is copied without a list to keep in step.
     */
    CoreRequest copy()
    {
        try
        {
            return (CoreRequest)clone();
        }
        catch (final CloneNotSupportedException ex)
        {
            throw new AssertionError(ex);
        }
    }

    /** Attaches the tag an authenticated producer computes under {@code keys}' secret for these fields. */
    CoreRequest signed(final IdempotencyKeys keys)
    {
        final byte[] symbolBytes = symbol.getBytes(StandardCharsets.US_ASCII);
        final byte[] traceBytes = trace.getBytes(StandardCharsets.US_ASCII);
        final byte[] strategyBytes = strategy.getBytes(StandardCharsets.US_ASCII);
        authTag = new byte[IdempotencyKeys.TAG_LENGTH];
        keys.authTag(symbolBytes, symbolBytes.length, 1 == side ? Side.BUY : Side.SELL, qty, price,
            OrderType.get((short)orderType), TimeInForce.get((short)timeInForce), clientTsNs, traceBytes,
            traceBytes.length, strategyBytes, strategyBytes.length, key, missingRatio, dataLagMs, authTag, 0);
        return this;
    }

    CoreRequest symbol(final String value)
    {
        symbol = value;
        return this;
    }

    CoreRequest rawSymbol(final byte[] value)
    {
        rawSymbol = value;
        return this;
    }

    CoreRequest buy()
    {
        side = 1;
        return this;
    }

    CoreRequest sell()
    {
        side = 2;
        return this;
    }

    CoreRequest side(final int raw)
    {
        side = raw;
        return this;
    }

    CoreRequest qty(final long value)
    {
        qty = value;
        return this;
    }

    CoreRequest price(final long value)
    {
        price = value;
        return this;
    }

    CoreRequest market()
    {
        orderType = 1;
        return this;
    }

    CoreRequest orderType(final int raw)
    {
        orderType = raw;
        return this;
    }

    CoreRequest timeInForce(final int raw)
    {
        timeInForce = raw;
        return this;
    }

    CoreRequest trace(final String value)
    {
        trace = value;
        return this;
    }

    CoreRequest strategy(final String value)
    {
        strategy = value;
        return this;
    }

    CoreRequest at(final String iso)
    {
        return at(CoreFixture.ts(iso));
    }

    CoreRequest at(final long tsNs)
    {
        clientTsNs = tsNs;
        ingressNs = tsNs + 1_000_000;
        return this;
    }

    CoreRequest ingress(final long value)
    {
        ingressNs = value;
        return this;
    }

    CoreRequest missingRatio(final int ppm)
    {
        missingRatio = ppm;
        return this;
    }

    CoreRequest dataLagMs(final long value)
    {
        dataLagMs = value;
        return this;
    }

    CoreRequest key(final byte[] value)
    {
        key = value;
        return this;
    }

    CoreRequest keyPresentRaw(final int raw)
    {
        keyPresentRaw = raw;
        return this;
    }
}

package io.noctria.engine.core;

import io.noctria.codecs.sbe.InputRejectReason;
import io.noctria.codecs.sbe.InputRejectedDecoder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.noctria.engine.core.CoreFixture.M;
import static io.noctria.engine.core.CoreFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputValidationTest
{
    private final CoreFixture fixture = new CoreFixture();

    @Test
    void shouldRejectNonPositiveQty()
    {
        assertRejected(request().qty(0), InputRejectReason.INVALID_QTY, "qty 0.000000 must be > 0");
        assertRejected(request().qty(-5 * M), InputRejectReason.INVALID_QTY, "qty -5.000000 must be > 0");
    }

    @Test
    void shouldRejectNonPositivePrice()
    {
        assertRejected(request().price(0), InputRejectReason.INVALID_PRICE, "price 0.000000 must be > 0");
    }

    @Test
    void shouldRejectUnknownAndNullEnumsWithoutThrowing()
    {
        assertRejected(request().side(7), InputRejectReason.INVALID_SIDE, "side 7 is not BUY(1) or SELL(2)");
        assertRejected(request().side(255), InputRejectReason.INVALID_SIDE, "side 255 is not BUY(1) or SELL(2)");
        assertRejected(request().orderType(0), InputRejectReason.INVALID_ORDER_TYPE, "order type 0");
        assertRejected(request().timeInForce(9), InputRejectReason.INVALID_TIF, "time in force 9");
        assertRejected(request().keyPresentRaw(5), InputRejectReason.IDEMPOTENCY_KEY_MALFORMED, "keyPresent 5");
    }

    @Test
    void shouldRejectEmptyOrNonPrintableSymbolsAndPipes()
    {
        assertRejected(request().symbol(""), InputRejectReason.INVALID_SYMBOL, "symbol must be");
        assertRejected(request().symbol("USD|JPY"), InputRejectReason.INVALID_SYMBOL, "symbol must be");
        assertRejected(request().symbol("USD JPY"), InputRejectReason.INVALID_SYMBOL, "symbol must be");
        assertRejected(request().rawSymbol(new byte[]{'U', 'S', 0, 'D', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}),
            InputRejectReason.INVALID_SYMBOL, "NUL padded");
    }

    @Test
    void shouldRejectEmptyTraceIdWithoutEchoingIt()
    {
        final int mark = fixture.mark();
        fixture.submit(request().trace(""));
        final InputRejectedDecoder rejected = fixture.only(mark, new InputRejectedDecoder());
        assertEquals(InputRejectReason.INVALID_TRACE_ID, rejected.reason());
        assertEquals("", rejected.traceId());
    }

    @Test
    void shouldRejectQualityInputsOutOfRange()
    {
        assertRejected(request().missingRatio(-1), InputRejectReason.INVALID_QUALITY_INPUT, "missing_ratio -1 ppm");
        assertRejected(request().missingRatio(1_000_001), InputRejectReason.INVALID_QUALITY_INPUT, "[0, 1000000]");
        assertRejected(request().dataLagMs(-1), InputRejectReason.INVALID_QUALITY_INPUT, "data_lag_ms -1 must be >= 0");
    }

    @Test
    void shouldRejectTimestampBeforeTheEpochOrUnset()
    {
        assertRejected(request().at(0), InputRejectReason.INVALID_TIMESTAMP, "ts 0 ns");
    }

    @Test
    void shouldRejectTimestampsBeyondTheConfiguredClockSkew()
    {
        final CoreFixture skewed = new CoreFixture(CoreFixture.POLICY, "clock: {max_skew_ms: 1000}\n");
        final CoreRequest old = request();
        old.ingress(old.clientTsNs + 1_500_000_000L);
        assertRejected(skewed, old, InputRejectReason.TIMESTAMP_TOO_OLD, "ts is 1500 ms before ingress; max_skew_ms is 1000");
        final CoreRequest future = request();
        future.ingress(future.clientTsNs - 2_000_000_000L);
        assertRejected(skewed, future, InputRejectReason.TIMESTAMP_IN_FUTURE, "ts is 2000 ms after ingress");
        final CoreRequest unstamped = request();
        unstamped.ingress(0);
        assertRejected(skewed, unstamped, InputRejectReason.INVALID_TIMESTAMP, "was not stamped");

        final CoreRequest edge = request();
        edge.ingress(edge.clientTsNs + 1_000_000_000L);
        final int mark = skewed.mark();
        skewed.submit(edge);
        assertTrue(skewed.typesSince(mark).contains("OrderSent"), "exactly max_skew_ms is accepted");
    }

    @Test
    void shouldIgnoreSkewWhenTheCheckIsOff()
    {
        final CoreRequest old = request();
        old.ingress(old.clientTsNs + 3_600_000_000_000L);
        final int mark = fixture.mark();
        fixture.submit(old);
        assertTrue(fixture.typesSince(mark).contains("OrderSent"));
    }

    @Test
    void shouldRejectASuppliedKeyThatDoesNotMatchWithoutRevealingTheExpectedKey()
    {
        final CoreRequest r = request().trace("trace-mismatch");
        final String expected = fixture.keys.computeHex(r.symbol, io.noctria.codecs.sbe.Side.BUY, r.qty, r.clientTsNs, r.trace);
        final byte[] wrong = new byte[32];
        wrong[0] = 1;
        final int mark = fixture.mark();
        fixture.submit(r.key(wrong));
        final InputRejectedDecoder rejected = fixture.only(mark, new InputRejectedDecoder());
        assertEquals(InputRejectReason.IDEMPOTENCY_KEY_MISMATCH, rejected.reason());
        assertEquals("trace-mismatch", rejected.traceId());
        final String detail = rejected.detail();
        assertFalse(detail.contains(expected), detail);
        assertFalse(detail.contains(expected.substring(0, 16)), detail);
        assertFalse(detail.contains("noctria-test-secret"), detail);
        assertEquals(List.of("InputRejected"), fixture.typesSince(mark));
    }

    @Test
    void shouldAcceptASuppliedKeyThatMatches()
    {
        final CoreRequest r = request().trace("trace-keyed");
        final byte[] key = hexToBytes(fixture.keys.computeHex(r.symbol, io.noctria.codecs.sbe.Side.BUY, r.qty,
            r.clientTsNs, r.trace));
        final CoreFixture.Sent sent = fixture.submitSent(r.key(key));
        assertEquals(java.util.Arrays.toString(key), java.util.Arrays.toString(sent.key));
    }

    @Test
    void shouldRequireAKeyWhenConfigured()
    {
        final CoreFixture strict = new CoreFixture(CoreFixture.POLICY,
            "idempotency: {require_key: true, require_auth: false}\n");
        assertRejected(strict, request(), InputRejectReason.IDEMPOTENCY_KEY_REQUIRED, "idempotency_key is required");
    }

    private void assertRejected(final CoreRequest r, final InputRejectReason reason, final String detailPart)
    {
        assertRejected(fixture, r, reason, detailPart);
    }

    private static void assertRejected(final CoreFixture target, final CoreRequest r,
        final InputRejectReason reason, final String detailPart)
    {
        final int mark = target.mark();
        target.submit(r);
        assertEquals(List.of("InputRejected"), target.typesSince(mark));
        final InputRejectedDecoder rejected = target.only(mark, new InputRejectedDecoder());
        assertEquals(reason, rejected.reason());
        assertEquals(r.inboundIndex, rejected.inboundIndex());
        final String trace = rejected.traceId();
        final String detail = rejected.detail();
        assertTrue(detail.contains(detailPart), detail);
        if (reason != InputRejectReason.INVALID_TRACE_ID)
        {
            assertEquals(r.trace, trace);
        }
        assertEquals(0, target.core.outboxSize());
    }

    static byte[] hexToBytes(final String hex)
    {
        final byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}

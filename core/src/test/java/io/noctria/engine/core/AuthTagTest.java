package io.noctria.engine.core;

import io.noctria.codecs.sbe.InputRejectReason;
import io.noctria.codecs.sbe.InputRejectedDecoder;
import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;

import static io.noctria.engine.core.CoreFixture.M;
import static io.noctria.engine.core.CoreFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Request authentication in the core: outside demo mode (require_auth, the default of {@code run}) a request must
 * carry authTag, HMAC-SHA256 under the engine's secret of its canonical text; any change of any field after tagging
 * is AUTH_TAG_MISMATCH; a v1 request (no tag in its acting version) is AUTH_TAG_MISSING; a demo-mode config takes
 * untagged requests but still verifies a tag that is present.
 */
class AuthTagTest
{
    /** run's defaults for auth and keys (required); no freshness bound, so requests of 2025 are in time. */
    private static final String RUN = "idempotency: {require_key: false}\nclock: {max_skew_ms: 0}\n";

    private final CoreFixture fixture = new CoreFixture(CoreFixture.POLICY, RUN);

    @Test
    void shouldRequireAuthByDefaultAndNotInDemoMode()
    {
        assertTrue(EngineConfig.defaults().requireAuth(), "run requires auth unless the file says otherwise");
        assertEquals(EngineConfig.DEFAULT_MAX_SKEW_MS * 1_000_000L, EngineConfig.defaults().maxClockSkewNs());
        assertFalse(EngineConfig.defaults().forDemo().requireAuth(), "demo runs do not, unless the file says so");
        assertEquals(0, EngineConfig.defaults().forDemo().maxClockSkewNs(), "no freshness bound in demo runs");
        final EngineConfig explicit = EngineConfig.parse("explicit.yml",
            "idempotency: {require_auth: true}\nclock: {max_skew_ms: 250}\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(explicit.forDemo().requireAuth(), "an explicit value applies to demo runs too");
        assertEquals(250_000_000L, explicit.forDemo().maxClockSkewNs());
    }

    @Test
    void shouldAcceptAValidTag()
    {
        final CoreFixture.Sent sent = fixture.submitSent(request().trace("auth-ok").signed(fixture.keys));
        assertEquals(100 * M, sent.qty);
    }

    @Test
    void shouldAcceptAValidTagOverACarriedKey()
    {
        final CoreRequest r = request().trace("auth-keyed");
        r.key(InputValidationTest.hexToBytes(fixture.keys.computeHex(r.symbol, Side.BUY, r.qty, r.clientTsNs, r.trace)));
        fixture.submitSent(r.signed(fixture.keys));
    }

    @Test
    void shouldWriteTheCanonicalTextExactly()
    {
        final IdempotencyKeys keys = new IdempotencyKeys(CoreFixture.SECRET);
        keys.authTagHex("EURJPY", Side.SELL, 1000 * M, 162_500_000L, OrderType.LIMIT, TimeInForce.GTC,
            1_763_785_200_123_456_789L, "t-1", "", "00ff".repeat(16), 50_000, 12);
        assertEquals("noctria-auth-v1|EURJPY|SELL|1000.000000|162.500000|LIMIT|GTC|1763785200123456789|t-1||" +
            "00ff".repeat(16) + "|0.050000|12", keys.lastAuthMessage());
        keys.authTagHex("USDJPY", Side.BUY, 1, 150 * M, OrderType.MARKET, TimeInForce.FOK, 1L, "t", "alpha", null, 0, 0);
        assertEquals("noctria-auth-v1|USDJPY|BUY|0.000001|150.000000|MARKET|FOK|1|t|alpha||0.000000|0",
            keys.lastAuthMessage());
    }

    /**
     * A vector for producers in other languages, computed independently (Python's hmac module) from the documented
     * text: secret {@code noctria-example-secret-0123456789abcdef}, EURJPY BUY 100 @ 162 LIMIT DAY,
     * ts 2026-11-22T04:20:30.123Z, trace-42, strategy alpha, missing_ratio 0.05, data_lag_ms 250, carrying its key.
     */
    @Test
    void shouldMatchTheDocumentedVectorAndJavaxMac() throws Exception
    {
        final byte[] secret = "noctria-example-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        final IdempotencyKeys keys = new IdempotencyKeys(secret);
        final long tsNs = 1_795_321_230_123_000_000L;
        final String key = keys.computeHex("EURJPY", Side.BUY, 100 * M, tsNs, "trace-42");
        assertEquals("6d79defe6e065251a921db3e70ec793a1f97dfb28fdc72277b7f155bc250a84a", key);
        final String tag = keys.authTagHex("EURJPY", Side.BUY, 100 * M, 162 * M, OrderType.LIMIT, TimeInForce.DAY, tsNs,
            "trace-42", "alpha", key, 50_000, 250);
        final String text = "noctria-auth-v1|EURJPY|BUY|100.000000|162.000000|LIMIT|DAY|1795321230123000000|trace-42|" +
            "alpha|" + key + "|0.050000|250";
        assertEquals(text, keys.lastAuthMessage());
        assertEquals("e51b0f4ae835805e65eb8a9fafc3bb94fc0af26a6a6cef2c95abdde58fb61204", tag);
        final javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
        assertEquals(tag, IdempotencyKeys.toHex(mac.doFinal(text.getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void shouldRejectEveryFieldChangedAfterTagging()
    {
        final List<UnaryOperator<CoreRequest>> changes = List.of(
            r -> r.symbol("EURJPY"),
            r -> r.sell(),
            r -> r.qty(r.qty + 1),
            r -> r.price(999_999 * M),
            r -> r.orderType(1),
            r -> r.timeInForce(3),
            r -> r.at(r.clientTsNs + 1),
            r -> r.trace(r.trace + "x"),
            r -> r.strategy("other"),
            r -> r.key(InputValidationTest.hexToBytes(fixture.keys.computeHex(r.symbol, Side.BUY, r.qty, r.clientTsNs,
                r.trace))),
            r -> r.missingRatio(1),
            r -> r.dataLagMs(1));
        for (int i = 0; i < changes.size(); i++)
        {
            final CoreRequest tagged = request().trace("auth-field-" + i).signed(fixture.keys);
            final CoreRequest changed = changes.get(i).apply(tagged.copy());
            final String detail = assertRejected(changed, InputRejectReason.AUTH_TAG_MISMATCH,
                "authTag does not match HMAC-SHA256", "change " + i);
            final String expected = IdempotencyKeys.toHex(tagOf(changed));
            assertFalse(detail.contains(expected.substring(0, 16)), "never names the expected tag: " + detail);
        }
        assertEquals(0, fixture.core.outboxSize());
    }

    @Test
    void shouldRejectAForgedTag()
    {
        final CoreRequest forged = request().trace("auth-forged");
        forged.authTag = new byte[32];
        forged.authTag[31] = 1;
        assertRejected(forged, InputRejectReason.AUTH_TAG_MISMATCH, "authTag does not match", "forged");
        final IdempotencyKeys other = new IdempotencyKeys("another-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.US_ASCII));
        assertRejected(request().trace("auth-other-secret").signed(other), InputRejectReason.AUTH_TAG_MISMATCH,
            "authTag does not match", "other secret");
    }

    @Test
    void shouldRejectAMissingTagWhenRequired()
    {
        assertRejected(request().trace("auth-missing"), InputRejectReason.AUTH_TAG_MISSING,
            "authTag is required (idempotency.require_auth: true)", "all zero");
    }

    @Test
    void shouldTreatAVersion1RequestAsUntagged()
    {
        final CoreRequest v1 = request().trace("auth-v1").signed(fixture.keys);
        v1.actingVersion = 1;
        assertRejected(v1, InputRejectReason.AUTH_TAG_MISSING, "authTag is required", "v1");
    }

    @Test
    void shouldRefuseATagOverFieldsContainingTheSeparator()
    {
        assertRejected(request().trace("auth|pipe").signed(fixture.keys), InputRejectReason.AUTH_TAG_MISMATCH,
            "must not contain '|'", "pipe in trace");
        assertRejected(request().trace("auth-pipe").strategy("a|b").signed(fixture.keys),
            InputRejectReason.AUTH_TAG_MISMATCH, "must not contain '|'", "pipe in strategy");
    }

    @Test
    void shouldAcceptUntaggedButVerifyPresentTagsInDemoMode()
    {
        final CoreFixture demo = new CoreFixture(
            RiskPolicy.parse("p.yml", CoreFixture.POLICY.getBytes(StandardCharsets.UTF_8)),
            EngineConfig.parse("demo.yml", "pipeline: {}\n".getBytes(StandardCharsets.UTF_8)).forDemo());
        demo.submitSent(request().trace("demo-untagged"));
        demo.submitSent(request().trace("demo-tagged").signed(demo.keys));
        final CoreRequest altered = request().trace("demo-altered").signed(demo.keys).price(151 * M);
        final int mark = demo.mark();
        demo.submit(altered);
        assertEquals(List.of("InputRejected"), demo.typesSince(mark));
        assertEquals(InputRejectReason.AUTH_TAG_MISMATCH,
            demo.only(mark, new InputRejectedDecoder()).reason());
    }

    @Test
    void shouldDecideIdenticallyOnReplay()
    {
        fixture.submitSent(request().trace("auth-replay-1").signed(fixture.keys));
        fixture.submit(request().trace("auth-replay-2").signed(fixture.keys).price(1));
        fixture.submit(request().trace("auth-replay-3"));
        final CoreFixture again = new CoreFixture(CoreFixture.POLICY, RUN);
        for (final CoreRequest r : List.of(request().trace("auth-replay-1").signed(again.keys),
            request().trace("auth-replay-2").signed(again.keys).price(1), request().trace("auth-replay-3")))
        {
            again.submit(r);
        }
        assertEquals(fixture.core.stateHash(), again.core.stateHash());
        assertEquals(fixture.typesSince(0), again.typesSince(0));
    }

    private byte[] tagOf(final CoreRequest r)
    {
        final CoreRequest copy = r.copy();
        copy.signed(fixture.keys);
        return copy.authTag;
    }

    private String assertRejected(final CoreRequest r, final InputRejectReason reason, final String detailPart,
        final String label)
    {
        final int mark = fixture.mark();
        fixture.submit(r);
        assertEquals(List.of("InputRejected"), fixture.typesSince(mark), label);
        final InputRejectedDecoder rejected = fixture.only(mark, new InputRejectedDecoder());
        assertEquals(reason, rejected.reason(), label);
        assertEquals(r.inboundIndex, rejected.inboundIndex(), label);
        assertEquals(r.trace, rejected.traceId(), label);
        final String detail = rejected.detail();
        assertTrue(detail.contains(detailPart), label + ": " + detail);
        return detail;
    }
}

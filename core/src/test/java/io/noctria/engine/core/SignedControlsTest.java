package io.noctria.engine.core;

import io.noctria.codecs.sbe.*;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.noctria.engine.core.CoreFixture.M;
import static io.noctria.engine.core.CoreFixture.request;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Operator controls act only when signed by an operator of the roster journaled before them: each refusal
 * is InputRejected with its own reason plus a CRITICAL CONTROL_REJECTED alert and changes nothing; only a
 * signed control lifts an automatic pause; a rotated roster replays to the same state.
 */
class SignedControlsTest
{
    private static final long T0 = CoreFixture.ts("2025-01-15T09:30:00Z");
    private static final long S = 1_000_000_000L;
    private static final String ENGINE = "idempotency: {require_key: false, require_auth: false}\n" +
        "auto_pause: {broker_error_rate: {max_pct: 10, window_s: 60, min_requests: 10}}\n" +
        "controls: {max_age_ms: 60000}\n";
    private static final String PERMISSIVE = "default:\n  max_position_notional: 1000000000\n  max_order_qty: 100000000\n" +
        "  trading_hours_utc: [\"00:00-24:00\"]\n  max_consecutive_losses: 100\n  shrink_after_losses_pct: 50\n" +
        "  forbidden_symbols: []\n  max_trace_notional: 1000000000000\n  price_collar_pct: 100\n" +
        "  max_orders_per_second: 100000\n  reference_prices: {USDJPY: 150}\n";

    private final CoreFixture fixture = fixture();
    private int traces;

    private static CoreFixture fixture()
    {
        return new CoreFixture(RiskPolicy.parse("test-policy.yml", CoreFixture.POLICY.getBytes(StandardCharsets.UTF_8)),
            EngineConfig.parse("test-engine.yml", ENGINE.getBytes(StandardCharsets.UTF_8)), T0);
    }

    @Test
    void shouldRefuseAnUnsignedControl()
    {
        fixture.control(ControlAction.PAUSE_ON, "ops", "drill");
        fixture.signAs("ops", null);
        final byte[] before = fixture.core.stateDigest();
        assertControlRefused(ControlAction.PAUSE_OFF, "ops", "let me trade", InputRejectReason.CONTROL_UNSIGNED,
            "is not signed");
        assertTrue(fixture.core.tradingPaused());
        assertArrayEquals(before, fixture.core.stateDigest(), "an unsigned control changes nothing");
    }

    @Test
    void shouldRefuseAnOperatorOutsideTheRoster()
    {
        fixture.signAs("risk-officer", CoreFixture.generateKeyPair());
        assertControlRefused(ControlAction.PAUSE_ON, "risk-officer", "I say so",
            InputRejectReason.CONTROL_UNKNOWN_OPERATOR, "operator risk-officer is not among the 5");
        assertFalse(fixture.core.tradingPaused());
    }

    @Test
    void shouldRefuseATrustedNameSignedByAnotherKey()
    {
        fixture.control(ControlAction.PAUSE_ON, "ops", "drill");
        fixture.signAs("ops", CoreFixture.generateKeyPair());
        assertControlRefused(ControlAction.PAUSE_OFF, "ops", "forged", InputRejectReason.CONTROL_BAD_SIGNATURE,
            "does not verify");
        assertTrue(fixture.core.tradingPaused());
    }

    @Test
    void shouldRefuseAPolicyReloadWhosePolicyWasChangedAfterSigning()
    {
        final long signed = fixture.policyReload("risk-desk", "tighten", "configs/tight.yml", CoreFixture.POLICY);
        final byte[] bytes = fixture.input(signed).bytes.clone();
        // Swap the policy's last byte (a newline in the YAML) for a space: still a valid policy, no longer signed.
        assertEquals('\n', bytes[bytes.length - 1]);
        bytes[bytes.length - 1] = ' ';
        final int mark = fixture.mark();
        final long index = fixture.resend(new CoreFixture.RecordedInput(signed, bytes));
        assertRefused(mark, index, InputRejectReason.CONTROL_BAD_SIGNATURE, "does not verify");
        assertTrue(fixture.since(mark, PolicyLoadedDecoder.TEMPLATE_ID).isEmpty());
    }

    @Test
    void shouldRefuseAPermissivePolicyFromAnyoneButATrustedOperator()
    {
        fixture.signAs("mallory", CoreFixture.generateKeyPair());
        final int mark = fixture.mark();
        final long index = fixture.policyReload("mallory", "open the gates", "permissive.yml", PERMISSIVE);
        assertRefused(mark, index, InputRejectReason.CONTROL_UNKNOWN_OPERATOR, "mallory");
        final int order = fixture.mark();
        fixture.submit(request().symbol("USDRUB").qty(5_000_000 * M).price(90 * M).trace("rub"));
        assertEquals(RiskRule.FORBIDDEN_SYMBOL, fixture.riskDecisionSince(order).rule());
        assertEquals(RiskVerdict.REJECT, fixture.riskDecisionSince(order).verdict());
    }

    @Test
    void shouldRefuseAStaleOrFutureControlButAcceptOneWithinTheWindow()
    {
        fixture.submittedOffsetNs(-60_001 * M);
        final int old = fixture.mark();
        final long stale = fixture.control(ControlAction.PAUSE_ON, "ops", "yesterday's drill");
        assertRefused(old, stale, InputRejectReason.CONTROL_STALE, "controls.max_age_ms is 60000");

        fixture.submittedOffsetNs(60_001 * M);
        final int future = fixture.mark();
        final long ahead = fixture.control(ControlAction.PAUSE_ON, "ops", "from the future");
        assertRefused(future, ahead, InputRejectReason.CONTROL_STALE, "controls.max_age_ms is 60000");
        assertFalse(fixture.core.tradingPaused());

        fixture.submittedOffsetNs(-60_000 * M);
        fixture.control(ControlAction.PAUSE_ON, "ops", "just in time");
        assertTrue(fixture.core.tradingPaused(), "exactly max_age_ms old is still fresh");
    }

    @Test
    void shouldRefuseTheSameSignedControlAppendedAgain()
    {
        final long on = fixture.control(ControlAction.PAUSE_ON, "ops", "drill");
        fixture.control(ControlAction.PAUSE_OFF, "ops", "drill over");
        assertFalse(fixture.core.tradingPaused());

        fixture.clockAt(T0 + 30 * S);
        final int mark = fixture.mark();
        final long copy = fixture.resend(fixture.input(on));
        assertRefused(mark, copy, InputRejectReason.CONTROL_REPLAYED, "already accepted");
        assertFalse(fixture.core.tradingPaused(), "a copied PAUSE_ON does not pause again");

        fixture.clockAt(T0 + 61 * S);
        final int later = fixture.mark();
        final long tooLate = fixture.resend(fixture.input(on));
        assertRefused(later, tooLate, InputRejectReason.CONTROL_STALE, "max_age_ms");
    }

    @Test
    void shouldLiftAnAutomaticPauseOnlyWithASignedControl()
    {
        tripErrorRatePause();
        assertTrue(fixture.core.tradingPaused());

        fixture.signAs("ops", null);
        final int unsigned = fixture.mark();
        final long attack = fixture.control(ControlAction.PAUSE_OFF, "ops", "no secret needed?");
        assertRefused(unsigned, attack, InputRejectReason.CONTROL_UNSIGNED, "not signed");
        fixture.signAs("risk-officer", CoreFixture.generateKeyPair());
        final int stranger = fixture.mark();
        final long other = fixture.control(ControlAction.PAUSE_OFF, "risk-officer", "trust me");
        assertRefused(stranger, other, InputRejectReason.CONTROL_UNKNOWN_OPERATOR, "risk-officer");
        assertTrue(fixture.core.tradingPaused(), "the automatic pause stays on");
        final int blocked = fixture.mark();
        fixture.submit(next().at(T0 + 3 * S));
        assertEquals(RiskRule.TRADING_PAUSED, fixture.riskDecisionSince(blocked).rule());

        fixture.signAs("ops", CoreFixture.keyPair("ops"));
        final int signed = fixture.mark();
        fixture.control(ControlAction.PAUSE_OFF, "ops", "venue back");
        assertFalse(fixture.core.tradingPaused(), "a trusted operator's signed PAUSE_OFF lifts it");
        assertEquals(PauseSource.OPERATOR,
            fixture.only(signed, new TradingPauseChangedDecoder()).source());
    }

    @Test
    void shouldVerifyAgainstTheRosterJournaledBeforeEachControlAcrossRotations()
    {
        fixture.control(ControlAction.PAUSE_ON, "ops", "before rotation");
        // A restart with another operators directory: ops is gone, ops-bob stays.
        fixture.rosterNow("ops-bob");
        final int mark = fixture.mark();
        final long refused = fixture.control(ControlAction.PAUSE_OFF, "ops", "after rotation");
        assertRefused(mark, refused, InputRejectReason.CONTROL_UNKNOWN_OPERATOR, "among the 1 trusted");
        fixture.control(ControlAction.PAUSE_OFF, "ops-bob", "after rotation");
        assertFalse(fixture.core.tradingPaused());
        // A restart with no operators directory trusts nobody.
        fixture.rosterNow();
        assertEquals(0, fixture.core.trustedOperators());
        final int none = fixture.mark();
        final long nobody = fixture.control(ControlAction.PAUSE_ON, "ops-bob", "nobody is trusted");
        assertRefused(none, nobody, InputRejectReason.CONTROL_UNKNOWN_OPERATOR, "among the 0 trusted");

        // Recovery: the same journaled inputs into a fresh core (whose own start-up roster trusts others) verify
        // exactly as the live core did, and reach the same state.
        final CoreFixture replica = fixture();
        replica.rosterNow("ops-random");
        final List<CoreFixture.RecordedInput> journal = new ArrayList<>(fixture.inputs);
        final ExecutionCore recovered = replica.core;
        CoreFixture.replay(journal, recovered);
        assertArrayEquals(fixture.core.stateDigest(), recovered.stateDigest());
        assertEquals(fixture.core.tradingPaused(), recovered.tradingPaused());
        assertEquals(countRejected(fixture.events), countRejected(replica.events),
            "the replica refused the same controls");
    }

    @Test
    void shouldTrustTheEnginesOwnStartUpPolicyReloadUnsigned()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final PolicyReloadEncoder reload = new PolicyReloadEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .inboundIndex(-1).ingressNs(T0).submittedNs(T0).operatorName("engine-start")
            .reason("policy in force at start-up").source("start.yml").policy(PERMISSIVE);
        final int mark = fixture.mark();
        fixture.core.onInput(99, buffer, 0);
        assertEquals(List.of("PolicyLoaded"), fixture.typesSince(mark));
        assertFalse(ControlSignatures.isSigned(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + reload.encodedLength()));
    }

    private static int countRejected(final List<byte[]> events)
    {
        int n = 0;
        for (final byte[] event : events)
        {
            if (CoreEvents.header(event).templateId() == InputRejectedDecoder.TEMPLATE_ID)
            {
                n++;
            }
        }
        return n;
    }

    /** Sends a control as {@code operator} and requires it refused for {@code reason}, naming {@code detailPart}. */
    private void assertControlRefused(final ControlAction action, final String operator, final String reason,
        final InputRejectReason refusal, final String detailPart)
    {
        final int mark = fixture.mark();
        final long index = fixture.control(action, operator, reason);
        assertRefused(mark, index, refusal, detailPart);
    }

    private void assertRefused(final int mark, final long inputIndex, final InputRejectReason reason,
        final String detailPart)
    {
        assertEquals(List.of("InputRejected", "Alert"), fixture.typesSince(mark), reason.name());
        final InputRejectedDecoder rejected =
            fixture.only(mark, new InputRejectedDecoder());
        assertEquals(reason, rejected.reason());
        assertEquals(inputIndex + 1000, rejected.inboundIndex(), "the fixture's inbound index of the control");
        final String detail = rejected.detail();
        assertTrue(detail.contains(detailPart), detail);
        final AlertDecoder alert = fixture.alertsSince(mark).get(0);
        assertEquals(AlertCode.CONTROL_REJECTED, alert.code());
        assertEquals(Severity.CRITICAL, alert.severity());
        assertEquals(inputIndex, alert.inputIndex());
        final String message = alert.message();
        assertTrue(message.contains(reason.name()) && message.contains(detailPart), message);
    }

    private void tripErrorRatePause()
    {
        final List<CoreFixture.Sent> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++)
        {
            sent.add(fixture.submitSent(next().at(T0)));
        }
        fixture.clockAt(T0 + 2 * S);
        for (int i = 0; i < 3; i++)
        {
            fixture.sendFailed(sent.get(i), 1, BrokerErrorCode.DISCONNECTED, true);
        }
        final List<byte[]> pauses = fixture.since(0, TradingPauseChangedDecoder.TEMPLATE_ID);
        assertEquals(PauseSource.AUTO,
            CoreEvents.decode(new TradingPauseChangedDecoder(), pauses.get(pauses.size() - 1)).source());
    }

    private CoreRequest next()
    {
        return request().symbol("USDJPY").qty(M).price(150 * M).trace("signed-" + ++traces);
    }
}

package io.noctria.engine.core;

import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.AlertDecoder;
import io.noctria.codecs.sbe.InputRejectReason;
import io.noctria.codecs.sbe.InputRejectedDecoder;
import io.noctria.codecs.sbe.PolicyLoadedDecoder;
import io.noctria.codecs.sbe.RiskDecisionDecoder;
import io.noctria.codecs.sbe.RiskRule;
import io.noctria.codecs.sbe.RiskVerdict;
import io.noctria.codecs.sbe.Severity;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.testing.PoisonYaml;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.noctria.engine.core.CoreFixture.M;
import static io.noctria.engine.core.CoreFixture.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PolicyReload: the policy's bytes travel in the journaled input; a valid one replaces the policy in
 * force at its position in the sequence, an invalid one is refused with the loader's file/key/value
 * message and the previous policy stays.
 */
class PolicyReloadTest
{
    /** The fixture's policy with USDJPY's max order qty cut from 20,000 to 500. */
    private static final String TIGHTER = CoreFixture.POLICY.replace(
        "  USDJPY:\n    max_position_notional: 150000\n",
        "  USDJPY:\n    max_position_notional: 150000\n    max_order_qty: 500\n");

    private final CoreFixture fixture = new CoreFixture();

    @Test
    void shouldApplyAValidPolicyFromItsPositionInTheSequence()
    {
        final int before = fixture.mark();
        fixture.submit(request().trace("before").qty(100 * M));
        assertEquals(RiskVerdict.ALLOW, fixture.riskDecisionSince(before).verdict());

        final int reload = fixture.mark();
        final long index = fixture.policyReload("risk-desk", "cut USDJPY clip size", "configs/tight.yml", TIGHTER);
        assertEquals(List.of("PolicyLoaded"), fixture.typesSince(reload));
        final PolicyLoadedDecoder loaded = fixture.only(reload, new PolicyLoadedDecoder());
        final RiskPolicy expected = RiskPolicy.parse("configs/tight.yml", TIGHTER.getBytes(StandardCharsets.UTF_8));
        final byte[] hash = new byte[32];
        loaded.getPolicyHash(hash, 0, 32);
        assertArrayEquals(expected.policyHash(), hash, "hash of the carried bytes");
        assertEquals("configs/tight.yml", loaded.source());
        assertTrue(index >= 0);

        final int after = fixture.mark();
        fixture.submit(request().trace("after").qty(1_000 * M));
        final RiskDecisionDecoder decision = fixture.riskDecisionSince(after);
        assertEquals(RiskVerdict.CLAMP, decision.verdict(), "the new per-symbol max_order_qty is in force: " +
            decision.rule() + " " + fixture.alertsSince(after).stream().map(AlertDecoder::message).toList());
        assertEquals(RiskRule.MAX_ORDER_QTY, decision.rule());
        assertEquals(500 * M, decision.finalQty());
    }

    @Test
    void shouldKeepThePreviousPolicyAndAlertWithFileKeyAndValueWhenTheCarriedPolicyIsInvalid()
    {
        final int reload = fixture.mark();
        fixture.policyReload("risk-desk", "typo", "configs/bad.yml",
            CoreFixture.POLICY.replace("max_order_qty: 20000", "max_order_qty: -5"));
        assertEquals(List.of("Alert"), fixture.typesSince(reload), "no PolicyLoaded");
        final AlertDecoder alert = fixture.alertsSince(reload).get(0);
        assertEquals(AlertCode.POLICY_RELOAD_FAILED, alert.code());
        assertEquals(Severity.WARNING, alert.severity());
        final String message = alert.message();
        assertTrue(message.startsWith("policy reload by risk-desk refused, previous policy "), message);
        assertTrue(message.contains("configs/bad.yml") && message.contains("max_order_qty") && message.contains("-5"),
            "names file, key and value: " + message);

        final int after = fixture.mark();
        fixture.submit(request().trace("after").qty(1_000 * M));
        assertEquals(RiskVerdict.ALLOW, fixture.riskDecisionSince(after).verdict(), "old limits still in force");
    }

    @Test
    void shouldKeepThePolicyAndKeepDecidingAfterEveryPoisonDocument()
    {
        for (final Map.Entry<String, String> poison : PoisonYaml.all().entrySet())
        {
            if (PoisonYaml.bytes(poison.getValue()).length > 3_000)
            {
                continue; // the oversized document cannot travel in one ring input; PoisonConfigTest covers its refusal
            }
            final byte[] hashBefore = fixture.core.policy().policyHash();
            final int reload = fixture.mark();
            fixture.policyReload("risk-desk", "poison", "inbound.yml", poison.getValue());
            assertEquals(List.of("Alert"), fixture.typesSince(reload), poison.getKey() + ": no PolicyLoaded");
            final AlertDecoder alert = fixture.alertsSince(reload).get(0);
            assertEquals(AlertCode.POLICY_RELOAD_FAILED, alert.code(), poison.getKey());
            final String message = alert.message();
            assertTrue(message.startsWith("policy reload by risk-desk refused, previous policy ") &&
                message.contains(" kept: inbound.yml: "), poison.getKey() + ": " + message);
            assertTrue(message.length() <= 600, poison.getKey() + ": " + message.length() + " chars");
            assertTrue(message.chars().allMatch(c -> c >= 0x20 && c < 0x7F), poison.getKey() + ": ASCII: " + message);
            assertArrayEquals(hashBefore, fixture.core.policy().policyHash(), poison.getKey() + ": policy kept");

            final int after = fixture.mark();
            fixture.submit(request().trace("after " + poison.getKey()).qty(100 * M));
            assertEquals(RiskVerdict.ALLOW, fixture.riskDecisionSince(after).verdict(), poison.getKey());
        }
    }

    @Test
    void shouldRefuseAReloadWithoutAValidOperator()
    {
        final int reload = fixture.mark();
        fixture.policyReload("", "who?", "configs/tight.yml", TIGHTER);
        assertEquals(List.of("InputRejected"), fixture.typesSince(reload));
        assertEquals(InputRejectReason.INVALID_CONTROL,
            fixture.only(reload, new InputRejectedDecoder()).reason());
    }

    @Test
    void shouldReachTheSameStateWhenTheJournaledInputsAreReplayed()
    {
        fixture.submit(request().trace("a").qty(1_000 * M));
        fixture.policyReload("risk-desk", "tighten", "configs/tight.yml", TIGHTER);
        fixture.policyReload("risk-desk", "typo", "configs/bad.yml", "default: {max_order_qty: zero}\n");
        fixture.submit(request().trace("b").qty(1_000 * M));

        final CoreFixture replica = new CoreFixture();
        CoreFixture.replay(fixture.inputs, replica.core);
        assertEquals(fixture.core.stateHash(), replica.core.stateHash());
        assertEquals(fixture.events.size(), replica.events.size());
        for (int i = 0; i < fixture.events.size(); i++)
        {
            assertArrayEquals(fixture.events.get(i), replica.events.get(i), "event " + i);
        }
    }
}

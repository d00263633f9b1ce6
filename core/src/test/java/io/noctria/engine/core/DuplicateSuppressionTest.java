package io.noctria.engine.core;

import io.noctria.codecs.sbe.DuplicateSuppressedDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.codecs.sbe.RequestKeyedDecoder;
import io.noctria.codecs.sbe.Side;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.noctria.engine.core.CoreFixture.M;
import static io.noctria.engine.core.CoreFixture.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DuplicateSuppressionTest
{
    private final CoreFixture fixture = new CoreFixture();

    @Test
    void shouldSendAdjacentTwinsOnce()
    {
        final CoreRequest r = request().trace("twin");
        final long first = fixture.submit(r);
        final int mark = fixture.mark();
        final long second = fixture.submit(r);
        assertEquals(List.of("RequestKeyed", "DuplicateSuppressed"), fixture.typesSince(mark));
        final DuplicateSuppressedDecoder duplicate = fixture.only(mark, new DuplicateSuppressedDecoder());
        assertEquals(second, duplicate.inputIndex());
        assertEquals(first, duplicate.firstInputIndex());
        assertEquals(1, fixture.since(0, OrderSentDecoder.TEMPLATE_ID).size());
        assertEquals(1, fixture.core.outboxSize());
    }

    @Test
    void shouldSuppressTwinsFarApartWithoutMovingExposure()
    {
        final CoreRequest r = request().trace("far-twin").qty(300 * M);
        final long first = fixture.submit(r);
        for (int i = 0; i < 500; i++)
        {
            fixture.submit(request().symbol("PENNY").market().price(10_000).trace("filler-" + i));
        }
        final long openBefore = fixture.core.openQty("USDJPY", 1);
        final long hashBefore = fixture.core.stateHash();
        final int mark = fixture.mark();
        fixture.submit(r);
        assertEquals(List.of("RequestKeyed", "DuplicateSuppressed"), fixture.typesSince(mark));
        assertEquals(first, fixture.only(mark, new DuplicateSuppressedDecoder())
            .firstInputIndex());
        assertEquals(openBefore, fixture.core.openQty("USDJPY", 1));
        assertEquals(hashBefore, fixture.core.stateHash(), "a duplicate changes no state");
        assertEquals(501, fixture.since(0, OrderSentDecoder.TEMPLATE_ID).size());
    }

    @Test
    void shouldSuppressATwinEvenWhenTheOriginalWasClampedOrHasFilled()
    {
        final CoreRequest r = request().trace("clamped").qty(5_000 * M);
        final CoreFixture.Sent sent = fixture.submitSent(r);
        assertEquals(1_000 * M, sent.qty);
        fixture.fill(sent, 1_000 * M, 150 * M);
        final int mark = fixture.mark();
        fixture.submit(r);
        assertEquals(List.of("RequestKeyed", "DuplicateSuppressed"), fixture.typesSince(mark));
    }

    @Test
    void shouldTreatTheSameOrderInAnotherMinuteAsANewKey()
    {
        fixture.submit(request().trace("minutes").at("2025-01-15T09:30:59.999Z"));
        final int mark = fixture.mark();
        fixture.submit(request().trace("minutes").at("2025-01-15T09:31:00Z"));
        assertTrue(fixture.typesSince(mark).contains("OrderSent"));
        final int sameMinute = fixture.mark();
        fixture.submit(request().trace("minutes").at("2025-01-15T09:31:42Z"));
        assertEquals(List.of("RequestKeyed", "DuplicateSuppressed"), fixture.typesSince(sameMinute));
    }

    @Test
    void shouldSuppressATwinThatCarriesTheKeyWhenTheFirstDidNot()
    {
        final CoreRequest r = request().trace("v1-then-v11");
        fixture.submit(r);
        final String hex = fixture.keys.computeHex(r.symbol, Side.BUY, r.qty, r.clientTsNs, r.trace);
        final int mark = fixture.mark();
        fixture.submit(request().trace("v1-then-v11").key(InputValidationTest.hexToBytes(hex)));
        assertEquals(List.of("DuplicateSuppressed"), fixture.typesSince(mark));
    }

    @Test
    void shouldDeriveTheClOrdIdFromTheKeyAndCarryTheKeyOnEveryOutboxEvent()
    {
        final CoreRequest r = request().trace("clordid");
        final int mark = fixture.mark();
        final CoreFixture.Sent sent = fixture.submitSent(r);
        final String hex = fixture.keys.computeHex(r.symbol, Side.BUY, r.qty, r.clientTsNs, r.trace);
        assertEquals("N" + hex.substring(0, 31), sent.clOrdId);
        assertEquals(1, sent.attempt);
        assertArrayEquals(InputValidationTest.hexToBytes(hex), sent.key);
        // The request carried no key: the one the engine computed is journaled once, before the events that
        // refer to the request's key (schema 3).
        final byte[] journaledKey = new byte[32];
        fixture.only(mark, new RequestKeyedDecoder()).getIdempotencyKey(journaledKey, 0, 32);
        assertArrayEquals(sent.key, journaledKey);
        assertEquals(List.of("RequestKeyed", "QualityDecision", "RiskDecision", "OutboxRecorded", "OrderSent"),
            fixture.typesSince(mark));
    }

    @Test
    void shouldJournalNoKeyOfItsOwnForARequestThatCarriesOne()
    {
        final CoreRequest r = request().trace("keyed");
        r.key(InputValidationTest.hexToBytes(fixture.keys.computeHex(r.symbol, Side.BUY, r.qty, r.clientTsNs, r.trace)));
        final int mark = fixture.mark();
        final CoreFixture.Sent sent = fixture.submitSent(r);
        assertArrayEquals(r.key, sent.key);
        // The events refer to the request, which carries the key: nothing to add.
        assertEquals(List.of("QualityDecision", "RiskDecision", "OutboxRecorded", "OrderSent"), fixture.typesSince(mark));
    }
}

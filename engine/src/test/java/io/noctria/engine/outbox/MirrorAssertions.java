package io.noctria.engine.outbox;

import io.noctria.engine.testing.Journals;
import io.noctria.engine.core.OutboxEntry;
import io.noctria.replay.OutboxProjection;

import java.nio.file.Path;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The oracle of the mirror tests: the replay's {@link OutboxProjection} folded over the same journal. The
 * mirror must hold exactly the projection's keys, with every field equal.
 */
final class MirrorAssertions
{
    private MirrorAssertions()
    {
    }

    /** @return the replay's outbox of {@code <dataDir>/journal}, read from its start. */
    static OutboxProjection project(final Path dataDir)
    {
        return Journals.readJournal(dataDir, new io.noctria.replay.Projections()).outbox();
    }

    /** Asserts the mirror holds exactly the projection's keys and states, field by field. */
    static void assertSameAsProjection(final OutboxProjection projection, final long mirrorSize,
        final Function<String, OutboxRecord> lookup)
    {
        assertEquals(projection.size(), mirrorSize, "keys mirrored");
        for (final OutboxEntry expected : projection.entries())
        {
            final String key = expected.idempotencyKey();
            final OutboxRecord actual = lookup.apply(key);
            assertNotNull(actual, "mirror lacks key " + key);
            assertEquals(key, actual.idempotencyKey());
            assertEquals(expected.state(), actual.state(), key + " state");
            assertEquals(expected.firstIndex(), actual.firstIndex(), key + " firstIndex");
            assertEquals(expected.inputIndex(), actual.inputIndex(), key + " inputIndex");
            assertEquals(expected.traceId(), actual.traceId(), key + " traceId");
            assertEquals(expected.symbol(), actual.symbol(), key + " symbol");
            assertEquals(expected.side(), actual.side(), key + " side");
            assertEquals(expected.qty(), actual.qty(), key + " qty");
            assertEquals(expected.price(), actual.price(), key + " price");
            assertEquals(expected.orderType(), actual.orderType(), key + " orderType");
            assertEquals(expected.timeInForce(), actual.timeInForce(), key + " timeInForce");
            assertEquals(expected.clOrdId(), actual.clOrdId(), key + " clOrdId");
            assertEquals(expected.createdNs(), actual.createdNs(), key + " createdNs");
            assertEquals(expected.sentNs(), actual.sentNs(), key + " sentNs");
            assertEquals(expected.brokerOrderId(), actual.brokerOrderId(), key + " brokerOrderId");
            assertEquals(expected.lastResponse(), actual.lastResponse(), key + " lastResponse");
            assertEquals(expected.filledQty(), actual.filledQty(), key + " filledQty");
            assertEquals(expected.avgFillPrice(), actual.avgFillPrice(), key + " avgFillPrice");
            assertEquals(expected.sends(), actual.sends(), key + " sends");
            assertEquals(expected.retries(), actual.retries(), key + " retries");
            assertEquals(expected.sendFailures(), actual.sendFailures(), key + " sendFailures");
            assertEquals(expected.duplicatesSuppressed(), actual.duplicatesSuppressed(), key + " duplicatesSuppressed");
            assertEquals(expected.terminalIndex(), actual.terminalIndex(), key + " terminalIndex");
        }
    }
}

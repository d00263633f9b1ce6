package io.noctria.engine.outbox;

import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.codecs.sbe.FillType;
import io.noctria.codecs.sbe.Side;
import io.noctria.replay.OutboxProjection;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.noctria.engine.outbox.MirrorAssertions.assertSameAsProjection;
import static io.noctria.engine.outbox.MirrorAssertions.project;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random journals, including what a sound engine never writes (reports before records, fills after a reject,
 * a key recorded twice, reports for unknown keys, notionals beyond 64 bits), followed in chunks with restarts
 * and crash-like checkpoint rewinds in between: the mirror must end exactly where the replay's projection does.
 */
class MirrorProjectionEquivalenceTest
{
    private static final int KEYS = 12;
    private static final int CHUNKS = 4;
    private static final int EVENTS_PER_CHUNK = 250;

    @TempDir
    Path data;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void shouldEndWhereTheReplayProjectionEndsOnRandomJournals(final long seed)
    {
        final Random random = new Random(seed);
        final List<Long> indexes = new ArrayList<>();
        for (int chunk = 0; chunk < CHUNKS; chunk++)
        {
            try (JournalScript journal = JournalScript.open(data))
            {
                for (int i = 0; i < EVENTS_PER_CHUNK; i++)
                {
                    indexes.add(randomEvent(journal, random));
                }
            }
            try (OutboxMirror mirror = OutboxMirror.open(data, 1_000))
            {
                mirror.catchUp();
            }
            // As if the follower had crashed before checkpointing its last batches: entries ahead of the checkpoint.
            MirrorFiles.rewindCheckpoint(data, random.nextInt(5) == 0 ? -1 : indexes.get(random.nextInt(indexes.size())));
        }
        final OutboxProjection expected = project(data);
        try (OutboxMirror mirror = OutboxMirror.open(data, 1_000))
        {
            mirror.catchUp();
            assertSameAsProjection(expected, mirror.size(), mirror::lookup);
            assertTrue(expected.size() > KEYS / 2, "the journals exercise most keys");
        }
    }

    private static long randomEvent(final JournalScript journal, final Random random)
    {
        // Keys beyond KEYS are never recorded: their reports are unmatched.
        final int n = 1 + random.nextInt(KEYS + 2);
        final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        final long qty = 1_000_000L * (1 + random.nextInt(10));
        final long price = JournalScript.PRICE + random.nextInt(1_000_000);
        final long brokerOrderId = 9_000 + n;
        switch (random.nextInt(13))
        {
            case 0:
            case 1:
                return n <= KEYS ? journal.outboxRecorded(n, random.nextInt(1_000), side, qty, price) : journal.engineStarted();
            case 2:
                return journal.orderSent(n, random.nextInt(1_000), 1 + random.nextInt(3), side, qty, price);
            case 3:
                return journal.brokerAck(n, brokerOrderId);
            case 4:
                return journal.fill(n, brokerOrderId, qty, price, FillType.PARTIAL);
            case 5:
                // 10^6 units at 10^6: a notional of 10^24 at scale 10^12, past 64 bits.
                return random.nextInt(4) == 0 ?
                    journal.fill(n, brokerOrderId, 1_000_000_000_000L, 1_000_000_000_000L + random.nextInt(999), FillType.FULL) :
                    journal.fill(n, brokerOrderId, qty, price, FillType.FULL);
            case 6:
                return journal.brokerReject(n);
            case 7:
                return journal.expired(n, brokerOrderId);
            case 8:
                return journal.canceled(n, brokerOrderId);
            case 9:
                return journal.sendFailed(n, 1 + random.nextInt(3), random.nextInt(3) == 0);
            case 10:
                return journal.duplicateSuppressed(n, random.nextInt(1_000), 0);
            case 11:
                // Reconciliation after a restart: any engine state, sometimes with adopted fills, may reopen a
                // terminal entry; mirror and projection must agree on it.
                return journal.orderReconciled(n, EngineOrderState.get((short)(1 + random.nextInt(8))),
                    random.nextBoolean() ? qty : 0, price, random.nextBoolean() ? brokerOrderId : 0);
            default:
                return random.nextBoolean() ? journal.orderRequest(n, qty) : journal.foreignExcerpt();
        }
    }
}

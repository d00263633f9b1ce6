package io.noctria.engine.outbox;

import io.noctria.codecs.sbe.BrokerErrorCode;
import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.codecs.sbe.FillType;
import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;
import io.noctria.replay.OutboxProjection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;

import static io.noctria.engine.outbox.JournalScript.PRICE;
import static io.noctria.engine.outbox.JournalScript.QTY;
import static io.noctria.engine.outbox.JournalScript.SYMBOL;
import static io.noctria.engine.outbox.JournalScript.key;
import static io.noctria.engine.outbox.MirrorAssertions.assertSameAsProjection;
import static io.noctria.engine.outbox.MirrorAssertions.project;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxMirrorTest
{
    private static final long CAPACITY = 1_000;

    @TempDir
    Path data;

    @Test
    void shouldHoldEveryKeyInTheStateTheReplayProjectionComputes()
    {
        final Scenario scenario = Scenario.writeTo(data);

        try (OutboxMirror mirror = OutboxMirror.open(data, CAPACITY))
        {
            final int read = mirror.catchUp();

            assertEquals(scenario.excerpts, read);
            assertEquals(scenario.lastIndex, mirror.appliedIndex());
            assertEquals(6, mirror.size());
            assertEquals(scenario.outboxEvents, mirror.eventsApplied());
            assertEquals(1, mirror.unmatchedReports(), "the ack for a key never recorded");
            assertNull(mirror.failure());
            assertSameAsProjection(project(data), mirror.size(), mirror::lookup);

            final OutboxRecord filled = mirror.lookup(key(1));
            assertEquals(EngineOrderState.FILLED, filled.state());
            assertEquals(JournalScript.trace(1), filled.traceId());
            assertEquals(SYMBOL, filled.symbol());
            assertEquals(Side.BUY, filled.side());
            assertEquals(OrderType.MARKET, filled.orderType());
            assertEquals(TimeInForce.DAY, filled.timeInForce());
            assertEquals(JournalScript.clOrdId(1), filled.clOrdId());
            assertEquals(QTY, filled.filledQty());
            // (1 x 150.26 + 3 x 150.27) / 4 = 150.2675
            assertEquals(150_267_500L, filled.avgFillPrice());
            assertEquals(9_001, filled.brokerOrderId());
            assertEquals("Fill", filled.lastResponse());
            assertEquals(2, filled.duplicatesSuppressed());
            assertEquals(1, filled.sends());
            assertEquals(scenario.fullFill1, filled.terminalIndex());
            assertEquals(scenario.duplicate1, filled.lastAppliedIndex());

            final OutboxRecord rejected = mirror.lookup(key(2));
            assertEquals(EngineOrderState.REJECTED, rejected.state(), "a fill after the reject never reopens the order");
            assertEquals(0, rejected.filledQty(), "nor is booked: the engine ignores a fill on a rejected order");

            final OutboxRecord expired = mirror.lookup(key(3));
            assertEquals(EngineOrderState.EXPIRED, expired.state());
            assertEquals(2, expired.sends());
            assertEquals(1, expired.retries());
            assertEquals(1, expired.sendFailures());
            assertEquals(9_003, expired.brokerOrderId());

            assertEquals(EngineOrderState.SENT, mirror.lookup(key(4)).state(), "gave up after a timeout: in doubt, as in the engine");
            assertEquals(EngineOrderState.CANCELED, mirror.lookup(key(5)).state());
            final OutboxRecord recordedOnly = mirror.lookup(key(6));
            assertEquals(EngineOrderState.NEW, recordedOnly.state());
            assertEquals(OutboxRecord.NO_TIME, recordedOnly.sentNs());
            assertEquals(OutboxRecord.NONE, recordedOnly.avgFillPrice());
            assertEquals(OutboxRecord.NONE, recordedOnly.brokerOrderId());
            assertNull(recordedOnly.lastResponse());
        }
    }

    @Test
    void shouldResumeAfterItsCheckpointWithoutReapplyingAnything()
    {
        final long firstRunLast;
        try (JournalScript journal = JournalScript.open(data))
        {
            journal.filledOrder(1, QTY);
            final long input = journal.orderRequest(2, QTY);
            journal.outboxRecorded(2, input, Side.SELL, QTY, PRICE);
            firstRunLast = journal.orderSent(2, input, 1, Side.SELL, QTY, PRICE);
        }
        try (OutboxMirror mirror = OutboxMirror.open(data, CAPACITY))
        {
            assertEquals(9, mirror.catchUp());
            assertEquals(firstRunLast, mirror.appliedIndex());
            assertEquals(EngineOrderState.SENT, mirror.lookup(key(2)).state());
        }

        final long secondRunLast;
        try (JournalScript journal = JournalScript.open(data))
        {
            journal.brokerAck(2, 9_002);
            journal.fill(2, 9_002, QTY, PRICE, FillType.FULL);
            journal.duplicateSuppressed(1, journal.orderRequest(1, QTY), 0);
            secondRunLast = journal.filledOrder(7, QTY);
        }
        try (OutboxMirror mirror = OutboxMirror.open(data, CAPACITY))
        {
            assertEquals(firstRunLast, mirror.appliedIndex(), "reopened at its checkpoint");
            assertEquals(EngineOrderState.SENT, mirror.lookup(key(2)).state(), "nothing applied before catching up");

            // 2 reports + request + duplicate + 6 events of order 7: only what was appended since.
            assertEquals(10, mirror.catchUp());
            assertEquals(10, mirror.excerptsRead());
            assertEquals(8, mirror.eventsApplied(), "every outbox event after the checkpoint, once");
            assertEquals(0, mirror.eventsSkipped(), "nothing before the checkpoint was read again");
            assertEquals(secondRunLast, mirror.appliedIndex());
            assertEquals(EngineOrderState.FILLED, mirror.lookup(key(2)).state());
            assertEquals(1, mirror.lookup(key(1)).duplicatesSuppressed());
            assertSameAsProjection(project(data), mirror.size(), mirror::lookup);
        }
    }

    @Test
    void shouldApplyEachEventOnceWhenItsCheckpointLagsTheEntries()
    {
        final Scenario scenario = Scenario.writeTo(data);
        try (OutboxMirror mirror = OutboxMirror.open(data, CAPACITY))
        {
            mirror.catchUp();
        }
        final OutboxProjection expected = project(data);

        // What a crash between an entry update and its batch's checkpoint leaves: entries ahead of the checkpoint.
        MirrorFiles.rewindCheckpoint(data, scenario.partialFill1);
        try (OutboxMirror mirror = OutboxMirror.open(data, CAPACITY))
        {
            assertEquals(scenario.partialFill1, mirror.appliedIndex());
            final int reread = mirror.catchUp();

            assertEquals(scenario.excerpts - scenario.excerptsThroughPartialFill1, reread);
            assertEquals(0, mirror.eventsApplied(), "every event was in its entry already");
            assertTrue(mirror.eventsSkipped() > 0);
            assertSameAsProjection(expected, mirror.size(), mirror::lookup);
        }

        MirrorFiles.rewindCheckpoint(data, -1);
        try (OutboxMirror mirror = OutboxMirror.open(data, CAPACITY))
        {
            assertEquals(scenario.excerpts, mirror.catchUp());
            assertEquals(0, mirror.eventsApplied());
            assertEquals(scenario.outboxEvents, mirror.eventsSkipped());
            assertSameAsProjection(expected, mirror.size(), mirror::lookup);
            assertEquals(2, mirror.lookup(key(1)).duplicatesSuppressed(), "duplicates not counted twice");
            assertEquals(QTY, mirror.lookup(key(1)).filledQty(), "fills not counted twice");
        }
    }

    @Test
    void shouldRecoverTheMapAfterAFollowerDiedWithoutClosing() throws Exception
    {
        Scenario.writeTo(data);
        try (OutboxMirror mirror = OutboxMirror.open(data, CAPACITY))
        {
            mirror.catchUp();
            assertFalse(mirror.recoveredOnOpen());
        }
        final OutboxProjection expected = project(data);
        // A killed follower leaves its lock file saying "open".
        Files.write(data.resolve("outbox").resolve(FollowerLock.FILE_NAME), "open\n".getBytes(StandardCharsets.US_ASCII));

        try (OutboxMirror mirror = OutboxMirror.open(data, CAPACITY))
        {
            assertTrue(mirror.recoveredOnOpen());
            assertEquals(0, mirror.catchUp());
            assertSameAsProjection(expected, mirror.size(), mirror::lookup);
        }
        try (OutboxMirror mirror = OutboxMirror.open(data, CAPACITY))
        {
            assertFalse(mirror.recoveredOnOpen(), "a clean close needs no recovery next time");
        }
    }

    @Test
    void shouldCreateItsDirectoryAndFilesOwnerOnly() throws Exception
    {
        final Path dataDir = data.resolve("fresh");
        try (JournalScript journal = JournalScript.open(dataDir))
        {
            journal.filledOrder(1, QTY);
        }
        try (OutboxMirror mirror = OutboxMirror.open(dataDir, CAPACITY))
        {
            mirror.catchUp();
            assertEquals(dataDir.resolve("outbox").resolve("outbox.dat"), mirror.file());
        }

        final Path dir = dataDir.resolve("outbox");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("outbox.dat"))));
        assertEquals("rw-------",
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(FollowerLock.FILE_NAME))));

        // A file that lost its mode (copied with the umask's) is made owner-only again on open.
        Files.setPosixFilePermissions(dir.resolve("outbox.dat"), PosixFilePermissions.fromString("rw-r--r--"));
        OutboxMirror.open(dataDir, CAPACITY).close();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("outbox.dat"))));
    }

    @Test
    void shouldAllowOneFollowerAndAnyNumberOfLookups()
    {
        try (JournalScript journal = JournalScript.open(data))
        {
            final long input = journal.orderRequest(1, QTY);
            journal.outboxRecorded(1, input, Side.BUY, QTY, PRICE);
            try (OutboxMirror mirror = OutboxMirror.open(data, CAPACITY))
            {
                final IllegalStateException second =
                    assertThrows(IllegalStateException.class, () -> OutboxMirror.open(data, CAPACITY));
                assertTrue(second.getMessage().contains("already has a follower"), second.getMessage());
                assertTrue(second.getMessage().contains(FollowerLock.FILE_NAME), second.getMessage());

                mirror.catchUp();
                try (OutboxLookup lookup = OutboxLookup.open(data))
                {
                    assertEquals(1, lookup.size());
                    assertEquals(EngineOrderState.NEW, lookup.lookup(key(1)).state());
                    assertEquals(mirror.appliedIndex(), lookup.appliedIndex());

                    // A second mapping of the file sees the follower's next updates as they are made.
                    journal.orderSent(1, input, 1, Side.BUY, QTY, PRICE);
                    journal.brokerAck(1, 77);
                    mirror.catchUp();
                    final OutboxRecord seen = lookup.lookup(HexFormat.of().formatHex(key(1)));
                    assertEquals(EngineOrderState.ACKED, seen.state());
                    assertEquals(77, seen.brokerOrderId());
                    assertEquals(mirror.appliedIndex(), lookup.appliedIndex());
                }
            }
        }
    }

    @Test
    void shouldRejectASendTheEngineGaveUpOnAsTheProjectionDoes()
    {
        try (JournalScript journal = JournalScript.open(data))
        {
            journal.outboxRecorded(1, 1, Side.BUY, QTY, PRICE);
            journal.orderSent(1, 1, 1, Side.BUY, QTY, PRICE);
            journal.sendFailed(1, 1, false, BrokerErrorCode.SERVER_ERROR);
            journal.orderSent(1, 1, 2, Side.BUY, QTY, PRICE);
            journal.sendFailed(1, 2, false, BrokerErrorCode.SERVER_ERROR);
            journal.sendFailedAlert(1);
            journal.outboxRecorded(2, 2, Side.SELL, QTY, PRICE);
            journal.orderSent(2, 2, 1, Side.SELL, QTY, PRICE);
            journal.sendFailed(2, 1, false, BrokerErrorCode.SERVER_ERROR);
            journal.orderSent(2, 2, 2, Side.SELL, QTY, PRICE);
        }
        try (OutboxMirror mirror = OutboxMirror.open(data, CAPACITY))
        {
            mirror.catchUp();
            assertEquals(EngineOrderState.REJECTED, mirror.lookup(key(1)).state(), "the engine's SEND_FAILED alert");
            assertEquals(EngineOrderState.SENT, mirror.lookup(key(2)).state(), "the engine retried");
            assertSameAsProjection(project(data), mirror.size(), mirror::lookup);
        }
    }

    @Test
    void shouldAnswerNullForAKeyItHasNotSeenAndRefuseMalformedKeys()
    {
        try (JournalScript journal = JournalScript.open(data))
        {
            journal.filledOrder(1, QTY);
        }
        try (OutboxMirror mirror = OutboxMirror.open(data, CAPACITY))
        {
            mirror.catchUp();
            assertNull(mirror.lookup(key(2)));
            assertNull(mirror.lookup(EntryLayout.META_KEY), "the header entry is not an order");
            assertNotNull(mirror.lookup(HexFormat.of().formatHex(key(1)).toUpperCase()));

            final IllegalArgumentException shortKey =
                assertThrows(IllegalArgumentException.class, () -> mirror.lookup(new byte[16]));
            assertTrue(shortKey.getMessage().contains("32 bytes, not 16"), shortKey.getMessage());
            final IllegalArgumentException notHex =
                assertThrows(IllegalArgumentException.class, () -> mirror.lookup("zz".repeat(32)));
            assertTrue(notHex.getMessage().contains("64 hex digits"), notHex.getMessage());
        }
    }

    /** Six orders through every outcome, unrelated and invalid excerpts, a report for an unknown key. */
    private static final class Scenario
    {
        int excerpts;
        int outboxEvents;
        long lastIndex;
        long partialFill1;
        int excerptsThroughPartialFill1;
        long fullFill1;
        long duplicate1;

        /** Writes the scenario as the whole journal of {@code data}. */
        static Scenario writeTo(final Path data)
        {
            try (JournalScript journal = JournalScript.open(data))
            {
                return write(journal);
            }
        }

        static Scenario write(final JournalScript journal)
        {
            final Scenario scenario = new Scenario();
            journal.engineStarted();

            final long input1 = journal.orderRequest(1, QTY);
            journal.outboxRecorded(1, input1, Side.BUY, QTY, PRICE);
            journal.orderSent(1, input1, 1, Side.BUY, QTY, PRICE);
            journal.brokerAck(1, 9_001);
            scenario.partialFill1 = journal.fill(1, 9_001, 1_000_000, 150_260_000, FillType.PARTIAL);
            scenario.excerptsThroughPartialFill1 = 6;
            journal.duplicateSuppressed(1, journal.orderRequest(1, QTY), input1);

            final long input2 = journal.orderRequest(2, QTY);
            journal.outboxRecorded(2, input2, Side.SELL, QTY, PRICE);
            journal.orderSent(2, input2, 1, Side.SELL, QTY, PRICE);
            journal.brokerReject(2);

            final long input3 = journal.orderRequest(3, QTY);
            journal.outboxRecorded(3, input3, Side.BUY, QTY, PRICE);
            journal.orderSent(3, input3, 1, Side.BUY, QTY, PRICE);
            journal.sendFailed(3, 1, false);
            journal.orderSent(3, input3, 2, Side.BUY, QTY, PRICE);
            journal.brokerAck(3, 9_003);
            journal.fill(3, 9_003, 1_000_000, PRICE, FillType.PARTIAL);
            journal.expired(3, 9_003);

            final long input4 = journal.orderRequest(4, QTY);
            journal.outboxRecorded(4, input4, Side.BUY, QTY, PRICE);
            journal.orderSent(4, input4, 1, Side.BUY, QTY, PRICE);
            journal.sendFailed(4, 1, true);

            scenario.fullFill1 = journal.fill(1, 9_001, 3_000_000, 150_270_000, FillType.FULL);
            journal.foreignExcerpt();
            journal.fill(2, 9_002, 1_000_000, PRICE, FillType.FULL);

            final long input5 = journal.orderRequest(5, QTY);
            journal.outboxRecorded(5, input5, Side.SELL, QTY, PRICE);
            journal.orderSent(5, input5, 1, Side.SELL, QTY, PRICE);
            journal.brokerAck(5, 9_005);
            journal.canceled(5, 9_005);

            journal.outboxRecorded(6, journal.orderRequest(6, QTY), Side.BUY, QTY, PRICE);
            journal.brokerAck(99, 9_099);
            scenario.duplicate1 = journal.duplicateSuppressed(1, journal.orderRequest(1, QTY), input1);
            scenario.lastIndex = scenario.duplicate1;
            // 1 start + 5 (order 1) + 2 (dup) + 4 (order 2) + 8 (order 3) + 4 (order 4) + 3 (fill, foreign, late fill)
            // + 5 (order 5) + 2 (order 6) + 1 (unknown ack) + 2 (dup)
            scenario.excerpts = 37;
            // Outbox events applied to an entry: all but 8 requests, the start, the foreign excerpt and the unknown ack.
            scenario.outboxEvents = 37 - 8 - 1 - 1 - 1;
            return scenario;
        }
    }
}

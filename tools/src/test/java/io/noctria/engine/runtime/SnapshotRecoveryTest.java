package io.noctria.engine.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.noctria.codecs.sbe.StopReason;
import io.noctria.engine.badinput.InboundCases;
import io.noctria.engine.badinput.MatrixEngine;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.core.ControlSignatures;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.engine.core.IdempotencyKeys;
import io.noctria.engine.testing.Directories;
import io.noctria.engine.testing.Tests;
import io.noctria.engine.broker.SimulatedBroker;
import io.noctria.engine.broker.SimulatedBrokerSettings;
import io.noctria.engine.testing.Cli;
import io.noctria.engine.testing.CommandResult;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots through the real engine: a run with {@code snapshot.every_inputs} leaves the newest
 * {@link SnapshotStore#KEEP} snapshots, the last at its EngineStopped; the next start recovers from it (and says
 * so, with the index) to the state the stop journaled, which is also the state replaying the whole journal
 * rebuilds; a snapshot with a flipped byte, or one the journal no longer explains, is passed over loudly for an
 * older one or the whole journal.
 */
class SnapshotRecoveryTest
{
    private static final String ENGINE_YML = "idempotency: {require_key: false}\nclock: {max_skew_ms: " +
        MatrixEngine.MAX_SKEW_MS + "}\nsnapshot: {every_inputs: 25}\n" +
        // Small books: recovery builds a core per snapshot it tries, and the default books are ~100 MB each.
        "outbox: {capacity: 4096, trace_capacity: 4096}\n";
    private static final int BATCH = 30;
    private static final EngineConfig CONFIG = EngineConfig.parse("snapshot-engine.yml",
        ENGINE_YML.getBytes(StandardCharsets.UTF_8));
    private static final RiskPolicy POLICY = RiskPolicy.parse("snapshot-policy.yml", ("default:\n" +
        "  max_position_notional: 1000000000\n  max_order_qty: 1000000\n  trading_hours_utc: [\"00:00-24:00\"]\n" +
        "  max_consecutive_losses: 1000\n  shrink_after_losses_pct: 50\n").getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path data;

    /** Beside the data directory, not in it; its own temporary directory, so nothing is left behind in /tmp. */
    @TempDir
    Path scratch;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger recoveryLog = (Logger)LoggerFactory.getLogger(Recovery.class);

    @BeforeEach
    void captureRecoveryLog()
    {
        log.start();
        recoveryLog.addAppender(log);
    }

    @AfterEach
    void releaseRecoveryLog()
    {
        recoveryLog.detachAppender(log);
    }

    @Test
    void shouldRecoverFromTheNewestSnapshotToTheStateTheWholeJournalRebuilds() throws Exception
    {
        final byte[] firstStop = runWith(0, 120);
        final SnapshotStore store = SnapshotStore.open(data);
        final List<Path> afterFirst = store.newestFirst();
        assertEquals(SnapshotStore.KEEP, afterFirst.size(), afterFirst.toString());
        final long stopIndex = lastJournalIndex();
        assertEquals(stopIndex, SnapshotStore.indexOf(afterFirst.get(0)), "the stop's snapshot is at its EngineStopped");

        final Engine second = start();
        try
        {
            assertEquals(stopIndex, second.recoveredFromSnapshot());
            assertArrayEquals(firstStop, second.recoveredStateDigest(), "the stop's state, from its snapshot");
            assertTrue(logged(Level.INFO, "recovering from snapshot " + afterFirst.get(0) + " (journal index " +
                stopIndex + ")"), messages());
            append(120, 60);
            MatrixEngine.awaitConsumed(second, 60);
        }
        finally
        {
            MatrixEngine.stop(second);
        }

        final Recovery whole = recover(null);
        final Recovery fromSnapshot = recover(store);
        assertEquals(lastJournalIndex(), fromSnapshot.snapshotIndex());
        assertEquals(0, fromSnapshot.inputs(), "nothing after the stop's snapshot to replay");
        assertArrayEquals(whole.core().stateDigest(), fromSnapshot.core().stateDigest());
        assertEquals(whole.lastInboundIndex(), fromSnapshot.lastInboundIndex());
        assertEquals(whole.lastIndex(), fromSnapshot.lastIndex());
        assertTrue(whole.lastBrokerReportLength() > 0);
        assertEquals(whole.lastBrokerReportLength(), fromSnapshot.lastBrokerReportLength());
        assertEquals(0, whole.lastBrokerReport().compareTo(fromSnapshot.lastBrokerReport()),
            "the venue link resumes after the same report");

        // From an older (periodic) snapshot: the tail, EngineStopped checks included, leads to the same state.
        // (The newest periodic one may stand at the last input, with only the EngineStopped after it: then the next.)
        final List<Path> snapshots = store.newestFirst();
        Files.delete(snapshots.get(0));
        Recovery fromOlder = recover(store);
        int used = 1;
        if (0 == fromOlder.inputs())
        {
            Files.delete(snapshots.get(used++));
            fromOlder = recover(store);
        }
        assertEquals(SnapshotStore.indexOf(snapshots.get(used)), fromOlder.snapshotIndex());
        assertTrue(fromOlder.inputs() > 0);
        assertArrayEquals(whole.core().stateDigest(), fromOlder.core().stateDigest());
        assertEquals(whole.lastInboundIndex(), fromOlder.lastInboundIndex());
        assertEquals(0, whole.lastBrokerReport().compareTo(fromOlder.lastBrokerReport()));
    }

    @Test
    void shouldWritePeriodicSnapshotsFromTheReplicaWhileTheEngineRunsThatRecoverToTheWholeJournalsState()
        throws Exception
    {
        final Engine engine = start();
        final byte[] stopped;
        final List<Path> periodic;
        try (EngineCounters counters = EngineCounters.open(data))
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // The replica follows once it has recovered (on its own thread): from then on, one every 25 inputs.
            Tests.awaitCounter(counters, EngineCounter.SNAPSHOT_REPLICA_POSITION, v -> v >= 0, deadline,
                "the replica following the journal");
            append(0, 100);
            MatrixEngine.awaitConsumed(engine, 100);
            // 100 requests and their reports: at least 4 snapshots due at every 25 inputs, all by the replica.
            Tests.awaitCounter(counters, EngineCounter.SNAPSHOTS_WRITTEN, v -> v >= 4, deadline,
                "four periodic snapshots");
            final long journalAt = counters.value(EngineCounter.JOURNAL_POSITION);
            Tests.awaitCounter(counters, EngineCounter.SNAPSHOT_REPLICA_POSITION, v -> v >= journalAt, deadline,
                "the replica at journal position " + journalAt);
            assertTrue(counters.value(EngineCounter.SNAPSHOT_WRITE_MAX_NS) > 0, "the write time is measured");
            assertEquals(0, counters.value(EngineCounter.SNAPSHOT_REPLICA_FAILURES));
            assertEquals(0, counters.value(EngineCounter.SNAPSHOTS_SKIPPED));
            periodic = SnapshotStore.open(data).newestFirst();
            assertEquals(SnapshotStore.KEEP, periodic.size(), periodic.toString());
        }
        finally
        {
            stopped = engine.stop(StopReason.SHUTDOWN, TimeUnit.SECONDS.toNanos(20));
        }
        assertEquals(null, engine.fatalError());
        final SnapshotStore store = SnapshotStore.open(data);
        for (final Path file : store.newestFirst())
        {
            if (!periodic.contains(file))
            {
                Files.delete(file); // the stop's: recover from the newest one the replica wrote while running
            }
        }
        final Recovery whole = recover(null);
        final Recovery fromPeriodic = recover(store);
        assertEquals(SnapshotStore.indexOf(periodic.get(0)), fromPeriodic.snapshotIndex());
        assertArrayEquals(whole.core().stateDigest(), fromPeriodic.core().stateDigest());
        assertArrayEquals(stopped, fromPeriodic.core().stateDigest(), "the state the stop journaled");
        assertEquals(whole.lastInboundIndex(), fromPeriodic.lastInboundIndex());
        assertEquals(0, whole.lastBrokerReport().compareTo(fromPeriodic.lastBrokerReport()));
    }

    @Test
    void shouldPassOverADamagedSnapshotLoudlyForAnOlderOneThenTheWholeJournal() throws Exception
    {
        runWith(0, 90);
        final SnapshotStore store = SnapshotStore.open(data);
        final List<Path> snapshots = store.newestFirst();
        assertEquals(SnapshotStore.KEEP, snapshots.size());
        final byte[] whole = recover(null).core().stateDigest();

        flipByte(snapshots.get(0), 200);
        final Recovery fromOlder = recover(store);
        assertEquals(SnapshotStore.indexOf(snapshots.get(1)), fromOlder.snapshotIndex());
        assertArrayEquals(whole, fromOlder.core().stateDigest());
        assertTrue(logged(Level.WARN, "snapshot " + snapshots.get(0) + " not used: it fails its checksum"), messages());

        flipByte(snapshots.get(1), 9);
        flipByte(snapshots.get(2), Files.size(snapshots.get(2)) - 1);
        log.list.clear();
        final Recovery fromJournal = recover(store);
        assertEquals(-1, fromJournal.snapshotIndex());
        assertArrayEquals(whole, fromJournal.core().stateDigest());
        assertTrue(logged(Level.WARN, "snapshot " + snapshots.get(2) + " not used: it fails its checksum (CRC32C") &&
            logged(Level.WARN, "; trying the whole journal"), messages());
        assertEquals(3, log.list.stream().filter(e -> e.getLevel() == Level.WARN).count(), messages());

        // The engine starts all the same, on the state the journal explains.
        final Engine restarted = start();
        try
        {
            assertEquals(-1, restarted.recoveredFromSnapshot());
            assertArrayEquals(whole, restarted.recoveredStateDigest());
        }
        finally
        {
            MatrixEngine.stop(restarted);
        }
    }

    @Test
    void shouldNotUseASnapshotTheJournalDoesNotExplain() throws Exception
    {
        runWith(0, 30);
        final Path journalDir = new DataDirectory(data).queue(DataDirectory.JOURNAL);
        final Path backup = scratch.resolve("journal-backup");
        copyTree(journalDir, backup);
        final byte[] backupState = recover(null).core().stateDigest();
        for (final Path file : SnapshotStore.open(data).newestFirst())
        {
            Files.delete(file); // only snapshots taken after the backup remain
        }
        runWith(30, 90);
        // The journal put back from a backup older than every snapshot: none of them is explained by it.
        Directories.deleteTree(journalDir);
        copyTree(backup, journalDir);
        final SnapshotStore store = SnapshotStore.open(data);
        final List<Path> snapshots = store.newestFirst();
        assertEquals(SnapshotStore.KEEP, snapshots.size());

        final Recovery recovery = recover(store);
        assertEquals(-1, recovery.snapshotIndex());
        assertArrayEquals(backupState, recovery.core().stateDigest());
        for (final Path snapshot : snapshots)
        {
            assertTrue(logged(Level.WARN, "snapshot " + snapshot + " not used: the journal holds no frame at its " +
                "journal index " + SnapshotStore.indexOf(snapshot)), messages());
        }
    }

    private static void copyTree(final Path from, final Path to) throws java.io.IOException
    {
        try (java.util.stream.Stream<Path> files = Files.walk(from))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
            }
        }
    }

    @Test
    void shouldRemoveTheSnapshotsOfAJournalThatIsGone() throws Exception
    {
        runWith(0, 30);
        final SnapshotStore store = SnapshotStore.open(data);
        final List<Path> earlier = store.newestFirst();
        assertTrue(earlier.size() >= 2, earlier.toString());
        // As run --demo --fresh empties it; the last run's counters go too (they are evidence of the old journal).
        Directories.deleteTree(new DataDirectory(data).queue(DataDirectory.JOURNAL));
        Files.deleteIfExists(data.resolve("cnc.dat"));

        final Engine fresh = start();
        final byte[] stopped;
        try
        {
            assertEquals(-1, fresh.recoveredFromSnapshot());
            for (final Path file : earlier)
            {
                assertTrue(logged(Level.WARN, "snapshot " + file + " belongs to a journal that is no longer there"),
                    messages());
            }
        }
        finally
        {
            stopped = fresh.stop(StopReason.SHUTDOWN, TimeUnit.SECONDS.toNanos(20));
        }
        // The new journal's own snapshots (the inbound requests were taken again) are the newest, and verify.
        final List<Path> now = store.newestFirst();
        assertEquals(lastJournalIndex(), SnapshotStore.indexOf(now.get(0)), now.toString());
        log.list.clear();
        final Recovery recovery = recover(store);
        assertEquals(lastJournalIndex(), recovery.snapshotIndex());
        assertArrayEquals(stopped, recovery.core().stateDigest());
        assertEquals(0, log.list.stream().filter(e -> e.getLevel() == Level.WARN).count(), messages());
    }

    @Test
    void shouldStopTheReplicaLoudlyWhenItsStateIsNotTheOneAStopJournaled() throws Exception
    {
        runWith(0, 30);
        final Path journalDir = new DataDirectory(data).queue(DataDirectory.JOURNAL);
        final Path agentDir = Files.createDirectories(scratch.resolve("replica"));
        final ListAppender<ILoggingEvent> agentLog = new ListAppender<>();
        final Logger agentLogger = (Logger)LoggerFactory.getLogger(SnapshotAgent.class);
        agentLog.start();
        agentLogger.addAppender(agentLog);
        // A replica that decides otherwise than the engine (another secret: the requests' tags no longer verify).
        final byte[] otherSecret = "another-secret-of-at-least-32-bytes-long".getBytes(StandardCharsets.US_ASCII);
        try (CountersFile counters = CountersFile.create(agentDir, org.agrona.concurrent.SystemEpochClock.INSTANCE))
        {
            // It starts from the first run's stop snapshot (nothing to re-decide), then follows a second run.
            final SnapshotAgent replica = new SnapshotAgent(SnapshotStore.open(data), counters,
                () -> new ExecutionCore(CONFIG, POLICY, new IdempotencyKeys(otherSecret), (buffer, offset, length) -> { },
                () -> 0), journalDir, 1_000_000);
            replica.onStart();
            assertEquals(0, counters.counter(EngineCounter.SNAPSHOT_REPLICA_FAILURES).get(), agentLog.list.toString());
            runWith(30, 30);
            final List<Path> snapshots = SnapshotStore.open(data).newestFirst();
            int applied = 0;
            for (int frames; (frames = replica.doWork()) > 0; )
            {
                applied += frames;
            }
            assertTrue(applied > 30, "the replica followed the second run: " + applied + " frames");
            assertEquals(1, counters.counter(EngineCounter.SNAPSHOT_REPLICA_FAILURES).get(), agentLog.list.toString());
            assertTrue(agentLog.list.stream().anyMatch(e -> e.getLevel() == Level.ERROR &&
                e.getFormattedMessage().contains("snapshot replica stopped") &&
                e.getFormattedMessage().contains("(EngineStopped): the run that stopped there held state")),
                agentLog.list.toString());
            assertEquals(0, replica.doWork(), "a replica that failed applies nothing more");
            assertEquals(snapshots, SnapshotStore.open(data).newestFirst(), "and writes no snapshot");
            replica.onClose();
        }
        finally
        {
            agentLogger.detachAppender(agentLog);
        }
    }

    /**
     * One run of {@code requests} requests, in batches of {@link #BATCH}: each batch brings a periodic snapshot due
     * (at least 25 inputs), and the next starts once it is written, so none is skipped for the one before.
     */
    private byte[] runWith(final int firstTrace, final int requests) throws Exception
    {
        final Engine engine = start();
        final SnapshotStore store = SnapshotStore.open(data);
        try
        {
            for (int done = 0; done < requests; done += BATCH)
            {
                final long newestBefore = newestIndex(store);
                append(firstTrace + done, Math.min(BATCH, requests - done));
                MatrixEngine.awaitConsumed(engine, Math.min(done + BATCH, requests));
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (newestIndex(store) == newestBefore)
                {
                    assertTrue(System.nanoTime() - deadline < 0, "no snapshot written after " + (done + BATCH) +
                        " requests");
                    Thread.onSpinWait();
                }
            }
        }
        finally
        {
            engine.stop(StopReason.SHUTDOWN, TimeUnit.SECONDS.toNanos(20));
        }
        assertEquals(null, engine.fatalError());
        return recover(null).core().stateDigest();
    }

    /**
     * An order action (cancel, replace, cancel-all) is an inbound input like a request: when one is the last input
     * journaled, recovery resumes inbound after it, as the live engine's stop does, and the next start reads it only
     * once. (Recovery once knew only requests, controls and policy reloads: a journal that ended in actions had them
     * read from inbound and journaled again at the next start.)
     */
    @Test
    void shouldResumeInboundAfterAnOrderActionThatEndsTheJournal() throws Exception
    {
        final Engine engine = start();
        try
        {
            append(0, 3);
            MatrixEngine.awaitConsumed(engine, 3);
            // A cancel the core takes (signed, in time) and refuses for an order it never had: no InputRejected.
            final String auth = new IdempotencyKeys(MatrixEngine.SECRET.getBytes(StandardCharsets.US_ASCII))
                .actionTagHex(false, IdempotencyKeys.fromHex("cd".repeat(32)), IdempotencyKeys.fromHex("ab".repeat(32)),
                    0, 0, MatrixEngine.START_NS, "snapshot-cancel", "");
            final Path actions = Files.writeString(scratch.resolve("actions.jsonl"),
                "{\"action\":\"cancel\",\"orig_idempotency_key\":\"" + "ab".repeat(32) + "\",\"idempotency_key\":\"" +
                "cd".repeat(32) + "\",\"trace_id\":\"snapshot-cancel\",\"ts\":\"" +
                Instant.ofEpochSecond(0, MatrixEngine.START_NS) + "\",\"auth\":\"" + auth + "\"}\n");
            assertEquals(0, Cli.run("submit", "--data-dir", data.toString(),
                actions.toString()));
            MatrixEngine.awaitConsumed(engine, 4);
        }
        finally
        {
            MatrixEngine.stop(engine);
        }
        final long lastInbound;
        try (Journal inbound = Journal.open(new DataDirectory(data).queue(DataDirectory.INBOUND),
            JournalConfig.defaults().withSharedWriters()))
        {
            lastInbound = inbound.lastIndex();
        }
        final CommandResult rejected = Cli.execute("tail",
            "--data-dir", data.toString(), "--type", "InputRejected", "--format", "json");
        assertEquals("", rejected.out(), "the cancel reached the core (an InputRejected would name its index too)");
        assertEquals(lastInbound, recover(null).lastInboundIndex(), "recovery resumes after the cancel");

        final Engine second = start();
        try
        {
            append(3, 1);
            MatrixEngine.awaitConsumed(second, 1);
        }
        finally
        {
            MatrixEngine.stop(second);
        }
        final CommandResult tail = Cli.execute("tail", "--data-dir",
            data.toString(), "--type", "OrderRequest,CancelRequest", "--format", "json");
        assertEquals(0, tail.code(), tail.toString());
        assertEquals(5, tail.out().lines().count(), "3 requests, the cancel, 1 request: each journaled once\n" + tail);
    }

    private static long newestIndex(final SnapshotStore store) throws java.io.IOException
    {
        final List<Path> files = store.newestFirst();
        return files.isEmpty() ? -1 : SnapshotStore.indexOf(files.get(0));
    }

    private Engine start()
    {
        final SimulatedBrokerSettings broker = new SimulatedBrokerSettings(1, 1_000, 0, 500, 200, 0, 0, 0, 0, 0, 0,
            4096, 512);
        final long originNs = System.nanoTime();
        return Engine.start(new EngineContext(data, CONFIG, POLICY,
            MatrixEngine.SECRET.getBytes(StandardCharsets.US_ASCII), false,
            (sink, linkCounters) -> new SimulatedBroker(broker, sink),
            () -> MatrixEngine.START_NS + (System.nanoTime() - originNs))
            .withOperators(List.of(new OperatorKeys.Operator(MatrixEngine.OPERATOR,
                ControlSignatures.rawPublicKey(MatrixEngine.OPERATOR_KEY.getPublic())))));
    }

    private void append(final int firstTrace, final int requests)
    {
        try (Journal inbound = Journal.open(new DataDirectory(data).queue(DataDirectory.INBOUND),
            JournalConfig.defaults().withSharedWriters()))
        {
            for (int i = firstTrace; i < firstTrace + requests; i++)
            {
                final byte[] request = InboundCases.goodRequest("snapshot-" + i);
                inbound.append(new UnsafeBuffer(request), 0, request.length);
            }
        }
    }

    private Recovery recover(final SnapshotStore store)
    {
        final IdempotencyKeys keys = new IdempotencyKeys(MatrixEngine.SECRET.getBytes(StandardCharsets.US_ASCII));
        return new Recovery(() -> new ExecutionCore(CONFIG, POLICY, keys, (buffer, offset, length) -> { }, () -> 0),
            null, store).run(new DataDirectory(data).queue(DataDirectory.JOURNAL));
    }

    /** @return the index of the journal's last frame, as replaying the whole journal reads it. */
    private long lastJournalIndex()
    {
        return recover(null).lastIndex();
    }

    private static void flipByte(final Path file, final long at) throws java.io.IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        bytes[(int)at] ^= 0x10;
        Files.write(file, bytes);
    }

    private boolean logged(final Level level, final String text)
    {
        return log.list.stream().anyMatch(e -> e.getLevel() == level && e.getFormattedMessage().contains(text));
    }

    private String messages()
    {
        return log.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).collect(Collectors.joining("\n"));
    }
}

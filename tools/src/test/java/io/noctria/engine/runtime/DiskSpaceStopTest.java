package io.noctria.engine.runtime;

import io.noctria.engine.testing.Await;
import io.noctria.codecs.sbe.BooleanType;
import io.noctria.codecs.sbe.EngineStoppedDecoder;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.codecs.sbe.OrderRequestEncoder;
import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.StopReason;
import io.noctria.codecs.sbe.TimeInForce;
import io.noctria.engine.broker.SimulatedBroker;
import io.noctria.engine.broker.SimulatedBrokerSettings;
import io.noctria.engine.cli.NoctriaCli;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.testing.Journals;
import io.noctria.engine.testing.Policies;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import io.noctria.journal.JournalConsumer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Disk space: below {@code journal.min_free_mb} the engine refuses to start, and a running engine stops
 * taking inbound, drains, journals {@code EngineStopped(DISK_SPACE_LOW)} and says why. The running case
 * uses the guard's usable-space seam ({@link EngineContext#withUsableSpace}), so no disk is filled.
 */
class DiskSpaceStopTest
{
    private static final long MB = 1L << 20;

    @TempDir
    Path work;

    @Test
    void shouldRefuseToStartBelowTheThresholdCreatingNothing()
    {
        final Path dataDir = work.resolve("data");
        final EngineContext context = context(dataDir, 512).withUsableSpace(() -> 100 * MB);
        final DiskSpaceLowException refused = assertThrows(DiskSpaceLowException.class, () -> Engine.start(context));
        final String message = refused.getMessage();
        assertTrue(message.startsWith("disk space low: 100.0 MB usable on the file system of the journal " +
            dataDir.resolve("journal").toAbsolutePath()), message);
        assertTrue(message.contains("below journal.min_free_mb 512; refusing to start"), message);
        assertTrue(message.contains("Free space on that file system"), message);
        assertFalse(Files.exists(dataDir), "nothing created");
    }

    @Test
    void shouldMakeRunRefuseWithExit2WhenTheRealFileSystemHasLessThanTheThreshold() throws Exception
    {
        final long usable = Files.getFileStore(work).getUsableSpace();
        assumeTrue(usable < (1L << 40), "needs a file system with less than 1 TiB usable");
        final Path config = Files.writeString(work.resolve("engine.yml"), "journal: {min_free_mb: 1048576}\n");
        final Path policy = Files.writeString(work.resolve("policy.yml"), Policies.OPEN);
        final StringWriter err = new StringWriter();
        final int code = NoctriaCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "run", "--demo", "10",
            "--data-dir", work.resolve("data").toString(), "--config", config.toString(), "--policy", policy.toString());
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("disk space low: "), err.toString());
        assertTrue(err.toString().contains("below journal.min_free_mb 1048576; refusing to start"), err.toString());
        assertFalse(Files.exists(work.resolve("data").resolve("journal")), "no journal created");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldStopTakingInboundDrainAndJournalDiskSpaceLowWhenSpaceRunsOutWhileRunning() throws Exception
    {
        final Path dataDir = work.resolve("data");
        final DataDirectory data = new DataDirectory(dataDir);
        final AtomicLong usable = new AtomicLong(10_000 * MB);
        final CountingGateway[] venue = new CountingGateway[1];
        final EngineContext context = context(dataDir, 512, venue).withUsableSpace(usable::get);
        final int before = 2_000;
        final int after = 1_000;

        final Engine engine = Engine.start(context);
        final long lastIndexBefore;
        try (Journal inbound = Journal.open(data.queue(DataDirectory.INBOUND), JournalConfig.defaults().withSharedWriters()))
        {
            lastIndexBefore = append(inbound, 0, before);
            assertTrue(engine.awaitInboundConsumed(before, TimeUnit.SECONDS.toNanos(60)), "first requests consumed");

            usable.set(511 * MB);
            Await.await("the disk guard to trip within 10 s", 10_000, () -> engine.diskSpaceLow() != null);
            final String message = engine.diskSpaceLow();
            assertTrue(message.startsWith("disk space low: 511.0 MB usable on the file system of the journal " +
                data.queue(DataDirectory.JOURNAL).toAbsolutePath()), message);
            assertTrue(message.contains("below journal.min_free_mb 512; stopping"), message);
            assertFalse(engine.awaitInboundConsumed(before + 1, TimeUnit.SECONDS.toNanos(1)),
                "awaiting more inbound returns at once once the guard tripped");

            // Inbound written after the trip is not consumed: it waits for a start with room.
            append(inbound, before, after);
            TimeUnit.MILLISECONDS.sleep(300); // an observation window: nothing to await when nothing may happen
            assertEquals(before, engine.inboundConsumed(), "inbound not consumed past the stop");
        }
        engine.stop(StopReason.DISK_SPACE_LOW, TimeUnit.SECONDS.toNanos(30));
        assertNull(engine.fatalError());

        final Path journal = data.queue(DataDirectory.JOURNAL);
        final BurstAudit audit = Journals.readAll(journal, new BurstAudit()).finish();
        assertEquals(0, audit.violationCount, audit.toString());
        assertEquals(before, audit.requests, "the requests consumed before the stop are all journaled, none after");
        assertEquals(before, audit.sent, "each with its outcome: " + audit);
        assertEquals(lastIndexBefore, audit.lastInboundIndex());
        assertEquals(StopReason.DISK_SPACE_LOW, audit.lastStopReason);
        final LastMessage last = Journals.readAll(journal, new LastMessage());
        assertEquals(EngineStoppedDecoder.TEMPLATE_ID, last.templateId, "the journal ends with EngineStopped");
        assertEquals(lastIndexBefore, last.stoppedLastInboundIndex, "EngineStopped names the last inbound consumed");
        assertEquals(before, venue[0].firstAttemptSends, "the venue got exactly the journaled orders");
        assertEquals(audit.clOrdIdChecksum, venue[0].clOrdIdChecksum);
        assertEquals(0, venue[0].inFlight(), "drained: no order left in flight at the venue");

        // With room again, a restart takes the rest of inbound, right after the stop.
        usable.set(10_000 * MB);
        final Engine again = Engine.start(context);
        try
        {
            assertEquals(lastIndexBefore + 1, again.resumeInboundIndex());
            assertTrue(again.awaitInboundConsumed(after, TimeUnit.SECONDS.toNanos(60)), "the rest consumed");
        }
        finally
        {
            again.stop(StopReason.SHUTDOWN, TimeUnit.SECONDS.toNanos(30));
        }
        final BurstAudit all = Journals.readAll(journal, new BurstAudit()).finish();
        assertEquals(0, all.violationCount, all.toString());
        assertEquals(before + after, all.requests);
        assertEquals(before + after, all.sent, "every request sent once across the stop: " + all);
    }

    private static long append(final Journal inbound, final int first, final int count)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MessageHeaderEncoder.ENCODED_LENGTH +
            OrderRequestEncoder.BLOCK_LENGTH]);
        final OrderRequestEncoder request = new OrderRequestEncoder();
        long index = -1;
        for (int i = first; i < first + count; i++)
        {
            request.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                .inboundIndex(-1).ingressNs(0).clientTsNs(1_795_000_000_000_000_000L + i * 1_000L)
                .qty(1_000_000L).price(150_000_000L).missingRatio(0).dataLagMs(0)
                .side(i % 2 == 0 ? Side.BUY : Side.SELL).orderType(OrderType.MARKET).timeInForce(TimeInForce.DAY)
                .keyPresent(BooleanType.FALSE).symbol("USDJPY").traceId("disk-" + i).strategy("disk");
            index = inbound.append(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + request.encodedLength());
        }
        return index;
    }

    private static EngineContext context(final Path dataDir, final int minFreeMb)
    {
        return context(dataDir, minFreeMb, new CountingGateway[1]);
    }

    private static EngineContext context(final Path dataDir, final int minFreeMb, final CountingGateway[] venue)
    {
        final EngineConfig config = EngineConfig.parse("disk-engine.yml", ("idempotency: {require_key: false, require_auth: false}\nclock: {max_skew_ms: 0}\n" +
            "journal: {min_free_mb: " + minFreeMb + "}\n").getBytes(StandardCharsets.UTF_8));
        final RiskPolicy policy = RiskPolicy.parse("disk-policy.yml", Policies.OPEN.getBytes(StandardCharsets.UTF_8));
        final SimulatedBrokerSettings broker = new SimulatedBrokerSettings(3, 2_000_000, 0, 1_000_000, 100_000, 0, 0,
            0, 0, 0, 0, 4096, 512);
        return new EngineContext(dataDir, config, policy, "disk-test-secret".getBytes(StandardCharsets.US_ASCII),
            false, (sink, linkCounters) -> venue[0] = new CountingGateway(new SimulatedBroker(broker, sink)), null);
    }

    private static final class LastMessage implements JournalConsumer
    {
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final EngineStoppedDecoder stopped = new EngineStoppedDecoder();
        int templateId;
        long stoppedLastInboundIndex = Long.MIN_VALUE;

        @Override
        public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
        {
            header.wrap(buffer, offset);
            templateId = header.templateId();
            if (templateId == EngineStoppedDecoder.TEMPLATE_ID)
            {
                stopped.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                stoppedLastInboundIndex = stopped.lastInboundIndex();
            }
        }

        @Override
        public void onInvalid(final long index, final io.noctria.codecs.RecordError error, final String detail)
        {
            fail("invalid journal excerpt " + index);
        }
    }
}

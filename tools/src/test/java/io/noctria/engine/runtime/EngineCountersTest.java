package io.noctria.engine.runtime;

import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.InputRejectReason;
import io.noctria.codecs.sbe.InputRejectedDecoder;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderRequestDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.engine.badinput.InboundCase;
import io.noctria.engine.badinput.InboundCases;
import io.noctria.engine.badinput.MatrixEngine;
import io.noctria.engine.gateway.VenueLinkCounters;
import io.noctria.engine.testing.Journals;
import io.noctria.engine.testing.Tests;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import io.noctria.journal.JournalFrame;
import io.noctria.journal.JournalConsumer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The counters file agrees with the journal it describes, is owner-only, is fresh at each start, and a reader
 * refuses a file that is not one (naming the file and the field).
 */
class EngineCountersTest
{
    private static final int REQUESTS = 5;

    @TempDir
    Path work;

    @Test
    void shouldCountWhatTheJournalHoldsAndStartFreshAtEachRun() throws Exception
    {
        final Path data = work.resolve("data");
        final List<InboundCase> bad = new ArrayList<>();
        for (final InboundCase c : InboundCases.all())
        {
            if (c.reason() != null && bad.size() < 6 && bad.stream().noneMatch(b -> b.reason() == c.reason()))
            {
                bad.add(c);
            }
        }
        assertTrue(bad.size() >= 3, "the matrix has rejects of several reasons: " + bad);

        final Engine engine = MatrixEngine.start(data);
        final EngineCounters first;
        try
        {
            first = Tests.openCounters(data, ProcessHandle.current().pid(), Tests.deadline(30, TimeUnit.SECONDS));
            assertEquals(CountersFile.STATE_RUNNING, first.value(EngineCounter.ENGINE_STATE));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first.path())));
            try (Journal inbound = Journal.open(new DataDirectory(data).queue(DataDirectory.INBOUND),
                JournalConfig.defaults().withSharedWriters()))
            {
                for (int i = 0; i < REQUESTS; i++)
                {
                    final byte[] request = InboundCases.goodRequest("counted-" + i);
                    inbound.append(new UnsafeBuffer(request), 0, request.length);
                }
                for (final InboundCase c : bad)
                {
                    inbound.append(new UnsafeBuffer(c.bytes()), 0, c.bytes().length);
                }
                // One frame holding two inputs: refused whole (MALFORMED), neither request decided.
                final byte[] one = InboundCases.goodRequest("framed-twice-0");
                final byte[] two = InboundCases.goodRequest("framed-twice-1");
                final JournalFrame frame = new JournalFrame(1024);
                frame.reset().add(new UnsafeBuffer(one), 0, one.length);
                frame.add(new UnsafeBuffer(two), 0, two.length);
                inbound.beginFrame();
                inbound.commitFrame(frame);
            }
            final long deadline = Tests.deadline(60, TimeUnit.SECONDS);
            Tests.awaitCounter(first, EngineCounter.INBOUND_CONSUMED, REQUESTS + bad.size() + 1, deadline);
            Tests.awaitCounter(first, EngineCounter.ORDER_REQUESTS, v -> v >= REQUESTS, deadline, "requests decided");
            assertTrue(first.value(EngineCounter.INGRESS_MAX_CYCLE_NS) > 0, "the ingress agent measures its cycles");
        }
        finally
        {
            MatrixEngine.stop(engine);
        }

        final JournalCounts journal = JournalCounts.of(data);
        assertEquals(CountersFile.STATE_STOPPED, first.value(EngineCounter.ENGINE_STATE));
        assertEquals(journal.lastIndex, first.value(EngineCounter.JOURNAL_POSITION), "EngineStopped is the last record");
        assertEquals(-1, first.value(EngineCounter.OUTBOX_MIRROR_POSITION), "this engine keeps no outbox mirror");
        assertEquals(journal.orderRequests, first.value(EngineCounter.ORDER_REQUESTS));
        assertEquals(0, journal.framedTwiceDecided, "neither input of the two-input inbound frame was decided");
        assertEquals(1, journal.twoInputFramesRefused, journal.toString());
        assertEquals(journal.ordersSent, first.value(EngineCounter.ORDERS_SENT));
        assertTrue(first.value(EngineCounter.ORDERS_SENT) > 0, journal.toString());
        assertEquals(first.value(EngineCounter.ORDERS_SENT), first.value(EngineCounter.ORDERS_HANDED_TO_BROKER));
        assertEquals(first.value(EngineCounter.REPORTS_PUBLISHED), first.value(EngineCounter.BROKER_REPORTS));
        for (final InputRejectReason reason : InputRejectReason.values())
        {
            if (reason != InputRejectReason.NULL_VAL)
            {
                assertEquals(journal.rejects.getOrDefault(reason, 0L).longValue(), first.rejects(reason), reason.name());
            }
        }
        assertEquals(0, first.value(EngineCounter.ERRORS));
        assertEquals(0, first.readErrors((count, firstMs, lastMs, text) -> fail(text)));

        // A restart lays the file out afresh: the old mapping keeps the old run's final values.
        final Engine second = MatrixEngine.start(data);
        try (EngineCounters fresh = Tests.openCounters(data, ProcessHandle.current().pid(),
            Tests.deadline(30, TimeUnit.SECONDS)))
        {
            assertEquals(0, fresh.value(EngineCounter.ORDER_REQUESTS));
            assertEquals(CountersFile.STATE_RUNNING, fresh.value(EngineCounter.ENGINE_STATE));
            assertEquals(journal.orderRequests, first.value(EngineCounter.ORDER_REQUESTS));
        assertEquals(0, journal.framedTwiceDecided, "neither input of the two-input inbound frame was decided");
        assertEquals(1, journal.twoInputFramesRefused, journal.toString());
        }
        finally
        {
            MatrixEngine.stop(second);
            first.close();
        }
    }

    @Test
    void shouldRefuseAFileThatIsNotACountersFileNamingItAndTheField() throws Exception
    {
        final Path data = Files.createDirectories(work.resolve("bad"));
        final Path file = data.resolve(CountersFile.FILE_NAME);

        IllegalStateException ex = assertThrows(IllegalStateException.class, () -> EngineCounters.open(data));
        assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());

        Files.write(file, new byte[10]);
        ex = assertThrows(IllegalStateException.class, () -> EngineCounters.open(data));
        assertTrue(ex.getMessage().contains(file + ": size 10"), ex.getMessage());

        Files.write(file, new byte[CountersFile.FILE_LENGTH]);
        ex = assertThrows(IllegalStateException.class, () -> EngineCounters.open(data));
        assertTrue(ex.getMessage().contains(file + ": magic 0"), ex.getMessage());

        try (CountersFile counters = CountersFile.create(data, () -> 1L))
        {
            counters.counter(EngineCounter.INPUTS).setOrdered(7);
        }
        try (EngineCounters good = EngineCounters.open(data))
        {
            assertEquals(7, good.value(EngineCounter.INPUTS));
            assertEquals(1L, good.startEpochMs());
        }
        final UnsafeBuffer bytes = new UnsafeBuffer(Files.readAllBytes(file));
        bytes.putInt(CountersFile.VALUES_LENGTH_OFFSET, 100);
        Files.write(file, bytes.byteArray());
        ex = assertThrows(IllegalStateException.class, () -> EngineCounters.open(data));
        assertTrue(ex.getMessage().contains(file + ": valuesLength 100"), ex.getMessage());

        bytes.putInt(CountersFile.VALUES_LENGTH_OFFSET, CountersFile.VALUES_LENGTH * 4);
        bytes.putInt(CountersFile.METADATA_LENGTH_OFFSET, CountersFile.METADATA_LENGTH * 4);
        Files.write(file, bytes.byteArray());
        ex = assertThrows(IllegalStateException.class, () -> EngineCounters.open(data));
        assertTrue(ex.getMessage().contains(file + ": size " + CountersFile.FILE_LENGTH), ex.getMessage());

        bytes.putInt(CountersFile.VERSION_OFFSET, 99);
        Files.write(file, bytes.byteArray());
        ex = assertThrows(IllegalStateException.class, () -> EngineCounters.open(data));
        assertTrue(ex.getMessage().contains(file + ": version 99"), ex.getMessage());
    }

    @Test
    void shouldRecordEachDistinctErrorOnceAndCountEveryOne() throws Exception
    {
        final Path data = Files.createDirectories(work.resolve("errors"));
        try (CountersFile counters = CountersFile.create(data, () -> 5L);
            EngineCounters reader = EngineCounters.open(data))
        {
            for (int i = 0; i < 3; i++)
            {
                counters.onError(sameCause());
            }
            counters.onError(new IllegalArgumentException("another cause"));
            assertEquals(4, reader.value(EngineCounter.ERRORS));
            final List<String> seen = new ArrayList<>();
            assertEquals(2, reader.readErrors((count, firstMs, lastMs, text) -> seen.add(count + " " + text)));
            assertTrue(seen.get(0).startsWith("3 java.lang.IllegalStateException: same cause"), seen.toString());
            assertTrue(seen.get(1).startsWith("1 java.lang.IllegalArgumentException: another cause"), seen.toString());
        }
    }

    @Test
    void shouldShowAVenueLinksCountersAllocatedAfterTheFileIsPublishedAndCountItsThreadsErrors() throws Exception
    {
        final Path data = Files.createDirectories(work.resolve("venue-link"));
        try (CountersFile counters = CountersFile.create(data, () -> 5L);
            EngineCounters reader = EngineCounters.open(data))
        {
            assertEquals(Map.of(), reader.venueLinkCounts(), "a link that keeps none");
            final VenueLinkCounters link = counters.venueLink();
            final AtomicCounter forwarded = link.newEvents("FIX orders forwarded (D)");
            final AtomicCounter refused = link.newEvents("FIX reports refused: repeat");
            final AtomicCounter maxCycle = link.newGauge("FIX forwarder max duty cycle (ns)");
            forwarded.incrementOrdered();
            forwarded.incrementOrdered();
            maxCycle.proposeMaxOrdered(1_500);
            maxCycle.proposeMaxOrdered(900);
            link.errorHandler().onError(new IllegalStateException("send failed"));

            // Read through the mapping that was open before the link allocated: in the order allocated.
            assertEquals(List.of("FIX orders forwarded (D)", "FIX reports refused: repeat"),
                new ArrayList<>(reader.venueLinkCounts().keySet()));
            assertEquals(2L, reader.venueLinkCounts().get("FIX orders forwarded (D)"));
            assertEquals(0L, reader.venueLinkCounts().get("FIX reports refused: repeat"));
            assertEquals(Map.of("FIX forwarder max duty cycle (ns)", 1_500L), reader.venueLinkGauges());
            assertEquals(1, reader.value(EngineCounter.ERRORS), "the link's errors are the engine's");
            assertEquals(0, refused.get());
        }
    }

    private static IllegalStateException sameCause()
    {
        return new IllegalStateException("same cause");
    }

    /** What the journal holds, counted by reading it to the end. */
    private static final class JournalCounts implements JournalConsumer
    {
        long lastIndex = -1;
        long orderRequests;
        long ordersSent;
        long framedTwiceDecided;
        long twoInputFramesRefused;
        final Map<InputRejectReason, Long> rejects = new EnumMap<>(InputRejectReason.class);
        private final InputRejectedDecoder rejected = new InputRejectedDecoder();

        static JournalCounts of(final Path data)
        {
            return Journals.readJournal(data, new JournalCounts());
        }

        @Override
        public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
        {
            lastIndex = index;
            final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
                MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
            orderRequests += templateId == OrderRequestDecoder.TEMPLATE_ID ? 1 : 0;
            if (templateId == OrderRequestDecoder.TEMPLATE_ID && new OrderRequestDecoder().wrap(buffer,
                offset + MessageHeaderDecoder.ENCODED_LENGTH, OrderRequestDecoder.BLOCK_LENGTH,
                OrderRequestDecoder.SCHEMA_VERSION).traceId().startsWith("framed-twice"))
            {
                framedTwiceDecided++;
            }
            ordersSent += templateId == OrderSentDecoder.TEMPLATE_ID ? 1 : 0;
            if (templateId == InputRejectedDecoder.TEMPLATE_ID)
            {
                rejected.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, InputRejectedDecoder.BLOCK_LENGTH,
                    InputRejectedDecoder.SCHEMA_VERSION);
                rejects.merge(rejected.reason(), 1L, Long::sum);
                if (rejected.reason() == InputRejectReason.MALFORMED && rejected.detail().contains("holds 2 messages"))
                {
                    twoInputFramesRefused++;
                }
            }
        }

        @Override
        public void onInvalid(final long index, final RecordError error, final String detail)
        {
            throw new AssertionError(index + " " + error + " " + detail);
        }

        @Override
        public String toString()
        {
            return "journal: lastIndex=" + lastIndex + " orderRequests=" + orderRequests + " ordersSent=" + ordersSent +
                " rejects=" + rejects;
        }
    }
}

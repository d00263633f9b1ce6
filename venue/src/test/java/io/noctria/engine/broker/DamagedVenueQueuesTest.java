package io.noctria.engine.broker;

import io.noctria.engine.gateway.ProcessBrokerGateway;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A damaged frame on either venue queue is never acted on and never passed over: the venue stops at a damaged
 * order (it may owe it a report), the engine's gateway stops at a damaged report (it may be a lost fill). Each names
 * the queue and the index. The damage is one flipped byte inside the frame, as a failing disk leaves it.
 */
class DamagedVenueQueuesTest
{
    private static final long START_NS = 1_767_693_600_000_000_000L;

    @TempDir
    Path venueDir;

    private final OrderSentFixture fixture = new OrderSentFixture();

    @Test
    void shouldStopTheVenueAtADamagedOrderHavingTakenOnlyTheOrdersBeforeIt() throws IOException
    {
        final Path orders = new DataDirectory(venueDir).queue(DataDirectory.BROKER_ORDERS);
        try (ProcessBrokerGateway gateway = new ProcessBrokerGateway(venueDir, new VenueQueues.BytesSink()))
        {
            for (long n = 1; n <= 3; n++)
            {
                fixture.tsNs(START_NS + n).send(gateway, n);
            }
        }
        final long damaged = indexOf(orders, 1);
        flipInside(orders, damaged);
        try (BrokerSimAgent venue = BrokerSimAgent.open(venueDir, TestSettings.quiet().build(),
            new VenueQueues.SteppingClock(START_NS, 1_000)))
        {
            final DamagedOrderException ex = assertThrows(DamagedOrderException.class, () ->
            {
                for (int i = 0; i < 100; i++)
                {
                    venue.doWork(true);
                }
            });
            assertEquals(damaged, ex.index());
            assertTrue(ex.getMessage().contains(orders.toString()) && ex.getMessage().contains("DAMAGED") &&
                ex.getMessage().contains(String.valueOf(damaged)), ex.getMessage());
            assertEquals(1, venue.ordersTaken(), "the order before it only");
        }
        assertEquals(1, VenueQueues.read(venueDir, DataDirectory.BROKER_LEDGER).size(), "one order recorded");
    }

    @Test
    void shouldStopTheGatewayAtADamagedReportDeliveringNothingOfIt() throws IOException
    {
        final Path reports = new DataDirectory(venueDir).queue(DataDirectory.BROKER_REPORTS);
        final VenueQueues.BytesSink sink = new VenueQueues.BytesSink();
        try (ProcessBrokerGateway gateway = new ProcessBrokerGateway(venueDir, sink))
        {
            try (Journal writer = Journal.open(reports, JournalConfig.defaults().withSharedWriters()))
            {
                // Any whole frame will do: an OrderSent here is counted as "not a report" when it reads whole.
                writer.append(fixture.buffer(), 0, fixture.encode(1));
            }
            final long damaged = indexOf(reports, 0);
            flipInside(reports, damaged);
            final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> gateway.poll(START_NS));
            assertTrue(ex.getMessage().contains("broker-reports excerpt " + damaged) &&
                ex.getMessage().contains("DAMAGED") && ex.getMessage().contains("A damaged journal"), ex.getMessage());
            assertEquals(0, sink.reports.size());
            assertEquals(0, gateway.invalidReports(), "not counted and passed over");
        }
    }

    /** @return the index of the queue's {@code n}-th excerpt (from 0). */
    private static long indexOf(final Path queue, final int n)
    {
        try (SingleChronicleQueue raw = SingleChronicleQueueBuilder.binary(queue).readOnly(true).build();
             ExcerptTailer tailer = raw.createTailer())
        {
            for (int i = 0; ; i++)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    assertTrue(dc.isPresent(), "the queue has " + i + " excerpts, not " + (n + 1));
                    if (i == n)
                    {
                        return dc.index();
                    }
                }
            }
        }
    }

    /** Flips one bit 40 bytes into the excerpt: inside the message after the frame header, under the checksum. */
    private static void flipInside(final Path queue, final long index) throws IOException
    {
        final long offset;
        try (SingleChronicleQueue raw = SingleChronicleQueueBuilder.binary(queue).readOnly(true).build();
             ExcerptTailer tailer = raw.createTailer())
        {
            assertTrue(tailer.moveToIndex(index));
            try (DocumentContext dc = tailer.readingDocument())
            {
                offset = dc.wire().bytes().readPosition() + 40;
            }
        }
        final Path file;
        try (Stream<Path> files = Files.list(queue))
        {
            file = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(offset);
            final int value = raf.read();
            raf.seek(offset);
            raf.write(value ^ 0x01);
        }
    }
}

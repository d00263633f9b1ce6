package io.noctria.bench;

import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.engine.broker.SimulatedBroker;
import io.noctria.engine.runtime.OrderHandoff;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.nio.file.Path;

/**
 * Every piece of one request's trip through the pipeline, on the calling thread: business step
 * (journal the input, core, journal four events, hand-off offer), hand-off drain to the simulated
 * broker, broker poll and its reports journaled and applied by the core. No ring, no threads: for
 * allocation probing of the whole per-request path in one place.
 */
final class SyncPipeline implements AutoCloseable
{
    private final Journal journal;
    private final OrderHandoff handoff = new OrderHandoff(2 * 8192 * 512);
    private final EngineHandler handler;
    private final SimulatedBroker broker;
    private final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
    private final RequestWriter writer = new RequestWriter();
    private final BenchSlot requestSlot = new BenchSlot();
    private final BenchSlot reportSlot = new BenchSlot();
    private final MessageHandler toBroker = this::toBroker;
    private long sequence;

    SyncPipeline(final Path dir, final int expectedOrders)
    {
        journal = Journal.open(dir.resolve("journal"), JournalConfig.defaults());
        handler = new EngineHandler(journal, handoff, new BusySpinIdleStrategy(), BenchFixtures.coreConfig(expectedOrders),
            clock::nanoTime);
        handler.onStart();
        broker = new SimulatedBroker(PipelineRun.brokerSettings(expectedOrders), this::onReport);
    }

    void step(final long n)
    {
        final long now = clock.nanoTime();
        requestSlot.length = writer.write(requestSlot.buffer, 0, n, now, now);
        requestSlot.request = n;
        handler.onEvent(requestSlot, sequence++, true);
        handoff.drain(toBroker, Integer.MAX_VALUE);
        broker.poll(clock.nanoTime());
        handoff.drain(toBroker, Integer.MAX_VALUE);
    }

    private void toBroker(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        broker.send(buffer, index, length);
    }

    private void onReport(final DirectBuffer buffer, final int offset, final int length)
    {
        reportSlot.buffer.putBytes(0, buffer, offset, length);
        reportSlot.buffer.putLong(MessageHeaderDecoder.ENCODED_LENGTH, clock.nanoTime(), MessageHeaderDecoder.BYTE_ORDER);
        reportSlot.length = length;
        reportSlot.request = -1;
        handler.onEvent(reportSlot, sequence++, true);
    }

    @Override
    public void close()
    {
        broker.close();
        journal.close();
        handoff.release();
    }
}

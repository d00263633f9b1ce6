package io.noctria.engine.cli;

import io.noctria.codecs.sbe.*;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import io.noctria.replay.ReportWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static io.noctria.engine.cli.ReplayScenario.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code replay} on a journal that is being written: each replay reads up to the end it sees, never fails, and
 * what it rebuilt is exactly the start of what a replay of the finished journal rebuilds.
 */
class LiveReplayWhileWritingTest
{
    private static final int MAX_ORDERS = 300_000;

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldReplayAPrefixOfTheJournalWhileItIsWritten() throws Exception
    {
        final Path queue = new DataDirectory(dataDir).queue(DataDirectory.JOURNAL);
        try (Journal journal = Journal.open(queue, JournalConfig.defaults()))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
            final EngineStartedEncoder started = new EngineStartedEncoder()
                .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).tsNs(T0).resumeInboundIndex(-1)
                .demo(BooleanType.FALSE).version("0.1.0");
            journal.append(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + started.encodedLength());
        }
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong written = new AtomicLong();
        final AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        final Thread writer = new Thread(() ->
        {
            try (Journal journal = Journal.open(queue, JournalConfig.defaults()))
            {
                final OrderWriter orders = new OrderWriter(journal);
                for (int i = 0; i < MAX_ORDERS && !stop.get(); i++)
                {
                    orders.write(i);
                    written.incrementAndGet();
                    if (i % 10 == 9)
                    {
                        // Pace the writer like an engine taking a stream of orders, not a bulk load.
                        LockSupport.parkNanos(1_000_000L);
                    }
                }
            }
            catch (final Throwable ex)
            {
                writerFailure.set(ex);
            }
        }, "journal-writer");
        writer.start();

        final List<byte[]> partialTimelines = new ArrayList<>();
        final List<Long> partialOrders = new ArrayList<>();
        try
        {
            while (partialTimelines.size() < 3 && writer.isAlive())
            {
                final Path out = dataDir.resolve("partial-" + partialTimelines.size());
                final CliRun replay = CliRun.run("--data-dir", dataDir.toString(), "replay", "--out", out.toString());
                assertEquals(0, replay.exitCode, replay.toString());
                final long orders = Long.parseLong(ReplayJson.flatten(
                    Files.readString(out.resolve(ReportWriter.KPIS))).get("orders_received"));
                // Below MAX_ORDERS: the writer had more to write, so this replay saw a true prefix.
                if (writer.isAlive() && orders > 0 && orders < MAX_ORDERS && (partialOrders.isEmpty() ||
                    orders > partialOrders.get(partialOrders.size() - 1)))
                {
                    partialOrders.add(orders);
                    partialTimelines.add(Files.readAllBytes(out.resolve(ReportWriter.TIMELINE)));
                }
            }
        }
        finally
        {
            // Let the writer pass the last replay's prefix before it stops (a counter, not a sleep).
            final long lastPartial = partialOrders.isEmpty() ? 0 : partialOrders.get(partialOrders.size() - 1);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (writer.isAlive() && written.get() <= lastPartial && System.nanoTime() < deadline)
            {
                LockSupport.parkNanos(100_000L);
            }
            stop.set(true);
            writer.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertNull(writerFailure.get());
        assertEquals(3, partialTimelines.size(), "three replays while the journal grew (writer wrote " + written + ")");

        final Path finalOut = dataDir.resolve("final");
        final CliRun replay = CliRun.run("--data-dir", dataDir.toString(), "replay", "--out", finalOut.toString());
        assertEquals(0, replay.exitCode, replay.toString());
        final byte[] finalTimeline = Files.readAllBytes(finalOut.resolve(ReportWriter.TIMELINE));
        assertEquals(String.valueOf(written.get()), ReplayJson.flatten(
            Files.readString(finalOut.resolve(ReportWriter.KPIS))).get("orders_received"));
        for (int i = 0; i < partialTimelines.size(); i++)
        {
            final byte[] partial = partialTimelines.get(i);
            assertTrue(partialOrders.get(i) < written.get(), "replay " + i + " was partial");
            assertTrue(partial.length < finalTimeline.length && partial[partial.length - 1] == '\n');
            assertTrue(Arrays.equals(partial, 0, partial.length, finalTimeline, 0, partial.length),
                "replay " + i + " rebuilt exactly the first " + partialOrders.get(i) + " orders' timeline");
        }
    }

    /** Appends one rejected order: an OrderRequest and its RiskDecision, 1 ms of message time apart per order. */
    private static final class OrderWriter
    {
        private final Journal journal;
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        private final MessageHeaderEncoder header = new MessageHeaderEncoder();
        private final OrderRequestEncoder request = new OrderRequestEncoder();
        private final RiskDecisionV2Encoder decision = new RiskDecisionV2Encoder();

        OrderWriter(final Journal journal)
        {
            this.journal = journal;
        }

        void write(final int i)
        {
            final long ingressNs = T0 + 1_000_000L * (i + 1);
            final String traceId = "live-" + i;
            request.wrapAndApplyHeader(buffer, 0, header).inboundIndex(i).ingressNs(ingressNs).clientTsNs(ingressNs)
                .qty(1_000_000L).price(150_000_000L).missingRatio(0).dataLagMs(0).side(Side.BUY)
                .orderType(OrderType.MARKET).timeInForce(TimeInForce.IOC).keyPresent(BooleanType.FALSE).symbol("USDJPY")
                .traceId(traceId).strategy("live");
            final long input = journal.append(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + request.encodedLength());
            decision.wrapAndApplyHeader(buffer, 0, header).tsNs(ingressNs + 10_000).inputIndex(input)
                .originalQty(1_000_000L).finalQty(0).limitValue(0).observedValue(0).verdict(RiskVerdict.REJECT)
                .rule(RiskRule.TRADING_PAUSED).severity(Severity.WARNING).symbol("USDJPY").policy("default")
                .traceId(traceId);
            journal.append(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + decision.encodedLength());
        }
    }
}

package io.noctria.bench;

import io.noctria.codecs.sbe.BrokerAckDecoder;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.engine.broker.BrokerSimAgent;
import io.noctria.engine.broker.SimulatedBrokerSettings;
import io.noctria.engine.config.FixLinkConfig;
import io.noctria.engine.fix.FixGateway;
import io.noctria.engine.fix.venue.PhiladelphiaVenue;
import io.noctria.engine.gateway.BrokerReportSink;
import io.noctria.engine.gateway.ProcessBrokerGateway;
import io.noctria.engine.runtime.EngineContext;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The venue round-trip phases: the real {@code Engine}, fed as in {@link FullEngineRun}, trading with a venue outside
 * its process boundary, the clock stopped when the venue's ack reaches the engine (the report sink the gateway
 * delivers to, on the engine's ingress thread): intended send time → ack, a whole round trip.
 * <ul>
 * <li>{@code queue}: {@code broker.mode: process} — {@link ProcessBrokerGateway} and broker-sim's
 * {@link BrokerSimAgent} over the Chronicle queues (the agent polled by a thread of this JVM);</li>
 * <li>{@code fix}: {@code broker.mode: fix} — {@link FixGateway} (QuickFIX/J) and fix-venue's
 * {@link PhiladelphiaVenue} over a FIX 4.4 session on a free loopback port (the venue polled likewise).</li>
 * </ul>
 * The venue acks at once (ack latency and jitter 0) and refuses nothing, so the figure is the path's own. The request
 * number comes back from the ack's trace id (the gateways carry the order's), so nothing is added to the engine.
 */
final class GatewayRoundTripRun
{
    private static final String COMP_ID_ENGINE = "NOCTRIA";
    private static final String COMP_ID_VENUE = "VENUE";
    private static int phaseCounter;

    private GatewayRoundTripRun()
    {
    }

    static PhaseResult run(final PipelineRun.Phase phase, final RunSettings settings)
    {
        final Path dir = settings.dataDir().resolve(phase.label + "-" + (++phaseCounter));
        final Path venueDir = settings.dataDir().resolve(phase.label + "-" + phaseCounter + "-venue");
        final AckClock clock = new AckClock(settings.firstMeasured());
        final FixGateway[] gateway = new FixGateway[1];
        final SimulatedBrokerSettings venueSettings = venueSettings(settings.totalRequests());
        final VenueThread venue;
        final EngineContext context;
        if (phase == PipelineRun.Phase.FIX)
        {
            final int port = freePort();
            final PhiladelphiaVenue fixVenue = new PhiladelphiaVenue(venueSettings, port, COMP_ID_VENUE, COMP_ID_ENGINE,
                venueDir, new OffsetEpochNanoClock()::nanoTime, 0);
            fixVenue.start();
            venue = new VenueThread("noctria-bench-fix-venue", fixVenue::poll, fixVenue::close);
            final FixLinkConfig link = new FixLinkConfig("127.0.0.1", port, COMP_ID_ENGINE, COMP_ID_VENUE, 30, false,
                dir.resolve("fix").toString(), 1);
            context = new EngineContext(dir, FullEngineRun.engineConfig(settings), BenchFixtures.policy(),
                BenchFixtures.SECRET, false,
                (sink, linkCounters) -> gateway[0] =
                    FixGateway.open(link, dir.resolve("fix"), clock.forward(sink), linkCounters), null);
        }
        else
        {
            final BrokerSimAgent agent = BrokerSimAgent.open(venueDir, venueSettings, new OffsetEpochNanoClock()::nanoTime);
            venue = new VenueThread("noctria-bench-broker-sim", () -> agent.doWork(true), agent::close);
            context = new EngineContext(dir, FullEngineRun.engineConfig(settings), BenchFixtures.policy(),
                BenchFixtures.SECRET, false,
                (sink, linkCounters) -> new ProcessBrokerGateway(venueDir, clock.forward(sink)), null);
        }
        try
        {
            // Over FIX the schedule starts once the session is logged on: its logon is not the path measured.
            return FullEngineRun.drive(phase.label, settings, dir, context, () -> clock,
                () -> gateway[0] == null ? phase != PipelineRun.Phase.FIX : gateway[0].loggedOn());
        }
        finally
        {
            venue.close();
            if (!settings.keepData())
            {
                BenchFixtures.deleteRecursively(venueDir);
            }
        }
    }

    /** The simulator acking at once and refusing nothing: what is measured is the path, not the venue's delays. */
    private static SimulatedBrokerSettings venueSettings(final long total)
    {
        final SimulatedBrokerSettings d = PipelineRun.brokerSettings(total);
        return new SimulatedBrokerSettings(d.seed(), 0, 0, d.fillIntervalNs(), d.cancelLatencyNs(), 0,
            d.partialFillProbability(), d.expireProbability(), 0, d.makerProbability(), d.maxSlippageBps(),
            d.expectedOrders(), d.inFlightCapacity());
    }

    private static int freePort()
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("no free loopback port for the FIX venue", ex);
        }
    }

    /** The venue's duty cycle on a thread of its own, as its process would run it. */
    private static final class VenueThread
    {
        private final Thread thread;
        private final Runnable closer;
        private volatile boolean running = true;

        VenueThread(final String name, final IntSupplier work, final Runnable closer)
        {
            this.closer = closer;
            this.thread = new Thread(() ->
            {
                final IdleStrategy idle = new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
                    TimeUnit.MICROSECONDS.toNanos(200));
                while (running)
                {
                    idle.idle(work.getAsInt());
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        void close()
        {
            running = false;
            try
            {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            closer.run();
        }
    }

    /**
     * Between the gateway and the engine: times each ack of a measured request from the request's intended send time,
     * then passes every report on. Runs on the engine's ingress thread; allocation free.
     */
    static final class AckClock implements FullEngineRun.Meter
    {
        private volatile FullEngineRun.Schedule schedule;
        private final long firstMeasured;
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final BrokerAckDecoder ack = new BrokerAckDecoder();
        private final UnsafeBuffer trace = new UnsafeBuffer(new byte[64]);
        private final Histogram latency = new Histogram(FullEngineRun.HIGHEST_NS, 3);
        private volatile long measuredAcks;
        private volatile long lastAckNs;
        private long reports;

        AckClock(final long firstMeasured)
        {
            this.firstMeasured = firstMeasured;
        }

        @Override
        public void start(final FullEngineRun.Schedule schedule)
        {
            this.schedule = schedule;
        }

        BrokerReportSink forward(final BrokerReportSink engine)
        {
            return (buffer, offset, length) ->
            {
                onReport(buffer, offset);
                engine.onReport(buffer, offset, length);
            };
        }

        private void onReport(final DirectBuffer buffer, final int offset)
        {
            final long now = System.nanoTime();
            reports++;
            header.wrap(buffer, offset);
            if (header.templateId() != BrokerAckDecoder.TEMPLATE_ID)
            {
                return;
            }
            ack.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            ack.getTraceId(trace.byteArray(), 0);
            final long n = OrderSentTrace.parseDigits(trace, RequestWriter.TRACE_PREFIX_LENGTH);
            final FullEngineRun.Schedule started = schedule;
            if (n >= firstMeasured && started != null)
            {
                latency.recordValue(Math.min(FullEngineRun.HIGHEST_NS,
                    Math.max(0, now - (started.startNs() + n * started.intervalNs()))));
                lastAckNs = now;
                measuredAcks = measuredAcks + 1;
            }
        }

        @Override
        public Histogram latency()
        {
            return latency;
        }

        @Override
        public long measured()
        {
            return measuredAcks;
        }

        @Override
        public long lastNs()
        {
            return lastAckNs;
        }

        @Override
        public long reports()
        {
            return reports;
        }

        @Override
        public long retries()
        {
            return 0;
        }
    }
}

package io.noctria.engine.cli;

import io.noctria.engine.broker.SimulatedBrokerSettings;
import io.noctria.engine.config.FixLinkConfig;
import io.noctria.engine.fix.venue.PhiladelphiaVenue;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The venue of {@code run --demo N --venue fix}: {@code fix-venue}'s acceptor (Philadelphia, with the demo's seeded
 * simulator behind it) in this process on a free loopback port, polled by a thread of its own, and the FIX link the
 * engine's gateway dials. Both sides' session stores live in {@code <data-dir>/demo-fix}, emptied at each demo start
 * so the two start their sequence numbers together at 1.
 */
final class DemoFixVenue implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(DemoFixVenue.class);
    private static final String VENUE_COMP_ID = "VENUE";
    private static final String ENGINE_COMP_ID = "NOCTRIA";

    private final PhiladelphiaVenue venue;
    private final Thread poller;
    private final FixLinkConfig link;
    private final Path engineStore;
    private volatile boolean running = true;

    private DemoFixVenue(final PhiladelphiaVenue venue, final FixLinkConfig link, final Path engineStore)
    {
        this.venue = venue;
        this.link = link;
        this.engineStore = engineStore;
        this.poller = new Thread(this::poll, "noctria-demo-fix-venue");
        poller.setDaemon(true);
        poller.start();
    }

    /**
     * Starts the venue on a free loopback port.
     *
     * @throws CommandFailure (exit 3) when the scratch directory or the port cannot be had.
     */
    static DemoFixVenue start(final SimulatedBrokerSettings settings, final Path dataDir)
    {
        final Path scratch = dataDir.resolve("demo-fix");
        final PhiladelphiaVenue venue;
        final int port;
        try
        {
            deleteTree(scratch);
            port = freePort();
            venue = new PhiladelphiaVenue(settings, port, VENUE_COMP_ID, ENGINE_COMP_ID, scratch.resolve("venue"),
                new OffsetEpochNanoClock()::nanoTime, 0);
            venue.start();
        }
        catch (final IOException | UncheckedIOException | IllegalStateException ex)
        {
            throw new CommandFailure("--venue fix: the demo's fix-venue could not start in " + scratch + ": " +
                ex.getMessage(), 3);
        }
        // Heartbeat 30 s (nothing goes quiet in a demo), reconnect after 1 s, no reset: both stores start empty.
        final FixLinkConfig link = new FixLinkConfig("127.0.0.1", port, ENGINE_COMP_ID, VENUE_COMP_ID, 30, false,
            scratch.resolve("engine").toString(), 1);
        LOG.info("demo venue: fix-venue (Philadelphia) on 127.0.0.1:{}, stores in {}", port,
            scratch.toAbsolutePath().normalize());
        return new DemoFixVenue(venue, link, scratch.resolve("engine"));
    }

    /** @return the link the engine's FIX gateway dials. */
    FixLinkConfig link()
    {
        return link;
    }

    /** @return the engine side's store ({@code broker.store_dir}). */
    Path engineStore()
    {
        return engineStore;
    }

    @Override
    public void close() throws InterruptedException
    {
        running = false;
        poller.join(TimeUnit.SECONDS.toMillis(10));
        LOG.info("demo venue stopping: took {} orders ({} resends dropped), sent {} ExecutionReports, {} session " +
            "errors, {} orders still working", venue.ordersTaken(), venue.possDupsDropped(), venue.reportsSent(),
            venue.sessionErrors(), venue.inFlight());
        venue.close();
    }

    private void poll()
    {
        final IdleStrategy idle = new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
            TimeUnit.MICROSECONDS.toNanos(200));
        while (running)
        {
            idle.idle(venue.poll());
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.delete(path);
            }
        }
    }
}

package io.noctria.engine.cli;

import io.noctria.engine.broker.SimulatedBrokerSettings;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.fix.venue.PhiladelphiaVenue;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code noctria fix-venue}: a FIX 4.4 acceptor on {@code --port} with the venue simulator's seeded behaviour behind
 * it, built on Philadelphia, another FIX engine than the gateway's QuickFIX/J (docs/fix.md), so an engine configured
 * with {@code broker: {mode: fix, port: P, sender_comp_id: <--engine-comp-id>, target_comp_id: <--comp-id>}} trades
 * over real FIX. Its sequence numbers ({@code session/seqnums}) and {@code orders-received.txt} are in
 * {@code --data-dir}. Runs until SIGTERM: logs out, stops accepting, exits 0.
 */
@Command(
    name = "fix-venue",
    mixinStandardHelpOptions = true,
    description = {
        "Run a FIX 4.4 venue (acceptor) on --port with the simulated broker's seeded behaviour: NewOrderSingle in,",
        "ExecutionReports out (acks, partial and full fills, rejects, expiries), OrderStatusRequest answered,",
        "OrderCancelRequest and OrderCancelReplaceRequest answered (Canceled, Replaced or OrderCancelReject).",
        "Knobs from the broker_sim section of --config; sequence numbers kept in --data-dir. Built on Philadelphia",
        "(the engine's gateway is QuickFIX/J). SIGTERM stops it, exit 0." })
final class FixVenueCommand extends NoctriaSubcommand
{
    private static final Logger LOG = LoggerFactory.getLogger(FixVenueCommand.class);

    @Option(names = "--port", paramLabel = "P", required = true, description = "TCP port to accept on.")
    int port;

    @Mixin
    VenueSimulatorOptions simulator;

    @Option(names = "--comp-id", paramLabel = "ID", defaultValue = "VENUE",
        description = "The venue's CompID (default: ${DEFAULT-VALUE}).")
    String compId;

    @Option(names = "--engine-comp-id", paramLabel = "ID", defaultValue = "NOCTRIA",
        description = "The one engine CompID accepted (default: ${DEFAULT-VALUE}).")
    String engineCompId;

    @Option(names = "--disconnect-after", paramLabel = "N", defaultValue = "0",
        description = "Drop the connection once after taking N orders (tests of resend); 0: never (default).")
    int disconnectAfter;

    @Option(names = "--cancel-on-disconnect",
        description = "When the engine's session ends (logout or dropped connection), cancel its working orders; the " +
            "Canceled reports go out after its next logon. Off by default.")
    boolean cancelOnDisconnect;

    private volatile boolean running = true;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        if (port < 1 || port > 65_535)
        {
            throw new CommandFailure("--port must be from 1 to 65535, was " + port, 2);
        }
        if (disconnectAfter < 0)
        {
            throw new CommandFailure("--disconnect-after must be >= 0, was " + disconnectAfter, 2);
        }
        final EngineConfig engineConfig = simulator.engineConfig();
        final long venueSeed = simulator.seed(engineConfig);
        final SimulatedBrokerSettings settings = RunCommand.brokerSettings(engineConfig.brokerSim(), venueSeed, false, 0);
        final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
        final PhiladelphiaVenue venue;
        try
        {
            venue = new PhiladelphiaVenue(settings, port, compId, engineCompId, parent.dataDir, clock::nanoTime,
                disconnectAfter, cancelOnDisconnect);
            venue.start();
        }
        catch (final IllegalStateException | java.io.UncheckedIOException ex)
        {
            throw new CommandFailure(ex.getMessage(), 3);
        }
        LOG.info("fix-venue {} accepting {} on port {} with seed {} ({}), store {}, cancel-on-disconnect {}", compId,
            engineCompId, port, venueSeed, engineConfig.source(), parent.dataDir.toAbsolutePath().normalize(),
            cancelOnDisconnect ? "on" : "off");
        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            running = false;
            try
            {
                stopped.await(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            finally
            {
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(0);
            }
        }, "noctria-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("fix-venue " + compId + " listening on port " + port + "; SIGTERM or Ctrl-C to stop");
        out.flush();
        final IdleStrategy idle = new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
            TimeUnit.MICROSECONDS.toNanos(200));
        try
        {
            while (running)
            {
                idle.idle(venue.poll());
            }
        }
        finally
        {
            LOG.info("fix-venue stopping: took {} orders ({} resends dropped), sent {} ExecutionReports ({} held for a " +
                "logon), {} session errors, {} orders still working", venue.ordersTaken(), venue.possDupsDropped(),
                venue.reportsSent(), venue.reportsHeld(), venue.sessionErrors(), venue.inFlight());
            venue.close();
            stopped.countDown();
        }
        return 0;
    }
}

package io.noctria.engine.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.noctria.codecs.sbe.InputRejectReason;
import io.noctria.engine.runtime.EngineCounter;
import io.noctria.engine.runtime.EngineCounters;
import io.noctria.journal.DataDirectory;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code run --metrics-port P}: the running engine over HTTP on its own thread, for Prometheus and for load
 * balancers. {@code /metrics} (Prometheus text format), {@code /healthz} (200 while the process serves) and
 * {@code /readyz} (200 once the engine has recovered, is running and its reconciliation is answered, so it takes
 * inbound; 503 with the reason before and after). Every value comes from the engine's counters file
 * ({@code cnc.dat}, read as {@code noctria status} reads it) and its journal: a scrape never touches the business
 * thread, takes no lock it holds and allocates nothing there. The platform's KPIs ({@link KpiMetrics}) come from
 * replay's own fold of the journal on this endpoint's thread, which also logs the journal's alerts, refused inputs
 * and reconciliation with their trace ids ({@link JournalEventLog}). Metric names and units: docs/operations.md.
 */
final class MetricsEndpoint implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    private static final String TEXT = "text/plain; charset=utf-8";

    private final Path dataDir;
    private final HttpServer server;
    /** How often the metrics thread folds the journal's new frames between scrapes (alerts are logged then). */
    private static final long FOLD_EVERY_MS = 500;

    private final ScheduledExecutorService executor;
    private final KpiMetrics kpis = new KpiMetrics();
    private final EngineJournalFacts journal;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    private String lastFoldError;

    private MetricsEndpoint(final Path dataDir, final HttpServer server, final ScheduledExecutorService executor)
    {
        this.dataDir = dataDir;
        this.server = server;
        this.executor = executor;
        // Events stamped before this endpoint started are a previous run's: logged then, not again.
        final java.time.Instant now = java.time.Instant.now();
        this.journal = new EngineJournalFacts(new DataDirectory(dataDir).queue(DataDirectory.JOURNAL), kpis,
            new JournalEventLog(now.getEpochSecond() * 1_000_000_000L + now.getNano()));
    }

    /**
     * Binds {@code host:port} (port 0: a free one) and serves until {@link #close()}.
     *
     * @throws UncheckedIOException when the address cannot be bound (the message names it).
     */
    static MetricsEndpoint start(final Path dataDir, final String host, final int port)
    {
        final HttpServer server;
        try
        {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + ex.getMessage(), ex);
        }
        final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "noctria-metrics");
            thread.setDaemon(true);
            return thread;
        });
        final MetricsEndpoint endpoint = new MetricsEndpoint(dataDir, server, executor);
        server.setExecutor(executor);
        server.createContext("/metrics", endpoint::metrics);
        server.createContext("/healthz", exchange -> respond(exchange, 200, TEXT, "ok\n"));
        server.createContext("/readyz", endpoint::readiness);
        server.start();
        // The same thread folds between scrapes, so the projection stays current and its alerts are logged as they come.
        executor.scheduleWithFixedDelay(endpoint::foldQuietly, FOLD_EVERY_MS, FOLD_EVERY_MS, TimeUnit.MILLISECONDS);
        return endpoint;
    }

    /** @return the port it serves on (the chosen one when started with 0). */
    int port()
    {
        return server.getAddress().getPort();
    }

    @Override
    public void close()
    {
        server.stop(0);
        executor.shutdownNow();
        journal.close();
    }

    /** A fold between scrapes: a failure here is the next scrape's 503, logged once per distinct cause. */
    private void foldQuietly()
    {
        try
        {
            journal.catchUp();
            lastFoldError = null;
        }
        catch (final RuntimeException ex)
        {
            if (!String.valueOf(ex.getMessage()).equals(lastFoldError))
            {
                lastFoldError = String.valueOf(ex.getMessage());
                LOG.warn("metrics: cannot fold the journal: {}", lastFoldError);
            }
        }
    }

    private void metrics(final HttpExchange exchange) throws IOException
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
        try (EngineCounters counters = EngineCounters.open(dataDir))
        {
            journal.catchUp();
            writer.write(body, snapshots(counters));
        }
        catch (final RuntimeException ex)
        {
            respond(exchange, 503, TEXT, "no metrics: " + ex.getMessage() + "\n");
            return;
        }
        respond(exchange, 200, PrometheusTextFormatWriter.CONTENT_TYPE, body.toString(StandardCharsets.UTF_8));
    }

    private void readiness(final HttpExchange exchange) throws IOException
    {
        final String notReady;
        try (EngineCounters counters = EngineCounters.open(dataDir))
        {
            journal.catchUp();
            notReady = notReady(counters);
        }
        catch (final RuntimeException ex)
        {
            respond(exchange, 503, TEXT, "not ready: " + ex.getMessage() + "\n");
            return;
        }
        if (notReady == null)
        {
            respond(exchange, 200, TEXT, "ready\n");
        }
        else
        {
            respond(exchange, 503, TEXT, "not ready: " + notReady + "\n");
        }
    }

    /** @return why the engine does not take inbound now, or null when it does. */
    private String notReady(final EngineCounters counters)
    {
        if (counters.pid() != ProcessHandle.current().pid())
        {
            // The counters file of the run before this one: this engine is still recovering before it makes its own.
            return "engine STARTING (recovering its journal; cnc.dat is still pid " + counters.pid() + "'s)";
        }
        final String state = EngineCounters.stateName(counters.value(EngineCounter.ENGINE_STATE));
        if (!"RUNNING".equals(state))
        {
            return "engine " + state + ("STARTING".equals(state) ? " (recovering its journal)" : "");
        }
        final long pending = journal.reconcileAsked - journal.reconcileAnswered;
        if (pending > 0)
        {
            return "reconciling: " + pending + " of " + journal.reconcileAsked + " order status answers pending";
        }
        return null;
    }

    private MetricSnapshots snapshots(final EngineCounters counters)
    {
        final List<MetricSnapshot> metrics = new ArrayList<>();
        kpis.addTo(metrics); // the journal's KPIs: valid while recovering too, they are not the old run's counters
        metrics.add(gauge("trading_paused", "1 while the global trading pause is on",
            journal.pauseKnown && journal.paused ? 1 : 0));
        metrics.add(gauge("noctria_ready", "1 while /readyz answers 200", notReady(counters) == null ? 1 : 0));
        metrics.add(gauge("noctria_reconcile_pending", "Order status answers this start still waits for",
            journal.reconcileAsked - journal.reconcileAnswered));
        if (counters.pid() != ProcessHandle.current().pid())
        {
            // Still the previous run's counters file: this engine is recovering and has no counts of its own yet.
            metrics.add(gauge("noctria_engine_state", "0 starting, 1 running, 2 stopping, 3 stopped", 0));
            return new MetricSnapshots(metrics);
        }
        metrics.add(counter("requests", "Order requests the engine processed (valid or not)",
            counters.value(EngineCounter.ORDER_REQUESTS)));
        metrics.add(counter("noctria_inputs", "Inputs the business thread sequenced (requests, controls, broker " +
            "reports, engine records)", counters.value(EngineCounter.INPUTS)));
        metrics.add(counter("noctria_controls", "Operator controls processed", counters.value(EngineCounter.CONTROLS)));
        metrics.add(counter("noctria_broker_reports", "Broker reports processed",
            counters.value(EngineCounter.BROKER_REPORTS)));
        metrics.add(counter("noctria_orders_sent", "OrderSent journaled and handed to the broker, retries included",
            counters.value(EngineCounter.ORDERS_SENT)));
        metrics.add(counter("noctria_events_journaled", "Events journaled", counters.value(EngineCounter.EVENTS)));
        metrics.add(counter("noctria_errors", "Errors counted by the engine's threads",
            counters.value(EngineCounter.ERRORS)));
        final CounterSnapshot.Builder rejects = CounterSnapshot.builder().name("noctria_input_rejects")
            .help("Inputs refused before any gate, by reason");
        for (final InputRejectReason reason : InputRejectReason.values())
        {
            if (reason != InputRejectReason.NULL_VAL)
            {
                rejects.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(Labels.of("reason", reason.name())).value(counters.rejects(reason)).build());
            }
        }
        metrics.add(rejects.build());
        metrics.add(gauge("noctria_engine_state", "0 starting, 1 running, 2 stopping, 3 stopped",
            counters.value(EngineCounter.ENGINE_STATE)));
        metrics.add(gauge("noctria_inbound_lag_excerpts", "Inbound excerpts after the last one the journal accounts " +
            "for (-1 when that index is gone)", EngineJournalFacts.inboundLag(
                new DataDirectory(dataDir).queue(DataDirectory.INBOUND), journal.lastInboundIndex)));
        metrics.add(gauge("noctria_ring_occupancy", "Inputs in the ring", counters.value(EngineCounter.RING_OCCUPANCY)));
        metrics.add(gauge("noctria_broker_in_flight", "Orders handed to the broker without a final answer",
            counters.value(EngineCounter.BROKER_IN_FLIGHT)));
        metrics.add(gauge("noctria_journal_last_index", "Chronicle index of the last frame journaled",
            counters.value(EngineCounter.JOURNAL_POSITION)));
        metrics.add(gauge("noctria_journal_disk_usable_bytes", "Usable bytes on the journal's file system",
            counters.value(EngineCounter.DISK_USABLE_BYTES)));
        metrics.add(gauge("noctria_outbox_mirror_last_index", "Chronicle index of the last frame the outbox mirror " +
            "applied (-1 without a mirror); its lag is noctria_journal_last_index minus this",
            counters.value(EngineCounter.OUTBOX_MIRROR_POSITION)));
        addVenueLink(metrics, counters);
        return new MetricSnapshots(metrics);
    }

    /**
     * The venue link's own counters (the FIX gateway's), one family each for counts and for levels, labelled by the
     * counter's name in {@code cnc.dat}; a link that keeps none adds nothing.
     */
    private static void addVenueLink(final List<MetricSnapshot> metrics, final EngineCounters counters)
    {
        final Map<String, Long> counts = counters.venueLinkCounts();
        if (!counts.isEmpty())
        {
            final CounterSnapshot.Builder family = CounterSnapshot.builder().name("noctria_venue_link")
                .help("The venue link's own counts (cnc.dat labels), e.g. FIX orders forwarded, reports refused");
            counts.forEach((name, value) -> family.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(Labels.of("counter", name)).value(value).build()));
            metrics.add(family.build());
        }
        final Map<String, Long> levels = counters.venueLinkGauges();
        if (!levels.isEmpty())
        {
            final GaugeSnapshot.Builder family = GaugeSnapshot.builder().name("noctria_venue_link_level")
                .help("The venue link's own levels and maxima (cnc.dat labels), e.g. its forwarder's longest duty cycle");
            levels.forEach((name, value) -> family.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(Labels.of("gauge", name)).value(value).build()));
            metrics.add(family.build());
        }
    }

    private static CounterSnapshot counter(final String name, final String help, final long value)
    {
        return KpiMetrics.counter(name, help, value);
    }

    private static GaugeSnapshot gauge(final String name, final String help, final long value)
    {
        return GaugeSnapshot.builder().name(name).help(help)
            .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    private static void respond(final HttpExchange exchange, final int status, final String contentType,
        final String body) throws IOException
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(bytes);
        }
    }
}

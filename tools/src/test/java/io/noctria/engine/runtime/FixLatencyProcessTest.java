package io.noctria.engine.runtime;

import io.noctria.codecs.sbe.*;
import io.noctria.engine.testing.ChildProcesses;
import io.noctria.engine.testing.Cli;
import io.noctria.engine.testing.EngineProcess;
import io.noctria.engine.testing.Journals;
import io.noctria.engine.testing.Policies;
import io.noctria.journal.DataDirectory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A rough latency figure for the FIX path on loopback (docs/fix.md, "Latency"), next to the same run through the
 * out-of-process simulator's queues: N orders submitted as one file, every one acknowledged; from the journal, the
 * time from the request's ingress stamp ({@code OrderRequest.ingressNs}) to its journaled ack ({@code BrokerAck.tsNs},
 * stamped when the engine sequenced it), and acks per second over the run. A burst, so the percentiles include the
 * queueing of the burst. A measurement, not a gate: it runs in the soak profile ({@code -Psoak}) or by name.
 */
class FixLatencyProcessTest
{
    private static final int ORDERS = Integer.getInteger("noctria.fix.latency.orders", 5_000);

    /** Both venues' seed: broker_sim.seed's default. */
    private static final long SEED = 7101;

    @RegisterExtension
    final ChildProcesses processes = ChildProcesses.withSecret("fix-latency-test-secret-of-32-bytes-long").heap("512m");

    @Test
    @Tag("soak")
    void shouldMeasureIngressToAckOverFixAndOverTheQueues() throws Exception
    {
        final Path orders = writeOrders();
        final Path policy = processes.dir("policy.yml");
        Files.writeString(policy, Policies.OPEN);
        final String sim = "broker_sim:\n  transient_error_probability: 0\n  reject_probability: 0\n" +
            "  ack_latency_us: 0\n  ack_jitter_us: 0\n";
        final String common = "idempotency: {require_key: false, require_auth: false}\nclock: {max_skew_ms: 0}\n";

        final int port = ChildProcesses.freePort();
        final Path fixConfig = processes.dir("fix.yml");
        Files.writeString(fixConfig, common + "broker: {mode: fix, port: " + port + ", sender_comp_id: NOCTRIA, " +
            "target_comp_id: VENUE}\n" + sim);
        final ChildProcesses.Venue venue = processes.fixVenue("fix-venue", processes.dir("fix-venue"), port,
            "--config", fixConfig.toString(), "--seed", Long.toString(SEED));
        System.out.println("FIX gateway + fix-venue: " + run("fix", fixConfig, policy, orders));
        venue.stop(); // not competing with the second run for the CPU

        final Path simConfig = processes.dir("process.yml");
        final Path brokerSimDir = processes.dir("broker-sim");
        Files.writeString(simConfig, common + "broker: {mode: process, dir: " + brokerSimDir + "}\n" + sim);
        processes.venue("broker-sim", brokerSimDir, simConfig, SEED);
        System.out.println("process gateway + broker-sim: " + run("process", simConfig, policy, orders));
    }

    private String run(final String name, final Path config, final Path policy, final Path orders) throws Exception
    {
        final Path dataDir = processes.dir("engine-" + name);
        try (EngineProcess engine = processes.engine("engine-" + name, dataDir, "--config", config.toString(),
            "--policy", policy.toString()))
        {
            assertEquals(0, Cli.run("submit", "--data-dir", dataDir.toString(), orders.toString()));
            engine.await(EngineCounter.ORDER_REQUESTS, ORDERS);
            engine.awaitBrokerQuiet();
            assertEquals(0, engine.stop(), engine.log());
        }
        return ingressToAck(new DataDirectory(dataDir).queue(DataDirectory.JOURNAL));
    }

    /** Ingress → journaled ack per order, from the journal alone. */
    private static String ingressToAck(final Path journal)
    {
        final Map<Long, Long> ingressByIndex = new HashMap<>();
        final Map<String, Long> ingressByClOrdId = new HashMap<>();
        final List<Long> latencies = new ArrayList<>();
        final long[] span = { Long.MAX_VALUE, 0 };
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final OrderRequestDecoder request = new OrderRequestDecoder();
        final OrderSentDecoder sent = new OrderSentDecoder();
        final BrokerAckDecoder ack = new BrokerAckDecoder();
        Journals.readValid(journal, (index, buffer, offset, length) ->
        {
            header.wrap(buffer, offset);
            final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
            switch (header.templateId())
            {
                case OrderRequestDecoder.TEMPLATE_ID:
                    request.wrap(buffer, body, header.blockLength(), header.version());
                    ingressByIndex.put(index, request.ingressNs());
                    span[0] = Math.min(span[0], request.ingressNs());
                    break;
                case OrderSentDecoder.TEMPLATE_ID:
                    sent.wrap(buffer, body, header.blockLength(), header.version());
                    ingressByClOrdId.put(sent.clOrdId(), ingressByIndex.get(sent.inputIndex()));
                    break;
                case BrokerAckDecoder.TEMPLATE_ID:
                    ack.wrap(buffer, body, header.blockLength(), header.version());
                    final Long ingress = ingressByClOrdId.get(ack.clOrdId());
                    if (ingress != null)
                    {
                        latencies.add(ack.tsNs() - ingress);
                        span[1] = Math.max(span[1], ack.tsNs());
                    }
                    break;
                default:
                    break;
            }
        });
        assertEquals(ORDERS, latencies.size(), "every order acknowledged");
        final long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        final double seconds = (span[1] - span[0]) / 1e9;
        return String.format("%d orders, %.0f acks/s, ingress->ack p50 %.1f ms, p99 %.1f ms, max %.1f ms", ORDERS,
            ORDERS / seconds, sorted[sorted.length / 2] / 1e6, sorted[(int)(sorted.length * 0.99)] / 1e6,
            sorted[sorted.length - 1] / 1e6);
    }

    private Path writeOrders() throws Exception
    {
        final Path file = processes.dir("orders.jsonl");
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++)
        {
            lines.add("{\"symbol\":\"USDJPY\",\"side\":\"" + (i % 2 == 0 ? "BUY" : "SELL") + "\",\"qty\":1,\"price\":150," +
                "\"order_type\":\"LIMIT\",\"tif\":\"IOC\",\"trace_id\":\"lat-" + i + "\",\"strategy\":\"lat\"," +
                "\"ts\":\"2026-01-06T10:" + String.format("%02d:%02d.%03d", i / 60_000, i / 1000 % 60, i % 1000) + "Z\"}");
        }
        Files.write(file, lines);
        return file;
    }
}

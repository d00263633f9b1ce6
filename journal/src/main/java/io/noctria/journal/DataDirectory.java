package io.noctria.journal;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The layout of the engine's data directory: one Chronicle queue per name, side by side.
 * <pre>
 * data/
 *   inbound/         producers → engine: OrderRequest, Control
 *   journal/         every sequenced input and every event, written by the engine
 *   broker-orders/   engine → out-of-process broker: OrderSent, OrderStatusQuery
 *   broker-reports/  out-of-process broker → engine: execution reports, OrderStatusReport
 *   broker-ledger/   the out-of-process broker's own record of every order it took (VenueOrderReceived)
 *   outbox/          the idempotency outbox (a Chronicle Map, not a queue)
 * </pre>
 * The three {@code broker-*} queues live in the directory given to {@code noctria broker-sim --data-dir},
 * which the engine's {@code broker.dir} names; it may be the engine's own data directory or another.
 * {@link #queueNames()} is the vocabulary of {@code tail --queue}; new queues are added here and
 * nowhere else. Nothing is created on disk by this class: {@link Journal#open} creates a queue's
 * directory (owner-only) when its writer first opens it.
 */
public final class DataDirectory
{
    /** Producers' requests and operator controls, read by the engine's ingress. */
    public static final String INBOUND = "inbound";
    /** The engine's event-sourced journal. */
    public static final String JOURNAL = "journal";
    /** Orders handed to the out-of-process broker gateway. */
    public static final String BROKER_ORDERS = "broker-orders";
    /** Execution reports coming back from the broker gateway. */
    public static final String BROKER_REPORTS = "broker-reports";
    /** The out-of-process broker's durable record of every order it took, written by it alone. */
    public static final String BROKER_LEDGER = "broker-ledger";

    private static final String OUTBOX = "outbox";
    private static final List<String> QUEUE_NAMES = List.of(INBOUND, JOURNAL, BROKER_ORDERS, BROKER_REPORTS, BROKER_LEDGER);

    private final Path root;

    /** @param root the data directory, e.g. {@code data}; it need not exist yet. */
    public DataDirectory(final Path root)
    {
        this.root = Objects.requireNonNull(root, "root").normalize();
    }

    /** @return the data directory itself. */
    public Path root()
    {
        return root;
    }

    /**
     * @return the directory of the named queue.
     * @throws IllegalArgumentException naming the known queues when {@code name} is not one of them.
     */
    public Path queue(final String name)
    {
        return root.resolve(requireQueueName(name));
    }

    /** @return the directory of the idempotency outbox map. */
    public Path outbox()
    {
        return root.resolve(OUTBOX);
    }

    /** @return the known queue names, in pipeline order. */
    public static List<String> queueNames()
    {
        return QUEUE_NAMES;
    }

    /**
     * @return {@code name} when it is a known queue name (exact, lower-case).
     * @throws IllegalArgumentException naming the value and the known queues otherwise.
     */
    public static String requireQueueName(final String name)
    {
        if (name == null || !QUEUE_NAMES.contains(name))
        {
            throw new IllegalArgumentException("unknown queue '" + name + "'; known queues: " +
                String.join(", ", QUEUE_NAMES));
        }
        return name;
    }

    @Override
    public String toString()
    {
        return "DataDirectory{" + root + "}";
    }
}

package io.noctria.bench;

import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.engine.broker.SimulatedBroker;
import io.noctria.engine.core.ExecutionCore;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Instant;
import java.util.ArrayDeque;

/**
 * A journal's worth of messages produced in memory, single-threaded and deterministically: the
 * bench order flow runs through a real {@link ExecutionCore} and a {@link SimulatedBroker}, and
 * every journaled message (each input, then the events it caused, broker reports as inputs) is
 * recorded in journal order with a dense index. Used to feed the replay fold benchmark and to
 * capture the events of one allowed order for the harness baseline. Start-up code; allocates.
 */
final class RecordedFlow
{
    /** Business time of request 0: a weekday morning, inside any trading window. */
    static final long BASE_TS_NS = epochNs("2025-01-15T09:00:00Z");
    /** Business time between two requests: 20 µs (50 k req/s). */
    static final long REQUEST_SPACING_NS = 20_000L;

    private final ExpandableArrayBuffer messages = new ExpandableArrayBuffer(1 << 20);
    private final IntArrayList offsets = new IntArrayList();
    private final IntArrayList lengths = new IntArrayList();
    private final ArrayDeque<byte[]> pendingOrders = new ArrayDeque<>();
    private final UnsafeBuffer input = new UnsafeBuffer(new byte[4096]);
    private final RequestWriter writer = new RequestWriter();
    private final ExecutionCore core;
    private final SimulatedBroker broker;
    private long nowNs = BASE_TS_NS;
    private int position;

    private RecordedFlow(final int expectedOrders)
    {
        core = BenchFixtures.core(BenchFixtures.coreConfig(expectedOrders), this::onEvent, () -> nowNs);
        broker = new SimulatedBroker(BenchFixtures.brokerSettings(expectedOrders), this::onReport);
    }

    /**
     * Runs {@code requests} bench requests, 20 µs of business time apart, through core and broker,
     * then lets the broker finish every order.
     */
    static RecordedFlow record(final int requests)
    {
        final RecordedFlow flow = new RecordedFlow(requests);
        for (int n = 0; n < requests; n++)
        {
            flow.nowNs = BASE_TS_NS + n * REQUEST_SPACING_NS;
            final int length = flow.writer.write(flow.input, 0, n, flow.nowNs, flow.nowNs);
            flow.journalInput(flow.input, 0, length);
            flow.sendPending();
            flow.broker.poll(flow.nowNs);
            flow.sendPending();
        }
        for (int i = 0; i < 100 && (flow.broker.inFlight() > 0 || !flow.pendingOrders.isEmpty()); i++)
        {
            flow.nowNs += 1_000_000L;
            flow.broker.poll(flow.nowNs);
            flow.sendPending();
        }
        return flow;
    }

    int size()
    {
        return offsets.size();
    }

    DirectBuffer buffer()
    {
        return messages;
    }

    int offset(final int i)
    {
        return offsets.getInt(i);
    }

    int length(final int i)
    {
        return lengths.getInt(i);
    }

    /** @return a copy of the i-th message. */
    byte[] copy(final int i)
    {
        final byte[] bytes = new byte[length(i)];
        messages.getBytes(offset(i), bytes);
        return bytes;
    }

    int templateId(final int i)
    {
        return messages.getShort(offset(i) + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
    }

    private void journalInput(final DirectBuffer buffer, final int offset, final int length)
    {
        final long index = append(buffer, offset, length);
        core.onInput(index, buffer, offset);
    }

    private long append(final DirectBuffer buffer, final int offset, final int length)
    {
        messages.putBytes(position, buffer, offset, length);
        offsets.addInt(position);
        lengths.addInt(length);
        position += length;
        return offsets.size() - 1;
    }

    private void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        append(buffer, offset, length);
        final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        if (OrderSentDecoder.TEMPLATE_ID == templateId)
        {
            final byte[] order = new byte[length];
            buffer.getBytes(offset, order);
            pendingOrders.add(order);
        }
    }

    /** A broker report becomes an input: stamp its sequencing time (tsNs, the first field) and journal it. */
    private void onReport(final DirectBuffer buffer, final int offset, final int length)
    {
        final MutableDirectBuffer copy = new UnsafeBuffer(new byte[length]);
        copy.putBytes(0, buffer, offset, length);
        copy.putLong(MessageHeaderDecoder.ENCODED_LENGTH, nowNs, MessageHeaderDecoder.BYTE_ORDER);
        journalInput(copy, 0, length);
    }

    private void sendPending()
    {
        while (!pendingOrders.isEmpty())
        {
            final byte[] order = pendingOrders.poll();
            broker.send(new UnsafeBuffer(order), 0, order.length);
        }
    }

    private static long epochNs(final String iso)
    {
        final Instant instant = Instant.parse(iso);
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}

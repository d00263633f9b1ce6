package io.noctria.engine.broker;

import io.noctria.codecs.sbe.*;
import io.noctria.engine.gateway.BrokerReportSink;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static io.noctria.engine.broker.BrokerAssertions.drain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulated venue's cancel and replace: the engine's CancelSent and ReplaceSent, answered as FIX 4.4 answers. */
class VenueActionsTest
{
    private static final long T0 = 1_700_000_000_000_000_000L;

    private final OrderSentFixture orders = new OrderSentFixture();
    private final Recorder sink = new Recorder();
    private final UnsafeBuffer action = new UnsafeBuffer(new byte[512]);

    @Test
    void shouldCancelAWorkingOrderAndRefuseTooLateOrUnknownOnes()
    {
        final SimulatedBroker broker = new SimulatedBroker(
            TestSettings.quiet().partial(1.0).latencies(1_000, 500, 100).build(), sink);
        orders.sendTwoWorking(broker, T0);
        final int before = sink.templates.size();

        broker.cancel(action, 0, cancelSent(1, "C-1"));
        assertEquals(before, sink.templates.size(), "an accepted cancel is answered by the order's Canceled, later");
        drain(broker);
        assertEquals(CanceledDecoder.TEMPLATE_ID, sink.lastOf(1), "order 1 ends Canceled");

        broker.cancel(action, 0, cancelSent(2, "C-2"));
        final CancelRejectDecoder tooLate = sink.lastCancelReject();
        assertEquals(CxlRejReason.TOO_LATE_TO_CANCEL, tooLate.reason(), "order 2 filled before the cancel");
        assertEquals(CxlRejResponseTo.CANCEL, tooLate.responseTo());
        assertEquals(OrderSentFixture.clOrdId(2), tooLate.clOrdId(), "the identity block is the order's");
        assertEquals("C-2", tooLate.requestClOrdId());

        broker.cancel(action, 0, cancelSent(99, "C-99"));
        assertEquals(CxlRejReason.UNKNOWN_ORDER, sink.lastCancelReject().reason());
    }

    @Test
    void shouldReplaceAtOnceAndFillTheNewQty()
    {
        final SimulatedBroker broker = new SimulatedBroker(
            TestSettings.quiet().partial(1.0).latencies(1_000, 500, 100).build(), sink);
        orders.timeInForce(TimeInForce.GTC).qty(10_000_000).price(150_000_000).tsNs(T0);
        orders.send(broker, 1);
        broker.poll(T0 + 1_000);

        broker.replace(action, 0, replaceSent(1, "R-1", 4_000_000, 149_000_000));
        final ReplacedDecoder replaced = sink.lastReplaced();
        assertEquals(4_000_000, replaced.qty());
        assertEquals(149_000_000, replaced.price());
        assertEquals(OrderSentFixture.clOrdId(1), replaced.clOrdId());
        assertEquals("R-1", replaced.requestClOrdId());
        drain(broker);
        assertEquals(FillDecoder.TEMPLATE_ID, sink.lastOf(1));
        assertEquals(4_000_000, sink.lastFillCumQty, "the order fills to its new qty");
        assertEquals(VenueOrderState.FILLED, broker.status(OrderSentFixture.clOrdId(1)).state());

        broker.replace(action, 0, replaceSent(1, "R-2", 5_000_000, 149_000_000));
        assertEquals(CxlRejReason.TOO_LATE_TO_CANCEL, sink.lastCancelReject().reason());
        assertEquals(CxlRejResponseTo.REPLACE, sink.lastCancelReject().responseTo());
    }

    @Test
    void shouldAnswerTheSameCallsWithTheSameBytes()
    {
        assertArrayEquals(run(), run(), "deterministic per seed");
    }

    private byte[] run()
    {
        final Recorder recorder = new Recorder();
        final SimulatedBroker broker = new SimulatedBroker(
            TestSettings.quiet().partial(1.0).latencies(1_000, 500, 100).build(), recorder);
        for (int n = 1; n <= 20; n++)
        {
            orders.timeInForce(TimeInForce.GTC).qty(10_000_000).tsNs(T0 + n);
            orders.send(broker, n);
        }
        broker.poll(T0 + 1_600);
        for (int n = 1; n <= 20; n += 3)
        {
            broker.cancel(action, 0, cancelSent(n, "C-" + n));
            broker.replace(action, 0, replaceSent(n + 1, "R-" + n, 6_000_000, 151_000_000));
        }
        drain(broker);
        return recorder.bytes.toByteArray();
    }

    private int cancelSent(final long n, final String requestClOrdId)
    {
        final CancelSentEncoder encoder = new CancelSentEncoder().wrapAndApplyHeader(action, 0, new MessageHeaderEncoder())
            .tsNs(T0).inputIndex(n).qty(10_000_000).cumQty(0).side(Side.BUY).symbol("USDJPY")
            .clOrdId(OrderSentFixture.clOrdId(n)).traceId(OrderSentFixture.traceId(n)).putIdempotencyKey(key(n), 0, 32)
            .requestClOrdId(requestClOrdId).origClOrdId(OrderSentFixture.clOrdId(n)).putActionKey(new byte[32], 0, 32);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private int replaceSent(final long n, final String requestClOrdId, final long qty, final long price)
    {
        final ReplaceSentEncoder encoder = new ReplaceSentEncoder().wrapAndApplyHeader(action, 0, new MessageHeaderEncoder())
            .tsNs(T0).inputIndex(n).qty(qty).price(price).origQty(10_000_000).origPrice(150_000_000).cumQty(0)
            .side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC).symbol("USDJPY")
            .clOrdId(OrderSentFixture.clOrdId(n)).traceId(OrderSentFixture.traceId(n)).putIdempotencyKey(key(n), 0, 32)
            .requestClOrdId(requestClOrdId).origClOrdId(OrderSentFixture.clOrdId(n)).putActionKey(new byte[32], 0, 32);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private static byte[] key(final long n)
    {
        final byte[] key = new byte[32];
        new UnsafeBuffer(key).putLong(0, n, java.nio.ByteOrder.LITTLE_ENDIAN);
        return key;
    }

    /** Every report's bytes, and what the tests read back. */
    private static final class Recorder implements BrokerReportSink
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> templates = new ArrayList<>();
        final List<String> clOrdIds = new ArrayList<>();
        byte[] last = new byte[0];
        long lastFillCumQty;

        @Override
        public void onReport(final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            bytes.write(copy, 0, length);
            last = copy;
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
            templates.add(header.templateId());
            final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
            // Every report carries the order's ClOrdID; for the checks below its offset by template.
            final int at = switch (header.templateId())
            {
                case BrokerAckDecoder.TEMPLATE_ID -> BrokerAckDecoder.clOrdIdEncodingOffset();
                case FillDecoder.TEMPLATE_ID -> FillDecoder.clOrdIdEncodingOffset();
                case CanceledDecoder.TEMPLATE_ID -> CanceledDecoder.clOrdIdEncodingOffset();
                case ReplacedDecoder.TEMPLATE_ID -> ReplacedDecoder.clOrdIdEncodingOffset();
                case CancelRejectDecoder.TEMPLATE_ID -> CancelRejectDecoder.clOrdIdEncodingOffset();
                default -> -1;
            };
            clOrdIds.add(at < 0 ? "" : io.noctria.codecs.MessageFields.ascii(buffer, body + at, 32));
            if (FillDecoder.TEMPLATE_ID == header.templateId())
            {
                lastFillCumQty = buffer.getLong(body + FillDecoder.cumQtyEncodingOffset(), FillDecoder.BYTE_ORDER);
            }
        }

        int lastOf(final long n)
        {
            for (int i = templates.size() - 1; i >= 0; i--)
            {
                if (clOrdIds.get(i).equals(OrderSentFixture.clOrdId(n)))
                {
                    return templates.get(i);
                }
            }
            throw new AssertionError("no report of order " + n);
        }

        CancelRejectDecoder lastCancelReject()
        {
            assertEquals(CancelRejectDecoder.TEMPLATE_ID, templates.get(templates.size() - 1), "a CancelReject at once");
            return new CancelRejectDecoder().wrapAndApplyHeader(new UnsafeBuffer(last), 0, new MessageHeaderDecoder());
        }

        ReplacedDecoder lastReplaced()
        {
            assertTrue(templates.size() > 0);
            assertEquals(ReplacedDecoder.TEMPLATE_ID, templates.get(templates.size() - 1), "a Replaced at once");
            return new ReplacedDecoder().wrapAndApplyHeader(new UnsafeBuffer(last), 0, new MessageHeaderDecoder());
        }
    }
}

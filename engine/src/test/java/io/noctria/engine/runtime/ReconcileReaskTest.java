package io.noctria.engine.runtime;

import com.lmax.disruptor.RingBuffer;
import io.noctria.codecs.sbe.EngineOrderState;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.codecs.sbe.OrderStatusReportEncoder;
import io.noctria.codecs.sbe.ReconcileRequestedEncoder;
import io.noctria.codecs.sbe.VenueOrderState;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A status query of the start-up reconciliation that the venue never answers (a venue killed after reading it) is
 * asked again every {@link IngressAgent#REASK_NS} until answered, so one lost answer cannot hold inbound forever;
 * answered queries are not asked again, and a second answer counts once.
 */
class ReconcileReaskTest
{
    private final RecordingVenue venue = new RecordingVenue();
    private final List<String> asked = venue.asked;
    private final long[] clock = { 1_000_000_000_000L };
    private final OrderHandoff handoff = new OrderHandoff(64 * 1024);
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final IngressAgent agent = new IngressAgent(
        RingBuffer.createSingleProducer(() -> new InputSlot(new UnsafeBuffer(new byte[InputSlot.CAPACITY])), 64),
        null, venue, handoff, () -> clock[0], new NoOpIdleStrategy(), 1_000, CountersFile.detached());

    @Test
    void shouldAskAgainOnlyTheQueriesTheVenueHasNotAnswered()
    {
        agent.holdInboundUntilAnswered(7, 2);
        requestStatus(7, "N-seven");
        requestStatus(8, "N-eight");
        agent.doWork(true);
        assertEquals(List.of("7 N-seven", "8 N-eight"), asked);

        answer(7);
        answer(7); // a restarted venue may answer twice: counted once
        assertEquals(1, agent.awaitingAnswers());

        clock[0] += IngressAgent.REASK_NS - 1;
        agent.doWork(true);
        assertEquals(2, asked.size(), "not before the re-ask interval");

        clock[0] += 1;
        agent.doWork(true);
        assertEquals(List.of("7 N-seven", "8 N-eight", "8 N-eight"), asked, "only the unanswered query again");
        assertEquals(1, agent.reasks());

        clock[0] += IngressAgent.REASK_NS;
        agent.doWork(true);
        assertEquals(4, asked.size(), "and again after another interval while it stays unanswered");
        assertEquals(2, agent.reasks());

        answer(8);
        assertEquals(0, agent.awaitingAnswers());
    }

    private void requestStatus(final long queryId, final String clOrdId)
    {
        final ReconcileRequestedEncoder request = new ReconcileRequestedEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .tsNs(clock[0]).inputIndex(1).queryId(queryId).orderInputIndex(1).attempt(1).cumQty(0)
            .engineState(EngineOrderState.SENT).clOrdId(clOrdId).traceId("t").putIdempotencyKey(new byte[32], 0, 32);
        handoff.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + request.encodedLength(), new NoOpIdleStrategy());
    }

    private void answer(final long queryId)
    {
        final OrderStatusReportEncoder report = new OrderStatusReportEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .tsNs(0).brokerTsNs(clock[0]).queryId(queryId).brokerOrderId(0).qty(0).cumQty(0).leavesQty(0).avgPrice(0)
            .state(VenueOrderState.UNKNOWN).clOrdId("x");
        agent.onReport(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength());
    }
}

package io.noctria.engine.core;

import io.noctria.codecs.sbe.*;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import static io.noctria.engine.core.CoreFixture.M;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Steady state allocates nothing: authenticated requests (sent, duplicate, rejected with alerts, refused for a
 * forged tag) and fills run
 * through the core after warm-up while the thread's allocated-bytes counter stays flat. Inputs are
 * encoded before measuring, the sink only counts (and notes what was sent in a pre-sized array), and
 * the outbox is pre-sized past the run. The final position must be what the sent orders' fills add up to,
 * so a core that skipped the fills would fail here, not just one that allocated.
 */
class HotPathAllocationTest
{
    private static final int WARM_UP = 30_000;
    private static final int MEASURED = 10_000;

    @Test
    void shouldNotAllocateInSteadyState()
    {
        final ExecutionCore core = run("outbox: {capacity_hint: 131072}\n", 2_000_000L);
        assertEquals(0, core.outboxEvicted(), "the run is shorter than the horizon: nothing left the outbox");
    }

    /**
     * The same with a short horizon and a small outbox: finished orders leave the outbox while it is measured (and
     * their ids are reused), still without allocating.
     */
    @Test
    void shouldNotAllocateWhileEvictingFinishedOrders()
    {
        final ExecutionCore core = run("clock: {max_skew_ms: 1000}\noutbox: {capacity: 8192, dedupe_horizon_ms: 1000}\n",
            20_000_000L);
        assertTrue(core.outboxEvicted() > MEASURED, "finished orders were evicted: " + core.outboxEvicted());
        assertTrue(core.outboxSize() < 8192, "the outbox never filled: " + core.outboxSize());
    }

    /** The outbox fills during the measured requests: the refusals (InputRejected + CRITICAL alert) allocate nothing. */
    @Test
    void shouldNotAllocateWhileRefusingForAFullOutbox()
    {
        final ExecutionCore core = run("outbox: {capacity: 25000}\n", 2_000_000L);
        assertEquals(25_000, core.outboxSize(), "the outbox filled, and later orders were refused");
    }

    private static ExecutionCore run(final String engineYaml, final long tsStepNs)
    {
        final int total = WARM_UP + MEASURED;
        final RiskPolicy policy = RiskPolicy.parse("policy.yml", CoreFixture.POLICY.getBytes(StandardCharsets.UTF_8));
        final EngineConfig config = EngineConfig.parse("engine.yml",
            ("idempotency: {require_key: false, require_auth: true}\n" + engineYaml).getBytes(StandardCharsets.UTF_8));
        final long[] events = new long[1];
        final long[] clock = {0};
        // What the core sent, by request number, read from its OrderSent events: the fills below move the
        // position only for orders it sent, and only within their quantity (an over-fill is ignored).
        final long[] sentQty = new long[total];
        final MessageHeaderDecoder sentHeader = new MessageHeaderDecoder();
        final OrderSentDecoder sent = new OrderSentDecoder();
        final EventSink sink = (buffer, offset, length) ->
        {
            events[0]++;
            if (OrderSentDecoder.TEMPLATE_ID == sentHeader.wrap(buffer, offset).templateId())
            {
                sent.wrapAndApplyHeader(buffer, offset, sentHeader);
                sentQty[(int)(sent.inputIndex() / 2)] = sent.qty();
            }
        };
        final ExecutionCore core = new ExecutionCore(config, policy, new IdempotencyKeys(CoreFixture.SECRET),
            sink, () -> clock[0] += 1_000);

        final IdempotencyKeys keys = new IdempotencyKeys(CoreFixture.SECRET);
        final UnsafeBuffer[] requests = new UnsafeBuffer[total];
        final UnsafeBuffer[] fills = new UnsafeBuffer[total];
        final long[] fillQtys = new long[total];
        final long base = CoreFixture.ts("2025-01-15T09:00:00Z");
        for (int i = 0; i < total; i++)
        {
            final String trace = "alloc-" + i;
            final boolean buy = (i & 1) == 0;
            final long ts = base + i * tsStepNs;
            final String symbol = i % 7 == 3 ? "USDRUB" : "USDJPY";
            requests[i] = new UnsafeBuffer(new byte[512]);
            new OrderRequestEncoder().wrapAndApplyHeader(requests[i], 0, new MessageHeaderEncoder())
                .inboundIndex(i).ingressNs(ts).clientTsNs(ts).qty(M).price(150 * M).missingRatio(i % 5 == 0 ? 60_000 : 0)
                .dataLagMs(0).side(buy ? Side.BUY : Side.SELL).orderType(OrderType.MARKET).timeInForce(TimeInForce.IOC)
                .keyPresent(BooleanType.FALSE).symbol(symbol).traceId(trace).strategy("alloc");
            // Every request carries its tag (the tag path is measured); every 11th a forged one (refused).
            final String tag = i % 11 == 5 ? "ab".repeat(32) : keys.authTagHex(symbol, buy ? Side.BUY : Side.SELL, M,
                150 * M, OrderType.MARKET, TimeInForce.IOC, ts, trace, "alloc", null, i % 5 == 0 ? 60_000 : 0, 0);
            requests[i].putBytes(MessageHeaderEncoder.ENCODED_LENGTH + OrderRequestEncoder.authTagEncodingOffset(),
                InputValidationTest.hexToBytes(tag));
            final String hex = keys.computeHex(symbol, buy ? Side.BUY : Side.SELL, M, ts, trace);
            final byte[] key = InputValidationTest.hexToBytes(hex);
            // Buys fill at 150 and sells at 151: every round trip wins, so no loss streak shrinks later orders
            // below their fills (an over-fill is ignored, and the run would measure a core that fills nothing).
            final long fillQty = i % 5 == 0 ? M / 2 : M;
            fillQtys[i] = fillQty;
            fills[i] = new UnsafeBuffer(new byte[512]);
            new FillEncoder().wrapAndApplyHeader(fills[i], 0, new MessageHeaderEncoder())
                .tsNs(ts).brokerTsNs(ts).brokerOrderId(i).execId(i).fillQty(fillQty).fillPrice(buy ? 150 * M : 151 * M)
                .cumQty(fillQty).leavesQty(0).fillType(FillType.FULL).liquidity(Liquidity.TAKER)
                .clOrdId("N" + hex.substring(0, 31)).traceId(trace).putIdempotencyKey(key, 0, 32);
        }

        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final OrderRequestDecoder request = new OrderRequestDecoder();
        final int h = MessageHeaderEncoder.ENCODED_LENGTH;
        long before = 0;
        for (int i = 0; i < total; i++)
        {
            if (WARM_UP == i)
            {
                before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            }
            core.onOrderRequest(2L * i, request.wrap(requests[i], h, OrderRequestDecoder.BLOCK_LENGTH, 2));
            if (i % 10 == 9)
            {
                core.onOrderRequest(2L * i, request.wrap(requests[i], h, OrderRequestDecoder.BLOCK_LENGTH, 2));
            }
            core.onInput(2L * i + 1, fills[i], 0);
        }
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(events[0] > 3L * total, "every kind of event was produced: " + events[0]);
        long expectedPosition = 0;
        int applied = 0;
        for (int i = 0; i < total; i++)
        {
            if (sentQty[i] > 0 && fillQtys[i] <= sentQty[i])
            {
                expectedPosition += (i & 1) == 0 ? fillQtys[i] : -fillQtys[i];
                applied++;
            }
        }
        assertTrue(applied > total / 2, "most requests were sent and filled: " + applied + " of " + total);
        assertTrue(expectedPosition != 0, "the fills leave a position to check: " + expectedPosition);
        assertEquals(expectedPosition, core.position("USDJPY"), "every fill of a sent order moved the position");
        assertTrue(allocated < 4_096, "allocated " + allocated + " bytes over " + MEASURED + " requests and fills");
        return core;
    }
}

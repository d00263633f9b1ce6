package io.noctria.engine.runtime;

import com.lmax.disruptor.RingBuffer;
import io.noctria.codecs.MessageSamples;
import io.noctria.codecs.MessageValidator;
import io.noctria.codecs.sbe.*;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.engine.core.IdempotencyKeys;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import io.noctria.engine.testing.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Seeded fuzzing of the inbound path as the engine runs it: each mutated excerpt goes through the
 * journal reader's {@link MessageValidator}, the real {@link IngressAgent} (template filter, size limit,
 * ingress stamps) and the real {@link ExecutionHandler} (journal append, then {@link ExecutionCore}).
 * Seeds are valid OrderRequests and Controls, every template's sample and newer-version forms; mutations
 * are bit flips, interesting bytes and 64-bit values at field offsets, header rewrites, truncation,
 * extension, splices and noise. Every excerpt must become exactly one ring slot, an INVALID slot must
 * carry a reason and a detail, a readable input must make the core emit at least one event, and nothing
 * may throw or take more than a second.
 * <p>
 * CI runs {@value #DEFAULT_INPUTS} excerpts with a fixed seed; the soak profile ({@code mvn -B verify -Psoak})
 * runs {@value #SOAK_INPUTS}. Any length:
 * {@code mvn -o -pl engine -am verify -Dtest=SbeFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dnoctria.fuzz.inputs=2000000 -Dnoctria.fuzz.seed=N}. A failure names the seed, the input number and the bytes.
 */
class SbeFuzzTest
{
    static final int DEFAULT_INPUTS = 40_000;
    static final int SOAK_INPUTS = 1_000_000;
    private static final long DEFAULT_SEED = 7_101L;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final long START_NS = 1_795_321_200_000_000_000L; // 2026-11-22T04:20:00Z
    private static final long[] INTERESTING_LONGS = {
        0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE / 2, START_NS, START_NS + 3_600_000_000_000L,
        1_000_000L, 150_000_000L, 1L << 42, Integer.MAX_VALUE, 0x8000_0000L, 0xFFFF_FFFFL,
    };
    private static final int[] INTERESTING_BYTES = { 0, 1, 2, 3, 4, 5, 0x20, 0x7C, 0x7F, 0x80, 0xFF };

    @TempDir
    Path work;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldTurnEveryMutatedExcerptIntoOneSlotAndOneOutcome()
    {
        fuzz(Integer.getInteger("noctria.fuzz.inputs", DEFAULT_INPUTS), Long.getLong("noctria.fuzz.seed", DEFAULT_SEED));
    }

    /** The long run ({@code -Psoak}): {@value #SOAK_INPUTS} inputs, seed as in CI unless -Dnoctria.seed says otherwise. */
    @Test
    @Tag("soak")
    @Timeout(value = 3_600, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldTurnEveryMutatedExcerptIntoOneSlotAndOneOutcomeOverTheLongRun()
    {
        fuzz(Integer.getInteger("noctria.soak.fuzz.inputs", SOAK_INPUTS), Seeds.seed(DEFAULT_SEED));
    }

    private void fuzz(final int inputs, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<byte[]> seeds = seeds();

        final long[] events = new long[1];
        final JournalingEventSink[] frames = new JournalingEventSink[1];
        final long[] clock = { START_NS };
        final EngineConfig config = EngineConfig.parse("fuzz-engine.yml",
            "idempotency: {require_key: false, require_auth: false}\nclock: {max_skew_ms: 600000}\n".getBytes(StandardCharsets.UTF_8));
        final RiskPolicy policy = RiskPolicy.parse("fuzz-policy.yml", (
            "default:\n  max_position_notional: 1000000000\n  max_order_qty: 1000000\n" +
            "  trading_hours_utc: [\"00:00-24:00\"]\n  max_consecutive_losses: 3\n  shrink_after_losses_pct: 50\n" +
            "  price_collar_pct: 5\n  max_orders_per_second: 1000\n  reference_prices: {USDJPY: 150}\n")
            .getBytes(StandardCharsets.UTF_8));
        final ExecutionCore core = new ExecutionCore(config, policy,
            new IdempotencyKeys("fuzz-secret".getBytes(StandardCharsets.US_ASCII)),
            (buffer, offset, length) ->
            {
                events[0]++;
                frames[0].onEvent(buffer, offset, length);
            }, () -> clock[0] += 1_000);
        final RingBuffer<InputSlot> ring = RingBuffer.createSingleProducer(
            () -> new InputSlot(new org.agrona.concurrent.UnsafeBuffer(new byte[InputSlot.CAPACITY])), 64);
        // No journal reader or gateway: only onMessage/onInvalid are driven, and a ring without consumers never
        // makes the agent wait (nor drain the hand-off, which the handler below fills and this loop empties).
        final OrderHandoff orders = new OrderHandoff(1 << 20);
        final IngressAgent agent = new IngressAgent(ring, null, null, orders, () -> clock[0] += 1_000, null, 1_000,
            CountersFile.detached());
        final MessageValidator validator = new MessageValidator();
        final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
        long invalid = 0;
        long readable = 0;
        try (Journal journal = Journal.open(work.resolve("journal"), JournalConfig.defaults()))
        {
            frames[0] = new JournalingEventSink(journal, orders, new org.agrona.concurrent.NoOpIdleStrategy());
            final ExecutionHandler handler = new ExecutionHandler(frames[0], core, -1, CountersFile.detached());
            for (int n = 0; n < inputs; n++)
            {
                final byte[] input = mutate(random, seeds);
                final String where = "seed " + seed + ", input " + n + ": " + HexFormat.of().formatHex(input);
                final long startNs = System.nanoTime();
                final long cursor = ring.getCursor();
                final long eventsBefore = events[0];
                try
                {
                    view.wrap(input);
                    if (validator.validate(view, 0, input.length))
                    {
                        agent.onMessage(n, view, 0, input.length);
                    }
                    else
                    {
                        agent.onInvalid(n, validator.error(), validator.detail());
                    }
                    assertEquals(cursor + 1, ring.getCursor(), "exactly one slot per excerpt at " + where);
                    final InputSlot slot = ring.get(ring.getCursor());
                    assertEquals(n, slot.inboundIndex, where);
                    if (slot.kind == InputSlot.INVALID)
                    {
                        assertNotNull(slot.rejectReason, where);
                        assertFalse(slot.rejectDetail == null || slot.rejectDetail.isEmpty(), where);
                        invalid++;
                    }
                    handler.onEvent(slot, ring.getCursor(), true);
                    orders.drain((type, buffer, offset, length) -> { }, Integer.MAX_VALUE); // no venue here
                    if (slot.kind == InputSlot.MESSAGE)
                    {
                        assertTrue(events[0] > eventsBefore, "a readable input gives at least one event at " + where);
                        readable++;
                    }
                }
                catch (final RuntimeException ex)
                {
                    throw new AssertionError("unexpected " + ex + " at " + where, ex);
                }
                final long tookNs = System.nanoTime() - startNs;
                assertTrue(tookNs < TimeUnit.SECONDS.toNanos(1), "took " + tookNs / 1_000_000 + " ms at " + where);
            }
        }
        assertTrue(readable > inputs / 10, "the mutations must leave many excerpts readable: " + readable);
        assertTrue(invalid > inputs / 10, "and make many unreadable: " + invalid);
        assertTrue(core.outboxSize() > 0, "some mutated requests are still valid orders");
    }

    private static List<byte[]> seeds()
    {
        final List<byte[]> seeds = new ArrayList<>();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
        for (final int templateId : MessageSamples.templateIds())
        {
            seeds.add(copy(buffer, MessageSamples.encode(templateId, buffer, 0)));
            seeds.add(copy(buffer, MessageSamples.encodeNewerVersion(templateId, buffer, 0, 2, 24)));
        }
        for (int i = 0; i < 6; i++)
        {
            // Valid requests and controls weigh more: they reach the business logic.
            final int length = HEADER + new OrderRequestEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                .inboundIndex(-1).ingressNs(0).clientTsNs(START_NS).qty(1_000_000L * (1 + i)).price(150_000_000L)
                .missingRatio(0).dataLagMs(0).side(i % 2 == 0 ? Side.BUY : Side.SELL)
                .orderType(i % 3 == 0 ? OrderType.LIMIT : OrderType.MARKET).timeInForce(TimeInForce.DAY)
                .keyPresent(BooleanType.FALSE).symbol("USDJPY").traceId("fuzz-" + i).strategy("fuzz").encodedLength();
            seeds.add(copy(buffer, length));
        }
        for (final ControlAction action : new ControlAction[]{ ControlAction.PAUSE_ON, ControlAction.PAUSE_OFF,
            ControlAction.POLICY_RELOAD })
        {
            final int length = HEADER + new ControlEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                .inboundIndex(-1).ingressNs(0).submittedNs(START_NS).action(action).operatorName("fuzz")
                .reason("fuzzing").encodedLength();
            seeds.add(copy(buffer, length));
        }
        return seeds;
    }

    private static byte[] mutate(final SplittableRandom random, final List<byte[]> seeds)
    {
        if (random.nextInt(32) == 0)
        {
            final byte[] noise = new byte[1 + random.nextInt(600)];
            for (int i = 0; i < noise.length; i++)
            {
                noise[i] = (byte)random.nextInt(256);
            }
            return noise;
        }
        byte[] bytes = seeds.get(random.nextInt(seeds.size())).clone();
        final int count = 1 + random.nextInt(3);
        for (int m = 0; m < count; m++)
        {
            bytes = mutateOnce(random, seeds, bytes);
        }
        return bytes.length == 0 ? new byte[]{ 0 } : bytes; // the journal holds no empty excerpts
    }

    private static byte[] mutateOnce(final SplittableRandom random, final List<byte[]> seeds, final byte[] bytes)
    {
        final int length = bytes.length;
        if (length == 0)
        {
            return bytes;
        }
        final int at = random.nextInt(length);
        final UnsafeBuffer view = new UnsafeBuffer(bytes);
        switch (random.nextInt(9))
        {
            case 0:
                bytes[at] ^= (byte)(1 << random.nextInt(8));
                return bytes;
            case 1:
                bytes[at] = (byte)INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
                return bytes;
            case 2: // a 64-bit value at an 8-aligned body offset: most fixed-point and time fields
            {
                final int offset = HEADER + 8 * random.nextInt(Math.max(1, (length - HEADER) / 8));
                if (offset + 8 <= length)
                {
                    view.putLong(offset, INTERESTING_LONGS[random.nextInt(INTERESTING_LONGS.length)],
                        MessageHeaderEncoder.BYTE_ORDER);
                }
                return bytes;
            }
            case 3: // one header field
            {
                if (length >= HEADER)
                {
                    final int field = 2 * random.nextInt(4);
                    final int value = random.nextInt(4) == 0 ? random.nextInt(65536) :
                        new int[]{ 0, 1, 2, 7101, 200, 57, 65535, 43 }[random.nextInt(8)];
                    view.putShort(field, (short)value, MessageHeaderEncoder.BYTE_ORDER);
                }
                return bytes;
            }
            case 4:
                return Arrays.copyOf(bytes, at);
            case 5: // extend with noise
            {
                final byte[] longer = Arrays.copyOf(bytes, length + 1 + random.nextInt(64));
                for (int i = length; i < longer.length; i++)
                {
                    longer[i] = (byte)random.nextInt(256);
                }
                return longer;
            }
            case 6: // splice with another seed
            {
                final byte[] other = seeds.get(random.nextInt(seeds.size()));
                final int from = random.nextInt(other.length);
                final byte[] out = Arrays.copyOf(bytes, at + other.length - from);
                System.arraycopy(other, from, out, at, other.length - from);
                return out;
            }
            case 7: // a var-data length (just after a block) set to an interesting 32-bit value
            {
                if (at + 4 <= length)
                {
                    view.putInt(at, (int)INTERESTING_LONGS[random.nextInt(INTERESTING_LONGS.length)],
                        MessageHeaderEncoder.BYTE_ORDER);
                }
                return bytes;
            }
            default:
                bytes[at] = (byte)random.nextInt(256);
                return bytes;
        }
    }

    private static byte[] copy(final UnsafeBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}

package io.noctria.engine.badinput;

import io.noctria.codecs.MessageSamples;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.codecs.sbe.OrderRequestEncoder;
import io.noctria.codecs.sbe.RiskVerdict;
import io.noctria.engine.runtime.Engine;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The SBE half of the bad-input matrix: every excerpt of {@link InboundCases} is appended straight into
 * {@code data/inbound} between two good requests, and the real engine consumes the lot in one run. Each
 * bad excerpt must give exactly one journaled outcome naming its inbound index (an InputRejected with the
 * expected reason and a detail naming the bad value, or the documented risk reject), nothing may be sent
 * for it, every good request must be sent once, and the engine must keep running, restart on the journal
 * those rejections are in, and resume after them.
 */
class InboundBadInputMatrixTest
{
    @TempDir
    static Path work;

    private static List<InboundCase> cases;
    private static final Map<String, Long> inboundIndexByCase = new HashMap<>();
    private static long futureVersionIndex;
    private static long resumedAt;
    private static JournalOutcomes outcomes;

    @BeforeAll
    static void appendTheMatrixAndRunTheEngine() throws Exception
    {
        cases = InboundCases.all();
        final Path dataDir = work.resolve("data");
        final Path inboundDir = new DataDirectory(dataDir).queue(DataDirectory.INBOUND);
        long appended = 0;
        try (Journal inbound = Journal.open(inboundDir, JournalConfig.defaults().withSharedWriters()))
        {
            for (int i = 0; i < cases.size(); i++)
            {
                append(inbound, InboundCases.goodRequest(goodTrace(i)));
                inboundIndexByCase.put(cases.get(i).name(), append(inbound, cases.get(i).bytes()));
                appended += 2;
            }
            append(inbound, InboundCases.goodRequest(goodTrace(cases.size())));
            // Not bad input: a newer producer's request with fields this build does not know is read and sent.
            final UnsafeBuffer newer = new UnsafeBuffer(new byte[1024]);
            final int length = MessageSamples.encodeNewerVersion(OrderRequestEncoder.TEMPLATE_ID, newer, 0, 3, 64);
            newer.putBytes(MessageHeaderEncoder.ENCODED_LENGTH + OrderRequestEncoder.traceIdEncodingOffset(),
                java.util.Arrays.copyOf("future-version".getBytes(StandardCharsets.US_ASCII), 64));
            // The sample carries a placeholder key: let the engine compute the real one.
            newer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + OrderRequestEncoder.keyPresentEncodingOffset(), (byte)0);
            // ... and the engine requires a tag: tag the known fields as the newer producer would.
            InboundCases.sign(newer);
            futureVersionIndex = inbound.append(newer, 0, length);
            appended += 2;
        }

        final Engine first = MatrixEngine.start(dataDir);
        try
        {
            MatrixEngine.awaitConsumed(first, appended);
            try (Journal inbound = Journal.open(inboundDir, JournalConfig.defaults().withSharedWriters()))
            {
                append(inbound, InboundCases.goodRequest("good-while-running"));
            }
            MatrixEngine.awaitConsumed(first, appended + 1);
        }
        finally
        {
            MatrixEngine.stop(first);
        }

        // Recovery replays a journal full of rejections and must resume right after the last consumed excerpt.
        final Engine second = MatrixEngine.start(dataDir);
        try
        {
            resumedAt = second.resumeInboundIndex();
            try (Journal inbound = Journal.open(inboundDir, JournalConfig.defaults().withSharedWriters()))
            {
                append(inbound, InboundCases.goodRequest("good-after-restart"));
            }
            MatrixEngine.awaitConsumed(second, 1);
        }
        finally
        {
            MatrixEngine.stop(second);
        }
        outcomes = JournalOutcomes.read(dataDir);
    }

    static List<InboundCase> cases()
    {
        return InboundCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldJournalOneClearOutcomeAndLoseNothing(final InboundCase c)
    {
        final long inbound = inboundIndexByCase.get(c.name());
        final List<JournalOutcomes.Rejection> rejections = outcomes.rejections(inbound);
        if (c.reason() != null)
        {
            assertEquals(1, rejections.size(), "one InputRejected at inbound index " + inbound + ": " + rejections);
            assertEquals(c.reason(), rejections.get(0).reason(), rejections.get(0).detail());
            assertTrue(rejections.get(0).detail().contains(c.fragment()),
                "'" + rejections.get(0).detail() + "' should contain '" + c.fragment() + "'");
            assertEquals(c.refusedAtIngress(), outcomes.journalIndex(inbound) < 0,
                c.refusedAtIngress() ? "unreadable: never journaled as an input" : "readable: journaled, then refused");
        }
        else
        {
            assertEquals(List.of(), rejections);
            assertEquals(new JournalOutcomes.Decision(RiskVerdict.REJECT, c.rule()), outcomes.decision(inbound));
            assertTrue(outcomes.alerts(inbound).stream().anyMatch(a -> a.contains(c.fragment())),
                outcomes.alerts(inbound).toString());
        }
        assertEquals(0, outcomes.sends(inbound), "nothing is sent for a bad input");
        final int i = cases.stream().map(InboundCase::name).toList().indexOf(c.name());
        assertEquals(1, outcomes.sendsByTrace().getOrDefault(goodTrace(i), 0), "the good request before it is sent once");
        assertEquals(1, outcomes.sendsByTrace().getOrDefault(goodTrace(i + 1), 0), "the good request after it is sent once");
    }

    @Test
    void shouldSendEveryGoodRequestOnceKeepRunningAndResumeAfterARestart()
    {
        for (int i = 0; i <= cases.size(); i++)
        {
            assertEquals(1, outcomes.sendsByTrace().getOrDefault(goodTrace(i), 0), goodTrace(i));
        }
        assertEquals(1, outcomes.sendsByTrace().getOrDefault("good-while-running", 0));
        assertEquals(1, outcomes.sendsByTrace().getOrDefault("good-after-restart", 0));
        assertEquals(1, outcomes.sends(futureVersionIndex), "a newer-version request is read by its known fields and sent");
        assertEquals(cases.size() + 4, outcomes.sendsByTrace().size(), "nothing else is sent: " + outcomes.sendsByTrace());
        final long rejected = cases.stream().filter(c -> c.reason() != null).count();
        assertEquals(rejected, outcomes.rejectedInboundIndexes().size(), "no good request is refused");
        assertEquals(2, outcomes.engineStarts());
        assertEquals(2, outcomes.engineStops());
        assertTrue(resumedAt > futureVersionIndex, "the restart resumed after the consumed excerpts, at " + resumedAt);
        assertEquals(List.of(), outcomes.invalid(), "the journal holds only valid messages");
    }

    @Test
    void shouldNameEveryCaseOnce()
    {
        assertEquals(cases.size(), inboundIndexByCase.size(), "case names are unique");
    }

    private static long append(final Journal inbound, final byte[] bytes)
    {
        return inbound.append(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private static String goodTrace(final int i)
    {
        return "good-" + i;
    }
}

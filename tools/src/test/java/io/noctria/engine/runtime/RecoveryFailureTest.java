package io.noctria.engine.runtime;

import io.noctria.codecs.Messages;
import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.engine.cli.NoctriaCli;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.engine.core.IdempotencyKeys;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journaled input the core throws on stops recovery with the journal index, the message type and the reason,
 * whatever the throwable (a StackOverflowError included), never with a bare stack trace.
 */
class RecoveryFailureTest
{
    private static final Pattern STOPPED = Pattern.compile(
        "recovery stopped at journal index (\\d+) \\((\\w+)\\): (.*); the engine cannot rebuild its state past this " +
        "input - inspect it with `noctria tail --from-index \\1`");

    @TempDir
    Path dataDir;

    @Test
    void shouldNameIndexTypeAndReasonWhenTheCoreThrowsDuringRecovery()
    {
        demo();
        final IllegalStateException error = recoverWithClockFailingAt(5, () -> new IllegalArgumentException("boom\nagain"));
        final Matcher matcher = STOPPED.matcher(error.getMessage());
        assertTrue(matcher.matches(), error.getMessage());
        assertEquals("IllegalArgumentException: boom again", matcher.group(3));
        assertEquals(typeAt(Long.parseLong(matcher.group(1))), matcher.group(2), "the named index holds the named input");
    }

    @Test
    void shouldNameIndexTypeAndReasonForAStackOverflowToo()
    {
        demo();
        final IllegalStateException error = recoverWithClockFailingAt(3, StackOverflowError::new);
        final Matcher matcher = STOPPED.matcher(error.getMessage());
        assertTrue(matcher.matches(), error.getMessage());
        assertEquals("StackOverflowError", matcher.group(3));
        assertTrue(error.getCause() instanceof StackOverflowError);
    }

    @Test
    void shouldBoundTheReason()
    {
        final String message = Recovery.stoppedAt(42, io.noctria.codecs.sbe.PolicyReloadDecoder.TEMPLATE_ID,
            new IllegalStateException("x".repeat(1_000_000)));
        assertTrue(message.startsWith("recovery stopped at journal index 42 (PolicyReload): IllegalStateException: x"),
            message.substring(0, 100));
        assertTrue(message.length() < 600, "length " + message.length());
    }

    /** Rebuilds a core over the demo's journal with a clock that throws on its {@code failAt}-th reading. */
    private IllegalStateException recoverWithClockFailingAt(final int failAt, final Supplier<Throwable> failure)
    {
        final int[] readings = new int[1];
        final SwitchableSink sink = new SwitchableSink();
        final ExecutionCore core = new ExecutionCore(EngineConfig.load(Path.of("../configs/engine.yml")).forDemo(),
            RiskPolicy.load(Path.of("../configs/risk_policy.yml")),
            new IdempotencyKeys("recovery-failure-test".getBytes(StandardCharsets.UTF_8)), sink, () ->
            {
                if (++readings[0] == failAt)
                {
                    final Throwable thrown = failure.get();
                    if (thrown instanceof Error)
                    {
                        throw (Error)thrown;
                    }
                    throw (RuntimeException)thrown;
                }
                return readings[0];
            });
        final Path journalDir = new DataDirectory(dataDir).queue(DataDirectory.JOURNAL);
        final Recovery recovery = new Recovery(() -> core, null, null);
        return assertThrows(IllegalStateException.class, () -> recovery.run(journalDir));
    }

    private String typeAt(final long index)
    {
        final String[] type = new String[1];
        try (JournalReader reader = JournalReader.open(new DataDirectory(dataDir).queue(DataDirectory.JOURNAL)))
        {
            assertTrue(reader.toIndex(index));
            reader.poll(new JournalConsumer()
            {
                @Override
                public void onMessage(final long at, final DirectBuffer buffer, final int offset, final int length)
                {
                    if (type[0] == null) // a frame's first message is its input
                    {
                        type[0] = Messages.name(new MessageHeaderDecoder().wrap(buffer, offset).templateId());
                    }
                }

                @Override
                public void onInvalid(final long at, final RecordError error, final String detail)
                {
                    type[0] = "invalid " + error;
                }
            }, 1);
        }
        return type[0];
    }

    private void demo()
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = NoctriaCli.execute(new PrintWriter(out), new PrintWriter(err), "run", "--demo", "20",
            "--seed", "5", "--data-dir", dataDir.toString(), "--config", "../configs/engine.yml",
            "--policy", "../configs/risk_policy.yml");
        assertEquals(0, code, out + "\n" + err);
    }
}

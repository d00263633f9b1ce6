package io.noctria.engine.runtime;

import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.engine.cli.NoctriaCli;
import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.Journals;
import io.noctria.engine.testing.ProcessTest;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.JournalConsumer;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongHashSet;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A genuine journal append failure halts the engine without handing anything unjournaled to the venue.
 * <p>
 * The engine runs in a child process whose file-size limit ({@code ulimit -f}, {@link ChildJvm#fileSizeLimitKib}) is below what the journal
 * needs: when Chronicle grows the journal's mapped cycle file past it, {@code setLength} fails with EFBIG
 * ("File too large") and the append throws, exactly as an I/O error of the journal would. The venue is
 * out-of-process mode with no venue running, so {@code broker-orders} holds precisely what the engine handed
 * over; every ClOrdID there must have its OrderSent in the journal, the journal must stay readable, and
 * {@code run} must exit non-zero naming the error.
 */
class JournalAppendFailureProcessTest
{
    /** Above the inbound queue's needs for the demo below, well below the journal's. */
    private static final int FILE_SIZE_LIMIT_KIB = 100_000;
    private static final int REQUESTS = 150_000;

    @TempDir
    Path work;

    @ProcessTest
    void shouldHaltOnAJournalAppendFailureHavingHandedOverOnlyJournaledOrders() throws Exception
    {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "needs the shell's ulimit -f on Linux");
        final Path dataDir = work.resolve("data");
        final Path config = Files.writeString(work.resolve("engine.yml"),
            "broker: {mode: process}\njournal: {min_free_mb: 0}\n");
        final Path log = work.resolve("engine.log");
        final Process engine = ChildJvm.in(work).heap("512m").fileSizeLimitKib(FILE_SIZE_LIMIT_KIB).log("engine")
            .start(NoctriaCli.class, "run", "--demo", String.valueOf(REQUESTS), "--data-dir", dataDir.toString(),
                "--config", config.toString(), "--policy", ChildJvm.configs().resolve("risk_policy.yml").toString(),
                "--drain-timeout-ms", "1000");
        if (!engine.waitFor(150, TimeUnit.SECONDS))
        {
            engine.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("the engine neither failed nor finished within 150 s:\n" + tail(log));
        }
        final String output = Files.readString(log);
        assertNotEquals(0, engine.exitValue(), output);
        assertTrue(output.contains("File too large"), "the journal append failed for the file-size limit:\n" + tail(log));
        assertTrue(output.contains("engine halted, no further sends"), tail(log));
        assertTrue(output.contains("noctria run: demo did not complete: "), tail(log));
        assertFalse(output.contains("A fatal error has been detected by the Java Runtime Environment"),
            "no JVM crash:\n" + tail(log));
        assertEquals(1, engine.exitValue(), "a failed demo exits 1 (a signal would give 128 + n)");

        // The halt is visible from outside the process: counted, and its cause in the distinct-error log.
        try (EngineCounters counters = EngineCounters.open(dataDir))
        {
            assertEquals(1, counters.value(EngineCounter.ERRORS), "one error: the append that halted the engine");
            final StringBuilder errors = new StringBuilder();
            assertEquals(1, counters.readErrors((count, firstMs, lastMs, text) -> errors.append(text)));
            assertTrue(errors.toString().contains("File too large"), errors.toString());
            assertEquals(3, counters.value(EngineCounter.ENGINE_STATE), "stopped");
        }

        final DataDirectory data = new DataDirectory(dataDir);
        final ClOrdIds journaled = read(data.queue(DataDirectory.JOURNAL));
        final ClOrdIds handedOver = read(data.queue(DataDirectory.BROKER_ORDERS));
        assertEquals(0, journaled.invalid, "the journal reads cleanly up to the failure");
        assertTrue(handedOver.orders > 0, "orders were handed over before the failure");
        assertTrue(journaled.orders >= handedOver.orders, journaled.orders + " journaled, " + handedOver.orders + " handed over");
        for (final long id : handedOver.ids)
        {
            assertTrue(journaled.ids.contains(id), "an order handed to the venue has no OrderSent in the journal");
        }
    }

    private static ClOrdIds read(final Path queue)
    {
        return Journals.readAll(queue, new ClOrdIds());
    }

    private static String tail(final Path log) throws Exception
    {
        final String text = Files.exists(log) ? Files.readString(log) : "(no log)";
        return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    }

    private static final class ClOrdIds implements JournalConsumer
    {
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final byte[] clOrdId = new byte[32];
        final LongHashSet ids = new LongHashSet();
        long orders;
        long invalid;

        @Override
        public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
        {
            header.wrap(buffer, offset);
            if (header.templateId() == OrderSentDecoder.TEMPLATE_ID)
            {
                orders++;
                buffer.getBytes(offset + MessageHeaderDecoder.ENCODED_LENGTH + OrderSentDecoder.clOrdIdEncodingOffset(),
                    clOrdId, 0, 32);
                ids.add(BurstAudit.hash(clOrdId, 0));
            }
        }

        @Override
        public void onInvalid(final long index, final io.noctria.codecs.RecordError error, final String detail)
        {
            invalid++;
        }
    }
}

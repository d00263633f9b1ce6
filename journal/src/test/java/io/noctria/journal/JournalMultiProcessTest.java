package io.noctria.journal;

import io.noctria.codecs.RecordError;
import io.noctria.engine.testing.ChildJvm;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderRequestDecoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import io.noctria.engine.testing.ProcessTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JournalMultiProcessTest
{
    private static final int MESSAGES = 2_000;
    private static final int PAUSE_MICROS = 200;

    @TempDir
    Path tmp;

    @ProcessTest
    void shouldSeeEveryAppendOfAnotherProcessLiveAndInOrder() throws Exception
    {
        final Path dir = tmp.resolve("inbound");
        // The queue exists before the reader opens (readers never create one); it is still empty.
        Journal.open(dir, JournalConfig.defaults()).close();

        try (JournalReader reader = JournalReader.open(dir);
            ChildJvm.Running child = appendingProcess(
                List.of(dir.toString(), Integer.toString(MESSAGES), Integer.toString(PAUSE_MICROS))))
        {
            final LiveConsumer consumer = new LiveConsumer(child);
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (consumer.count < MESSAGES)
            {
                if (reader.poll(consumer, 256) == 0)
                {
                    if (!child.isAlive() && reader.poll(consumer, 256) == 0)
                    {
                        break;
                    }
                    if (System.nanoTime() > deadlineNs)
                    {
                        fail("saw " + consumer.count + " of " + MESSAGES + " within the deadline\n" + child.output());
                    }
                    // Idle back-off while waiting for the writer: the shared cores also run the child.
                    LockSupport.parkNanos(50_000);
                }
            }

            assertEquals(0, child.awaitExit(60, TimeUnit.SECONDS), child.output());
            assertEquals(MESSAGES, consumer.count, child.output());
            assertTrue(consumer.seenWhileWriterAlive, "the reader saw appends while the writer was still writing");
            assertTrue(child.stdout().contains("appended=" + MESSAGES), child.output());
            assertEquals(reader.lastReadIndex(), lastIndexOf(child.stdout()));
            assertEquals(0, reader.poll(consumer, 10));

            final long[] latencies = Arrays.copyOf(consumer.latenciesNs, consumer.count);
            Arrays.sort(latencies);
            System.out.printf("cross-process visibility over %d appends: p50 %d us, p99 %d us, max %d us%n",
                MESSAGES, latencies[MESSAGES / 2] / 1_000, latencies[MESSAGES * 99 / 100] / 1_000,
                latencies[MESSAGES - 1] / 1_000);
        }
    }

    @ProcessTest
    void shouldContinueAfterTheWriterProcessIsKilledMidStream() throws Exception
    {
        final Path dir = tmp.resolve("inbound");
        Journal.open(dir, JournalConfig.defaults()).close();
        try (JournalReader reader = JournalReader.open(dir);
            ChildJvm.Running child = appendingProcess(List.of(dir.toString(), "200000", "20")))
        {
            final LiveConsumer consumer = new LiveConsumer(child);
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (consumer.count < 2_000)
            {
                if (reader.poll(consumer, 256) == 0)
                {
                    assertTrue(child.isAlive(), "the writer stopped early\n" + child.output());
                    assertTrue(System.nanoTime() < deadlineNs, "saw only " + consumer.count + "\n" + child.output());
                    LockSupport.parkNanos(50_000);
                }
            }
            child.kill();
        }

        // The OS released the dead writer's lock; Chronicle recovers whatever the kill interrupted.
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
        final long restarted;
        try (Journal journal = Journal.open(dir, JournalConfig.defaults()))
        {
            final long lastBeforeCrash = journal.lastIndex();
            restarted = journal.append(buffer, 0, new TestMessages().inboundOrderRequest(buffer, 0, -7, 1));
            assertTrue(restarted > lastBeforeCrash);
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            final RecordingConsumer all = RecordingConsumer.drain(reader);
            final int complete = all.entries.size() - 1;
            assertTrue(complete >= 2_000, "everything the reader saw before the kill is still there");
            final OrderRequestDecoder decoder = new OrderRequestDecoder();
            final MessageHeaderDecoder header = new MessageHeaderDecoder();
            for (int i = 0; i < all.entries.size(); i++)
            {
                final RecordingConsumer.Entry entry = all.entries.get(i);
                assertTrue(entry.valid(), "excerpt " + i + " at " + entry.index() + ": " + entry.detail());
                decoder.wrapAndApplyHeader(new UnsafeBuffer(entry.bytes()), 0, header);
                assertEquals(i < complete ? i : -7, decoder.inboundIndex(), "excerpt " + i);
            }
            assertEquals(restarted, all.entries.get(complete).index());
            System.out.printf("writer killed after %d appends; the restarted writer continued at the next index%n",
                complete);
        }
    }

    @ProcessTest
    void shouldNeitherPhoneHomeNorLitterHomeOrTmp() throws Exception
    {
        assertFalse(JournalSmokeProcess.loadable(JournalSmokeProcess.ANALYTICS_CLASS),
            "chronicle-analytics is excluded from the build: not on the test class path either");

        final Path home = Files.createDirectory(tmp.resolve("home"));
        final Path javaTmp = Files.createDirectory(tmp.resolve("java-tmp"));
        final Path work = Files.createDirectory(tmp.resolve("work"));
        final Path build = Files.createDirectory(tmp.resolve("chronicle-build"));
        final Path dir = tmp.resolve("data").resolve("journal");
        final Path logs = tmp.resolve("logs");
        try (ChildJvm.Running child = ChildJvm.in(work)
            .heap("128m")
            .scratch(build)
            .jvmOption("-Duser.home=" + home)
            .jvmOption("-Djava.io.tmpdir=" + javaTmp)
            .env("HOME", home.toString())
            .withoutEnv("XDG_CACHE_HOME")
            .output(logs.resolve("JournalSmokeProcess.out"), logs.resolve("JournalSmokeProcess.err"))
            .launch(JournalSmokeProcess.class, List.of(dir.toString())))
        {
            assertEquals(0, child.awaitExit(60, TimeUnit.SECONDS), child.output());
            assertTrue(child.stdout().contains("messages=3"), child.output());
            assertTrue(child.stdout().contains("analytics=absent"), child.output());
        }
        assertEquals(List.of(), list(home), "nothing under HOME (no analytics id, no ~/.cache/JNA)");
        assertEquals(List.of(), list(javaTmp), "nothing left in java.io.tmpdir (no target/, no JNA stub)");
        assertEquals(List.of(), list(work), "nothing in the working directory");
        assertTrue(List.of("tmp").containsAll(list(build)), "Chronicle only made its tmp/ under project.build.directory");
    }

    /** The appending child: stdout apart from stderr, as the tests parse what it prints. */
    private ChildJvm.Running appendingProcess(final List<String> args) throws IOException
    {
        final Path logs = tmp.resolve("logs");
        return ChildJvm.in(logs)
            .heap("128m")
            .scratch(Path.of(System.getProperty("project.build.directory", tmp.toString())))
            .output(logs.resolve("AppendingProcess.out"), logs.resolve("AppendingProcess.err"))
            .launch(AppendingProcess.class, args);
    }

    private static long lastIndexOf(final String stdout)
    {
        final String marker = "lastIndex=";
        final int at = stdout.indexOf(marker);
        return Long.parseLong(stdout.substring(at + marker.length()).trim());
    }

    private static List<String> list(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            return files.filter(path -> !path.equals(dir))
                .map(path -> dir.relativize(path).toString())
                .sorted()
                .collect(Collectors.toList());
        }
    }

    /** Checks order as messages arrive and records how long each took to become visible. */
    private static final class LiveConsumer implements JournalConsumer
    {
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final OrderRequestDecoder decoder = new OrderRequestDecoder();
        private final ChildJvm.Running child;
        private final long[] latenciesNs = new long[MESSAGES];
        private long lastIndex = Journal.NO_INDEX;
        private int count;
        private boolean seenWhileWriterAlive;

        LiveConsumer(final ChildJvm.Running child)
        {
            this.child = child;
        }

        @Override
        public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
        {
            final Instant now = Instant.now();
            decoder.wrapAndApplyHeader(buffer, offset, header);
            assertEquals(count, decoder.inboundIndex(), "messages arrive in append order");
            assertTrue(index > lastIndex, "indexes increase");
            if (count < MESSAGES)
            {
                latenciesNs[count] = now.getEpochSecond() * 1_000_000_000L + now.getNano() - decoder.clientTsNs();
            }
            if (count == 0)
            {
                seenWhileWriterAlive = child.isAlive();
            }
            lastIndex = index;
            count++;
        }

        @Override
        public void onInvalid(final long index, final RecordError error, final String detail)
        {
            fail("invalid excerpt " + index + ": " + error + " " + detail);
        }
    }
}

package io.noctria.engine.cli;

import io.noctria.codecs.MessageSamples;
import io.noctria.engine.testing.ProcessTest;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code tail --follow} in this process sees what another process appends while it runs.
 */
class TailFollowProcessTest
{
    @TempDir
    Path dataDir;

    @ProcessTest
    void shouldFollowAWriterInAnotherProcess() throws Exception
    {
        final Path queue = new DataDirectory(dataDir).queue(DataDirectory.JOURNAL);
        // The queue must exist before tail starts: tail never creates one.
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MessageSamples.MAX_ENCODED_LENGTH]);
        try (Journal journal = Journal.open(queue, JournalConfig.defaults()))
        {
            journal.append(buffer, 0, MessageSamples.encode(MessageSamples.templateIds()[0], buffer, 0));
        }

        final int appended = 400;
        final Process producer = io.noctria.engine.testing.ChildJvm.in(dataDir).start(AppendingProducer.class,
            queue.toString(), String.valueOf(appended), "500");
        try
        {
            final CliRun run = CliRun.run("tail", "--data-dir", dataDir.toString(), "--follow", "--format", "json",
                "--max", String.valueOf(appended + 1));
            assertEquals(0, run.exitCode, run.toString());
            final List<String> lines = run.lines();
            assertEquals(appended + 1, lines.size());
            final int[] templateIds = MessageSamples.templateIds();
            long previousIndex = Long.MIN_VALUE;
            for (int i = 1; i < lines.size(); i++)
            {
                final String type = TailCommandTest.parseFlatJson(lines.get(i)).get("type");
                assertEquals('"' + io.noctria.codecs.Messages.name(templateIds[(i - 1) % templateIds.length]) + '"', type);
                final long index = Long.parseLong(TailCommandTest.parseFlatJson(lines.get(i)).get("index"));
                assertTrue(index > previousIndex, "indexes increase");
                previousIndex = index;
            }
            assertTrue(producer.waitFor(30, TimeUnit.SECONDS), "producer finished");
            assertEquals(0, producer.exitValue());
        }
        finally
        {
            producer.destroyForcibly();
        }
    }
}

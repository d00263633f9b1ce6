package io.noctria.engine.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.noctria.codecs.MessageSamples;
import io.noctria.codecs.Messages;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TailCommandTest
{
    @TempDir
    Path dataDir;

    @Test
    void shouldRoundTripEveryMessageTypeThroughTheJournalToJson() throws Exception
    {
        final List<Long> indexes = appendOneOfEach();
        final CliRun run = CliRun.run("tail", "--data-dir", dataDir.toString(), "--format", "json");
        assertEquals(0, run.exitCode, run.toString());
        final List<String> lines = run.lines();
        final int[] templateIds = MessageSamples.templateIds();
        assertEquals(templateIds.length, lines.size(), run.toString());
        for (int i = 0; i < templateIds.length; i++)
        {
            final Map<String, String> actual = parseFlatJson(lines.get(i));
            assertEquals(String.valueOf(indexes.get(i)), actual.get("index"));
            assertEquals('"' + Messages.name(templateIds[i]) + '"', actual.get("type"));
            assertEquals(MessageSamples.expectedJsonValues(templateIds[i]).keySet(),
                new java.util.LinkedHashSet<>(actual.keySet()).stream().skip(2).collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)),
                "every field by its schema name, in schema order: " + Messages.name(templateIds[i]));
            assertEquals(parseFlatJson(MessageSamples.expectedJson(indexes.get(i), templateIds[i])), actual,
                Messages.name(templateIds[i]));
            assertEquals(MessageSamples.expectedJson(indexes.get(i), templateIds[i]), lines.get(i));
        }
    }

    @Test
    void shouldPrintTextWithIndexFirstAndUtcTime() throws Exception
    {
        final List<Long> indexes = appendOneOfEach();
        final CliRun run = CliRun.run("--data-dir", dataDir.toString(), "tail");
        assertEquals(0, run.exitCode, run.toString());
        final int[] templateIds = MessageSamples.templateIds();
        for (int i = 0; i < templateIds.length; i++)
        {
            assertEquals(MessageSamples.expectedText(indexes.get(i), templateIds[i]), run.lines().get(i));
        }
    }

    @Test
    void shouldFilterByTypeTraceIdIndexLastAndMax() throws Exception
    {
        final List<Long> indexes = appendOneOfEach();
        final int[] templateIds = MessageSamples.templateIds();

        final CliRun types = CliRun.run("tail", "--data-dir", dataDir.toString(), "--type", "OrderSent,Fill");
        assertEquals(2, types.lines().size(), types.toString());
        assertTrue(types.lines().get(0).contains(" OrderSent "));
        assertTrue(types.lines().get(1).contains(" Fill "));

        // Each sample carries its own trace id: the filter must return exactly the messages with that id.
        final Map<String, Integer> expectedByTrace = new LinkedHashMap<>();
        for (final int templateId : templateIds)
        {
            final String traceId = MessageSamples.expectedJsonValues(templateId).get("traceId");
            if (traceId != null && traceId.length() > 2)
            {
                expectedByTrace.merge(traceId.substring(1, traceId.length() - 1), 1, Integer::sum);
            }
        }
        assertTrue(expectedByTrace.size() > 5, "samples carry trace ids: " + expectedByTrace);
        for (final Map.Entry<String, Integer> entry : expectedByTrace.entrySet())
        {
            final CliRun trace = CliRun.run("tail", "--data-dir", dataDir.toString(), "--trace-id", entry.getKey(),
                "--format", "json");
            assertEquals(entry.getValue().intValue(), trace.lines().size(), trace.toString());
            for (final String line : trace.lines())
            {
                assertEquals('"' + entry.getKey() + '"', parseFlatJson(line).get("traceId"));
            }
        }
        assertEquals(0, CliRun.run("tail", "--data-dir", dataDir.toString(), "--trace-id", "no-such-trace").lines().size());

        final CliRun fromIndex = CliRun.run("tail", "--data-dir", dataDir.toString(), "--from-index",
            String.valueOf(indexes.get(5)));
        assertEquals(templateIds.length - 5, fromIndex.lines().size());
        assertTrue(fromIndex.lines().get(0).startsWith(indexes.get(5) + " "));

        final CliRun hexIndex = CliRun.run("tail", "--data-dir", dataDir.toString(), "--from-index",
            "0x" + Long.toHexString(indexes.get(5)), "--max", "2");
        assertEquals(fromIndex.lines().subList(0, 2), hexIndex.lines());

        final CliRun last = CliRun.run("tail", "--data-dir", dataDir.toString(), "--last", "3");
        assertEquals(3, last.lines().size());
        assertTrue(last.lines().get(2).startsWith(indexes.get(indexes.size() - 1) + " "));
    }

    @Test
    void shouldSeekByTime() throws Exception
    {
        appendOneOfEach();
        final CliRun all = CliRun.run("tail", "--data-dir", dataDir.toString(), "--format", "json");
        final CliRun future = CliRun.run("tail", "--data-dir", dataDir.toString(), "--from-time", "2100-01-01T00:00:00Z");
        assertEquals(0, future.exitCode, future.toString());
        assertEquals(0, future.lines().size());
        final CliRun past = CliRun.run("tail", "--data-dir", dataDir.toString(), "--format", "json", "--from-time", "2000-01-01");
        assertEquals(all.lines(), past.lines());
    }

    @Test
    void shouldReportGarbageExcerptsWithTheirIndexAndKeepGoing() throws Exception
    {
        final Path queue = new DataDirectory(dataDir).queue(DataDirectory.JOURNAL);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MessageSamples.MAX_ENCODED_LENGTH]);
        final int fill = templateIdOf("Fill");
        try (Journal journal = Journal.open(queue, JournalConfig.defaults()))
        {
            journal.append(buffer, 0, MessageSamples.encode(fill, buffer, 0));
        }
        final long garbageIndex;
        try (SingleChronicleQueue raw = SingleChronicleQueueBuilder.binary(queue).build();
             ExcerptAppender appender = raw.createAppender())
        {
            appender.writeBytes(net.openhft.chronicle.bytes.Bytes.wrapForRead(new byte[]{ 1, 2, 3 }));
            garbageIndex = appender.lastIndexAppended();
        }
        try (Journal journal = Journal.open(queue, JournalConfig.defaults()))
        {
            journal.append(buffer, 0, MessageSamples.encode(fill, buffer, 0));
        }

        final CliRun json = CliRun.run("tail", "--data-dir", dataDir.toString(), "--format", "json");
        // A foreign writer's excerpt in a framed journal is damage (UNFRAMED): exit 5, the index named.
        assertEquals(5, json.exitCode, "exit code 5 signals a damaged queue: " + json);
        assertEquals(3, json.lines().size(), json.toString());
        final Map<String, String> invalid = parseFlatJson(json.lines().get(1));
        assertEquals(String.valueOf(garbageIndex), invalid.get("index"));
        assertEquals("\"Invalid\"", invalid.get("type"));
        assertEquals("\"UNFRAMED\"", invalid.get("error"));
        assertTrue(json.err.contains("excerpt " + garbageIndex), json.err);
        assertTrue(json.lines().get(2).contains("\"type\":\"Fill\""));
    }

    @Test
    void shouldFailClearlyWithoutCreatingAMissingQueue()
    {
        final CliRun run = CliRun.run("tail", "--data-dir", dataDir.resolve("nowhere").toString());
        assertEquals(1, run.exitCode, run.toString());
        assertTrue(run.err.contains("no queue 'journal'"), run.err);
        assertFalse(Files.exists(dataDir.resolve("nowhere")));

        final CliRun badQueue = CliRun.run("tail", "--data-dir", dataDir.toString(), "--queue", "nope");
        assertNotEquals(0, badQueue.exitCode);
        assertTrue(badQueue.err.contains("nope"), badQueue.err);

        final CliRun badType = CliRun.run("tail", "--data-dir", dataDir.toString(), "--type", "Nope");
        assertNotEquals(0, badType.exitCode);
    }

    @Test
    void shouldShowHelpForEveryCommand()
    {
        final CliRun help = CliRun.run("--help");
        assertEquals(0, help.exitCode);
        for (final String command : new String[]{ "tail", "submit", "pause" })
        {
            assertTrue(help.out.contains(command), help.out);
            final CliRun sub = CliRun.run(command, "--help");
            assertEquals(0, sub.exitCode, sub.toString());
            assertTrue(sub.out.contains("--data-dir"), command + " help lists the global --data-dir: " + sub.out);
        }
    }

    private List<Long> appendOneOfEach()
    {
        final List<Long> indexes = new ArrayList<>();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MessageSamples.MAX_ENCODED_LENGTH]);
        try (Journal journal = Journal.open(new DataDirectory(dataDir).queue(DataDirectory.JOURNAL), JournalConfig.defaults()))
        {
            for (final int templateId : MessageSamples.templateIds())
            {
                final int length = MessageSamples.encode(templateId, buffer, 0);
                assertTrue(length > MessageHeaderEncoder.ENCODED_LENGTH);
                indexes.add(journal.append(buffer, 0, length));
            }
        }
        return indexes;
    }

    private static int templateIdOf(final String name)
    {
        final int[] ids = Messages.templateIds(name);
        assertTrue(ids.length > 0, name);
        return ids[ids.length - 1];
    }

    /** Parses a flat JSON object into name → raw JSON value text (strings keep their quotes). */
    static Map<String, String> parseFlatJson(final String line) throws java.io.IOException
    {
        final Map<String, String> values = new LinkedHashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(line))
        {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken(), line);
            while (parser.nextToken() == JsonToken.FIELD_NAME)
            {
                final String name = parser.currentName();
                final JsonToken token = parser.nextToken();
                assertFalse(token.isStructStart(), "flat object expected: " + line);
                final String text = token == JsonToken.VALUE_STRING ? '"' + parser.getText() + '"' : parser.getText();
                assertNull(values.put(name, text), "duplicate key " + name + " in " + line);
            }
            assertNull(parser.nextToken(), "trailing content: " + line);
        }
        return values;
    }
}

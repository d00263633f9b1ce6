package io.noctria.engine.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.CommandResult;
import io.noctria.engine.testing.ProcessTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NOCTRIA_LOG_FORMAT=JSON turns the log lines on stderr into one JSON object each; text stays the default. */
class JsonLogsProcessTest
{
    @TempDir
    Path work;

    @ProcessTest
    void shouldWriteOneJsonObjectPerLogLineWhenAskedAndTextOtherwise() throws Exception
    {
        final String[] demo = { "--data-dir", work.resolve("data").toString(), "run", "--demo", "20", "--fresh",
            "--config", ChildJvm.configs().resolve("engine.yml").toString(),
            "--policy", ChildJvm.configs().resolve("risk_policy.yml").toString() };
        final CommandResult json = ChildJvm.in(work).jvmOption("-XX:TieredStopAtLevel=1").env("NOCTRIA_LOG_FORMAT", "JSON")
            .execute("json-logs", NoctriaCli.class, demo);
        assertEquals(0, json.code(), json.toString());
        final List<String> lines = json.err().lines().filter(line -> line.startsWith("{")).toList();
        assertFalse(lines.isEmpty(), json.err());
        boolean recovered = false;
        for (final String line : lines)
        {
            final Map<String, String> fields = fields(line);
            assertTrue(fields.containsKey("level") && fields.containsKey("loggerName") &&
                fields.containsKey("timestamp"), line);
            recovered |= fields.getOrDefault("formattedMessage", "").startsWith("engine recovered ");
        }
        assertTrue(recovered, "the engine's start line, formatted: " + lines);

        final CommandResult text = ChildJvm.in(work).jvmOption("-XX:TieredStopAtLevel=1")
            .execute("text-logs", NoctriaCli.class, demo);
        assertEquals(0, text.code(), text.toString());
        assertTrue(text.err().lines().anyMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO .*")), text.err());
        assertTrue(text.err().lines().noneMatch(line -> line.startsWith("{")), text.err());
    }

    /** @return the top-level string and number fields of one JSON object (nested objects skipped). */
    private static Map<String, String> fields(final String line) throws Exception
    {
        final Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(line))
        {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken(), line);
            while (parser.nextToken() == JsonToken.FIELD_NAME)
            {
                final String name = parser.currentName();
                final JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY)
                {
                    parser.skipChildren();
                }
                else
                {
                    fields.put(name, parser.getText());
                }
            }
        }
        return fields;
    }
}

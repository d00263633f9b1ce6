package io.noctria.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/** Checks report files with a real JSON parser, so malformed output cannot pass. */
final class JsonLines
{
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonLines()
    {
    }

    /** Asserts that {@code text} is exactly one JSON object and nothing else. */
    static void assertOneObject(final String text)
    {
        try (JsonParser parser = FACTORY.createParser(text))
        {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken(), text);
            parser.skipChildren();
            assertNull(parser.nextToken(), "trailing content after the object: " + text);
        }
        catch (final IOException ex)
        {
            fail("not well-formed JSON: " + text, ex);
        }
    }

    /** Asserts every line of a .jsonl file is one JSON object; returns the lines. */
    static List<String> assertJsonLines(final Path file) throws IOException
    {
        final String content = Files.readString(file, StandardCharsets.UTF_8);
        if (!content.isEmpty() && !content.endsWith("\n"))
        {
            fail(file + " does not end with a newline");
        }
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (final String line : lines)
        {
            assertOneObject(line);
        }
        return lines;
    }
}

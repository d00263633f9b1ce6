package io.noctria.engine.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Flattens a JSON document to dotted paths → value text ({@code risk.by_rule.ORDER_RATE → 12}) for assertions. */
final class ReplayJson
{
    private ReplayJson()
    {
    }

    static Map<String, String> flatten(final String json)
    {
        final Map<String, String> values = new LinkedHashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json))
        {
            parser.nextToken();
            read(parser, "", values);
            assertNull(parser.nextToken(), "one JSON value expected: " + json);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(json, ex);
        }
        return values;
    }

    private static void read(final JsonParser parser, final String path, final Map<String, String> values)
        throws IOException
    {
        final JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT)
        {
            while (parser.nextToken() == JsonToken.FIELD_NAME)
            {
                final String name = parser.currentName();
                parser.nextToken();
                read(parser, path.isEmpty() ? name : path + "." + name, values);
            }
        }
        else if (token == JsonToken.START_ARRAY)
        {
            int position = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY)
            {
                read(parser, path + "." + position++, values);
            }
        }
        else
        {
            values.put(path, parser.getText());
        }
    }

    /**
     * Asserts a flattened document's values: {@code keyValues} alternates a path and the text it must hold. Each
     * failure names its path.
     */
    static void assertEntries(final Map<String, String> actual, final String... keyValues)
    {
        assertEquals(0, keyValues.length % 2, "path and value pairs expected");
        for (int i = 0; i < keyValues.length; i += 2)
        {
            assertEquals(keyValues[i + 1], actual.get(keyValues[i]), keyValues[i]);
        }
    }
}

package io.noctria.codecs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Reads the formatter's output back for assertions: JSON with a real parser (so invalid escaping fails), text by
 * its documented grammar ({@code index time type name=value...}, values either bare or a quoted JSON string).
 */
final class FormattedOutput
{
    private static final JsonFactory JSON = new JsonFactory();

    private FormattedOutput()
    {
    }

    /**
     * @return a flat JSON object's members in order: strings as {@link String}, numbers as
     * {@link java.math.BigDecimal} (scale kept, so 1.50 differs from 1.5), null as null.
     */
    static LinkedHashMap<String, Object> jsonObject(final String json)
    {
        try (JsonParser parser = JSON.createParser(json))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                throw new IllegalArgumentException("not a JSON object: " + json);
            }
            final LinkedHashMap<String, Object> members = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME)
            {
                final String name = parser.currentName();
                parser.nextToken();
                if (members.containsKey(name))
                {
                    throw new IllegalArgumentException("duplicate key " + name + " in " + json);
                }
                members.put(name, scalar(parser, json));
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null)
            {
                throw new IllegalArgumentException("trailing content after the object: " + json);
            }
            return members;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("invalid JSON: " + json, ex);
        }
    }

    /** @return one JSON literal (as written in {@link MessageSamples}) as {@link #jsonObject} represents it. */
    static Object jsonValue(final String literal)
    {
        return jsonObject("{\"v\":" + literal + "}").get("v");
    }

    /**
     * Splits a text line into its leading words ({@code index}, time, type) and its {@code name=value} pairs.
     *
     * @param line      one formatted line.
     * @param headWords how many space-separated words precede the pairs.
     * @return head words followed by a map of name to the raw value (quoted values keep their quotes).
     */
    static TextLine textLine(final String line, final int headWords)
    {
        final List<String> head = new ArrayList<>();
        final LinkedHashMap<String, String> pairs = new LinkedHashMap<>();
        int i = 0;
        for (int w = 0; w < headWords; w++)
        {
            final int space = line.indexOf(' ', i);
            final int end = space < 0 ? line.length() : space;
            head.add(line.substring(i, end));
            i = end + 1;
        }
        while (i < line.length())
        {
            final int equals = line.indexOf('=', i);
            if (equals < 0)
            {
                throw new IllegalArgumentException("no name=value at " + i + ": " + line);
            }
            final String name = line.substring(i, equals);
            int end = equals + 1;
            if (end < line.length() && line.charAt(end) == '"')
            {
                end++;
                while (line.charAt(end) != '"')
                {
                    end += line.charAt(end) == '\\' ? 2 : 1;
                }
                end++;
            }
            else
            {
                while (end < line.length() && line.charAt(end) != ' ')
                {
                    end++;
                }
            }
            if (pairs.put(name, line.substring(equals + 1, end)) != null)
            {
                throw new IllegalArgumentException("duplicate name " + name + ": " + line);
            }
            i = end + 1;
        }
        return new TextLine(head, pairs);
    }

    private static Object scalar(final JsonParser parser, final String json) throws IOException
    {
        switch (parser.currentToken())
        {
            case VALUE_STRING: return parser.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return parser.getDecimalValue();
            case VALUE_NULL: return null;
            default: throw new IllegalArgumentException("not a scalar: " + parser.currentToken() + " in " + json);
        }
    }

    /** A parsed text line. */
    static final class TextLine
    {
        final List<String> head;
        final LinkedHashMap<String, String> pairs;

        TextLine(final List<String> head, final LinkedHashMap<String, String> pairs)
        {
            this.head = head;
            this.pairs = pairs;
        }
    }
}

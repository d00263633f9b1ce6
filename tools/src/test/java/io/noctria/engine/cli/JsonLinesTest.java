package io.noctria.engine.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonLinesTest
{
    @Test
    void shouldNumberLinesAndKeepReadingAfterInvalidUtf8()
    {
        final byte[] input = { 'a', '\n', 'b', (byte)0xFF, 'c', '\n', '\n', 'd', '\r', '\n', 'e' };
        assertEquals(List.of("1:a", "2!line is not valid UTF-8: byte 0xFF at byte 2 of the line", "3:", "4:d", "5:e"),
            read(new ByteArrayInputStream(input)));
    }

    @Test
    void shouldSkipAByteOrderMarkOnlyAtTheStart()
    {
        final byte[] input = { (byte)0xEF, (byte)0xBB, (byte)0xBF, 'x', '\n', 'y' };
        assertEquals(List.of("1:x", "2:y"), read(new ByteArrayInputStream(input)));
    }

    @Test
    void shouldRefuseOverLongLinesAndResumeAtTheNextOne()
    {
        final byte[] input = new byte[JsonLines.MAX_LINE_BYTES + 3 + 2];
        java.util.Arrays.fill(input, (byte)'x');
        input[JsonLines.MAX_LINE_BYTES + 1] = '\n';
        input[JsonLines.MAX_LINE_BYTES + 2] = 'o';
        input[JsonLines.MAX_LINE_BYTES + 3] = 'k';
        input[JsonLines.MAX_LINE_BYTES + 4] = '\n';
        assertEquals(List.of("1!line of 65537 bytes is longer than the 65536-byte limit", "2:ok"),
            read(new ByteArrayInputStream(input)));
        final byte[] exactly = new byte[JsonLines.MAX_LINE_BYTES + 2];
        java.util.Arrays.fill(exactly, (byte)'x');
        exactly[JsonLines.MAX_LINE_BYTES] = '\r';
        exactly[JsonLines.MAX_LINE_BYTES + 1] = '\n';
        assertEquals(1, read(new ByteArrayInputStream(exactly)).size());
        assertEquals(JsonLines.MAX_LINE_BYTES + 2, read(new ByteArrayInputStream(exactly)).get(0).length(),
            "a line of exactly the limit, CRLF ended, is read whole");
    }

    @Test
    void shouldReadLinesThatSpanManyReads()
    {
        // One byte per read: line assembly must not depend on how the stream is chunked.
        final InputStream trickle = new ByteArrayInputStream("first\nsecond line\n".getBytes())
        {
            @Override
            public synchronized int read(final byte[] b, final int off, final int len)
            {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        assertEquals(List.of("1:first", "2:second line"), read(trickle));
    }

    private static List<String> read(final InputStream in)
    {
        final List<String> lines = new ArrayList<>();
        final JsonLines reader = new JsonLines(in);
        try
        {
            while (reader.next())
            {
                lines.add(reader.lineNumber() + (reader.line() != null ? ":" + reader.line() : "!" + reader.error()));
            }
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
        return lines;
    }
}

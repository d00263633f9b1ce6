package io.noctria.engine.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream of JSON lines into numbered lines for {@code submit}, so one unreadable line
 * is reported with its number and the lines after it are still read.
 * <p>
 * A reader over a {@code Reader} cannot do that: a strict UTF-8 decoder throws on the first invalid
 * byte and loses the rest of the file with no line number, a lenient one silently turns the byte
 * into U+FFFD. Here each line is decoded on its own: invalid UTF-8 or a line longer than
 * {@link #MAX_LINE_BYTES} makes that line bad (with {@link #error()} saying why) and reading goes on
 * at the next line. Lines end at {@code \n}; a {@code \r} before it is dropped; a UTF-8 byte order
 * mark at the very start is skipped.
 */
final class JsonLines
{
    /** Longest line accepted: far above any order request (a few hundred bytes), bounding memory. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final byte[] chunk = new byte[CHUNK];
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] lineBytes = new byte[1024];
    private int lineLength;
    private long lineTotal;
    private int chunkPosition;
    private int chunkLimit;
    private boolean endOfInput;
    private long lineNumber;
    private String line;
    private String error;

    JsonLines(final InputStream in)
    {
        this.in = in;
    }

    /**
     * Reads the next line.
     *
     * @return false at the end of the input; otherwise either {@link #line()} or {@link #error()} is set.
     */
    boolean next() throws IOException
    {
        line = null;
        error = null;
        lineLength = 0;
        lineTotal = 0;
        boolean sawAny = false;
        while (true)
        {
            if (chunkPosition == chunkLimit)
            {
                if (endOfInput || !fill())
                {
                    if (!sawAny)
                    {
                        return false;
                    }
                    break;
                }
            }
            sawAny = true;
            final int newline = indexOfNewline();
            final int end = newline < 0 ? chunkLimit : newline;
            append(chunkPosition, end - chunkPosition);
            chunkPosition = newline < 0 ? chunkLimit : newline + 1;
            if (newline >= 0)
            {
                break;
            }
        }
        lineNumber++;
        finishLine();
        return true;
    }

    /** @return the 1-based number of the line last read. */
    long lineNumber()
    {
        return lineNumber;
    }

    /** @return the decoded line, or null when it could not be read ({@link #error()} says why). */
    String line()
    {
        return line;
    }

    /** @return why the last line could not be read, or null when it was. */
    String error()
    {
        return error;
    }

    private boolean fill() throws IOException
    {
        final int read = in.read(chunk, 0, CHUNK);
        if (read < 0)
        {
            endOfInput = true;
            return false;
        }
        chunkPosition = 0;
        chunkLimit = read;
        if (0 == lineNumber && 0 == lineTotal && read >= 3 &&
            (chunk[0] & 0xFF) == 0xEF && (chunk[1] & 0xFF) == 0xBB && (chunk[2] & 0xFF) == 0xBF)
        {
            // A byte order mark written by some Windows tools: not part of the first line's JSON.
            chunkPosition = 3;
        }
        return true;
    }

    private int indexOfNewline()
    {
        for (int i = chunkPosition; i < chunkLimit; i++)
        {
            if (chunk[i] == '\n')
            {
                return i;
            }
        }
        return -1;
    }

    private void append(final int from, final int count)
    {
        lineTotal += count;
        final int room = MAX_LINE_BYTES + 1 - lineLength;
        final int copy = Math.min(count, Math.max(room, 0));
        if (copy > 0)
        {
            if (lineLength + copy > lineBytes.length)
            {
                lineBytes = Arrays.copyOf(lineBytes, Math.min(MAX_LINE_BYTES + 1,
                    Math.max(lineBytes.length * 2, lineLength + copy)));
            }
            System.arraycopy(chunk, from, lineBytes, lineLength, copy);
            lineLength += copy;
        }
    }

    private void finishLine()
    {
        // A CR before the LF belongs to the line ending; when the line was cut at the limit it is over-long anyway.
        final boolean carriageReturn = lineTotal == lineLength && lineLength > 0 && lineBytes[lineLength - 1] == '\r';
        final long contentBytes = carriageReturn ? lineTotal - 1 : lineTotal;
        if (contentBytes > MAX_LINE_BYTES)
        {
            error = "line of " + contentBytes + " bytes is longer than the " + MAX_LINE_BYTES + "-byte limit";
            return;
        }
        final int length = (int)contentBytes;
        final ByteBuffer bytes = ByteBuffer.wrap(lineBytes, 0, length);
        final CharBuffer chars = CharBuffer.allocate(length);
        decoder.reset();
        CoderResult result = decoder.decode(bytes, chars, true);
        if (!result.isError())
        {
            result = decoder.flush(chars);
        }
        if (result.isError())
        {
            error = "line is not valid UTF-8: byte 0x" + String.format("%02X", lineBytes[bytes.position()] & 0xFF) +
                " at byte " + (bytes.position() + 1) + " of the line";
            return;
        }
        chars.flip();
        line = chars.toString();
    }
}

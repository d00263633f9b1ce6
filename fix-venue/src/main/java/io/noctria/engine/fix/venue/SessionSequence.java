package io.noctria.engine.fix.venue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The venue session's next incoming and outgoing MsgSeqNum, kept in a file so a restarted {@code fix-venue} continues
 * the numbering the engine's FIX store expects (the engine does not reset at logon by default). Philadelphia keeps
 * sequence numbers in memory only; this is the venue's store for them. One line of text, {@code "<in> <out>\n"} with
 * fixed-width numbers, rewritten in place through a memory map: a kill -9 leaves the last numbers in the page cache,
 * a power loss may lose the last few (then the engine's resend request or an operator's reset applies).
 */
final class SessionSequence implements AutoCloseable
{
    private static final int WIDTH = 19;
    private static final int RECORD = 2 * WIDTH + 2;

    private final Path file;
    private final FileChannel channel;
    private final MappedByteBuffer record;
    private long nextIn;
    private long nextOut;

    /**
     * Opens (or creates, at 1 and 1) the sequence file.
     *
     * @throws UncheckedIOException when the file cannot be opened.
     * @throws IllegalStateException naming the file and its content when it does not hold two sequence numbers.
     */
    SessionSequence(final Path file)
    {
        this.file = file;
        try
        {
            Files.createDirectories(file.getParent());
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            this.record = channel.map(FileChannel.MapMode.READ_WRITE, 0, RECORD);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("fix-venue sequence file " + file + ": " + ex.getMessage(), ex);
        }
        final byte[] bytes = new byte[RECORD];
        record.get(0, bytes);
        final String text = new String(bytes, StandardCharsets.US_ASCII);
        if (bytes[0] == 0)
        {
            store(1, 1);
        }
        else
        {
            final String[] numbers = text.trim().split(" ");
            try
            {
                nextIn = Long.parseLong(numbers[0].trim());
                nextOut = Long.parseLong(numbers[1].trim());
            }
            catch (final RuntimeException ex)
            {
                throw new IllegalStateException("fix-venue sequence file " + file + " holds \"" + text.trim() +
                    "\", not \"<next in> <next out>\": delete it to start both sides at 1 (and the engine's store)");
            }
            if (nextIn < 1 || nextOut < 1)
            {
                throw new IllegalStateException("fix-venue sequence file " + file + " holds \"" + text.trim() +
                    "\": sequence numbers start at 1");
            }
        }
    }

    long nextIn()
    {
        return nextIn;
    }

    long nextOut()
    {
        return nextOut;
    }

    /** Records the session's next sequence numbers when they changed. */
    void store(final long in, final long out)
    {
        if (in == nextIn && out == nextOut)
        {
            return;
        }
        nextIn = in;
        nextOut = out;
        put(0, in);
        record.put(WIDTH, (byte)' ');
        put(WIDTH + 1, out);
        record.put(RECORD - 1, (byte)'\n');
    }

    private void put(final int at, final long value)
    {
        long rest = value;
        for (int i = WIDTH - 1; i >= 0; i--)
        {
            record.put(at + i, (byte)('0' + rest % 10));
            rest /= 10;
        }
    }

    @Override
    public void close()
    {
        try
        {
            record.force();
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("closing " + file + ": " + ex.getMessage(), ex);
        }
    }
}

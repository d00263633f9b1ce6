package io.noctria.engine.fix.venue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code orders-received.txt}: the venue-side record of every D, F and G, one line each, flushed as written:
 * {@code <ClOrdID> <MsgSeqNum> <PossDupFlag Y|N> <outcome>}, the outcome {@code taken}, {@code resend-dropped} or
 * {@code duplicate-refused}. Tests compare ClOrdIDs against it; at start the venue reads back the ClOrdIDs its earlier
 * lives took, so that it keeps ClOrdIDs unique across its restarts (a line cut off by a kill is skipped: that
 * message was never answered).
 */
final class OrdersReceived implements AutoCloseable
{
    /** The record's file name under the venue's data directory. */
    static final String FILE = "orders-received.txt";

    private final Path file;
    private final Set<String> takenBefore;
    private final BufferedWriter out;

    /** @throws UncheckedIOException naming the file when it cannot be read or opened for appending. */
    OrdersReceived(final Path dataDir)
    {
        this.file = dataDir.resolve(FILE);
        try
        {
            Files.createDirectories(dataDir);
            this.takenBefore = takenBefore(file);
            this.out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("fix-venue data directory " + dataDir + ": " + ex.getMessage(), ex);
        }
    }

    /** @return true when an earlier life of the venue took {@code clOrdId}. */
    boolean takenBefore(final String clOrdId)
    {
        return takenBefore.contains(clOrdId);
    }

    void record(final String clOrdId, final long msgSeqNum, final boolean possDup, final String outcome)
    {
        try
        {
            out.write(clOrdId + " " + msgSeqNum + " " + (possDup ? "Y" : "N") + " " + outcome + "\n");
            out.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(file + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public void close() throws IOException
    {
        out.close();
    }

    private static Set<String> takenBefore(final Path file) throws IOException
    {
        final Set<String> taken = new HashSet<>();
        if (Files.exists(file))
        {
            for (final String line : Files.readAllLines(file, StandardCharsets.US_ASCII))
            {
                final String[] fields = line.split(" ");
                if (fields.length == 4 && fields[3].equals("taken"))
                {
                    taken.add(fields[0]);
                }
            }
        }
        return taken;
    }
}
